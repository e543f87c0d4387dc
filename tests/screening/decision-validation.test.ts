import { describe, expect, test } from "vitest";
import { readDecision, type DecisionRules } from "../../src/screening/decision-validation.js";
import { problemMessage } from "../../src/screening/sheet-problem.js";

const rules: DecisionRules = {
  decisions: ["include", "exclude", "maybe"],
  reasons: ["not-llm", "not-research", "no-clinical", "not-multimodal"],
  reasonsFor: (branch) =>
    branch === "arxiv" ? ["not-llm", "no-clinical", "not-multimodal"] : ["not-llm", "not-research", "no-clinical"],
  settles: false,
};
const file = "raw/screening/title-abstract-hl.csv";
const read = (decision: string, reason = "", branch = "journals", settles = false) =>
  readDecision({ line: 7, branch, decision, reason }, { ...rules, settles }, file);

describe("reading a reviewer's decision", () => {
  test.each([
    ["include", "", { decision: "include", reason: null }],
    [" Include ", "", { decision: "include", reason: null }],
    ["EXCLUDE", " Not-LLM ", { decision: "exclude", reason: "not-llm" }],
    ["maybe", "", { decision: "maybe", reason: null }],
    ["maybe", "no-clinical", { decision: "maybe", reason: "no-clinical" }],
  ])("reads %j with reason %j", (decision, reason, expected) => {
    expect(read(decision, reason)).toEqual({ ok: expected });
  });

  test("takes an empty decision as not decided yet, whatever the other cells hold", () => {
    expect(read("  ", "anything")).toEqual({ ok: null });
  });

  test.each([
    [
      "an unknown decision",
      () => read("yes"),
      'raw/screening/title-abstract-hl.csv:7: decision: expected one of include, exclude, maybe, got "yes"',
    ],
    [
      "an exclusion without a reason",
      () => read("exclude"),
      'raw/screening/title-abstract-hl.csv:7: reason: expected a reason for the exclusion, one of not-llm, not-research, no-clinical (for branch "journals"), got an empty cell',
    ],
    [
      "an unknown reason code",
      () => read("exclude", "off-topic"),
      'raw/screening/title-abstract-hl.csv:7: reason: expected one reason code, one of not-llm, not-research, no-clinical (for branch "journals"), got "off-topic"',
    ],
    [
      "a reason of another branch",
      () => read("exclude", "not-multimodal"),
      'raw/screening/title-abstract-hl.csv:7: reason: expected one reason code, one of not-llm, not-research, no-clinical (for branch "journals"), got "not-multimodal", which is not a reason for branch "journals" in this phase',
    ],
    [
      "two reasons in one cell",
      () => read("exclude", "not-llm; no-clinical"),
      'raw/screening/title-abstract-hl.csv:7: reason: expected one reason code, one of not-llm, not-research, no-clinical (for branch "journals"), got "not-llm; no-clinical"',
    ],
    [
      "a reason on an inclusion",
      () => read("include", "not-llm"),
      'raw/screening/title-abstract-hl.csv:7: reason: expected no reason on an inclusion (a reason says why a record is excluded), got "not-llm"',
    ],
    [
      "maybe in a resolution",
      () => read("maybe", "", "journals", true),
      'raw/screening/title-abstract-hl.csv:7: decision: expected one of include, exclude (a resolution settles the record), got "maybe"',
    ],
  ])("refuses %s with file:line and the allowed values", (_, reading, message) => {
    const result = reading();
    expect("problem" in result && problemMessage(result.problem)).toBe(message);
  });

  test("allows the branch's own reasons: not-multimodal on an arXiv record", () => {
    expect(read("exclude", "not-multimodal", "arxiv")).toEqual({
      ok: { decision: "exclude", reason: "not-multimodal" },
    });
  });
});

describe("a reason typed as its label, and near misses", () => {
  const labels = new Map([
    ["not-llm", "Not focused on large language models"],
    ["not-research", "Not research (review, commentary, editorial)"],
    ["no-clinical", "No clinical application"],
    ["not-multimodal", "Not an innovative multimodal LLM approach"],
  ]);
  const withLabels = (decision: string, reason: string, branch = "journals") =>
    readDecision({ line: 7, branch, decision, reason }, { ...rules, labels }, file);

  test.each([
    ["No clinical application", "no-clinical"],
    ["  no CLINICAL   application ", "no-clinical"],
    ["NOT-LLM", "not-llm"],
  ])("reads the reason %j as the code %j", (typed, code) => {
    expect(withLabels("exclude", typed)).toEqual({ ok: { decision: "exclude", reason: code } });
  });

  test("suggests the code and its label for a misspelt label", () => {
    const reading = withLabels("exclude", "No clinical aplication");
    expect("problem" in reading && problemMessage(reading.problem)).toBe(
      'raw/screening/title-abstract-hl.csv:7: reason: expected one reason code, one of not-llm, not-research, no-clinical (for branch "journals"), got "No clinical aplication" (did you mean "no-clinical", No clinical application?)',
    );
  });

  test("suggests the code for a misspelt code", () => {
    const reading = withLabels("exclude", "not-lmm");
    expect("problem" in reading && reading.problem.got).toBe(
      '"not-lmm" (did you mean "not-llm", Not focused on large language models?)',
    );
  });

  test("says a label of another branch's reason is not for this branch", () => {
    const reading = withLabels("exclude", "Not an innovative multimodal LLM approach");
    expect("problem" in reading && reading.problem.got).toBe(
      '"Not an innovative multimodal LLM approach", which is not a reason for branch "journals" in this phase',
    );
  });

  test("suggests the decision for a misspelt decision", () => {
    const reading = withLabels("exlcude", "not-llm");
    expect("problem" in reading && reading.problem.got).toBe('"exlcude" (did you mean "exclude"?)');
  });
});
