/**
 * processed/dedup/methods.md: the deduplication as a methods section states it — how many
 * records went in and how many clusters came out, the review.json policy in effect for each
 * kind of notice (and whether it is the default, which a newer srpipe may change), and how many
 * records each rule joined to their cluster: the counts of clusters.csv's `rule` column, so the
 * text and the table never disagree.
 */
import { writeFileAtomic } from "../io/atomic-write.js";
import type { DedupePolicy } from "../dedupe/policy.js";
import { DEFAULT_DEDUPE_POLICY, POLICY_SUBJECTS } from "../protocol/dedupe.js";
import { compareStrings } from "../record-csv.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";
import { inDedupFolder } from "./dedup-folder.js";

export const dedupMethodsMd = fileArtefact(inDedupFolder("methods.md"));

export interface DedupMethods {
  version: string;
  records: number;
  clusters: number;
  studies: number;
  reviewPairs: number;
  reviewerDecisions: number;
  linkPreprints: boolean;
  policy: DedupePolicy;
  /** Per rule as clusters.csv names it, the records it joined to their cluster. */
  joinedByRule: ReadonlyMap<string, number>;
}

const n = (value: number) => value.toLocaleString("en");

export function dedupMethodsText(m: DedupMethods): string {
  const duplicates = m.records - m.clusters;
  const lines = [
    "# Deduplication",
    "",
    `${n(m.records)} records were deduplicated with srpipe ${m.version}: ${n(m.clusters)} unique records remain ` +
      `(${n(duplicates)} duplicates removed), ${n(m.studies)} studies. ` +
      `${n(m.reviewPairs)} ${m.reviewPairs === 1 ? "pair waits" : "pairs wait"} for a reviewer in review.csv; ` +
      `${n(m.reviewerDecisions)} reviewer ${m.reviewerDecisions === 1 ? "decision was" : "decisions were"} applied (raw/overrides/duplicates.csv).`,
    "",
    "Policy (review.json `dedupe.policy`):",
    "",
  ];
  for (const key of Object.keys(POLICY_SUBJECTS) as (keyof DedupePolicy)[]) {
    const set = m.policy[key] === DEFAULT_DEDUPE_POLICY[key] ? "the default" : "set in review.json";
    lines.push(`- \`${key}\`: **${m.policy[key]}** (${set}) — ${POLICY_SUBJECTS[key]}`);
  }
  lines.push(
    `- preprints and their journal versions: ${m.linkPreprints ? "linked as two reports of one study (the default)" : "kept as studies of their own (review.json `dedupe.linkPreprints`)"}`,
    "",
    "Records joined to their cluster, by the rule that joined them (clusters.csv `rule`; `srpipe dedupe --help` describes each):",
    "",
    "| rule | records |",
    "|---|---|",
  );
  const rules = [...m.joinedByRule].sort((x, y) => y[1] - x[1] || compareStrings(x[0], y[0]));
  for (const [rule, count] of rules) lines.push(`| ${rule} | ${n(count)} |`);
  if (rules.length === 0) lines.push("| (none) | 0 |");
  return `${lines.join("\n")}\n`;
}

export async function writeDedupMethodsMd(workspace: Workspace, methods: DedupMethods): Promise<void> {
  await writeFileAtomic(artefactPath(workspace, dedupMethodsMd), dedupMethodsText(methods));
}
