import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runCli } from "../cli-io.js";
import { copySampleReview } from "../helpers.js";

describe("srpipe screen --help lists the review's own decisions and reasons", () => {
  let ws = "";
  let empty = "";
  beforeEach(async () => {
    ws = await copySampleReview();
    empty = await mkdtemp(join(tmpdir(), "srpipe-empty-"));
  });
  afterEach(async () => {
    await rm(ws, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  test("inside a workspace, every reason's code and label and each phase's criteria follow the generic help", async () => {
    const review = JSON.parse(await readFile(join(ws, "review.json"), "utf8"));
    const result = await runCli(["screen", "--help"], ws);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: srpipe screen");
    const own = result.stdout.slice(result.stdout.indexOf("This review's decisions, reasons and criteria"));
    expect(own).toContain("# Screening criteria");
    for (const reason of review.screening.reasons) expect(own).toContain(`\`${reason.code}\` — ${reason.label}.`);
    for (const phase of review.screening.phases) expect(own).toContain(`(\`${phase.id}\`)`);
  });

  test("--workspace DIR before --help reads that workspace's review.json", async () => {
    const result = await runCli(["screen", "-C", ws, "--help"], empty);
    expect(result.stdout).toContain("This review's decisions, reasons and criteria");
  });

  test("outside a workspace it says where the reasons come from", async () => {
    const result = await runCli(["screen", "--help"], empty);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'come from the "screening" section of\nreview.json in the workspace (not found here',
    );
    expect(result.stdout).not.toContain("# Screening criteria");
  });

  test("a review.json that does not validate is named in the help, which still exits 0", async () => {
    await writeFile(join(ws, "review.json"), '{"screening": 5}');
    const result = await runCli(["screen", "--help"], ws);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("This review's decisions and reasons cannot be listed: ");
    expect(result.stdout).toContain("review.json");
  });
});
