import { readFile, readdir } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import type { Record } from "../../src/record.js";
import {
  arxivIdOf,
  biblioPages,
  detectOpenalexJson,
  dropNonSortMarkers,
  invertedAbstract,
  jsonErrorOffset,
  JsonWorkSplitter,
  looksLikeJsonLines,
  openalexAuthors,
  openalexJsonAdapter,
  pmidFromUrl,
  sourceIssns,
  type JsonPiece,
} from "../../src/sources/openalex-json.js";
import { fixture, parseFixture, parseText as parseTextAs } from "../helpers.js";

const parseText = (text: string, name = "works.json") => parseTextAs(openalexJsonAdapter, text, name);

function bySourceId(records: Record[], id: string): Record {
  const found = records.find((r) => r.sourceId === id);
  if (!found) throw new Error(`no record ${id}`);
  return found;
}

/** A small work in OpenAlex's shape. */
function work(n: number, extra: object = {}): object {
  return {
    id: `https://openalex.org/W${n}`,
    doi: `https://doi.org/10.1234/w${n}`,
    title: `Work ${n}`,
    publication_year: 2020,
    publication_date: "2020-03-04",
    authorships: [
      { author: { id: "https://openalex.org/A1", display_name: "Ada Lovelace" }, raw_author_name: "A. Lovelace" },
    ],
    abstract_inverted_index: { Short: [0], abstract: [1] },
    ...extra,
  };
}

