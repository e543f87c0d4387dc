import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { metricColumnMismatch, readJournalLists } from "../../src/eligibility/read-lists.js";
import { InputError, ProtocolError } from "../../src/errors.js";
import { EligibilityConfigSchema } from "../../src/protocol/eligibility.js";
import { fixture } from "../helpers.js";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "srpipe-lists-"));
  await mkdir(join(root, "raw", "journals"), { recursive: true });
});

/** Put a fixture (or text) at raw/journals/<name> and read it with the given metric. */
async function read(
  name: string,
  source: string | { text: string },
  metric: { column: string; year: number; windowYears: number },
  extra: object = {},
) {
  const target = join(root, "raw", "journals", name);
  if (typeof source === "string") await cp(fixture(source), target);
  else await writeFile(target, source.text);
  const config = EligibilityConfigSchema.parse({
    lists: [`raw/journals/${name}`],
    metric,
    threshold: 0,
    retrieved: "2025-04-01",
    ...extra,
  });
  return readJournalLists(root, config, "review.json");
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the read to fail");
}

describe("SCImago CSV (real 2021 export, Library and Information Sciences)", () => {
  const metric = { column: "Total Cites (3years)", year: 2021, windowYears: 3 };

  test("reads semicolons, several unhyphenated ISSNs in a cell, areas and categories", async () => {
    const { journals, files } = await read("scimago.csv", "journal_metrics/scimagojr_2021_LIS.csv", metric);
    expect(files).toEqual([{ file: "raw/journals/scimago.csv", format: "scimago-csv", rows: 240 }]);
    const isr = journals.find((j) => j.title === "Information Systems Research")!;
    expect(isr).toMatchObject({
      sourceId: "scopus:15574",
      issns: ["1047-7047", "1526-5536"],
      metric: 1308,
      locations: ["raw/journals/scimago.csv:3"],
    });
    expect(isr.areas).toEqual(
      expect.arrayContaining(["Computer Science", "Information Systems", "Library and Information Sciences"]),
    );
  });

  test("reads decimal commas as decimals", async () => {
    const { journals } = await read("scimago.csv", "journal_metrics/scimagojr_2021_LIS.csv", {
      column: "SJR",
      year: 2021,
      windowYears: 3,
    });
    expect(journals[0]).toMatchObject({ title: "International Journal of Information Management", metric: 4.584 });
  });

  test("refuses a window review.json does not share with the column", async () => {
    const error = await failure(
      read("scimago.csv", "journal_metrics/scimagojr_2021_LIS.csv", { ...metric, windowYears: 4 }),
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toBe(
      'review.json: eligibility.metric.windowYears: expected 3 (the column "Total Cites (3years)" counts 3 years), got 4; raw/journals/scimago.csv',
    );
  });

  test("names the columns it found when the metric column is not one of them", async () => {
    const error = await failure(
      read("scimago.csv", "journal_metrics/scimagojr_2021_LIS.csv", {
        column: "Citation Count",
        year: 2021,
        windowYears: 4,
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^raw\/journals\/scimago\.csv:1: metric column: expected a column "Citation Count" \(review.json eligibility.metric.column\), got the columns "Rank", "Sourceid", "Title", /,
    );
  });
});

describe("Scopus CiteScore CSV", () => {
  test("a journal listed once per subject area is one journal (real CiteScore 2020 slice)", async () => {
    const { journals, files } = await read("citescore-2020.csv", "journal_lists/citescore_2020_per_area.csv", {
      column: "CiteScore 2020",
      year: 2020,
      windowYears: 4,
    });
    expect(files[0]).toMatchObject({ format: "scopus-csv", rows: 38 });
    expect(journals).toHaveLength(15);
    const anxiety = journals.find((j) => j.sourceId === "scopus:12020")!;
    expect(anxiety).toMatchObject({ title: "Anxiety, Stress and Coping", metric: 3.9 });
    expect(anxiety.locations).toEqual([
      "raw/journals/citescore-2020.csv:26",
      "raw/journals/citescore-2020.csv:27",
      "raw/journals/citescore-2020.csv:28",
      "raw/journals/citescore-2020.csv:29",
    ]);
  });

  test("a per-area metric is refused, naming both rows", async () => {
    const error = await failure(
      read("citescore-2020.csv", "journal_lists/citescore_2020_per_area.csv", {
        column: "Percentile",
        year: 2020,
        windowYears: 4,
      }),
    );
    expect(error.message).toBe(
      "raw/journals/citescore-2020.csv:3: Percentile: expected the same value as raw/journals/citescore-2020.csv:2 (the same journal, scopus:12001): a journal-level metric, not a per-subject-area one such as Percentile or RANK, got 55 after 33",
    );
  });

  test("a column named for another year than review.json's is refused", async () => {
    const error = await failure(
      read("citescore-2020.csv", "journal_lists/citescore_2020_per_area.csv", {
        column: "CiteScore 2020",
        year: 2023,
        windowYears: 4,
      }),
    );
    expect(error.message).toBe(
      'review.json: eligibility.metric.year: expected 2020 (the column "CiteScore 2020" is for 2020), got 2023; raw/journals/citescore-2020.csv',
    );
  });

  test("reads Citation Count, unhyphenated Print ISSN and E-ISSN, and subject areas from ASJC codes (hand-made, BOM and CRLF)", async () => {
    const { journals } = await read("citescore.csv", "journal_lists/handmade_citescore_style.csv", {
      column: "Citation Count",
      year: 2023,
      windowYears: 4,
    });
    expect(journals.map((j) => [j.sourceId, j.title, j.metric, j.issns])).toEqual([
      ["scopus:900001", "Journal of Illustrative Medicine", 20000, ["9990-0017", "9990-0025"]],
      ["scopus:900002", "Computers & Illustrative Health", 12999, ["9990-0033"]],
      ["scopus:900003", "Illustrative Journal of Art History, The", 50000, ["9990-0041"]],
      ["scopus:900004", "Illustrative Nursing Today", 13000, ["9990-005X", "9990-0068"]],
    ]);
    expect(journals[0]!.areas).toEqual([
      "General Medicine",
      "Medicine",
      "General Health Professions",
      "Health Professions",
    ]);
  });

  test("a metric cell that is not a number is an error at its line and column", async () => {
    const text =
      "Scopus Source ID,Title,Citation Count,Print ISSN\n1,Journal A,1200,99900017\n2,Journal B,n/a,99900025\n";
    const error = await failure(read("bad.csv", { text }, { column: "Citation Count", year: 2023, windowYears: 4 }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('raw/journals/bad.csv:3: Citation Count: expected a number, got "n/a"');
  });

  test("thousands separators are read as such", async () => {
    const text = 'Scopus Source ID,Title,Citation Count\n1,Journal A,"13,000"\n';
    const { journals } = await read(
      "thousands.csv",
      { text },
      { column: "Citation Count", year: 2023, windowYears: 4 },
    );
    expect(journals[0]!.metric).toBe(13000);
  });
});

describe("OpenAlex sources JSON (a real /sources/S137773608 response)", () => {
  test("sums counts_by_year over the window and reads every ISSN", async () => {
    const { journals, files } = await read("nature.json", "journal_lists/openalex_source_nature.json", {
      column: "counts_by_year.cited_by_count",
      year: 2023,
      windowYears: 4,
    });
    expect(files[0]).toMatchObject({ format: "openalex-json", rows: 1 });
    expect(journals[0]).toMatchObject({
      sourceId: "openalex:S137773608",
      title: "Nature",
      issns: ["0028-0836", "1476-4687"],
      metric: 1_082_409 + 1_186_348 + 1_155_839 + 1_102_943,
      areas: ["Biology", "Physics", "Chemistry"],
      locations: ["raw/journals/nature.json record 1"],
    });
  });

  test("reads a field path, a list page and JSON Lines alike", async () => {
    const { readFile } = await import("node:fs/promises");
    const source = JSON.parse(await readFile(fixture("journal_lists/openalex_source_nature.json"), "utf8")) as object;
    const metric = { column: "summary_stats.h_index", year: 2024, windowYears: 1 };
    const page = await read("page.json", { text: JSON.stringify({ meta: { count: 1 }, results: [source] }) }, metric);
    const lines = await read(
      "snapshot.jsonl",
      {
        text: `${JSON.stringify(source)}\n${JSON.stringify({ ...source, id: "https://openalex.org/S2", display_name: "Other" })}\n`,
      },
      metric,
    );
    expect(page.journals.map((j) => j.metric)).toEqual([1639]);
    expect(lines.journals.map((j) => [j.title, j.metric])).toEqual([
      ["Nature", 1639],
      ["Other", 1639],
    ]);
  });

  test("a field no source has is an error naming the fields", async () => {
    const error = await failure(
      read("nature.json", "journal_lists/openalex_source_nature.json", {
        column: "citation_count",
        year: 2023,
        windowYears: 4,
      }),
    );
    expect(error.message).toMatch(
      /^raw\/journals\/nature\.json: metric column: expected a field "citation_count" .*, got sources with the fields "abbreviated_title", "alternate_titles", /,
    );
  });
});

test("a list file that is not there is named as the list review.json names", async () => {
  const config = EligibilityConfigSchema.parse({
    lists: ["raw/journals/missing.csv"],
    metric: { column: "Citation Count", year: 2023, windowYears: 4 },
    threshold: 1,
    retrieved: "2025-04-01",
  });
  const error = await failure(readJournalLists(root, config, "review.json"));
  expect(error.message).toBe(
    "raw/journals/missing.csv: expected the journal list review.json names (eligibility.lists), got no such file (save the downloaded list there, or build one from OpenAlex with `srpipe journals fetch`)",
  );
});

describe("a metric column naming its own year or window", () => {
  const metric = { column: "", year: 2023, windowYears: 4 };

  test.each([
    ["Citation Count", null],
    ["CiteScore 2023", null],
    ["Citations 2020-23", null],
    ["Citations 2020-2023", null],
    [
      "Citations 2019-22",
      'eligibility.metric.year: expected 2022 (the column "Citations 2019-22" ends in 2022), got 2023',
    ],
    [
      "Citations 2021-23",
      'eligibility.metric.windowYears: expected 3 (the column "Citations 2021-23" counts 3 years), got 4',
    ],
    [
      "Total Cites (3years)",
      'eligibility.metric.windowYears: expected 3 (the column "Total Cites (3years)" counts 3 years), got 4',
    ],
  ])("%j agrees with year 2023 over 4 years or says why not", (column, problem) => {
    const mismatch = metricColumnMismatch(column, { ...metric, column });
    expect(mismatch && `${mismatch.field}: ${mismatch.message}`).toBe(problem);
  });
});

test("a CSV with neither a title nor an ISSN column is refused, naming what would do", async () => {
  const error = await failure(
    read(
      "odd.csv",
      { text: "Name of thing,Citation Count\nX,12\n" },
      { column: "Citation Count", year: 2023, windowYears: 4 },
    ),
  );
  expect(error.message).toMatch(
    /^raw\/journals\/odd\.csv:1: header: expected a journal title or ISSN column \("Title", "Journal", .*\), got the columns "Name of thing", "Citation Count"$/,
  );
});
