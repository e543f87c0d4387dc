import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { openText } from "../../src/io/text-input.js";
import type { Record } from "../../src/record.js";
import { csvDoi, csvPmid, csvYear, genericCsvAdapter, isMissingMarker } from "../../src/sources/csv.js";
import { splitKeywords, splitNameList } from "../../src/sources/csv-columns.js";
import { fixture, parseFile, parseFixture } from "../helpers.js";

// Slices of the benchmark sets; provenance in tests/fixtures/generic_csv/MANIFEST.tsv.
const ASYSD = "generic_csv/asysd_diabetes_first30.csv";
const CYTOLOGY = "generic_csv/bibdedupe_cytology_first30.csv";
const MENON = "generic_csv/synergy_menon_2022_first30.csv";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-generic-csv-"));
});

async function parseText(name: string, content: string) {
  const path = join(dir, name);
  await writeFile(path, content);
  return parseFile(genericCsvAdapter, path);
}

describe("ASySD diabetes benchmark slice (Latin-1, EndNote-derived)", () => {
  let records: Record[];
  beforeAll(async () => {
    const parsed = await parseFixture(genericCsvAdapter, ASYSD, { encoding: "latin1" });
    expect(parsed.rejects).toEqual([]);
    records = parsed.records;
  });

  test("reads 30 records keyed by record_id; a CRLF inside a quoted isbn cell moves the next record's line", () => {
    expect(records).toHaveLength(30);
    expect(records.slice(0, 5).map((r) => [r.key, r.provenance.line])).toEqual([
      ["unknown:1", 2],
      ["unknown:699", 4],
      ["unknown:728", 5],
      ["unknown:1447", 7],
      ["unknown:1630", 8],
    ]);
  });

  test("the first record's fields, checked against the file", () => {
    const r = records[0]!;
    expect(r).toMatchObject({
      database: "unknown",
      sourceId: "1",
      title: "Intestinal lipoprotein overproduction in insulin-resistant states",
      year: 2008,
      journal: "Curr Opin Lipidol",
      doi: "10.1097/mol.0b013e3282ffaf82",
      volume: "19",
      issue: "3",
      pages: "221-8",
      raw: { isbn: "0957-9672 (Print) 0957-9672", label: "In_database", source: "unique" },
    });
    expect(r.abstract).toMatch(/^PURPOSE OF REVIEW: Excessive postprandial lipemia/);
  });

  test("author lists glued without separators are kept whole and flagged, not guessed", () => {
    expect(records[0]!.authors).toEqual([{ family: "Adeli K.Lewis G. F.", given: null }]);
    expect(records[0]!.flags).toEqual(["authors-unsplit"]);
  });

  test("R's NA is an empty cell", () => {
    expect(records[4]).toMatchObject({
      sourceId: "1630",
      doi: null,
      issue: null,
      pages: "893",
      volume: "38",
      raw: { isbn: "0195-668x", label: "In_database", source: "duplicate" },
    });
    expect(records[18]).toMatchObject({ sourceId: "1471", abstract: null, doi: "10.1111/eci.12671" });
  });

  test("a DOI address with percent-encoded brackets is decoded", () => {
    expect(records[24]).toMatchObject({
      sourceId: "571",
      doi: "10.1016/s0735-1097(13)62048-3",
      pages: "E2048",
      volume: "1)",
    });
  });

  test("read with nothing declared, the Latin-1 file is recognised as Windows-1252 and no record is lost", async () => {
    const warnings: string[] = [];
    const { records, rejects } = await parseFixture(genericCsvAdapter, ASYSD, {
      warn: (message) => warnings.push(message),
    });
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(30);
    expect(warnings).toEqual([expect.stringMatching(/not valid UTF-8 but valid Windows-1252/)]);
  });

  test("read as UTF-8, the records holding Latin-1 bytes are rejected with the hint to re-read as Latin-1", async () => {
    const { records: utf8, rejects } = await parseFixture(genericCsvAdapter, ASYSD, { encoding: "utf-8" });
    expect(utf8).toHaveLength(27);
    expect(rejects.map((r) => [r.position, r.line, r.field, r.expected])).toEqual([
      [2, 4, "abstract", "UTF-8 text"],
      [4, 7, "abstract", "UTF-8 text"],
      [30, 35, "abstract", "UTF-8 text"],
    ]);
    expect(rejects[0]!.got).toMatch(/--encoding latin1/);
  });
});

