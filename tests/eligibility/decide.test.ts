import { describe, expect, test } from "vitest";
import { candidateBranches, decideAll, decideRecord, keepAll, thresholdRule } from "../../src/eligibility/decide.js";
import { JournalIndex } from "../../src/eligibility/journal-index.js";
import type { ListJournal } from "../../src/eligibility/journal-list.js";
import { ReviewSchema, validate } from "../../src/protocol.js";
import { EligibilityConfigSchema } from "../../src/protocol/eligibility.js";
import { uniqueRecord } from "./unique-records.js";

function journal(partial: Partial<ListJournal> & { title: string }): ListJournal {
  return {
    id: partial.sourceId ?? partial.title,
    sourceId: null,
    issns: [],
    abbreviations: [],
    alternateTitles: [],
    areas: ["Medicine"],
    metric: null,
    locations: [`raw/journals/list.csv:${partial.title.length}`],
    format: "scopus-csv",
    ...partial,
  };
}

const LIST = [
  journal({
    title: "Journal of Illustrative Medicine",
    sourceId: "scopus:1",
    issns: ["9990-0017", "9990-0025"],
    metric: 20_000,
  }),
  journal({
    title: "Computers & Illustrative Health",
    sourceId: "scopus:2",
    issns: ["9990-0033"],
    metric: 12_999,
    areas: ["Computer Science"],
  }),
  journal({
    title: "Illustrative Journal of Art History, The",
    sourceId: "scopus:3",
    issns: ["9990-0041"],
    metric: 50_000,
    areas: ["Arts and Humanities"],
  }),
  journal({ title: "Illustrative Nursing Today", sourceId: "scopus:4", metric: null, areas: ["Nursing"] }),
  journal({ title: "Annals of Examples", sourceId: "scopus:5", metric: 30_000 }),
  journal({ title: "Annals of Examples", sourceId: "scopus:6", metric: 31_000 }),
  journal({ title: "Examples Quarterly", sourceId: "scopus:7", metric: 40_000 }),
  journal({ title: "Examples Quarterly", sourceId: "scopus:8", metric: 100 }),
  journal({
    title: "Nature",
    sourceId: "openalex:S137773608",
    abbreviations: ["Nat."],
    issns: ["0028-0836", "1476-4687"],
    metric: 4_527_539,
    areas: ["Biology"],
  }),
];

const config = EligibilityConfigSchema.parse({
  lists: ["raw/journals/list.csv"],
  metric: { column: "Citation Count", year: 2023, windowYears: 4, name: "citations" },
  threshold: 13_000,
  subjectAreas: ["Medicine", "Computer Science", "Nursing", "Biology"],
  retrieved: "2025-04-01",
  branches: [
    { id: "journals", filter: "journal-threshold" },
    { id: "arxiv", databases: ["arxiv"], filter: "none" },
  ],
});
const index = new JournalIndex(LIST);
const rule = thresholdRule(config);
const decide = (spec: Parameters<typeof uniqueRecord>[0]) =>
  decideRecord(uniqueRecord(spec), config.branches, index, rule);

