import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { openText } from "../../src/io/text-input.js";
import type { Record } from "../../src/record.js";
import { ieeeArnumber, ieeeAuthors, ieeeCsvAdapter, ieeeDate, ieeePages } from "../../src/sources/ieee-csv.js";
import { scopusCsvAdapter } from "../../src/sources/scopus-csv.js";
import { fixture, parseFile, parseFixture } from "../helpers.js";

const FIXTURE = "ieee_csv/litstudy_ieee.csv";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-ieee-csv-"));
});

async function parseText(name: string, content: string) {
  const path = join(dir, name);
  await writeFile(path, content);
  return parseFile(ieeeCsvAdapter, path);
}

describe("IEEE Xplore CSV fixture (litstudy ieee.csv)", () => {
  let records: Record[];
  beforeAll(async () => {
    const parsed = await parseFixture(ieeeCsvAdapter, FIXTURE);
    expect(parsed.rejects).toEqual([]);
    records = parsed.records;
  });

  test("reads all 10 records, keyed by the arnumber of their PDF link", () => {
    expect(records).toHaveLength(10);
    expect(records.map((r) => r.key)).toEqual([
      "ieee:6634083",
      "ieee:9041695",
      "ieee:9309052",
      "ieee:9235065",
      "ieee:9428012",
      "ieee:8287750",
      "ieee:8960361",
      "ieee:9652570",
      "ieee:9159855",
      "ieee:7830461",
    ]);
    expect(records.map((r) => r.provenance.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test("the first record's fields, checked against the file (doubled quotes in the title undone)", () => {
    const r = records[0]!;
    expect(r).toMatchObject({
      database: "ieee",
      sourceId: "6634083",
      title: `Exascale Computing Trends: Adjusting to the "New Normal"' for Computer Architecture`,
      authors: [
        { family: "Kogge", given: "P." },
        { family: "Shalf", given: "J." },
      ],
      journal: "Computing in Science & Engineering",
      year: 2013,
      date: "2013-10-16",
      volume: "15",
      issue: "6",
      pages: "16-26",
      issn: "1558-366X",
      doi: "10.1109/mcse.2013.95",
      publicationTypes: ["IEEE Magazines"],
    });
    expect(r.abstract).toMatch(/^We now have 20 years of data under our belt/);
    expect(r.keywords.slice(0, 3)).toEqual(["Computer architecture", "Market research", "Transistors"]);
    expect(r.raw.ieeeTerms).toBe(
      "Computer architecture;Market research;Transistors;Programming;Computational modeling;Memory management;Systems engineering and theory",
    );
  });

  test("a conference paper put online the year after its meeting is dated by its year alone", () => {
    expect(records[1]).toMatchObject({
      title: "European HPC Landscape",
      journal: "2019 15th International Conference on eScience (eScience)",
      year: 2019,
      date: null,
      issn: null,
      pages: "471-478",
      publicationTypes: ["IEEE Conferences"],
      raw: expect.objectContaining({ isbn: "978-1-7281-2451-3" }),
    });
    expect(records[1]!.authors[2]).toEqual({ family: "Nominé", given: "J.-P." });
  });

  test("author keywords written with commas are split at the commas", () => {
    expect(records[3]!.keywords).toEqual(["GPGPU computing", "CUDA kernels", "Energy modeling", "Simulation"]);
    expect(records[3]!.authors[2]).toEqual({ family: "Orgerie", given: "A.-C." });
  });

  test("IBM journal pages numbered per article and a double issue are kept as written", () => {
    expect(records[6]).toMatchObject({
      journal: "IBM Journal of Research and Development",
      volume: "64",
      issue: "3/4",
      pages: "11:1-11:21",
      issn: "0018-8646",
      publicationTypes: ["IBM Journals"],
    });
    expect(records[6]!.authors).toHaveLength(26);
    expect(records[6]!.authors[5]).toEqual({ family: "D'Azevedo", given: "E. F." });
    expect(records[6]!.authors[8]).toEqual({ family: "De Graaf", given: "C." });
  });

  test("name particles stay with the family name", () => {
    expect(records[7]!.authors[0]).toEqual({ family: "da Silva", given: "R. F." });
    expect(records[7]!.authors[8]).toEqual({ family: "Di Natale", given: "F." });
    expect(records[9]!.authors[0]).toEqual({ family: "Chang", given: "Y.-T. S." });
  });
});

describe("IEEE converters", () => {
  test("ieeeArnumber reads the arnumber parameter of the PDF link", () => {
    expect(ieeeArnumber("https://ieeexplore.ieee.org/stamp/stamp.jsp?arnumber=6634083")).toBe("6634083");
    expect(ieeeArnumber("https://ieeexplore.ieee.org/document/6634083")).toBeNull();
    expect(ieeeArnumber(null)).toBeNull();
  });

  test("ieeeAuthors splits on semicolons and closes the gap in hyphenated initials", () => {
    expect(ieeeAuthors("J. -P. Nominé; O. Pineda")).toEqual([
      { family: "Nominé", given: "J.-P." },
      { family: "Pineda", given: "O." },
    ]);
    expect(ieeeAuthors(null)).toEqual([]);
  });

  test.each([
    ["16", "26", "16-26"],
    ["11:1", "11:21", "11:1-11:21"],
    ["5", "5", "5"],
    ["1", null, "1"],
    [null, null, null],
  ])("ieeePages(%j, %j) is %j", (start, end, pages) => {
    expect(ieeePages(start, end)).toBe(pages);
  });

  test.each([
    ["1 Jan.-Feb. 2019", null, "2019", "2019-01"],
    [null, "16 Oct 2013", "2013", "2013-10-16"],
    ["March 2020", "19 Mar 2020", "2020", "2020-03"],
    [null, "19 Mar 2020", "2019", null],
    [null, null, "2019", null],
  ])("ieeeDate(issue %j, online %j, year %j) is %j", (issueDate, onlineDate, year, date) => {
    expect(ieeeDate(issueDate, onlineDate, year)).toBe(date);
  });
});

describe("IEEE CSV detection", () => {
  test.each([
    [FIXTURE, true],
    ["scopus_csv/litstudy_scopus_v2.csv", false],
    ["generic_csv/bibdedupe_cytology_first30.csv", false],
    ["ieee_ris/litstudy_ieee_example.ris", false],
    ["journal_metrics/scimagojr_2021_LIS.csv", false],
  ])("%s → %s", async (file, expected) => {
    expect(ieeeCsvAdapter.detect((await openText(fixture(file))).sample)).toBe(expected);
  });

  test("an IEEE CSV is not taken for Scopus", async () => {
    expect(scopusCsvAdapter.detect((await openText(fixture(FIXTURE))).sample)).toBe(false);
  });

  test("a generic CSV with a Document Title column but no IEEE columns is not IEEE", () => {
    expect(ieeeCsvAdapter.detect("Document Title,Year\nA,2020\n")).toBe(false);
  });
});

describe("broken IEEE CSV files", () => {
  let lines: string[];
  beforeAll(async () => {
    lines = (await readFile(fixture(FIXTURE), "utf8")).split("\n");
  });

  test("a file cut inside the abstract keeps the records before it and rejects the cut one with its line", async () => {
    const cut = lines[3]!.slice(0, lines[3]!.indexOf("With Exascale machines") + 40);
    const { records, rejects } = await parseText("cut.csv", [...lines.slice(0, 3), cut].join("\n"));
    expect(records.map((r) => r.sourceId)).toEqual(["6634083", "9041695"]);
    expect(rejects).toEqual([
      expect.objectContaining({ position: 3, line: 4, field: "Abstract", expected: "a closing quote" }),
    ]);
  });

  test("a garbage line in the middle is one reject and the records around it import", async () => {
    const { records, rejects } = await parseText(
      "garbage.csv",
      [...lines.slice(0, 3), '"broken "quote" here,x', ...lines.slice(3)].join("\n"),
    );
    expect(records).toHaveLength(10);
    expect(rejects).toEqual([expect.objectContaining({ position: 3, line: 4, field: "Document Title" })]);
    expect(records[2]!.provenance).toMatchObject({ position: 4, line: 5 });
  });
});
