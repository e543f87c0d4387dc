import { readFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { openText } from "../../src/io/text-input.js";
import type { Record } from "../../src/record.js";
import { ieeeCsvAdapter } from "../../src/sources/ieee-csv.js";
import {
  isScopusPlaceholder,
  scopusAuthorIds,
  scopusAuthors,
  scopusCsvAdapter,
  scopusEid,
  scopusIssn,
  scopusPages,
} from "../../src/sources/scopus-csv.js";
import { fixture, parseFile, parseFixture } from "../helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-scopus-csv-"));
});

async function parseText(name: string, content: string) {
  const path = join(dir, name);
  await writeFile(path, content);
  return parseFile(scopusCsvAdapter, path);
}

const FIXTURE = "scopus_csv/litstudy_scopus_v2.csv";

/**
 * The header of a pre-2022 Scopus CSV export, verbatim from NLeSC/litstudy
 * tests/resources/scopus.csv at commit 33e273c61726f1d03637ff7df552878e80a906b6: no
 * `Author full names`, header names unquoted, `Funding Text 1`.
 */
const OLD_HEADER =
  "Authors,Author(s) ID,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,Page count,Cited by,DOI,Link,Affiliations,Authors with affiliations,Abstract,Author Keywords,Index Keywords,Molecular Sequence Numbers,Chemicals/CAS,Tradenames,Manufacturers,Funding Details,Funding Text 1,References,Correspondence Address,Editors,Sponsors,Publisher,Conference name,Conference date,Conference location,Conference code,ISSN,ISBN,CODEN,PubMed ID,Language of Original Document,Abbreviated Source Title,Document Type,Publication Stage,Open Access,Source,EID";

/** A row under OLD_HEADER, every cell quoted as Scopus writes them; unnamed columns stay empty. */
function oldRow(cells: { [column: string]: string }): string {
  return OLD_HEADER.split(",")
    .map((column) => `"${(cells[column] ?? "").replace(/"/g, '""')}"`)
    .join(",");
}

// The first two records of the same litstudy file (abstracts and references shortened).
const NAMD = {
  Authors:
    "Phillips J.C., Braun R., Wang W., Gumbart J., Tajkhorshid E., Villa E., Chipot C., Skeel R.D., Kalé L., Schulten K.",
  "Author(s) ID":
    "57202138757;7402220509;56948551400;8553717000;6701753117;8412476700;7003715790;7005206020;7005862685;7102415947;",
  Title: "Scalable molecular dynamics with NAMD",
  Year: "2005",
  "Source title": "Journal of Computational Chemistry",
  Volume: "26",
  Issue: "16",
  "Page start": "1781",
  "Page end": "1802",
  "Cited by": "13169",
  DOI: "10.1002/jcc.20289",
  Link: "https://www.scopus.com/inward/record.uri?eid=2-s2.0-27344436659&doi=10.1002%2fjcc.20289&partnerID=40&md5=f900b7ec25bef86a2619de438f99ae32",
  Abstract:
    "NAMD is a parallel molecular dynamics code designed for high-performance simulation of large biomolecular systems.",
  "Author Keywords": "Biomolecular simulation; Molecular dynamics; Parallel computing",
  "Index Keywords": "Algorithms; C (programming language); Computer simulation",
  Publisher: "John Wiley and Sons Inc.",
  ISSN: "01928651",
  CODEN: "JCCHD",
  "Language of Original Document": "English",
  "Abbreviated Source Title": "J. Comput. Chem.",
  "Document Type": "Review",
  "Publication Stage": "Final",
  "Open Access": "All Open Access, Green",
  Source: "Scopus",
  EID: "2-s2.0-27344436659",
};
const PETRI = {
  Authors: "Murata T.",
  "Author(s) ID": "7402736947;",
  Title: "Petri Nets: Properties, Analysis and Applications",
  Year: "1989",
  "Source title": "Proceedings of the IEEE",
  Volume: "77",
  Issue: "4",
  "Page start": "541",
  "Page end": "580",
  DOI: "10.1109/5.24143",
  Link: "https://www.scopus.com/inward/record.uri?eid=2-s2.0-0024645936&doi=10.1109%2f5.24143&partnerID=40&md5=28bca5d94299465032a93fced698f138",
  Source: "Scopus",
  EID: "2-s2.0-0024645936",
};

