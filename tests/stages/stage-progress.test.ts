import { openStageContext } from "../../src/stages/stage.js";
import { rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createLogger } from "../../src/log.js";
import type { Progress } from "../../src/progress.js";
import { rankByRelevance } from "../../src/screening/prioritise.js";
import { dedupeStage } from "../../src/stages/dedupe.js";
import { eligibilityStage } from "../../src/stages/eligibility.js";
import { importStage } from "../../src/stages/import.js";
import { STAGES } from "../../src/stages/pipeline.js";
import { reportStage } from "../../src/stages/report.js";
import { workspaceAt } from "../../src/workspace.js";
import { copySampleReview } from "../helpers.js";

/**
 * A logger whose clock moves 2.5 s each time it is read, so every piece of work looks longer
 * than the 2 s after which progress shows, however fast the machine is.
 */
function slowClockLogger(terminal: boolean) {
  let now = 0;
  const out: string[] = [];
  const log = createLogger("normal", (text) => out.push(text), { terminal, color: false, now: () => (now += 2500) });
  return { log, text: () => out.join("") };
}

describe("long stages show their progress", () => {
  let ws = "";
  beforeEach(async () => {
    ws = await copySampleReview();
  });
  afterEach(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  test("off a terminal, dedupe and eligibility each print one line saying how many pairs or records they went through", async () => {
    const workspace = workspaceAt(ws);
    const quiet = slowClockLogger(false);
    await importStage.run(
      await openStageContext(
        workspace,
        createLogger("quiet", () => {}),
      ),
    );
    await dedupeStage.run(await openStageContext(workspace, quiet.log));
    await eligibilityStage.run(await openStageContext(workspace, quiet.log));
    const text = quiet.text();
    expect(text).toMatch(/^deduplicating: reading: [\d,]+ records in \d+ s \([\d.,]+\/s\)$/m);
    expect(text).toMatch(/^deduplicating: comparing: [\d,]+ pairs in \d+ s \([\d.,]+\/s\)$/m);
    expect(text).toMatch(/^checking journals: [\d,]+ records in \d+ s \([\d.,]+\/s\)$/m);
    expect(text).not.toContain("\r");
  });

  test("off a terminal, report prints one line for the processed/ tables it read for PRISMA", async () => {
    const workspace = workspaceAt(ws);
    for (const stage of STAGES.filter((s) => s !== reportStage))
      await stage.run(
        await openStageContext(
          workspace,
          createLogger("quiet", () => {}),
        ),
      );
    const slow = slowClockLogger(false);
    await reportStage.run(await openStageContext(workspace, slow.log));
    expect(slow.text()).toMatch(/^reading processed\/ for PRISMA: 6 tables in \d+ s/m);
  });

  test("on a terminal, dedupe redraws done of total pairs in place and clears the line when it ends", async () => {
    const workspace = workspaceAt(ws);
    await importStage.run(
      await openStageContext(
        workspace,
        createLogger("quiet", () => {}),
      ),
    );
    const terminal = slowClockLogger(true);
    await dedupeStage.run(await openStageContext(workspace, terminal.log));
    const text = terminal.text();
    expect(text).toMatch(/\r\u001b\[Kdeduplicating: comparing: [\d,]+\/[\d,]+ pairs/);
    expect(text).not.toMatch(/^deduplicating: comparing: .* in \d+ s/m);
  });
});

describe("the relevance ranking reports the records it scored", () => {
  test("reports up to every record once a model can be learnt, and nothing without labels of both kinds", () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({
      id: `r${i}`,
      text: i % 2 ? `large language model clinical note ${i}` : `soil bacteria sample ${i}`,
    }));
    const seen: [number, number | null | undefined][] = [];
    const progress: Progress = { update: (done, total) => void seen.push([done, total]), end() {} };
    rankByRelevance(
      items,
      new Map([
        ["r0", 0],
        ["r1", 1],
      ]),
      { seed: 1, progress },
    );
    expect(seen.at(-1)).toEqual([3000, 3000]);
    expect(seen.length).toBeGreaterThan(2);
    seen.length = 0;
    rankByRelevance(items, new Map([["r1", 1]]), { seed: 1, progress });
    expect(seen).toEqual([]);
  });
});
