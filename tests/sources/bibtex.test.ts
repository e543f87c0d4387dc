import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Record } from "../../src/record.js";
import {
  bibtexAdapter,
  bibtexAuthors,
  bibtexKeywords,
  bibtexMonthDate,
  bibtexName,
  detectBibtex,
  fieldName,
  parseEntryBody,
} from "../../src/sources/bibtex.js";
import { latexToUnicode, latexVerbatim } from "../../src/sources/latex-text.js";
import { fixture, parseFixture, parseText as parseTextAs } from "../helpers.js";

const parseText = (text: string, name = "sample.bib") => parseTextAs(bibtexAdapter, text, name);

function byKey(records: Record[], citationKey: string): Record {
  const found = records.find((r) => r.raw.citationKey === citationKey);
  if (!found) throw new Error(`no record with citation key ${citationKey}`);
  return found;
}

/** The decoded start of a fixture, as detection sees it. */
function sample(relativePath: string): string {
  return readFileSync(fixture(relativePath), "utf8")
    .slice(0, 64 * 1024)
    .replace(/^\uFEFF/, "");
}

describe("BibTeX fixtures", () => {
  test("Scopus: leading blank line, EID from the record link, art_number as pages, abbrev_source_title, document_type", async () => {
    const { records, rejects } = await parseFixture(bibtexAdapter, "scopus_bibtex/synthesisr_Scopus_bib_example.bib");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(3);
    const li = byKey(records, "Li2020");
    expect(li).toMatchObject({
      key: "scopus:2-s2.0-85079532227",
      database: "scopus",
      sourceId: "2-s2.0-85079532227",
      eid: "2-s2.0-85079532227",
      doi: "10.1080/20964129.2020.1722034",
      title: "Soil fauna diversity at different stages of reed restoration in a lakeshore wetland at Lake Taihu, China",
      year: 2020,
      date: "2020",
      journal: "Ecosystem Health and Sustainability",
      journalAbbrev: "Ecosyst. Health Sustain.",
      issn: "2096-4129",
      eissn: null,
      volume: "6",
      issue: "1",
      pages: "1722034",
      publicationTypes: ["Article"],
      language: "eng",
      keywords: [
        "Environmental factors",
        "Lake Taihu",
        "lakeshore wetland",
        "reed",
        "soil fauna",
        "wetland restoration",
      ],
    });
    expect(li.abstract).toMatch(/^Introduction: Wetland soil fauna support material cycling and restoration processes/);
    expect(li.authors).toHaveLength(10);
    expect(li.authors.slice(0, 2)).toEqual([
      { family: "Li", given: "W." },
      { family: "Dou", given: "Z." },
    ]);
    expect(li.raw).toMatchObject({ citationKey: "Li2020", articleNumber: "1722034" });
    expect(li.raw.url).toMatch(/^https:\/\/www\.scopus\.com\/inward\/record\.uri\?eid=2-s2\.0-85079532227&/);
    expect(li.provenance).toMatchObject({ position: 1, line: 2, format: "bibtex" });
  });

  test("Scopus: a field name with an NBSP in it (funding_text 1) does not end the entry early", async () => {
    const { records } = await parseFixture(bibtexAdapter, "scopus_bibtex/synthesisr_Scopus_bib_example.bib");
    // publisher, issn, language, document_type and source all follow `funding_text 1` in the file.
    for (const key of ["Li2020", "Cao2020"]) {
      expect(byKey(records, key)).toMatchObject({
        issn: "2096-4129",
        language: "eng",
        publicationTypes: ["Article"],
        database: "scopus",
      });
    }
  });

  test("Scopus: author and index keywords together; a lower-case family name is kept as written", async () => {
    const { records } = await parseFixture(bibtexAdapter, "scopus_bibtex/synthesisr_Scopus_bib_example.bib");
    const tang = byKey(records, "Tang2020");
    expect(tang.authors).toEqual([
      { family: "Tang", given: "H." },
      { family: "Geng", given: "G." },
      { family: "zhou", given: "M." },
    ]);
    expect(tang.keywords.slice(0, 5)).toEqual([
      "Criminisi algorithm",
      "Digital",
      "Relic restoration",
      "Structure tensor",
      "Image enhancement",
    ]);
    expect(tang).toMatchObject({
      issn: "1557-2064",
      volume: "21",
      issue: "1",
      pages: "6",
      journalAbbrev: "Sens. Imaging",
    });
    expect(tang.provenance.line).toBe(53);
  });

  test("Web of Science: BOM and blank first line, `@article{ WOS:…` key, Capitalized fields, wrapped values, Month = {JUL 15}", async () => {
    const { records, rejects } = await parseFixture(bibtexAdapter, "wos_bibtex/pybibx_wos_m.bib");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(29);
    const [first] = records;
    expect(first).toMatchObject({
      key: "wos:WOS:000278542800018",
      database: "wos",
      sourceId: "WOS:000278542800018",
      doi: "10.1016/j.amc.2010.04.009",
      title: "Estimation of missing judgments in AHP pairwise matrices using a neural network-based model",
      year: 2010,
      date: "2010-07-15",
      journal: "APPLIED MATHEMATICS AND COMPUTATION",
      journalAbbrev: "Appl. Math. Comput.",
      issn: "0096-3003",
      eissn: "1873-5649",
      volume: "216",
      issue: "10",
      pages: "2959-2975",
      publicationTypes: ["Article"],
      language: "eng",
      keywords: [
        "AHP",
        "Pairwise matrix reconstruction",
        "Decision support systems",
        "Multi-Layer Perceptron",
        "Neural networks",
      ],
    });
    expect(first!.authors).toEqual([
      { family: "Antonio Gomez-Ruiz", given: "Jose" },
      { family: "Karanik", given: "Marcelo" },
      { family: "Ignacio Pelaez", given: "Jose" },
    ]);
    expect(first!.abstract).toMatch(
      /^Selecting relevant features to make a decision and expressing the relationships between these features is not a simple task\. /,
    );
    expect(first!.provenance.line).toBe(2);
    expect(records.every((r) => r.database === "wos" && r.sourceId?.startsWith("WOS:"))).toBe(true);
  });

  test("Web of Science: no title or abstract keeps LaTeX (`R\\&D`, `{[}`) or protective braces", async () => {
    const { records } = await parseFixture(bibtexAdapter, "wos_bibtex/pybibx_wos_m.bib");
    for (const r of records) {
      expect(`${r.title} ${r.abstract ?? ""}`).not.toMatch(/[\\{}]/);
    }
    expect(byKey(records, "WOS:000283445800007").title).toBe(
      "R&D Project Performance Evaluation With Multiple and Interdependent Criteria",
    );
    expect(byKey(records, "WOS:000283445800007").date).toBe("2010-11");
    expect(byKey(records, "WOS:A1997YF36000011")).toMatchObject({
      date: "1997-11-01",
      authors: [
        { family: "Carmone", given: "FJ" },
        { family: "Kara", given: "A" },
        { family: "Zanakis", given: "SH" },
      ],
    });
  });

  test("Web of Science: @inproceedings takes its container from Booktitle and its types from the entry and Type", async () => {
    const { records } = await parseFixture(bibtexAdapter, "wos_bibtex/pybibx_wos_m.bib");
    const paper = byKey(records, "WOS:000270081200006");
    expect(paper).toMatchObject({
      title: "Improving the Consistency of AHP Matrices Using a Multi-layer Perceptron-Based Model",
      journal: "BIO-INSPIRED SYSTEMS: COMPUTATIONAL AND AMBIENT INTELLIGENCE, PT 1",
      year: 2009,
      volume: "5517",
      pages: "41+",
      issn: "0302-9743",
      eissn: "1611-3349",
      publicationTypes: ["Conference Paper", "Proceedings Paper"],
    });
    expect(paper.raw.isbn).toBe("978-3-642-02477-1");
    expect(paper.provenance.line).toBe(324);
    // "van Uden, E": the particle stays with the family name.
    expect(byKey(records, "WOS:000184327900022").authors).toEqual([
      { family: "Kwiesielewicz", given: "M" },
      { family: "van Uden", given: "E" },
    ]);
  });

  test("IEEE Xplore: article-number keys, braced family names, empty fields, `,}` endings, booktitle as container", async () => {
    const { records, rejects } = await parseFixture(bibtexAdapter, "bibtex_extra/mr-systematic_ieee_15_04_2020.bib");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(21);
    const [first] = records;
    expect(first).toMatchObject({
      key: "ieee:8068545",
      database: "ieee",
      sourceId: "8068545",
      doi: "10.1109/inaes.2017.8068545",
      title: "Development of RESTful API to support the oil palm plantation monitoring system",
      year: 2017,
      date: "2017-08",
      journal: "2017 7th International Annual Engineering Seminar (InAES)",
      issn: null,
      volume: null,
      issue: null,
      pages: "1-5",
      publicationTypes: ["Conference Paper"],
    });
    expect(first!.authors).toEqual([
      { family: "Nugroho", given: "L. E." },
      { family: "Azis", given: "A." },
      { family: "Mustika", given: "I. W." },
      { family: "Selo", given: null },
    ]);
    expect(first!.keywords.slice(0, 3)).toEqual([
      "application program interfaces",
      "computerised monitoring",
      "condition monitoring",
    ]);
    expect(first!.keywords).toContain("RESTful API");
  });

  test("IEEE Xplore: a journal article, accented names, quotes inside a braced abstract, `Sep.`", async () => {
    const { records } = await parseFixture(bibtexAdapter, "bibtex_extra/mr-systematic_ieee_15_04_2020.bib");
    expect(byKey(records, "8325321")).toMatchObject({
      journal: "IEEE Transactions on Software Engineering",
      title: "UniDoSA: The Unified Specification and Detection of Service Antipatterns",
      volume: "45",
      issue: "10",
      pages: "1024-1053",
      issn: "1939-3520",
      date: "2019-10",
      publicationTypes: ["Article"],
      authors: [
        { family: "Palma", given: "F." },
        { family: "Moha", given: "N." },
        { family: "Guéhéneuc", given: "Y." },
      ],
    });
    expect(byKey(records, "8811961").abstract).toContain(
      '(e.g., inferring that "a request B should be executed after request A" because',
    );
    expect(byKey(records, "8904508").date).toBe("2019-09");
    expect(byKey(records, "8536162").authors[1]).toEqual({ family: "Cánovas Izquierdo", given: "J. L." });
    // IEEE's "A. d. {Benedictis}": the braced word is the family name, "d." an abbreviated particle.
    expect(byKey(records, "7194337").authors[0]).toEqual({ family: "Benedictis", given: "A. d." });
  });

  test("IEEE Xplore: an empty author list keeps the record; without a DOI the database is not guessed", async () => {
    const { records } = await parseFixture(bibtexAdapter, "bibtex_extra/mr-systematic_ieee_15_04_2020.bib");
    expect(byKey(records, "6712032")).toMatchObject({
      authors: [],
      journal: "IEEE Std 1874-2013",
      title: "IEEE Standard for Documentation Schema for Repair and Assembly of Electronic Devices",
      database: "ieee",
    });
    expect(byKey(records, "8595237")).toMatchObject({
      doi: null,
      database: "unknown",
      sourceId: null,
      issn: "2574-3864",
    });
    // 10.23919 is IEEE's prefix for proceedings it hosts for other societies.
    expect(byKey(records, "7987452")).toMatchObject({ database: "ieee", doi: "10.23919/inm.2017.7987452" });
  });
});