describe("Scopus CSV fixture (2023 export, litstudy scopus_v2.csv)", () => {
  let records: Record[];
  beforeAll(async () => {
    const parsed = await parseFixture(scopusCsvAdapter, FIXTURE);
    expect(parsed.rejects).toEqual([]);
    records = parsed.records;
  });

  test("reads all 88 records, one per line, keyed by EID", () => {
    expect(records).toHaveLength(88);
    expect(records.map((r) => r.provenance.line)).toEqual(records.map((_, i) => i + 2));
    expect(records.every((r) => r.key === `scopus:${r.eid}` && r.database === "scopus")).toBe(true);
  });

  test("the first record's fields, checked against the file", () => {
    const r = records[0]!;
    expect(r).toMatchObject({
      key: "scopus:2-s2.0-85136453267",
      sourceId: "2-s2.0-85136453267",
      eid: "2-s2.0-85136453267",
      doi: "10.1080/00140139.2022.2113152",
      pmid: "35965444",
      title:
        "Gender-specific visual perturbation effects on muscle activation during incline treadmill walking: a virtual reality study",
      year: 2023,
      date: null,
      journal: "Ergonomics",
      journalAbbrev: "Ergonomics",
      issn: "0014-0139",
      eissn: null,
      volume: "66",
      issue: "5",
      pages: "704-715",
      publicationTypes: ["Article"],
      language: "eng",
      keywords: ["electromyography", "Gait", "simulation", "space medicine", "visual flow"],
      flags: [],
    });
    expect(r.abstract).toMatch(/^This study investigated the effects of different visual rotation speeds/);
    expect(r.abstract).toMatch(/© 2022 Informa UK Limited, trading as Taylor & Francis Group\.$/);
  });

  test("authors come from Author full names, with the Scopus author ids kept raw", () => {
    expect(records[0]!.authors).toEqual([
      { family: "Hao", given: "Jie" },
      { family: "High", given: "Robin" },
      { family: "Siu", given: "Ka-Chun" },
    ]);
    expect(records[0]!.raw.scopusAuthorIds).toBe("57221302630; 6701683718; 57192938181");
    expect(records[1]!.authors.at(-1)).toEqual({ family: "Garcia", given: "Justin R." });
  });

  test("index keywords are kept raw, apart from the author keywords", () => {
    expect(records[0]!.raw.indexKeywords).toMatch(/^Electromyography; Female; Gait; Humans;/);
    expect(records[0]!.keywords).not.toContain("Humans");
  });

  test("an article number stands in for pages when there is no page range, and says so", () => {
    const jans = records[2]!;
    expect(jans).toMatchObject({
      title: "Examining the impact of virtual reality on clinical decision making – An integrative review",
      pages: "105767",
      issue: null,
      publicationTypes: ["Review"],
    });
    expect(jans.raw.articleNumber).toBe("105767");
    expect(records[25]!).toMatchObject({ pages: "Doc8", journalAbbrev: "GMS J. Med. Edu.", issn: "2366-5017" });
    expect(records[0]!.raw.articleNumber).toBeUndefined();
  });

  test("[No abstract available] is no abstract", () => {
    expect(records[19]!).toMatchObject({
      title: "How Real Are Virtual Emotions?",
      abstract: null,
      pages: "227-228",
      publicationTypes: ["Editorial"],
    });
  });

  test("an issue such as 2s and a title in curly quotes are kept as written", () => {
    expect(records[38]!).toMatchObject({
      issue: "2s",
      pages: "907-923",
      issn: "1058-0360",
      doi: "10.1044/2022_ajslp-22-00077",
    });
    expect(records[87]!.title).toBe(
      "“Simulation of medical goggles to stop airborne transmission of viruses: computational fluid dynamics in ergonomics”",
    );
  });
});

