import { openStageContext } from "../../src/stages/stage.js";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { terminalMessage } from "../../src/io/terminal-text.js";
import { createLogger } from "../../src/log.js";
import { eligibilityStage } from "../../src/stages/eligibility.js";
import { dedupeStage } from "../../src/stages/dedupe.js";
import { importStage } from "../../src/stages/import.js";
import { workspaceAt } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import { copySampleReview } from "../helpers.js";

const HOSTILE = "list\u001b[2J\nimported fake.ris: 999 records";

/** Every line of `text` that starts at the left margin: the lines srpipe itself started. */
const marginLines = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith(" "));

function capture(verbosity: "normal" | "verbose" = "normal") {
  const out: string[] = [];
  return {
    log: createLogger(verbosity, (text) => out.push(text), { terminal: false, color: false }),
    text: () => out.join(""),
  };
}

describe("the logger escapes what it prints", () => {
  test("an ESC sequence and a newline inside any message are escaped, and no forged line reaches the left margin", () => {
    const { log, text } = capture();
    log.info(`read ${HOSTILE}.csv`);
    log.warn(`${HOSTILE}.csv: no rows`);
    log.error(`cannot read ${HOSTILE}.csv`);
    expect(text()).not.toContain("\u001b");
    expect(marginLines(text())).toEqual([
      "read list\\u001b[2J",
      "warning: list\\u001b[2J",
      "error: cannot read list\\u001b[2J",
    ]);
    expect(text()).toContain("\n  imported fake.ris: 999 records.csv\n");
  });

  test("the lines of a message srpipe writes over several lines stay lines, indented after the first", () => {
    expect(terminalMessage("2 problems:\nraw/a.csv:3: bad\n  raw/b.csv:4: worse")).toBe(
      "2 problems:\n  raw/a.csv:3: bad\n  raw/b.csv:4: worse",
    );
    const { log, text } = capture();
    log.info("one line");
    expect(text()).toBe("one line\n");
  });

  test("a name already escaped by its stage is shown once escaped, not escaped twice", () => {
    expect(terminalMessage("a\\u001b.ris")).toBe("a\\u001b.ris");
  });
});

describe("a hostile file name reaching a stage's message cannot forge a line", () => {
  let ws = "";
  beforeEach(async () => {
    ws = await copySampleReview();
  });
  afterEach(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  test("a journal list named with ESC and a newline is echoed escaped by the eligibility stage", async () => {
    const workspace = workspaceAt(ws);
    const quiet = createLogger("quiet", () => {});
    await importStage.run(await openStageContext(workspace, quiet));
    await dedupeStage.run(await openStageContext(workspace, quiet));
    const listName = `raw/journals/${HOSTILE}.csv`;
    await rename(join(ws, "raw/journals/scimagojr-2021-library-and-information-sciences.csv"), join(ws, listName));
    const review = JSON.parse(await readFile(join(ws, "review.json"), "utf8"));
    review.eligibility.lists[0].file = listName;
    await writeFile(join(ws, "review.json"), JSON.stringify(review, null, 2));
    const { log, text } = capture("verbose");
    await eligibilityStage.run(await openStageContext(workspace, log));
    expect(text()).toContain("read raw/journals/list\\u001b[2J");
    expect(text()).not.toContain("\u001b");
    expect(marginLines(text()).filter((line) => line.startsWith("imported"))).toEqual([]);
  });

  test("an error naming such a file is escaped when the command line prints it", async () => {
    await mkdir(join(ws, "raw", "journals"), { recursive: true });
    const review = JSON.parse(await readFile(join(ws, "review.json"), "utf8"));
    review.eligibility.lists[0].file = `raw/journals/${HOSTILE}.csv`;
    await writeFile(join(ws, "review.json"), JSON.stringify(review, null, 2));
    await runCli(["import"], ws);
    await runCli(["dedupe"], ws);
    const result = await runCli(["eligibility"], ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("list\\u001b[2J");
    expect(result.stderr).not.toContain("\u001b");
    expect(marginLines(result.stderr).filter((line) => line.startsWith("imported"))).toEqual([]);
  });
});
