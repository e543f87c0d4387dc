import { describe, expect, test } from "vitest";
import {
  affixLevenshtein,
  bagDistance,
  boundedLevenshtein,
  levenshteinSimilarity,
  myersDistance,
} from "../../src/text/edit-distance.js";

function tableDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A seeded generator, so the cases are the same on every run. */
function strings(seed: number, count: number): [string, string][] {
  let state = seed;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const text = (n: number) => Array.from({ length: n }, () => "ab cdé"[Math.floor(next() * 6)]).join("");
  return Array.from({ length: count }, () => {
    const a = text(Math.floor(next() * 100));
    const cut = Math.floor(next() * a.length);
    return [a, next() < 0.5 ? text(Math.floor(next() * 100)) : `${a.slice(0, cut)}${text(3)}${a.slice(cut + 1)}`];
  });
}

describe("edit distance", () => {
  test.each([
    ["", "", 0],
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["a".repeat(70), "a".repeat(33) + "b" + "a".repeat(36), 1],
  ])("%s → %s is %i edits", (a, b, d) => {
    expect(myersDistance(a, b)).toBe(d);
    expect(boundedLevenshtein(a, b, 10)).toBe(d);
  });

  test("the bit-parallel and the banded distances agree with the full table on seeded random strings", () => {
    for (const [a, b] of strings(7, 400)) {
      const d = tableDistance(a, b);
      expect(myersDistance(a, b)).toBe(d);
      expect(boundedLevenshtein(a, b, 5)).toBe(Math.min(d, 6));
    }
  });

  test("the distance to the nearest opening or closing agrees with the table's best cut on seeded random strings", () => {
    const reverse = (x: string) => [...x].reverse().join("");
    for (const [a, b] of strings(13, 300)) {
      const long = `${b}${a.slice(0, 20)}`;
      let opening = Number.POSITIVE_INFINITY;
      let closing = Number.POSITIVE_INFINITY;
      for (let cut = 0; cut <= long.length; cut++) {
        opening = Math.min(opening, tableDistance(a, long.slice(0, cut)));
        closing = Math.min(closing, tableDistance(a, long.slice(long.length - cut)));
      }
      expect(affixLevenshtein(a, long, 4)).toBe(Math.min(opening, 5));
      expect(affixLevenshtein(a, long, 4, true)).toBe(Math.min(closing, 5));
      expect(affixLevenshtein(reverse(a), reverse(long), 4)).toBe(Math.min(closing, 5));
    }
  });

  test("the letter-count bound never exceeds the distance", () => {
    for (const [a, b] of strings(11, 200)) expect(bagDistance(a, b)).toBeLessThanOrEqual(tableDistance(a, b));
  });

  test("similarity below the floor reads as 0", () => {
    expect(levenshteinSimilarity("abcdefghij", "abcdefghix")).toBeCloseTo(0.9);
    expect(levenshteinSimilarity("abcdefghij", "zyxwvutsrq", 0.6)).toBe(0);
  });
});
