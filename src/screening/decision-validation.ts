/**
 * Reading what a reviewer typed in `decision` and `reason`. Spreadsheets change case and add
 * spaces, so values are compared trimmed, with runs of spaces as one, and case-blind; a reason
 * may be typed as its code (`not-llm`) or its label ("Not focused on large language models").
 * Anything else is a problem naming the allowed values, with "did you mean" for a near miss
 * (src/text/closest-label.ts, as extraction's cells get). An empty decision means "not yet".
 */
import { closestLabel, didYouMean, findLabel } from "../text/closest-label.js";
import type { Decision } from "../protocol/screening.js";
import type { SheetProblem } from "./sheet-problem.js";

export interface ReadDecision {
  decision: Decision;
  /** A reason code as review.json spells it; null on inclusions (and on a `maybe` without one). */
  reason: string | null;
}

export interface DecisionRules {
  /** The decision values review.json declares. */
  decisions: readonly Decision[];
  /** Every reason code review.json declares, for telling "unknown" from "not for this branch". */
  reasons: readonly string[];
  /** The reason codes allowed for a branch in this phase. */
  reasonsFor(branch: string): readonly string[];
  /** A resolution settles a record, so it must include or exclude. */
  settles: boolean;
  /** Each reason code's label (review.json `reasons[].label`), which a reviewer may type instead of the code. */
  labels?: ReadonlyMap<string, string>;
}

/** The code a reason cell means among `codes`: typed as the code or as its label. */
function reasonCode(
  typed: string,
  codes: readonly string[],
  labels: ReadonlyMap<string, string> | undefined,
): string | undefined {
  const byCode = findLabel(typed, codes);
  if (byCode !== undefined) return byCode;
  const label = findLabel(
    typed,
    codes.map((code) => labels?.get(code) ?? code),
  );
  return label === undefined ? undefined : codes.find((code) => (labels?.get(code) ?? code) === label);
}

/** ` (did you mean "not-llm", Not focused on large language models?)` for a near miss of a code or a label. */
function reasonSuggestion(
  typed: string,
  codes: readonly string[],
  labels: ReadonlyMap<string, string> | undefined,
): string {
  const spellings = codes.flatMap((code) => [code, labels?.get(code) ?? code]);
  const near = closestLabel(typed, spellings);
  const code = near === undefined ? undefined : codes.find((c) => c === near || labels?.get(c) === near);
  if (code === undefined) return "";
  const label = labels?.get(code);
  return ` (did you mean ${JSON.stringify(code)}${label ? `, ${label}` : ""}?)`;
}

export interface DecisionCells {
  line: number;
  branch: string;
  decision: string;
  reason: string;
}

export type DecisionReading = { ok: ReadDecision | null } | { problem: SheetProblem };

const quoted = (value: string) => JSON.stringify(value);

export function readDecision(cells: DecisionCells, rules: DecisionRules, file: string): DecisionReading {
  const typed = cells.decision.trim();
  if (typed === "") return { ok: null };
  const at = { file, line: cells.line };
  const allowed = rules.settles ? rules.decisions.filter((d) => d !== "maybe") : rules.decisions;
  const decision = findLabel(typed, allowed) as Decision | undefined;
  if (decision === undefined) {
    const why = rules.settles && typed.toLowerCase() === "maybe" ? " (a resolution settles the record)" : "";
    return {
      problem: {
        ...at,
        field: "decision",
        expected: `one of ${allowed.join(", ")}${why}`,
        got: `${quoted(typed)}${why ? "" : didYouMean(closestLabel(typed, allowed))}`,
      },
    };
  }
  const typedReason = cells.reason.trim();
  const branchReasons = rules.reasonsFor(cells.branch);
  const branchNote = `for branch "${cells.branch}"`;
  if (decision === "include") {
    if (typedReason === "") return { ok: { decision, reason: null } };
    return {
      problem: {
        ...at,
        field: "reason",
        expected: "no reason on an inclusion (a reason says why a record is excluded)",
        got: quoted(typedReason),
      },
    };
  }
  if (typedReason === "") {
    if (decision === "maybe") return { ok: { decision, reason: null } };
    return {
      problem: {
        ...at,
        field: "reason",
        expected: `a reason for the exclusion, one of ${branchReasons.join(", ")} (${branchNote})`,
        got: "an empty cell",
      },
    };
  }
  const reason = reasonCode(typedReason, branchReasons, rules.labels);
  if (reason === undefined) {
    const known = reasonCode(typedReason, rules.reasons, rules.labels) !== undefined;
    const got = known
      ? `${quoted(typedReason)}, which is not a reason ${branchNote} in this phase`
      : `${quoted(typedReason)}${reasonSuggestion(typedReason, branchReasons, rules.labels)}`;
    return {
      problem: {
        ...at,
        field: "reason",
        expected: `one reason code, one of ${branchReasons.join(", ")} (${branchNote})`,
        got,
      },
    };
  }
  return { ok: { decision, reason } };
}
