/**
 * L2-regularised logistic regression on sparse rows, trained by dual coordinate descent
 * (Yu, Huang & Lin 2011, "Dual coordinate descent methods for logistic regression and
 * maximum entropy models" — the solver behind LIBLINEAR's -s 7). It needs no learning
 * rate, converges in a few passes on TF-IDF rows, and is deterministic once the visiting
 * order comes from a seeded generator.
 *
 * Classes are weighted inversely to their size by default (scikit-learn's
 * class_weight="balanced"): in screening the relevant records are a few per cent, and an
 * unweighted model would learn little more than "everything is irrelevant".
 */
import type { SparseVector } from "./tfidf.js";

export interface LinearModel {
  readonly weights: Float64Array;
  readonly bias: number;
}

export interface LogisticOptions {
  /** Inverse regularisation strength (LIBLINEAR's C); each row's cost is C times its class weight. */
  readonly cost: number;
  /**
   * Total weight of the relevant rows over that of the irrelevant ones (1 = scikit-learn's
   * "balanced"); weights are then scaled to average 1 per row so `cost` keeps its meaning.
   */
  readonly relevantWeightRatio: number;
  /** Stop when the largest dual gradient in a pass falls below this (LIBLINEAR's eps). */
  readonly tolerance: number;
  readonly maxPasses: number;
  /** Uniform numbers in [0, 1) that decide the order rows are visited. */
  readonly random: () => number;
}

export const DEFAULT_LOGISTIC_OPTIONS: Omit<LogisticOptions, "random"> = {
  // Weak regularisation ranked best on all three benchmark sets (WSS@95 rises from C = 0.3 to
  // C = 10 and is flat beyond); balanced weights beat heavier relevant weighting on the set
  // with 14 % inclusions, and ASReview's "double" oversampling did no better (bench/screen-methods.mjs).
  cost: 10,
  relevantWeightRatio: 1,
  tolerance: 0.1,
  maxPasses: 50,
};

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(values: T[], random: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i] as T;
    values[i] = values[j] as T;
    values[j] = swap;
  }
  return values;
}

export function dot(weights: Float64Array, row: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < row.indices.length; k++)
    sum += (weights[row.indices[k] as number] ?? 0) * (row.values[k] as number);
  return sum;
}

export function decisionValue(model: LinearModel, row: SparseVector): number {
  return dot(model.weights, row) + model.bias;
}

const INNER_MAX_STEPS = 100;
// The bias is learned as the weight of a constant feature of this value (LIBLINEAR's -B 1).
const BIAS_FEATURE = 1;

/**
 * Fits P(label = 1 | row) = σ(w·row + b). `labels` are 0/1 per row; both classes must be
 * present (the caller decides what to do otherwise).
 */
