import { describe, expect, test } from "vitest";
import { monthDayWithoutYear, type Record } from "../../src/record.js";
import { idsFromUrls } from "../../src/sources/link-ids.js";
import {
  detectRis,
  ebscoAbstract,
  ebscoAccessionNumber,
  risAdapter,
  risAuthors,
  risDatabase,
  risDate,
  risPages,
  risTagLine,
  risToDraft,
  risTypes,
} from "../../src/sources/ris.js";
import { TaggedRecord, issnsByLabel, nameWithoutComma } from "../../src/sources/tagged-lines.js";
import { parseFixture, parseText as parseTextAs } from "../helpers.js";

const parseText = (text: string, name = "sample.ris") => parseTextAs(risAdapter, text, name);

/** A record built from [tag, value] pairs, as the reader would hand it to the mapping. */
function recordOf(...fields: [string, ...string[]][]): TaggedRecord {
  const record = new TaggedRecord(1);
  fields.forEach(([tag, value, ...more], i) => {
    record.add(tag, value ?? "", i + 1);
    for (const line of more) record.continueLast(line);
  });
  return record;
}

function byDoi(records: Record[], doi: string): Record {
  const found = records.find((r) => r.doi === doi);
  if (!found) throw new Error(`no record with DOI ${doi}`);
  return found;
}

