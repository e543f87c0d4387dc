// Candidate screening models for bench/screen-methods.mjs: feature variants (word n-grams,
// linear or sublinear tf, min_df, stop words, title boosting, character n-grams, weighted feature
// blocks) and classifiers (the shipped logistic regression, a linear SVM, multinomial naive
// Bayes with ASReview's double balancing, rank-averaged ensembles). Plain JS on purpose: these
// are measured, not shipped.
import { seededRandom, trainLogistic } from "../dist/screening/linear-model.js";

// scikit-learn's English stop-word list is longer; this is the common core, enough to measure
// the effect (ASReview v0/v1 used stop_words="english" with naive Bayes).
const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but " +
    "by can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves"
  ).split(" "),
);
const WORD = /[\p{L}\p{N}]{2,}/gu;
const words = (text) => text.normalize("NFKC").toLowerCase().match(WORD) ?? [];

function termsOf(title, abstract, f) {
  let ws = words(`${title}\n${abstract}`);
  if (f.stop) ws = ws.filter((w) => !STOP_WORDS.has(w));
  const terms = f.noWords || f.bigramsOnly ? [] : ws.slice();
  const n = f.ngrams ?? 2;
  if (f.bigramsOnly) for (let i = 1; i < ws.length; i++) terms.push(`${ws[i - 1]} ${ws[i]}`);
  if (!f.noWords && !f.bigramsOnly && n >= 2) for (let i = 1; i < ws.length; i++) terms.push(`${ws[i - 1]} ${ws[i]}`);
  if (!f.noWords && n >= 3) for (let i = 2; i < ws.length; i++) terms.push(`${ws[i - 2]} ${ws[i - 1]} ${ws[i]}`);
  for (let r = 0; r < (f.title ?? 0); r++) for (const w of words(title)) terms.push(`title:${w}`);
  if (f.char) {
    const text = ` ${words(`${title}\n${abstract}`).join(" ")} `;
    for (const len of f.char) for (let i = 0; i + len <= text.length; i++) terms.push(`char:${text.slice(i, i + len)}`);
  }
  return terms;
}

/** TF-IDF rows (sorted sparse, l2-normalised) for one feature spec. */
export function features(rows, f) {
  if (f.blocks) {
    const parts = f.blocks.map((block) => ({ weight: block.weight ?? 1, matrix: features(rows, block) }));
    const out = rows.map(() => ({ indices: [], values: [] }));
    let offset = 0;
    for (const { weight, matrix } of parts) {
      matrix.rows.forEach((row, i) => {
        for (let k = 0; k < row.indices.length; k++) {
          out[i].indices.push(row.indices[k] + offset);
          out[i].values.push(row.values[k] * weight);
        }
      });
      offset += matrix.dims;
    }
    return {
      rows: out.map((r) => ({ indices: Int32Array.from(r.indices), values: Float64Array.from(r.values) })),
      dims: offset,
    };
  }
  const counts = rows.map((row) => {
    const tf = new Map();
    for (const term of termsOf(row.title ?? "", row.abstract ?? "", f)) tf.set(term, (tf.get(term) ?? 0) + 1);
    return tf;
  });
  const df = new Map();
  for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = rows.length;
  const terms = [...df.keys()].filter((t) => df.get(t) >= (f.minDf ?? 1)).sort();
  const index = new Map(terms.map((t, i) => [t, i]));
  const idf = terms.map((t) => Math.log((1 + n) / (1 + df.get(t))) + 1);
  return {
    dims: terms.length,
    rows: counts.map((tf) => {
      const entries = [];
      for (const [term, c] of tf) {
        const i = index.get(term);
        if (i !== undefined) entries.push([i, (f.sublinear === false ? c : 1 + Math.log(c)) * idf[i]]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0));
      return {
        indices: Int32Array.from(entries, ([i]) => i),
        values: Float64Array.from(entries, ([, v]) => (norm > 0 ? v / norm : 0)),
      };
    }),
  };
}

function dot(weights, row) {
  let s = 0;
  for (let k = 0; k < row.indices.length; k++) s += weights[row.indices[k]] * row.values[k];
  return s;
}

/**
 * ASReview's DoubleBalance (a = 2.155, α = 0.94, b = 0.789, β = 1) as a ratio of total relevant to
 * total irrelevant weight: it oversamples inclusions to this share of the training set; weights
 * give the same expected training set without the random fill.
 */
export function doubleBalanceRatio(relevant, irrelevant) {
  const oneWeight = 2.155 * (relevant / irrelevant) ** -0.94;
  const zeroWeight = 1 - (1 - 0.789) * (1 + relevant + irrelevant) ** -1;
  return (oneWeight * relevant) / (zeroWeight * irrelevant);
}

function ratioOf(model, labels) {
  const relevant = labels.filter((l) => l === 1).length;
  const irrelevant = labels.length - relevant;
  if (model.balance === "double") return doubleBalanceRatio(relevant, irrelevant);
  if (model.balance === "none") return relevant / irrelevant;
  return model.ratio ?? 1;
}

