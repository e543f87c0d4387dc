/**
 * The counts behind the stage's summary line and processed/eligibility/summary.json, each
 * computed from the decisions written to kept.csv and excluded.csv, so PRISMA's "records
 * removed by the journal threshold" and the branch sizes can be traced back to rows.
 */
import type { EligibilityConfig } from "../protocol/eligibility.js";
import {
  EXCLUSION_REASONS,
  journalVerdict,
  thresholdRule,
  type EligibilityDecision,
  type ExclusionReason,
} from "./decide.js";
import type { ListJournal } from "./journal-list.js";
import type { ListFileSummary } from "./read-lists.js";

export const ELIGIBILITY_SUMMARY_SCHEMA_VERSION = 1;

export interface EligibilityCounts {
  records: number;
  /** Records the threshold was applied to (the "9,851 other databases"). */
  thresholdRecords: number;
  /** Of those, kept on a threshold branch. */
  thresholdKept: number;
  excluded: { [reason in ExclusionReason]: number };
  /** Kept records per branch, in review.json order. */
  branches: { id: string; filter: string; kept: number }[];
}

export function countDecisions(
  decisions: readonly EligibilityDecision[],
  config: EligibilityConfig | null,
): EligibilityCounts {
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as { [reason in ExclusionReason]: number };
  const kept = new Map<string, number>();
  let thresholdRecords = 0;
  let thresholdKept = 0;
  const thresholdBranches = new Set(
    (config?.branches ?? []).filter((b) => b.filter === "journal-threshold").map((b) => b.id),
  );
  for (const d of decisions) {
    if (d.lookup !== null) {
      thresholdRecords++;
      if (d.kept && thresholdBranches.has(d.branch)) thresholdKept++;
    }
    if (d.kept) kept.set(d.branch, (kept.get(d.branch) ?? 0) + 1);
    else if (d.reason) excluded[d.reason]++;
  }
  const declared = config?.branches.map((b) => ({ id: b.id, filter: b.filter })) ?? [{ id: "main", filter: "none" }];
  return {
    records: decisions.length,
    thresholdRecords,
    thresholdKept,
    excluded,
    branches: declared.map((b) => ({ ...b, kept: kept.get(b.id) ?? 0 })),
  };
}

/** How many list journals qualify: the reference review's "509 journals". */
export function qualifyingJournals(journals: readonly ListJournal[], config: EligibilityConfig): number {
  const rule = thresholdRule(config);
  return journals.filter((j) => journalVerdict(j, rule) === "qualifies").length;
}

const n = (value: number): string => value.toLocaleString("en");

/** "kept 1,824 of 9,851 (journal threshold 13,000 citations): 7,027 journal below threshold, 1,000 journal not in list; arxiv branch 917" */
export function summaryLine(counts: EligibilityCounts, config: EligibilityConfig | null): string {
  if (config === null) return `kept ${n(counts.records)} of ${n(counts.records)} (no journal threshold in review.json)`;
  const rule = thresholdRule(config);
  const reasons = EXCLUSION_REASONS.map((r) => `${n(counts.excluded[r])} ${r}`).join(", ");
  const bypass = counts.branches
    .filter((b) => b.filter === "none")
    .map((b) => `; ${b.id} branch ${n(b.kept)}`)
    .join("");
  return `kept ${n(counts.thresholdKept)} of ${n(counts.thresholdRecords)} (journal threshold ${n(rule.threshold)} ${rule.metricName}): ${reasons}${bypass}`;
}

/** processed/eligibility/summary.json: the settings applied, the lists read, and the counts. */
export function summaryDocument(
  counts: EligibilityCounts,
  config: EligibilityConfig | null,
  lists: { files: readonly ListFileSummary[]; journals: readonly ListJournal[] } | null,
): string {
  const document = {
    schemaVersion: ELIGIBILITY_SUMMARY_SCHEMA_VERSION,
    threshold: config
      ? {
          metric: config.metric,
          value: config.threshold,
          subjectAreas: config.subjectAreas,
          retrieved: config.retrieved,
        }
      : null,
    lists: lists
      ? {
          files: lists.files,
          journals: lists.journals.length,
          qualifying: config ? qualifyingJournals(lists.journals, config) : 0,
        }
      : null,
    records: {
      total: counts.records,
      threshold: counts.thresholdRecords,
      thresholdKept: counts.thresholdKept,
      excluded: counts.excluded,
    },
    branches: counts.branches,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
