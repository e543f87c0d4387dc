import { describe, expect, test } from "vitest";
import { blockKeys, candidatePairs, decodePair } from "../../src/dedupe/blocking.js";
import { authors, matchAll, record } from "./records.js";

const pairsOf = (result: ReturnType<typeof candidatePairs>) =>
  [...result.pairs].map((code) => decodePair(code, result.bits));

describe("candidate pairs", () => {
  test("a record's keys cover identifiers, both ends of the title, author and place", () => {
    const [r] = matchAll([
      record({
        doi: "10.1000/x",
        title: "Liraglutide reduces atherosclerotic lesion development in mice",
        authors: authors("Gaspari, T."),
        year: 2013,
        journal: "Diab Vasc Dis Res",
        volume: "10",
        pages: "353-60",
      }),
    ]);
    const kinds = blockKeys(r!).map((k) => k.slice(0, k.indexOf("|")));
    expect(kinds).toEqual([
      "record key",
      "DOI",
      "title start",
      "title end",
      "first author + year",
      "first author + title word",
      "journal + volume + page",
      "year + volume + page",
    ]);
  });

  test("copies whose titles differ at the start still meet through the end of the title", () => {
    const records = matchAll([
      record({ title: "XLiraglutide reduces atherosclerotic lesion development in mice" }),
      record({ title: "Liraglutide reduces atherosclerotic lesion development in mice" }),
      record({ title: "Something else entirely about other things" }),
    ]);
    expect(pairsOf(candidatePairs(records))).toEqual([[0, 1]]);
  });

  test("short titles without authors meet through their second half when the first has a typo", () => {
    const records = matchAll([
      record({ title: "Absracts of the EAS Congress", journal: "Atherosclerosis Supplements", volume: "12" }),
      record({ title: "Abstracts of the EAS Congress", journal: "Atherosclerosis", volume: "12" }),
      record({ title: "Abstracts of the ESC Meeting" }),
    ]);
    expect(pairsOf(candidatePairs(records))).toEqual([[0, 1]]);
  });

  test("a short title's half too short to say anything is no key: `Editorial` meets only in full", () => {
    const [r] = matchAll([record({ title: "Editorial comment" })]);
    expect(blockKeys(r!).filter((k) => k.startsWith("title end"))).toEqual([]);
  });

  test("a large block is searched by title neighbourhood, not all against all", () => {
    const records = matchAll(
      Array.from({ length: 40 }, (_, i) => record({ title: `Editorial remarks about the contents of volume ${i}` })),
    );
    const result = candidatePairs(records, { maxBlock: 8, window: 2 });
    expect(result.largeBlocks).toBeGreaterThan(0);
    expect(result.pairs.length).toBeLessThanOrEqual(40 * 2 * 2);
  });

  test("a large author block is skipped and counted", () => {
    const records = matchAll(
      Array.from({ length: 30 }, (_, i) =>
        record({ title: `Topic${i} study of item ${i * 7}`, authors: authors("Wang, X."), year: 2020 }),
      ),
    );
    const result = candidatePairs(records, { maxBlock: 40, window: 2 });
    // first author + year; the first title words differ
    expect(result.skippedBlocks).toBe(1);
    expect(result.skippedBlockRecords).toBe(30);
    expect(result.pairs.length).toBe(0);
  });

  test("pairs come out sorted and distinct", () => {
    const records = matchAll([
      record({ doi: "10.1000/x", title: "Same title for both of these records", year: 2001 }),
      record({ doi: "10.1000/x", title: "Same title for both of these records", year: 2001 }),
    ]);
    expect(pairsOf(candidatePairs(records))).toEqual([[0, 1]]);
  });
});
