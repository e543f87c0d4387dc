import { describe, expect, test } from "vitest";
import { ScreeningConfigSchema, allowedReasons } from "../../src/protocol/screening.js";
import { referenceConfig } from "./review-workspace.js";

const issues = (value: unknown) => {
  const parsed = ScreeningConfigSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the screening section of review.json", () => {
  test("accepts the reference review's reviewers, reasons and per-branch criteria, with defaults filled in", () => {
    const { decisions, ...rest } = referenceConfig();
    const parsed = ScreeningConfigSchema.parse({ ...rest, phases: rest.phases.map(({ order, seed, ...p }) => p) });
    expect(parsed.decisions).toEqual(decisions);
    expect(parsed.phases[0]).toMatchObject({ order: "stable", seed: 1 });
    expect(allowedReasons(parsed, parsed.phases[0]!, "arxiv")).toEqual(["not-llm", "no-clinical", "not-multimodal"]);
    expect(allowedReasons(parsed, parsed.phases[0]!, "other")).toBeNull();
  });

  test("allows every reason on every branch when a phase has no criteria", () => {
    const config = referenceConfig();
    delete config.phases[0]!.criteria;
    expect(allowedReasons(config, config.phases[0]!, "main")).toEqual([
      "not-llm",
      "not-research",
      "no-clinical",
      "not-multimodal",
    ]);
  });

  test.each([
    [
      "a criterion naming an undeclared reason",
      (c: ReturnType<typeof referenceConfig>) => c.phases[0]!.criteria!.journals!.reasons.push("off-topic"),
      'phases.0.criteria.journals.reasons.3: expected one of the reason codes (not-llm, not-research, no-clinical, not-multimodal), got "off-topic"',
    ],
    [
      "a phase naming an undeclared reviewer",
      (c: ReturnType<typeof referenceConfig>) => (c.phases[0]!.reviewers = ["xy"]),
      'phases.0.reviewers.0: expected one of the reviewers (hl, ap), got "xy"',
    ],
    [
      "a reviewer called like the resolution sheet",
      (c: ReturnType<typeof referenceConfig>) => c.reviewers.push({ id: "resolution", name: "R" }),
      'reviewers.2.id: a reviewer id other than "resolution" (it names the conflict sheet)',
    ],
    [
      "the same reason code twice",
      (c: ReturnType<typeof referenceConfig>) => c.reasons.push({ ...c.reasons[0]! }),
      'reasons: expected unique ids, got "not-llm" twice',
    ],
    [
      "decisions without exclude",
      (c: ReturnType<typeof referenceConfig>) => (c.decisions = ["include", "maybe"]),
      'decisions: "include" and "exclude" among the decisions',
    ],
  ])("refuses %s", (_, edit, message) => {
    const config = referenceConfig();
    edit(config);
    expect(issues(config)).toContain(message);
  });
});