describe("bib-dedupe cytology slice (CoLRev records)", () => {
  let records: Record[];
  beforeAll(async () => {
    const parsed = await parseFixture(genericCsvAdapter, CYTOLOGY);
    expect(parsed.rejects).toEqual([]);
    records = parsed.records;
  });

  test("reads 30 records keyed by the ID column", () => {
    expect(records).toHaveLength(30);
    expect(records[0]!.key).toBe("unknown:id_0000001");
    expect(records[29]!.key).toBe("unknown:id_0000030");
    expect(records[29]!.provenance.line).toBe(31);
  });

  test("the first record's fields, checked against the file", () => {
    expect(records[0]).toMatchObject({
      sourceId: "id_0000001",
      title:
        "Comparison of human papillomavirus distribution in cytologic subgroups of low-grade squamous intraepithelial lesion",
      year: 2006,
      authors: [
        { family: "Zuna", given: "R E" },
        { family: "Wang", given: "S S" },
        { family: "Schiffman", given: "M" },
        { family: "Solomon", given: "D" },
      ],
      pages: "288-297",
      volume: "108",
      issue: null,
      publicationTypes: ["article"],
      journal: "Cancer",
      abstract: null,
      raw: {},
      flags: [],
    });
  });

  test("BibTeX-style author lists split on 'and', family name first", () => {
    expect(records[3]!.authors.at(-1)).toEqual({ family: "Group", given: "ALTS" });
    expect(records[9]!.authors.slice(-2)).toEqual([
      { family: "de Schipper", given: "F A" },
      { family: "Meijer", given: "C.J.L.M." },
    ]);
  });

  test("an empty pages cell is no pages", () => {
    expect(records[5]).toMatchObject({
      sourceId: "id_0000006",
      pages: null,
      volume: "6",
      journal: "Infectious Agents and Cancer",
    });
    expect(records[6]).toMatchObject({ pages: "19", journal: "Infectious Agents & Cancer [Electronic Resource]" });
  });
});

describe("SYNERGY Menon 2022 slice (ASReview screening set, CRLF)", () => {
  let records: Record[];
  beforeAll(async () => {
    const parsed = await parseFixture(genericCsvAdapter, MENON);
    expect(parsed.rejects).toEqual([]);
    records = parsed.records;
  });

  test("reads 30 records on lines 2–31", () => {
    expect(records).toHaveLength(30);
    expect(records.map((r) => r.provenance.line)).toEqual(records.map((_, i) => i + 2));
  });

  test("DOI and PMID written as addresses become identifiers; the OpenAlex id and the label stay raw", () => {
    expect(records[0]).toMatchObject({
      key: "unknown:0",
      sourceId: "0",
      doi: "10.1016/j.bjps.2020.05.035",
      pmid: "32536461",
      title:
        "Is there a therapeutic effect of botulinum toxin on scalp alopecia? Physiopathology and reported cases: A systematic review of the literature",
      year: 2020,
      authors: [],
      raw: { openalexId: "https://openalex.org/W3027333790", label_included: "0" },
    });
    expect(records[0]!.abstract).toMatch(
      /^Botulinum toxin is a treatment whose effectiveness has been widely demonstrated/,
    );
    expect(records[26]).toMatchObject({
      sourceId: "26",
      pmid: "32278917",
      raw: { label_included: "1", openalexId: "https://openalex.org/W3015707181" },
    });
    expect(records[17]).toMatchObject({ sourceId: "17", year: 2019, doi: "10.1016/j.jsams.2020.02.008" });
  });

  test("markup and typographic hyphens in titles are kept as written", () => {
    expect(records[2]!.title).toBe(
      "A systematic review and meta‐analysis of predictors of human hepatitis E virus exposure in non‐endemic countries",
    );
    expect(records[11]!.title).toBe(
      "Investigation of a healthcare‐associated<i>Candida tropicalis</i>candidiasis cluster in a haematology unit and a systematic review of nosocomial outbreaks",
    );
  });
});