export function trainLogistic(
  rows: readonly SparseVector[],
  labels: readonly (0 | 1)[],
  dimensions: number,
  options: LogisticOptions,
): LinearModel {
  const n = rows.length;
  const positives = labels.filter((label) => label === 1).length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError("trainLogistic needs both classes");
  // Per-row weights 1 (relevant) and positives / (ratio × negatives) (irrelevant), rescaled to sum to n.
  const negativeWeight = positives / (options.relevantWeightRatio * negatives);
  const scale = n / (positives + negativeWeight * negatives);
  const costOf = (label: 0 | 1): number => options.cost * scale * (label === 1 ? 1 : negativeWeight);

  const weights = new Float64Array(dimensions);
  let bias = 0;
  // Each row's dual variable α and its complement C − α are kept together so that log(α/(C−α))
  // stays accurate when α is near either bound.
  const alpha = new Float64Array(2 * n);
  const cost = new Float64Array(n);
  const sign = new Float64Array(n);
  const squaredNorm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i] as 0 | 1;
    const row = rows[i] as SparseVector;
    const c = costOf(label);
    const y = label === 1 ? 1 : -1;
    cost[i] = c;
    sign[i] = y;
    alpha[2 * i] = Math.min(0.001 * c, 1e-8);
    alpha[2 * i + 1] = c - (alpha[2 * i] as number);
    let norm = BIAS_FEATURE * BIAS_FEATURE;
    for (let k = 0; k < row.indices.length; k++) {
      const v = row.values[k] as number;
      norm += v * v;
      const j = row.indices[k] as number;
      weights[j] = (weights[j] as number) + y * (alpha[2 * i] as number) * v;
    }
    squaredNorm[i] = norm;
    bias += y * (alpha[2 * i] as number) * BIAS_FEATURE;
  }

  const order = Array.from({ length: n }, (_, i) => i);
  const innerToleranceFloor = Math.min(1e-8, options.tolerance);
  let innerTolerance = 1e-2;
  for (let pass = 0; pass < options.maxPasses; pass++) {
    shuffleInPlace(order, options.random);
    let largestGradient = 0;
    let newtonSteps = 0;
    for (const i of order) {
      const row = rows[i] as SparseVector;
      const y = sign[i] as number;
      const c = cost[i] as number;
      const a = squaredNorm[i] as number;
      const b = y * (dot(weights, row) + bias * BIAS_FEATURE);
      // Move whichever of α, C − α is the smaller one after the step, for numerical stability.
      let low = 2 * i;
      let high = 2 * i + 1;
      let direction = 1;
      if (0.5 * a * ((alpha[high] as number) - (alpha[low] as number)) + b < 0) {
        low = 2 * i + 1;
        high = 2 * i;
        direction = -1;
      }
      const start = alpha[low] as number;
      let z = c - start < 0.5 * c ? 0.1 * start : start;
      let gradient = a * (z - start) + direction * b + Math.log(z / (c - z));
      largestGradient = Math.max(largestGradient, Math.abs(gradient));
      let steps = 0;
      // Newton's method on the one-variable subproblem, pulled back towards 0 when it overshoots.
      while (steps < INNER_MAX_STEPS && Math.abs(gradient) >= innerTolerance) {
        const curvature = a + c / (c - z) / z;
        const next = z - gradient / curvature;
        z = next <= 0 ? z * 0.1 : next;
        gradient = a * (z - start) + direction * b + Math.log(z / (c - z));
        steps++;
      }
      newtonSteps += steps;
      if (steps > 0) {
        alpha[low] = z;
        alpha[high] = c - z;
        const change = direction * (z - start) * y;
        for (let k = 0; k < row.indices.length; k++) {
          const j = row.indices[k] as number;
          weights[j] = (weights[j] as number) + change * (row.values[k] as number);
        }
        bias += change * BIAS_FEATURE;
      }
    }
    if (largestGradient < options.tolerance) break;
    if (newtonSteps <= n / 10) innerTolerance = Math.max(innerToleranceFloor, 0.1 * innerTolerance);
  }
  return { weights, bias: bias * BIAS_FEATURE };
}

/** The same knobs as the logistic regression: cost C, class balance, stopping rule, visiting order. */
export type SvmOptions = LogisticOptions;

export const DEFAULT_SVM_OPTIONS: Omit<SvmOptions, "random"> = {
  // Chosen on Nagtegaal 2019 among C = 1 and 3 (issue 17, bench/screen-methods.mjs, seeds 1-5),
  // then scored once on Menon 2022 and Bannach-Brown 2019; balanced weights as the logistic model.
  cost: 3,
  relevantWeightRatio: 1,
  tolerance: 0.1,
  maxPasses: 50,
};

/**
 * L2-regularised linear SVM with the squared hinge loss, by dual coordinate descent (Hsieh et
 * al. 2008, "A dual coordinate descent method for large-scale linear SVM" — LIBLINEAR's -s 1,
 * the model of ASReview's current default ELAS u4). Each step solves one row's dual variable in
 * closed form, so a pass costs one sparse dot product and update per row, with no logarithms or
 * inner Newton loop: cheaper retrains than the logistic regression. Classes are weighted as in
 * `trainLogistic`; the bias is the weight of a constant feature 1.
 */
export function trainSvm(
  rows: readonly SparseVector[],
  labels: readonly (0 | 1)[],
  dimensions: number,
  options: SvmOptions,
): LinearModel {
  const n = rows.length;
  const positives = labels.filter((label) => label === 1).length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError("trainSvm needs both classes");
  const negativeWeight = positives / (options.relevantWeightRatio * negatives);
  const scale = n / (positives + negativeWeight * negatives);

  const weights = new Float64Array(dimensions);
  let bias = 0;
  const alpha = new Float64Array(n);
  const cost = new Float64Array(n);
  // Q_ii + D_ii of the dual: the row's squared length (bias feature included) plus 1 / (2 C_i),
  // the squared hinge's diagonal term.
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as SparseVector;
    cost[i] = options.cost * scale * (labels[i] === 1 ? 1 : negativeWeight);
    let norm = 0;
    for (const v of row.values) norm += v * v;
    diagonal[i] = BIAS_FEATURE * BIAS_FEATURE + norm + 0.5 / (cost[i] as number);
  }

  const order = Array.from({ length: n }, (_, i) => i);
  for (let pass = 0; pass < options.maxPasses; pass++) {
    shuffleInPlace(order, options.random);
    let largestGradient = 0;
    for (const i of order) {
      const row = rows[i] as SparseVector;
      const y = labels[i] === 1 ? 1 : -1;
      const before = alpha[i] as number;
      const gradient = y * (dot(weights, row) + bias * BIAS_FEATURE) - 1 + (0.5 * before) / (cost[i] as number);
      // α ≥ 0 is the only bound (the squared hinge has no upper one): at 0, only a step up counts.
      const projected = before === 0 ? Math.min(gradient, 0) : gradient;
      largestGradient = Math.max(largestGradient, Math.abs(projected));
      if (Math.abs(projected) <= 1e-12) continue;
      alpha[i] = Math.max(before - gradient / (diagonal[i] as number), 0);
      const change = ((alpha[i] as number) - before) * y;
      for (let k = 0; k < row.indices.length; k++) {
        const j = row.indices[k] as number;
        weights[j] = (weights[j] as number) + change * (row.values[k] as number);
      }
      bias += change * BIAS_FEATURE;
    }
    if (largestGradient < options.tolerance) break;
  }
  return { weights, bias: bias * BIAS_FEATURE };
}

