import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { countPrisma } from "../../src/prisma/count.js";
import { formatNamedCounts, parsePrisma2020, prisma2020Csv, safeName } from "../../src/prisma/prisma2020-csv.js";
import { readProcessed } from "../../src/prisma/read-processed.js";
import { workspaceAt } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import { fixture } from "../helpers.js";
import { referenceReview, smallWorkspace, writeSyntheticWorkspace } from "./synthetic-workspace.js";
import { boxTexts } from "./svg-text.js";
import { stageContextAt } from "../stage-context.js";

const TEMPLATE = fixture("prisma/prisma2020-template.csv");

async function smallCsv(extra: object = {}): Promise<string> {
  const root = await smallWorkspace(extra);
  const { inputs } = await readProcessed(workspaceAt(root), (await stageContextAt(root)).review);
  return prisma2020Csv(countPrisma(inputs).counts);
}

const rowsOf = (text: string) => parse(text, { columns: false }) as string[][];

describe("prisma2020.csv", () => {
  test("has exactly the template's columns, data keys and rows, in its order", async () => {
    const template = rowsOf(await readFile(TEMPLATE, "utf8"));
    const written = rowsOf(await smallCsv());
    expect(written[0]).toEqual(template[0]);
    expect(written.map((r) => r.slice(0, 4))).toEqual(template.map((r) => r.slice(0, 4)));
    expect(written.map((r) => r.slice(5, 7))).toEqual(template.map((r) => r.slice(5, 7)));
  });

  test("writes per-database and per-reason values as `Name, n; Name, n`", async () => {
    const written = new Map(rowsOf(await smallCsv()).map((r) => [r[0], r[7]]));
    expect(written.get("database_specific_results")).toBe(
      "PubMed, 5; Scopus, 6; ScienceDirect, 0; IEEE Xplore, 3; arXiv, 4",
    );
    expect(written.get("dbr_excluded")).toBe("No clinical application [journals], 1");
    expect(written.get("dbr_notretrieved_reports")).toBe("1");
    expect(written.get("previous_studies")).toBe("NA");
  });

  test("makes names safe for the syntax: no comma, no semicolon, one line", () => {
    expect(safeName("Not research (reviews, commentaries)")).toBe("Not research (reviews / commentaries)");
    expect(
      formatNamedCounts([
        { name: "Web of Science; Core\nCollection", n: 3 },
        { name: "A,B", n: 1 },
      ]),
    ).toBe("Web of Science / Core Collection, 3; A / B, 1");
  });

  test('with a single screening phase, title-abstract exclusions are in records_excluded (the package\'s "Records excluded" box), not in the full-text dbr_excluded row', async () => {
    const ws = await writeSyntheticWorkspace({
      review: referenceReview(),
      clusters: [
        {
          id: "c1",
          members: ["pubmed"],
          branch: "journals",
          removed: null,
          decisions: { "title-abstract": "exclude:not-research" },
        },
        {
          id: "c2",
          members: ["pubmed"],
          branch: "journals",
          removed: null,
          decisions: { "title-abstract": "include" },
        },
      ],
    });
    const { inputs } = await readProcessed(workspaceAt(ws), (await stageContextAt(ws)).review);
    const rows = new Map(rowsOf(prisma2020Csv(countPrisma(inputs).counts)).map((r) => [r[0], r]));
    expect(rows.get("records_screened")![7]).toBe("2");
    expect(rows.get("records_excluded")![7]).toBe("1");
    expect(rows.get("dbr_excluded")![4]).toBe("Reports excluded");
    expect(rows.get("dbr_excluded")![7]).toBe("NA");
    for (const key of ["dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed"])
      expect(rows.get(key)![7], key).toBe("NA");
    expect(rows.get("new_studies")![7]).toBe("1");
  });

  test("reads back into the same numbers", async () => {
    const data = parsePrisma2020(await smallCsv(), "prisma2020.csv");
    expect(data.numbers.get("database_results")).toBe(18);
    expect(data.numbers.get("dbr_sought_reports")).toBe(6);
    expect(data.lists.get("database_specific_results")).toContainEqual({ name: "IEEE Xplore", n: 3 });
    expect(data.numbers.get("previous_studies")).toBeNull();
    expect(data.missing).toEqual([]);
  });
});

describe("srpipe prisma --counts", () => {
  test("draws the PRISMA2020 template as its package would, placeholders as NA", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "srpipe-prisma-")), "template.svg");
    const { code, stderr } = await runCli(["prisma", "--counts", TEMPLATE, "--out", out]);
    expect(stderr).toContain(`drew ${out}`);
    expect(code).toBe(0);
    const boxes = boxTexts(await readFile(out, "utf8"));
    expect(boxes.get("identified")).toBe(
      "Records identified from: Databases (n = 0) Database 1 (n = NA) Database 2 (n = NA) Database 3 (n = NA) Registers (n = 0) Register 1 (n = NA) Register 2 (n = NA) Register 3 (n = NA)",
    );
    expect(boxes.get("reports-excluded")).toBe(
      "Reports excluded: (n = NA) Reason1 (n = NA) Reason2 (n = NA) Reason3 (n = NA)",
    );
    expect(boxes.get("other-identified")).toBe(
      "Records identified from: Websites (n = 0) Organisations (n = 0) Citation searching (n = 0)",
    );
    expect(boxes.get("previous")).toBe(
      "Studies included in previous version of review (n = 0) Reports of studies included in previous version of review (n = 0)",
    );
    expect(boxes.get("total")).toContain("Total studies included in review (n = 0)");
  });

  test("refuses a hand-made CSV whose numbers do not add up, naming them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "srpipe-prisma-"));
    const template = await readFile(TEMPLATE, "utf8");
    const filled = template
      .replace(/^database_results,(.*),0$/m, "database_results,$1,120")
      .replace(/^duplicates,(.*),0$/m, "duplicates,$1,20")
      .replace(/^records_screened,(.*),0$/m, "records_screened,$1,90");
    await writeFile(join(dir, "counts.csv"), filled);
    const { code, stderr } = await runCli(["prisma", "--counts", "counts.csv", "--out", "x.svg"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "records_screened: 120 database_results + 0 register_results − 20 duplicates − 0 excluded_automatic − 0 excluded_other = 100, but records_screened is 90",
    );
  });

  test("--out without --counts is a usage error", async () => {
    const { code, stderr } = await runCli(["prisma", "--out", "x.svg"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--out goes with --counts");
  });
});
