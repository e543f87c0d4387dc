/**
 * TF-IDF features for screening prioritisation. By default the terms are word unigrams and
 * bigrams, weighted as scikit-learn's TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
 * does (sublinear term frequency, smoothed idf, l2-normalised rows) — the features of ASReview's
 * current default model. With `characterNgrams` the terms are instead character n-grams of the
 * lower-cased words (like scikit-learn's analyzer="char", over the tokens so punctuation is
 * dropped); features.ts combines the two. Rows are
 * sparse (sorted term indices) because a 2,000-record corpus has ~10^5 distinct bigrams but each
 * abstract holds a few hundred.
 */
import { compareStrings } from "../record-csv.js";

export interface SparseVector {
  /** Term indices, strictly increasing. */
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export interface TfidfOptions {
  /** 1 = unigrams only; 2 = unigrams and bigrams (the default). */
  readonly ngrams?: 1 | 2;
  /** When given and not empty, the terms are character n-grams of these lengths instead of words. */
  readonly characterNgrams?: readonly number[];
}

export interface TfidfMatrix {
  /** The vocabulary, sorted; a row's index i refers to terms[i]. */
  readonly terms: readonly string[];
  readonly idf: Float64Array;
  readonly rows: readonly SparseVector[];
}

const WORD = /[\p{L}\p{N}]{2,}/gu;

/** Lower-cased words of two or more letters or digits (scikit-learn's default token pattern). */
export function tokenize(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

/**
 * Unigrams, then bigrams of adjacent words. No stop words are removed (as in ASReview's
 * current default): on the Nagtegaal 2019 benchmark a 150-word English list cost ~10 points
 * of WSS@95 — it drops phrases such as "effect of" and glues non-adjacent words into bigrams.
 */
export function termsOf(text: string, options: TfidfOptions = {}): string[] {
  if (options.characterNgrams !== undefined && options.characterNgrams.length > 0) {
    return characterNgramsOf(text, options.characterNgrams);
  }
  const words = tokenize(text);
  if ((options.ngrams ?? 2) === 1) return words;
  const terms = words.slice();
  for (let i = 1; i < words.length; i++) terms.push(`${words[i - 1]} ${words[i]}`);
  return terms;
}

/**
 * Character n-grams of the tokens joined by single spaces and padded with one space each side,
 * so n-grams cross word boundaries ("of nu") and mark word starts and ends (" nud", "ges ").
 * They match what word terms miss: inflections (nudge, nudges, nudging), British and American
 * spellings, compounds and hyphenation.
 */
export function characterNgramsOf(text: string, lengths: readonly number[]): string[] {
  const words = tokenize(text);
  if (words.length === 0) return [];
  const padded = ` ${words.join(" ")} `;
  const grams: string[] = [];
  for (const length of lengths) {
    for (let i = 0; i + length <= padded.length; i++) grams.push(padded.slice(i, i + length));
  }
  return grams;
}

export function tfidf(texts: readonly string[], options: TfidfOptions = {}): TfidfMatrix {
  const counts = texts.map((text) => {
    const tf = new Map<string, number>();
    for (const term of termsOf(text, options)) tf.set(term, (tf.get(term) ?? 0) + 1);
    return tf;
  });
  const documentFrequency = new Map<string, number>();
  for (const tf of counts)
    for (const term of tf.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);

  const terms = [...documentFrequency.keys()].sort(compareStrings);
  const index = new Map(terms.map((term, i) => [term, i]));

  // Smoothed idf: as if one extra document held every term once, so no term divides by zero.
  const n = texts.length;
  const idf = Float64Array.from(terms, (term) => Math.log((1 + n) / (1 + (documentFrequency.get(term) ?? 0))) + 1);

  const rows = counts.map((tf): SparseVector => {
    const entries: [number, number][] = [];
    for (const [term, count] of tf) {
      const i = index.get(term);
      if (i !== undefined) entries.push([i, (1 + Math.log(count)) * (idf[i] ?? 0)]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0));
    return {
      indices: Int32Array.from(entries, ([i]) => i),
      values: Float64Array.from(entries, ([, v]) => (norm > 0 ? v / norm : 0)),
    };
  });
  return { terms, idf, rows };
}
