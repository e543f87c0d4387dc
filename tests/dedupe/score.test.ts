import { describe, expect, test } from "vitest";
import { scoreDeduplication, type ScoredRecord } from "../../src/dedupe/score.js";

const r = (recordId: string, clusterId: string, retained: boolean): ScoredRecord => ({ recordId, clusterId, retained });

describe("scoring against gold groups", () => {
  test("a perfect answer scores 1 everywhere", () => {
    const s = scoreDeduplication([r("a", "x", true), r("b", "x", false), r("c", "y", true)], [["a", "b"]]);
    expect(s.pairwise).toMatchObject({ truePositives: 1, predicted: 1, gold: 1, precision: 1, recall: 1 });
    expect(s.removal).toEqual({ tp: 1, fp: 0, tn: 2, fn: 0, sensitivity: 1, specificity: 1 });
  });

  test("a duplicate left in is a false negative", () => {
    const s = scoreDeduplication([r("a", "x", true), r("b", "y", true), r("c", "z", true)], [["a", "b", "c"]]);
    expect(s.removal).toMatchObject({ tp: 0, tn: 1, fn: 2, fp: 0 });
    expect(s.pairwise.recall).toBe(0);
    expect(s.pairwise.precision).toBe(1);
  });

  test("a unique work merged away counts one false positive", () => {
    // b is a work of its own, merged into a's cluster and removed.
    const s = scoreDeduplication([r("a", "x", true), r("b", "x", false)], []);
    expect(s.removal).toMatchObject({ tp: 0, fp: 1, tn: 1, fn: 0 });
    expect(s.removal.specificity).toBe(0.5);
    expect(s.pairwise.precision).toBe(0);
  });

  test("a gold group with no member retained counts one false positive and its other removals as true positives", () => {
    const s = scoreDeduplication([r("a", "x", true), r("b", "x", false), r("c", "x", false)], [["b", "c"]]);
    expect(s.removal).toMatchObject({ tp: 1, fp: 1, tn: 1, fn: 0 });
  });

  test("gold ids that name no record are counted, not scored", () => {
    expect(scoreDeduplication([r("a", "x", true)], [["a", "zz"]]).unknownGoldIds).toBe(1);
  });
});