describe("splitNameList", () => {
  test.each([
    // bib-dedupe cytology (BibTeX style)
    [
      "Zuna, R E and Wang, S S",
      [
        { family: "Zuna", given: "R E" },
        { family: "Wang", given: "S S" },
      ],
    ],
    // asreview/systematic-review-datasets Bannach-Brown_2019: given-first, commas and a final "and"
    [
      "D. Pavlinac, R. Langer, L. Lenhard and L. Deftos",
      [
        { family: "Pavlinac", given: "D." },
        { family: "Langer", given: "R." },
        { family: "Lenhard", given: "L." },
        { family: "Deftos", given: "L." },
      ],
    ],
    [
      "R. L. Whistler and W. C. Lake",
      [
        { family: "Whistler", given: "R. L." },
        { family: "Lake", given: "W. C." },
      ],
    ],
    ["G. B. Koval'skii", [{ family: "Koval'skii", given: "G. B." }]],
    [
      "A. M. Pereira, F. Baccari, Jr., E. A. Titto and J. A. Almeida",
      [
        { family: "Pereira", given: "A. M." },
        { family: "Baccari Jr.", given: "F." },
        { family: "Titto", given: "E. A." },
        { family: "Almeida", given: "J. A." },
      ],
    ],
    // bib-dedupe digital_work: Cyrillic and Korean names
    [
      "Бобков, В. Н. and Черных, Е. А.",
      [
        { family: "Бобков", given: "В. Н." },
        { family: "Черных", given: "Е. А." },
      ],
    ],
    ["АЗЬМУК, Н. А.", [{ family: "АЗЬМУК", given: "Н. А." }]],
    ["이종호", [{ family: "이종호", given: null }]],
    // Zotero and Scopus: semicolons
    [
      "Smith, John; Doe, Jane",
      [
        { family: "Smith", given: "John" },
        { family: "Doe", given: "Jane" },
      ],
    ],
    [
      "Hao J.; Siu K.-C.",
      [
        { family: "Hao", given: "J." },
        { family: "Siu", given: "K.-C." },
      ],
    ],
    [
      "A.Kumar; B.Singh",
      [
        { family: "A.Kumar", given: null },
        { family: "B.Singh", given: null },
      ],
    ],
    // Vancouver, as old Scopus exports write it
    [
      "Phillips J.C., Braun R., Kalé L.",
      [
        { family: "Phillips", given: "J.C." },
        { family: "Braun", given: "R." },
        { family: "Kalé", given: "L." },
      ],
    ],
    ["Jane Smith", [{ family: "Smith", given: "Jane" }]],
    // litsearchr's borealis Scopus CSV (GPL-3): a family name in capitals before its initials
    ["HUTTO R.L.", [{ family: "HUTTO", given: "R.L." }]],
    [
      "HUTTO R.L., GALLO S.M.",
      [
        { family: "HUTTO", given: "R.L." },
        { family: "GALLO", given: "S.M." },
      ],
    ],
    ["RL Hutto", [{ family: "Hutto", given: "RL" }]],
  ])("%j", (value, authors) => {
    expect(splitNameList(value)).toEqual({ authors, unsplit: false });
  });

  test.each(["Adeli K.Lewis G. F.", "Chen R.Wang Y.Liang L.", "Smith, John, Doe, Jane"])(
    "%j cannot be split safely and is kept whole",
    (value) => {
      expect(splitNameList(value)).toEqual({ authors: [{ family: value, given: null }], unsplit: true });
    },
  );

  test("an empty cell is no authors", () => {
    expect(splitNameList(null)).toEqual({ authors: [], unsplit: false });
  });
});

describe("generic CSV converters", () => {
  test("csvPmid takes the number out of a PubMed address", () => {
    expect(csvPmid("https://pubmed.ncbi.nlm.nih.gov/32536461")).toBe("32536461");
    expect(csvPmid("https://www.ncbi.nlm.nih.gov/pubmed/32536461/")).toBe("32536461");
    expect(csvPmid("32536461")).toBe("32536461");
    expect(csvPmid(null)).toBeNull();
  });

  test("csvDoi uses a doi.org URL when there is no DOI, and decodes percent-escapes in addresses", () => {
    expect(csvDoi("10.1/x", "https://doi.org/10.2/y")).toBe("10.1/x");
    expect(csvDoi(null, "https://doi.org/10.2/y")).toBe("https://doi.org/10.2/y");
    expect(csvDoi(null, "https://example.org/paper")).toBeNull();
    expect(csvDoi("http://dx.doi.org/10.1016/S0735-1097%2813%2962048-3", null)).toBe(
      "http://dx.doi.org/10.1016/S0735-1097(13)62048-3",
    );
  });

  test.each([
    ["2019", { year: "2019", unparsed: null }],
    ["2019-03-12", { year: "2019", unparsed: null }],
    ["2019a", { year: "2019", unparsed: null }],
    ["in press", { year: null, unparsed: "in press" }],
    [null, { year: null, unparsed: null }],
  ])("csvYear(%j)", (value, expected) => {
    expect(csvYear(value)).toEqual(expected);
  });

  test("missing-value markers from R, pandas and spreadsheets", () => {
    expect(["NA", "N/A", "#N/A", "NULL", "NaN"].every(isMissingMarker)).toBe(true);
    expect(["Na", "NASA", "0", "none"].some(isMissingMarker)).toBe(false);
  });

  test("keywords split on semicolons, or on commas when there are none", () => {
    expect(splitKeywords("a; b, c; d")).toEqual(["a", "b, c", "d"]);
    expect(splitKeywords("a, b")).toEqual(["a", "b"]);
  });
});