describe("RIS fixtures", () => {
  test("ScienceDirect: T1/JO, empty IS and T2, PY 2016/12//, DOI as a dx.doi.org URL, PII from the protocol-relative UR", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "sciencedirect_ris/jabref_RisImporterTestScience.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r).toMatchObject({
      database: "sciencedirect",
      sourceId: "S1359645416307273",
      key: "sciencedirect:S1359645416307273",
      title: "Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys",
      doi: "10.1016/j.actamat.2016.09.028",
      year: 2016,
      date: "2016-12",
      journal: "Acta Materialia",
      issn: "1359-6454",
      volume: "121",
      issue: null,
      pages: "310-324",
      abstract: "Abstract",
      publicationTypes: ["Journal Article"],
    });
    expect(r!.authors).toEqual([
      { family: "Ghosh", given: "Chanchal" },
      { family: "Basu", given: "Joysurya" },
      { family: "Ramachandran", given: "Divakar" },
      { family: "Mohandas", given: "E." },
    ]);
    expect(r!.keywords).toContain("ω phase transformation");
    expect(r!.keywords).toHaveLength(5);
    expect(r!.raw.url).toBe("//www.sciencedirect.com/science/article/pii/S1359645416307273");
  });

  test("Scopus (JabRef, 2016): EID from the record.url link, M3 as a type, no ISSN", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "scopus_ris/jabref_RisImporterTestScopus.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      database: "scopus",
      eid: "2-s2.0-4544289390",
      key: "scopus:2-s2.0-4544289390",
      title:
        "A transversely isotropic composite with a statistical distribution of spheroidal inclusions: A geometrical approach to overall properties",
      journal: "Journal of the Mechanics and Physics of Solids",
      volume: "52",
      issue: "10",
      pages: "2309-2327",
      year: 2004,
      doi: "10.1016/j.jmps.2004.03.010",
      issn: null,
      publicationTypes: ["Journal Article", "Article"],
      keywords: ["Composite", "Inclusions", "Statistical distribution", "Transverse isotropy"],
    });
    expect(records[0]!.authors[0]).toEqual({ family: "Federico", given: "S." });
  });

  test('Scopus (synthesisr): SN "20964129 (ISSN) ", J2 abbreviation, C7 article number as pages, LA', async () => {
    const { records, rejects } = await parseFixture(risAdapter, "scopus_ris/synthesisr_Scopus_ris_example.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(3);
    const [first] = records;
    expect(first).toMatchObject({
      title: "Soil fauna diversity at different stages of reed restoration in a lakeshore wetland at Lake Taihu, China",
      journal: "Ecosystem Health and Sustainability",
      journalAbbrev: "Ecosyst. Health Sustain.",
      issn: "2096-4129",
      eissn: null,
      volume: "6",
      issue: "1",
      pages: "1722034",
      year: 2020,
      doi: "10.1080/20964129.2020.1722034",
      eid: "2-s2.0-85079532227",
      language: "eng",
    });
    expect(first!.raw.articleNumber).toBe("1722034");
    expect(first!.authors).toHaveLength(10);
    expect(first!.authors[0]).toEqual({ family: "Li", given: "W." });
    expect(first!.abstract).toMatch(/^Introduction: Wetland soil fauna support material cycling/);
    expect(records.map((r) => r.provenance.line)).toEqual([1, 43, 77]);
  });

  test("Scopus (synthesisr extdata, 92 records): curly quotes kept, pages from SP/EP or C7", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "scopus_ris/synthesisr_scopus_extdata.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(92);
    expect(records.every((r) => r.database === "scopus" && r.eid !== null)).toBe(true);
    expect(records[0]).toMatchObject({
      title: "Black-backed woodpecker occupancy in burned and beetle-killed forests: Disturbance agent matters",
      journal: "Forest Ecology and Management",
      volume: "455",
      year: 2020,
      doi: "10.1016/j.foreco.2019.117694",
      pages: "117694",
    });
    expect(records[0]!.authors.map((a) => a.family)).toEqual(["Tingley", "Stillman", "Wilkerson", "Sawyer", "Siegel"]);
    expect(
      records.some(
        (r) =>
          r.title ===
          "Harvesting interacts with climate change to affect future habitat quality of a focal species in eastern Canada’s boreal forest",
      ),
    ).toBe(true);
  });

  test("Scopus (ASySD, 2025, BOM before the first TY): a repeated keyword is kept once", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "scopus_ris/asysd_scopus.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(10);
    const [first] = records;
    expect(first).toMatchObject({
      key: "scopus:2-s2.0-85214459603",
      title:
        "Development and Validation of a Robust and Straightforward LC-MS Method for Measuring Taurine in Whole Blood and Plasma of Dogs and Reference Intervals Calculation",
      journal: "Animals",
      volume: "15",
      issue: "1",
      pages: "3",
      issn: "2076-2615",
      doi: "10.3390/ani15010003",
      year: 2025,
    });
    expect(first!.authors.at(-1)).toEqual({ family: "Sanchez del Pulgar", given: "J." });
    // 35 KW lines, "taurine" twice.
    expect(first!.keywords).toHaveLength(34);
    expect(first!.provenance.line).toBe(1);
  });

  test("Ovid: numbered '1.' lines skipped, ID is the accession number, N2 abstract, Y1 2020//, database from Ovid's link line", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "ovid_ris/synthesisr_Ovid_ris_example.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(4);
    const [first] = records;
    expect(first).toMatchObject({
      database: "ovid",
      sourceId: "20203152553",
      key: "ovid:20203152553",
      title: "Detection of retention trees on clearcuts, a 50-year perspective.",
      doi: "10.4236/ojf.2020.101008",
      year: 2020,
      date: "2020",
      journal: "Open Journal of Forestry",
      journalAbbrev: "Open Journal of Forestry",
      issn: "2163-0429",
      volume: "10",
      issue: "1",
      pages: "110-123",
    });
    expect(first!.provenance.line).toBe(2);
    expect(first!.authors[0]).toEqual({ family: "Holmstrom", given: "E." });
    expect(first!.abstract).toMatch(
      /^Changes in clearcut management over time were evaluated using aerial photographs/,
    );
    expect(records[1]!.authors.at(-1)).toEqual({ family: "Brown", given: "M. J. F." });
  });

  test("Ovid MEDLINE (CiteSource): no ID, the PMID taken from the AN of Ovid's link in a MEDLINE segment (medp, med25, pmnm8)", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "ovid_ris/citesource_medline_84_excerpt.ris");
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.database, r.sourceId, r.pmid])).toEqual([
      ["ovid", "39012781", "39012781"],
      ["ovid", "38865135", "38865135"],
      ["ovid", "38437644", "38437644"],
      ["ovid", "38340023", "38340023"],
      ["ovid", "37716166", "37716166"],
      ["ovid", "38969473", "38969473"],
      ["ovid", "37487898", "37487898"],
    ]);
    // CAB Abstracts (D=caba6) numbers its own records: an accession number, not a PMID.
    const { records: cab } = await parseFixture(risAdapter, "ovid_ris/synthesisr_Ovid_ris_example.ris");
    expect(cab.every((r) => r.pmid === null && r.sourceId !== null)).toBe(true);
  });

  test("EconLit via EBSCOhost (CiteSource, 3 records): each with EBSCO as its database", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "ebsco_ris/citesource_econlit_3.ris");
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.database)).toEqual(["ebsco", "ebsco", "ebsco"]);
    expect(records.every((r) => r.title !== null && r.sourceId !== null)).toBe(true);
  });

  test("Embase: BOM, M3 right after TY, 'Family Initials' authors, U2 accession, C5 PMID only with DB Medline", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "embase_ris/asreview_embase.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(6);
    expect(records.every((r) => r.database === "embase")).toBe(true);
    expect(records[0]).toMatchObject({
      sourceId: "L373791783",
      title: "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound",
      authors: [
        { family: "Liu", given: "R." },
        { family: "Adler", given: "D.G." },
      ],
      year: 2014,
      journal: "Endoscopic Ultrasound",
      issn: "2226-7190",
      eissn: null,
      volume: "3",
      issue: "3",
      pages: "152-160",
      doi: "10.4103/2303-9027.138783",
      pmid: null,
      language: "eng",
      publicationTypes: ["Journal Article", "Article"],
    });
    expect(records[0]!.abstract).toMatch(/^Gastrointestinal tract duplication cysts are rare congenital/);
    expect(records[1]).toMatchObject({ sourceId: "L39097156", pmid: "15368318", journal: "Cancer", issn: "0008-543X" });
    expect(records[3]).toMatchObject({ pmid: "30396417", publicationTypes: ["Journal Article", "Review"] });
    expect(records[3]!.authors[0]).toEqual({ family: "Quintanilla-Dieck", given: "L." });
  });

  test("EBSCOhost (CRLF): DOI from L3, accession number from N1, the copyright AB dropped, T2 a translated title", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "ebsco_ris/synthesisr_ASP_ris_example.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(4);
    expect(records.every((r) => r.database === "ebsco")).toBe(true);
    const [first, second, , fourth] = records;
    expect(first).toMatchObject({
      sourceId: "117372971",
      doi: "10.1016/j.agee.2016.06.041",
      title:
        "“Living on the edge”: The role of field margins for common vole (Microtus arvalis) populations in recently colonised Mediterranean farmland.",
      journal: "Agriculture, Ecosystems & Environment",
      date: "2016-09",
      issn: "0167-8809",
      volume: "231",
      pages: "206-217",
    });
    expect(first!.authors[1]).toEqual({ family: "Luque-Larena", given: "Juan José" });
    expect(first!.abstract).toMatch(/^Small rodents are common inhabitants of farmlands/);
    expect(first!.abstract).not.toMatch(/Copyright of/);
    expect(second).toMatchObject({ date: "2018-05-04", pages: "4", doi: null, issn: "0014-8474" });
    expect(fourth).toMatchObject({
      title: "2ZGK-6 型可调宽窄行高速水稻插秧机设计与试验.",
      journal: "Transactions of the Chinese Society of Agricultural Engineering",
      doi: "10.11975/j.issn.1002-6819.2016.21.005",
    });
    expect(fourth!.raw.translatedTitle).toBe(
      "Design and experiment of 2ZGK-6 type spacing-adjustable wide-narrow row high speed rice transplanter.",
    );
  });

  test("Web of Science (219 records): AN WOS:, DA 'JUN 13' with PY, eISSN on a bare line, early access without PY", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "wos_ris/citesource_1_WoS.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(219);
    expect(records.every((r) => r.database === "wos" && r.sourceId?.startsWith("WOS:"))).toBe(true);
    expect(records[0]).toMatchObject({
      key: "wos:WOS:000471694800003",
      title:
        "Effect of anthropogenic light on bird movement, habitat selection, and distribution: a systematic map protocol",
      journal: "ENVIRONMENTAL EVIDENCE",
      year: 2019,
      date: "2019-06-13",
      doi: "10.1186/s13750-019-0155-5",
      issn: "2047-2382",
      volume: "8",
      pages: "13",
    });
    expect(records[0]!.authors.at(-1)).toEqual({ family: "St Clair", given: "C. C." });
    expect(byDoi(records, "10.1111/cobi.13623")).toMatchObject({
      date: "2020-12",
      issn: "0888-8892",
      eissn: "1523-1739",
      pages: "1339-1352",
    });
    const earlyAccess = byDoi(records, "10.1007/s42965-022-00229-x");
    expect(earlyAccess).toMatchObject({ year: null, date: null, issn: "0564-3295", eissn: "2661-8982" });
    expect(earlyAccess.raw.earlyAccess).toBe("FEB 2022");
  });

  test("Rayyan: AN rayyan-…, KW continued by bare lines (one keyword each), PMID from a PubMed link", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "rayyan_ris/asreview_ris_issue_992_rayyan.txt");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(19);
    expect(records[0]).toMatchObject({
      database: "unknown",
      sourceId: "rayyan-264552525",
      title: "Overcoming Medication Reconciliation Challenges",
      journal: "Joint Commission Perspectives on Patient Safety",
      issn: "1534-5181",
      volume: "11",
      issue: "11",
      pages: "1-5",
      year: 2011,
      authors: [],
    });
    expect(records[0]!.keywords).toEqual([
      "Health Facility Administration",
      "Joint Commission",
      "Standards",
      "Medication Errors",
      "Prevention and Control",
      "Medication Reconciliation",
      "Organizational Compliance",
      "Quality Improvement",
      "Electronic Health Records",
      "Consumer Participation",
      "Literacy",
      "Medication History",
      "Patient Education",
    ]);
    expect(records.find((r) => r.sourceId === "rayyan-264552530")).toMatchObject({ pmid: "23162881", date: "2012-11" });
    expect(byDoi(records, "10.1016/j.amjcard.2013.12.040")).toMatchObject({
      date: "2014-04-15",
      journalAbbrev: "Am J Cardiol",
    });
  });

  test("mixed sources (BOM): Dimensions, WoS and Lens records each get their own database and id", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "mixed_ris/synthesisr_citesource_issue_24.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(17);
    expect(records[0]).toMatchObject({
      key: "dimensions:pub.1143865007",
      doi: "10.1186/s13750-021-00246-8",
      title: "Effects of artificial light on bird movement and distribution: a systematic map",
      journal: "Environmental Evidence",
      pages: "37",
      year: 2021,
    });
    expect(records[0]!.authors[0]).toEqual({ family: "Adams", given: "Carrie Ann" });
    expect(byDoi(records, "10.1016/j.wasman.2016.08.025")).toMatchObject({
      key: "wos:WOS:000389109400040",
      issn: "0956-053X",
      eissn: "1879-2456",
      date: "2016-12",
      pages: "359-368",
    });
    // Lens lists links to other works' DOIs under one record: the DOI comes from DO, not the links.
    expect(byDoi(records, "10.1186/s13750-015-0039-2")).toMatchObject({
      key: "lens:068-725-641-418-93X",
      date: "2015-06-15",
      issn: "2047-2382",
    });
    const lens = byDoi(records, "10.1111/cobi.13623");
    expect(lens).toMatchObject({ database: "lens", pmid: "33245809", pmcid: "PMC7756398", date: "2020-11-27" });
    expect(lens.keywords).toContain("conservation psychology");
    expect(lens.keywords).toContain("保护心理学");
  });

  test("IEEE Xplore (CR, LF and CRLF in one file): repeated AU dropped and flagged, VO and VL, Y1 '1 Jan.-Feb. 2019'", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "ieee_ris/litstudy_ieee_example.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(25);
    const [first, second] = records;
    expect(first).toMatchObject({
      title: "The European Approach to the Exascale Challenge",
      authors: [{ family: "Kalbe", given: "G." }],
      year: 2019,
      date: "2019-01",
      journal: "Computing in Science & Engineering",
      volume: "21",
      issue: "1",
      pages: "42-47",
      doi: "10.1109/mcse.2018.2884139",
      issn: "1558-366X",
      publicationTypes: ["Journal Article"],
      flags: ["ris-author-repeated"],
    });
    expect(second).toMatchObject({
      title: "Reference Exascale Architecture",
      journal: "2019 15th International Conference on eScience (eScience)",
      date: "2019-09",
      pages: "479-487",
      issn: null,
      publicationTypes: ["Conference Paper"],
    });
    expect(second!.authors[0]).toEqual({ family: "Bobák", given: "M." });
    expect(second!.authors[2]).toEqual({ family: "Belloum", given: "A. S. Z." });
    expect(records.slice(0, 3).map((r) => r.provenance.line)).toEqual([1, 27, 63]);
  });

  test("a record with no TI/T1 takes its short title (ST), flagged, instead of being rejected; VO as the volume (rispy)", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "generic_ris/rispy_example_utf_chars.ris");
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({
      title:
        "Состояние рецепторного аппарата эндометрия и метаболизм эстрогенов при гиперплазиях эндометрия в позднем репродуктивном периоде",
      volume: "8",
      pages: "52-57",
      year: 2009,
      journal: "Gynecology, Obstetrics and Perinatology",
      flags: ["title-from-short-title"],
    });
    // Web of Science writes ST beside TI on every record: the full title stays, unflagged.
    const { records: titled } = await parseFixture(risAdapter, "wos_ris/citesource_1_WoS.ris");
    expect(titled).toHaveLength(219);
    expect(titled.every((r) => !r.flags.includes("title-from-short-title"))).toBe(true);
  });

  test('"Record #1 of 2", "Provider:", "Content:" and "1." lines before each record are passed over (rispy)', async () => {
    const { records, rejects } = await parseFixture(risAdapter, "generic_ris/rispy_example_extraneous_data.ris");
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.title, r.year, r.volume, r.pages])).toEqual([
      ["Title of reference", 2014, "9", "e0815"],
      ["The title of the reference", 2006, "6", "e0815341"],
    ]);
  });
});