describe("ScienceDirect layout", () => {
  // No ScienceDirect BibTeX export under an open licence was found to copy, so this sample is
  // written here in the layout ScienceDirect uses (DOI as a URL, PII link, ", " keywords,
  // unescaped "&", labelled abstract paragraphs on their own lines); its content is invented.
  const SCIENCEDIRECT = `@article{OKAFOR2022104871,
title = {Screening tools for systematic reviews: a comparison of {BM25} and neural rankers},
journal = {Computers & Education},
volume = {187},
number = {2, Part A},
pages = {104871},
year = {2022},
issn = {0360-1315},
doi = {https://doi.org/10.1016/j.compedu.2022.104871},
url = {https://www.sciencedirect.com/science/article/pii/S0360131522001427},
author = {Chinedu Okafor and Marta {García Ruiz} and Jean-Luc Picard},
keywords = {Systematic review, Screening, Ranking},
abstract = {Background
Screening is slow.
Methods
We compared two rankers.}
}
@incollection{LEE2021223,
title = {12 - Citation screening with active learning},
editor = {Ana Silva and Rui Costa},
booktitle = {Handbook of Evidence Synthesis},
publisher = {Academic Press},
pages = {223-240},
year = {2021},
isbn = {978-0-12-823014-5},
doi = {https://doi.org/10.1016/B978-0-12-823014-5.00012-0},
url = {https://www.sciencedirect.com/science/article/pii/B9780128230145000120},
author = {Min-jun Lee},
keywords = {Active learning, Screening},
abstract = {This chapter describes screening.}
}`;

  test("DOI given as a doi.org URL, PII as the record id, given-first names with braced family names", async () => {
    const { records, rejects } = await parseText(SCIENCEDIRECT);
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      key: "sciencedirect:S0360131522001427",
      database: "sciencedirect",
      sourceId: "S0360131522001427",
      doi: "10.1016/j.compedu.2022.104871",
      title: "Screening tools for systematic reviews: a comparison of BM25 and neural rankers",
      journal: "Computers & Education",
      issn: "0360-1315",
      volume: "187",
      issue: "2, Part A",
      pages: "104871",
      year: 2022,
      keywords: ["Systematic review", "Screening", "Ranking"],
      abstract: "Background Screening is slow. Methods We compared two rankers.",
      authors: [
        { family: "Okafor", given: "Chinedu" },
        { family: "García Ruiz", given: "Marta" },
        { family: "Picard", given: "Jean-Luc" },
      ],
    });
  });

  test("a book chapter takes its container from booktitle and keeps its ISBN raw", async () => {
    const { records } = await parseText(SCIENCEDIRECT);
    expect(records[1]).toMatchObject({
      database: "sciencedirect",
      sourceId: "B9780128230145000120",
      journal: "Handbook of Evidence Synthesis",
      publicationTypes: ["Book Chapter"],
      pages: "223-240",
      authors: [{ family: "Lee", given: "Min-jun" }],
    });
    expect(records[1]!.raw.isbn).toBe("978-0-12-823014-5");
  });
});

