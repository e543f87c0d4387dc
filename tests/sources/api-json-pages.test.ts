import { describe, expect, test } from "vitest";
import { ieeeXploreJsonAdapter } from "../../src/sources/ieee-xplore-json.js";
import { detectAdapter } from "../../src/sources/registry.js";
import { sciencedirectJsonAdapter, sciencedirectVolumeIssue } from "../../src/sources/sciencedirect-json.js";
import { readFile } from "node:fs/promises";
import { readIeeePage } from "../../src/sources/ieee-xplore-api.js";
import { readScopusPage } from "../../src/sources/scopus-api.js";
import { scopusSearchJsonAdapter } from "../../src/sources/scopus-search-json.js";
import { fixture, parseFixture, parseText } from "../helpers.js";

describe("IEEE Xplore Metadata API pages", () => {
  test("each article gives its article number, DOI, authors in author_order, venue, pages and keywords", async () => {
    const { records, rejects } = await parseFixture(ieeeXploreJsonAdapter, "ieee_xplore_json/articles-page.json");
    expect(rejects).toEqual([]);
    const [journal, conference] = records;
    expect(journal).toMatchObject({
      database: "ieee",
      sourceId: "10258011",
      doi: "10.1109/jbhi.2023.3316750",
      journal: "IEEE Journal of Biomedical and Health Informatics",
      issn: "2168-2194",
      eissn: "2168-2208",
      volume: "28",
      issue: "1",
      pages: "512-523",
      year: 2024,
      date: "2024-01",
      publicationTypes: ["Journals"],
      keywords: ["Large language models", "clinical decision support", "Medical services", "Benchmark testing"],
    });
    expect(journal!.authors).toEqual([
      { family: "García-López", given: "María José" },
      { family: "Zhang", given: "Wei" },
    ]);
    expect(conference).toMatchObject({ issn: null, year: 2023, date: "2023-06", publicationTypes: ["Conferences"] });
  });

  test("a search with no hit (no articles key) is an empty page, not an error", async () => {
    const { records, rejects } = await parseText(
      ieeeXploreJsonAdapter,
      '{"total_records":0,"total_searched":6234871}',
      "empty.json",
    );
    expect(records).toEqual([]);
    expect(rejects).toEqual([]);
  });
});

describe("recorded real API answers", () => {
  test("a real Scopus Search answer (STANDARD view, 2021) gives its total to the client and its one entry as a record", async () => {
    const file = "scopus_search_json/rec-dm-chemotaxonomy-standard-view.json";
    const page = readScopusPage(JSON.parse(await readFile(fixture(file), "utf8")));
    expect(page).toEqual({ total: 7794, ids: ["2-s2.0-85112205136"], error: null });
    const { records, rejects } = await parseFixture(scopusSearchJsonAdapter, file);
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      key: "scopus:2-s2.0-85112205136",
      eid: "2-s2.0-85112205136",
      doi: "10.1016/j.bbcan.2021.188607",
      title: "βIII-tubulin overexpression in cancer: Causes, consequences, and potential therapies",
      journal: "Biochimica et Biophysica Acta - Reviews on Cancer",
      issn: "0304-419X",
      eissn: "1879-2561",
      volume: "1876",
      issue: "2",
      pages: null,
      year: 2021,
      date: "2021-12-01",
      abstract: null,
      authors: [{ family: "Kanakkanthara", given: "A." }],
      publicationTypes: ["Review", "Journal"],
      flags: ["authors-incomplete"],
    });
  });

  test("a real IEEE Xplore Metadata answer gives its total to the client and each article, authors in order, as a record", async () => {
    const file = "ieee_xplore_json/pythography-conference-articles.json";
    const page = readIeeePage(JSON.parse(await readFile(fixture(file), "utf8")));
    // The answer as pasted holds 5 of the 6 articles its total_records counts.
    expect(page).toEqual({ total: 6, ids: ["7040330", "8216352", "7525045", "7525835", "8002195"], error: null });
    const { records, rejects } = await parseFixture(ieeeXploreJsonAdapter, file);
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.key, r.doi, r.year, r.date, r.pages])).toEqual([
      ["ieee:7040330", "10.1109/cdc.2014.7040330", 2014, "2014-12", "6009-6016"],
      ["ieee:8216352", "10.1109/iecon.2017.8216352", 2017, "2017-10", "2097-2103"],
      ["ieee:7525045", "10.1109/acc.2016.7525045", 2016, "2016-07", "999-1005"],
      ["ieee:7525835", "10.1109/speedam.2016.7525835", 2016, "2016-06", "721-727"],
      ["ieee:8002195", "10.1109/iemdc.2017.8002195", 2017, "2017-05", "1-6"],
    ]);
    expect(records[0]).toMatchObject({
      journal: "53rd IEEE Conference on Decision and Control",
      issn: "0191-2216",
      publicationTypes: ["Conferences"],
      authors: [
        { family: "Jebai", given: "Al Kassem" },
        { family: "Combes", given: "Pascal" },
        { family: "Malrait", given: "François" },
        { family: "Martin", given: "Philippe" },
        { family: "Rouchon", given: "Pierre" },
      ],
    });
    expect(records[0]!.abstract).toMatch(/^We propose a new approach to modeling electrical machines/);
    // The fifth article has author keywords beside the IEEE terms.
    expect(records[4]!.keywords).toEqual(expect.arrayContaining(["Reluctance motors", "Synchronous Reluctance Motor"]));
  });
});

describe("ScienceDirect Search API pages", () => {
  test("each result gives its PII, DOI, authors in order, journal, volume, issue and date, and no abstract", async () => {
    const { records, rejects } = await parseFixture(sciencedirectJsonAdapter, "sciencedirect_json/results-page.json");
    expect(rejects).toEqual([]);
    const [ijmi, artmed] = records;
    expect(ijmi).toMatchObject({
      database: "sciencedirect",
      sourceId: "S1386505624000844",
      doi: "10.1016/j.ijmedinf.2024.105321",
      journal: "International Journal of Medical Informatics",
      volume: "183",
      issue: null,
      pages: "105321",
      date: "2024-03-01",
      abstract: null,
    });
    expect(ijmi!.authors).toEqual([
      { family: "Martin", given: "Sophie" },
      { family: "Nilsson", given: "Lars" },
    ]);
    expect(artmed).toMatchObject({ volume: "141", issue: "7", pages: "210-219" });
  });

  test("volumeIssue texts: volume and issue, volume only, an article in press", () => {
    expect(sciencedirectVolumeIssue("Volume 141, Issue 7, July 2023")).toEqual({ volume: "141", issue: "7" });
    expect(sciencedirectVolumeIssue("Volume 62, 2024")).toEqual({ volume: "62", issue: null });
    expect(sciencedirectVolumeIssue("In press, journal pre-proof")).toEqual({ volume: null, issue: null });
  });
});

test("detection tells the fetched JSON pages apart by their envelopes", () => {
  expect(detectAdapter('{"total_records":12,"total_searched":6000000,"articles":[')?.id).toBe("ieee-json");
  expect(detectAdapter('{"resultsFound":0}')?.id).toBe("sciencedirect-json");
  expect(detectAdapter('{"search-results":{"opensearch:totalResults":"0"')?.id).toBe("scopus-json");
});
