/**
 * The error classes of issue 15, each a named step: issue columns that number records, one
 * garbled field never vetoing a pair whose title, authors, year and place agree, shifted
 * columns, and page forms (short ranges, e-pages, one-digit typos, shifted ranges).
 */
import { describe, expect, test } from "vitest";
import { deduplicate } from "../../src/dedupe/deduplicate.js";
import { isPreprint, matchRecord } from "../../src/dedupe/features.js";
import { isAccessionNumber, isSupplement, unshiftPlace } from "../../src/dedupe/locator.js";
import { decide } from "../../src/dedupe/rules.js";
import {
  RUNNING_NUMBER_MIN_RECORDS,
  RUNNING_NUMBER_MIN_SEQUENCE,
  runningNumberOrigins,
} from "../../src/dedupe/running-numbers.js";
import { doiOfWork } from "../../src/dedupe/identifiers.js";
import { compareFields, oneDigitApart, pagesAgree } from "../../src/dedupe/similarity.js";
import { comparisonInWords, REVIEW_CSV_HEADER } from "../../src/dedupe/tables.js";
import type { Record } from "../../src/record.js";
import { authors, matchAll, record } from "./records.js";

function judge(a: Record, b: Record) {
  return decide(compareFields(matchRecord(a, 0), matchRecord(b, 1)));
}

const article = (fields: Partial<Record> = {}) =>
  record({
    title: "Cervical human papillomavirus in transplanted Italian women: a long-term prospective follow-up study",
    authors: authors("Origoni, M.", "Stefani, C.", "Carminati, G."),
    year: 2011,
    journal: "Journal of Clinical Virology",
    volume: "51",
    issue: "4",
    pages: "250-254",
    ...fields,
  });

const ORDINALS = ["early", "late", "rural", "urban", "paediatric", "elderly", "male"];
const TOPICS = ["asthma", "gout", "anaemia", "migraine", "eczema", "psoriasis"];

describe("an issue column that numbers the records", () => {
  const library = (issueOf: (i: number) => string, file = "library.ris") =>
    Array.from({ length: RUNNING_NUMBER_MIN_RECORDS + 5 }, (_, i) =>
      record({
        title: `Outcomes of the ${ORDINALS[i % ORDINALS.length]} cohort in a study of ${TOPICS[Math.floor(i / ORDINALS.length)]}`,
        authors: authors(`Author${i}, A.`, "Second, B."),
        year: 2010 + (i % 7),
        journal: "Journal of Clinical Studies",
        issue: issueOf(i),
        provenance: { file, position: i + 1, line: null, format: "ris", queryId: null },
      }),
    );

  test("is recognised when nearly every record of a file has its own value", () => {
    expect([...runningNumberOrigins(matchAll(library((i) => String(4000 + i))))]).toEqual(["library.ris\u0000test"]);
  });

  test("is not when issues repeat, as real issues do", () => {
    expect(runningNumberOrigins(matchAll(library((i) => String(1 + (i % 12)))))).toEqual(new Set());
  });

  test("a few records with distinct issues in no order of the file are not enough to tell", () => {
    // 4000, 4007, 4014 … wrapping: distinct, but not rising with the records.
    const few = library((i) => String(4000 + ((i * 7) % 29))).slice(0, RUNNING_NUMBER_MIN_RECORDS - 1);
    expect(runningNumberOrigins(matchAll(few))).toEqual(new Set());
  });

  test("in a small file, numbers that rise with every record are a running number", () => {
    const few = library((i) => String(1000 + 3 * i)).slice(0, RUNNING_NUMBER_MIN_SEQUENCE);
    expect([...runningNumberOrigins(matchAll(few))]).toEqual(["library.ris\u0000test"]);
  });

  test("in a small file, rising numbers of fewer records than the sequence needs, or one out of order, are not", () => {
    const short = library((i) => String(1000 + i)).slice(0, RUNNING_NUMBER_MIN_SEQUENCE - 1);
    expect(runningNumberOrigins(matchAll(short))).toEqual(new Set());
    const unordered = library((i) => String(i === 3 ? 999 : 1000 + i)).slice(0, 12);
    expect(runningNumberOrigins(matchAll(unordered))).toEqual(new Set());
    const notNumbers = library((i) => `Part ${String.fromCharCode(65 + i)}`).slice(0, 12);
    expect(runningNumberOrigins(matchAll(notNumbers))).toEqual(new Set());
  });

  test("two copies of a conference paper in a twelve-record library that numbers its records are merged", () => {
    const records = library((i) => String(1000 + i)).slice(0, 12);
    const paper = { title: "How consumers perceive trustworthiness of providers in sharing economy", year: 2017 };
    records[4] = { ...records[4]!, ...paper, journal: "Americas Conference on Information Systems" };
    records[5] = { ...records[5]!, ...paper, journal: "AMCIS 2017 Proceedings", authors: records[4]!.authors };
    const result = deduplicate(matchAll(records));
    expect(result.clusterOf[4]).toBe(result.clusterOf[5]);
  });

  test("copies that differ only by their record numbers are merged once the column is set aside", () => {
    const records = library((i) => String(4000 + i));
    const copy = { ...records[0]!, key: "test:copy", issue: "9999", pages: null };
    const original = { ...records[0]!, pages: null };
    const result = deduplicate(matchAll([original, ...records.slice(1), copy]));
    expect(result.clusterOf[0]).toBe(result.clusterOf[records.length]);
    expect(result.stats.runningNumberIssues).toEqual(["library.ris\u0000test"]);
  });
});