describe("BibTeX syntax", () => {
  test("@string macros, # concatenation, month macros and bare numbers; @comment and @preamble are not records", async () => {
    const { records, rejects } = await parseText(`% written by hand
@preamble{"\\newcommand{\\noop}[1]{}"}
@string{jcs = "Journal of Clinical Studies"}
@comment{jabref-meta: databaseType:bibtex;}
@article{s1,
  author = "M{\\"u}ller, Hans and {World Health Organization}",
  title = "{The} " # "Title",
  journal = jcs,
  year = 2019,
  month = jul,
  issn = {0096-3003, 1873-5649},
  pmid = {31234567},
}
`);
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      title: "The Title",
      journal: "Journal of Clinical Studies",
      year: 2019,
      date: "2019-07",
      issn: "0096-3003",
      eissn: "1873-5649",
      pmid: "31234567",
      authors: [
        { family: "Müller", given: "Hans" },
        { family: "World Health Organization", given: null },
      ],
    });
    expect(records[0]!.provenance).toMatchObject({ position: 1, line: 5 });
  });

  test("an entry delimited by parentheses, with parentheses inside a quoted value", async () => {
    const { records, rejects } = await parseText(
      '@article(p1, title = "A (small) test", year = 2020)\n@article{p2, title = {Next}, year = {2021}}\n',
    );
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.title, r.year])).toEqual([
      ["A (small) test", 2020],
      ["Next", 2021],
    ]);
  });

  test("an arXiv entry: eprint with archivePrefix is the arXiv id; @misc names no type", async () => {
    const { records } = await parseText(`@misc{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
  eprint = {1706.03762},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL}
}`);
    expect(records[0]).toMatchObject({ arxivId: "1706.03762", publicationTypes: [], database: "unknown", year: 2017 });
  });

  test("a biblatex date field gives the full date; journaltitle and shortjournal are read", async () => {
    const { records } = await parseText(
      "@article{d1, title={T}, journaltitle={Long Name}, shortjournal={Short}, date={2021-03-04}}",
    );
    expect(records[0]).toMatchObject({ year: 2021, date: "2021-03-04", journal: "Long Name", journalAbbrev: "Short" });
  });

  test("a missing comma between fields on separate lines is forgiven", async () => {
    const { records, rejects } = await parseText("@article{m1,\n  title = {First}\n  year = {2020}\n}\n");
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({ title: "First", year: 2020 });
  });

  test("field bodies: quotes may hold braces, duplicate fields are all kept, names are compared case- and space-insensitively", () => {
    const entry = parseEntryBody(
      "article",
      ' k1,\n Title = "A {"}quoted{"} word",\n note = {one},\n NOTE = {two},\n funding_text\u00a0 1 = {x}',
      new Map(),
    );
    expect(entry.key).toBe("k1");
    expect(entry.fields.get("title")).toEqual(['A {"}quoted{"} word']);
    expect(entry.fields.get("note")).toEqual(["one", "two"]);
    expect(entry.fields.get("funding_text 1")).toEqual(["x"]);
    expect(fieldName("Web-of-Science-Categories  ")).toBe("web-of-science-categories");
  });
});

