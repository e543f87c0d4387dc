import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import {
  canLearnRelevance,
  rankByRelevance,
  relevanceRanker,
  type ScreeningItem,
} from "../../src/screening/prioritise.js";
import { fixture } from "../helpers.js";

// A review of nudges that change clinicians' prescribing; the rest is off-topic.
const corpus: ScreeningItem[] = [
  { id: "off-1", text: "Soil nitrogen and wheat crop yields under drought in semi-arid farms" },
  { id: "rel-1", text: "Reminder nudges to change clinicians' antibiotic prescribing: a randomised trial" },
  { id: "off-2", text: "Deep learning for galaxy classification in telescope survey images" },
  { id: "rel-2", text: "Peer comparison letters nudge physicians to reduce antibiotic prescribing" },
  { id: "off-3", text: "Corrosion of steel bridges in coastal climates: a field study" },
  { id: "rel-3", text: "Default order sets nudge clinicians towards guideline prescribing in hospital" },
  { id: "off-4", text: "Migration routes of arctic terns tracked by satellite" },
  { id: "rel-4", text: "Electronic alerts nudge prescribing by physicians in primary care" },
  { id: "off-5", text: "Soil microbes and crop rotation in organic wheat farms" },
  { id: "off-6", text: "Telescope optics and image survey calibration for galaxy surveys" },
];
const seedLabels = new Map<string, 0 | 1>([
  ["rel-1", 1],
  ["off-1", 0],
]);

describe("rankByRelevance", () => {
  test("ranks the obviously relevant unlabelled texts before the off-topic ones", () => {
    const order = rankByRelevance(corpus, seedLabels, { seed: 1 });
    const unlabelled = order.filter((id) => !seedLabels.has(id));
    expect(unlabelled.slice(0, 3).sort()).toEqual(["rel-2", "rel-3", "rel-4"]);
  });

  test("returns every id exactly once, labelled ones included", () => {
    const order = rankByRelevance(corpus, seedLabels, { seed: 1 });
    expect([...order].sort()).toEqual(corpus.map((item) => item.id).sort());
  });

  test("gives the same order for the same seed", () => {
    expect(rankByRelevance(corpus, seedLabels, { seed: 9 })).toEqual(rankByRelevance(corpus, seedLabels, { seed: 9 }));
  });

  test("keeps the input order while no decision has been made", () => {
    expect(rankByRelevance(corpus, new Map(), { seed: 1 })).toEqual(corpus.map((item) => item.id));
  });

  test("keeps the input order while all decisions are of one kind", () => {
    const onlyIncluded = new Map<string, 0 | 1>([
      ["rel-1", 1],
      ["rel-2", 1],
    ]);
    expect(rankByRelevance(corpus, onlyIncluded, { seed: 1 })).toEqual(corpus.map((item) => item.id));
  });

  test("ignores labels of records that are not among the items", () => {
    const labels = new Map<string, 0 | 1>([
      ["rel-1", 1],
      ["gone", 0],
    ]);
    expect(canLearnRelevance(corpus, labels)).toBe(false);
    expect(rankByRelevance(corpus, labels, { seed: 1 })).toEqual(corpus.map((item) => item.id));
  });

  test("orders records with empty text after those that resemble the inclusions", () => {
    const items = [{ id: "blank", text: "" }, ...corpus, { id: "blank-2", text: "   " }];
    const order = rankByRelevance(items, seedLabels, { seed: 1 });
    expect([...order].sort()).toEqual(items.map((item) => item.id).sort());
    expect(order.indexOf("blank")).toBeGreaterThan(order.indexOf("rel-2"));
    expect(order.indexOf("blank-2")).toBeGreaterThan(order.indexOf("rel-2"));
  });

  test("learns from decisions on records whose text is empty", () => {
    const items = [{ id: "blank", text: "" }, ...corpus];
    const labels = new Map<string, 0 | 1>([
      ["rel-1", 1],
      ["blank", 0],
    ]);
    const order = rankByRelevance(items, labels, { seed: 1 });
    expect(order.indexOf("rel-2")).toBeLessThan(order.indexOf("off-2"));
  });

  test("ranks a record that shares only word stems with the inclusion first, thanks to character n-grams", () => {
    const items = [
      { id: "rel", text: "Nudging physicians towards generic prescribing" },
      { id: "off", text: "Wheat yields in dry soils" },
      { id: "off-2", text: "Galaxy surveys with telescopes" },
      { id: "off-3", text: "Corrosion in coastal steel bridges" },
      { id: "inflected", text: "Nudges for physician prescriptions" },
    ];
    const labels = new Map<string, 0 | 1>([
      ["rel", 1],
      ["off", 0],
    ]);
    const unlabelled = (order: string[]) => order.filter((id) => !labels.has(id));
    expect(unlabelled(rankByRelevance(items, labels, { seed: 1 }))[0]).toBe("inflected");
    // Word terms alone share nothing with it, so it is not singled out.
    const wordsOnly = rankByRelevance(items, labels, { seed: 1, features: { characterNgrams: [] } });
    expect(unlabelled(wordsOnly)[0]).not.toBe("inflected");
  });

  test("ranks a near-duplicate of an included record before unrelated records", () => {
    const items = [
      ...corpus,
      { id: "copy", text: "Reminder nudges to change clinicians antibiotic prescribing: a randomized trial." },
    ];
    const order = rankByRelevance(items, seedLabels, { seed: 3 }).filter((id) => !seedLabels.has(id));
    expect(order[0]).toBe("copy");
  });

  test("with both models averages the orders of the logistic and the naive Bayes model", () => {
    const labels = new Map<string, 0 | 1>([
      ["rel-1", 1],
      ["off-1", 0],
      ["off-2", 0],
    ]);
    const ensemble = relevanceRanker(corpus, { seed: 2, models: ["logistic", "naive-bayes"] }).scored(labels);
    const placeOf = (models: ("logistic" | "naive-bayes")[]) => {
      const order = relevanceRanker(corpus, { seed: 2, models }).rank(labels);
      return new Map(order.map((id, i) => [id, corpus.length - 1 - i]));
    };
    const logistic = placeOf(["logistic"]);
    const naiveBayes = placeOf(["naive-bayes"]);
    for (const { id, score } of ensemble) {
      const expected = ((logistic.get(id) ?? -1) + (naiveBayes.get(id) ?? -1)) / 2 / corpus.length;
      expect(score).toBeCloseTo(expected, 12);
    }
  });

  test("ranks with the linear SVM unless other models are asked for", () => {
    const labels = new Map<string, 0 | 1>([
      ["rel-1", 1],
      ["off-1", 0],
      ["off-2", 0],
    ]);
    const scores = (models?: ("svm" | "logistic")[]) =>
      relevanceRanker(corpus, { seed: 4, ...(models ? { models } : {}) })
        .scored(labels)
        .map(({ score }) => score);
    expect(scores()).toEqual(scores(["svm"]));
    expect(scores()).not.toEqual(scores(["logistic"]));
    for (const models of [undefined, ["logistic" as const]]) {
      const order = relevanceRanker(corpus, { seed: 4, ...(models ? { models } : {}) })
        .rank(labels)
        .filter((id) => !labels.has(id));
      expect(order.slice(0, 3).sort()).toEqual(["rel-2", "rel-3", "rel-4"]);
    }
  });

  test("refuses an empty list of models", () => {
    expect(() => relevanceRanker(corpus, { seed: 1, models: [] })).toThrow(RangeError);
  });

  test("gives an empty order for no items", () => {
    expect(rankByRelevance([], seedLabels, { seed: 1 })).toEqual([]);
  });
});

