/**
 * The eligibility decision for each unique record (one cluster of duplicates): which branch it
 * goes down and, on a `journal-threshold` branch, whether its journal is in the list at or
 * above the threshold. Values in, values out.
 *
 * Branches. A branch with `databases` claims the clusters whose records come from those
 * databases; the one branch without `databases` takes every other record. A cluster whose
 * records all come from claimed databases (an arXiv-only cluster) goes down the claiming
 * branch. A merged cluster with records from both (an arXiv preprint and its journal version)
 * is tried on the threshold first: it goes down the journal branch when its journal
 * qualifies, and down the bypass branch (arXiv) when it does not, so the preprint is not lost
 * because of where its journal version appeared.
 *
 * Journals. A journal qualifies when the list gives it a metric at or above the threshold and,
 * when review.json names subject areas, lists it in one of them. A journal outside the subject
 * areas is not one of the review's journals: its records are "journal not in list". A journal
 * the list gives no value for cannot be shown to reach the threshold: "journal below threshold".
 */
import type { BranchConfig, EligibilityConfig } from "../protocol/eligibility.js";
import type { UniqueRecord } from "../unique-csv.js";
import type { JournalIndex, JournalMatch, MatchMethod } from "./journal-index.js";
import type { ListJournal } from "./journal-list.js";
import { titleKey } from "./journal-title.js";

/**
 * The reasons written to excluded.csv. PRISMA counts them by name (src/prisma/count.ts): below
 * the threshold is "marked as ineligible by automation tools", not in the list is "other reasons".
 */
export const EXCLUSION_REASON = {
  belowThreshold: "journal below threshold",
  notInList: "journal not in list",
} as const;
export const EXCLUSION_REASONS = [EXCLUSION_REASON.belowThreshold, EXCLUSION_REASON.notInList] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** The branch every record goes down when review.json has no `eligibility` section. */
export const MAIN_BRANCH = "main";

export type JournalVerdict = "qualifies" | "below-threshold" | "no-value" | "outside-areas";

export interface JournalLookup {
  match: MatchMethod | null;
  /** The list journal found, or every candidate of an ambiguous match. */
  journals: ListJournal[];
  /** Null when the journal was not found (or found ambiguously with different verdicts). */
  verdict: JournalVerdict | null;
  /** One sentence for the `detail` column: what was compared with what. */
  detail: string;
}

export interface EligibilityDecision {
  unique: UniqueRecord;
  branch: string;
  kept: boolean;
  reason: ExclusionReason | null;
  /** The journal lookup, when a threshold branch applied; null for bypass-only clusters and without a threshold. */
  lookup: JournalLookup | null;
}

export interface ThresholdRule {
  threshold: number;
  /** What summaries call the metric ("citations"). */
  metricName: string;
  subjectAreas: string[];
}

export function thresholdRule(config: EligibilityConfig): ThresholdRule {
  return {
    threshold: config.threshold,
    metricName: config.metric.name ?? config.metric.column,
    subjectAreas: config.subjectAreas,
  };
}

const count = (n: number): string => n.toLocaleString("en");

export function journalVerdict(journal: ListJournal, rule: ThresholdRule): JournalVerdict {
  if (rule.subjectAreas.length > 0) {
    const wanted = new Set(rule.subjectAreas.map(titleKey));
    if (!journal.areas.some((area) => wanted.has(titleKey(area)))) return "outside-areas";
  }
  if (journal.metric === null) return "no-value";
  return journal.metric >= rule.threshold ? "qualifies" : "below-threshold";
}

function verdictText(journal: ListJournal, verdict: JournalVerdict, rule: ThresholdRule): string {
  switch (verdict) {
    case "qualifies":
      return `${count(journal.metric!)} ${rule.metricName} ≥ ${count(rule.threshold)}`;
    case "below-threshold":
      return `${count(journal.metric!)} ${rule.metricName} < ${count(rule.threshold)}`;
    case "no-value":
      return `the list gives no ${rule.metricName} (counted as below ${count(rule.threshold)})`;
    case "outside-areas":
      return `listed in ${journal.areas.length ? journal.areas.join("; ") : "no subject area"}, none of ${rule.subjectAreas.join("; ")}`;
  }
}

function describeRecordJournal(record: UniqueRecord["record"]): string {
  const parts: string[] = [];
  if (record.journal) parts.push(`"${record.journal}"`);
  if (record.journalAbbrev && record.journalAbbrev !== record.journal) parts.push(`"${record.journalAbbrev}"`);
  const issns = [record.issn, record.eissn].filter((v): v is string => v !== null);
  if (issns.length) parts.push(`ISSN ${issns.join(", ")}`);
  return parts.join(", ");
}

