import { describe, expect, test } from "vitest";
import { characterNgramsOf, termsOf, tfidf, tokenize } from "../../src/screening/tfidf.js";

describe("tokenize", () => {
  test("lower-cases and keeps words of two or more letters or digits", () => {
    expect(tokenize("Nudging, nudges & NUDGE-based (2019) a B")).toEqual([
      "nudging",
      "nudges",
      "nudge",
      "based",
      "2019",
    ]);
  });

  test("keeps accented letters inside words", () => {
    expect(tokenize("Études über Ärzte")).toEqual(["études", "über", "ärzte"]);
  });

  test("gives nothing for empty text", () => {
    expect(tokenize("")).toEqual([]);
  });
});

describe("termsOf", () => {
  test("lists unigrams then bigrams of adjacent words, function words included", () => {
    expect(termsOf("The effect of nudges")).toEqual([
      "the",
      "effect",
      "of",
      "nudges",
      "the effect",
      "effect of",
      "of nudges",
    ]);
  });

  test("gives only unigrams when asked for 1-grams", () => {
    expect(termsOf("The effect of nudges", { ngrams: 1 })).toEqual(["the", "effect", "of", "nudges"]);
  });
});

describe("characterNgramsOf", () => {
  test("slides over the lower-cased words joined and padded by single spaces", () => {
    expect(characterNgramsOf("Of NUDGES!", [4])).toEqual([
      " of ",
      "of n",
      "f nu",
      " nud",
      "nudg",
      "udge",
      "dges",
      "ges ",
    ]);
  });

  test("lists every requested length in turn", () => {
    expect(characterNgramsOf("ab", [3, 4])).toEqual([" ab", "ab ", " ab "]);
  });

  test("gives nothing for text without words", () => {
    expect(characterNgramsOf(" - ", [4])).toEqual([]);
  });

  test("replaces the word terms when termsOf is asked for character n-grams", () => {
    expect(termsOf("nudge", { characterNgrams: [5] })).toEqual([" nudg", "nudge", "udge "]);
  });
});

describe("tfidf", () => {
  // Worked by hand: n = 3; df(apple) = df(banana) = 2, df(cherry) = 1.
  // idf(apple) = idf(banana) = ln(4/3) + 1 = 1.2876821; idf(cherry) = ln(4/2) + 1 = 1.6931472.
  // Document 2: apple twice → (1 + ln 2) × 1.2876821 = 2.1802353; cherry once → 1.6931472;
  // l2 norm 2.7604661 → 0.7898069 and 0.6133555.
  const matrix = tfidf(["apple banana", "apple apple cherry", "banana"], { ngrams: 1 });

  test("builds a sorted vocabulary with smoothed idf", () => {
    expect(matrix.terms).toEqual(["apple", "banana", "cherry"]);
    expect(Array.from(matrix.idf)).toEqual([
      expect.closeTo(1.2876821, 6),
      expect.closeTo(1.2876821, 6),
      expect.closeTo(1.6931472, 6),
    ]);
  });

  test("weights repeated terms sublinearly and normalises each row to unit length", () => {
    const [first, second, third] = matrix.rows;
    expect(Array.from(first?.indices ?? [])).toEqual([0, 1]);
    expect(Array.from(first?.values ?? [])).toEqual([expect.closeTo(Math.SQRT1_2, 6), expect.closeTo(Math.SQRT1_2, 6)]);
    expect(Array.from(second?.indices ?? [])).toEqual([0, 2]);
    expect(Array.from(second?.values ?? [])).toEqual([expect.closeTo(0.7898069, 6), expect.closeTo(0.6133555, 6)]);
    expect(Array.from(third?.indices ?? [])).toEqual([1]);
    expect(Array.from(third?.values ?? [])).toEqual([1]);
  });

  test("numbers the vocabulary alphabetically whatever order the terms are first met in", () => {
    const reversed = tfidf(["cherry banana apple apple", "banana cherry cherry cherry"], { ngrams: 1 });
    expect(reversed.terms).toEqual(["apple", "banana", "cherry"]);
    const [first, second] = reversed.rows;
    expect(Array.from(first?.indices ?? [])).toEqual([0, 1, 2]);
    expect(Array.from(second?.indices ?? [])).toEqual([1, 2]);
    // Document 2: banana once (idf ln(3/3) + 1 = 1), cherry three times ((1 + ln 3) × 1).
    const cherry = 1 + Math.log(3);
    const norm = Math.hypot(1, cherry);
    expect(Array.from(second?.values ?? [])).toEqual([expect.closeTo(1 / norm, 12), expect.closeTo(cherry / norm, 12)]);
  });

  test("gives an empty row for an empty text", () => {
    const { rows } = tfidf(["", "apple"]);
    expect(rows[0]?.indices.length).toBe(0);
    expect(rows[1]?.indices.length).toBe(1);
  });
});
