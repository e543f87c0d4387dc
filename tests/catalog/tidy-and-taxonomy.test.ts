import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { formatCountsWide, parseCountsWide, parseDetailWide } from "../../src/catalog/wide-layout.js";
import {
  compareTidyRows,
  formatTidyCsv,
  labelDisagreements,
  parseTidyCsv,
  tidyToWide,
  wideToTidy,
  TIDY_COLUMNS,
} from "../../src/catalog/tidy.js";
import { taxonomyOf } from "../../src/catalog/taxonomy.js";
import { csvDocument } from "../../src/io/csv-write.js";

const read = (name: string): string => readFileSync(fixture(`catalog/${name}`), "utf8");
const appear = parseCountsWide(read("appear.csv"), "appear.csv");
const best = parseCountsWide(read("best.csv"), "best.csv");
const detail = parseDetailWide(read("detail.csv"), "detail.csv");
const taxonomy = taxonomyOf(appear.columns);

describe("facts of the reference catalog, computed from its files", () => {
  test("there are 330 model rows in each file with 270 distinct model names", () => {
    expect([appear.rows.length, best.rows.length, detail.rows.length]).toEqual([330, 330, 330]);
    expect(new Set(detail.rows.map((r) => r.label.model)).size).toBe(270);
  });

  test("there are 56 (stage, subtask) categories over 5 stages and 8 tasks", () => {
    expect(taxonomy.categories).toHaveLength(56);
    expect(taxonomy.stages).toEqual(["1", "2", "3", "4", "5"]);
    expect(taxonomy.tasks).toHaveLength(8);
    expect(taxonomy.columns).toHaveLength(67);
  });

  test("access is 247 open, 55 restricted, 28 API in detail.csv", () => {
    const counts: { [access: string]: number } = {};
    for (const row of detail.rows) counts[row.cells.access] = (counts[row.cells.access] ?? 0) + 1;
    expect(counts).toEqual({ Open: 247, Restricted: 55, API: 28 });
  });

  test("best.csv uses the same taxonomy as appear.csv; the cells where best exceeds appear are listed, not corrected", () => {
    expect(best.columns).toEqual(appear.columns);
    const odd = appear.rows.flatMap((row, r) =>
      row.counts.flatMap((n, c) =>
        (best.rows[r]?.counts[c] ?? 0) > n ? [`${r + 1}:${c + 3}:${n}<${best.rows[r]?.counts[c]}`] : [],
      ),
    );
    // model row 149 (file line 155), column 29: best.csv counts 1 where appear.csv counts 0.
    expect(odd).toEqual(["149:29:0<1"]);
  });

  test("the modality values are the single modalities and their + combinations as published", () => {
    expect([...taxonomy.modalities].sort()).toEqual(
      ["ECG", "audio", "image (2D)", "image (3D)", "text", "time-series", "video"].sort(),
    );
    expect(taxonomy.modalityCombinations).toContain("image (2D)+text");
  });

  test("the files label a few model rows differently, and these are reported rather than corrected", () => {
    const labels = (c: { rows: { label: { model: string; size: string } }[] }) => c.rows.map((r) => r.label);
    expect(labelDisagreements(labels(appear), labels(best)).map((d) => d.row)).toEqual([125, 153, 201, 267]);
    expect(labelDisagreements(labels(appear), labels(detail)).map((d) => d.row)).toEqual([125, 141, 240]);
  });
});

describe("the tidy catalog", () => {
  const tidy = wideToTidy(appear, best);

  test("has a row only where appear or best is non-zero", () => {
    const nonZero = appear.rows.flatMap((row, r) =>
      row.counts.filter((n, c) => n > 0 || (best.rows[r]?.counts[c] ?? 0) > 0),
    );
    expect(tidy).toHaveLength(nonZero.length);
    expect(tidy).toHaveLength(801);
    expect(tidy.every((row) => row.appear > 0 || row.best > 0)).toBe(true);
  });

  test("is sorted by model row, then by the taxonomy's column order", () => {
    expect([...tidy].sort(compareTidyRows(taxonomy.columns))).toEqual(tidy);
  });

  test.each([
    ["appear.csv", "appear", appear],
    ["best.csv", "best", best],
  ] as const)("wide → tidy → wide reproduces %s byte for byte", (name, which, source) => {
    const wide = tidyToWide(
      tidy,
      which,
      taxonomy.columns,
      source.rows.map((r) => r.label),
    );
    expect(Buffer.from(formatCountsWide(wide), "utf8").equals(readFileSync(fixture(`catalog/${name}`)))).toBe(true);
  });

  test("catalog.csv written and read back gives the same rows", () => {
    const text = formatTidyCsv(tidy);
    expect(text.split("\n")[0]).toBe(TIDY_COLUMNS.join(","));
    expect(parseTidyCsv(text, "catalog.csv").map((r) => r.row)).toEqual(tidy);
  });

  test("catalog.csv with a non-integer count is refused at file:line:column", () => {
    const records = parse(formatTidyCsv(tidy.slice(0, 2)), {}) as string[][];
    records[2]![9] = "two";
    const [header = [], ...rows] = records;
    expect(() => parseTidyCsv(csvDocument(header, rows), "catalog.csv")).toThrow(
      'catalog.csv:3:10: appear: expected a whole number, got "two"',
    );
  });
});