describe("old Scopus CSV exports (before about 2022)", () => {
  test("authors come from the comma-separated Authors column and the ids from Author(s) ID", async () => {
    const { records, rejects } = await parseText("old.csv", `${OLD_HEADER}\n${oldRow(NAMD)}\n${oldRow(PETRI)}\n`);
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(2);
    const namd = records[0]!;
    expect(namd.authors).toHaveLength(10);
    expect(namd.authors.slice(0, 2)).toEqual([
      { family: "Phillips", given: "J.C." },
      { family: "Braun", given: "R." },
    ]);
    expect(namd.authors[8]).toEqual({ family: "Kalé", given: "L." });
    expect(namd.raw.scopusAuthorIds).toBe(
      "57202138757; 7402220509; 56948551400; 8553717000; 6701753117; 8412476700; 7003715790; 7005206020; 7005862685; 7102415947",
    );
    expect(namd).toMatchObject({
      key: "scopus:2-s2.0-27344436659",
      title: "Scalable molecular dynamics with NAMD",
      year: 2005,
      journal: "Journal of Computational Chemistry",
      journalAbbrev: "J. Comput. Chem.",
      issn: "0192-8651",
      volume: "26",
      issue: "16",
      pages: "1781-1802",
      doi: "10.1002/jcc.20289",
      publicationTypes: ["Review"],
      keywords: ["Biomolecular simulation", "Molecular dynamics", "Parallel computing"],
    });
    expect(records[1]).toMatchObject({
      authors: [{ family: "Murata", given: "T." }],
      raw: { scopusAuthorIds: "7402736947" },
      pages: "541-580",
    });
  });

  test("an old export is detected as Scopus CSV", () => {
    expect(scopusCsvAdapter.detect(`${OLD_HEADER}\n${oldRow(NAMD)}\n`)).toBe(true);
  });

  test("a custom export without the EID column takes the EID from the scopus.com link", async () => {
    const header = "Authors,Title,Year,Source title,DOI,Link";
    const link = "https://www.scopus.com/inward/record.uri?eid=2-s2.0-0024645936&doi=10.1109%2f5.24143&partnerID=40";
    expect(scopusCsvAdapter.detect(`${header}\n`)).toBe(false);
    const content = `${header}\n"Murata T.","Petri Nets: Properties, Analysis and Applications","1989","Proceedings of the IEEE","10.1109/5.24143","${link}"\n`;
    expect(scopusCsvAdapter.detect(content)).toBe(true);
    const { records } = await parseText("custom.csv", content);
    expect(records[0]).toMatchObject({ key: "scopus:2-s2.0-0024645936", eid: "2-s2.0-0024645936" });
  });
});

describe("Scopus converters", () => {
  test.each([
    [
      "Hao, Jie (57221302630); Siu, Ka-Chun (57192938181)",
      null,
      [
        { family: "Hao", given: "Jie" },
        { family: "Siu", given: "Ka-Chun" },
      ],
      ["57221302630", "57192938181"],
    ],
    [
      null,
      "Hao J.; High R.; Siu K.-C.",
      [
        { family: "Hao", given: "J." },
        { family: "High", given: "R." },
        { family: "Siu", given: "K.-C." },
      ],
      [],
    ],
    [
      null,
      "Van Der Spoel D., Levett-Jones T.",
      [
        { family: "Van Der Spoel", given: "D." },
        { family: "Levett-Jones", given: "T." },
      ],
      [],
    ],
    [null, null, [], []],
  ])("scopusAuthors(%j, %j)", (fullNames, authors, expected, ids) => {
    expect(scopusAuthors(fullNames, authors)).toEqual({ authors: expected, ids });
  });

  test("scopusAuthorIds reads both the new and the old (trailing ;) form", () => {
    expect(scopusAuthorIds("57221302630; 6701683718")).toEqual(["57221302630", "6701683718"]);
    expect(scopusAuthorIds("7402736947;")).toEqual(["7402736947"]);
    expect(scopusAuthorIds("[No author id available]")).toEqual([]);
  });

  test("scopusIssn takes the first ISSN of a cell as issn and a second as eissn", () => {
    expect(scopusIssn("00140139")).toEqual({ issn: "00140139", eissn: null });
    expect(scopusIssn("15265536; 10477047")).toEqual({ issn: "15265536", eissn: "10477047" });
    expect(scopusIssn(null)).toEqual({ issn: null, eissn: null });
  });

  test.each([
    ["704", "715", null, "704-715"],
    ["227", "227", null, "227"],
    ["e1234", null, null, "e1234"],
    [null, null, "105767", "105767"],
    ["1", "10", "50", "1-10"],
    [null, null, null, null],
  ])("scopusPages(%j, %j, %j) is %j", (start, end, articleNumber, pages) => {
    expect(scopusPages(start, end, articleNumber)).toEqual({ pages, articleNumber });
  });

  test("scopusEid prefers the EID column and falls back to the link", () => {
    expect(scopusEid("2-s2.0-85136453267", null)).toBe("2-s2.0-85136453267");
    expect(scopusEid(null, "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85136453267&doi=x")).toBe(
      "2-s2.0-85136453267",
    );
    expect(scopusEid(null, "https://example.org/")).toBeNull();
  });

  test("isScopusPlaceholder recognises Scopus's missing-value texts only", () => {
    expect(isScopusPlaceholder("[No abstract available]")).toBe(true);
    expect(isScopusPlaceholder("[No author name available]")).toBe(true);
    expect(isScopusPlaceholder("[Immersives Medium für die frühzeitige klinische Exposition]")).toBe(false);
  });
});

