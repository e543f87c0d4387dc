import { describe, expect, test } from "vitest";
import { parseOverrides, resolveOverrides } from "../../src/dedupe/overrides.js";

const FILE = "raw/overrides/duplicates.csv";

describe("a reviewer's decisions on pairs", () => {
  test("rows with a verdict are read with their line; rows without one are skipped", () => {
    const text =
      'key_a,key_b,verdict,who,when,note\npubmed:1,scopus:2,same,AB,2025-04-01,\npubmed:3,scopus:4,,,,\r\npubmed:5,scopus:6,Different,AB,2025-04-02,"two lines\nof note"\n';
    expect(parseOverrides(text, FILE)).toEqual([
      {
        keyA: "pubmed:1",
        keyB: "scopus:2",
        verdict: "same",
        who: "AB",
        when: "2025-04-01",
        note: "",
        titleA: null,
        titleB: null,
        line: 2,
      },
      {
        keyA: "pubmed:5",
        keyB: "scopus:6",
        verdict: "different",
        who: "AB",
        when: "2025-04-02",
        note: "two lines\nof note",
        titleA: null,
        titleB: null,
        line: 4,
      },
    ]);
  });

  test("a later row on the same pair supersedes an earlier one, in either order of keys", () => {
    const text = "key_a,key_b,verdict\na:1,b:2,same\nb:2,a:1,different\n";
    expect(parseOverrides(text, FILE).map((r) => [r.verdict, r.line])).toEqual([["different", 3]]);
  });

  test("review.csv's extra columns are allowed, so a copy of it works as it is", () => {
    const text = "key_a,key_b,record_id_a,title_a,verdict,who,when,note\na:1,b:2,1,X,same,,,\n";
    expect(parseOverrides(text, FILE)).toHaveLength(1);
  });

  test("an empty file holds no decisions", () => {
    expect(parseOverrides("", FILE)).toEqual([]);
    expect(parseOverrides("key_a,key_b,verdict,who,when,note\n", FILE)).toEqual([]);
  });

  test("an unknown verdict is an error naming file, line and the allowed values", () => {
    expect(() => parseOverrides("key_a,key_b,verdict\na:1,b:2,duplicate\n", FILE)).toThrow(
      'raw/overrides/duplicates.csv:2: verdict: expected one of same, different, got "duplicate"',
    );
  });

  test("a file without the key columns is an error naming its header", () => {
    expect(() => parseOverrides("a,b,verdict\nx,y,same\n", FILE)).toThrow(
      "raw/overrides/duplicates.csv:1: header: expected columns key_a,key_b,verdict,who,when,note, got no key_a, key_b column",
    );
  });

  test("a pair of one record with itself is an error", () => {
    expect(() => parseOverrides("key_a,key_b,verdict\na:1,a:1,same\n", FILE)).toThrow(
      "raw/overrides/duplicates.csv:2: key_b: expected a record other than key_a",
    );
  });

  test("a key the records do not hold is an error naming file and line", () => {
    const rows = parseOverrides("key_a,key_b,verdict\na:1,b:2,same\na:1,zz:9,different\n", FILE);
    const known = new Map([
      ["a:1", [0]],
      ["b:2", [1, 2]],
    ]);
    expect(() => resolveOverrides(rows, FILE, (k) => known.get(k), "a record key in processed/records.csv")).toThrow(
      'raw/overrides/duplicates.csv:3: key_b: expected a record key in processed/records.csv, got "zz:9"',
    );
    expect(resolveOverrides(rows.slice(0, 1), FILE, (k) => known.get(k), "a key")).toEqual([
      { a: 0, b: 1, verdict: "same" },
      { a: 0, b: 2, verdict: "same" },
    ]);
  });

  describe("rows verified against the records their keys name", () => {
    const titles = [
      "Liraglutide reduces atherosclerotic lesions in mice",
      "Exenatide and the heart: a trial",
      "Metformin in pregnancy",
    ];
    const known = new Map([
      ["a:1", [0]],
      ["b:2", [1]],
      ["c:3", [2]],
    ]);
    const resolve = (text: string) =>
      resolveOverrides(
        parseOverrides(text, FILE),
        FILE,
        (k) => known.get(k),
        "a key",
        (i) => titles[i] ?? null,
      );
    const header = "verdict,who,when,note,key_a,key_b,title_a,title_b\n";

    test("title cells that name the keys' records, however cased and punctuated, are accepted", () => {
      expect(
        resolve(
          `${header}same,AB,,,a:1,b:2,"LIRAGLUTIDE reduces atherosclerotic lesions in mice.",Exenatide and the heart - a trial\n`,
        ),
      ).toEqual([{ a: 0, b: 1, verdict: "same" }]);
    });

    test("a sheet sorted by some columns only (keys left, titles and verdicts moved) is an error naming file, line and field; nothing is applied", () => {
      const sorted = `${header}same,AB,,,a:1,b:2,${titles[0]},${titles[1]}\ndifferent,AB,,,b:2,c:3,${titles[0]},${titles[2]}\n`;
      expect(() => resolve(sorted)).toThrow(
        `raw/overrides/duplicates.csv:3: title_a: expected the title of b:2, "${titles[1]}" (a sheet sorted by some columns only, or a row pasted into the wrong place? nothing in the file was applied), got "${titles[0]}"`,
      );
    });

    test("an overtyped title is reported too", () => {
      expect(() => resolve(`${header}same,AB,,,a:1,b:2,${titles[0]},Exenatide and the liver: a trial\n`)).toThrow(
        "duplicates.csv:2: title_b: expected the title of b:2",
      );
    });

    test("rows without title cells (typed by hand) are taken by their keys alone", () => {
      expect(resolve("key_a,key_b,verdict\na:1,c:3,different\n")).toEqual([{ a: 0, b: 2, verdict: "different" }]);
    });
  });
});
