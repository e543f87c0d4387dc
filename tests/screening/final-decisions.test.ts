import { describe, expect, test } from "vitest";
import { finalDecision, type Vote } from "../../src/screening/final-decisions.js";

const inc = { decision: "include", reason: null } as const;
const exc = (reason: string) => ({ decision: "exclude", reason }) as const;
const maybe = { decision: "maybe", reason: null } as const;
const votes = (hl: Vote["decision"], ap: Vote["decision"]): Vote[] => [
  { reviewer: "hl", decision: hl },
  { reviewer: "ap", decision: ap },
];

describe("the final decision of a record", () => {
  test("is the reviewers' decision when both agree", () => {
    expect(finalDecision(votes(inc, inc), null)).toMatchObject({
      decision: "include",
      reason: null,
      status: "agreed",
      conflict: null,
    });
    expect(finalDecision(votes(exc("not-llm"), exc("not-llm")), null)).toMatchObject({
      decision: "exclude",
      reason: "not-llm",
      status: "agreed",
    });
  });

  test("is pending, awaiting the reviewer who has not decided, even when the other said include", () => {
    const final = finalDecision(votes(inc, null), null);
    expect(final).toMatchObject({ decision: "pending", status: "awaiting", detail: "awaiting ap", conflict: null });
  });

  test("is pending, never included, while include and exclude disagree", () => {
    const final = finalDecision(votes(inc, exc("no-clinical")), null);
    expect(final).toMatchObject({ decision: "pending", status: "conflict" });
    expect(final.conflict).toEqual({ kind: "decision", said: "hl: include; ap: exclude (no-clinical)" });
  });

  test("is pending when either reviewer said maybe, and goes to the resolution sheet", () => {
    expect(finalDecision(votes(maybe, inc), null)).toMatchObject({
      decision: "pending",
      status: "maybe",
      conflict: { kind: "maybe" },
    });
    expect(finalDecision(votes(maybe, maybe), null)).toMatchObject({ decision: "pending", status: "maybe" });
  });

  test("is excluded with the reason left open when both exclude for different reasons", () => {
    const final = finalDecision(votes(exc("not-llm"), exc("not-research")), null);
    expect(final).toMatchObject({
      decision: "exclude",
      reason: null,
      status: "reason-conflict",
      conflict: { kind: "reason" },
    });
  });

  test("is what the resolution says once the conflict is resolved, keeping the conflict on record", () => {
    const final = finalDecision(votes(inc, exc("no-clinical")), exc("no-clinical"));
    expect(final).toMatchObject({
      decision: "exclude",
      reason: "no-clinical",
      status: "resolved",
      conflict: { kind: "decision" },
    });
    expect(final.detail).toBe("resolution: exclude (no-clinical); hl: include; ap: exclude (no-clinical)");
  });

  test("is the one reviewer's decision when a phase has a single reviewer", () => {
    expect(finalDecision([{ reviewer: "hl", decision: exc("not-llm") }], null)).toMatchObject({
      decision: "exclude",
      status: "single",
    });
  });
});