describe("a record or accession number in one copy's issue column only (a mixed file)", () => {
  // Pages unknown on one side: volume alone agrees, so the issue would decide.
  const copy = (issue: string) => article({ issue, pages: null });

  test("an accession number (seven digits or more, PsycINFO's 2005-12345-001) is no issue", () => {
    const place = (issue: string, pages: string | null = "250-254") => ({ volume: "51", issue, pages });
    expect(isAccessionNumber(place("2005123456"))).toBe(true);
    expect(isAccessionNumber(place("2005-12345-001", null))).toBe(true);
    expect(isAccessionNumber(place("9876"))).toBe(false);
    expect(matchRecord(article({ issue: "2005123456" }), 0).issue).toBeNull();
    expect(judge(article(), copy("2005123456")).verdict).toBe("same");
  });

  test("but with the pages empty a long number may be the article number a column early", () => {
    expect(isAccessionNumber({ volume: "2017", issue: "7348372", pages: null })).toBe(false);
    const a = article({ volume: "2017", issue: null, pages: "7348372" });
    const b = article({
      volume: "2017 (no pagination)",
      issue: "7348372",
      pages: null,
      title: "Cervical human papillomavirus in transplanted Italian women",
    });
    expect(judge(a, b).verdict).toBe("same");
  });

  test("and such a number against a lettered issue (Supplement H) is still no conflict", () => {
    const a = matchRecord(article({ issue: "Supplement H", pages: null }), 0);
    expect(compareFields(a, matchRecord(article({ issue: "20093500", pages: null }), 1)).issue).toBeNull();
  });

  test("a number ten times the other's and at least 100 is a record number, not the issue", () => {
    expect(compareFields(matchRecord(article(), 0), matchRecord(copy("1234"), 1)).issue).toBeNull();
    expect(judge(article(), copy("1234")).verdict).toBe("same");
  });

  test("but issues of one scale still differ (a weekly's 9876 and 9875, or 4 and 7)", () => {
    expect(compareFields(matchRecord(copy("9876"), 0), matchRecord(copy("9875"), 1)).issue).toBe(false);
    expect(compareFields(matchRecord(article(), 0), matchRecord(copy("7"), 1)).issue).toBe(false);
    expect(judge(article(), copy("7")).verdict).not.toBe("same");
  });
});