describe("OpenAlex fixtures", () => {
  test("openalexPro page 1: two works; an Elsevier work has no abstract (abstract_inverted_index null)", async () => {
    const { records, rejects } = await parseFixture(
      openalexJsonAdapter,
      "openalex_works/openalexpro_keypaper_page1.json",
    );
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      key: "openalex:W2755950973",
      database: "openalex",
      sourceId: "W2755950973",
      doi: "10.1016/j.joi.2017.08.007",
      pmid: null,
      title: "bibliometrix : An R-tool for comprehensive science mapping analysis",
      abstract: null,
      authors: [
        { family: "Aria", given: "Massimo" },
        { family: "Cuccurullo", given: "Corrado" },
      ],
      year: 2017,
      date: "2017-09-12",
      journal: "Journal of Informetrics",
      issn: "1751-1577",
      eissn: "1875-5879",
      volume: "11",
      issue: "4",
      pages: "959-975",
      publicationTypes: ["article", "journal-article"],
      language: "eng",
      keywords: ["Software tool"],
      // A minified page is one line: works are cited by position.
      provenance: { position: 1, line: null, format: "openalex-json" },
    });
    expect(records[0]!.raw).toEqual({ issnL: "1751-1577" });
  });

  test("openalexPro page 1: PMID and PMCID from ids URLs, abstract rebuilt from the inverted index, one-ISSN journal, article number as pages", async () => {
    const { records } = await parseFixture(openalexJsonAdapter, "openalex_works/openalexpro_keypaper_page1.json");
    const r = bySourceId(records, "W2741809807");
    expect(r).toMatchObject({
      doi: "10.7717/peerj.4375",
      pmid: "29456894",
      pmcid: "PMC5815332",
      title: "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles",
      year: 2018,
      date: "2018-02-13",
      journal: "PeerJ",
      issn: "2167-8359",
      eissn: null,
      volume: "6",
      issue: null,
      pages: "e4375",
      keywords: ["Scholarly Communication", "Web of science", "Open Science", "Citation analysis"],
      provenance: { position: 2, line: null },
    });
    expect(r.abstract).toMatch(
      /^Despite growing interest in Open Access \(OA\) to scholarly literature, there is an unmet need for large-scale, up-to-date, and reproducible studies assessing the prevalence and characteristics of OA\. /,
    );
    expect(r.abstract).toMatch(
      /We encourage further research using the free oaDOI service, as a way to inform OA policy and practice\.$/,
    );
    expect(r.authors).toHaveLength(9);
    expect(r.authors[2]).toEqual({ family: "Larivière", given: "Vincent" });
    expect(r.authors[3]).toEqual({ family: "Alperín", given: "Juan Pablo" });
  });

  test("openalexPro page 2: the empty page after the last cursor yields no record and no reject", async () => {
    const { records, rejects } = await parseFixture(
      openalexJsonAdapter,
      "openalex_works/openalexpro_keypaper_page2_empty.json",
    );
    expect(records).toEqual([]);
    expect(rejects).toEqual([]);
  });

  test("peneira page (800 KB, one line): 49 works, 46 with an abstract", async () => {
    const { records, rejects } = await parseFixture(
      openalexJsonAdapter,
      "openalex_works/peneira_openalex_works_2024.json",
    );
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(49);
    expect(records.filter((r) => r.abstract !== null)).toHaveLength(46);
    expect(records.filter((r) => r.abstract === null).map((r) => r.provenance.position)).toEqual([7, 9, 13]);
    expect(records.map((r) => r.provenance.position)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
    expect(records[0]).toMatchObject({
      sourceId: "W2068311567",
      doi: "10.4081/gh.2014.294",
      pmid: "25599636",
      title:
        "Redefining climate regions in the United States of America using satellite remote sensing and machine learning for public health applications",
      authors: [
        { family: "Liss", given: "Alexander" },
        { family: "Koch", given: "Magaly" },
        { family: "Naumova", given: "Elena N." },
      ],
      year: 2014,
      date: "2014-12-01",
      journal: "Geospatial Health",
      issn: "1827-1987",
      eissn: "1970-7096",
      volume: "8",
      issue: "3",
      pages: "467",
      keywords: ["Exposure Assessment"],
    });
    expect(records[0]!.abstract).toMatch(
      /^Existing climate classification has not been designed for an efficient handling of public health scenarios\. This work aims/,
    );
  });

  test("peneira: a work whose primary_location.source is null has no journal or ISSN", async () => {
    const { records } = await parseFixture(openalexJsonAdapter, "openalex_works/peneira_openalex_works_2024.json");
    expect(bySourceId(records, "W3197265335")).toMatchObject({
      title: "Machine Learning in Public Health: A Review",
      doi: null,
      journal: null,
      issn: null,
      eissn: null,
      abstract: null,
      date: "2021-08-25",
      publicationTypes: ["review", "journal-article"],
      authors: [
        { family: "Asadullah", given: "Md." },
        { family: "Rashid", given: "M. Backer" },
        { family: "Bosu", given: "Priyanka" },
        { family: "Ahmed", given: "Emon" },
        { family: "Tamanna", given: "Sabeha" },
      ],
    });
  });

  test("peneira: an arXiv preprint gets its arXiv id from its arxiv.org/abs location", async () => {
    const { records } = await parseFixture(openalexJsonAdapter, "openalex_works/peneira_openalex_works_2024.json");
    expect(bySourceId(records, "W4365441044")).toMatchObject({
      arxivId: "2304.04761",
      doi: "10.48550/arxiv.2304.04761",
      title: "Connecting Fairness in Machine Learning with Public Health Equity",
      journal: "arXiv (Cornell University)",
      publicationTypes: ["preprint", "posted-content"],
      // The disambiguated name is preferred to the name as printed ("Raza, Shaina").
      authors: [{ family: "Raza", given: "Shaina" }],
    });
  });

  test("peneira: catalogue non-sort markers around 'The' are dropped from the journal name", async () => {
    const raw = await readFile(fixture("openalex_works/peneira_openalex_works_2024.json"), "utf8");
    expect(raw).toContain('"display_name":"\\u0098The \\u009cLancet. Digital health"');
    const { records } = await parseFixture(openalexJsonAdapter, "openalex_works/peneira_openalex_works_2024.json");
    expect(bySourceId(records, "W4281611026")).toMatchObject({
      journal: "The Lancet. Digital health",
      issn: "2589-7500",
      volume: "4",
      issue: "6",
      pages: "e403-e404",
      pmid: "35623796",
    });
  });

  test("peneira: OpenAlex's NULL AUTHOR_ID placeholders are not authors, and the record says its list is incomplete", async () => {
    const { records } = await parseFixture(openalexJsonAdapter, "openalex_works/peneira_openalex_works_2024.json");
    const r = bySourceId(records, "W4206064211");
    expect(r.authors.map((a) => a.family)).toEqual(["Agossou", "Atchadé", "Djibril", "Kurisheva"]);
    expect(r.flags).toEqual(["authors-incomplete"]);
    expect(r).toMatchObject({
      volume: "19",
      issue: "2",
      pages: "1697-1720",
      journal: "Mathematical biosciences and engineering",
    });
  });

  test("peneira: JMIR's two ISSNs, an article number as pages, and a book chapter without journal ISSN", async () => {
    const { records } = await parseFixture(openalexJsonAdapter, "openalex_works/peneira_openalex_works_2024.json");
    expect(bySourceId(records, "W3212676313")).toMatchObject({
      issn: "1438-8871",
      eissn: "1439-4456",
      pages: "e28749",
      volume: "24",
      issue: "1",
      keywords: ["Crowdsourcing", "Social Media Analysis", "Participatory Sensing"],
    });
    expect(bySourceId(records, "W4290839785")).toMatchObject({
      journal: "Routledge eBooks",
      issn: null,
      pages: "190-204",
      publicationTypes: ["book-chapter"],
    });
  });
});