export interface NaiveBayesOptions {
  /** Additive (Lidstone) smoothing of each term's weighted count; scikit-learn's alpha. */
  readonly smoothing: number;
}

export const DEFAULT_NAIVE_BAYES_OPTIONS: NaiveBayesOptions = {
  // ASReview's tuned value for its naive Bayes default (ASReview 0.x and 1.x, alpha = 3.822).
  smoothing: 3.822,
};

/**
 * ASReview's "double" balance strategy (DoubleBalance: a = 2.155, α = 0.94, b = 0.789, β = 1) as
 * the ratio of total relevant to total irrelevant weight in the training set. ASReview reaches
 * it by resampling the relevant rows (more copies the rarer they are) and subsampling the
 * irrelevant ones; weighting every row gives the same expected training set without the random
 * draw, so the order stays a function of the labels alone.
 */
export function doubleBalanceRatio(relevant: number, irrelevant: number): number {
  const relevantWeight = 2.155 * (relevant / irrelevant) ** -0.94;
  const irrelevantWeight = 1 - (1 - 0.789) * (1 + relevant + irrelevant) ** -1;
  return (relevantWeight * relevant) / (irrelevantWeight * irrelevant);
}

/**
 * Multinomial naive Bayes on TF-IDF rows (scikit-learn's MultinomialNB, ASReview's long-time
 * default), with the relevant rows weighted so the classes' total weights stand in
 * `doubleBalanceRatio`. Returned as a linear model: each weight is the log ratio of the term's
 * smoothed share in relevant and in irrelevant text. The class prior is left out of the bias,
 * since it shifts every score equally and so never changes an order.
 */
export function trainNaiveBayes(
  rows: readonly SparseVector[],
  labels: readonly (0 | 1)[],
  dimensions: number,
  options: NaiveBayesOptions,
): LinearModel {
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError("trainNaiveBayes needs both classes");
  const relevantWeight = (doubleBalanceRatio(positives, negatives) * negatives) / positives;
  // Only the terms of labelled rows get counts; a retrain at 50,000 records has millions of
  // dimensions but a few hundred thousand such terms, so they get compact slots, numbered (from
  // 1) in the weights array itself until the weights are written.
  const weights = new Float64Array(dimensions);
  const terms: number[] = [];
  for (const row of rows) {
    for (let k = 0; k < row.indices.length; k++) {
      const j = row.indices[k] as number;
      if (weights[j] === 0) weights[j] = terms.push(j);
    }
  }
  const relevantCounts = new Float64Array(terms.length);
  const irrelevantCounts = new Float64Array(terms.length);
  let relevantTotal = 0;
  let irrelevantTotal = 0;
  rows.forEach((row, i) => {
    const relevant = labels[i] === 1;
    const counts = relevant ? relevantCounts : irrelevantCounts;
    const weight = relevant ? relevantWeight : 1;
    for (let k = 0; k < row.indices.length; k++) {
      const slot = (weights[row.indices[k] as number] as number) - 1;
      const value = weight * (row.values[k] as number);
      counts[slot] = (counts[slot] as number) + value;
      if (relevant) relevantTotal += value;
      else irrelevantTotal += value;
    }
  });
  const alpha = options.smoothing;
  const relevantNorm = Math.log(relevantTotal + alpha * dimensions);
  const irrelevantNorm = Math.log(irrelevantTotal + alpha * dimensions);
  // A term no labelled row holds has the same weight as every other such term.
  weights.fill(irrelevantNorm - relevantNorm);
  terms.forEach((j, slot) => {
    weights[j] =
      Math.log((relevantCounts[slot] as number) + alpha) -
      relevantNorm -
      (Math.log((irrelevantCounts[slot] as number) + alpha) - irrelevantNorm);
  });
  return { weights, bias: 0 };
}
