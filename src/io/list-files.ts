/**
 * Listing the files of a folder the way every stage needs it: recursively, sorted by name
 * (so runs are deterministic on every file system), skipping what is not evidence.
 */
import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { realPathInside } from "./workspace-path.js";

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
  /** A symbolic link (`isDir` false): where it leads is for the caller to check (io/workspace-path.ts). */
  isLink?: boolean;
}

/** Entries of a folder sorted by name; a missing folder is empty. */
export async function listDir(dir: string): Promise<DirEntry[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .map((e) =>
        e.isSymbolicLink() ? { name: e.name, isDir: false, isLink: true } : { name: e.name, isDir: e.isDirectory() },
      )
      .sort((a, b) => compareNames(a.name, b.name));
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

/**
 * Files a person puts beside exports that are plainly not records: notes, READMEs, PDFs of the
 * search strategy, screenshots. Listed once as "not an export" rather than read and rejected.
 * `.txt` is not among them: PubMed, Web of Science and EndNote all save exports as `.txt`.
 */
const NOT_EXPORT_EXTENSIONS = new Set([
  ".md",
  ".markdown",
  ".pdf",
  ".doc",
  ".docx",
  ".odt",
  ".rtf",
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".svg",
  ".webp",
  ".html",
  ".htm",
  ".log",
  ".pptx",
  ".eml",
  ".msg",
]);

export function isNotExportByName(name: string): boolean {
  return (
    /^(readme|manifest|notes?|license|licence)(\.|$)/i.test(name) ||
    NOT_EXPORT_EXTENSIONS.has(extname(name).toLowerCase())
  );
}

/** What a walk of an evidence folder found at one path. */
export type EvidenceEntry =
  | { kind: "file"; path: string }
  /** A person's note, README or PDF beside the exports. */
  | { kind: "not-export"; path: string }
  /** A symbolic link whose real path is outside the workspace (or nowhere): never read. */
  | { kind: "outside"; path: string; reason: string };

/**
 * Every file below `dir`, sorted depth first, classified for import. Hidden and temporary
 * files (`.DS_Store`, `.x.tmp`, `~$book.xlsx`) are skipped silently, as the search log
 * (search.json) is; symbolic links are followed only while their real path stays inside
 * `root` (the workspace), and a linked folder is walked once however many links lead to it.
 */
export async function evidenceBelow(
  root: string,
  dir: string,
  seen: Set<string> = new Set(),
): Promise<EvidenceEntry[]> {
  const here = await realPathInside(root, dir);
  if (here.inside) {
    if (seen.has(here.realPath)) return [];
    seen.add(here.realPath);
  }
  const out: EvidenceEntry[] = [];
  for (const entry of await listDir(dir)) {
    const path = join(dir, entry.name);
    if (
      entry.name.startsWith(".") ||
      entry.name.startsWith("~$") ||
      /\.tmp$/i.test(entry.name) ||
      entry.name === "search.json"
    )
      continue;
    let isDir = entry.isDir;
    if (entry.isLink) {
      const check = await realPathInside(root, path);
      if (!check.inside) {
        out.push({ kind: "outside", path, reason: check.reason });
        continue;
      }
      isDir = await stat(path).then(
        (s) => s.isDirectory(),
        () => false,
      );
    }
    if (isDir) out.push(...(await evidenceBelow(root, path, seen)));
    else if (isNotExportByName(entry.name) || entry.name.startsWith("_")) out.push({ kind: "not-export", path });
    else out.push({ kind: "file", path });
  }
  return out;
}