describe("reading RIS lines", () => {
  test.each([
    ["TY  - JOUR", { tag: "TY", value: "JOUR" }],
    ["ER  -", { tag: "ER", value: "" }],
    ["ER -", { tag: "ER", value: "" }],
    ["TY - JOUR", { tag: "TY", value: "JOUR" }],
    ["AU\t- Smith, J.", { tag: "AU", value: "Smith, J." }],
    ["XY  - an unknown tag in canonical form", { tag: "XY", value: "an unknown tag in canonical form" }],
  ])("%j is a tag line", (line, expected) => {
    expect(risTagLine(line)).toEqual(expected);
  });

  test.each(["US - based cohorts were followed", "IL-6 levels rose", "Joint Commission", "1."])(
    "%j is not a tag line",
    (line) => {
      expect(risTagLine(line)).toBeNull();
    },
  );

  test('"AB  - NA", as R\'s RIS writers mark a missing abstract, is no abstract; a real one beside it is kept', async () => {
    const { records } = await parseText(
      [
        "TY  - JOUR",
        "TI  - One",
        "AB  - NA",
        "ER  - ",
        "TY  - JOUR",
        "TI  - Two",
        "AB  - NA values in trials",
        "ER  - ",
      ].join("\n"),
    );
    expect(records.map((r) => r.abstract)).toEqual([null, "NA values in trials"]);
  });

  test("untagged lines continue the field: keywords one per line, an abstract joined with a space", async () => {
    const { records } = await parseText(
      [
        "TY  - JOUR",
        "TI  - A title",
        "AB  - First half",
        "second half.",
        "US - based cohorts too.",
        "KW  - alpha",
        "beta",
        "gamma",
        "ER  - ",
      ].join("\n"),
    );
    expect(records[0]).toMatchObject({
      abstract: "First half second half. US - based cohorts too.",
      keywords: ["alpha", "beta", "gamma"],
    });
  });

  test("a record without ER is still read when the next TY starts, and flagged", async () => {
    const { records, rejects } = await parseText(
      ["TY  - JOUR", "TI  - First", "TY  - JOUR", "TI  - Second", "ER  - "].join("\n"),
    );
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.title, r.flags, r.provenance.position, r.provenance.line])).toEqual([
      ["First", ["ris-no-er"], 1, 1],
      ["Second", [], 2, 3],
    ]);
  });

  test("a file that ends inside a record keeps the record and flags it", async () => {
    const { records, rejects } = await parseText(
      ["TY  - JOUR", "TI  - Whole", "ER  - ", "", "TY  - JOUR", "TI  - Cut off", "AB  - The abstract stops mid"].join(
        "\n",
      ),
    );
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.title, r.flags])).toEqual([
      ["Whole", []],
      ["Cut off", ["ris-no-er"]],
    ]);
  });

  test("a garbage line in the middle of a record rejects that record only, with its line", async () => {
    const { records, rejects } = await parseText(
      [
        "TY  - JOUR",
        "TI  - One",
        "ER  - ",
        "TY  - JOUR",
        "TI  - Two",
        "\u0001\u0002PK\u0003\u0004binary",
        "ER  - ",
        "TY  - JOUR",
        "TI  - Three",
        "ER  - ",
      ].join("\r\n"),
    );
    expect(records.map((r) => [r.title, r.provenance.position])).toEqual([
      ["One", 1],
      ["Three", 3],
    ]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ position: 2, line: 4, field: null });
    expect(rejects[0]!.got).toMatch(/^line 6: /);
  });

  test("a record that lost its TY is one reject and the rest import", async () => {
    const { records, rejects } = await parseText(
      [
        "TY  - JOUR",
        "TI  - One",
        "ER  - ",
        "TI  - Orphan",
        "AU  - Nobody",
        "ER  - ",
        "TY  - JOUR",
        "TI  - Three",
        "ER  - ",
      ].join("\n"),
    );
    expect(records.map((r) => r.title)).toEqual(["One", "Three"]);
    expect(rejects).toEqual([
      {
        file: "sample.ris",
        position: 2,
        line: 4,
        field: null,
        expected: 'a RIS record starting with "TY  -"',
        got: 'line 4: "TI  - Orphan"',
      },
    ]);
  });

  test("tags written before TY belong to the record TY starts", async () => {
    const { records, rejects } = await parseText(
      [
        "TY  - JOUR",
        "TI  - One",
        "ER  - ",
        "",
        "M3  - Review",
        "DB  - Embase",
        "TY  - JOUR",
        "TI  - Two",
        "ER  - ",
      ].join("\n"),
    );
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.title, r.database, r.publicationTypes, r.provenance.line])).toEqual([
      ["One", "unknown", ["Journal Article"], 1],
      ["Two", "embase", ["Journal Article", "Review"], 5],
    ]);
  });

  test("RIS written by a tool with no TY in any record (CiteSource): each ER-closed run of tags is a record, flagged ris-no-ty", async () => {
    const { records, rejects } = await parseFixture(risAdapter, "generic_ris/citesource_benchmark_export_first20.ris");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(20);
    expect(records[0]).toMatchObject({
      title: "A systematic review of the impact of wildfires on sleep disturbances",
      doi: "10.3390/ijerph181910152",
      year: 2021,
      volume: "18",
      issue: "19",
      journal: "International journal of environmental research and public health",
      publicationTypes: [],
      flags: ["ris-no-ty"],
      provenance: { line: 1, position: 1 },
    });
    expect(records[1]!.provenance.line).toBe(21);
    // In a file that has TY records, a record that lost its TY is still a reject (the test above).
  });

  test("a file with no TY at all is rejected whole, saying what was expected", async () => {
    const { records, rejects } = await parseText("Title,Authors,Year\nA study,Smith J,2020\n", "export.ris");
    expect(records).toEqual([]);
    expect(rejects).toEqual([
      {
        file: "export.ris",
        position: 0,
        line: 1,
        field: null,
        expected: 'a RIS record starting with "TY  -"',
        got: 'text starting "Title,Authors,Year"',
      },
    ]);
  });

  test("a record with neither title nor identifier is rejected by the finaliser, not dropped", async () => {
    const { records, rejects } = await parseText(
      ["TY  - JOUR", "PY  - 2020", "ER  - ", "TY  - JOUR", "TI  - Kept", "ER  - "].join("\n"),
    );
    expect(records.map((r) => r.title)).toEqual(["Kept"]);
    expect(rejects).toMatchObject([{ position: 1, line: 1, field: "title" }]);
  });
});

