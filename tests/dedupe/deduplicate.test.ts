import { describe, expect, test } from "vitest";
import { clusterId, deduplicate, DEFAULT_DEDUPE_OPTIONS, type DedupeOptions } from "../../src/dedupe/deduplicate.js";
import type { Record } from "../../src/record.js";
import { authors, matchAll, record } from "./records.js";

function clustersOf(records: readonly Record[], options: Partial<DedupeOptions> = {}) {
  const result = deduplicate(matchAll(records), { ...DEFAULT_DEDUPE_OPTIONS, ...options });
  const groups = result.clusters.map((c) => c.members.map((m) => records[m]!.key).sort());
  return { result, groups: groups.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)) };
}

const paper = (fields: Partial<Record> = {}) =>
  record({
    title: "Linagliptin reduces ischemic brain damage following stroke in a high-fat diet mouse model",
    authors: authors("Darsalia, V.", "Olverling, A.", "Ortsater, H."),
    year: 2012,
    journal: "Diabetes",
    volume: "61",
    pages: "A237",
    ...fields,
  });

describe("clusters", () => {
  test("copies of one work form one cluster, kept by the most complete copy", () => {
    const full = paper({
      doi: "10.2337/db12-1",
      abstract: "Stroke is a frequent complication of type 2 diabetes. ".repeat(3),
    });
    const sparse = paper({ journal: null });
    const { result, groups } = clustersOf([sparse, full, paper({ title: "Another study entirely, on kidneys" })]);
    expect(groups).toHaveLength(2);
    const cluster = result.clusters.find((c) => c.members.length === 2)!;
    expect(cluster.members[0]).toBe(1);
    expect(cluster.id).toBe(clusterId([full.key, sparse.key].sort()[0]!));
    expect(result.linkOf[0]?.rule).toBe("title-and-fields");
    expect(result.linkedTo[0]).toBe(1);
  });

  test("records with empty fields never collapse into one cluster", () => {
    const records = [
      ...Array.from({ length: 20 }, () => record({})),
      ...Array.from({ length: 20 }, () => record({ title: "Editorial" })),
      ...Array.from({ length: 20 }, (_, i) =>
        record({
          title: `Unrelated topic number ${i * 13} of a long series`,
          authors: authors("Smith, J."),
          year: 2020,
        }),
      ),
      ...Array.from({ length: 5 }, () => record({ title: "Abstracts", journal: "Diabetologia", year: 2017 })),
    ];
    expect(clustersOf(records).groups).toHaveLength(records.length);
  });

  test("a DOI given to unrelated records is set aside and links nothing", () => {
    const titles = [
      "Patterns of glucose-lowering medication use in patients with type 2 diabetes",
      "DPP4 inhibition by linagliptin prevents the development of heart failure",
      "Cardiac effects of combined SGLT1/2 inhibition following myocardial infarction",
      "Anti-atherogenic effects of liraglutide independent of the apolipoprotein E",
    ];
    const records = titles.map((title) =>
      record({ doi: "10.1007/s00125-017-4350-z", title, year: 2017, journal: "Diabetologia" }),
    );
    const { result, groups } = clustersOf(records);
    expect(groups).toHaveLength(4);
    expect([...result.ambiguous]).toEqual(["doi:10.1007/s00125-017-4350-z"]);
  });

  test("a chain of links may not join two different DOIs; the refused link goes to review", () => {
    // Two abstracts a page apart (not one place, so not one article with two DOIs), and a copy without pages.
    const a = paper({ doi: "10.1000/a" });
    const b = paper({ pages: null });
    const c = paper({ doi: "10.1000/c", pages: "A238" });
    const { result, groups } = clustersOf([a, b, c]);
    expect(groups).toHaveLength(2);
    expect(result.stats.refusedLinks).toBe(1);
    // One question per pair of clusters: the DOI-conflict pair and the refused link ask the same.
    expect(result.review).toHaveLength(1);
  });

  test("a reviewer's verdicts override the rules, and settled pairs are not asked again", () => {
    const a = paper();
    const b = paper({ pages: "A300", journal: null });
    const before = clustersOf([a, b]);
    expect(before.groups).toHaveLength(2);
    expect(before.result.review).toHaveLength(1);
    const same = clustersOf([a, b], { overrides: [{ a: 0, b: 1, verdict: "same" }] });
    expect(same.groups).toHaveLength(1);
    expect(same.result.linkOf[1]?.rule ?? same.result.linkOf[0]?.rule).toBe("reviewer");
    const different = clustersOf([a, paper()], { overrides: [{ a: 0, b: 1, verdict: "different" }] });
    expect(different.groups).toHaveLength(2);
    expect(different.result.review).toHaveLength(0);
  });

  test("a preprint and its journal version are two clusters of one study, unless linking is off", () => {
    const preprint = paper({
      database: "arxiv",
      arxivId: "1112.01234",
      journal: null,
      volume: null,
      pages: null,
      year: 2011,
    });
    const published = paper({ doi: "10.1000/journal" });
    const linked = clustersOf([preprint, published]);
    expect(linked.groups).toHaveLength(2);
    const [x, y] = linked.result.clusters;
    expect(x!.studyId).toBe(y!.studyId);
    expect(linked.result.clusters.find((c) => c.preprint)!.studyId).toBe(
      linked.result.clusters.find((c) => !c.preprint)!.id,
    );
    const apart = clustersOf([preprint, published], { linkPreprints: false });
    expect(apart.result.clusters.map((c) => c.studyId)).toEqual(apart.result.clusters.map((c) => c.id));
  });

  test("two different works carrying the same key (two files numbered alike) get different cluster ids", () => {
    const one = record({ key: "unknown:1", title: "Renal outcomes of linagliptin in type 2 diabetes" });
    const other = record({ key: "unknown:1", title: "Hepatic steatosis after bariatric surgery in adolescents" });
    const { result } = clustersOf([one, other]);
    expect(result.clusters).toHaveLength(2);
    expect(new Set(result.clusters.map((c) => c.id)).size).toBe(2);
  });

  test("the same records in another order give the same clusters and ids", () => {
    const records = [
      paper(),
      paper({ journal: null }),
      paper({ title: "Something different about the liver and fat", pages: "A1" }),
      paper({ doi: "10.1000/z" }),
    ];
    const forward = clustersOf(records).result.clusters.map((c) => [c.id, c.members.map((m) => records[m]!.key)]);
    const reversed = [...records].reverse();
    const backward = clustersOf(reversed).result.clusters.map((c) => [c.id, c.members.map((m) => reversed[m]!.key)]);
    expect(backward).toEqual(forward);
  });
});
