/**
 * Cells a spreadsheet would run (src/io/spreadsheet-safe.ts): guarded in every CSV srpipe writes
 * for people, read back exactly where srpipe reads such a file again.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spreadsheetCsvDocument } from "../../src/io/csv-write.js";
import { looksLikeFormula, neutraliseFormula, restoreFormula, spreadsheetCell } from "../../src/io/spreadsheet-safe.js";
import { runCli } from "../cli-io.js";
import { copySampleReview } from "../helpers.js";
import { rm } from "node:fs/promises";

describe("the formula guard", () => {
  it.each(["=1+1", "''=x", "'@SUM(A1)", "+", "-omics", "\tTab", "\rCR", "plain", "", "'quoted", "O'Brien"])(
    "%j comes back exactly from restoreFormula(neutraliseFormula(…))",
    (cell) => {
      expect(restoreFormula(neutraliseFormula(cell))).toBe(cell);
    },
  );

  it("guards a cell that already starts with an apostrophe before a formula character once more", () => {
    expect(neutraliseFormula("'=x")).toBe("''=x");
    expect(neutraliseFormula("'plain")).toBe("'plain");
  });

  it.each([
    [-0.5, -0.5],
    ["-0.5", "-0.5"],
    ["-12", "-12"],
    ["1e-3", "1e-3"],
    ["-", "-"],
    [null, null],
    ["-1+2", "'-1+2"],
    ["-", "-"],
    ["=A1", "'=A1"],
    ["@risk", "'@risk"],
  ])("a people's CSV cell %j is written %j (numbers stay numbers for R)", (cell, expected) => {
    expect(spreadsheetCell(cell)).toBe(expected);
  });

  it("writes a document whose every formula-looking text cell is guarded", () => {
    expect(
      spreadsheetCsvDocument(
        ["journal", "metric"],
        [
          ["@Risk Analysis", -1.5],
          ["=cmd|' /C calc'!A0", "13000"],
        ],
      ),
    ).toBe("journal,metric\n'@Risk Analysis,-1.5\n'=cmd|' /C calc'!A0,13000\n");
  });
});

/** Every cell of a CSV that a spreadsheet would run: a formula character first, and not a number. */
async function runnableCells(file: string): Promise<string[]> {
  const rows = parse(await readFile(file, "utf8"), { bom: true, relax_column_count: true }) as string[][];
  return rows.flat().filter((cell) => looksLikeFormula(cell) && spreadsheetCell(cell) !== cell);
}

describe("the sample review with a title that a spreadsheet would run", () => {
  let ws = "";
  beforeAll(async () => {
    ws = await copySampleReview();
    const bib = join(ws, "raw/exports/arxiv/arxiv-multimodal-sample.bib");
    await writeFile(
      bib,
      (await readFile(bib, "utf8")).replace("title         = {ECG-Chat:", "title         = {=ECG-Chat:"),
    );
    const result = await runCli(["run"], ws);
    expect(result.stderr).not.toContain("internal error");
  });
  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it("keeps the exact title in the files the pipeline reads as its record contract", async () => {
    expect(await readFile(join(ws, "processed/records.csv"), "utf8")).toContain(
      ",=ECG-Chat: A Large ECG-Language Model",
    );
  });

  it("guards it in the screening tables, the PRISMA lists, the eligibility tables and the catalog", async () => {
    const forPeople = [
      "processed/screening/decisions.csv",
      "processed/screening/conflicts.csv",
      "processed/eligibility/unmatched-journals.csv",
      "processed/eligibility/journals.csv",
      ...(await readdir(join(ws, "processed/prisma/lists"))).map((f) => `processed/prisma/lists/${f}`),
      ...["catalog.csv", "categories.csv", "models.csv", "evidence.csv", "stats.csv"].map(
        (f) => `processed/catalog/${f}`,
      ),
    ];
    for (const file of forPeople) expect(await runnableCells(join(ws, file)), file).toEqual([]);
    expect(await readFile(join(ws, "processed/screening/decisions.csv"), "utf8")).toContain(
      ",'=ECG-Chat: A Large ECG-Language Model",
    );
    const lists = await Promise.all(
      (await readdir(join(ws, "processed/prisma/lists"))).map((f) =>
        readFile(join(ws, "processed/prisma/lists", f), "utf8"),
      ),
    );
    expect(lists.some((text) => text.includes("'=ECG-Chat"))).toBe(true);
  });

  it("accepts the reviewers' sheets, whose title cells a spreadsheet showed without the formula", async () => {
    const status = await runCli(["screen", "--check"], ws);
    expect(status.code).toBe(0);
  });

  it("reads the guarded title back into extraction and the catalog evidence without a second guard", async () => {
    const evidence = await readFile(join(ws, "processed/catalog/evidence.csv"), "utf8");
    expect(evidence).toContain(",'=ECG-Chat: A Large");
    expect(evidence).not.toContain("''=ECG-Chat");
  });

  it("guards the cells of convert --to csv, and keeps the year a number", async () => {
    const result = await runCli(
      ["convert", "--to", "csv", join(ws, "raw/exports/arxiv/arxiv-multimodal-sample.bib")],
      ws,
    );
    expect(result.code).toBe(0);
    const rows = parse(result.stdout) as string[][];
    const header = rows[0]!;
    const ecg = rows.find((r) => r[header.indexOf("title")]!.includes("ECG-Chat"))!;
    expect(ecg[header.indexOf("title")]).toBe("'=ECG-Chat: A Large ECG-Language Model for Cardiac Disease Diagnosis");
    expect(ecg[header.indexOf("year")]).toBe("2024");
  });
});