describe("bad input", () => {
  test("an entry with unbalanced braces is one reject with its line; the entries after it still import", async () => {
    const { records, rejects } = await parseText(`@article{a1,
title = {First},
year = {2020}
}

@article{a2,
title = {Second {unclosed},
year = {2021}
}

@article{a3,
title = {Third},
year = {2022}
}
`);
    expect(records.map((r) => [r.title, r.provenance.position, r.provenance.line])).toEqual([
      ["First", 1, 1],
      ["Third", 3, 11],
    ]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ position: 2, line: 6, expected: "a closing } before the next entry" });
    expect(rejects[0]!.got).toContain("a new entry at line 11");
  });

  test("a truncated last entry is rejected with its line after the good entries", async () => {
    const { records, rejects } = await parseText(
      "@article{a1, title={First}, year={2020}}\n@article{a2,\ntitle = {Second},\nabstract = {Cut off here\n",
    );
    expect(records.map((r) => r.title)).toEqual(["First"]);
    expect(rejects).toEqual([expect.objectContaining({ position: 2, line: 2, expected: "the entry to close with }" })]);
    expect(rejects[0]!.got).toContain("end of the file");
  });

  test("an extra closing brace inside an entry is one reject, not a record missing its later fields", async () => {
    const { records, rejects } = await parseText(
      "@article{a1,\ntitle = {First}},\nyear = {2020}\n}\n@article{a2, title = {Second}}\n",
    );
    expect(records.map((r) => [r.title, r.provenance.position])).toEqual([["Second", 2]]);
    expect(rejects).toEqual([expect.objectContaining({ position: 1, line: 1 })]);
    expect(rejects[0]!.got).toContain("line 3");
  });

  test("text that is not a field is one reject naming the line it is on", async () => {
    const { records, rejects } = await parseText(
      "@article{g1,\n  this is not a field\n}\n@article{g2, title = {Fine}}\n",
    );
    expect(records.map((r) => r.title)).toEqual(["Fine"]);
    expect(rejects).toEqual([expect.objectContaining({ position: 1, line: 1, expected: "a field (name = value)" })]);
    expect(rejects[0]!.got).toContain("at line 2");
  });

  test("a file with no entries at all is one whole-file reject", async () => {
    const { records, rejects } = await parseText("just some notes\nwith no entries\n");
    expect(records).toEqual([]);
    expect(rejects).toEqual([
      expect.objectContaining({ position: 0, line: 1, expected: "BibTeX entries (@article{key, …})" }),
    ]);
  });

  test('an "@" in free text between entries opens nothing', async () => {
    const { records, rejects } = await parseText("Contact: someone@example.org\n@article{e1, title = {Only}}\n");
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.title)).toEqual(["Only"]);
  });
});