describe("no single field but an identifier vetoes a pair whose title, authors, year and place agree", () => {
  test("an issue that differs where volume and first page agree", () => {
    expect(judge(article(), article({ issue: "7", journal: null }))).toMatchObject({ verdict: "same" });
  });

  test("a journal name given in translation (transliterated vs English)", () => {
    const a = article({ journal: "Jinko Chino Gakkai Ronbunshi", pages: null });
    const b = article({ journal: "Transactions of the Japanese Society for Artificial Intelligence", pages: null });
    expect(judge(a, b)).toMatchObject({ verdict: "same", rule: "title-authors-year-place-one-field-differs" });
  });

  test("a volume garbled by a journal name spilling into it, pages and issue agreeing", () => {
    const b = article({ volume: "Korsakova. Part 2. 117" });
    expect(judge(article(), b)).toMatchObject({ verdict: "same" });
  });

  test("a year more than one apart where journal, volume, issue and pages agree (a typo, or online against print)", () => {
    expect(judge(article(), article({ year: 2001 }))).toMatchObject({
      verdict: "same",
      rule: "title-authors-place-year-differs",
    });
    expect(judge(article(), article({ year: 2013, journal: "J Clin Virol Suppl" })).verdict).toBe("same");
  });

  test("a short topical title with its year mistyped where the whole place agrees; not with the first page alone", () => {
    const short = (fields: Partial<Record>) =>
      article({ title: "Turking in the time of COVID", journal: "Behavior Research Methods", volume: "53", ...fields });
    expect(judge(short({ year: 2021 }), short({ year: 2031 }))).toMatchObject({
      verdict: "same",
      rule: "title-authors-place-year-differs",
    });
    expect(judge(short({ year: 2021 }), short({ year: 2031, pages: "250" })).verdict).not.toBe("same");
  });

  test("but a year apart with the place differing is another publication, and one place field is not enough", () => {
    // Another length: not the article printed again (with the same length, review.json's `republications` decides).
    expect(judge(article(), article({ year: 2014, volume: "60", pages: "110-116" })).verdict).not.toBe("same");
    expect(judge(article(), article({ year: 2014, issue: null, pages: null })).verdict).not.toBe("same");
  });

  test("but two fields in conflict are two works", () => {
    expect(judge(article(), article({ issue: "7", volume: "52", journal: "Virology" })).verdict).toBe("different");
  });

  test("and a recurring title in another issue of the same volume stays apart", () => {
    const editorial = (issue: string) =>
      record({
        title: "Editorial introduction",
        authors: authors("Zwass, V."),
        year: 2009,
        journal: "Journal of Management Information Systems",
        volume: "26",
        issue,
        pages: "5-7",
      });
    expect(judge(editorial("2"), editorial("3")).verdict).toBe("different");
    expect(judge(editorial("2"), editorial("2")).verdict).toBe("same");
  });

  test("a conference paper without its venue: same authors, year and full page range", () => {
    const a = record({
      title: "Trustworthiness in enterprise crowdsourcing",
      authors: authors("Dwarakanath, A.", "Kass, A."),
      year: 2016,
      pages: "41-50",
    });
    const b = { ...a, key: "test:b", title: "Trustworthiness in Enterprise Crowdsourcing." };
    expect(judge(a, b)).toMatchObject({ verdict: "same", rule: "title-authors-year-page-range" });
  });
});

describe("fields shifted one column", () => {
  test("a volume carrying its issue means the issue column holds the pages", () => {
    expect(unshiftPlace({ volume: "18 (8) (no pagination)", issue: "e0143396", pages: null })).toEqual({
      volume: "18",
      issue: "8",
      pages: "e0143396",
    });
  });

  test("with the pages given, an issue column repeating them (or empty) gives way to the volume's bracketed issue", () => {
    const bracketed = { volume: "9 (8) (no pagination)", pages: "e103114" };
    const expected = { volume: "9", issue: "8", pages: "e103114" };
    expect(unshiftPlace({ ...bracketed, issue: "e103114" })).toEqual(expected);
    expect(unshiftPlace({ ...bracketed, issue: null })).toEqual(expected);
    const own = { ...bracketed, issue: "7" };
    expect(unshiftPlace(own)).toBe(own);
  });

  test("so that copy matches one whose pages are missing by its issue", () => {
    const a = article({ volume: "9 (8) (no pagination)", issue: "e103114", pages: "e103114" });
    expect(judge(a, article({ volume: "9", issue: "8", pages: null })).verdict).toBe("same");
  });

  test("a page range in the issue column is the pages", () => {
    expect(unshiftPlace({ volume: "12", issue: "345-350", pages: "" })).toEqual({
      volume: "12",
      issue: null,
      pages: "345-350",
    });
  });

  test("fields in their places are left alone", () => {
    const place = { volume: "12", issue: "3", pages: "345-350" };
    expect(unshiftPlace(place)).toBe(place);
  });

  test("an article number in the issue column matches the other copy's pages", () => {
    const a = article({ volume: "11 (3) (no pagination)", issue: "791", pages: null });
    const b = article({ volume: "11", issue: "791", pages: null });
    expect(judge(a, b).verdict).toBe("same");
  });
});

