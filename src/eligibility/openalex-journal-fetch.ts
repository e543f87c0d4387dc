/**
 * `srpipe journals fetch`: the eligibility journal list built from OpenAlex sources, so the
 * citation threshold works without a Scopus subscription. Every page is checked (it parses,
 * the same total as the first, every source id once); the list is written only when whole, as
 * a new JSON Lines file in raw/journals/ with a MANIFEST row saying when and with what query
 * it was retrieved. The eligibility stage reads it with the OpenAlex sources reader
 * (src/eligibility/lists/openalex-json.ts).
 */
import { compactStamp } from "../io/stamp-clock.js";
import { appendJournalsManifestRow, openalexJournalListFile } from "../artefacts/journal-list-files.js";
import { artefactPath } from "../artefacts/artefact.js";
import { SrpipeError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { sha256 } from "../io/hash.js";
import { HttpClient, type HttpResponse, type HttpSettings, type RateLimit } from "../io/http.js";
import { startProgress, type Logger } from "../log.js";
import { SECRET_ENV_NAMES, type Env } from "../sources/api-source.js";
import type { JsonObject } from "../sources/json-api-page.js";
import { OPENALEX_RATE } from "../sources/openalex-api.js";
import {
  openalexSourcesQuery,
  sourcesPageRequest,
  sourcesQueryUrl,
  type SourcesPage,
} from "../sources/openalex-sources-api.js";
import { srpipeVersion } from "../version.js";
import type { Workspace } from "../workspace.js";

export interface JournalFetchSettings {
  env?: Env;
  http?: Partial<HttpSettings>;
  rate?: RateLimit;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface JournalFetchResult {
  /** Workspace-relative path of the list written. */
  file: string;
  sources: number;
  requests: number;
  retrievedAt: string;
}

/** `S137773608` → 137773608, so the list is in one stable order whatever order the pages came in. */
function sourceNumber(source: JsonObject): number {
  return Number(String(source.id).replace(/^https:\/\/openalex\.org\/S/, ""));
}

export async function fetchOpenalexJournalList(
  workspace: Workspace,
  log: Logger,
  options: { filter: string | null },
  settings: JournalFetchSettings = {},
): Promise<JournalFetchResult> {
  const env = settings.env ?? process.env;
  const query = openalexSourcesQuery(env, options.filter);
  const http = new HttpClient({
    userAgent: `srpipe/${srpipeVersion()} (systematic review pipeline; Node ${process.version})`,
    ...(settings.http ? { settings: settings.http } : {}),
    ...(settings.signal ? { signal: settings.signal } : {}),
    onRetry: (n) => log.warn(`retrying ${n.url} (${n.reason}; attempt ${n.attempt} of ${n.attempts})`),
  });
  for (const name of SECRET_ENV_NAMES) {
    const value = env[name]?.trim();
    if (value) http.addSecret(value);
  }
  http.limit(query.endpoint, settings.rate ?? OPENALEX_RATE);
  const retrievedAt = (settings.now ?? (() => new Date()))();
  log.info(
    `fetching OpenAlex sources (${query.filter}) from ${query.endpoint}${env.OPENALEX_MAILTO?.trim() ? ", polite pool" : ", common pool (set OPENALEX_MAILTO for the polite pool)"}`,
  );
  const byId = new Map<string, JsonObject>();
  let total: number | null = null;
  let cursor: string | null = "*";
  let pages = 0;
  let progress: ReturnType<typeof startProgress> | null = null;
  try {
    while (cursor !== null) {
      const response: HttpResponse<SourcesPage> = await http.get(sourcesPageRequest(query, cursor));
      pages++;
      const page: SourcesPage = response.value;
      if (total === null) {
        total = page.total;
        progress = startProgress(log, "fetching journals", "source", total);
      } else if (page.total !== total) {
        throw new SrpipeError(
          "input",
          `OpenAlex reported ${total.toLocaleString("en")} sources for the filter, then ${page.total.toLocaleString("en")} on page ${pages}: the list changed while it was read; run \`srpipe journals fetch\` again`,
        );
      }
      for (const source of page.sources) {
        const id = String(source.id);
        if (byId.has(id))
          throw new SrpipeError(
            "input",
            `OpenAlex served source ${id} twice (page ${pages}); the cursor pages overlap`,
          );
        byId.set(id, source);
      }
      progress?.update(byId.size);
      cursor = page.sources.length === 0 ? null : page.nextCursor;
    }
  } finally {
    progress?.end();
    await http.close();
  }
  if (byId.size !== total) {
    throw new SrpipeError(
      "input",
      `OpenAlex reported ${(total ?? 0).toLocaleString("en")} sources for the filter but served ${byId.size.toLocaleString("en")}: the list is incomplete and was not saved`,
    );
  }
  const sources = [...byId.values()].sort((a, b) => sourceNumber(a) - sourceNumber(b));
  const text = http.redact(sources.map((s) => JSON.stringify(s)).join("\n") + (sources.length ? "\n" : ""));
  const artefact = openalexJournalListFile(compactStamp(retrievedAt));
  await writeFileAtomic(artefactPath(workspace, artefact), text);
  await appendJournalsManifestRow(workspace, {
    path: artefact.path.replace(/^raw\/journals\//, ""),
    source_repo: `OpenAlex API (${new URL(query.endpoint).host})`,
    repo_path: sourcesQueryUrl(query),
    commit: `retrieved ${retrievedAt.toISOString()}`,
    license: "CC0 1.0 (OpenAlex data)",
    record_count: String(sources.length),
    notes:
      `srpipe journals fetch (srpipe ${srpipeVersion()}), cursor paging, ${pages} requests; sha256 ${sha256(text)}. ` +
      "One OpenAlex source per line, selected fields, in OpenAlex id order. counts_by_year gives citations received per calendar year " +
      "(the last ten years) by all works of the source, not Scopus's CiteScore count (citations in the window to documents of the window); " +
      "subject areas are OpenAlex topics (domain, field, subfield), not Scopus ASJC areas.",
  });
  log.info(
    `wrote ${artefact.path}: ${sources.length.toLocaleString("en")} sources, and its row in raw/journals/MANIFEST.tsv`,
  );
  return { file: artefact.path, sources: sources.length, requests: pages, retrievedAt: retrievedAt.toISOString() };
}