describe("detection", () => {
  test.each([
    "scopus_bibtex/synthesisr_Scopus_bib_example.bib",
    "wos_bibtex/pybibx_wos_m.bib",
    "bibtex_extra/mr-systematic_ieee_15_04_2020.bib",
  ])("accepts %s", (path) => {
    expect(detectBibtex(sample(path))).toBe(true);
  });

  test.each([
    "scopus_ris/synthesisr_Scopus_ris_example.ris",
    "ieee_ris/litstudy_ieee_example.ris",
    "wos_ris/citesource_1_WoS.ris",
    "medline_nbib/synthesisr_PubMed_example.txt",
    "medline_nbib/biopython_pubmed_result2.txt",
    "scopus_csv/litstudy_scopus_v2.csv",
    "ieee_csv/litstudy_ieee.csv",
    "generic_csv/synergy_menon_2022_first30.csv",
    "pubmed_xml/biopython_pubmed1.xml",
  ])("rejects %s", (path) => {
    expect(detectBibtex(sample(path))).toBe(false);
  });

  test("accepts % comment lines, a parenthesised entry and a short preamble first; rejects a file with no entry", () => {
    expect(detectBibtex("% exported\n\n@Article( k,\n")).toBe(true);
    expect(detectBibtex("\n@article{ WOS:1,\n")).toBe(true);
    expect(detectBibtex("Scopus\nEXPORT DATE: 17 February 2024\n\n@ARTICLE{k,\n")).toBe(true);
    expect(detectBibtex("This file was created by hand\nno entries in it\n")).toBe(false);
  });
});

