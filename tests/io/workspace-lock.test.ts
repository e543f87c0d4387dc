/**
 * One srpipe at a time on a workspace, and no temp file left behind by a killed run
 * (src/io/workspace-lock.ts, src/io/stale-temp-files.ts), through the CLI as a reviewer runs it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { LOCK_FILE } from "../../src/io/workspace-lock.js";
import { runCli } from "../cli-io.js";
import { testWorkspace, type TestWorkspace } from "../screening/review-workspace.js";

/** The pid of a process that has exited: what a run killed with -9 leaves in its lock and temp names. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

/** A live process that is not this one (the test runner's parent), as a concurrent srpipe would be. */
const livePid = process.ppid;

const lockOf = (pid: number, host = hostname()) =>
  JSON.stringify({ pid, host, command: "run", started: "2025-04-01T12:00:00.000Z", token: "other" });

let ws: TestWorkspace;
beforeEach(async () => {
  ws = await testWorkspace();
});

async function put(relative: string, text = "x"): Promise<void> {
  await mkdir(dirname(ws.path(relative)), { recursive: true });
  await writeFile(ws.path(relative), text);
}

describe("two srpipe processes on one workspace", () => {
  test("the second is refused while the first runs, naming it, and the first's lock is left alone", async () => {
    await put(LOCK_FILE, lockOf(livePid));
    const result = await runCli(["screen", "--workspace", ws.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `srpipe screen: ${LOCK_FILE}: expected no other srpipe working on this workspace, got srpipe run (pid ${livePid}, started 2025-04-01T12:00:00.000Z). ` +
        `Wait for it to finish and run again; if no srpipe is running (it was stopped on another machine), delete ${LOCK_FILE}.\n`,
    );
    expect(await readFile(ws.path(LOCK_FILE), "utf8")).toBe(lockOf(livePid));
    expect(existsSync(ws.path("raw/screening"))).toBe(false);
  });

  test("screen --check, which writes nothing, still runs while another srpipe holds the workspace", async () => {
    await put(LOCK_FILE, lockOf(livePid));
    const result = await runCli(["screen", "--check", "--workspace", ws.root]);
    expect(result.stderr).not.toContain("expected no other srpipe");
    expect(result.stderr).toContain("processed/eligibility/kept.csv");
    expect(await readFile(ws.path(LOCK_FILE), "utf8")).toBe(lockOf(livePid));
  });

  test("a lock from another machine is not taken for stale: it is refused, naming the host", async () => {
    await put(LOCK_FILE, lockOf(deadPid(), "lab-pc-7"));
    const result = await runCli(["screen", "--workspace", ws.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("on lab-pc-7, started");
  });

  test("a lock left by a run that was killed is removed with a warning, and the command runs", async () => {
    const pid = deadPid();
    await put(LOCK_FILE, lockOf(pid));
    const result = await runCli(["screen", "--workspace", ws.root]);
    expect(result.stderr).toContain(
      `removed ${LOCK_FILE} left by srpipe run (pid ${pid}, started 2025-04-01T12:00:00.000Z), which is no longer running`,
    );
    expect(result.stderr).not.toContain("expected no other srpipe");
    expect(existsSync(ws.path(LOCK_FILE))).toBe(false);
  });

  test("the lock is released when the command fails", async () => {
    const result = await runCli(["screen", "--workspace", ws.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("processed/eligibility/kept.csv");
    expect(existsSync(ws.path(LOCK_FILE))).toBe(false);
  });
});

describe("temp files a killed run left", () => {
  test("are removed by the next run; other files, and a live process's temp files, stay", async () => {
    const dead = deadPid();
    const left = [
      `processed/dedup/.unique.csv.${dead}.1746057600000.tmp`,
      `raw/screening/.title-abstract-hl.csv.${dead}.1746057600001.tmp`,
    ];
    const kept = [
      `processed/.records.csv.${livePid}.1746057600002.tmp`,
      "raw/exports/pubmed/notes.tmp",
      "raw/exports/pubmed/.draft.tmp",
      `raw/exports/pubmed/unique.csv.${dead}.1.tmp`,
    ];
    for (const file of [...left, ...kept]) await put(file);
    const result = await runCli(["screen", "--workspace", ws.root]);
    expect(result.stderr).toContain(`removed 2 temp files left by an interrupted run: ${left[0]}, ${left[1]}`);
    for (const file of left) expect(existsSync(ws.path(file))).toBe(false);
    for (const file of kept) expect(existsSync(ws.path(file))).toBe(true);
  });

  test("are not looked for in a command that does not run stages", async () => {
    const file = `processed/.records.csv.${deadPid()}.1.tmp`;
    await put(file);
    await runCli(["status", "--workspace", ws.root]);
    expect(existsSync(ws.path(file))).toBe(true);
  });
});
