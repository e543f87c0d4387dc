/**
 * Temp files a killed run left behind (`.unique.csv.<pid>.<ms>.tmp`, src/io/atomic-write.ts):
 * removed by the next run, which holds the workspace lock (src/io/workspace-lock.ts). Only names
 * of srpipe's own temp pattern whose writing process is gone are touched; anything else, and a
 * temp file of a live process, stays. Symbolic links are not followed, so nothing outside the
 * workspace is looked at; .git and node_modules are not entered.
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { workspacePath, type Workspace } from "../workspace.js";
import { TEMP_FILE_NAME } from "./atomic-write.js";
import { processAlive } from "./process-alive.js";

const NOT_ENTERED = new Set([".git", "node_modules"]);

async function* tempFiles(dir: string): AsyncGenerator<{ path: string; pid: number }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_ENTERED.has(entry.name)) yield* tempFiles(path);
      continue;
    }
    const match = entry.isFile() ? TEMP_FILE_NAME.exec(entry.name) : null;
    if (match) yield { path, pid: Number(match[1]) };
  }
}

/** Removes the stale temp files; returns their workspace-relative paths, sorted. */
export async function removeStaleTempFiles(workspace: Workspace): Promise<string[]> {
  const removed: string[] = [];
  for await (const file of tempFiles(workspace.root)) {
    if (file.pid === process.pid || processAlive(file.pid)) continue;
    await rm(file.path, { force: true });
    removed.push(workspacePath(workspace, file.path));
  }
  return removed.sort();
}