describe("matching a record's journal", () => {
  test("by ISSN first, then eISSN, whatever the record calls the journal", () => {
    expect(
      index.match({ issn: "9990-0025", eissn: null, journal: "Something Else", journalAbbrev: null }),
    ).toMatchObject({ kind: "matched", by: "issn", journal: { sourceId: "scopus:1" } });
    expect(index.match({ issn: "1234-5679", eissn: "9990-0033", journal: null, journalAbbrev: null })).toMatchObject({
      kind: "matched",
      by: "eissn",
      journal: { sourceId: "scopus:2" },
    });
  });

  test("then by normalised title", () => {
    expect(
      index.match({ issn: null, eissn: null, journal: "The Illustrative Journal of Art History", journalAbbrev: null }),
    ).toMatchObject({ kind: "matched", by: "title", journal: { sourceId: "scopus:3" } });
    expect(
      index.match({ issn: null, eissn: null, journal: "computers and illustrative health", journalAbbrev: null }),
    ).toMatchObject({ by: "title", journal: { sourceId: "scopus:2" } });
  });

  test("then by a known abbreviation or the ISO 4 shape of a list title", () => {
    expect(index.match({ issn: null, eissn: null, journal: null, journalAbbrev: "Nat" })).toMatchObject({
      by: "abbreviation",
      journal: { sourceId: "openalex:S137773608" },
    });
    expect(index.match({ issn: null, eissn: null, journal: "J. Illus. Med.", journalAbbrev: null })).toMatchObject({
      by: "abbreviation",
      journal: { sourceId: "scopus:1" },
    });
    expect(index.match({ issn: null, eissn: null, journal: "J Illus Med", journalAbbrev: null })).toEqual({
      kind: "none",
    });
    expect(
      index.match({
        issn: null,
        eissn: null,
        journal: "Illustrative Nursing Yesterday",
        journalAbbrev: "Illus. Nurs. Yesterday",
      }),
    ).toEqual({ kind: "none" });
  });

  test("a one-word name matches only its own title, as ISO 4 never abbreviates one-word titles", () => {
    const cells = new JournalIndex([journal({ title: "Cells", sourceId: "scopus:9" })]);
    expect(cells.match({ issn: null, eissn: null, journal: "Cell", journalAbbrev: "Cell" })).toEqual({ kind: "none" });
  });

  test("two list journals with the same title are both returned, never one picked", () => {
    const match = index.match({ issn: null, eissn: null, journal: "Annals of Examples", journalAbbrev: null });
    expect(match.kind).toBe("ambiguous");
    expect(match.kind === "ambiguous" && match.journals.map((j) => j.sourceId)).toEqual(["scopus:5", "scopus:6"]);
  });
});

describe("the threshold", () => {
  test("keeps a journal at or above it on the journal branch, saying what was compared", () => {
    const d = decide({ id: "c1", database: "pubmed", journal: "Journal of Illustrative Medicine", issn: "9990-0017" });
    expect(d).toMatchObject({
      branch: "journals",
      kept: true,
      reason: null,
      lookup: { match: "issn", verdict: "qualifies", detail: "20,000 citations ≥ 13,000" },
    });
  });

  test("excludes a journal below it", () => {
    const d = decide({ id: "c2", journal: "Computers and Illustrative Health" });
    expect(d).toMatchObject({
      branch: "journals",
      kept: false,
      reason: "journal below threshold",
      lookup: { match: "title", detail: "12,999 citations < 13,000" },
    });
  });

  test("counts a journal the list gives no value for as below it", () => {
    expect(decide({ id: "c3", journal: "Illustrative Nursing Today" })).toMatchObject({
      kept: false,
      reason: "journal below threshold",
      lookup: { verdict: "no-value" },
    });
  });

  test("treats a journal outside the subject areas as not in the list", () => {
    const d = decide({ id: "c4", issn: "9990-0041" });
    expect(d).toMatchObject({ kept: false, reason: "journal not in list", lookup: { verdict: "outside-areas" } });
    expect(d.lookup!.detail).toBe(
      "listed in Arts and Humanities, none of Medicine; Computer Science; Nursing; Biology",
    );
  });

  test("excludes a journal the list does not have, and a record naming no journal", () => {
    expect(decide({ id: "c5", journal: "Journal of Nowhere", issn: "1234-5679" })).toMatchObject({
      reason: "journal not in list",
      lookup: { match: null, detail: 'no list journal matches "Journal of Nowhere", ISSN 1234-5679' },
    });
    expect(decide({ id: "c6" })).toMatchObject({
      reason: "journal not in list",
      lookup: { detail: "the record names no journal and no ISSN" },
    });
  });

  test("decides an ambiguous title only when every candidate gives the same outcome", () => {
    expect(decide({ id: "c7", journal: "Annals of Examples" })).toMatchObject({
      kept: true,
      lookup: { verdict: "qualifies" },
    });
    const split = decide({ id: "c8", journal: "Examples Quarterly" });
    expect(split).toMatchObject({
      kept: false,
      reason: "journal not in list",
      lookup: { verdict: null, match: "title" },
    });
    expect(split.lookup!.detail).toMatch(
      /^ambiguous: 2 list journals match "Examples Quarterly" by title, with different outcomes/,
    );
  });

  test("notes a title match whose ISSN the list does not share", () => {
    expect(decide({ id: "c9", journal: "Annals of Examples", issn: "1234-5679" }).lookup!.detail).not.toContain(
      "although",
    );
    expect(decide({ id: "c10", journal: "Journal of Illustrative Medicine", issn: "1234-5679" }).lookup!.detail).toBe(
      "20,000 citations ≥ 13,000; matched by title although the list gives ISSN 9990-0017, 9990-0025",
    );
  });
});

