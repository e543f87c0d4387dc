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
  // Each distinct term gets a provisional id when first seen, so a term string is hashed once per
  // occurrence and documents hold typed arrays, not maps: at 50,000 abstracts the per-document
  // maps and their repeated lookups were most of the feature build's time.
  const ids = new Map<string, number>();
  let documentFrequency = new Int32Array(1024);
  const documents = texts.map((text) => {
    const terms = termsOf(text, options);
    const occurrences = new Int32Array(terms.length);
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k] as string;
      let id = ids.get(term);
      if (id === undefined) {
        id = ids.size;
        ids.set(term, id);
      }
      occurrences[k] = id;
    }
    occurrences.sort();
    let distinct = 0;
    for (let k = 0; k < occurrences.length; k++) if (k === 0 || occurrences[k] !== occurrences[k - 1]) distinct++;
    const termIds = new Int32Array(distinct);
    const counts = new Int32Array(distinct);
    let d = -1;
    for (let k = 0; k < occurrences.length; k++) {
      if (k === 0 || occurrences[k] !== occurrences[k - 1]) termIds[++d] = occurrences[k] as number;
      counts[d] = (counts[d] as number) + 1;
    }
    if (ids.size > documentFrequency.length) {
      const grown = new Int32Array(Math.max(ids.size, 2 * documentFrequency.length));
      grown.set(documentFrequency);
      documentFrequency = grown;
    }
    for (const id of termIds) documentFrequency[id] = (documentFrequency[id] as number) + 1;
    return { termIds, counts };
  });

  const provisional = [...ids.keys()];
  const byTerm = Int32Array.from(provisional, (_, id) => id).sort((a, b) =>
    compareStrings(provisional[a] as string, provisional[b] as string),
  );
  const terms = Array.from(byTerm, (id) => provisional[id] as string);
  const sortedIndex = new Int32Array(provisional.length);
  byTerm.forEach((id, i) => {
    sortedIndex[id] = i;
  });

  // Smoothed idf: as if one extra document held every term once, so no term divides by zero.
  const n = texts.length;
  const idf = Float64Array.from(byTerm, (id) => Math.log((1 + n) / (1 + (documentFrequency[id] as number))) + 1);

  const rows = documents.map(({ termIds, counts }): SparseVector => {
    // Sorted by vocabulary index through one numeric sort of (index, position) packed in a double:
    // exact, since a Map holds under 2^24 terms and a string under 2^29 characters.
    const positions = 2 ** Math.ceil(Math.log2(termIds.length + 1));
    const keys = new Float64Array(termIds.length);
    for (let k = 0; k < termIds.length; k++) keys[k] = (sortedIndex[termIds[k] as number] as number) * positions + k;
    keys.sort();
    const indices = new Int32Array(keys.length);
    const values = new Float64Array(keys.length);
    let squares = 0;
    for (let r = 0; r < keys.length; r++) {
      const key = keys[r] as number;
      const k = key % positions;
      const i = (key - k) / positions;
      const value = (1 + Math.log(counts[k] as number)) * (idf[i] as number);
      indices[r] = i;
      values[r] = value;
      squares += value * value;
    }
    const norm = Math.sqrt(squares);
    for (let r = 0; r < values.length; r++) values[r] = norm > 0 ? (values[r] as number) / norm : 0;
    return { indices, values };
  });
  return { terms, idf, rows };
}
