import { describe, expect, test } from "vitest";
import { createLogger, streamAbilities } from "../src/log.js";
import { finishedLine, progressLine } from "../src/progress.js";

/** A logger on a clock the test moves, writing into `out`. */
function clocked(terminal: boolean, verbosity: "quiet" | "normal" = "normal") {
  let now = 0;
  const out: string[] = [];
  const log = createLogger(verbosity, (text) => out.push(text), { terminal, color: false, now: () => now });
  return { log, out, tick: (ms: number) => (now += ms), text: () => out.join("") };
}

describe("the progress reporter", () => {
  test("draws nothing for work that ends within 2 s", () => {
    for (const terminal of [true, false]) {
      const { log, tick, text } = clocked(terminal);
      const progress = log.progress!("importing", "record", 100);
      progress.update(50);
      tick(1900);
      progress.update(100);
      progress.end();
      expect(text()).toBe("");
    }
  });

  test("on a terminal redraws one line in place with done of total, rate and ETA, and clears it at the end", () => {
    const { log, tick, text } = clocked(true);
    const progress = log.progress!("importing", "record", 10_000);
    tick(2500);
    progress.update(1000);
    expect(text()).toBe("\r\u001b[Kimporting: 1,000/10,000 records, 400/s, ETA 23 s");
    progress.end();
    expect(text().endsWith("\r\u001b[K")).toBe(true);
    expect(text()).not.toContain("\n");
  });

  test("off a terminal prints a single line when the work ends, never a redraw", () => {
    const { log, tick, text } = clocked(false);
    const progress = log.progress!("importing", "record", 10_000);
    for (let i = 1; i <= 10; i++) {
      tick(500);
      progress.update(i * 1000);
    }
    progress.end();
    progress.end();
    expect(text()).toBe("importing: 10,000 records in 5 s (2,000/s)\n");
  });

  test("--quiet shows no progress at all", () => {
    for (const terminal of [true, false]) {
      const { log, tick, text } = clocked(terminal, "quiet");
      const progress = log.progress!("importing", "record", 10);
      tick(10_000);
      progress.update(5);
      progress.end();
      expect(text()).toBe("");
    }
  });

  test("a warning written while a progress line is shown starts on a line of its own", () => {
    const { log, tick, text } = clocked(true);
    const progress = log.progress!("importing", "file", 3);
    tick(3000);
    progress.update(1);
    log.warn("raw/exports/x.ris: not an export, ignored");
    expect(text()).toBe(
      "\r\u001b[Kimporting: 1/3 files, 0.3/s, ETA 6 s\r\u001b[Kwarning: raw/exports/x.ris: not an export, ignored\n",
    );
    progress.end();
  });

  test("progress inside progress takes the line over, and off a terminal only the inner one prints its line", () => {
    const onTerminal = clocked(true);
    const stage = onTerminal.log.progress!("running import", "step", null);
    const files = onTerminal.log.progress!("importing", "file", 4);
    onTerminal.tick(3000);
    files.update(2);
    expect(onTerminal.text()).toBe("\r\u001b[Kimporting: 2/4 files, 0.7/s, ETA 3 s");
    files.end();
    onTerminal.tick(1000);
    stage.end();
    expect(onTerminal.text()).not.toContain("running import");

    const offTerminal = clocked(false);
    const outer = offTerminal.log.progress!("running import", "step", null);
    const inner = offTerminal.log.progress!("importing", "file", 4);
    offTerminal.tick(3000);
    inner.update(4);
    inner.end();
    outer.end();
    expect(offTerminal.text()).toBe("importing: 4 files in 3 s (1.3/s)\n");
    const alone = offTerminal.log.progress!("running dedupe", "step", null);
    offTerminal.tick(2500);
    alone.end();
    expect(offTerminal.text()).toBe("importing: 4 files in 3 s (1.3/s)\nrunning dedupe: done in 3 s\n");
  });

  test("lines read as the README shows them", () => {
    expect(progressLine("running dedupe", "step", 0, null, 4000)).toBe("running dedupe: 4 s");
    expect(finishedLine("running dedupe", "step", 0, 12_000)).toBe("running dedupe: done in 12 s");
    expect(progressLine("importing", "record", 1, 1, 2000)).toBe("importing: 1/1 record, 0.5/s");
    expect(finishedLine("fetching", "page", 12, 200_000)).toBe("fetching: 12 pages in 3 min 20 s (0.1/s)");
  });
});

describe("what the environment allows", () => {
  test("a terminal gets redrawn progress and colour; CI gets neither; NO_COLOR only drops colour; a pipe gets neither", () => {
    expect(streamAbilities({ isTTY: true }, {})).toEqual({ terminal: true, color: true });
    expect(streamAbilities({ isTTY: true }, { CI: "true" })).toEqual({ terminal: false, color: false });
    expect(streamAbilities({ isTTY: true }, { NO_COLOR: "1" })).toEqual({ terminal: true, color: false });
    expect(streamAbilities({}, {})).toEqual({ terminal: false, color: false });
  });

  test("warnings are coloured only when colour is allowed", () => {
    const out: string[] = [];
    createLogger("normal", (t) => out.push(t), { color: true }).warn("x");
    createLogger("normal", (t) => out.push(t), { color: false }).warn("x");
    expect(out).toEqual(["\u001b[33mwarning:\u001b[0m x\n", "warning: x\n"]);
  });
});