describe("branches", () => {
  test("an arXiv-only cluster bypasses the threshold on the arxiv branch", () => {
    expect(decide({ id: "a1", database: "arxiv", arxivId: "2301.01234" })).toEqual(
      expect.objectContaining({ branch: "arxiv", kept: true, lookup: null }),
    );
  });

  test("a cluster of an arXiv preprint and its journal version goes down the journal branch when the journal qualifies", () => {
    expect(decide({ id: "m1", databases: ["arxiv", "pubmed"], issn: "9990-0017" })).toMatchObject({
      branch: "journals",
      kept: true,
    });
  });

  test("and down the arxiv branch when it does not, saying why", () => {
    const d = decide({ id: "m2", databases: ["arxiv", "scopus"], journal: "Computers & Illustrative Health" });
    expect(d).toMatchObject({ branch: "arxiv", kept: true, reason: null });
    expect(d.lookup!.detail).toBe("12,999 citations < 13,000; kept on the arxiv branch (journal below threshold)");
  });

  test("candidates are the default branch for unclaimed databases and every branch claiming one", () => {
    expect(candidateBranches(["arxiv"], config.branches).map((b) => b.id)).toEqual(["arxiv"]);
    expect(candidateBranches(["arxiv", "scopus"], config.branches).map((b) => b.id)).toEqual(["journals", "arxiv"]);
    expect(candidateBranches([], config.branches).map((b) => b.id)).toEqual(["journals"]);
  });

  test("without an eligibility section every record is kept on the branch main", () => {
    const records = [uniqueRecord({ id: "x1" }), uniqueRecord({ id: "x2", database: "arxiv", arxivId: "2301.01234" })];
    expect(keepAll(records).map((d) => [d.branch, d.kept, d.reason])).toEqual([
      ["main", true, null],
      ["main", true, null],
    ]);
  });

  test("decideAll keeps the records' order and decides each", () => {
    const decisions = decideAll(
      [uniqueRecord({ id: "b", issn: "9990-0017" }), uniqueRecord({ id: "a", issn: "9990-0033" })],
      config,
      index,
    );
    expect(decisions.map((d) => [d.unique.clusterId, d.kept])).toEqual([
      ["b", true],
      ["a", false],
    ]);
  });
});

describe("review.json's eligibility section", () => {
  const base = {
    lists: ["raw/journals/list.csv"],
    metric: { column: "Citation Count", year: 2023, windowYears: 4 },
    threshold: 13_000,
    retrieved: "2025-04-01",
  };

  test("defaults to one journal branch with the threshold", () => {
    expect(EligibilityConfigSchema.parse(base).branches).toEqual([{ id: "journals", filter: "journal-threshold" }]);
  });

  test.each([
    [{ branches: [{ id: "a", databases: ["arxiv"], filter: "none" }] }, "expected exactly one branch without"],
    [
      {
        branches: [
          { id: "j", filter: "journal-threshold" },
          { id: "j", databases: ["arxiv"], filter: "none" },
        ],
      },
      "expected a unique branch id",
    ],
    [
      {
        branches: [
          { id: "j", filter: "journal-threshold" },
          { id: "a", databases: ["arxiv"], filter: "none" },
          { id: "b", databases: ["arxiv"], filter: "none" },
        ],
      },
      "expected each database in one branch",
    ],
    [{ lists: ["journals/list.csv"] }, "a file under raw/journals/"],
    [{ retrieved: "April 2025" }, "a date YYYY-MM-DD"],
  ])("refuses %j", (change, message) => {
    const parsed = EligibilityConfigSchema.safeParse({ ...base, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join(" | ")).toContain(message);
  });

  test("a bad section in review.json fails with the field path and what was expected", () => {
    const review = {
      schemaVersion: 1,
      title: "t",
      databases: [{ id: "arxiv", name: "arXiv" }],
      eligibility: { ...base, lists: ["journals/list.csv"] },
    };
    expect(() => validate(ReviewSchema, review, "review.json")).toThrow(
      'review.json: eligibility.lists.0.file: expected a file under raw/journals/ (forward slashes, relative to the workspace), got "journals/list.csv"',
    );
  });
});
