import { describe, expect, test } from "vitest";
import { matchRecord } from "../../src/dedupe/features.js";
import { decide, RULES } from "../../src/dedupe/rules.js";
import { compareFields } from "../../src/dedupe/similarity.js";
import type { Record } from "../../src/record.js";
import { authors, record } from "./records.js";

function judge(a: Record, b: Record) {
  const similarity = compareFields(matchRecord(a, 0), matchRecord(b, 1));
  return { ...decide(similarity), similarity };
}

const article = (fields: Partial<Record> = {}) =>
  record({
    title: "Liraglutide reduces atherosclerotic lesion development in apolipoprotein E deficient mice",
    authors: authors("Gaspari, T.", "Welungoda, I.", "Widdop, R. E."),
    year: 2013,
    journal: "Diabetes & Vascular Disease Research",
    volume: "10",
    issue: "4",
    pages: "353-360",
    ...fields,
  });

describe("pairs the rules merge", () => {
  test("a copy with typos, capitals, an abbreviated journal and an abbreviated page range", () => {
    const copy = article({
      title: "LIRAGLUTIDE REDUCES ATHEROSCLEROTIC LESION DEVELOPMNET IN APOLIPOPROTEIN E DEFICIENT MICE",
      journal: "Diab Vasc Dis Res",
      pages: "353-60",
    });
    expect(judge(article(), copy)).toMatchObject({ verdict: "same", rule: "same-place" });
  });

  test("missing fields are unknown, never different", () => {
    const sparse = article({ volume: null, issue: null, pages: null, journal: null });
    expect(judge(article(), sparse)).toMatchObject({ verdict: "same", rule: "title-and-fields" });
  });

  test("a shared DOI with a related title", () => {
    const copy = article({
      doi: "10.1177/1479164113481817",
      title: "Liraglutide reduces atherosclerotic lesions in apolipoprotein E deficient mice",
    });
    expect(judge(article({ doi: "10.1177/1479164113481817" }), copy)).toMatchObject({
      verdict: "same",
      rule: "identifier",
    });
  });

  test("a shared DOI with equal titles, whatever an export did to volume and issue", () => {
    // Embase: `16 (1) (no pagination)` in the volume, the article number in the issue.
    const embase = article({
      doi: "10.1186/s12933-017-0551-5",
      volume: "16 (1) (no pagination)",
      issue: "69",
      pages: null,
    });
    expect(
      judge(article({ doi: "10.1186/s12933-017-0551-5", volume: "16", issue: "1", pages: "69" }), embase),
    ).toMatchObject({ verdict: "same", rule: "identifier" });
  });

  test("the same place in the same journal with a title in another language", () => {
    const german = article({ title: "Liraglutid vermindert die Entwicklung atherosklerotischer Läsionen bei Mäusen" });
    expect(judge(article(), german)).toMatchObject({ verdict: "same", rule: "translated-title-same-place" });
  });

  test("given and family names swapped by one database", () => {
    const a = article({ authors: authors("Wang, Xiaoguang", "Liu, Junping") });
    const b = article({ authors: authors("Xiaoguang, Wang", "Junping, Liu"), volume: null, pages: null, issue: null });
    expect(judge(a, b).similarity.authors).toBe(1);
    expect(judge(a, b).verdict).toBe("same");
  });
});

