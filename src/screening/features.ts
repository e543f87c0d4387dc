/**
 * The feature rows the relevance model learns from: a word block (TF-IDF of unigrams and
 * bigrams) and a character block (TF-IDF of character 4-grams), each l2-normalised on its own,
 * the character block scaled by `characterWeight`, then concatenated.
 *
 * Why two blocks and not one vocabulary: an abstract has ~15 times more character n-grams than
 * words, so in a single normalised row they drown the word terms, and on Nagtegaal 2019 WSS@95
 * fell from 73.9 % to 69.4 %; kept as a half-weight block, it costs Nagtegaal ~1 point and adds
 * several on Menon 2022 and Bannach-Brown 2019, whose inclusions share stems more than phrases
 * (bench/screen-methods.mjs has the figures).
 */
import { tfidf, type SparseVector } from "./tfidf.js";

export interface FeatureOptions {
  /** Word n-grams: 1 = unigrams only; 2 = unigrams and bigrams. */
  readonly ngrams?: 1 | 2;
  /** Lengths of the character n-grams; empty = no character block. */
  readonly characterNgrams?: readonly number[];
  /** Scale of the (unit-length) character block against the (unit-length) word block. */
  readonly characterWeight?: number;
}

export const DEFAULT_FEATURE_OPTIONS: Required<FeatureOptions> = {
  ngrams: 2,
  characterNgrams: [4],
  characterWeight: 0.5,
};

export interface FeatureMatrix {
  readonly rows: readonly SparseVector[];
  readonly dimensions: number;
}

export function screeningFeatures(texts: readonly string[], options: FeatureOptions = {}): FeatureMatrix {
  const { ngrams, characterNgrams, characterWeight } = { ...DEFAULT_FEATURE_OPTIONS, ...options };
  const words = tfidf(texts, { ngrams });
  if (characterNgrams.length === 0 || characterWeight === 0)
    return { rows: words.rows, dimensions: words.terms.length };
  const characters = tfidf(texts, { characterNgrams });
  const offset = words.terms.length;
  const rows = words.rows.map((word, i): SparseVector => {
    const character = characters.rows[i] as SparseVector;
    const indices = new Int32Array(word.indices.length + character.indices.length);
    const values = new Float64Array(indices.length);
    indices.set(word.indices);
    values.set(word.values);
    for (let k = 0; k < character.indices.length; k++) {
      indices[word.indices.length + k] = offset + (character.indices[k] as number);
      values[word.indices.length + k] = characterWeight * (character.values[k] as number);
    }
    return { indices, values };
  });
  return { rows, dimensions: offset + characters.terms.length };
}
