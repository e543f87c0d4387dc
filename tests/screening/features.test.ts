import { describe, expect, test } from "vitest";
import { DEFAULT_FEATURE_OPTIONS, screeningFeatures } from "../../src/screening/features.js";
import { tfidf } from "../../src/screening/tfidf.js";

const texts = ["Nudges for physicians", "nudging physician prescribing", "Soil and wheat"];
const length = (values: Float64Array): number => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));

describe("screeningFeatures", () => {
  test("puts the word block first, then the character block after the word vocabulary", () => {
    const words = tfidf(texts, { ngrams: 2 });
    const characters = tfidf(texts, { characterNgrams: [4] });
    const matrix = screeningFeatures(texts);
    expect(matrix.dimensions).toBe(words.terms.length + characters.terms.length);
    const first = matrix.rows[0];
    const wordCount = words.rows[0]?.indices.length ?? 0;
    expect(Array.from(first?.indices.slice(0, wordCount) ?? [])).toEqual(Array.from(words.rows[0]?.indices ?? []));
    expect(Array.from(first?.indices.slice(wordCount) ?? [])).toEqual(
      Array.from(characters.rows[0]?.indices ?? [], (i) => i + words.terms.length),
    );
  });

  test("keeps the word block at unit length and scales the character block to its weight", () => {
    const words = tfidf(texts, { ngrams: 2 });
    for (const [i, row] of screeningFeatures(texts, { characterWeight: 0.3 }).rows.entries()) {
      const wordCount = words.rows[i]?.indices.length ?? 0;
      expect(length(row.values.slice(0, wordCount))).toBeCloseTo(1, 12);
      expect(length(row.values.slice(wordCount))).toBeCloseTo(0.3, 12);
    }
  });

  test("gives the word TF-IDF rows alone when no character n-grams are asked for", () => {
    const words = tfidf(texts, { ngrams: 1 });
    const matrix = screeningFeatures(texts, { ngrams: 1, characterNgrams: [] });
    expect(matrix.dimensions).toBe(words.terms.length);
    expect(matrix.rows).toEqual(words.rows);
  });

  test("gives an empty row for an empty text", () => {
    const matrix = screeningFeatures(["", "nudge"]);
    expect(matrix.rows[0]?.indices.length).toBe(0);
  });

  test("defaults to word bigrams and a half-weight block of character 4-grams", () => {
    expect(DEFAULT_FEATURE_OPTIONS).toEqual({ ngrams: 2, characterNgrams: [4], characterWeight: 0.5 });
  });
});
