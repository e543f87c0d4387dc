/**
 * The dedupe stage: processed/records.csv → processed/dedup/{clusters,unique,review}.csv and methods.md,
 * honouring the reviewer's decisions in raw/overrides/duplicates.csv and the `dedupe`
 * section of review.json. The work is src/dedupe/'s; the files are src/artefacts/'.
 */
import { artefactPath } from "../artefacts/artefact.js";
import { clustersCsv } from "../artefacts/dedup-clusters-csv.js";
import { dedupFolder } from "../artefacts/dedup-folder.js";
import { dedupMethodsMd, writeDedupMethodsMd } from "../artefacts/dedup-methods-md.js";
import { dedupReviewCsv } from "../artefacts/dedup-review-csv.js";
import { uniqueCsv } from "../artefacts/dedup-unique-csv.js";
import { duplicatesOverridesCsv, readDuplicatesOverrides } from "../artefacts/duplicates-overrides-csv.js";
import { reviewJson } from "../artefacts/protocol-files.js";
import { readRecordsCsv, recordsCsv } from "../artefacts/records-csv.js";
import { counted } from "../log.js";
import { DEFAULT_POLICY } from "../dedupe/policy.js";
import { runDedupe, type RunDedupeSummary } from "../dedupe/run-dedupe.js";
import { srpipeVersion } from "../version.js";
import type { Stage, StageResult } from "./stage.js";

export const dedupeStage: Stage = {
  name: "dedupe",
  description: `find records of the same work in ${recordsCsv.path} and write ${dedupFolder.path}/ (clusters, unique records, pairs to review)`,
  inputs: () => [reviewJson, recordsCsv, duplicatesOverridesCsv],
  outputs: () => [clustersCsv, uniqueCsv, dedupReviewCsv, dedupMethodsMd],
  async run({ workspace, review, log }): Promise<StageResult> {
    const overridesText = await readDuplicatesOverrides(workspace);
    const linkPreprints = review.dedupe?.linkPreprints ?? true;
    const policy = review.dedupe?.policy ?? DEFAULT_POLICY;
    const summary = await runDedupe({
      records: readRecordsCsv(workspace),
      outDir: artefactPath(workspace, dedupFolder),
      outName: dedupFolder.path,
      overrides:
        overridesText === null ? null : { file: duplicatesOverridesCsv.path, text: overridesText, byRecordId: false },
      linkPreprints,
      policy,
      log,
    });
    await writeDedupMethodsMd(workspace, {
      version: srpipeVersion(),
      records: summary.records,
      clusters: summary.clusters,
      studies: summary.studies,
      reviewPairs: summary.reviewPairs,
      reviewerDecisions: summary.result.stats.overridesApplied,
      linkPreprints,
      policy,
      joinedByRule: joinedByRule(summary),
    });
    if (summary.records === 0) log.warn(`${recordsCsv.path} holds no records: nothing to deduplicate`);
    return {
      summary: `${counted(summary.clusters, "unique record")} from ${counted(summary.records, "record")}, ${counted(summary.reviewPairs, "pair")} to review`,
      problems: 0,
      // Pairs waiting in review.csv are work for a person, not a failure.
      pending: summary.reviewPairs,
    };
  },
};

/** Per rule, the records it joined to their cluster: clusters.csv's `rule` column, counted. */
function joinedByRule(summary: RunDedupeSummary): Map<string, number> {
  const counts = new Map<string, number>();
  for (const link of summary.result.linkOf) if (link) counts.set(link.rule, (counts.get(link.rule) ?? 0) + 1);
  return counts;
}
