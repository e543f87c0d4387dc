/**
 * One srpipe at a time on a workspace. Two runs on the same files would both merge the sheets
 * and both rewrite processed/, each over the other's work; the second is refused instead, with
 * the holder named. The lock is `<workspace>/.srpipe.lock`, JSON with the holder's pid, host,
 * command and start time, created whole or not at all (written aside, then hard-linked into
 * place, which fails when the lock exists). A lock whose process is gone on this host (a run
 * killed with -9) is stale: it is removed, with a warning, and the run goes on. Taking the lock
 * is also when the temp files a killed run left are swept (src/io/stale-temp-files.ts): nobody
 * else is writing then.
 *
 * Re-entrant within a process: `srpipe run` holds it while each stage's own entry point takes it
 * again. Two parts of one process (test workers on threads) are told apart by a token.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { link, readFile, rm, writeFile } from "node:fs/promises";
import { SrpipeError } from "../errors.js";
import type { Logger } from "../log.js";
import { workspaceAt, type Workspace } from "../workspace.js";
import { pathExists } from "./list-files.js";
import { processAlive } from "./process-alive.js";
import { removeStaleTempFiles } from "./stale-temp-files.js";

export const LOCK_FILE = ".srpipe.lock";

interface LockHolder {
  pid: number;
  host: string;
  command: string;
  started: string;
  token: string;
}

export class WorkspaceBusyError extends SrpipeError {
  constructor(file: string, holder: LockHolder | null) {
    const who = holder
      ? `srpipe ${holder.command} (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`}, started ${holder.started})`
      : "another srpipe (its lock file cannot be read)";
    super(
      "input",
      `${file}: expected no other srpipe working on this workspace, got ${who}. Wait for it to finish and run again; ` +
        `if no srpipe is running (it was stopped on another machine), delete ${LOCK_FILE}.`,
      { file },
    );
  }
}

const held = new Map<string, { token: string; count: number }>();

async function readHolder(path: string): Promise<LockHolder | null | "gone"> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<LockHolder>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? (parsed as LockHolder) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    return null;
  }
}

async function createLock(path: string, holder: LockHolder): Promise<boolean> {
  const aside = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(aside, `${JSON.stringify(holder)}\n`);
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * Take the workspace's lock for `command` and return its release. Throws WorkspaceBusyError
 * when a live process holds it.
 */
export async function lockWorkspace(workspace: Workspace, command: string, log: Logger): Promise<() => Promise<void>> {
  const path = join(workspace.root, LOCK_FILE);
  const mine = held.get(workspace.root);
  if (mine) {
    mine.count++;
    return async () => release(workspace.root, path);
  }
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command,
    started: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  // Twice at most: once as it is, once after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLock(path, holder)) {
      held.set(workspace.root, { token: holder.token, count: 1 });
      const swept = await removeStaleTempFiles(workspace);
      if (swept.length > 0)
        log.warn(
          `removed ${swept.length === 1 ? "a temp file" : `${swept.length} temp files`} left by an interrupted run: ${swept.slice(0, 5).join(", ")}${swept.length > 5 ? ", …" : ""}`,
        );
      return async () => release(workspace.root, path);
    }
    const other = await readHolder(path);
    if (other === "gone") continue;
    const stale = other !== null && other.host === hostname() && other.pid !== process.pid && !processAlive(other.pid);
    if (!stale) throw new WorkspaceBusyError(LOCK_FILE, other);
    log.warn(
      `removed ${LOCK_FILE} left by srpipe ${other.command} (pid ${other.pid}, started ${other.started}), which is no longer running`,
    );
    await rm(path, { force: true });
  }
  throw new WorkspaceBusyError(LOCK_FILE, await readHolder(path).then((h) => (h === "gone" ? null : h)));
}

async function release(root: string, path: string): Promise<void> {
  const mine = held.get(root);
  if (!mine) return;
  if (--mine.count > 0) return;
  held.delete(root);
  const on = await readHolder(path);
  // Only our own lock goes: never one another process took after ours was (wrongly) removed.
  if (on !== "gone" && on !== null && on.token === mine.token) await rm(path, { force: true });
}

/**
 * The lock for a command that runs stages on the workspace at `root` (the CLI's --workspace or
 * the current folder), or null for a folder without review.json: the command then fails on its
 * own, with its own message, and no lock file is left in a folder that is not a workspace.
 */
export async function lockForCommand(
  root: string,
  command: string,
  log: Logger,
): Promise<(() => Promise<void>) | null> {
  const workspace = workspaceAt(root);
  if (!(await pathExists(workspace.reviewFile))) return null;
  return lockWorkspace(workspace, command, log);
}