describe("pages", () => {
  const at = (pages: string, fields: Partial<Record> = {}) => matchRecord(record({ pages, ...fields }), 0);

  test.each([
    ["2097-108", "2097-2108", true],
    ["e0143396", "143396", true],
    ["1234", "1284", null],
    ["945-948", "948-961", null],
    ["175-184", "185-189", false],
    ["106482", "11", null],
    ["353-360", "412-420", false],
  ])("%s against %s: %s", (x, y, expected) => {
    expect(pagesAgree(at(x), at(y))).toBe(expected);
  });

  test("in a supplement a page apart is another abstract", () => {
    expect(pagesAgree(at("51", { issue: "Suppl. 3" }), at("52", { issue: "Suppl. 3" }))).toBe(false);
  });

  test.each([
    ["46-54", "56-64", true],
    ["2097-108", "3001-3012", true],
    ["S12-S15", "S20-S23", true],
    ["341-345", "90-90", null],
    ["7-13", "7-10", false],
    ["e24", "e25", null],
    ["S12-S15", "20-23", true],
    ["a-f24_1", "12-20", null],
  ])("the length of %s against %s is the same: %s", (x, y, expected) => {
    expect(compareFields(at(x), at(y)).pageCountsEqual).toBe(expected);
  });

  test("a one-digit typo is one place of the same length", () => {
    expect([
      oneDigitApart("2097", "2087"),
      oneDigitApart("2097", "2079"),
      oneDigitApart("97", "970"),
      oneDigitApart("5", "6"),
    ]).toEqual([true, false, false, false]);
  });
});

describe("translated and two-language titles", () => {
  const place = {
    authors: authors("Tyurenkov, I. N.", "Kurkin, D. V.", "Bakulin, D. A."),
    year: 2017,
    journal: "Zh Nevrol Psikhiatr Im S S Korsakova",
    volume: "117",
    issue: "12",
    pages: "53-59",
  };
  const english =
    "Cerebroprotective activity of metformin and a novel GPR119 agonist in cerebral ischemia under experimental diabetes mellitus";

  test("an English title against MEDLINE's bracketed translation of it", () => {
    expect(
      judge(record({ title: `${english}. [Russian]`, ...place }), record({ title: `[${english}]`, ...place })).verdict,
    ).toBe("same");
  });

  test("a title with its original appended, much longer than the other, at the same place", () => {
    const both = `${english} = Tserebroprotektivnaia aktivnost' metformina i novogo agonista GPR119 pri ishemii golovnogo mozga`;
    expect(judge(record({ title: both, ...place }), record({ title: english, ...place })).verdict).toBe("same");
  });

  test("an English title followed by the original in capitals", () => {
    const both = `${english} TSEREBROPROTEKTIVNAIA AKTIVNOST METFORMINA PRI ISHEMII GOLOVNOGO MOZGA`;
    expect(judge(record({ title: both, ...place }), record({ title: english, ...place, issue: null })).verdict).toBe(
      "same",
    );
  });

  test("a translated title a year apart (online against print) at the same issue and whole page range", () => {
    const russian = "Tserebroprotektivnaia aktivnost' metformina i novogo agonista GPR119 pri ishemii golovnogo mozga";
    const translated = record({ title: russian, ...place, year: 2018 });
    expect(judge(record({ title: english, ...place }), translated)).toMatchObject({
      verdict: "same",
      rule: "translated-title-same-place",
    });
    // The first page alone, a year apart, is not the article's place.
    expect(judge(record({ title: english, ...place }), { ...translated, pages: "53" }).verdict).not.toBe("same");
  });

  test("but a translated title without the place to confirm it is not merged", () => {
    const both = `${english} = Tserebroprotektivnaia aktivnost' metformina i novogo agonista GPR119 pri ishemii golovnogo mozga`;
    expect(
      judge(
        record({ title: both, authors: place.authors }),
        record({ title: english, authors: place.authors, year: 2019 }),
      ).verdict,
    ).not.toBe("same");
  });
});

