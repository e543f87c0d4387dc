/**
 * The reference review's numbers (Li, Fu & Python 2025; ../shared/reference/README.md), rebuilt
 * from records: 15,699 identified, 4,931 duplicates, 8,027 below the journal threshold,
 * 1,824 journal records screened (735 / 275 / 630 excluded by reason, 184 kept), 86 of 917
 * arXiv records kept, 270 included. Every number must come out of the counting, in prisma.json,
 * prisma2020.csv and the SVG.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { parsePrisma2020 } from "../../src/prisma/prisma2020-csv.js";
import { runCli } from "../cli-io.js";
import { referenceReview, writeSyntheticWorkspace, type ClusterSpec } from "./synthetic-workspace.js";
import { boxTexts } from "./svg-text.js";

function referenceClusters(): ClusterSpec[] {
  const clusters: ClusterSpec[] = [];
  const representatives = ["pubmed", "scopus", "sciencedirect", "ieee"];
  const duplicateOf = ["scopus", "pubmed", "ieee", "sciencedirect"];
  const journalOutcomes = [
    ...Array<string>(184).fill("include"),
    ...Array<string>(735).fill("exclude:not-llm"),
    ...Array<string>(275).fill("exclude:not-research"),
    ...Array<string>(630).fill("exclude:no-clinical"),
  ];
  for (let i = 0; i < 9_851; i++) {
    const members = [representatives[i % 4]!];
    if (i < 4_931) members.push(duplicateOf[i % 4]!);
    const kept = i < journalOutcomes.length;
    clusters.push({
      id: `c${String(i).padStart(5, "0")}`,
      members,
      branch: "journals",
      removed: kept ? null : "journal below threshold",
      decisions: kept ? { "title-abstract": journalOutcomes[i]! } : undefined,
    });
  }
  const arxivOutcomes = [
    ...Array<string>(86).fill("include"),
    ...Array<string>(300).fill("exclude:not-llm"),
    ...Array<string>(231).fill("exclude:no-clinical"),
    ...Array<string>(300).fill("exclude:not-multimodal"),
  ];
  arxivOutcomes.forEach((outcome, i) => {
    clusters.push({
      id: `a${String(i).padStart(5, "0")}`,
      members: ["arxiv"],
      branch: "arxiv",
      removed: null,
      decisions: { "title-abstract": outcome },
    });
  });
  return clusters;
}

describe("the reference review's PRISMA numbers", () => {
  let root: string;
  let stderr: string;
  let code: number;

  beforeAll(async () => {
    root = await writeSyntheticWorkspace({ review: referenceReview(), clusters: referenceClusters() });
    ({ code, stderr } = await runCli(["report", "--workspace", root]));
  }, 30_000);

  test("srpipe report succeeds and says what it counted", () => {
    expect(stderr).toContain(
      "15,699 identified, 4,931 duplicates, 8,027 ineligible by automation, 0 removed for other reasons, screened journals 1,824, arxiv 917; 270 studies included",
    );
    expect(code).toBe(0);
  });

  test("prisma.json holds every number with the list behind it", async () => {
    const json = JSON.parse(await readFile(join(root, "processed/prisma/prisma.json"), "utf8"));
    expect(json.identification.records).toMatchObject({ n: 15_699, list: { file: "lists/identified.csv" } });
    expect(
      json.identification.databases.map((d: { n: number }) => d.n).reduce((a: number, b: number) => a + b, 0),
    ).toBe(15_699);
    expect(json.identification.databases.find((d: { id: string }) => d.id === "arxiv").n).toBe(917);
    expect(json.removedBeforeScreening.duplicates.n).toBe(4_931);
    expect(json.removedBeforeScreening.automation.n).toBe(8_027);
    expect(json.removedBeforeScreening.other.n).toBe(0);
    expect(json.removedBeforeScreening.remaining).toBe(2_741);
    const [journals, arxiv] = json.screening;
    expect(journals.phases[0].screened.n).toBe(1_824);
    expect(journals.phases[0].excluded.reasons.map((r: { label: string; n: number }) => [r.label, r.n])).toEqual([
      ["Not focused on LLMs", 735],
      ["Not research (reviews, commentaries)", 275],
      ["No clinical application", 630],
    ]);
    expect(journals.included.reports.n).toBe(184);
    expect(arxiv.phases[0].screened.n).toBe(917);
    expect(arxiv.included.reports.n).toBe(86);
    expect(json.included.studies).toBe(270);
    expect(json.included.reports.n).toBe(270);
  });

  test("each list has as many rows as its count", async () => {
    const lines = async (file: string) =>
      (await readFile(join(root, "processed/prisma", file), "utf8")).trimEnd().split("\n").length - 1;
    expect(await lines("lists/identified.csv")).toBe(15_699);
    expect(await lines("lists/duplicates.csv")).toBe(4_931);
    expect(await lines("lists/removed-automation.csv")).toBe(8_027);
    expect(await lines("lists/journals-title-abstract-excluded.csv")).toBe(1_640);
    expect(await lines("lists/arxiv-title-abstract-included.csv")).toBe(86);
    expect(await lines("lists/included.csv")).toBe(270);
  });

  test("prisma2020.csv carries the numbers in the PRISMA2020 package's keys", async () => {
    const data = parsePrisma2020(
      await readFile(join(root, "processed/prisma/prisma2020.csv"), "utf8"),
      "prisma2020.csv",
    );
    expect(data.numbers.get("database_results")).toBe(15_699);
    expect(data.numbers.get("duplicates")).toBe(4_931);
    expect(data.numbers.get("excluded_automatic")).toBe(8_027);
    expect(data.numbers.get("excluded_other")).toBe(0);
    expect(data.numbers.get("records_screened")).toBe(2_741);
    expect(data.numbers.get("records_excluded")).toBe(2_471);
    // Title-abstract exclusions are "Records excluded" (a number in PRISMA_data()); the review
    // assessed no full-text reports, so the "Reports excluded" row is NA.
    expect(data.lists.get("dbr_excluded")).toBeNull();
    expect(data.numbers.get("dbr_assessed")).toBeNull();
    expect(data.lists.get("database_specific_results")?.find((d) => d.name === "arXiv")?.n).toBe(917);
    expect(data.numbers.get("new_studies")).toBe(270);
    expect(data.numbers.get("total_studies")).toBe(270);
  });

  test("the SVG shows the numbers in their boxes", async () => {
    const boxes = boxTexts(await readFile(join(root, "processed/prisma/prisma.svg"), "utf8"));
    expect(boxes.get("identified")).toContain("Databases (n = 15,699)");
    expect(boxes.get("identified")).toContain("arXiv (n = 917)");
    expect(boxes.get("removed")).toContain("Duplicate records (n = 4,931)");
    expect(boxes.get("removed")).toContain("journal below the citation threshold (n = 8,027)");
    expect(boxes.get("journals-title-abstract-screened")).toContain("(n = 1,824)");
    const excluded = boxes.get("journals-title-abstract-excluded")!;
    for (const n of ["(n = 1,640)", "(n = 735)", "(n = 275)", "(n = 630)"]) expect(excluded).toContain(n);
    expect(boxes.get("arxiv-title-abstract-screened")).toContain("(n = 917)");
    expect(boxes.get("arxiv-included")).toContain("Reports (n = 86)");
    expect(boxes.get("journals-included")).toContain("Reports (n = 184)");
    expect(boxes.get("included")).toContain("Studies included in review (n = 270)");
  });
});
