/**
 * Error classes of issue 15 found on the labelled sets' stripped and record-number variants:
 * recurring column titles against short topical ones, a meeting's papers a year apart, a
 * meeting's paper against a journal article, translated titles whose issue is unknown,
 * character names written out in titles, and a full page range as evidence of place.
 */
import { describe, expect, test } from "vitest";
import { matchRecord } from "../../src/dedupe/features.js";
import { isMeeting } from "../../src/dedupe/journal.js";
import { decide } from "../../src/dedupe/rules.js";
import { compareFields } from "../../src/dedupe/similarity.js";
import { isRecurringTitle, titleForm } from "../../src/dedupe/title.js";
import type { Record } from "../../src/record.js";
import { authors, record } from "./records.js";

function judge(a: Record, b: Record) {
  return decide(similarity(a, b));
}

function similarity(a: Record, b: Record) {
  return compareFields(matchRecord(a, 0), matchRecord(b, 1));
}

const recurring = (title: string, journal = "") =>
  isRecurringTitle(titleForm(title).key, new Set(journal.toLowerCase().split(" ")));

describe("a recurring column title is told from a short topical one", () => {
  test.each([
    ["Editorial"],
    ["Editorial introduction"],
    ["Editor's comments"],
    ["Letter from the editor"],
    ["Book reviews"],
    ["In this issue"],
    ["Conference abstracts 2017"],
    ["Introduction to the minitrack on crowdsourcing and digital workforce in the gig economy"],
  ])("%s is a column", (title) => {
    expect(recurring(title)).toBe(true);
  });

  test("a column named after its journal is a column however many words it has", () => {
    expect(recurring("Remarks from MIS Quarterly Editor - Editor's Comments", "MIS Quarterly")).toBe(true);
    expect(recurring("Remarks from MIS Quarterly Editor - Editor's Comments", "Journal of Management")).toBe(false);
  });

  test.each([
    ["Coronary artery disease"],
    ["Subcontracting microwork"],
    ["The all-seeing employer"],
    ["Introduction to special issue on digitalization, labour and global production"],
    ["Diabetes: a review"],
  ])("%s names a work", (title) => {
    expect(recurring(title)).toBe(false);
  });
});

describe("short titles and recurring columns at one place", () => {
  const column = (fields: Partial<Record>) =>
    record({
      title: "Remarks from MIS Quarterly Editor - Editor's Comments",
      authors: authors("Lee, A."),
      year: 2000,
      journal: "MIS Quarterly",
      volume: "24",
      ...fields,
    });

  test("one editor's column in every issue of a volume is not merged when the issues are unknown", () => {
    expect(judge(column({}), column({})).verdict).not.toBe("same");
  });

  test("the same column in the same issue is one record", () => {
    expect(judge(column({ issue: "3" }), column({ issue: "3" })).verdict).toBe("same");
  });

  test("a recurring title at the same pages, the issue unknown, goes to a person", () => {
    const intro = (fields: Partial<Record>) =>
      record({
        title: "Editorial Introduction",
        authors: authors("Zwass, V."),
        year: 2015,
        journal: "Journal of Management Information Systems",
        volume: "32",
        pages: "1-3",
        ...fields,
      });
    expect(judge(intro({}), intro({}))).toMatchObject({ verdict: "review", rule: "related-title" });
    expect(judge(intro({ issue: "1" }), intro({ issue: "1" })).verdict).toBe("same");
  });

  test("a short topical title with the same authors, journal, year and volume is one paper", () => {
    const abstract = (journal: string) =>
      record({
        title: "Coronary artery disease",
        authors: authors("Barbara, F.", "Max, S.", "Agostino, C.", "Thomas, E."),
        year: 2013,
        journal,
        volume: "15",
      });
    expect(
      judge(
        abstract("Journal of Clinical Hypertension. Conference: 28th Annual Scientific Meeting"),
        abstract("Journal of Clinical Hypertension"),
      ),
    ).toMatchObject({ verdict: "same", rule: "short-title-authors-journal-place" });
  });

  test("a short topical title against an ahead-of-print copy naming no place: one paper; both placed elsewhere, not", () => {
    const paper = (fields: Partial<Record>) =>
      record({
        title: "Gambling and financial stress",
        authors: authors("Koomson, I.", "Churchill, S. A.", "Munyanyi, M. E."),
        year: 2022,
        journal: "Social Indicators Research",
        ...fields,
      });
    const printed = paper({ volume: "163", issue: "1", pages: "473-503" });
    expect(judge(printed, paper({}))).toMatchObject({ verdict: "same", rule: "short-title-authors-journal-place" });
    // Each names a place, and the places differ: two pieces, whatever their titles.
    expect(judge(printed, paper({ volume: "164", issue: "2", pages: "12-30" })).verdict).not.toBe("same");
    // Without the authors to say whose it is, a short title decides nothing.
    expect(judge(printed, paper({ authors: authors("Smith, J.") })).verdict).not.toBe("same");
  });

  test("a short topical title by different authors is not", () => {
    const a = record({
      title: "Coronary artery disease",
      authors: authors("Barbara, F."),
      year: 2013,
      journal: "J",
      volume: "15",
    });
    const b = record({
      title: "Coronary artery disease",
      authors: authors("Kowalski, J."),
      year: 2013,
      journal: "J",
      volume: "15",
    });
    expect(judge(a, b).verdict).not.toBe("same");
  });

  test("a short title with the same authors, journal, volume and first page is one article (a section tag dropped)", () => {
    const a = record({
      title: "The all-seeing employer - [careers]",
      authors: authors("Patel-Predd, P."),
      year: 2009,
      journal: "IEEE Spectrum",
      volume: "46",
      pages: "23-23",
    });
    const b = { ...a, key: "test:other", title: "The all-seeing employer", pages: "23" };
    expect(judge(a, b).verdict).toBe("same");
  });
});

