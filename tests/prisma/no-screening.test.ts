import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { countPrisma } from "../../src/prisma/count.js";
import { readProcessed } from "../../src/prisma/read-processed.js";
import { workspaceAt } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import { boxTexts } from "./svg-text.js";
import { referenceReview, writeSyntheticWorkspace, type ClusterSpec } from "./synthetic-workspace.js";
import { stageContextAt } from "../stage-context.js";

/** The reference review's protocol without its screening section: a review that has not started screening. */
function unscreenedReview(): object {
  const review = referenceReview() as { screening?: unknown };
  delete review.screening;
  return review;
}

const CLUSTERS: ClusterSpec[] = [
  { id: "c1", members: ["pubmed", "scopus"], branch: "journals", removed: null },
  { id: "c2", members: ["scopus"], branch: "journals", removed: null },
  { id: "c3", members: ["ieee"], branch: "journals", removed: "journal below threshold" },
  { id: "a1", members: ["arxiv"], branch: "arxiv", removed: null },
];

async function unscreened(): Promise<string> {
  return writeSyntheticWorkspace({ review: unscreenedReview(), clusters: CLUSTERS, noDecisions: true });
}

describe("a review without screening phases", () => {
  test("counts no included study: the records eligibility kept are not screened", async () => {
    const root = await unscreened();
    const { inputs } = await readProcessed(workspaceAt(root), (await stageContextAt(root)).review);
    const { counts, lists } = countPrisma(inputs);
    expect(counts.included.studies).toBe(0);
    expect(counts.included.reports.n).toBe(0);
    expect(counts.branches.map((b) => [b.id, b.notScreened?.n, b.included.n])).toEqual([
      ["journals", 2, 0],
      ["arxiv", 1, 0],
    ]);
    expect(lists.get("lists/journals-not-screened.csv")!.rows.map((r) => r[0])).toEqual(["c1", "c2"]);
    expect(lists.get("lists/included.csv")!.rows).toEqual([]);
  });

  test("srpipe prisma says so: summary, prisma.json, prisma2020.csv and the diagram show inclusion not reached", async () => {
    const ws = await unscreened();
    const result = await runCli(["prisma"], ws);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "not screened journals 2, arxiv 1 (review.json has no screening phases): no study included yet",
    );
    expect(result.stderr).not.toMatch(/studies included|3 studies/);
    const json = JSON.parse(await readFile(join(ws, "processed", "prisma", "prisma.json"), "utf8")) as {
      included: { reached: boolean; studies: number };
      screening: { branch: string; notScreened?: { n: number } }[];
    };
    expect(json.included).toMatchObject({ reached: false, studies: 0 });
    expect(json.screening.map((b) => b.notScreened?.n)).toEqual([2, 1]);
    const csv = new Map(
      (parse(await readFile(join(ws, "processed", "prisma", "prisma2020.csv"), "utf8")) as string[][]).map((r) => [
        r[0],
        r[7],
      ]),
    );
    for (const key of ["records_screened", "records_excluded", "new_studies", "new_reports", "total_studies"])
      expect(csv.get(key), key).toBe("NA");
    const boxes = boxTexts(await readFile(join(ws, "processed", "prisma", "prisma.svg"), "utf8"));
    expect(boxes.get("journals-not-screened")).toBe(
      "journals branch Records not screened (review.json has no screening phases) (n = 2)",
    );
    expect(boxes.get("included")).toBe("Studies included in review: not reached (no record screened yet)");
  });
});