describe("canLearnRelevance", () => {
  test("is true once there is one relevant and one irrelevant decision", () => {
    expect(canLearnRelevance(corpus, seedLabels)).toBe(true);
    expect(canLearnRelevance(corpus, new Map([["rel-1", 1]]))).toBe(false);
    expect(canLearnRelevance(corpus, new Map())).toBe(false);
  });
});

describe("relevanceRanker on real screening decisions", () => {
  // 40 records of the Nagtegaal 2019 nudging review (10 included), see screening_small/MANIFEST.tsv.
  const rows = parse(readFileSync(fixture("screening_small/nagtegaal_2019_40.csv")), { columns: true }) as {
    record_id: string;
    title: string;
    abstract: string;
    label_included: string;
  }[];
  const items = rows.map((row) => ({ id: row.record_id, text: `${row.title}\n${row.abstract}` }));
  const truth = new Map(rows.map((row) => [row.record_id, row.label_included === "1" ? 1 : 0] as const));

  test("puts the unscreened inclusions ahead of most exclusions after a few decisions", () => {
    // The reviewer has screened the first 4 inclusions and 8 exclusions of the file.
    const labels = new Map<string, 0 | 1>();
    for (const wanted of [1, 0] as const) {
      const take = wanted === 1 ? 4 : 8;
      for (const row of rows.filter((r) => truth.get(r.record_id) === wanted).slice(0, take))
        labels.set(row.record_id, wanted);
    }
    const order = relevanceRanker(items, { seed: 1 })
      .rank(labels)
      .filter((id) => !labels.has(id));
    // Share of (inclusion, exclusion) pairs in the right order: 0.5 is chance.
    const position = new Map(order.map((id, i) => [id, i]));
    const included = order.filter((id) => truth.get(id) === 1);
    const excluded = order.filter((id) => truth.get(id) === 0);
    let right = 0;
    for (const i of included) for (const e of excluded) if ((position.get(i) ?? 0) < (position.get(e) ?? 0)) right++;
    expect(right / (included.length * excluded.length)).toBeGreaterThan(0.75);
  });
});