/** Multinomial naive Bayes on TF-IDF (scikit-learn's MultinomialNB) with class-weighted counts. */
function trainNaiveBayes(rows, labels, dims, model) {
  const relevant = labels.filter((l) => l === 1).length;
  const irrelevant = labels.length - relevant;
  const relevantWeight = (ratioOf(model, labels) * irrelevant) / relevant;
  const counts = [new Float64Array(dims), new Float64Array(dims)];
  const totals = [0, 0];
  rows.forEach((row, i) => {
    const label = labels[i];
    const w = label === 1 ? relevantWeight : 1;
    for (let k = 0; k < row.indices.length; k++) {
      counts[label][row.indices[k]] += w * row.values[k];
      totals[label] += w * row.values[k];
    }
  });
  const alpha = model.alpha ?? 3.822;
  const weights = new Float64Array(dims);
  const d1 = Math.log(totals[1] + alpha * dims);
  const d0 = Math.log(totals[0] + alpha * dims);
  for (let j = 0; j < dims; j++)
    weights[j] = Math.log(counts[1][j] + alpha) - d1 - (Math.log(counts[0][j] + alpha) - d0);
  // The class prior only shifts every score equally, so it does not change the order.
  return { weights, bias: 0 };
}

/** L2-regularised linear SVM, squared hinge (LIBLINEAR -s 1) or hinge (-s 3), dual coordinate descent. */
function trainSvm(rows, labels, dims, model, random) {
  const n = rows.length;
  const relevant = labels.filter((l) => l === 1).length;
  const irrelevant = n - relevant;
  const negativeWeight = relevant / (ratioOf(model, labels) * irrelevant);
  const scale = n / (relevant + negativeWeight * irrelevant);
  const cost = labels.map((l) => (model.cost ?? 1) * scale * (l === 1 ? 1 : negativeWeight));
  const hinge = model.loss === "hinge";
  const weights = new Float64Array(dims);
  let bias = 0;
  const alpha = new Float64Array(n);
  const diagonal = rows.map((row, i) => 1 + row.values.reduce((s, v) => s + v * v, 0) + (hinge ? 0 : 0.5 / cost[i]));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let pass = 0; pass < 50; pass++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let largest = 0;
    for (const i of order) {
      const y = labels[i] === 1 ? 1 : -1;
      const row = rows[i];
      const gradient = y * (dot(weights, row) + bias) - 1 + (hinge ? 0 : (0.5 * alpha[i]) / cost[i]);
      const upper = hinge ? cost[i] : Infinity;
      const projected = alpha[i] === 0 ? Math.min(gradient, 0) : alpha[i] === upper ? Math.max(gradient, 0) : gradient;
      largest = Math.max(largest, Math.abs(projected));
      if (Math.abs(projected) > 1e-12) {
        const before = alpha[i];
        alpha[i] = Math.min(Math.max(before - gradient / diagonal[i], 0), upper);
        const change = (alpha[i] - before) * y;
        for (let k = 0; k < row.indices.length; k++) weights[row.indices[k]] += change * row.values[k];
        bias += change;
      }
    }
    if (largest < 0.1) break;
  }
  return { weights, bias };
}

function train(rows, labels, dims, model, seed) {
  if (model.type === "nb") return trainNaiveBayes(rows, labels, dims, model);
  if (model.type === "svm") return trainSvm(rows, labels, dims, model, seededRandom(seed));
  return trainLogistic(rows, labels, dims, {
    cost: model.cost ?? 10,
    relevantWeightRatio: ratioOf(model, labels),
    tolerance: 0.1,
    maxPasses: 50,
    random: seededRandom(seed),
  });
}

/** Builds the features once; `forSeed(seed)` gives a ranker with rank(labels) → ids, best first. */
export function methodRanker(rows, method) {
  const matrices = method.features.map((f) => features(rows, f));
  const n = rows.length;
  const ids = rows.map((_, i) => String(i));
  return {
    forSeed(seed) {
      return {
        rank(labels) {
          // Rows in record order, as prioritise.ts trains: the solver's visiting order (and so,
          // within its tolerance, the model) depends on it.
          const trainingIndex = [...labels.keys()].map(Number).sort((a, b) => a - b);
          const trainingLabels = trainingIndex.map((i) => labels.get(String(i)));
          const scoreSets = method.models.map((model, m) => {
            const { rows: featureRows, dims } = matrices[m];
            const fitted = train(
              trainingIndex.map((i) => featureRows[i]),
              trainingLabels,
              dims,
              model,
              seed,
            );
            return featureRows.map((row) => dot(fitted.weights, row) + fitted.bias);
          });
          let scores = scoreSets[0];
          if (scoreSets.length > 1) {
            // Rank averaging: each model's scores become ranks in [0, 1), then are averaged.
            scores = new Float64Array(n);
            for (const set of scoreSets) {
              const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => set[a] - set[b] || a - b);
              order.forEach((i, r) => (scores[i] += r / n));
            }
          }
          const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
          return order.map((i) => ids[i]);
        },
      };
    },
  };
}