describe("generic CSV files", () => {
  test("a column the table does not know is kept raw under its own name", async () => {
    const { records } = await parseText("labels.csv", "record_id,title,label_included,notes\n7,A title,1,\n");
    expect(records[0]).toMatchObject({ key: "unknown:7", title: "A title", raw: { label_included: "1" } });
  });

  test("a year that is no year is kept raw and flagged instead of rejecting the record", async () => {
    const { records, rejects } = await parseText("year.csv", "title,year\nForthcoming,in press\n");
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({ year: null, raw: { year: "in press" }, flags: ["year-unparsed"] });
  });

  test("a semicolon-separated export (European Excel) with Zotero column names", async () => {
    const { records } = await parseText(
      "zotero.csv",
      "Key;Item Type;Publication Year;Author;Title;Publication Title;ISSN;DOI;Abstract Note;Manual Tags\n" +
        'ABCD1234;journalArticle;2020;"Smith, John; Doe, Jane";A title;Nature;0028-0836;10.1038/x;An abstract;"vr; training"\n',
    );
    expect(records[0]).toMatchObject({
      key: "unknown:ABCD1234",
      publicationTypes: ["journalArticle"],
      year: 2020,
      authors: [
        { family: "Smith", given: "John" },
        { family: "Doe", given: "Jane" },
      ],
      title: "A title",
      journal: "Nature",
      issn: "0028-0836",
      doi: "10.1038/x",
      abstract: "An abstract",
      keywords: ["vr", "training"],
    });
  });

  test("a tab-separated export with RIS-style column tags", async () => {
    const { records } = await parseText(
      "tags.tsv",
      'TI\tAU\tPY\tSO\tDI\nA "quoted" title\tSmith, J; Doe, A\t2021\tJournal of Tests\t10.1000/t\n',
    );
    expect(records[0]).toMatchObject({
      title: 'A "quoted" title',
      year: 2021,
      journal: "Journal of Tests",
      doi: "10.1000/t",
      authors: [
        { family: "Smith", given: "J" },
        { family: "Doe", given: "A" },
      ],
    });
  });

  test("a row with more cells than the header is flagged and keeps the extra cells raw", async () => {
    const { records } = await parseText("extra.csv", "id,title,year\n1,Title, with a comma,2020\n");
    expect(records[0]).toMatchObject({
      title: "Title",
      flags: ["csv-extra-cells", "year-unparsed"],
      raw: { extraCells: "2020", year: "with a comma" },
    });
  });

  test("a CSV with neither a title nor an id column is a file-level error naming its header and the columns expected", async () => {
    const { records, rejects } = await parseText("journals.csv", "Rank,Journal,Quartile\n1,Nature,Q1\n");
    expect(records).toEqual([]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ position: 0, line: 1, field: "header" });
    expect(rejects[0]!.expected).toBe(
      "a title column (title, primary_title, Article Title, Document Title, TI, T1) or an id column (id, record_id, key)",
    );
    expect(rejects[0]!.got).toBe('columns "Rank", "Journal", "Quartile"');
  });

  test("a CSV with an id column but no title imports records identified by their id", async () => {
    const { records } = await parseText("ids.csv", "record_id,doi\n5,10.1000/a\n");
    expect(records[0]).toMatchObject({ key: "unknown:5", title: null, doi: "10.1000/a" });
  });

  test("a truncated file keeps its good records and rejects the cut one with its line", async () => {
    const { records, rejects } = await parseText(
      "cut.csv",
      'id,title,abstract\n1,First,"An abstract"\n2,Second,"An abstract\nthat was cut',
    );
    expect(records.map((r) => r.sourceId)).toEqual(["1"]);
    expect(rejects).toEqual([
      expect.objectContaining({ position: 2, line: 3, field: "abstract", expected: "a closing quote" }),
    ]);
  });

  test("a garbage record in the middle is one reject and the rest import", async () => {
    const { records, rejects } = await parseText("garbage.csv", 'id,title\n1,First\n2,"Sec"ond\n3,Third\n');
    expect(records.map((r) => [r.sourceId, r.provenance.position, r.provenance.line])).toEqual([
      ["1", 1, 2],
      ["3", 3, 4],
    ]);
    expect(rejects).toEqual([expect.objectContaining({ position: 2, line: 3, field: "title" })]);
  });
});

