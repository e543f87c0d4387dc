import { describe, expect, test } from "vitest";
import {
  DecisionHistory,
  eventLines,
  parseDecisionEvents,
  type DecisionRead,
} from "../../src/screening/decision-events.js";
import { problemMessage } from "../../src/screening/sheet-problem.js";

const FILE = "raw/screening/decisions.jsonl";
const read = (record: string, decision: DecisionRead["decision"], line = 2): DecisionRead => ({
  phase: "title-abstract",
  reviewer: "hl",
  record,
  decision,
  origin: "typed",
  sheet: "raw/screening/title-abstract-hl.csv",
  line,
});

describe("decision events", () => {
  test("record a decision the first time it is read, and not again while it stays the same", () => {
    const first = new DecisionHistory([]).changes(
      [read("c-a", { decision: "include", reason: null }), read("c-b", null, 3)],
      "2025-04-01T12:00:00Z",
    );
    expect(first).toEqual([
      {
        schemaVersion: 1,
        seq: 1,
        firstSeen: "2025-04-01T12:00:00Z",
        phase: "title-abstract",
        reviewer: "hl",
        record: "c-a",
        decision: "include",
        reason: null,
        origin: "typed",
        sheet: "raw/screening/title-abstract-hl.csv",
        line: 2,
        supersedes: null,
      },
    ]);
    const again = new DecisionHistory(first).changes(
      [read("c-a", { decision: "include", reason: null })],
      "2025-05-01T12:00:00Z",
    );
    expect(again).toEqual([]);
  });

  test("record a changed decision as superseding the previous event, and a cleared one as null", () => {
    const history = parseDecisionEvents(
      eventLines(
        new DecisionHistory([]).changes(
          [
            read("c-a", { decision: "exclude", reason: "not-llm" }),
            read("c-b", { decision: "include", reason: null }, 3),
          ],
          "2025-04-01T12:00:00Z",
        ),
      ),
      FILE,
    );
    expect(history.problems).toEqual([]);
    const changes = new DecisionHistory(history.events).changes(
      [read("c-a", { decision: "exclude", reason: "no-clinical" }), read("c-b", null, 3)],
      "2025-05-01T12:00:00Z",
    );
    expect(changes.map((e) => [e.seq, e.record, e.decision, e.reason, e.supersedes, e.firstSeen])).toEqual([
      [3, "c-a", "exclude", "no-clinical", 1, "2025-05-01T12:00:00Z"],
      [4, "c-b", null, null, 2, "2025-05-01T12:00:00Z"],
    ]);
  });

  test("keep each reviewer's history apart", () => {
    const hl = new DecisionHistory([]).changes(
      [read("c-a", { decision: "include", reason: null })],
      "2025-04-01T12:00:00Z",
    );
    const ap = new DecisionHistory(hl).changes(
      [{ ...read("c-a", { decision: "include", reason: null }), reviewer: "ap" }],
      "2025-04-01T12:00:00Z",
    );
    expect(ap.map((e) => [e.seq, e.reviewer, e.supersedes])).toEqual([[2, "ap", null]]);
  });

  test("refuse a line of the history that is not an event srpipe wrote, with file:line", () => {
    const good = eventLines(
      new DecisionHistory([]).changes([read("c-a", { decision: "include", reason: null })], "2025-04-01T12:00:00Z"),
    );
    const parsed = parseDecisionEvents(`${good}{"edited": true\n${good.replace('"include"', '"accept"')}`, FILE);
    expect(parsed.problems.map(problemMessage)).toEqual([
      'raw/screening/decisions.jsonl:2: expected a decision event (one JSON object per line, as srpipe appends them), got "{\\"edited\\": true"',
      expect.stringMatching(
        /^raw\/screening\/decisions\.jsonl:3: decision: expected a decision event as srpipe appends them, got /,
      ),
    ]);
  });
});
