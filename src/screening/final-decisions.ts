/**
 * One final decision per record and phase, from the reviewers' votes and the resolution sheet.
 *
 * - Every reviewer decided the same → that decision (`agreed`; `single` when one reviewer screens).
 * - A reviewer has not decided yet → `pending`, `awaiting <reviewer>`.
 * - Include against exclude → `pending` (`conflict`) until the resolution sheet decides.
 * - Any `maybe` → `pending` (`maybe`): maybe means "discuss", so it goes to the resolution sheet
 *   like a disagreement, even when every reviewer said maybe.
 * - All exclude but for different reasons → `exclude` with no reason (`reason-conflict`): the
 *   record is out either way, and the resolution sheet settles which reason PRISMA counts.
 * - A row in the resolution sheet decides the record, whatever the sheets say (`resolved`).
 * A conflicting record is never counted as included before it is resolved.
 */
import type { ReadDecision } from "./decision-validation.js";
import type { ConflictCells } from "./sheet-columns.js";

export interface Vote {
  reviewer: string;
  decision: ReadDecision | null;
}

export type FinalStatus = "agreed" | "single" | "resolved" | "awaiting" | "conflict" | "maybe" | "reason-conflict";

export type ConflictKind = "decision" | "maybe" | "reason";

export interface FinalDecision {
  decision: "include" | "exclude" | "pending";
  reason: string | null;
  status: FinalStatus;
  /** What a person reads: `awaiting ap`, `hl: include; ap: exclude (not-llm)`. */
  detail: string;
  /** The disagreement (resolved or not), or null when there is none. */
  conflict: (ConflictCells & { kind: ConflictKind }) | null;
}

export function describeVote(decision: ReadDecision | null): string {
  if (decision === null) return "(no decision)";
  return decision.reason ? `${decision.decision} (${decision.reason})` : decision.decision;
}

export function describeVotes(votes: readonly Vote[]): string {
  return votes.map((v) => `${v.reviewer}: ${describeVote(v.decision)}`).join("; ");
}

function conflictKind(decided: readonly ReadDecision[]): ConflictKind | null {
  if (decided.some((d) => d.decision === "maybe")) return "maybe";
  if (new Set(decided.map((d) => d.decision)).size > 1) return "decision";
  if (new Set(decided.map((d) => d.reason)).size > 1) return "reason";
  return null;
}

export function finalDecision(votes: readonly Vote[], resolution: ReadDecision | null): FinalDecision {
  const said = describeVotes(votes);
  const awaiting = votes.filter((v) => v.decision === null).map((v) => v.reviewer);
  const decided = votes.map((v) => v.decision).filter((d): d is ReadDecision => d !== null);
  const kind = awaiting.length === 0 ? conflictKind(decided) : null;
  const conflict = kind === null ? null : { kind, said };
  if (resolution !== null) {
    return {
      decision: resolution.decision === "include" ? "include" : "exclude",
      reason: resolution.reason,
      status: "resolved",
      detail: `resolution: ${describeVote(resolution)}; ${said}`,
      conflict,
    };
  }
  if (awaiting.length > 0)
    return {
      decision: "pending",
      reason: null,
      status: "awaiting",
      detail: `awaiting ${awaiting.join(", ")}`,
      conflict,
    };
  switch (kind) {
    case "maybe":
      return { decision: "pending", reason: null, status: "maybe", detail: said, conflict };
    case "decision":
      return { decision: "pending", reason: null, status: "conflict", detail: said, conflict };
    case "reason":
      return { decision: "exclude", reason: null, status: "reason-conflict", detail: said, conflict };
    case null: {
      const agreed = decided[0]!;
      return {
        decision: agreed.decision === "include" ? "include" : "exclude",
        reason: agreed.reason,
        status: votes.length === 1 ? "single" : "agreed",
        detail: said,
        conflict,
      };
    }
  }
}
