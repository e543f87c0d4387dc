/**
 * Prioritised screening order: rank records by predicted relevance, learned from the
 * decisions already made (TF-IDF of word unigrams + bigrams plus a half-weight block of
 * character 4-grams, see features.ts; a class-balanced linear SVM with the squared hinge loss,
 * C = 3, retrained from scratch on every call). The order is deterministic for a given seed: the
 * only randomness is the visiting order of the solver, drawn from a seeded generator.
 *
 * Why the SVM (issue 17): on the same features it ranks better than the logistic regression it
 * replaces, and at least as well as ASReview's own models re-run the same way on every labelled
 * set (bench/screen-methods.mjs, seeds 1-5). C was chosen on Nagtegaal 2019 alone and the
 * model then scored once on Menon 2022 and Bannach-Brown 2019; the figures are in the README.
 *
 * `models` can name other learners (the logistic regression, a multinomial naive Bayes with
 * ASReview's "double" balance); several are combined by averaging their orders. Measured and
 * not the default: averaging the logistic regression and naive Bayes lifts Nagtegaal 2019 but
 * drops Bannach-Brown 2019 below ASReview's current default, and doubles the retrain time.
 *
 * Rule when there is nothing to learn from: until the labels (restricted to the given items)
 * hold at least one relevant (1) and one irrelevant (0) decision, the order is the input
 * order. `canLearnRelevance` says which case applies, so a caller can report it.
 */
import {
  DEFAULT_LOGISTIC_OPTIONS,
  DEFAULT_NAIVE_BAYES_OPTIONS,
  DEFAULT_SVM_OPTIONS,
  decisionValue,
  seededRandom,
  trainLogistic,
  trainNaiveBayes,
  trainSvm,
  type LinearModel,
  type LogisticOptions,
} from "./linear-model.js";
import { screeningFeatures, type FeatureMatrix, type FeatureOptions } from "./features.js";
import type { SparseVector } from "./tfidf.js";
import type { Progress } from "../progress.js";

export interface ScreeningItem {
  readonly id: string;
  /** Title and abstract (and anything else worth learning from), as one string. */
  readonly text: string;
}

export type RelevanceLabels = ReadonlyMap<string, 0 | 1>;

/** The learners whose orders are averaged; one alone is ranked by its own scores. */
export type RelevanceModel = "svm" | "logistic" | "naive-bayes";

export const DEFAULT_RELEVANCE_MODELS: readonly RelevanceModel[] = ["svm"];

export interface PrioritiseOptions {
  readonly seed: number;
  readonly features?: FeatureOptions;
  /** Overrides of the SVM's and the logistic regression's defaults (cost, class balance, stopping). */
  readonly model?: Partial<Omit<LogisticOptions, "random">>;
  readonly models?: readonly RelevanceModel[];
  /** Told the records scored so far (of all items) when a model is learnt; shown for long rankings. */
  readonly progress?: Progress;
}

export interface ScoredItem {
  readonly id: string;
  /** The model's decision value (higher: more likely relevant); null while there is nothing to learn from. */
  readonly score: number | null;
}

export interface RelevanceRanker {
  /** Every item id, most relevant first (ties and the no-model case keep input order). */
  rank(labels: RelevanceLabels): string[];
  /** The same order with each item's score, for sheets and the screening app. */
  scored(labels: RelevanceLabels): ScoredItem[];
}

/** True when the labels on these items include both a relevant and an irrelevant decision. */
export function canLearnRelevance(items: readonly ScreeningItem[], labels: RelevanceLabels): boolean {
  let relevant = false;
  let irrelevant = false;
  for (const item of items) {
    const label = labels.get(item.id);
    if (label === 1) relevant = true;
    else if (label === 0) irrelevant = true;
    if (relevant && irrelevant) return true;
  }
  return false;
}

/**
 * Computes the features once and ranks for any set of labels: the screening stage calls it
 * once per run, the benchmark once per simulated screening decision.
 */
export function relevanceRanker(items: readonly ScreeningItem[], options: PrioritiseOptions): RelevanceRanker {
  const ids = items.map((item) => item.id);
  let features: FeatureMatrix | undefined;
  const logisticOptions = { ...DEFAULT_LOGISTIC_OPTIONS, ...options.model };
  const svmOptions = { ...DEFAULT_SVM_OPTIONS, ...options.model };
  const models = options.models ?? DEFAULT_RELEVANCE_MODELS;
  if (models.length === 0) throw new RangeError("relevanceRanker needs at least one model");

  const scored = (labels: RelevanceLabels): ScoredItem[] => {
    if (!canLearnRelevance(items, labels)) return ids.map((id) => ({ id, score: null }));
    features ??= screeningFeatures(
      items.map((item) => item.text),
      options.features,
    );
    const { rows, dimensions } = features;
    const trainingRows: SparseVector[] = [];
    const trainingLabels: (0 | 1)[] = [];
    items.forEach((item, i) => {
      const label = labels.get(item.id);
      if (label === undefined) return;
      trainingRows.push(rows[i] as SparseVector);
      trainingLabels.push(label);
    });
    const fitted = models.map((kind): LinearModel => {
      if (kind === "naive-bayes")
        return trainNaiveBayes(trainingRows, trainingLabels, dimensions, DEFAULT_NAIVE_BAYES_OPTIONS);
      const random = seededRandom(options.seed);
      if (kind === "svm") return trainSvm(trainingRows, trainingLabels, dimensions, { ...svmOptions, random });
      return trainLogistic(trainingRows, trainingLabels, dimensions, { ...logisticOptions, random });
    });
    const scoreSets = fitted.map((model) => {
      const values = new Float64Array(rows.length);
      rows.forEach((row, i) => {
        if (i % 1024 === 0) options.progress?.update(i, rows.length);
        values[i] = decisionValue(model, row);
      });
      return values;
    });
    options.progress?.update(rows.length, rows.length);
    const scores = scoreSets.length === 1 ? (scoreSets[0] as Float64Array) : averageRanks(scoreSets);
    const order = ids.map((_, i) => i);
    order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    return order.map((i) => ({ id: ids[i] as string, score: scores[i] as number }));
  };
  return { scored, rank: (labels) => scored(labels).map((item) => item.id) };
}

/**
 * Each item's mean place across the score sets, as a share of the items (0 = least relevant,
 * towards 1 = most): the learners' decision values are on unrelated scales (a logit, a log
 * likelihood ratio), so their orders are averaged, not their values. Ties in one set share the
 * place of their first member, so records no model can tell apart stay tied.
 */
function averageRanks(scoreSets: readonly Float64Array[]): Float64Array {
  const n = (scoreSets[0] as Float64Array).length;
  const averaged = new Float64Array(n);
  const order = new Int32Array(n);
  for (const scores of scoreSets) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
    let place = 0;
    for (let r = 0; r < n; r++) {
      const i = order[r] as number;
      if (r > 0 && (scores[i] as number) !== (scores[order[r - 1] as number] as number)) place = r;
      averaged[i] = (averaged[i] as number) + place / n / scoreSets.length;
    }
  }
  return averaged;
}

export function rankByRelevance(
  items: readonly ScreeningItem[],
  labels: RelevanceLabels,
  options: PrioritiseOptions,
): string[] {
  return relevanceRanker(items, options).rank(labels);
}