describe("names, keywords and dates", () => {
  test("authors: Family, Given and Given Family and {Collective Name}", () => {
    expect(bibtexAuthors("Smith, John A. and Jane van der Berg and {Cochrane Collaboration} and others")).toEqual([
      { family: "Smith", given: "John A." },
      { family: "van der Berg", given: "Jane" },
      { family: "Cochrane Collaboration", given: null },
    ]);
  });

  test('authors: " and " inside braces does not split; "AND" in any case does', () => {
    expect(bibtexAuthors("{Smith and Sons Ltd} AND Doe, J.")).toEqual([
      { family: "Smith and Sons Ltd", given: null },
      { family: "Doe", given: "J." },
    ]);
  });

  test("authors as the Cochrane Library's BibTeX writes them: Family, Initials pairs joined by commas, and before the last", () => {
    expect(bibtexAuthors("Roe, AB, Doe, J, and Poe, GML")).toEqual([
      { family: "Roe", given: "AB" },
      { family: "Doe", given: "J" },
      { family: "Poe", given: "GML" },
    ]);
    expect(bibtexAuthors("Roe, A, and Doe, C")).toEqual([
      { family: "Roe", given: "A" },
      { family: "Doe", given: "C" },
    ]);
    // Not pairs of initials: a Jr part, or full given names, are read as one name each as before.
    expect(bibtexAuthors("King, Jr, Martin Luther and Smith, John")).toEqual([
      { family: "King Jr", given: "Martin Luther" },
      { family: "Smith", given: "John" },
    ]);
    expect(bibtexAuthors("Smith, John, Jones, Mary")).toHaveLength(1);
  });

  test("names: accents, von parts with a comma, Jr parts, ties", () => {
    expect(bibtexName("Garc{\\'\\i}a-P{\\'e}rez, Mar{\\'\\i}a")).toEqual({ family: "García-Pérez", given: "María" });
    expect(bibtexName("de la Fontaine, Jean")).toEqual({ family: "de la Fontaine", given: "Jean" });
    expect(bibtexName("King, Jr, Martin Luther")).toEqual({ family: "King Jr", given: "Martin Luther" });
    expect(bibtexName("Donald~E. Knuth")).toEqual({ family: "Knuth", given: "Donald E." });
    expect(bibtexName("Pe\\~{n}a")).toEqual({ family: "Peña", given: null });
    expect(bibtexName("  ")).toBeNull();
  });

  test('keywords: "a; b" or "a, b"', () => {
    expect(bibtexKeywords(["AHP; Pairwise matrix;\n   Neural networks"])).toEqual([
      "AHP",
      "Pairwise matrix",
      "Neural networks",
    ]);
    expect(bibtexKeywords(["Screening, Active learning"])).toEqual(["Screening", "Active learning"]);
    expect(bibtexKeywords(["Risk; Cost, benefit"])).toEqual(["Risk", "Cost, benefit"]);
  });

  test.each([
    ["July", "2010-07"],
    ["JUL 15", "2010-07-15"],
    ["Sep.", "2010-09"],
    ["7", "2010-07"],
    ["12", "2010-12"],
    ["13", "2010"],
    [null, "2010"],
  ])("month %s in 2010 → %s", (month, date) => {
    expect(bibtexMonthDate(month, 2010)).toBe(date);
  });
});

