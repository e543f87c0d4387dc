// node bench/screen-methods.mjs [--methods NAME,...] [--seeds N] [--full-text-only] [--list] [FILE...]
// (after npm run build)
//
// The alternatives to the shipped ranker that issue 5 asked for, measured with the same
// simulation as bench/screen.mjs (bench/screen-simulation.mjs) on the same sets, label_included
// and, where present, label_abstract_screening (":abstract"). One line per method × set:
// WSS@95, recall@10 %, seconds for all seeds. These models live here and not in src/ because
// none of them was kept; "shipped" is src/screening/prioritise.ts itself. The whole table takes
// about an hour on one core; pick methods with --methods.
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { relevanceRanker } from "../dist/screening/prioritise.js";
import {
  ABSTRACT_SCREENING,
  INCLUDED,
  labelledSet,
  mean,
  percent,
  readLabelledRows,
  simulate,
} from "./screen-simulation.mjs";
import { methodRanker } from "./screen-models.mjs";

// features: word n-grams (ngrams 1-3; bigramsOnly: word bigrams alone), sublinear tf (default on),
// minDf, stop (English stop words), title (repeat title words as separate features n times), char (character n-gram
// lengths), noWords, blocks (feature groups, each l2-normalised and weighted, concatenated).
// models: lr (balanced L2 logistic regression, cost C), svm (squared hinge or hinge, dual CD),
// nb (multinomial naive Bayes, alpha) with balance "balanced" | "double" (ASReview's
// DoubleBalance as deterministic weights) | ratio; several models = rank averaging.
export const METHODS = {
  shipped: { shipped: true },
  // src/screening/prioritise.ts's `models` option (issue 17, not kept): its naive Bayes alone, and
  // the orders of the shipped logistic regression and that naive Bayes averaged, on the shipped
  // word | char4 features.
  "shipped + naive bayes, orders averaged": { shipped: true, options: { models: ["logistic", "naive-bayes"] } },
  "shipped naive bayes only": { shipped: true, options: { models: ["naive-bayes"] } },
  // The shipped features with the logistic regression shipped before issue 17's second round.
  "shipped logistic regression": { shipped: true, options: { models: ["logistic"] } },
  "lr bigram C10 (before)": { models: [{ type: "lr", cost: 10 }], features: [{}] },
  "lr bigram C1": { models: [{ type: "lr", cost: 1 }], features: [{}] },
  "lr bigram C100": { models: [{ type: "lr", cost: 100 }], features: [{}] },
  "lr bigram C10 double": { models: [{ type: "lr", cost: 10, balance: "double" }], features: [{}] },
  "lr unigram": { models: [{ type: "lr", cost: 10 }], features: [{ ngrams: 1 }] },
  "lr bigram min_df 2": { models: [{ type: "lr", cost: 10 }], features: [{ minDf: 2 }] },
  "lr bigram linear tf": { models: [{ type: "lr", cost: 10 }], features: [{ sublinear: false }] },
  "lr bigram + title x1": { models: [{ type: "lr", cost: 10 }], features: [{ title: 1 }] },
  "lr bigram + char4": { models: [{ type: "lr", cost: 10 }], features: [{ char: [4] }] },
  "lr bigram | char4 x0.5": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "lr bigram | char4 x0.35": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.35 }] }],
  },
  "lr bigram | char4 x0.7": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.7 }] }],
  },
  "lr C3 bigram | char4 x0.5": {
    models: [{ type: "lr", cost: 3 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "lr C30 bigram | char4 x0.5": {
    models: [{ type: "lr", cost: 30 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "lr bigram | char3-5 x0.7": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{}, { noWords: true, char: [3, 4, 5], weight: 0.7 }] }],
  },
  "svm sq-hinge C1": { models: [{ type: "svm", cost: 1 }], features: [{}] },
  "svm sq-hinge C0.11 ratio 9.8": { models: [{ type: "svm", cost: 0.11, ratio: 9.8 }], features: [{}] },
  "svm sq-hinge C1 + char4": { models: [{ type: "svm", cost: 1 }], features: [{ char: [4] }] },
  "nb a3.822 double unigram stop (ASReview v0/v1)": {
    models: [{ type: "nb", alpha: 3.822, balance: "double" }],
    features: [{ ngrams: 1, stop: true }],
  },
  "nb a3.822 double unigram": { models: [{ type: "nb", alpha: 3.822, balance: "double" }], features: [{ ngrams: 1 }] },
  "nb a3.822 double bigram": { models: [{ type: "nb", alpha: 3.822, balance: "double" }], features: [{}] },
  "nb a0.1 balanced bigram": { models: [{ type: "nb", alpha: 0.1, balance: "balanced" }], features: [{}] },
  "rank-avg lr bigram + lr char4": {
    models: [
      { type: "lr", cost: 10 },
      { type: "lr", cost: 10 },
    ],
    features: [{}, { noWords: true, char: [4] }],
  },
  // Issue 17 (WSS@95, seeds 1-5, full-text labels; the bar is ASReview's ELAS u4 "svm sq-hinge
  // C0.11 ratio 9.8": Nagtegaal 73.4, Menon 55.6, Bannach-Brown 40.6; its naive Bayes 63.9, 51.6,
  // 33.1; the logistic regression shipped before, "shipped logistic regression": 72.4, 59.1, 55.8).
  // Round 1, tuned on Menon 2022 only, the pick then scored once on the other two. On Menon:
  // char4 x0.35 58.5, x0.7 60.0; C3 58.6, C30 59.7; double balance 59.3, ratio 2 59.2;
  // unigram | char4 63.7; title block 53.3, title x1 in the word block 58.9; SVM ELAS-style on
  // word | char4 58.7, SVM C1 59.7. Pick: unigram | char4, which scored 68.2 on Nagtegaal and 50.8
  // on Bannach-Brown: below ELAS on Nagtegaal, dropped.
  "lr C10 double bigram | char4 x0.5": {
    models: [{ type: "lr", cost: 10, balance: "double" }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "lr C10 ratio 2 bigram | char4 x0.5": {
    models: [{ type: "lr", cost: 10, ratio: 2 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "lr unigram | char4 x0.5": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{ ngrams: 1 }, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "lr bigram | char4 x0.5 | title x0.5": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }, { noWords: true, title: 1, weight: 0.5 }] }],
  },
  "lr bigram + title x1 | char4 x0.5": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{ title: 1 }, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "svm sq-hinge C0.11 ratio 9.8 bigram | char4 x0.5": {
    models: [{ type: "svm", cost: 0.11, ratio: 9.8 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "svm sq-hinge C1 bigram | char4 x0.5": {
    models: [{ type: "svm", cost: 1 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  // Round 2, tuned on Nagtegaal 2019 only (the set where the logistic regression fell short), the
  // pick then scored once on Menon 2022 and Bannach-Brown 2019. On Nagtegaal: unigram | bigram
  // x0.5 | char4 68.4, x0.7 69.9 (unigrams and bigrams as separately normalised blocks, so rare
  // bigrams no longer take most of the word block's length: Nagtegaal needs them); logistic with
  // char4 x0.25 73.9, x0.35 72.5, C30 72.9; SVM C1 73.2, SVM C3 74.3, SVM C1 with char4 x0.25
  // 74.4. The two SVMs tie (0.1 apart, well within the seeds' spread); SVM C3 on the unchanged
  // features was kept, the smaller change: Menon 60.7, Bannach-Brown 56.1 (SVM C1 char4 x0.25,
  // also scored: 57.4, 52.3; both clear the bar). It is "shipped" from then on. On Nagtegaal's
  // title/abstract labels, used in no tuning: SVM C3 40.8, logistic 41.1, ELAS 38.5, NB 32.5.
  "lr unigram | bigram x0.5 | char4 x0.5": {
    models: [{ type: "lr", cost: 10 }],
    features: [
      { blocks: [{ ngrams: 1 }, { bigramsOnly: true, weight: 0.5 }, { noWords: true, char: [4], weight: 0.5 }] },
    ],
  },
  "lr unigram | bigram x0.7 | char4 x0.5": {
    models: [{ type: "lr", cost: 10 }],
    features: [
      { blocks: [{ ngrams: 1 }, { bigramsOnly: true, weight: 0.7 }, { noWords: true, char: [4], weight: 0.5 }] },
    ],
  },
  "lr bigram | char4 x0.25": {
    models: [{ type: "lr", cost: 10 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.25 }] }],
  },
  "svm sq-hinge C3 bigram | char4 x0.5": {
    models: [{ type: "svm", cost: 3 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.5 }] }],
  },
  "svm sq-hinge C1 bigram | char4 x0.25": {
    models: [{ type: "svm", cost: 1 }],
    features: [{ blocks: [{}, { noWords: true, char: [4], weight: 0.25 }] }],
  },
  "lr bigram + explore every 10th": { models: [{ type: "lr", cost: 10 }], features: [{}], explore: 10 },
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    methods: { type: "string" },
    seeds: { type: "string", default: "5" },
    list: { type: "boolean", default: false },
    // Skips the label_abstract_screening pass (the slowest: 392 inclusions on Nagtegaal).
    "full-text-only": { type: "boolean", default: false },
  },
});
if (values.list) {
  for (const name of Object.keys(METHODS)) console.log(name);
  process.exit(0);
}
const names = values.methods ? values.methods.split(",") : Object.keys(METHODS);
for (const name of names) if (!(name in METHODS)) throw new Error(`unknown method "${name}" (see --list)`);
const seedCount = Number(values.seeds);
const defaultDir = join(root, "..", "shared", "benchmarks", "screening");
const files =
  positionals.length > 0
    ? positionals
    : readdirSync(defaultDir)
        .filter((file) => file.endsWith(".csv"))
        .sort()
        .map((file) => join(defaultDir, file));

for (const name of names) {
  const method = METHODS[name];
  for (const file of files) {
    const rows = readLabelledRows(file);
    const both = !values["full-text-only"] && rows.length > 0 && ABSTRACT_SCREENING in rows[0];
    const columns = both ? [INCLUDED, ABSTRACT_SCREENING] : [INCLUDED];
    for (const column of columns) {
      const { items, truth } = labelledSet(rows, column);
      const dataset = basename(file).replace(/\.csv$/i, "") + (column === INCLUDED ? "" : ":abstract");
      const started = process.hrtime.bigint();
      const runs = [];
      const shared = method.shipped ? null : methodRanker(rows, method);
      for (let seed = 1; seed <= seedCount; seed++) {
        const ranker = method.shipped ? relevanceRanker(items, { seed, ...method.options }) : shared.forSeed(seed);
        const run = simulate(items, truth, seed, ranker, { explore: method.explore ?? 0 });
        if (run !== null) runs.push(run);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(
        `${name.padEnd(46)} ${dataset.padEnd(27)} WSS@95 ${percent(mean(runs.map((r) => r.wss95))).padStart(6)}  ` +
          `recall@10% ${percent(mean(runs.map((r) => r.recallAt10))).padStart(6)}  ${seconds.toFixed(0).padStart(4)} s`,
      );
    }
  }
}