describe("a meeting's papers carry the meeting's year", () => {
  const paper = (fields: Partial<Record>) =>
    record({
      title: "The impact of cognitive load on responses to security alerts",
      authors: authors("Vaishnav, L.", "Goel, S."),
      journal: "Americas Conference on Information Systems",
      ...fields,
    });

  test("names of meetings are told from journals named Proceedings", () => {
    expect(isMeeting("Americas Conference on Information Systems")).toBe(true);
    expect(isMeeting("Proceedings of the Annual Hawaii International Conference on System Sciences")).toBe(true);
    expect(isMeeting("Proceedings of the National Academy of Sciences")).toBe(false);
    expect(isMeeting("Diabetologia. Conference: 53rd Annual Meeting of the EASD")).toBe(false);
  });

  test("a revised title at the next year's meeting is another paper", () => {
    const a = paper({ year: 2024 });
    const b = paper({
      year: 2025,
      title: "The impact of cognitive load on responses to security alerts: investigating human errors",
    });
    expect(judge(a, b)).toMatchObject({ verdict: "different", rule: "meeting-year-differs" });
  });

  test("a meeting's paper and a record a year later outside that meeting is the journal version", () => {
    const a = paper({ year: 2003 });
    const b = paper({ year: 2004, journal: null });
    expect(judge(a, b)).toMatchObject({ verdict: "different", rule: "meeting-year-differs" });
  });

  test("the same title at the same meeting a year apart is the meeting's year against its proceedings'", () => {
    const a = paper({ year: 2017, journal: "International Conference on Information Systems", pages: "1-12" });
    const b = paper({ year: 2018, journal: "ICIS: Transforming Society with Digital Innovation" });
    expect(judge(a, b).verdict).toBe("same");
  });

  test("a workshop paper and a journal article of the same title, with no place in common, are two publications", () => {
    const a = record({
      title: "Learning-based scheduling for digital work platforms",
      authors: authors("Smith, John"),
      year: 2020,
      journal: "Journal of Digital Studies",
    });
    const b = { ...a, key: "test:workshop", journal: "Workshop of Digital Studies" };
    expect(judge(a, b)).toMatchObject({ verdict: "different", rule: "meeting-and-journal" });
  });
});