describe("a title cut short by one export and spelt a little differently by the other", () => {
  const place = { issue: null, pages: "378-382" };
  const full =
    "Prognostic significance of high-risk HPV persistence after laser CO2 conization for high-grade CIN: a prospective clinical study";

  test.each([
    [
      "a space inside a term",
      "Prognostic significance of high-risk HPV persistence after laser CO 2 conization for high-grade CIN",
    ],
    [
      "brackets inside a term",
      "Prognostic significance of high-risk HPV persistence after laser CO(2) conization for high-grade CIN",
    ],
    [
      "two words run together",
      "Prognostic significance of high-risk HPV persistenceafter laser CO2 conization for high-grade CIN",
    ],
    [
      "one letter dropped",
      "Prognostic significance of high-risk HPV persistence after laser CO2 conzation for high-grade CIN",
    ],
  ])("%s: still the other's opening words", (_, cut) => {
    const s = compareFields(
      matchRecord(article({ title: full, ...place }), 0),
      matchRecord(article({ title: cut, ...place }), 1),
    );
    expect(s.titleContained).toBe(true);
    expect(decide(s).verdict).toBe("same");
  });

  test("the closing words count too (a prefix dropped), within the same few edits", () => {
    const s = compareFields(
      matchRecord(
        article({
          title: "Cervical screening in Ghana: laser CO2 conization after high-risk HPV persistence in 300 women",
        }),
        0,
      ),
      matchRecord(article({ title: "laser CO 2 conization after high-risk HPV persistance in 300 women" }), 1),
    );
    expect(s.titleContained).toBe(true);
  });

  test("but a different clause at the cut is not containment", () => {
    const s = compareFields(
      matchRecord(article({ title: full }), 0),
      matchRecord(
        article({ title: "Prognostic significance of low-risk HPV clearance after cold-knife conization for CIN" }),
        1,
      ),
    );
    expect(s.titleContained).toBe(false);
  });
});

describe("a record without authors, or with its authors written another way", () => {
  const full = article().title!;
  const main = full.split(":")[0]!;
  const without = (fields: Partial<Record> = {}) => article({ authors: [], title: main, ...fields });

  test("is the same article with a close title at the same journal, volume and whole page range", () => {
    const v = judge(article(), without());
    expect(v).toMatchObject({ verdict: "same", rule: "close-title-same-pages" });
  });

  test("the same with the authors only partly matched (a name transliterated otherwise on one side)", () => {
    const partly = article({ title: main, authors: authors("Origoni, M.", "Stefani, C.", "Karminaty, D.") });
    expect(judge(article(), partly)).toMatchObject({ verdict: "same", rule: "close-title-same-pages" });
  });

  test.each([
    ["only the first page known", {}, { pages: "250" }],
    ["another year", {}, { year: 2012 }],
    ["both in a supplement", { issue: "Suppl 1" }, { issue: "Suppl 1" }],
    ["another journal", {}, { journal: "Journal of Medical Virology" }],
    ["a short title", { title: "Transplanted women: HPV" }, { title: "Transplanted women" }],
  ] as const)("but not with %s", (_, a: Partial<Record>, b: Partial<Record>) => {
    expect(judge(article(a), without(b)).verdict).not.toBe("same");
  });
});

describe("a retitled article at the same article number", () => {
  const place = { journal: "Fire", volume: "4", issue: "1", pages: "4", year: 2021 };
  const by = authors("Strahan, K.", "Gilbert, J.");

  test("unrelated informative titles, the same authors, journal, volume, issue and article number are one article", () => {
    const a = record({ title: "The wait and see literature: a rapid systematic review", authors: by, ...place });
    const b = record({
      title: "Protective decision-making in bushfire part 1: a rapid systematic review of the wait and see literature",
      authors: by,
      ...place,
    });
    expect(judge(a, b)).toMatchObject({ verdict: "same", rule: "translated-title-same-place" });
  });

  test("but not two recurring columns on one page, nor another issue", () => {
    const column = (title: string) => record({ title, authors: by, ...place });
    expect(judge(column("Editorial"), column("In this issue")).verdict).not.toBe("same");
    const a = record({ title: "The wait and see literature: a rapid systematic review", authors: by, ...place });
    const b = record({ title: "Leaving early from bushfire-threatened homes", authors: by, ...place, issue: "2" });
    expect(judge(a, b).verdict).not.toBe("same");
  });
});

