import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import type { Record } from "../../src/record.js";
import {
  arxivAtomAdapter,
  arxivAuthor,
  arxivDois,
  arxivEntryId,
  detectArxivAtom,
} from "../../src/sources/arxiv-atom.js";
import { fixture, parseFixture, parseText as parseTextAs } from "../helpers.js";

const parseText = (text: string, name = "arxiv.xml") => parseTextAs(arxivAtomAdapter, text, name);

function byArxivId(records: Record[], id: string): Record {
  const found = records.find((r) => r.arxivId === id);
  if (!found) throw new Error(`no record with arXiv id ${id}`);
  return found;
}

/** The 2016-era feed envelope, namespaces declared on each element as arXiv wrote them then. */
const HEAD_2016 = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dau%3Atest" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=au:test</title>
  <id>http://arxiv.org/api/abc</id>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">3</opensearch:totalResults>
`;

function entry(id: string, title: string): string {
  return `  <entry>
    <id>http://arxiv.org/abs/${id}</id>
    <published>2020-05-04T10:00:00Z</published>
    <title>${title}</title>
    <summary>  An abstract
wrapped over lines.
</summary>
    <author>
      <name>Ada Lovelace</name>
    </author>
  </entry>
`;
}

describe("arXiv Atom fixtures", () => {
  test("2016 feed (au:del_maestro): 10 entries, old- and new-style ids without their version, in feed order", async () => {
    const { records, rejects } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxiv_2016_au_del_maestro.xml");
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.arxivId)).toEqual([
      "1201.4869",
      "cond-mat/0412498",
      "cond-mat/0603029",
      "1005.5383",
      "1303.6954",
      "1312.6177",
      "1412.6529",
      "cond-mat/0607501",
      "cond-mat/0702661",
      "0807.2873",
    ]);
    expect(records.every((r) => r.database === "arxiv" && r.publicationTypes.join() === "Preprint")).toBe(true);
  });

  test("2016 feed: an entry's ids, title, authors, date, DOI, categories and free-text journal reference", async () => {
    const { records } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxiv_2016_au_del_maestro.xml");
    const r = byArxivId(records, "1201.4869");
    expect(r).toMatchObject({
      key: "arxiv:1201.4869",
      sourceId: "1201.4869",
      title: "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores",
      doi: "10.1142/s021797921244002x",
      authors: [{ family: "Del Maestro", given: "Adrian" }],
      year: 2012,
      date: "2012-01-23",
      keywords: ["cond-mat.mes-hall", "cond-mat.other"],
      // journal_ref is a citation in the authors' words: nothing is guessed from it.
      journal: null,
      volume: null,
      pages: null,
      provenance: { line: 10, position: 1, format: "arxiv-atom" },
    });
    expect(r.raw).toEqual({
      journalRef: "Int. J. Mod. Phys. B, 26, 1244002 (2012)",
      comment: "26 pages, 10 figures",
      updated: "2012-01-23T21:15:02Z",
      version: "v1",
      primaryCategory: "cond-mat.mes-hall",
    });
  });

  test("2016 feed: hard-wrapped abstracts and titles are joined, leading spaces dropped, entities decoded", async () => {
    const { records } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxiv_2016_au_del_maestro.xml");
    expect(byArxivId(records, "1201.4869").abstract).toMatch(
      /^As helium-4 is cooled below 2\.17 K it undergoes a phase transition to a fundamentally new state of matter known as a superfluid /,
    );
    expect(byArxivId(records, "cond-mat/0412498").abstract).toContain(
      'commensurate "p x p" density wave ordering on the square lattice (p >= 3, integer).',
    );
    expect(byArxivId(records, "cond-mat/0603029").title).toBe(
      "From stripe to checkerboard order on the square lattice in the presence of quenched disorder",
    );
    expect(byArxivId(records, "1412.6529").raw.comment).toBe(
      "10 pages, 8 figures; updated figure 5, added references, revised text, reformatted",
    );
    // LaTeX in abstracts is the authors' text and stays as written.
    expect(byArxivId(records, "1412.6529").abstract).toMatch(
      /^We consider the R\\'\{e\}nyi entanglement entropy of bosonic Luttinger liquids/,
    );
  });

  test("2016 feed: a revised paper is dated by its first version (published), and its version is kept raw", async () => {
    const { records } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxiv_2016_au_del_maestro.xml");
    const r = byArxivId(records, "1303.6954");
    expect(r).toMatchObject({ date: "2013-03-27", year: 2013, doi: "10.1103/physrevb.88.064512" });
    expect(r.raw).toMatchObject({
      version: "v2",
      updated: "2013-09-03T01:06:36Z",
      journalRef: "Physical Review B 88, 064512 (2013)",
    });
    expect(r.authors).toEqual([
      { family: "Kulchytskyy", given: "B." },
      { family: "Gervais", given: "G." },
      { family: "Del Maestro", given: "A." },
    ]);
  });

  test("2016 id_list feed: one entry with DOI, journal reference and comment", async () => {
    const { records, rejects } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxiv_2016_id_list_1111.2011v2.xml");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r).toMatchObject({
      arxivId: "1111.2011",
      sourceId: "1111.2011",
      title: "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
      doi: "10.1103/physrevb.85.115117",
      year: 2011,
      date: "2011-11-08",
      keywords: ["cond-mat.str-el", "cond-mat.stat-mech"],
      authors: [
        { family: "Murray", given: "James M." },
        { family: "Del Maestro", given: "Adrian" },
        { family: "Tesanovic", given: "Zlatko" },
      ],
    });
    expect(r!.raw).toMatchObject({
      version: "v2",
      comment: "8 pages, 3 figures. Published version",
      journalRef: "Phys. Rev. B 85, 115117 (2012)",
    });
    expect(r!.abstract).toMatch(
      /^Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains,/,
    );
    expect(r!.abstract).toMatch(
      /is similar to adding a single extra dimension to the theory describing a single node\.$/,
    );
  });

  test("2026 id_list feed asked for two ids but holds one entry: 0808.05394 is not a valid id, only 1707.08567 is returned", async () => {
    const xml = await readFile(fixture("arxiv_atom/arxivpy_2026_id_list_two.xml"), "utf8");
    expect(xml).toContain("id_list=0808.05394,1707.08567");
    expect(xml).toContain("<opensearch:totalResults>1</opensearch:totalResults>");
    const { records, rejects } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxivpy_2026_id_list_two.xml");
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r).toMatchObject({
      key: "arxiv:1707.08567",
      arxivId: "1707.08567",
      title: "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications",
      doi: null,
      date: "2017-07-27",
      year: 2017,
      keywords: ["cs.IT"],
      provenance: { line: 10 },
    });
    expect(r!.abstract).toMatch(
      /^The 10th Asia-Europe workshop in "Concepts in Information Theory and Communications" AEW10 was held in Boppard,/,
    );
    expect(r!.raw).toEqual({
      comment: "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck",
      updated: "2017-07-27T08:18:33Z",
      version: "v1",
      primaryCategory: "cs.IT",
    });
  });

  test("2026 feed: 34 authors in given-first order, particles kept with the family name", async () => {
    const { records } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxivpy_2026_id_list_two.xml");
    const authors = records[0]!.authors;
    expect(authors).toHaveLength(34);
    expect(authors[1]).toEqual({ family: "Baggen", given: "Stan" });
    expect(authors[4]).toEqual({ family: "de With", given: "Peter H. N." });
    expect(authors[28]).toEqual({ family: "van der Putten", given: "Joost" });
    expect(authors[33]).toEqual({ family: "Yamamoto", given: "Hirosuke" });
    // The capture (arxiv.py) decoded arXiv's UTF-8 "Wübben" as Latin-1; the adapter keeps text as written, it does not repair it.
    expect(authors[32]).toEqual({ family: "WÃ¼bben", given: "Dirk" });
  });

  test("an empty feed (totalResults 0) yields nothing and no error", async () => {
    const { records, rejects } = await parseFixture(arxivAtomAdapter, "arxiv_atom/arxivpy_2026_empty.xml");
    expect(records).toEqual([]);
    expect(rejects).toEqual([]);
  });
});

describe("arXiv Atom detection", () => {
  test.each([
    "arxiv_2016_au_del_maestro.xml",
    "arxiv_2016_id_list_1111.2011v2.xml",
    "arxivpy_2026_id_list_two.xml",
    "arxivpy_2026_empty.xml",
  ])("%s is an arXiv feed", async (name) => {
    expect(detectArxivAtom(await readFile(fixture(`arxiv_atom/${name}`), "utf8"))).toBe(true);
  });

  test.each(["arxivpy_2026_id_list_two.json", "arxivpy_2026_empty.json"])(
    "the JSON wrapper %s (a feed inside a string) is not",
    async (name) => {
      expect(detectArxivAtom(await readFile(fixture(`arxiv_atom/${name}`), "utf8"))).toBe(false);
    },
  );

  test("another Atom feed, PubMed XML and JSON are not arXiv feeds", () => {
    expect(
      detectArxivAtom(
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>A blog</title><entry><id>tag:example.org,2020:1</id></entry></feed>',
      ),
    ).toBe(false);
    expect(detectArxivAtom('<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>')).toBe(false);
    expect(
      detectArxivAtom(
        '{"url": "https://export.arxiv.org/api/query", "body": "<feed xmlns=\\"http://www.w3.org/2005/Atom\\">"}',
      ),
    ).toBe(false);
  });
});

describe("arXiv Atom edge cases", () => {
  test("an API error feed is not a paper: one reject carrying arXiv's message", async () => {
    // The error response printed in the arXiv API User's Manual, section 3.4 "Errors".
    const { records, rejects } = await parseText(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <link xmlns="http://www.w3.org/2005/Atom" href="http://arxiv.org/api/query?search_query=&amp;id_list=1234.12345" rel="self" type="application/atom+xml"/>
  <title xmlns="http://www.w3.org/2005/Atom">ArXiv Query: search_query=&amp;id_list=1234.12345</title>
  <id xmlns="http://www.w3.org/2005/Atom">http://arxiv.org/api/kvuntZ8c9a4Eq5CF7KY03nMug+Q</id>
  <updated xmlns="http://www.w3.org/2005/Atom">2007-10-12T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>

  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:itemsPerPage>
  <entry xmlns="http://www.w3.org/2005/Atom">
    <id xmlns="http://www.w3.org/2005/Atom">http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title xmlns="http://www.w3.org/2005/Atom">Error</title>
    <summary xmlns="http://www.w3.org/2005/Atom">incorrect id format for 1234.12345</summary>
    <updated xmlns="http://www.w3.org/2005/Atom">2007-10-12T00:00:00-04:00</updated>

    <link xmlns="http://www.w3.org/2005/Atom" href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" rel="alternate" type="text/html"/>
    <author xmlns="http://www.w3.org/2005/Atom">
      <name xmlns="http://www.w3.org/2005/Atom">arXiv api core</name>
    </author>
  </entry>
</feed>
`);
    expect(records).toEqual([]);
    expect(rejects).toEqual([
      {
        file: "arxiv.xml",
        position: 1,
        line: 11,
        field: null,
        expected: "an arXiv paper entry",
        got: "arXiv API error: incorrect id format for 1234.12345",
      },
    ]);
  });

  test("a feed on one line (the manual's example response) is read, a collaboration stays one author, an id without version has none", async () => {
    // The "typical Atom response" of the arXiv API User's Manual, section 4.1, on one line as printed there.
    const { records, rejects } = await parseText(
      `<?xml version="1.0" encoding="utf-8"?> <feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"> <link xmlns="http://www.w3.org/2005/Atom" href="http://arxiv.org/api/query?search_query=all:electron&amp;id_list=&amp;start=0&amp;max_results=1" rel="self" type="application/atom+xml"/> <title xmlns="http://www.w3.org/2005/Atom">ArXiv Query: search_query=all:electron&amp;id_list=&amp;start=0&amp;max_results=1</title> <id xmlns="http://www.w3.org/2005/Atom">http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id> <updated xmlns="http://www.w3.org/2005/Atom">2007-10-08T00:00:00-04:00</updated> <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1000</opensearch:totalResults> <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex> <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:itemsPerPage> <entry xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"> <id xmlns="http://www.w3.org/2005/Atom">http://arxiv.org/abs/hep-ex/0307015</id> <published xmlns="http://www.w3.org/2005/Atom">2003-07-07T13:46:39-04:00</published> <updated xmlns="http://www.w3.org/2005/Atom">2003-07-07T13:46:39-04:00</updated> <title xmlns="http://www.w3.org/2005/Atom">Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA</title> <summary xmlns="http://www.w3.org/2005/Atom"> Multi-electron production is studied at high electron transverse momentum in positron- and electron-proton collisions using the H1 detector at HERA. </summary> <author xmlns="http://www.w3.org/2005/Atom"> <name xmlns="http://www.w3.org/2005/Atom">H1 Collaboration</name> </author> <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">23 pages, 8 figures and 4 tables</arxiv:comment> <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Eur.Phys.J. C31 (2003) 17-29</arxiv:journal_ref> <link xmlns="http://www.w3.org/2005/Atom" href="http://arxiv.org/abs/hep-ex/0307015v1" rel="alternate" type="text/html"/> <link xmlns="http://www.w3.org/2005/Atom" title="pdf" href="http://arxiv.org/pdf/hep-ex/0307015v1" rel="related" type="application/pdf"/> <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-ex" scheme="http://arxiv.org/schemas/atom"/> <category term="hep-ex" scheme="http://arxiv.org/schemas/atom"/> </entry> </feed>`,
    );
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      arxivId: "hep-ex/0307015",
      authors: [{ family: "H1 Collaboration", given: null }],
      date: "2003-07-07",
      keywords: ["hep-ex"],
      abstract:
        "Multi-electron production is studied at high electron transverse momentum in positron- and electron-proton collisions using the H1 detector at HERA.",
    });
    expect(records[0]!.raw.version).toBeUndefined();
    expect(records[0]!.raw.journalRef).toBe("Eur.Phys.J. C31 (2003) 17-29");
  });

  test("a file cut inside an entry keeps the entries before it and rejects the cut one with its line", async () => {
    const text =
      HEAD_2016 +
      entry("2001.00001v1", "First") +
      entry("2001.00002v3", "Second") +
      "  <entry>\n    <id>http://arxiv.org/abs/2001.00003v1</id>\n    <title>Thi";
    const { records, rejects } = await parseText(text);
    expect(records.map((r) => r.arxivId)).toEqual(["2001.00001", "2001.00002"]);
    expect(records[1]!.raw.version).toBe("v3");
    expect(records[0]!.abstract).toBe("An abstract wrapped over lines.");
    expect(rejects).toEqual([
      {
        file: "arxiv.xml",
        position: 3,
        line: 29,
        field: null,
        expected: "a complete <entry> element",
        got: "the end of the file",
      },
    ]);
  });

  test("a file cut between entries (no </feed>) keeps every entry and says the feed is incomplete", async () => {
    const { records, rejects } = await parseText(HEAD_2016 + entry("2001.00001v1", "First"));
    expect(records).toHaveLength(1);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({
      position: 2,
      expected: "</feed> closing the file",
      got: "the end of the file (the file looks cut short)",
    });
  });

  test("a malformed entry in the middle is one reject and the entries around it import", async () => {
    const bad =
      "  <entry>\n    <id>http://arxiv.org/abs/2001.00002v1</id>\n    <title>Broken <b>markup</title>\n  </entry>\n";
    const { records, rejects } = await parseText(
      HEAD_2016 + entry("2001.00001v1", "First") + bad + entry("2001.00003v1", "Third") + "</feed>\n",
    );
    expect(records.map((r) => r.title)).toEqual(["First", "Third"]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ position: 2, line: 18, expected: "a well-formed <entry> element" });
    expect(rejects[0]!.got).toMatch(/^malformed XML at line 20/);
  });

  test("several DOIs in arxiv:doi: the first is the DOI, all are kept raw", async () => {
    const withDois = entry("2001.00001v1", "First").replace(
      "</entry>",
      '  <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1103/PhysRevD.1.1 10.1103/PhysRevD.1.2</arxiv:doi>\n  </entry>',
    );
    const { records } = await parseText(HEAD_2016 + withDois + "</feed>\n");
    expect(records[0]!.doi).toBe("10.1103/physrevd.1.1");
    expect(records[0]!.raw.dois).toBe("10.1103/PhysRevD.1.1 10.1103/PhysRevD.1.2");
  });
});

describe("arXiv converters", () => {
  test.each([
    ["http://arxiv.org/abs/1707.08567v1", "1707.08567", "v1"],
    ["https://arxiv.org/abs/2301.01234v12", "2301.01234", "v12"],
    ["http://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001", "v2"],
    ["http://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136", "v1"],
    ["http://arxiv.org/abs/hep-ex/0307015", "hep-ex/0307015", null],
  ])("entry id %s is %s version %s", (url, id, version) => {
    expect(arxivEntryId(url)).toEqual({ id, version });
  });

  test("a person's name is split given-first; a collaboration is not split", () => {
    expect(arxivAuthor("Adrian Del Maestro")).toEqual({ family: "Del Maestro", given: "Adrian" });
    expect(arxivAuthor("LIGO Scientific Collaboration")).toEqual({
      family: "LIGO Scientific Collaboration",
      given: null,
    });
    expect(arxivAuthor("  ")).toBeNull();
  });

  test("arxiv:doi with one DOI keeps no raw copy", () => {
    expect(arxivDois("10.1103/PhysRevB.85.115117")).toEqual({ doi: "10.1103/PhysRevB.85.115117", all: null });
    expect(arxivDois(null)).toEqual({ doi: null, all: null });
  });
});