describe("generic CSV detection", () => {
  test.each([
    [ASYSD, true],
    [CYTOLOGY, true],
    [MENON, true],
    ["journal_metrics/scimagojr_2021_LIS.csv", false],
    ["scopus_ris/synthesisr_Scopus_ris_example.ris", false],
    ["medline_nbib/synthesisr_PubMed_example.txt", false],
    ["wos_bibtex/pybibx_wos_m.bib", false],
    ["pubmed_xml/biopython_pubmed1.xml", false],
    ["openalex_works/peneira_openalex_works_2024.json", false],
  ])("%s → %s", async (file, expected) => {
    expect(genericCsvAdapter.detect((await openText(fixture(file))).sample)).toBe(expected);
  });

  test("a one-column file or a header without a title column is not taken", () => {
    expect(genericCsvAdapter.detect("title\nA\n")).toBe(false);
    expect(genericCsvAdapter.detect("name,colour\nx,red\n")).toBe(false);
  });
});

describe("Web of Science tab-delimited export (litsearchr's Current Contents slice: BOM, CR line ends)", () => {
  let records: Record[];
  beforeAll(async () => {
    const parsed = await parseFixture(genericCsvAdapter, "wos_tab/litsearchr_WoS_current_contents_first3.txt");
    expect(parsed.rejects).toEqual([]);
    records = parsed.records;
  });

  test("reads every record with its place from the field tags", () => {
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      title:
        "Effects of pine-oak woodland restoration on breeding bird densities in the Ozark-Ouachita Interior Highlands",
      journal: "FOREST ECOLOGY AND MANAGEMENT",
    });
    expect(records.every((r) => r.year !== null && r.volume !== null)).toBe(true);
    // The file says Web of Science, and its accession (UT) keys each record.
    expect(records.map((r) => [r.database, r.key])).toEqual([
      ["wos", "wos:CCC:000461270600041"],
      ["wos", "wos:CCC:000457245700001"],
      ["wos", "wos:CCC:000441246100026"],
    ]);
  });

  test("authors come from AF (full names), as AU lost the separators between them", () => {
    expect(records[0]!.authors.map((a) => a.family)).toEqual(["Roach", "Thompson", "Jones-Farrand"]);
    expect(records[0]!.authors[0]!.given).toBe("Melissa C.");
    expect(records.some((r) => r.flags.includes("authors-unsplit"))).toBe(false);
  });
});

describe("Web of Science tab-delimited: fields are never quoted", () => {
  test("an abstract opening with a quote is text, and the next record is read too", async () => {
    const parsed = await parseFixture(genericCsvAdapter, "wos_tab/litsearchr_WoS_zoological_quoted_abstract.txt");
    expect(parsed.rejects).toEqual([]);
    expect(parsed.records).toHaveLength(2);
    expect(parsed.records[0]!.abstract).toMatch(/^"Species-centered Environmental Analysis" \(SCEA\) is/);
    expect(parsed.records.every((r) => r.pages !== null)).toBe(true);
  });

  test("a MEDLINE record's PMID is read from its accession (UT MEDLINE:…) and its pages from PS", async () => {
    const parsed = await parseFixture(genericCsvAdapter, "wos_tab/litsearchr_WoS_medline_first2.txt");
    expect(parsed.records[0]).toMatchObject({ pmid: "29782655", pages: "1484-1496" });
  });

  test("a comma or tab file with a header of words still reads quoted cells", async () => {
    const parsed = await parseText("quoted.tsv", 'Title\tAuthors\n"A title\twith a tab"\tSmith, J\n');
    expect(parsed.records[0]).toMatchObject({
      title: "A title with a tab",
      authors: [{ family: "Smith", given: "J" }],
    });
  });
});