describe("review.csv says in words what agrees and what does not", () => {
  test("fields both give alike, fields that differ with both values, fields one side lacks", () => {
    const a = article({ issue: "4", pages: "250-254", doi: null });
    const b = article({ issue: "7", pages: "301-305", year: 2012, journal: null });
    const s = compareFields(matchRecord(a, 0), matchRecord(b, 1));
    expect(comparisonInWords(a, b, s)).toEqual({
      agree: "title; authors; volume; number of pages",
      disagree: "year (2011 / 2012); issue (4 / 7); first page (250-254 / 301-305)",
      missing: "journal",
    });
    // Another length as well as another place: what tells a person it is not the article printed again.
    const longer = { ...b, pages: "301-312" };
    const t = compareFields(matchRecord(a, 0), matchRecord(longer, 1));
    expect(comparisonInWords(a, longer, t).disagree).toBe(
      "year (2011 / 2012); issue (4 / 7); first page (250-254 / 301-312); number of pages",
    );
  });

  test("review.csv puts the reviewer's columns first, then the keys and the comparison", () => {
    expect(REVIEW_CSV_HEADER.slice(0, 9)).toEqual([
      "verdict",
      "who",
      "when",
      "note",
      "key_a",
      "key_b",
      "agree",
      "disagree",
      "missing",
    ]);
    expect(new Set(REVIEW_CSV_HEADER).size).toBe(REVIEW_CSV_HEADER.length);
  });
});

describe("versions of a Cochrane review", () => {
  const review = (fields: Partial<Record>) =>
    record({
      title: "Air versus oxygen for resuscitation of infants at birth",
      authors: authors("Tan, A.", "Schulze, A.", "O'Donnell, C. P.", "Davis, P. G."),
      journal: "Cochrane Database Syst Rev",
      pages: "CD002273",
      ...fields,
    });

  test("two versions (.pub2, .pub3) of one review are not kept apart by their DOIs: the other fields merge them", () => {
    const result = deduplicate(
      matchAll([
        review({ year: 2004, issue: "3", doi: "10.1002/14651858.cd002273.pub2" }),
        review({ year: 2005, issue: "2", doi: "10.1002/14651858.cd002273.pub3" }),
      ]),
    );
    expect(result.clusters).toHaveLength(1);
  });

  test("the DOIs of two different reviews, or a .pub suffix outside Cochrane's scheme, still conflict", () => {
    const different = compareFields(
      matchRecord(review({ doi: "10.1002/14651858.cd002273.pub2" }), 0),
      matchRecord(review({ doi: "10.1002/14651858.cd002274.pub2" }), 1),
    );
    expect(different.conflictingIds).toEqual(["doi"]);
    const elsewhere = compareFields(
      matchRecord(review({ doi: "10.1000/abc.pub2" }), 0),
      matchRecord(review({ doi: "10.1000/abc.pub3" }), 1),
    );
    expect(elsewhere.conflictingIds).toEqual(["doi"]);
    const versions = compareFields(
      matchRecord(review({ doi: "10.1002/14651858.CD002273" }), 0),
      matchRecord(review({ doi: "10.1002/14651858.cd002273.pub4" }), 1),
    );
    expect(versions.conflictingIds).toEqual([]);
    expect(versions.sharedIds).toEqual([]);
  });
});