describe("OpenAlex detection", () => {
  test.each([
    "openalexpro_keypaper_page1.json",
    "openalexpro_keypaper_page2_empty.json",
    "peneira_openalex_works_2024.json",
  ])("%s is OpenAlex works", async (name) => {
    expect(detectOpenalexJson(await readFile(fixture(`openalex_works/${name}`), "utf8"))).toBe(true);
  });

  test("Crossref JSON is not OpenAlex works", async () => {
    const names = await readdir(fixture("crossref_json"));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      expect(detectOpenalexJson(await readFile(fixture(`crossref_json/${name}`), "utf8"))).toBe(false);
  });

  test("arXiv API captures wrapped in JSON are not OpenAlex works", async () => {
    for (const name of ["arxivpy_2026_id_list_two.json", "arxivpy_2026_empty.json"]) {
      expect(detectOpenalexJson(await readFile(fixture(`arxiv_atom/${name}`), "utf8"))).toBe(false);
    }
  });

  test("JSON Lines of works and a single work are OpenAlex; an author object is not", () => {
    expect(detectOpenalexJson(`${JSON.stringify(work(1))}\n${JSON.stringify(work(2))}\n`)).toBe(true);
    expect(detectOpenalexJson(JSON.stringify(work(1), null, 2))).toBe(true);
    expect(
      detectOpenalexJson('{"id":"https://openalex.org/A5069892096","display_name":"Massimo Aria","works_count":120}'),
    ).toBe(false);
    expect(detectOpenalexJson("<feed/>")).toBe(false);
  });

  test("JSON Lines are told from a document by their first two lines", () => {
    expect(looksLikeJsonLines('{"id":"https://openalex.org/W1"}\n{"id":"https://openalex.org/W2"}\n')).toBe(true);
    expect(looksLikeJsonLines('{\n  "id": "https://openalex.org/W1"\n}\n')).toBe(false);
    expect(looksLikeJsonLines('[\n  {"id":"https://openalex.org/W1"},\n  {"id":"https://openalex.org/W2"}\n]')).toBe(
      false,
    );
    expect(looksLikeJsonLines('{"meta":{},"results":[]}\n')).toBe(false);
  });
});

