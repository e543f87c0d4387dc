import { describe, expect, test } from "vitest";
import {
  DEFAULT_LOGISTIC_OPTIONS,
  DEFAULT_NAIVE_BAYES_OPTIONS,
  DEFAULT_SVM_OPTIONS,
  decisionValue,
  doubleBalanceRatio,
  seededRandom,
  shuffleInPlace,
  trainLogistic,
  trainNaiveBayes,
  trainSvm,
  type LinearModel,
} from "../../src/screening/linear-model.js";
import type { SparseVector } from "../../src/screening/tfidf.js";

function row(entries: [number, number][]): SparseVector {
  return { indices: Int32Array.from(entries, ([i]) => i), values: Float64Array.from(entries, ([, v]) => v) };
}

// Feature 0 marks relevant rows, feature 1 irrelevant ones, feature 2 is shared noise.
const rows = [
  row([
    [0, 0.9],
    [2, 0.4],
  ]),
  row([[0, 1]]),
  row([
    [1, 0.9],
    [2, 0.4],
  ]),
  row([[1, 1]]),
  row([
    [1, 0.8],
    [2, 0.6],
  ]),
  row([
    [1, 0.7],
    [2, 0.7],
  ]),
];
const labels: (0 | 1)[] = [1, 1, 0, 0, 0, 0];
const options = (seed: number) => ({ ...DEFAULT_LOGISTIC_OPTIONS, random: seededRandom(seed) });