describe("RIS mapping and dialect converters", () => {
  test.each([
    ["JOUR", [], ["Journal Article"]],
    ["CPAPER", [], ["Conference Paper"]],
    ["CONF", ["Conference Paper"], ["Conference Paper", "Conference Paper"]],
    ["CHAP", [], ["Book Chapter"]],
    ["UNPB", [], ["Preprint"]],
    ["GEN", ["Article"], ["Article"]],
    ["ICOMM", [], ["ICOMM"]],
    [null, ["Review"], ["Review"]],
  ] as const)("TY %s with M3 %j gives types %j", (code, m3, expected) => {
    expect(risTypes(code, m3)).toEqual(expected);
  });

  test.each([
    ["310", "324", "310-324"],
    ["359-368", null, "359-368"],
    ["4", "4", "4"],
    ["e70655", null, "e70655"],
    [null, "47", null],
  ])("SP %j and EP %j are pages %j", (sp, ep, expected) => {
    expect(risPages(sp, ep)).toBe(expected);
  });

  test.each([
    ["JUN 13", 2019, "2019-06-13"],
    ["SEP", 2020, "2020-09"],
    ["Apr 15", 2014, "2014-04-15"],
    ["JAN-FEB", 2018, "2018-01"],
    ["2019/06/13", 2019, null],
    ["13", 2019, null],
  ])("WoS DA %j with PY %d is %j", (da, year, expected) => {
    expect(monthDayWithoutYear(da, year)).toBe(expected);
  });

  test("the date is the most precise of DA, PY and Y1 that agrees with the year", () => {
    expect(risDate(recordOf(["PY", "2019"], ["DA", "JUN 13"]))).toEqual({ year: 2019, date: "2019-06-13" });
    expect(risDate(recordOf(["PY", "2016/12//"]))).toEqual({ year: 2016, date: "2016-12" });
    expect(risDate(recordOf(["Y1", "2018/05/04/"]))).toEqual({ year: 2018, date: "2018-05-04" });
    expect(risDate(recordOf(["PY", "2019"], ["Y1", "1 Jan.-Feb. 2019"]))).toEqual({ year: 2019, date: "2019-01" });
    expect(risDate(recordOf(["PY", "2015"], ["DA", "2015/06/15"]))).toEqual({ year: 2015, date: "2015-06-15" });
    // An access date of another year does not become the publication date.
    expect(risDate(recordOf(["PY", "2015"], ["DA", "2022/08/01"]))).toEqual({ year: 2015, date: "2015" });
    expect(risDate(recordOf(["C6", "FEB 2022"]))).toEqual({ year: null, date: null });
  });

  test("authors: 'Family, Given', 'Family Initials' (Embase), 'Initials Family' (IEEE); an identical repeat is dropped", () => {
    expect(risAuthors(["Smith, John", "Adler D.G.", "A. S. Z. Belloum", "WHO Study Group", "Smith, John"])).toEqual({
      authors: [
        { family: "Smith", given: "John" },
        { family: "Adler", given: "D.G." },
        { family: "Belloum", given: "A. S. Z." },
        { family: "WHO Study Group", given: null },
      ],
      repeated: true,
    });
    expect(nameWithoutComma("El Chamy Maluf S")).toEqual({ family: "El Chamy Maluf", given: "S" });
  });

  test.each([
    [["20964129 (ISSN) "], { issn: "20964129", eissn: null, isbns: [] }],
    [["1234-5678 (Print) 2345-6789 (Linking)"], { issn: "1234-5678", eissn: null, isbns: [] }],
    [["0048-9697 (Linking)", "1879-1026 (Electronic)"], { issn: null, eissn: "1879-1026", isbns: [] }],
    [["0956-053X", "1879-2456"], { issn: "0956-053X", eissn: "1879-2456", isbns: [] }],
    [["2226-7190", "2226-7190"], { issn: "2226-7190", eissn: null, isbns: [] }],
    [["0000-0000 (Linking)"], { issn: "0000-0000", eissn: null, isbns: [] }],
    [["978-3-16-148410-0"], { issn: null, eissn: null, isbns: ["978-3-16-148410-0"] }],
  ])("SN %j gives %j", (values, expected) => {
    expect(issnsByLabel(values)).toEqual(expected);
  });

  test("a book's ISBN in SN is kept raw, and BT is the title of a BOOK but the venue of a CHAP", () => {
    const book = risToDraft(recordOf(["TY", "BOOK"], ["BT", "A Whole Book"], ["SN", "978-3-16-148410-0"]));
    expect(book).toMatchObject({ title: "A Whole Book", journal: null, issn: null, publicationTypes: ["Book"] });
    expect(book.raw?.isbn).toBe("978-3-16-148410-0");
    const chapter = risToDraft(recordOf(["TY", "CHAP"], ["TI", "A Chapter"], ["BT", "The Book It Is In"]));
    expect(chapter).toMatchObject({
      title: "A Chapter",
      journal: "The Book It Is In",
      publicationTypes: ["Book Chapter"],
    });
  });

  test("ids from links: Scopus eid, arXiv, PubMed, PMC; a kind of id is skipped when the links disagree", () => {
    expect(
      idsFromUrls([
        "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85079532227&doi=10.1080%2f20964129",
        "https://arxiv.org/abs/2301.01234v2",
        "https://pubmed.ncbi.nlm.nih.gov/33245809/",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7756398",
      ]),
    ).toMatchObject({
      eid: "2-s2.0-85079532227",
      arxivId: "2301.01234v2",
      pmid: "33245809",
      pmcid: "PMC7756398",
      doi: null,
    });
    expect(idsFromUrls(["https://doi.org/10.1186%2Fs13750-015-0039-2", "https://link.springer.com/x"]).doi).toBe(
      "10.1186/s13750-015-0039-2",
    );
    expect(idsFromUrls(["https://doi.org/10.1/a", "https://doi.org/10.1/b"]).doi).toBeNull();
  });

  test("an arXiv link gives the record its arXiv id without version", async () => {
    const { records } = await parseText(
      ["TY  - UNPB", "TI  - A preprint", "UR  - http://arxiv.org/abs/2301.01234v3", "ER  - "].join("\n"),
    );
    expect(records[0]).toMatchObject({ arxivId: "2301.01234", publicationTypes: ["Preprint"] });
  });

  test.each([
    [[["AN", "WOS:000471694800003"]], [], "wos"],
    [[["AN", "pub.1143865007"]], [], "dimensions"],
    [
      [
        ["DB", "Embase"],
        ["DB", "Medline"],
      ],
      [],
      "embase",
    ],
    [[["DB", "Scopus"]], [], "scopus"],
    [[["DB", "Ovid MEDLINE(R) <1946 to Present>"]], [], "ovid"],
    [[["DB", "MEDLINE"]], [], "pubmed"],
    [
      [
        ["DB", "Academic Search Premier"],
        ["DP", "EBSCOhost"],
      ],
      [],
      "ebsco",
    ],
    [
      [["ID", "20203152553"]],
      ["Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/ovidweb.cgi?AN=20203152553"],
      "ovid",
    ],
    [[["UR", "//www.sciencedirect.com/science/article/pii/S1359645416307273"]], [], "sciencedirect"],
    // CiteSource's CAB library export (EndNote's record number in ID): the link is the full text, not the source.
    [
      [
        ["ID", "3559"],
        ["UR", "http://www.sciencedirect.com/science/article/pii/S0378874107002711"],
      ],
      [],
      null,
    ],
    [[["UR", "https://cyberleninka.org/article/n/591841", "https://lens.org/068-725-641-418-93X"]], [], "lens"],
    [
      [
        ["AN", "rayyan-264552525"],
        ["UR", "<Go to ISI>://WOS:000298449100001"],
      ],
      [],
      null,
    ],
  ] as const)("%j (trailer %j) came from %s", (fields, trailer, expected) => {
    expect(risDatabase(recordOf(...(fields as unknown as [string, ...string[]][])), trailer)).toBe(expected);
  });

  test("EBSCOhost: the copyright notice is not abstract, and the accession number opens N1", () => {
    expect(
      ebscoAbstract([
        "Small rodents are common.",
        "Copyright of Agriculture, Ecosystems & Environment is the property of Elsevier B.V. and its content may not be copied",
      ]),
    ).toBe("Small rodents are common.");
    expect(ebscoAbstract(["Copyright of X is the property of Y"])).toBeNull();
    expect(ebscoAccessionNumber(["Accession Number: 117372971; Rodríguez-Pastor, Ruth 1,2"])).toBe("117372971");
    expect(ebscoAccessionNumber(["Export Date: 1 April 2016"])).toBeNull();
  });

  test("an EndNote record number (ID) is not a database id outside Ovid", () => {
    const draft = risToDraft(recordOf(["TY", "JOUR"], ["TI", "T"], ["ID", "84"]));
    expect(draft.sourceId).toBeNull();
    expect(draft.raw).toEqual({ id: "84" });
  });

  test("C2 holding a PMCID is read as one", () => {
    expect(risToDraft(recordOf(["TY", "JOUR"], ["C2", "PMC1373603"])).pmcid).toBe("PMC1373603");
    expect(risToDraft(recordOf(["TY", "JOUR"], ["C2", "Some custom note"])).pmcid).toBeNull();
  });
});

describe("RIS detection", () => {
  test.each([
    ["TY  - JOUR\nTI  - x\nER  - \n", true],
    ["\n\n1.\nTY  - JOUR\n", true],
    ["TY - JOUR\r\nER -\r\n", true],
    ["PMID- 12230038\nOWN - NLM\nSTAT- MEDLINE\nDA  - 20020916\nTI  - x\n", false],
    ["@article{key,\n title = {TY  - no}\n}", false],
    ["Title,Authors,Year\nA study,Smith J,2020\n", false],
    ["", false],
  ])("%j → %s", (sample, expected) => {
    expect(detectRis(sample)).toBe(expected);
  });
});
