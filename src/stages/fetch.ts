/**
 * The fetch stage: every API search in queries/ (PubMed, arXiv) saved, page by page as it
 * arrives, in a new snapshot under raw/searches/<database>/<query>/<UTC stamp>/; `import`
 * reads only complete snapshots. The work is in src/fetch/: date windows, the slice planner,
 * the snapshot, the record checks, one query's fetch and the runner.
 */
import { formatCount } from "../fetch/progress-line.js";
import type { QueryOutcome } from "../fetch/query-fetch.js";
import { runFetch } from "../fetch/run.js";
import { queriesFolder, reviewJson } from "../artefacts/protocol-files.js";
import { searchesFolder } from "../artefacts/raw-folders.js";
import type { Stage, StageResult } from "./stage.js";

/** `pubmed-q, arxiv-models/gpt` or, for many strings of one query file, `arxiv-models (14 strings)`. */
function failedSearches(failed: readonly QueryOutcome[]): string {
  const byQuery = new Map<string, QueryOutcome[]>();
  for (const outcome of failed) byQuery.set(outcome.queryId, [...(byQuery.get(outcome.queryId) ?? []), outcome]);
  return [...byQuery]
    .map(([queryId, outcomes]) => {
      const strings = outcomes.flatMap((o) => (o.stringId === undefined ? [] : [o.stringId]));
      if (strings.length === 0) return queryId;
      return strings.length === 1 ? `${queryId}/${strings[0]}` : `${queryId} (${strings.length} strings)`;
    })
    .join(", ");
}

export function fetchSummary(outcomes: readonly QueryOutcome[]): StageResult {
  const complete = outcomes.filter((o) => o.status === "complete");
  const failed = outcomes.filter((o) => o.status === "failed");
  const records = complete.reduce((n, o) => n + o.records, 0);
  let summary = `${formatCount(records)} records from ${complete.length} ${complete.length === 1 ? "search" : "searches"}`;
  if (failed.length) summary += `, ${failed.length} failed (${failedSearches(failed)})`;
  return { summary, problems: failed.length };
}

export const fetchStage: Stage = {
  name: "fetch",
  description: `run the API searches in ${queriesFolder.path}/ (PubMed, arXiv) and save every response page under ${searchesFolder.path}/`,
  inputs: () => [reviewJson, queriesFolder],
  outputs: () => [searchesFolder],
  async run(context): Promise<StageResult> {
    return fetchSummary(await runFetch(context));
  },
};