describe("seededRandom", () => {
  test("repeats the same sequence for the same seed and differs for another", () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  test("draws numbers in [0, 1)", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  test("shuffles to a permutation of the input", () => {
    const shuffled = shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(3));
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("trainLogistic", () => {
  test("separates the classes on the feature that marks them", () => {
    const model = trainLogistic(rows, labels, 3, options(1));
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    rows.forEach((r, i) => {
      if (labels[i] === 1) expect(decisionValue(model, r)).toBeGreaterThan(0);
      else expect(decisionValue(model, r)).toBeLessThan(0);
    });
  });

  test("scores an unseen row with the relevant feature above one with the irrelevant feature", () => {
    const model = trainLogistic(rows, labels, 3, options(1));
    expect(
      decisionValue(
        model,
        row([
          [0, 0.5],
          [2, 0.5],
        ]),
      ),
    ).toBeGreaterThan(
      decisionValue(
        model,
        row([
          [1, 0.5],
          [2, 0.5],
        ]),
      ),
    );
  });

  test("gives identical weights for the same seed", () => {
    const a = trainLogistic(rows, labels, 3, options(42));
    const b = trainLogistic(rows, labels, 3, options(42));
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.bias).toBe(b.bias);
  });

  test("weights the rare class up so that it is not ignored", () => {
    // One relevant row among many irrelevant ones that share its noise feature.
    const rare = [row([[0, 1]]), ...Array.from({ length: 30 }, () => row([[2, 1]]))];
    const rareLabels: (0 | 1)[] = [1, ...Array.from({ length: 30 }, (): 0 => 0)];
    const model = trainLogistic(rare, rareLabels, 3, options(1));
    expect(decisionValue(model, row([[0, 1]]))).toBeGreaterThan(0);
  });

  test("trains on rows with no terms", () => {
    const model = trainLogistic([row([]), row([[0, 1]])], [0, 1], 1, options(1));
    expect(Number.isFinite(model.bias)).toBe(true);
    expect(decisionValue(model, row([[0, 1]]))).toBeGreaterThan(decisionValue(model, row([])));
  });

  test("refuses labels of a single class", () => {
    expect(() => trainLogistic(rows.slice(0, 2), [1, 1], 3, options(1))).toThrow(RangeError);
  });
});

describe("trainSvm", () => {
  const svmOptions = (seed: number) => ({ ...DEFAULT_SVM_OPTIONS, random: seededRandom(seed) });

  test("separates the classes on the feature that marks them", () => {
    const model = trainSvm(rows, labels, 3, svmOptions(1));
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    rows.forEach((r, i) => {
      if (labels[i] === 1) expect(decisionValue(model, r)).toBeGreaterThan(0);
      else expect(decisionValue(model, r)).toBeLessThan(0);
    });
  });

  test("reaches the minimum of the class-weighted squared hinge loss plus the L2 penalty", () => {
    // Overlapping classes, so the loss term is not zero at the optimum.
    const noisy = [
      ...rows,
      row([
        [0, 0.3],
        [1, 0.6],
      ]),
      row([
        [1, 0.2],
        [0, 0.5],
      ]),
    ];
    const noisyLabels: (0 | 1)[] = [...labels, 1, 0];
    const cost = 3;
    const model = trainSvm(noisy, noisyLabels, 3, {
      ...svmOptions(5),
      cost,
      tolerance: 1e-10,
      maxPasses: 10_000,
    });
    // Balanced weights: 3 relevant and 5 irrelevant rows carry equal totals, rescaled to average 1.
    const positives = 3;
    const negatives = 5;
    const negativeWeight = positives / negatives;
    const scale = noisy.length / (positives + negativeWeight * negatives);
    const objective = (m: LinearModel): number => {
      let value = 0.5 * (m.weights.reduce((sum, w) => sum + w * w, 0) + m.bias * m.bias);
      noisy.forEach((r, i) => {
        const y = noisyLabels[i] === 1 ? 1 : -1;
        const slack = Math.max(0, 1 - y * decisionValue(m, r));
        value += cost * scale * (y === 1 ? 1 : negativeWeight) * slack * slack;
      });
      return value;
    };
    const best = objective(model);
    for (let j = 0; j <= 3; j++) {
      for (const step of [-1e-3, 1e-3]) {
        const weights = Float64Array.from(model.weights);
        let bias = model.bias;
        if (j === 3) bias += step;
        else weights[j] = (weights[j] as number) + step;
        expect(objective({ weights, bias })).toBeGreaterThan(best);
      }
    }
  });

  test("gives identical weights for the same seed", () => {
    const a = trainSvm(rows, labels, 3, svmOptions(42));
    const b = trainSvm(rows, labels, 3, svmOptions(42));
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.bias).toBe(b.bias);
  });

  test("weights the rare class up so that it is not ignored", () => {
    const rare = [row([[0, 1]]), ...Array.from({ length: 30 }, () => row([[2, 1]]))];
    const rareLabels: (0 | 1)[] = [1, ...Array.from({ length: 30 }, (): 0 => 0)];
    const model = trainSvm(rare, rareLabels, 3, svmOptions(1));
    expect(decisionValue(model, row([[0, 1]]))).toBeGreaterThan(0);
  });

  test("trains on rows with no terms", () => {
    const model = trainSvm([row([]), row([[0, 1]])], [0, 1], 1, svmOptions(1));
    expect(Number.isFinite(model.bias)).toBe(true);
    expect(decisionValue(model, row([[0, 1]]))).toBeGreaterThan(decisionValue(model, row([])));
  });

  test("refuses labels of a single class", () => {
    expect(() => trainSvm(rows.slice(0, 2), [1, 1], 3, svmOptions(1))).toThrow(RangeError);
  });
});

describe("doubleBalanceRatio", () => {
  test("gives the relevant records more total weight than their share of the training set", () => {
    expect(doubleBalanceRatio(10, 990)).toBeGreaterThan(10 / 990);
    expect(doubleBalanceRatio(100, 900)).toBeGreaterThan(100 / 900);
  });

  test("oversamples the relevant records more the rarer they are", () => {
    const boost = (relevant: number, irrelevant: number) =>
      doubleBalanceRatio(relevant, irrelevant) / (relevant / irrelevant);
    expect(boost(10, 990)).toBeGreaterThan(boost(100, 900));
    expect(boost(100, 900)).toBeGreaterThan(boost(400, 600));
  });

  test("follows ASReview's DoubleBalance weights 2.155·(R/I)^-0.94 and 1 − 0.211/(1 + R + I)", () => {
    const relevant = 7;
    const irrelevant = 93;
    const relevantWeight = 2.155 * (relevant / irrelevant) ** -0.94;
    const irrelevantWeight = 1 - (1 - 0.789) / (1 + relevant + irrelevant);
    expect(doubleBalanceRatio(relevant, irrelevant)).toBeCloseTo(
      (relevantWeight * relevant) / (irrelevantWeight * irrelevant),
      12,
    );
  });
});

describe("trainNaiveBayes", () => {
  test("weighs a term of the relevant rows up and a term of the irrelevant rows down", () => {
    const model = trainNaiveBayes(rows, labels, 3, DEFAULT_NAIVE_BAYES_OPTIONS);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    expect(decisionValue(model, row([[0, 1]]))).toBeGreaterThan(decisionValue(model, row([[1, 1]])));
  });

  test("scores a term seen in neither class above one seen only in irrelevant rows", () => {
    const model = trainNaiveBayes(rows, labels, 4, DEFAULT_NAIVE_BAYES_OPTIONS);
    expect(model.weights[3]).toBeGreaterThan(model.weights[1] as number);
  });

  test("refuses labels of one class only", () => {
    expect(() => trainNaiveBayes(rows, [1, 1, 1, 1, 1, 1], 3, DEFAULT_NAIVE_BAYES_OPTIONS)).toThrow(RangeError);
  });
});