/** Look the record's journal up and say what the list makes of it. */
export function lookUpJournal(record: UniqueRecord["record"], index: JournalIndex, rule: ThresholdRule): JournalLookup {
  const described = describeRecordJournal(record);
  if (described === "")
    return { match: null, journals: [], verdict: null, detail: "the record names no journal and no ISSN" };
  const match: JournalMatch = index.match(record);
  if (match.kind === "none")
    return { match: null, journals: [], verdict: null, detail: `no list journal matches ${described}` };
  if (match.kind === "matched") {
    const verdict = journalVerdict(match.journal, rule);
    let detail = verdictText(match.journal, verdict, rule);
    const recordIssns = [record.issn, record.eissn].filter((v): v is string => v !== null);
    if (match.by !== "issn" && match.by !== "eissn" && recordIssns.length > 0 && match.journal.issns.length > 0) {
      detail += `; matched by ${match.by} although the list gives ISSN ${match.journal.issns.join(", ")}`;
    }
    return { match: match.by, journals: [match.journal], verdict, detail };
  }
  const verdicts = match.journals.map((journal) => journalVerdict(journal, rule));
  const same = verdicts.every((v) => v === verdicts[0]);
  const candidates = match.journals
    .map(
      (journal, i) =>
        `${journal.title} [${journal.sourceId ?? journal.locations[0]}]: ${verdictText(journal, verdicts[i]!, rule)}`,
    )
    .join(" | ");
  if (same) {
    return {
      match: match.by,
      journals: match.journals,
      verdict: verdicts[0]!,
      detail: `${match.journals.length} list journals match by ${match.by}, all with the same outcome: ${candidates}`,
    };
  }
  return {
    match: match.by,
    journals: match.journals,
    verdict: null,
    detail: `ambiguous: ${match.journals.length} list journals match ${described} by ${match.by}, with different outcomes (${candidates}); give the list the record's ISSN`,
  };
}

export function reasonFor(lookup: JournalLookup): ExclusionReason | null {
  switch (lookup.verdict) {
    case "qualifies":
      return null;
    case "below-threshold":
    case "no-value":
      return EXCLUSION_REASON.belowThreshold;
    default:
      return EXCLUSION_REASON.notInList;
  }
}

/** The branches a cluster may go down: those claiming one of its databases, and the default branch for the rest. */
export function candidateBranches(databases: readonly string[], branches: readonly BranchConfig[]): BranchConfig[] {
  const claimed = new Set(branches.flatMap((b) => b.databases ?? []));
  const out = branches.filter((b) => b.databases?.some((d) => databases.includes(d)));
  const unclaimed = databases.length === 0 || databases.some((d) => !claimed.has(d));
  const fallback = branches.find((b) => b.databases === undefined);
  if (unclaimed && fallback) out.unshift(fallback);
  return out;
}

export function decideRecord(
  unique: UniqueRecord,
  branches: readonly BranchConfig[],
  index: JournalIndex,
  rule: ThresholdRule,
): EligibilityDecision {
  const databases = unique.databases.length > 0 ? unique.databases : [unique.record.database];
  const candidates = candidateBranches(databases, branches);
  const threshold = candidates.filter((b) => b.filter === "journal-threshold");
  const bypass = candidates.filter((b) => b.filter === "none");
  if (threshold.length === 0) return { unique, branch: bypass[0]!.id, kept: true, reason: null, lookup: null };
  const lookup = lookUpJournal(unique.record, index, rule);
  const reason = reasonFor(lookup);
  if (reason === null) return { unique, branch: threshold[0]!.id, kept: true, reason: null, lookup };
  if (bypass.length > 0) {
    return {
      unique,
      branch: bypass[0]!.id,
      kept: true,
      reason: null,
      lookup: { ...lookup, detail: `${lookup.detail}; kept on the ${bypass[0]!.id} branch (${reason})` },
    };
  }
  return { unique, branch: threshold[0]!.id, kept: false, reason, lookup };
}

/** Without an `eligibility` section every record is kept, on the branch "main". */
export function keepAll(records: readonly UniqueRecord[]): EligibilityDecision[] {
  return records.map((unique) => ({ unique, branch: MAIN_BRANCH, kept: true, reason: null, lookup: null }));
}

/** `onDecided(done, total)` is told the records decided so far, for progress on large reviews. */
export function decideAll(
  records: readonly UniqueRecord[],
  config: EligibilityConfig,
  index: JournalIndex,
  onDecided?: (done: number, total: number) => void,
): EligibilityDecision[] {
  const rule = thresholdRule(config);
  const decisions = records.map((unique, i) => {
    if (onDecided && i % 1024 === 0) onDecided(i, records.length);
    return decideRecord(unique, config.branches, index, rule);
  });
  onDecided?.(records.length, records.length);
  return decisions;
}
