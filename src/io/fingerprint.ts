/**
 * One hash for a set of files and folders: every file below them (dot-files and dot-folders such as
 * raw/screening/.history/ left out: backups and state, not content), by workspace-relative path and
 * content hash, in sorted order. A path that does not exist counts too, as "missing", so creating it
 * changes the fingerprint.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { sha256, sha256File } from "./hash.js";

async function filesBelow(path: string): Promise<string[] | null> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (info.isFile()) return [path];
  if (!info.isDirectory()) return [];
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const below = await filesBelow(join(path, entry.name));
    if (below) out.push(...below);
  }
  return out;
}

export async function fingerprintPaths(root: string, paths: readonly string[]): Promise<string> {
  const lines = new Set<string>();
  for (const path of paths) {
    const files = await filesBelow(path);
    const name = (p: string) => relative(root, p).split(sep).join("/");
    if (files === null) {
      lines.add(`${name(path)}\tmissing`);
      continue;
    }
    for (const file of files) lines.add(`${name(file)}\t${await sha256File(file)}`);
  }
  return sha256([...lines].sort().join("\n"));
}
