/**
 * processed/screening/agreement.json: for each phase and each pair of reviewers, agreement on
 * the decision (overall and per branch) and on each exclusion reason, over the records both
 * reviewers of the pair have decided.
 *
 * - Decisions: the categories are the decision values review.json declares, so `maybe` is a
 *   category of its own (maybe against exclude is a disagreement) and q = 3 for PABAK and AC1.
 * - Reasons: for reason r, a 2 × 2 table of "gave r" against "did not" (an inclusion, a maybe
 *   without r or another reason), over the records of the branches where r is allowed.
 * - Records a reviewer has not decided yet are left out and counted as `awaiting`.
 */
import { allowedReasons, type ScreeningConfig } from "../protocol/screening.js";
import { agreementStatistics, crossTable, type AgreementStatistics, type AgreementTable } from "./agreement.js";
import type { PhaseOutcome } from "./phase.js";
import type { ReadDecision } from "./decision-validation.js";

export const AGREEMENT_SCHEMA_VERSION = 1;

export const AGREEMENT_METHOD = {
  subjects:
    "records both reviewers of the pair have decided; undecided records are counted as awaiting, not as a category",
  decisions: "categories are the declared decision values; maybe is a category of its own",
  reasons:
    "per reason r: a 2 x 2 table of 'gave r' against 'did not', over the records of the branches where r is allowed",
  percentAgreement: "100 * agreements / n",
  cohensKappa:
    "(po - pe) / (1 - pe), pe = sum of the products of the two reviewers' marginal proportions; null when pe = 1",
  pabak: "(q * po - 1) / (q - 1), q = number of categories",
  gwetsAc1:
    "(po - pe) / (1 - pe), pe = sum of pi_k (1 - pi_k) / (q - 1), pi_k = mean of the two reviewers' proportions in category k",
} as const;

const round = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 10_000);

/** The statistics as written: rounded, `undefinedBecause` only when something is undefined, and the table. */
interface StatisticsJson extends Omit<AgreementStatistics, "undefinedBecause"> {
  undefinedBecause?: AgreementStatistics["undefinedBecause"];
  /** rows: the first reviewer of the pair, columns: the second. */
  table: { [first: string]: { [second: string]: number } };
}

function statisticsJson(table: AgreementTable, stats: AgreementStatistics): StatisticsJson {
  const out: StatisticsJson = {
    n: stats.n,
    agreements: stats.agreements,
    percentAgreement: round(stats.percentAgreement),
    cohensKappa: round(stats.cohensKappa),
    pabak: round(stats.pabak),
    gwetsAc1: round(stats.gwetsAc1),
    table: Object.fromEntries(
      table.categories.map((a, i) => [
        a,
        Object.fromEntries(table.categories.map((b, j) => [b, table.counts[i]![j]!])),
      ]),
    ),
  };
  if (Object.keys(stats.undefinedBecause).length > 0) out.undefinedBecause = stats.undefinedBecause;
  return out;
}

function statsOf(pairs: [string, string][], categories: readonly string[]): StatisticsJson {
  const table = crossTable(pairs, categories);
  return statisticsJson(table, agreementStatistics(table));
}

interface Pairing {
  branch: string;
  a: ReadDecision;
  b: ReadDecision;
}

export function phaseAgreement(config: ScreeningConfig, outcome: PhaseOutcome) {
  const { reviewers, phase } = outcome;
  const branchOf = new Map(outcome.records.map((r) => [r.unique.clusterId, r.branch]));
  const counts = Object.fromEntries(
    reviewers.map((reviewer, i) => {
      const tally: { [decision: string]: number } = Object.fromEntries(
        [...config.decisions, "awaiting"].map((d) => [d, 0]),
      );
      for (const votes of outcome.votes.values()) tally[votes[i]!.decision?.decision ?? "awaiting"]!++;
      return [reviewer, tally];
    }),
  );
  const pairs = [];
  for (let i = 0; i < reviewers.length; i++) {
    for (let j = i + 1; j < reviewers.length; j++) {
      const both: Pairing[] = [];
      for (const [id, votes] of outcome.votes) {
        const a = votes[i]!.decision;
        const b = votes[j]!.decision;
        if (a !== null && b !== null) both.push({ branch: branchOf.get(id)!, a, b });
      }
      const decisionPairs = (list: Pairing[]) => list.map((p) => [p.a.decision, p.b.decision] as [string, string]);
      const branches = [...new Set(both.map((p) => p.branch))].sort();
      const reasons = config.reasons
        .map((r) => r.code)
        .filter((code) =>
          [...new Set(outcome.records.map((r) => r.branch))].some((branch) =>
            (allowedReasons(config, phase, branch) ?? []).includes(code),
          ),
        )
        .map((code) => {
          const within = both.filter((p) => (allowedReasons(config, phase, p.branch) ?? []).includes(code));
          const gave = (d: ReadDecision) => (d.reason === code ? code : `not ${code}`);
          return {
            reason: code,
            ...statsOf(
              within.map((p) => [gave(p.a), gave(p.b)]),
              [code, `not ${code}`],
            ),
          };
        });
      pairs.push({
        reviewers: [reviewers[i]!, reviewers[j]!],
        decisions: statsOf(decisionPairs(both), config.decisions),
        branches: branches.map((branch) => ({
          branch,
          ...statsOf(decisionPairs(both.filter((p) => p.branch === branch)), config.decisions),
        })),
        reasons,
      });
    }
  }
  return { phase: phase.id, records: outcome.records.length, counts, pairs };
}

export function agreementJson(config: ScreeningConfig, outcomes: readonly PhaseOutcome[]): string {
  const document = {
    schemaVersion: AGREEMENT_SCHEMA_VERSION,
    method: AGREEMENT_METHOD,
    phases: outcomes.map((o) => phaseAgreement(config, o)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
