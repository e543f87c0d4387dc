import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { referenceReview, writeSyntheticWorkspace } from "./synthetic-workspace.js";
import { runCli } from "../cli-io.js";

const TEMPLATE = fixture("prisma/prisma2020-template.csv");

/** XML 1.0's Char production: what a document may hold at all. */
const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** The template with `n` of some data keys replaced; returns the file and the line of each key. */
async function filled(values: { [key: string]: string }): Promise<{ dir: string; lineOf: (key: string) => number }> {
  const dir = await mkdtemp(join(tmpdir(), "srpipe-prisma-counts-"));
  let text = await readFile(TEMPLATE, "utf8");
  for (const [key, value] of Object.entries(values)) {
    const quoted = /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    text = text.replace(new RegExp(`^(${key},.*,)(?:0|"[^"]*")$`, "m"), (_, head: string) => `${head}${quoted}`);
  }
  await writeFile(join(dir, "counts.csv"), text);
  const lines = text.split("\n");
  return { dir, lineOf: (key) => lines.findIndex((l) => l.startsWith(`${key},`)) + 1 };
}

describe("srpipe prisma --counts checks what it is given", () => {
  test("a count that is not a number (5OO) is refused with file:line, the key, and what was got", async () => {
    const { dir, lineOf } = await filled({ database_results: "500", records_screened: "5OO" });
    const result = await runCli(["prisma", "--counts", "counts.csv", "--out", "flow.svg"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `counts.csv:${lineOf("records_screened")}: records_screened: expected a whole number (15,699 or 15699), or NA, got "5OO"`,
    );
    await expect(readFile(join(dir, "flow.svg"))).rejects.toThrow();
  });

  test("a per-reason count that is not a number is refused the same way", async () => {
    const { dir, lineOf } = await filled({ dbr_excluded: "Wrong population, 1O; Wrong design, 4" });
    const result = await runCli(["prisma", "--counts", "counts.csv", "--out", "flow.svg"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `counts.csv:${lineOf("dbr_excluded")}: dbr_excluded: expected a whole number after the name's comma ("Name, 12"), or NA, got "1O"`,
    );
  });

  test("thousands separators are numbers, as the package reads them", async () => {
    const { dir } = await filled({
      database_results: "15,699",
      duplicates: "4,931",
      excluded_automatic: "8,027",
      records_screened: "2,741",
      dbr_sought_reports: "2,741",
      dbr_assessed: "2,741",
    });
    const result = await runCli(["prisma", "--counts", "counts.csv", "--out", "flow.svg"], dir);
    expect(result.stderr).toContain("drew flow.svg");
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, "flow.svg"), "utf8")).toContain("(n = 2,741)");
  });

  test.each([
    [{ records_screened: "0", records_excluded: "3" }, "records_excluded: 3 is more than records_screened (0)"],
    [
      { previous_reports: "4", new_reports: "2", total_reports: "5" },
      "total_reports: 4 previous_reports + 2 new_reports = 6, but total_reports is 5",
    ],
    [
      { new_studies: "3", new_reports: "2" },
      "new_studies: 3 is more than new_reports (a study has at least one report) (2)",
    ],
    [
      { register_results: "2", register_specific_results: "Trials register, 1; Other register, 2" },
      "register_specific_results: 3 listed per register = 3, but register_results is 2",
    ],
  ])("arithmetic that does not hold is refused, naming the numbers: %j", async (values, message) => {
    const { dir } = await filled(values);
    const result = await runCli(["prisma", "--counts", "counts.csv", "--out", "flow.svg"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("counts.csv: the numbers do not add up, so no diagram was drawn");
    expect(result.stderr).toContain(message);
  });
});

describe("control characters in labels do not break prisma.svg", () => {
  test("from a PRISMA2020 CSV: U+0001 and U+FFFE in names are drawn as U+FFFD, and the SVG is well-formed XML", async () => {
    const { dir } = await filled({
      database_results: "3",
      database_specific_results: "Pub\u0001Med, 1; Sco\uFFFEpus, 2",
      records_screened: "3",
      dbr_sought_reports: "3",
      dbr_assessed: "3",
    });
    const result = await runCli(["prisma", "--counts", "counts.csv", "--out", "flow.svg"], dir);
    expect(result.code).toBe(0);
    const svg = await readFile(join(dir, "flow.svg"), "utf8");
    expect(svg).toMatch(XML_CHARS);
    expect(svg).toContain("Pub\uFFFDMed (n = 1)");
    expect(svg).toContain("Sco\uFFFDpus (n = 2)");
  });

  test("from the workspace: a database name and a reason label with control characters", async () => {
    const review = referenceReview() as {
      databases: { id: string; name: string }[];
      screening: { reasons: { code: string; label: string }[] };
    };
    review.databases[0]!.name = "Pub\u0001Med\uFFFF";
    review.screening.reasons[0]!.label = "Not \u0008focused\uD800 on LLMs";
    const ws = await writeSyntheticWorkspace({
      review,
      clusters: [
        {
          id: "c1",
          members: ["pubmed"],
          branch: "journals",
          removed: null,
          decisions: { "title-abstract": "exclude:not-llm" },
        },
      ],
    });
    const result = await runCli(["prisma"], ws);
    expect(result.code).toBe(0);
    const svg = await readFile(join(ws, "processed", "prisma", "prisma.svg"), "utf8");
    expect(svg).toMatch(XML_CHARS);
    expect(svg).toContain("Pub\uFFFDMed\uFFFD");
    expect(svg).toContain("Not \uFFFDfocused\uFFFD on LLMs");
  });
});