describe("OpenAlex shapes and bad input", () => {
  test("JSON Lines: one work per line, each cited by its line", async () => {
    const { records, rejects } = await parseText(
      [work(1), work(2), work(3)].map((w) => JSON.stringify(w)).join("\r\n") + "\r\n",
      "works.jsonl",
    );
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.sourceId, r.provenance.line])).toEqual([
      ["W1", 1],
      ["W2", 2],
      ["W3", 3],
    ]);
    expect(records[0]).toMatchObject({
      title: "Work 1",
      doi: "10.1234/w1",
      abstract: "Short abstract",
      authors: [{ family: "Lovelace", given: "Ada" }],
    });
  });

  test("JSON Lines: a garbage line is one reject naming its line and column; the other lines import", async () => {
    const lines = [
      JSON.stringify(work(1)),
      '{"id":"https://openalex.org/W2","title": tru, "doi": null}',
      JSON.stringify(work(3)),
    ];
    const { records, rejects } = await parseText(lines.join("\n") + "\n", "works.jsonl");
    expect(records.map((r) => r.sourceId)).toEqual(["W1", "W3"]);
    expect(records.map((r) => r.provenance.position)).toEqual([1, 3]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({
      position: 2,
      line: 2,
      field: null,
      expected: "a JSON object (one OpenAlex work per line)",
    });
    expect(rejects[0]!.got).toBe(`invalid JSON at line 2, column 45 (Unexpected token ','): ", \\"doi\\": null}"`);
  });

  test("JSON Lines: a file cut in its last line keeps the lines before it", async () => {
    const text = `${JSON.stringify(work(1))}\n${JSON.stringify(work(2))}\n${JSON.stringify(work(3)).slice(0, 50)}`;
    const { records, rejects } = await parseText(text, "works.jsonl");
    expect(records.map((r) => r.sourceId)).toEqual(["W1", "W2"]);
    expect(rejects).toEqual([
      {
        file: "works.jsonl",
        position: 3,
        line: 3,
        field: null,
        expected: "a JSON object (one OpenAlex work per line)",
        got: "the end of the text at line 3, column 51 (the work looks cut short)",
      },
    ]);
  });

  test("a pretty-printed bare array of works: each work cited by the line it starts on", async () => {
    const { records, rejects } = await parseText(JSON.stringify([work(1), work(2)], null, 2));
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.sourceId)).toEqual(["W1", "W2"]);
    expect(records[0]!.provenance.line).toBe(2);
    expect(records[1]!.provenance.line).toBeGreaterThan(2);
  });

  test("a single work object (/works/W…) is one record on line 1", async () => {
    const { records, rejects } = await parseText(
      JSON.stringify(work(7, { display_name: "Work 7", title: null }), null, 2),
    );
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    // title null: display_name stands in.
    expect(records[0]).toMatchObject({ sourceId: "W7", title: "Work 7", provenance: { position: 1, line: 1 } });
  });

  test("a page cut inside a work keeps the works before it and rejects the rest once", async () => {
    const page = JSON.stringify({
      meta: { count: 3, db_response_time_ms: 12, page: 1, per_page: 200 },
      results: [work(1), work(2), work(3)],
    });
    const { records, rejects } = await parseText(page.slice(0, page.indexOf('"https://openalex.org/W3"') + 10));
    expect(records.map((r) => r.sourceId)).toEqual(["W1", "W2"]);
    expect(rejects).toEqual([
      {
        file: "works.json",
        position: 3,
        line: 1,
        field: null,
        expected: "a complete JSON work",
        got: "the end of the file (the file looks cut short)",
      },
    ]);
  });

  test("bad JSON inside one work of a page is one reject with the file's line and column; the other works import", async () => {
    const page = JSON.stringify(
      { meta: { count: 3, db_response_time_ms: 12 }, results: [work(1), work(2), work(3)] },
      null,
      1,
    );
    const broken = page.replace('"title": "Work 2"', '"title": Work 2');
    const { records, rejects } = await parseText(broken);
    expect(records.map((r) => r.sourceId)).toEqual(["W1", "W3"]);
    expect(rejects).toHaveLength(1);
    const titleLine = broken.split("\n").findIndex((l) => l.includes('"title": Work 2'));
    const column = broken.split("\n")[titleLine]!.indexOf("Work 2") + 1;
    const workStart = broken.split("\n").findIndex((l) => l.includes('"id": "https://openalex.org/W2"'));
    expect(rejects[0]).toMatchObject({ position: 2, line: workStart, expected: "a JSON object (an OpenAlex work)" });
    expect(rejects[0]!.got).toMatch(
      new RegExp(`^invalid JSON at line ${titleLine + 1}, column ${column} \\(Unexpected token 'W'\\): "Work 2,`),
    );
  });

  test("a minified page: the column of bad JSON is counted in the file, not in the work", async () => {
    const page = JSON.stringify({ meta: { count: 2 }, results: [work(1), work(2)] }).replace(
      '"title":"Work 2"',
      '"title":Work 2',
    );
    const { rejects } = await parseText(page);
    expect(rejects[0]!.got).toMatch(new RegExp(`^invalid JSON at line 1, column ${page.indexOf("Work 2") + 1} `));
    expect(rejects[0]!.line).toBeNull();
  });

  test("an author saved among works is rejected by its id; a non-object is rejected", async () => {
    const { records, rejects } = await parseText(
      JSON.stringify([work(1), { id: "https://openalex.org/A123", display_name: "Someone" }, 42]),
    );
    expect(records.map((r) => r.sourceId)).toEqual(["W1"]);
    expect(rejects.map((r) => [r.position, r.field, r.expected, r.got])).toEqual([
      [2, "id", "an OpenAlex work id (https://openalex.org/W…)", '"https://openalex.org/A123"'],
      [3, null, "an OpenAlex work (a JSON object)", 'a number "42"'],
    ]);
  });

  test("retracted and paratext works are flagged", async () => {
    const { records } = await parseText(
      JSON.stringify([work(1, { is_retracted: true }), work(2, { is_paratext: true, is_retracted: false })]),
    );
    expect(records.map((r) => r.flags)).toEqual([["retracted"], ["paratext"]]);
  });

  test("the 2023 schema: host_venue instead of primary_location, keywords as {keyword}", async () => {
    const old = work(1, {
      host_venue: { display_name: "Old Journal", issn_l: "0028-0836", issn: ["0028-0836", "1476-4687"] },
      keywords: [{ keyword: "old style", score: 0.5 }],
    });
    const { records } = await parseText(JSON.stringify(old));
    expect(records[0]).toMatchObject({
      journal: "Old Journal",
      issn: "0028-0836",
      eissn: "1476-4687",
      keywords: ["old style"],
    });
  });

  test("text that is not JSON at all is one reject saying where", async () => {
    const { records, rejects } = await parseText('{"id": "https://openalex.org/W1"}\nnot json\n');
    expect(records.map((r) => r.sourceId)).toEqual(["W1"]);
    expect(rejects).toEqual([
      {
        file: "works.json",
        position: 2,
        line: 2,
        field: null,
        expected: "OpenAlex works JSON",
        got: '"not json" where a JSON object or array should start at line 2, column 1',
      },
    ]);
  });
});