describe("LaTeX to Unicode", () => {
  test.each([
    ['M{\\"u}ller', "Müller"],
    ["Caf\\'{e}", "Café"],
    ["\\'e and \\`a and \\^o", "é and à and ô"],
    ['{\\aa}ngstr{\\"o}m', "ångström"],
    ["Stra\\ss e and {\\ss}", "Straße and ß"],
    ["\\c{c}a and \\v{s} and \\v s", "ça and š and š"],
    ["\\'{\\i} and \\'\\i", "í and í"],
    ["{\\o}re and \\L{}\\'od\\'z", "øre and Łódź"],
    ["R\\&D at 5\\% and a\\_b", "R&D at 5% and a_b"],
    ["pages 1--10, a---b", "pages 1–10, a—b"],
    ["2000{\\textendash}2010", "2000–2010"],
    ["Donald~Knuth", "Donald Knuth"],
    ["{IEEE} and {[}1{]}", "IEEE and [1]"],
    ["The $\\alpha$-helix at $x^{2}$", "The $\\alpha$-helix at $x^{2}$"],
    ["costs $5", "costs $5"],
    ["\\emph{very} \\textbf{bold}", "very bold"],
    ["``quoted''", "“quoted”"],
    ["\\unknowncommand{x}{y} stays", "\\unknowncommand{x}{y} stays"],
  ])("%s → %s", (input, output) => {
    expect(latexToUnicode(input)).toBe(output);
  });

  test("verbatim fields only lose escapes and braces", () => {
    expect(latexVerbatim("10.1000/a\\_b{C}\\%20")).toBe("10.1000/a_bC%20");
  });
});