describe("Scopus CSV detection", () => {
  test.each([
    ["scopus_csv/litstudy_scopus_v2.csv", true],
    ["ieee_csv/litstudy_ieee.csv", false],
    ["generic_csv/bibdedupe_cytology_first30.csv", false],
    ["generic_csv/synergy_menon_2022_first30.csv", false],
    ["journal_metrics/scimagojr_2021_LIS.csv", false],
    ["scopus_ris/synthesisr_Scopus_ris_example.ris", false],
    ["scopus_bibtex/synthesisr_Scopus_bib_example.bib", false],
    ["pubmed_xml/biopython_pubmed1.xml", false],
  ])("%s → %s", async (file, expected) => {
    expect(scopusCsvAdapter.detect((await openText(fixture(file))).sample)).toBe(expected);
  });

  test("a Dimensions-style header with Source title but no Scopus columns is not Scopus", () => {
    expect(
      scopusCsvAdapter.detect('"Rank","Publication ID","DOI","PMID","Title","Abstract","Source title","PubYear"\n'),
    ).toBe(false);
  });

  test("a Scopus CSV is not taken for IEEE", async () => {
    expect(ieeeCsvAdapter.detect((await openText(fixture(FIXTURE))).sample)).toBe(false);
  });
});

describe("broken Scopus CSV files", () => {
  let lines: string[];
  beforeAll(async () => {
    lines = (await readFile(fixture(FIXTURE), "utf8")).split("\n");
  });

  test("a file cut in the middle of a record keeps the records before it and rejects the cut one with its line", async () => {
    // Cut 100 characters into the Abstract, the 18th quoted field of record 5.
    const fields = lines[5]!.split('","');
    const cut = `${fields.slice(0, 17).join('","')}","${fields[17]!.slice(0, 100)}`;
    const { records, rejects } = await parseText("cut.csv", [...lines.slice(0, 5), cut].join("\n"));
    expect(records.map((r) => r.provenance.line)).toEqual([2, 3, 4, 5]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ position: 5, line: 6, expected: "a closing quote" });
    expect(rejects[0]!.got).toMatch(/^the end of the file inside a quoted field in column "Abstract"/);
  });

  test("a record with a stray quote in the middle is one reject and the rest import", async () => {
    const broken = lines[3]!.replace('"Examining the impact', '"Examining "the" impact');
    const { records, rejects } = await parseText(
      "stray.csv",
      [...lines.slice(0, 3), broken, ...lines.slice(4)].join("\n"),
    );
    expect(records).toHaveLength(87);
    expect(rejects).toEqual([
      expect.objectContaining({
        position: 3,
        line: 4,
        field: "Title",
        expected: "a closing quote followed by a delimiter (,) or a line end",
      }),
    ]);
    expect(records[2]).toMatchObject({
      provenance: expect.objectContaining({ position: 4, line: 5 }),
      eid: "2-s2.0-85149757043",
    });
  });

  test("a CSV that is not a Scopus export is an InputError naming its columns", async () => {
    const { records, rejects } = await parseText("other.csv", "name,colour\nx,red\n");
    expect(records).toEqual([]);
    expect(rejects).toEqual([
      expect.objectContaining({
        position: 0,
        line: 1,
        expected: "a Scopus CSV header with Title and EID columns",
        got: "columns name, colour",
      }),
    ]);
  });
});
