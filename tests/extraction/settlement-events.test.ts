/**
 * raw/extraction/settlements.jsonl: each value a resolver settles in raw/extraction/resolution.csv
 * is recorded once, with what the extractors had written; a changed or cleared value is a new
 * event that supersedes the last; the file is evidence, so a line srpipe did not write stops
 * the stage before anything is written.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli-io.js";
import { doubleWorkspace, pinStampDate, readText, studyRow } from "./extraction-workspace.js";

pinStampDate();

const SHEET = "raw/extraction/resolution.csv";
const LOG = "raw/extraction/settlements.jsonl";

/** ann and bob disagree on two cells: s1 row 2's negative_result, s2 row 1's output. */
async function disputedWorkspace(): Promise<string> {
  const ann = [
    studyRow(),
    studyRow({ task: "Text summarization", subtask: "Report summarization", best_models: "" }),
    studyRow({ study_id: "s2", models_used: "GPT-4", best_models: "GPT-4" }),
  ];
  return doubleWorkspace(ann, [ann[0]!, { ...ann[1]!, negative_result: "yes" }, { ...ann[2]!, output: "image (2D)" }]);
}

async function events(root: string): Promise<{ [field: string]: unknown }[]> {
  const text = await readFile(join(root, LOG), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { [field: string]: unknown });
}

/** Types `value` as the final value of the sheet's row for `field`. */
async function settle(root: string, field: string, value: string): Promise<void> {
  const lines = (await readText(root, SHEET)).split("\n");
  const i = lines.findIndex((l) => l.split(",")[3] === field);
  const cells = lines[i]!.split(",");
  cells[9] = value;
  lines[i] = cells.join(",");
  await writeFile(join(root, SHEET), lines.join("\n"));
}

describe("settlements.jsonl", () => {
  test("records a settled value once, with the extractors' values and the sheet line; a rerun adds nothing", async () => {
    const root = await disputedWorkspace();
    const first = await runCli(["extract", "--workspace", root]);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain(LOG);
    await settle(root, "negative_result", "yes");
    const second = await runCli(["extract", "--workspace", root]);
    expect(second.stderr).toContain(`recorded 1 new or changed settlement in ${LOG}`);
    expect(await events(root)).toEqual([
      {
        schemaVersion: 1,
        seq: 1,
        firstSeen: "2025-05-01T00:00:00Z",
        sheet: "studies",
        item: "s1",
        row: "2",
        field: "negative_result",
        value: "yes",
        values: ["no", "yes"],
        extractors: ["ann", "bob"],
        line: 2,
        supersedes: null,
      },
    ]);
    const before = await readText(root, LOG);
    const third = await runCli(["extract", "--workspace", root]);
    expect(third.stderr).not.toContain("settlement");
    expect(await readText(root, LOG)).toBe(before);
  });

  test("a changed final value supersedes the last event and a cleared one is recorded as null; --check records nothing", async () => {
    const root = await disputedWorkspace();
    await runCli(["extract", "--workspace", root]);
    await settle(root, "negative_result", "yes");
    await runCli(["extract", "--workspace", root]);
    await settle(root, "negative_result", "no");
    await settle(root, "output", "text");
    const checked = await runCli(["extract", "--check", "--workspace", root]);
    expect(checked.code).toBe(0);
    expect(await events(root)).toHaveLength(1);
    await runCli(["extract", "--workspace", root]);
    await settle(root, "negative_result", "");
    const cleared = await runCli(["extract", "--workspace", root]);
    expect(cleared.stderr).toContain(`recorded 1 new or changed settlement in ${LOG}`);
    expect((await events(root)).map((e) => [e.seq, e.field, e.value, e.line, e.supersedes])).toEqual([
      [1, "negative_result", "yes", 2, null],
      [2, "negative_result", "no", 2, 1],
      [3, "output", "text", 3, null],
      [4, "negative_result", null, null, 2],
    ]);
  });

  test("a line srpipe did not write stops extract at file:line, and no sheet or processed file is written", async () => {
    const root = await disputedWorkspace();
    await runCli(["extract", "--workspace", root]);
    await settle(root, "negative_result", "yes");
    await runCli(["extract", "--workspace", root]);
    const good = await readText(root, LOG);
    await writeFile(join(root, LOG), `${good}{"seq": "two"}\n`);
    await settle(root, "output", "text");
    const sheet = await readText(root, SHEET);
    const processed = await readText(root, "processed/extraction/studies.csv");
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /raw\/extraction\/settlements\.jsonl:2: .*expected a settlement event as srpipe appends them/,
    );
    expect(await readText(root, SHEET)).toBe(sheet);
    expect(await readText(root, "processed/extraction/studies.csv")).toBe(processed);
    expect(await readText(root, LOG)).toBe(`${good}{"seq": "two"}\n`);
  });
});
