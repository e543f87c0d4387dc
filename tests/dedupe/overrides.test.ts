import { describe, expect, test } from "vitest";
import { parseOverrides, resolveOverrides } from "../../src/dedupe/overrides.js";

const FILE = "raw/overrides/duplicates.csv";

describe("a reviewer's decisions on pairs", () => {
  test("rows with a verdict are read with their line; rows without one are skipped", () => {
    const text = "key_a,key_b,verdict,who,when,note\npubmed:1,scopus:2,same,AB,2025-04-01,\npubmed:3,scopus:4,,,,\r\npubmed:5,scopus:6,Different,AB,2025-04-02,\"two lines\nof note\"\n";
    expect(parseOverrides(text, FILE)).toEqual([
      { keyA: "pubmed:1", keyB: "scopus:2", verdict: "same", who: "AB", when: "2025-04-01", note: "", line: 2 },
      { keyA: "pubmed:5", keyB: "scopus:6", verdict: "different", who: "AB", when: "2025-04-02", note: "two lines\nof note", line: 4 },
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
    expect(() => parseOverrides("a,b,verdict\nx,y,same\n", FILE)).toThrow("raw/overrides/duplicates.csv:1: header: expected columns key_a,key_b,verdict,who,when,note, got no key_a, key_b column");
  });

  test("a pair of one record with itself is an error", () => {
    expect(() => parseOverrides("key_a,key_b,verdict\na:1,a:1,same\n", FILE)).toThrow("raw/overrides/duplicates.csv:2: key_b: expected a record other than key_a");
  });

  test("a key the records do not hold is an error naming file and line", () => {
    const rows = parseOverrides("key_a,key_b,verdict\na:1,b:2,same\na:1,zz:9,different\n", FILE);
    const known = new Map([["a:1", [0]], ["b:2", [1, 2]]]);
    expect(() => resolveOverrides(rows, FILE, (k) => known.get(k), "a record key in processed/records.csv")).toThrow(
      'raw/overrides/duplicates.csv:3: key_b: expected a record key in processed/records.csv, got "zz:9"',
    );
    expect(resolveOverrides(rows.slice(0, 1), FILE, (k) => known.get(k), "a key")).toEqual([
      { a: 0, b: 1, verdict: "same" },
      { a: 0, b: 2, verdict: "same" },
    ]);
  });
});
