import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { detectAdapter } from "../../src/sources/registry.js";
import { detectWosTagged, wosDate, wosTaggedAdapter } from "../../src/sources/wos-tagged.js";
import { fixture, parseFixture, parseText } from "../helpers.js";

const parse = (text: string) => parseText(wosTaggedAdapter, text, "savedrecs.txt");

describe("Web of Science plain-text fixtures (metaknowledge's test files, real exports)", () => {
  test("a BOM-prefixed export: every one of its 32 records, with wrapped titles, both page ends, PMID and accession", async () => {
    const { records, rejects } = await parseFixture(wosTaggedAdapter, "wos_tagged/metaknowledge_savedrecs.txt");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(32);
    expect(records[0]).toMatchObject({
      database: "wos",
      sourceId: "WOS:A1979GV55600001",
      title: "EXPERIMENTS IN PHENOMENOLOGICAL ELECTRODYNAMICS AND THE ELECTROMAGNETIC ENERGY-MOMENTUM TENSOR",
      authors: [{ family: "BREVIK", given: "I" }],
      journal: "PHYSICS REPORTS-REVIEW SECTION OF PHYSICS LETTERS",
      journalAbbrev: "Phys. Rep.-Rev. Sec. Phys. Lett.",
      year: 1979,
      volume: "52",
      issue: "3",
      pages: "133-201",
      publicationTypes: ["Review"],
      provenance: { format: "wos-tagged", line: 3, position: 1 },
    });
    const gilles = records.find((r) => r.sourceId === "WOS:000177484300017")!;
    expect(gilles).toMatchObject({
      authors: [
        { family: "Gilles", given: "H" },
        { family: "Girard", given: "S" },
        { family: "Hamel", given: "J" },
      ],
      doi: "10.1364/ol.27.001421",
      pmid: "18026466",
      date: "2002-08-15",
      issn: "0146-9592",
      pages: "1421-1423",
      keywords: ["REFLECTION"],
    });
    expect(gilles.abstract).toMatch(/^An original approach to directly measuring the Goos-Hanchen/);
    // A keyword wrapped onto the next line ("water" / "adsorption") is one keyword.
    const flory = records.find((r) => r.keywords.includes("water adsorption"))!;
    expect(flory.keywords.slice(0, 5)).toEqual([
      "optical properties",
      "thin films",
      "nanostructure",
      "dielectric",
      "water adsorption",
    ]);
    expect(flory.keywords).toContain("COLUMNAR MICROSTRUCTURE");
  });

  test("the same records whatever the line endings (CRLF, as Windows saves them)", async () => {
    const text = await readFile(fixture("wos_tagged/metaknowledge_TwoPaper.isi"), "utf8");
    const lf = await parse(text);
    const crlf = await parse(text.replace(/\n/g, "\r\n"));
    expect(lf.records.map((r) => [r.title, r.doi, r.pages, r.issn])).toEqual([
      ["Supervenience and causation: A probabilistic approach", "10.1023/a:1005282128866", "245-259", "0039-7857"],
      [
        "Physical process theories and token-probabilistic causation",
        "10.1023/a:1005677609556",
        "235-245",
        "0165-0106",
      ],
    ]);
    expect(crlf.records.map((r) => [r.title, r.doi, r.pages, r.date])).toEqual(
      lf.records.map((r) => [r.title, r.doi, r.pages, r.date]),
    );
    expect(lf.records[0]!.date).toBe("2000-03");
  });

  test("a record whose tag lost its space (AUGilles, H) is one reject at its line; the file's other 33 are read", async () => {
    const { records, rejects } = await parseFixture(wosTaggedAdapter, "wos_tagged/metaknowledge_testFile.isi");
    expect(records).toHaveLength(33);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 415,
        expected: 'Web of Science tag lines ("TI value") or lines indented to continue one',
        got: 'line 416: "AUGilles, H"',
      }),
    ]);
  });
});

describe("Web of Science plain-text mapping", () => {
  test("full names (AF) over short ones, a group author, document types, Keywords Plus after author keywords, article number as pages", async () => {
    const { records, rejects } = await parse(
      [
        "FN Clarivate Analytics Web of Science",
        "VR 1.0",
        "PT J",
        "AU Smith, J",
        "   Doe, AB",
        "AF Smith, John",
        "   Doe, Anne B.",
        "GP LLM Clinical Study Group",
        "TI Large language models in triage",
        "SO JOURNAL OF MEDICAL INTERNET RESEARCH",
        "LA English",
        "DT Article; Early Access",
        "DE large language models; triage",
        "ID CARE",
        "PY 2024",
        "EA MAR 2024",
        "VL 26",
        "AR e51234",
        "EI 1438-8871",
        "UT WOS:001234567800001",
        "ER",
        "",
        "EF",
        "",
      ].join("\n"),
    );
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      authors: [
        { family: "Smith", given: "John" },
        { family: "Doe", given: "Anne B." },
        { family: "LLM Clinical Study Group", given: null },
      ],
      publicationTypes: ["Article", "Early Access"],
      keywords: ["large language models", "triage", "CARE"],
      pages: "e51234",
      eissn: "1438-8871",
      date: "2024-03",
      raw: { accessionNumber: "WOS:001234567800001", articleNumber: "e51234" },
    });
  });

  test("a last record without ER is rejected as cut short; the ones before it are kept", async () => {
    const { records, rejects } = await parse(
      [
        "FN Clarivate Analytics Web of Science",
        "VR 1.0",
        "PT J",
        "TI One",
        "ER",
        "",
        "PT J",
        "TI Two",
        "AB Half an abs",
      ].join("\n"),
    );
    expect(records.map((r) => r.title)).toEqual(["One"]);
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 7,
        expected: 'a complete Web of Science record (ending with "ER")',
        got: "the end of the file at line 9 (the file is cut short)",
      }),
    ]);
  });

  test("PD months, day and season forms, with PY as the year; EA when the issue has no date yet", () => {
    expect(wosDate("2004", "MAR 20", null)).toEqual({ year: "2004", date: "2004-03-20" });
    expect(wosDate("2021", "JAN-FEB", null)).toEqual({ year: "2021", date: "2021-01" });
    expect(wosDate("2020", "MAR 2020", null)).toEqual({ year: "2020", date: "2020-03" });
    expect(wosDate(null, null, "JUN 2023")).toEqual({ year: "2023", date: "2023-06" });
    expect(wosDate("2019", "SPR", null)).toEqual({ year: "2019", date: null });
  });
});

describe("detecting Web of Science plain text", () => {
  test("by its header (Clarivate or Thomson Reuters), or by PT … ER without it; never RIS or MEDLINE", () => {
    expect(detectWosTagged("\uFEFFFN Thomson Reuters Web of Science™\nVR 1.0\nPT J\n")).toBe(true);
    expect(detectWosTagged("FN Clarivate Analytics Web of Science\r\nVR 1.0\r\n")).toBe(true);
    expect(detectWosTagged("PT J\nAU Kim, S\nTI A title\nER\n")).toBe(true);
    expect(detectWosTagged("TY  - JOUR\nTI  - A title\nER  - \n")).toBe(false);
    expect(detectWosTagged("PMID- 123\nTI  - A title\n")).toBe(false);
    expect(detectAdapter("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI x\nER\n")?.id).toBe("wos-tagged");
    expect(detectAdapter("TY  - JOUR\nTI  - A title\nER  - \n")?.id).toBe("ris");
  });
});
