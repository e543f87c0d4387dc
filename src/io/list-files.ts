/**
 * Listing the files of a folder the way every stage needs it: recursively, sorted by name
 * (so runs are deterministic on every file system), skipping what is not evidence.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Files in raw/ that describe evidence rather than hold records: notes, logs, hidden and temp files. */
export function isRecordFile(name: string): boolean {
  if (name.startsWith(".") || name.startsWith("_")) return false;
  if (/^(readme|manifest)(\.|$)/i.test(name)) return false;
  if (name === "search.json") return false; // the PRISMA-S search log of a fetch snapshot
  return !/\.(md|log|tmp)$/i.test(name);
}

export interface DirEntry {
  name: string;
  isDir: boolean;
}

/** Entries of a folder sorted by name; a missing folder is empty. */
export async function listDir(dir: string): Promise<DirEntry[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDir: e.isDirectory() })).sort((a, b) => compareNames(a.name, b.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Every record file below `dir`, depth first, sorted; hidden folders are skipped. */
export async function recordFilesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await listDir(dir)) {
    const full = join(dir, entry.name);
    if (entry.isDir) {
      if (!entry.name.startsWith(".")) out.push(...(await recordFilesBelow(full)));
    } else if (isRecordFile(entry.name)) out.push(full);
  }
  return out;
}

/** True when something (file or folder) is at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