describe("pairs the rules keep apart", () => {
  test("different DOIs veto a match", () => {
    expect(judge(article({ doi: "10.1000/a", volume: "11" }), article({ doi: "10.1000/b" }))).toMatchObject({
      verdict: "different",
      rule: "identifier-conflict",
    });
  });

  test("different DOIs on otherwise identical records with no place to confirm them go to a person", () => {
    const placeless = { volume: null, issue: null, pages: null };
    expect(
      judge(article({ doi: "10.1000/a", ...placeless }), article({ doi: "10.1000/b", ...placeless })),
    ).toMatchObject({
      verdict: "review",
      rule: "identifier-conflict-else-identical",
    });
  });

  test("at the same place they are one article with two DOIs", () => {
    expect(judge(article({ doi: "10.1000/a" }), article({ doi: "10.1000/b" }))).toMatchObject({
      verdict: "same",
      rule: "identifier-conflict-same-place",
    });
  });

  test("with one volume unreadable, abstracts that agree confirm the place; without abstracts a person decides", () => {
    const text =
      "Liraglutide and linagliptin both improved glycemic control in diet-induced obese rats, but only liraglutide reduced body weight and plasma lipids.";
    const a = article({ doi: "10.1016/j.appet.2012.05.003", volume: "1)", pages: "e24", abstract: text });
    const b = article({ doi: "10.1016/j.regpep.2012.05.039", volume: "1", pages: "e24", abstract: text });
    expect(judge(a, b)).toMatchObject({ verdict: "same", rule: "identifier-conflict-same-place" });
    expect(judge({ ...a, abstract: null }, { ...b, abstract: null })).toMatchObject({
      verdict: "review",
      rule: "identifier-conflict-else-identical",
    });
    const another = "In a second cohort of lean rats we measured gastric emptying and food intake after a single dose.";
    expect(judge(a, { ...b, abstract: another }).verdict).not.toBe("same");
  });

  test("a shared DOI on unrelated titles goes to a person", () => {
    expect(
      judge(
        article({ doi: "10.1000/a" }),
        article({ doi: "10.1000/a", title: "Patterns of glucose lowering medication use" }),
      ),
    ).toMatchObject({ verdict: "review" });
  });

  test("one supplement DOI on two abstracts printed on different pages goes to a person", () => {
    const supplement = {
      doi: "10.1002/dmrr.2604",
      journal: "Diabetes/Metabolism Research and Reviews",
      volume: "30",
      issue: "Suppl. 3",
    };
    const a = article({ ...supplement, pages: "51" });
    const b = article({
      ...supplement,
      pages: "52",
      title: "Effects of liraglutide on atherosclerotic lesion development in apolipoprotein E deficient mice",
    });
    expect(judge(a, b)).toMatchObject({ verdict: "review", rule: "identifier-but-fields-differ" });
  });

  test("part 1 and part 2", () => {
    const one = article({ title: "Incretin therapy and the heart, part 1: mechanisms", pages: "1-10" });
    const two = article({ title: "Incretin therapy and the heart, part 2: mechanisms", pages: "11-20" });
    expect(judge(one, two)).toMatchObject({ verdict: "different", rule: "title-numbers-or-notice" });
  });

  test("a comment on an article and the article", () => {
    const comment = article({
      title: "Comment on: Liraglutide reduces atherosclerotic lesion development in apolipoprotein E deficient mice",
      pages: "361",
    });
    expect(judge(article(), comment).verdict).toBe("different");
  });

  test("a conference abstract and the journal article with the same title, authors and year", () => {
    const abstract = article({ journal: "Diabetologia", volume: "56", issue: "Suppl 1", pages: "S321" });
    expect(judge(article(), abstract).verdict).toBe("different");
  });

  test("one recurring column in two issues", () => {
    const column = (issue: string) =>
      record({
        title: "Editor's Comments",
        authors: authors("Lee, A."),
        year: 2001,
        journal: "MIS Quarterly",
        volume: "25",
        issue,
      });
    expect(judge(column("1"), column("2")).verdict).toBe("different");
  });

  test("equal titles with nothing else to compare are not merged", () => {
    expect(judge(record({ title: "Editorial" }), record({ title: "Editorial" })).verdict).toBe("different");
    const informative = "Glucagon-like peptide-1 reduces intestinal lipid availability in hamsters";
    expect(judge(record({ title: informative }), record({ title: informative }))).toMatchObject({
      verdict: "review",
      rule: "title-only",
    });
  });

  test("records without titles and without a shared identifier", () => {
    expect(judge(record({ year: 2013 }), record({ year: 2013 }))).toMatchObject({
      verdict: "different",
      rule: "title-missing",
    });
  });

  test("years two apart", () => {
    expect(judge(article(), article({ year: 2015, volume: null, issue: null, pages: null })).verdict).toBe("different");
  });

  test("a preprint and its journal version are one study, never one report", () => {
    const preprint = article({
      database: "arxiv",
      arxivId: "2301.01234",
      journal: null,
      volume: null,
      issue: null,
      pages: null,
      year: 2023,
    });
    const published = article({ year: 2024, doi: "10.1000/x" });
    expect(judge(preprint, published)).toMatchObject({ verdict: "same-study", rule: "preprint-version" });
  });
});

test("every rule has a name, a verdict and a description for --help", () => {
  const names = RULES.map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  for (const rule of RULES) expect(rule.description.length).toBeGreaterThan(10);
  expect(RULES.at(-1)!.name).toBe("different");
});
