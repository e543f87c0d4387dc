/**
 * The workspace is a boundary: srpipe reads and writes only below the workspace root. Two
 * kinds of path come from outside srpipe's control and are checked here, in one place:
 *
 * - a path *written in a file* srpipe does not own (review.json's `extraction.taxonomy`,
 *   search.json's page names): `confinePath` resolves it against the workspace and refuses an
 *   absolute path or one whose `..` steps climb out, before anything is opened (so an error
 *   never shows the start, the existence or a hash of a file elsewhere);
 * - a path *found on disk* under raw/ that may be a symbolic link (or sit in a linked folder):
 *   `realPathInside` follows links and says whether the real path still lies below the real
 *   workspace root. A link that stays inside is as good as the file; one that leads out is
 *   refused by the caller with one warning.
 *
 * Both compare real paths of the root too, so a workspace that is itself reached through a
 * link (`/home/me/review -> /data/review`) still works.
 */
import { realpathSync } from "node:fs";
import { lstat, readFile, realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.js";

/** A path that leads outside the workspace, named by what pointed to it. */
export class OutsideWorkspaceError extends InputError {
  constructor(context: { file: string; field?: string; line?: number; got: string }) {
    super({ ...context, expected: "a path inside the workspace (relative to its folder, without .. steps out of it)" });
  }
}

/** True when `path` is `root` itself or lies below it (both absolute; compared as written). */
export function isBelow(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * `name`, as written in `context.file` (at `context.field`), resolved against the workspace
 * root; throws OutsideWorkspaceError for an absolute path, a path that climbs out, or a NUL.
 * Lexical only (no disk access): call `realPathInside` before reading when links may be involved.
 */
export function confinePath(
  root: string,
  name: string,
  context: { file: string; field?: string; line?: number },
): string {
  const shown = JSON.stringify(name);
  if (name.includes("\u0000")) throw new OutsideWorkspaceError({ ...context, got: `${shown} (a NUL character)` });
  if (isAbsolute(name) || /^[a-zA-Z]:[\\/]/.test(name) || name.startsWith("\\\\")) {
    throw new OutsideWorkspaceError({ ...context, got: `the absolute path ${shown}` });
  }
  const path = resolve(root, name);
  if (!isBelow(resolve(root), path))
    throw new OutsideWorkspaceError({ ...context, got: `${shown}, which leads out of the workspace` });
  return path;
}

export type RealPathCheck =
  | { inside: true; realPath: string }
  /** `realPath` is where the link leads (or null when it leads nowhere that exists). */
  | { inside: false; realPath: string | null; reason: string };

async function realRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch {
    return resolve(root);
  }
}

/**
 * Whether `path` (absolute, below `root` as written) really lies inside the workspace once
 * every symbolic link on the way is followed. A path that does not exist yet is judged by its
 * nearest existing parent, so a folder about to be created inside a linked-out folder is caught.
 */
export async function realPathInside(root: string, path: string): Promise<RealPathCheck> {
  const base = await realRoot(root);
  let probe = resolve(path);
  let suffix = "";
  for (;;) {
    try {
      const real = await realpath(probe);
      const full = suffix === "" ? real : resolve(real, suffix);
      if (isBelow(base, full)) return { inside: true, realPath: full };
      return {
        inside: false,
        realPath: full,
        reason: `a link that leads outside the workspace, to ${JSON.stringify(full)}`,
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") return { inside: false, realPath: null, reason: "a loop of symbolic links" };
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      // A dangling link is itself present (lstat works) but leads nowhere.
      if (
        probe === resolve(path) &&
        (await lstat(probe).then(
          (s) => s.isSymbolicLink(),
          () => false,
        ))
      ) {
        return { inside: false, realPath: null, reason: "a symbolic link to something that does not exist" };
      }
      const parent = dirname(probe);
      if (parent === probe) return { inside: false, realPath: null, reason: "a path that does not exist" };
      suffix = suffix === "" ? relative(parent, probe) : `${relative(parent, probe)}${sep}${suffix}`;
      probe = parent;
    }
  }
}

/** `realPathInside`, throwing OutsideWorkspaceError (named by `shown`) when the path leads out. */
export async function assertRealPathInside(root: string, path: string, shown: string): Promise<string> {
  const check = await realPathInside(root, path);
  if (!check.inside) throw new OutsideWorkspaceError({ file: shown, got: check.reason });
  return check.realPath;
}

/** The synchronous lexical check plus a real-path check, for callers that cannot await (a stage's `inputs`). */
export function confinedRealPathSync(root: string, name: string): string | null {
  let path: string;
  try {
    path = confinePath(root, name, { file: "review.json" });
  } catch {
    return null;
  }
  try {
    let base: string;
    try {
      base = realpathSync(root);
    } catch {
      base = resolve(root);
    }
    return isBelow(base, realpathSync(path)) ? path : null;
  } catch {
    return path; // does not exist (yet): the lexical check is all there is to go on
  }
}

/**
 * A path review.json names (at `field`), confined to the workspace both as written and once
 * links are followed: the one check for every file the protocol points srpipe at (journal
 * lists, the previous version's included list). Throws OutsideWorkspaceError naming the field.
 */
export async function reviewNamedPath(
  root: string,
  name: string,
  context: { file: string; field: string },
): Promise<string> {
  const path = confinePath(root, name, context);
  const check = await realPathInside(root, path);
  if (!check.inside && check.realPath !== null)
    throw new OutsideWorkspaceError({ ...context, got: `${JSON.stringify(name)}, ${check.reason}` });
  return path;
}

/**
 * A reviewer-owned file at a fixed place under raw/ (a screening or extraction sheet,
 * raw/overrides/duplicates.csv), read only when it really lies inside the workspace: null when
 * it does not exist, OutsideWorkspaceError (naming `shown`) when it is a link that leads out.
 * Refused rather than skipped: going on without it would drop the reviewer's decisions, and
 * writing a fresh file in its place would hide the link.
 */
export async function readReviewerFile(root: string, path: string, shown: string): Promise<Buffer | null> {
  const check = await realPathInside(root, path);
  if (!check.inside && (check.realPath !== null || check.reason !== "a path that does not exist")) {
    throw new OutsideWorkspaceError({ file: shown, got: `${check.reason} (not read, not written)` });
  }
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
