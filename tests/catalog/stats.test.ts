import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { importPublished } from "../../src/catalog/from-published.js";
import {
  computeStats,
  formatStatsCsv,
  formatStatsJsonLines,
  formatStatsTable,
  STATS_COLUMNS,
} from "../../src/catalog/stats.js";

const published = (name: string) => ({ name, text: readFileSync(fixture(`catalog/${name}`), "utf8") });
const { catalog } = importPublished({
  appear: published("appear.csv"),
  best: published("best.csv"),
  detail: published("detail.csv"),
});
const stats = computeStats(catalog);
const model = (name: string, size: string | null = null) =>
  stats.models.find((m) => m.model === name && m.size === size);

describe("statistics of the reference catalog", () => {
  test("count 56 (stage, subtask) categories", () => {
    expect(stats.categories).toBe(56);
    expect(stats.groups[0]).toMatchObject({ scope: "catalog", categories: 56 });
  });

  test("GPT-3.5 was applied in 29 and best in 16 of the 56 categories, as the paper reports", () => {
    expect(model("GPT-3.5")).toEqual({ model: "GPT-3.5", size: null, applied: 29, best: 16, categories: 56 });
  });

  test("GPT-4 was best in 30 of 56 categories as the paper reports, and applied in 36 categories (40 category columns)", () => {
    // The paper's "40/56" counts GPT-4's non-zero columns (stage × subtask × modality: 40 of 67);
    // distinct (stage, subtask) categories are 36. Both are read here from the published counts.
    expect(model("GPT-4")).toEqual({ model: "GPT-4", size: null, applied: 36, best: 30, categories: 56 });
    expect(catalog.counts.filter((r) => r.row === 2 && r.appear > 0)).toHaveLength(40);
  });

  test("GPT-3.5 and GPT-4 are the two most versatile models, each applied in about 30 categories", () => {
    expect(
      stats.models
        .filter((m) => m.size === null)
        .slice(0, 2)
        .map((m) => m.model),
    ).toEqual(["GPT-4", "GPT-3.5"]);
    expect(
      stats.models
        .filter((m) => m.size === null)
        .slice(2)
        .every((m) => m.applied < 20),
    ).toBe(true);
  });

  test("a model's sizes are counted together and apart", () => {
    expect(stats.models.filter((m) => m.model === "Flan-T5").map((m) => [m.size, m.applied, m.best])).toEqual([
      [null, 7, 3],
      ["250M", 1, 0],
      ["770M", 2, 1],
      ["2.7B", 3, 1],
      ["11B", 6, 3],
    ]);
  });

  test("the two published rows of one name × size are counted as one model", () => {
    expect(stats.models.filter((m) => m.model === "LLaMA2-Chat" && m.size === "70B")).toHaveLength(1);
  });

  test("count 330 model rows: 247 open, 55 restricted, 28 API", () => {
    expect(stats.groups[0]?.modelRows).toBe(330);
    expect(stats.access).toEqual([
      { access: "API", modelRows: 28 },
      { access: "Restricted", modelRows: 55 },
      { access: "Open", modelRows: 247 },
    ]);
  });

  test("per stage: categories, models and uses; studies unknown without evidence", () => {
    expect(
      stats.groups.filter((g) => g.scope === "stage").map((g) => [g.stage, g.categories, g.models, g.uses, g.studies]),
    ).toEqual([
      ["1", 1, 2, 2, null],
      ["2", 16, 145, 284, null],
      ["3", 13, 240, 689, null],
      ["4", 16, 73, 118, null],
      ["5", 10, 31, 46, null],
    ]);
    expect(stats.groups.filter((g) => g.scope === "stage").reduce((sum, g) => sum + g.categories, 0)).toBe(56);
  });

  test("per stage × task: the stage's tasks in column order", () => {
    expect(stats.groups.filter((g) => g.scope === "stage-task" && g.stage === "3").map((g) => g.task)).toEqual([
      "Disease diagnosis",
      "Disease prediction",
      "Text summarization",
      "Information extraction",
      "Textual question answering",
      "Multimodal question answering",
      "Text generation",
      "Medical image processing",
    ]);
  });
});

describe("stats formats", () => {
  test("stats.csv has one row per group and per model, scope first", () => {
    const lines = formatStatsCsv(stats).split("\n");
    expect(lines[0]).toBe(STATS_COLUMNS.join(","));
    expect(lines.slice(1, 6)).toEqual([
      "catalog,,,,,,56,,,330,328,144,1139,414,",
      "access,,,API,,,,,,28,,,,,",
      "access,,,Restricted,,,,,,55,,,,,",
      "access,,,Open,,,,,,247,,,,,",
      "stage,1,,,,,1,,,,2,1,2,1,",
    ]);
    expect(lines).toContain("stage,3,,,,,13,,,,240,97,689,243,");
    expect(lines).toContain("model,,,,GPT-4,,56,36,30,,,,,,");
    expect(lines).toContain("model-size,,,,GPT-3.5,175B,56,29,16,,,,,,");
  });

  test("JSON lines give model, size (null for all sizes), applied, best and categories", () => {
    const lines = formatStatsJsonLines(stats).trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      '{"model":"GPT-4","size":null,"applied":36,"best":30,"categories":56}',
      '{"model":"GPT-4","size":"","applied":36,"best":30,"categories":56}',
      '{"model":"GPT-3.5","size":null,"applied":29,"best":16,"categories":56}',
      '{"model":"GPT-3.5","size":"175B","applied":29,"best":16,"categories":56}',
    ]);
    expect(lines).toHaveLength(stats.models.length);
  });

  test("the table shows applied and best out of the total per model", () => {
    const table = formatStatsTable(stats);
    expect(table).toMatch(/^GPT-3\.5 +\(all sizes\) +29\/56 +16\/56$/m);
    expect(table).toContain("the catalog lists no studies");
    expect(table.split("\n")[0]).toBe("model rows: 330; by access: 28 API, 55 Restricted, 247 Open");
  });
});
