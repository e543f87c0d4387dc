/**
 * Reading what a reviewer typed in `decision` and `reason`. Spreadsheets change case and add
 * spaces, so values are compared trimmed and case-blind; anything else that is not one of the
 * declared values is a problem naming the allowed values. An empty decision means "not yet".
 */
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
  const decision = allowed.find((d) => d === typed.toLowerCase());
  if (decision === undefined) {
    const why = rules.settles && typed.toLowerCase() === "maybe" ? " (a resolution settles the record)" : "";
    return { problem: { ...at, field: "decision", expected: `one of ${allowed.join(", ")}${why}`, got: quoted(typed) } };
  }
  const typedReason = cells.reason.trim();
  const branchReasons = rules.reasonsFor(cells.branch);
  const branchNote = `for branch "${cells.branch}"`;
  if (decision === "include") {
    if (typedReason === "") return { ok: { decision, reason: null } };
    return { problem: { ...at, field: "reason", expected: "no reason on an inclusion (a reason says why a record is excluded)", got: quoted(typedReason) } };
  }
  if (typedReason === "") {
    if (decision === "maybe") return { ok: { decision, reason: null } };
    return { problem: { ...at, field: "reason", expected: `a reason for the exclusion, one of ${branchReasons.join(", ")} (${branchNote})`, got: "an empty cell" } };
  }
  const reason = branchReasons.find((code) => code.toLowerCase() === typedReason.toLowerCase());
  if (reason === undefined) {
    const known = rules.reasons.some((code) => code.toLowerCase() === typedReason.toLowerCase());
    const got = known ? `${quoted(typedReason)}, which is not a reason ${branchNote} in this phase` : quoted(typedReason);
    return { problem: { ...at, field: "reason", expected: `one reason code, one of ${branchReasons.join(", ")} (${branchNote})`, got } };
  }
  return { ok: { decision, reason } };
}
