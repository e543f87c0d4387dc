import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { arithmeticViolations } from "../../src/prisma/arithmetic.js";
import { readProcessed } from "../../src/prisma/read-processed.js";
import { countPrisma, UNSETTLED_REASON_LABEL } from "../../src/prisma/count.js";
import { workspaceAt } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import { smallWorkspace, SMALL_CLUSTERS, twoPhaseReview, writeSyntheticWorkspace } from "./synthetic-workspace.js";
import { stageContextAt } from "../stage-context.js";

async function countsOf(root: string) {
  const { inputs } = await readProcessed(workspaceAt(root), (await stageContextAt(root)).review);
  return countPrisma(inputs);
}

describe("counting PRISMA boxes from the pipeline's tables", () => {
  test("records are identified per database and per query", async () => {
    const { counts } = await countsOf(await smallWorkspace());
    expect(counts.identified.n).toBe(18);
    expect(counts.identified.databases.map((d) => [d.name, d.n])).toEqual([
      ["PubMed", 5],
      ["Scopus", 6],
      ["ScienceDirect", 0],
      ["IEEE Xplore", 3],
      ["arXiv", 4],
    ]);
    expect(counts.identified.databases[0]!.queries).toEqual([
      {
        id: "pubmed-generic",
        n: 5,
        list: { file: "lists/identified.csv", where: { database: "pubmed", query_id: "pubmed-generic" } },
        unattributed: null,
        strings: null,
      },
    ]);
  });

  test("duplicates are the members that are not their cluster's representative", async () => {
    const { counts, lists } = await countsOf(await smallWorkspace());
    expect(counts.duplicates.n).toBe(4);
    expect(lists.get("lists/duplicates.csv")!.rows.map((r) => r[3])).toEqual(["a01", "c03", "c03", "c01"]);
  });

  test("journal below threshold is removed by automation, journal not in list for other reasons", async () => {
    const { counts, lists } = await countsOf(await smallWorkspace());
    expect(counts.automation.n).toBe(2);
    expect(counts.other.n).toBe(1);
    expect(counts.other.reasons).toEqual([
      {
        code: "journal not in list",
        label: "journal not in list",
        n: 1,
        list: { file: "lists/removed-other.csv", where: { reason: "journal not in list" } },
      },
    ]);
    expect(lists.get("lists/removed-automation.csv")!.rows.map((r) => r[0])).toEqual(["c08", "c09"]);
  });

  test("each branch is screened apart, with its exclusions per reason", async () => {
    const { counts } = await countsOf(await smallWorkspace());
    const [journals, arxiv] = counts.branches;
    const ta = journals!.phases[0]!;
    expect([ta.entered.n, ta.excluded.n, ta.awaiting.n, ta.included.n]).toEqual([8, 2, 2, 4]);
    expect(ta.reasons.map((r) => [r.label, r.n])).toEqual([
      ["Not focused on LLMs", 1],
      [UNSETTLED_REASON_LABEL, 1],
    ]);
    expect(arxiv!.phases[0]!.reasons.map((r) => [r.code, r.n])).toEqual([["not-multimodal", 1]]);
  });

  test("pending decisions and records without a decision await a decision, neither excluded nor included", async () => {
    const { counts, lists } = await countsOf(await smallWorkspace());
    const awaiting = lists.get("lists/journals-title-abstract-awaiting.csv")!.rows;
    expect(awaiting.map((r) => [r[0], r[4], r[6]])).toEqual([
      ["c06", "pending", "conflict"],
      ["c07", "pending", "no decision yet (run srpipe screen)"],
    ]);
    expect(counts.branches[1]!.phases[1]!.awaiting.n).toBe(1);
    expect(arithmeticViolations(counts)).toEqual([]);
  });

  test("a full-text phase has reports sought, not retrieved, assessed and excluded", async () => {
    const { counts } = await countsOf(await smallWorkspace());
    const ft = counts.branches[0]!.phases[1]!;
    expect(ft.kind).toBe("reports");
    expect([ft.entered.n, ft.notRetrieved.n, ft.excluded.n, ft.included.n]).toEqual([4, 1, 1, 2]);
    expect(ft.reasons.map((r) => [r.code, r.n])).toEqual([["no-clinical", 1]]);
  });

  test("studies are counted once however many reports they have", async () => {
    const { counts } = await countsOf(await smallWorkspace());
    expect(counts.included.reports.n).toBe(3);
    expect(counts.included.studies).toBe(2);
  });

  test("an update counts previous studies from a file and only unseen studies as new", async () => {
    const root = await writeSyntheticWorkspace({
      review: twoPhaseReview({
        prisma: { notRetrieved: ["no-full-text"], previous: { file: "raw/previous/included.csv" } },
      }),
      clusters: SMALL_CLUSTERS,
      files: { "raw/previous/included.csv": "cluster_id,study_id\nc01,c01\nold1,old1\nold2,old2\n" },
    });
    const { counts } = await countsOf(root);
    expect(counts.previous).toEqual({ studies: 3, reports: 3, source: "raw/previous/included.csv" });
    expect(counts.included.newStudies).toBe(1);
    expect(counts.included.newReports.n).toBe(2);
    expect(counts.included.totalStudies).toBe(4);
    expect(counts.included.totalReports).toBe(5);
  });

  test("an update with bare numbers adds them to what is included now", async () => {
    const { counts } = await countsOf(await smallWorkspace({ prisma: { previous: { studies: 270 } } }));
    expect([counts.included.newStudies, counts.included.totalStudies, counts.included.totalReports]).toEqual([
      2, 272, 273,
    ]);
  });
});

describe("the arithmetic check", () => {
  test("stale tables stop the report with the numbers that do not add up", async () => {
    const root = await smallWorkspace();
    const clusters = await readFile(join(root, "processed/dedup/clusters.csv"), "utf8");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      join(root, "processed/dedup/clusters.csv"),
      clusters
        .split("\n")
        .filter((l) => !l.startsWith("sc000006,"))
        .join("\n"),
    );
    const { code, stderr } = await runCli(["prisma", "--workspace", root]);
    expect(code).toBe(1);
    expect(stderr).toContain("do not add up, so nothing was written");
    expect(stderr).toContain(
      "records deduplicated: 17 records in clusters.csv = 17, but records identified (records.csv) is 18",
    );
  });

  test("an inconsistent count is reported as an equation with its numbers", async () => {
    const { counts } = await countsOf(await smallWorkspace());
    counts.branches[0]!.phases[0]!.reasons[0]!.n = 735;
    counts.duplicates.n = 4_931;
    const violations = arithmeticViolations(counts);
    expect(violations).toContain(
      "journals branch, title-abstract: excluded by reason: 735 Not focused on LLMs + 1 Reason not settled (reviewers disagree) = 736, but excluded is 2",
    );
    expect(violations).toContain(
      "records after duplicates removed: 18 identified − 4,931 duplicates = -4,913, but the number of clusters is 14",
    );
  });
});