describe("OpenAlex converters", () => {
  test("an inverted index is read back in position order, a repeated word at each of its positions", () => {
    expect(invertedAbstract({ the: [0, 3], cat: [1], saw: [2], dog: [4] })).toBe("the cat saw the dog");
    expect(invertedAbstract({ b: [1], a: [0, 2] })).toBe("a b a");
    expect(invertedAbstract(null)).toBeNull();
    expect(invertedAbstract({})).toBeNull();
  });

  test.each([
    [{ first_page: "959", last_page: "975" }, "959-975"],
    [{ first_page: "467", last_page: "467" }, "467"],
    [{ first_page: "e4375", last_page: "e4375" }, "e4375"],
    [{ first_page: null, last_page: null }, null],
    [{ first_page: "12", last_page: null }, "12"],
  ])("biblio %j gives pages %s", (biblio, pages) => {
    expect(biblioPages(biblio)).toBe(pages);
  });

  test("ISSNs: the first listed, then a second different one; issn_l joins the list when missing from it", () => {
    expect(sourceIssns({ issn_l: "1751-1577", issn: ["1751-1577", "1875-5879"] })).toEqual({
      issn: "1751-1577",
      eissn: "1875-5879",
    });
    expect(sourceIssns({ issn_l: "2167-8359", issn: null })).toEqual({ issn: "2167-8359", eissn: null });
    expect(sourceIssns(null)).toEqual({ issn: null, eissn: null });
  });

  test("names: display_name given-first, raw_author_name when the author is a placeholder", () => {
    expect(
      openalexAuthors([
        { author: { display_name: "Jevin D. West" } },
        {
          author: { id: "https://openalex.org/A9999999999", display_name: "NULL AUTHOR_ID" },
          raw_author_name: "Doe, Jane",
        },
        { author: { id: "https://openalex.org/A9999999999", display_name: "NULL AUTHOR_ID" }, raw_author_name: null },
      ]),
    ).toEqual({
      authors: [
        { family: "West", given: "Jevin D." },
        { family: "Doe", given: "Jane" },
      ],
      unnamed: 1,
    });
  });

  test("ids: a PubMed URL gives the PMID; an arXiv DOI or pdf URL gives the arXiv id", () => {
    expect(pmidFromUrl("https://pubmed.ncbi.nlm.nih.gov/29456894")).toBe("29456894");
    expect(arxivIdOf({ doi: "https://doi.org/10.48550/arxiv.2310.08532" })).toBe("2310.08532");
    expect(
      arxivIdOf({
        locations: [{ landing_page_url: "https://example.org/x", pdf_url: "http://arxiv.org/pdf/2101.00001v2" }],
      }),
    ).toBe("2101.00001v2");
    expect(arxivIdOf({ doi: "https://doi.org/10.1000/x" })).toBeNull();
  });

  test("non-sort markers are removed, other text is untouched", () => {
    expect(dropNonSortMarkers("\u0098The \u009cLancet")).toBe("The Lancet");
    expect(dropNonSortMarkers("Nature")).toBe("Nature");
  });

  test.each([
    ['{"a": 1}', 8],
    ['{"a": }', 6],
    ['{"a": 1', 7],
    ['{"a": tru}', 9],
    ["[1, 2,]", 6],
    ['{"a": "x\ny"}', 8],
    ['{"a": 1}}', 8],
  ])("JSON %j goes wrong at offset %i", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  test("the splitter cuts the same works whatever the chunk boundaries", () => {
    const page = JSON.stringify(
      { meta: { count: 2 }, results: [work(1, { title: 'Quote " and } brace [' }), work(2)], group_by: [] },
      null,
      2,
    );
    const whole = new JsonWorkSplitter();
    const expected = [...whole.feed(page), ...whole.end()];
    const splitter = new JsonWorkSplitter();
    const pieces: JsonPiece[] = [];
    for (const c of page) pieces.push(...splitter.feed(c));
    pieces.push(...splitter.end());
    expect(pieces).toEqual(expected);
    expect(pieces.map((p) => p.kind === "work" && (JSON.parse(p.text) as { id: string }).id)).toEqual([
      "https://openalex.org/W1",
      "https://openalex.org/W2",
    ]);
  });
});