describe("translated titles and garbled places", () => {
  const german = (fields: Partial<Record>) =>
    record({
      title: "Plattformökonomie und Crowdworking als Herausforderungen für das deutsche Modell der Arbeitsbeziehungen",
      authors: authors("Greef, S.", "Schroeder, W.", "Sperling, H."),
      year: 2020,
      journal: "Industrielle Beziehungen",
      volume: "27",
      pages: "205-226",
      ...fields,
    });
  const english = (fields: Partial<Record>) =>
    german({
      title: "Platform economy and crowdworking as challenges for the German model of industrial relations",
      ...fields,
    });

  test("a record shifted a column left (issue in the volume column, its page in the issue column) is the same place", () => {
    const abstract = (fields: Partial<Record>) =>
      record({
        title: "Exendin-4 reduces ischemic brain injury in normal and aged type 2 diabetic mice",
        authors: authors("Darsalia, V.", "Hua, S.", "Larsson, M."),
        year: 2016,
        journal: "Diabetes",
        ...fields,
      });
    const a = abstract({ volume: "65 (Supplement 1)", pages: "A27" });
    const shifted = abstract({ volume: "Supplement 1", issue: "A27" });
    expect(similarity(a, shifted)).toMatchObject({ pages: true, volume: null });
    expect(judge(shifted, a).verdict).toBe("same");
  });

  test("a one-digit typo in the first page of the same range is the same pages, in a supplement too", () => {
    expect(similarity(english({ pages: "41-50" }), english({ pages: "42-50" })).pages).toBe(true);
    expect(similarity(english({ pages: "27-38", issue: "S10" }), english({ pages: "28-38", issue: "S10" })).pages).toBe(
      true,
    );
  });

  test("ranges ending apart, or one page against a range, are not read as one range with a typo", () => {
    expect(similarity(english({ pages: "41-50" }), english({ pages: "42-51" })).pages).not.toBe(true);
    expect(similarity(english({ pages: "50" }), english({ pages: "40-50" })).pages).not.toBe(true);
    expect(similarity(english({ pages: "S27", issue: "S10" }), english({ pages: "S28", issue: "S10" })).pages).toBe(
      false,
    );
  });

  test("pages of two lettered series (an EASD abstract at S334, an ADA abstract at A254) are two places", () => {
    expect(similarity(english({ pages: "S334" }), english({ pages: "A254-A255" })).pages).toBe(false);
    expect(similarity(english({ pages: "e1234" }), english({ pages: "1234" })).pages).toBe(true);
    expect(similarity(english({ pages: "S334" }), english({ pages: "334" })).pages).toBe(true);
  });

  test("an issue that equals the other's first page by coincidence (`1`, `12`) is not read as a shift", () => {
    const a = english({ issue: "1", pages: "12" });
    const b = english({ issue: "12", pages: null });
    expect(similarity(a, b).pages).toBeNull();
    const c = english({ issue: "Supplement 1", pages: null, volume: "136" });
    const d = english({ pages: "1-10", volume: "264" });
    expect(similarity(c, d)).toMatchObject({ volume: false, pages: null });
  });

  test("a translated title at the same place and issue is one article", () => {
    expect(judge(german({ issue: "2" }), english({ issue: "2" })).verdict).toBe("same");
  });

  test("the issue unknown, a title in German and one in English at the same pages are one article in two languages", () => {
    expect(judge(german({}), english({}))).toMatchObject({
      verdict: "same",
      rule: "translated-title-languages-differ",
    });
  });

  test("the issue unknown, two unrelated English titles at the same pages go to a person: issues paginated alone repeat page ranges", () => {
    const other = english({
      title: "Big data analytics in human resource management and the future of the employment contract",
    });
    expect(judge(english({}), other)).toMatchObject({ verdict: "review", rule: "translated-title-issue-unknown" });
  });

  test("the issue unknown, a title whose language cannot be told goes to a person", () => {
    const terse = english({ title: "Plattformökonomie, Crowdworking, Arbeitsbeziehungen: Herausforderungen" });
    expect(judge(terse, english({}))).toMatchObject({ verdict: "review", rule: "translated-title-issue-unknown" });
  });

  test("a title with a character written out by name compares equal to the one with the character", () => {
    expect(titleForm("Flexible, Self-Determined horizontal ellipsis and Unhealthy?").key).toBe(
      titleForm("Flexible, Self-Determined… and Unhealthy?").key,
    );
    expect(titleForm("Effects of en dash and em dash").key).toBe("effects");
  });

  test("the same full page range counts as place when the volume is garbled by the journal's name", () => {
    const russian = (fields: Partial<Record>) =>
      record({
        title: "Cerebroprotective activity of metformin, gosogliptin and citicoline in cerebral ischemia",
        authors: authors("Tyurenkov, I. N.", "Kurkin, D. V.", "Bakulin, D. A."),
        year: 2017,
        journal: "Zh Nevrol Psikhiatr Im S S Korsakova",
        volume: "117",
        pages: "53-59",
        ...fields,
      });
    const b = russian({ journal: "Zhurnal Nevrologii i Psihiatrii imeni S.S", volume: "Korsakova. Part 2. 117" });
    expect(judge(russian({}), b)).toMatchObject({
      verdict: "same",
      rule: "title-authors-year-place-one-field-differs",
    });
  });

  test("but a first page alone with the volume in conflict is not enough", () => {
    const a = english({ pages: "205" });
    const b = english({ pages: "205", volume: "31", journal: "Another Journal of Relations" });
    expect(judge(a, b).verdict).not.toBe("same");
  });
});

describe("records without authors", () => {
  const book = (fields: Partial<Record>) =>
    record({
      title: "ESICON 2017 Abstracts",
      year: 2017,
      journal: "Indian Journal of Endocrinology and Metabolism",
      volume: "21",
      ...fields,
    });

  test("the same short title in the same journal, year and volume goes to a person, never merged unseen", () => {
    expect(
      judge(book({}), book({ journal: "Indian Journal of Endocrinology and Metabolism. Conference: ESICON" })),
    ).toMatchObject({ verdict: "review", rule: "no-authors-same-place" });
  });

  test("another volume or year is not asked about", () => {
    expect(judge(book({}), book({ volume: "22" })).verdict).toBe("different");
    expect(judge(book({}), book({ year: 2018, volume: null })).verdict).toBe("different");
  });
});