describe("DOI schemes that give one work several DOIs", () => {
  test.each([
    ["10.12688/f1000research.12345.1", "10.12688/f1000research.12345.2"],
    ["10.7554/eLife.12345", "10.7554/eLife.12345.003"],
    ["10.7554/elife.88888.1", "10.7554/elife.88888.3"],
    ["10.1371/journal.pone.0123456", "10.1371/journal.pone.0123456.g001"],
    ["10.1101/2020.01.01.123456v1", "10.1101/2020.01.01.123456v2"],
    ["10.21203/rs.3.rs-12345/v1", "10.21203/rs.3.rs-12345/v2"],
    ["10.20944/preprints202001.0001.v1", "10.20944/preprints202001.0001.v2"],
  ])("%s and %s are one work's", (x, y) => {
    expect(doiOfWork(x)).toBe(doiOfWork(y));
  });

  test.each([
    ["10.12688/f1000research.12345.1", "10.12688/f1000research.12346.1"],
    ["10.1371/journal.pone.0123456.g001", "10.1371/journal.pone.0123457.g001"],
    ["10.1016/j.appet.2012.05.003", "10.1016/j.appet.2012.05.004"],
    ["10.1000/abc.v1", "10.1000/abc.v2"],
  ])("%s and %s stay two works' (the scheme, not a likeness of strings, decides)", (x, y) => {
    expect(doiOfWork(x)).not.toBe(doiOfWork(y));
  });

  test("one article given two DOIs (the publisher's and JSTOR's) at the same place is merged, not refused", () => {
    const a = article({ doi: "10.1642/0004-8038(2002)119[0071:eohrow]2.0.co;2" });
    const b = article({ doi: "10.2307/4090014", title: `${article().title!.toUpperCase()}.` });
    expect(judge(a, b)).toMatchObject({ verdict: "same", rule: "identifier-conflict-same-place" });
    const result = deduplicate(matchAll([a, b]));
    expect(result.clusters).toHaveLength(1);
    expect(result.review).toEqual([]);
  });

  test("but two DOIs without a place to confirm them (a figshare deposit of the article's data) go to a person", () => {
    const a = article({ doi: "10.2337/dc24-0703", volume: null, issue: null, pages: null });
    const b = article({ doi: "10.2337/figshare.26117278.v1", volume: null, issue: null, pages: null });
    expect(judge(a, b).verdict).toBe("review");
    expect(judge(article({ doi: "10.1000/x.1" }), article({ doi: "10.1000/x.2", pages: "260-264" })).verdict).not.toBe(
      "same",
    );
  });

  test("a preprint and its journal version are one study though their DOIs differ, as they do by nature", () => {
    const title = "Cervical human papillomavirus in transplanted Italian women: a long-term follow-up";
    const preprint = record({
      title,
      authors: authors("Origoni, M.", "Stefani, C."),
      year: 2020,
      journal: "medRxiv",
      doi: "10.1101/2020.03.01.20029876",
    });
    const published = record({
      title,
      authors: authors("Origoni, M.", "Stefani, C."),
      year: 2021,
      journal: "Journal of Clinical Virology",
      doi: "10.1016/j.jcv.2021.104800",
    });
    expect(judge(preprint, published)).toMatchObject({ verdict: "same-study", rule: "preprint-version" });
    const otherPmid = { ...published, pmid: "1" };
    expect(judge({ ...preprint, pmid: "2" }, otherPmid).verdict).not.toBe("same-study");
  });

  test("but a copy naming no venue at all is another database's copy of the preprint, not a second report", () => {
    const title = "Bushfire smoke and hospital admissions with cerebrovascular diseases in Australia";
    const by = authors("Hasnain, M.", "Garcia-Esperon, C.", "Walker, F.");
    const preprint = record({ title, authors: by, year: 2023, journal: "medRxiv", pages: "2023.04.18.23288775" });
    const bare = record({ title, authors: by, year: 2023 });
    expect(judge(preprint, bare).verdict).toBe("same");
    expect(judge(preprint, { ...bare, journal: "Stroke" }).verdict).toBe("same-study");
  });
});

test("a supplement is recognised from an issue `S3` beside a volume, not only alone", () => {
  expect(isSupplement("30", "S3")).toBe(true);
  expect(isSupplement("S2", null)).toBe(true);
  expect(isSupplement("46", "Supplement 1")).toBe(true);
  expect(isSupplement("30", "3")).toBe(false);
  expect(isSupplement("Systems", "3")).toBe(false);
});

describe("preprint servers", () => {
  const venue = (journal: string, doi: string | null = null) => ({ database: "lens", arxivId: null, journal, doi });

  test.each(["arXiv", "bioRxiv", "medRxiv", "EarthArXiv", "EcoEvoRxiv", "PsyArXiv Preprints", "EGUsphere", "SSRN"])(
    "%s is a preprint server",
    (journal) => {
      expect(isPreprint(venue(journal))).toBe(true);
    },
  );

  test("journals are not, whatever their letters (Archives …), and an EGUsphere DOI names one", () => {
    expect(isPreprint(venue("Archives of Medical Research"))).toBe(false);
    expect(isPreprint(venue("Natural Hazards and Earth System Sciences"))).toBe(false);
    expect(isPreprint({ ...venue(""), journal: null, doi: "10.5194/egusphere-2022-1234" })).toBe(true);
  });
});
