/**
 * A search snapshot: one folder raw/searches/<database>/<query>/<UTC stamp>/ holding the pages
 * of one fetch as received, and `search.json` (search-log.ts), its search log and manifest,
 * rewritten after every page: "running" while pages arrive, then "complete" or "failed".
 * Fetch writes and resumes snapshots; import reads the record pages of the newest complete
 * one; `fetch --discard-failed` sets unfinished ones aside. This module is the only one that
 * reads or writes search.json.
 */
import { compactStamp } from "../io/stamp-clock.js";
import { mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ProtocolError, SrpipeError, describeUnknownError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { sha256 } from "../io/hash.js";
import { listDir } from "../io/list-files.js";
import { terminalSafe } from "../io/terminal-text.js";
import type { Logger } from "../log.js";
import { validate, type Query } from "../protocol.js";
import { SearchLogSchema, type SearchLog, type SearchPage } from "./search-log.js";
import type { ApiSource } from "../sources/api-source.js";
import { workspacePath, type Workspace } from "../workspace.js";

const STAMP = /^\d{8}T\d{6}Z$/;

/**
 * The folder holding every snapshot of one search: raw/searches/<database>/<query>/, or, for
 * one of a query file's strings, raw/searches/<database>/<query>/<string>/.
 */
export function querySnapshotsDir(
  workspace: Workspace,
  database: string,
  queryId: string,
  stringId: string | null = null,
): string {
  return stringId === null
    ? join(workspace.searchesDir, database, queryId)
    : join(workspace.searchesDir, database, queryId, stringId);
}

/** What a snapshot folder's search.json says: nothing (no such file), something unreadable, or a valid log. */
type SearchLogRead = { state: "missing" } | { state: "invalid"; why: string } | { state: "valid"; log: SearchLog };

async function readSearchLog(dir: string): Promise<SearchLogRead> {
  const file = join(dir, "search.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { state: "missing" };
  }
  try {
    return { state: "valid", log: validate(SearchLogSchema, JSON.parse(text), terminalSafe(file)) };
  } catch (error) {
    return {
      state: "invalid",
      why: error instanceof ProtocolError ? error.message : `not JSON (${(error as Error).message})`,
    };
  }
}

/** What keeps the API key and e-mail out of saved files and printed lines (the HTTP client knows them). */
export interface Redactor {
  redact(text: string): string;
  redactBytes(body: Buffer): { body: Buffer; replaced: number };
}

/** A record id in a saved records page, with the page and the date slice it is in. */
export interface SavedId {
  id: string;
  file: string;
  slice: number | undefined;
}

/** A snapshot folder being written (or resumed) by fetch, and its search log, written after every change. */
export class Snapshot {
  constructor(
    readonly dir: string,
    public log: SearchLog,
    private readonly source: ApiSource,
    private readonly secrets: Redactor,
  ) {}

  static async create(
    queryDir: string,
    log: SearchLog,
    source: ApiSource,
    now: Date,
    secrets: Redactor,
  ): Promise<Snapshot> {
    await mkdir(queryDir, { recursive: true });
    const taken = (await listDir(queryDir)).map((e) => e.name).filter((name) => STAMP.test(name));
    let at = now.getTime();
    // A new snapshot must sort after every existing one, or import would not take it as the newest.
    while (taken.some((name) => name >= compactStamp(new Date(at)))) at += 1000;
    for (;;) {
      const dir = join(queryDir, compactStamp(new Date(at)));
      try {
        await mkdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          at += 1000;
          continue;
        }
        throw error;
      }
      const snapshot = new Snapshot(dir, log, source, secrets);
      await snapshot.write();
      return snapshot;
    }
  }

  /** The newest snapshot folder of a query, with its log (null when search.json is missing or does not validate). */
  static async newest(queryDir: string): Promise<{ dir: string; log: SearchLog | null } | null> {
    const stamps = (await listDir(queryDir)).filter((e) => e.isDir && !e.name.startsWith(".")).map((e) => e.name);
    const last = stamps.at(-1);
    if (last === undefined) return null;
    const dir = join(queryDir, last);
    const read = await readSearchLog(dir);
    return { dir, log: read.state === "valid" ? read.log : null };
  }

  async write(): Promise<void> {
    // A server may echo the request (PubMed's QueryTranslation, an error): nothing it sent back
    // may carry the key or e-mail into the log.
    await this.writeFile("search.json", this.secrets.redact(`${JSON.stringify(this.log, null, 2)}\n`));
  }

  private async writeFile(name: string, content: string | Uint8Array): Promise<void> {
    try {
      await writeFileAtomic(join(this.dir, name), content);
    } catch (error) {
      throw new SrpipeError(
        "io",
        `cannot write ${join(this.dir, name)}: ${(error as NodeJS.ErrnoException).code ?? describeUnknownError(error)}`,
        { file: join(this.dir, name) },
        { cause: error },
      );
    }
  }

  /** Save a response as received, then the log that lists it (a page not in the log is not part of the snapshot). */
  async addPage(
    role: SearchPage["role"],
    received: Buffer,
    count: number,
    request: string,
    slice: number | null,
    before?: () => void,
  ): Promise<string> {
    const file = this.nextFile(role);
    const { body, replaced } = this.secrets.redactBytes(received);
    await this.writeFile(file, body);
    const page: SearchPage = { file, role, sha256: sha256(body), count, request };
    if (slice !== null) page.slice = slice;
    if (replaced > 0) page.redacted = replaced;
    this.log.pages.push(page);
    if (role === "records") this.log.recordsRetrieved += count;
    before?.();
    await this.write();
    return file;
  }

  /** The name the n-th page of a role is saved under (`efetch-0003.xml`, `page-0003.json`). */
  pageFile(role: SearchPage["role"], number: number): string {
    const stem = role === "search" ? this.source.files.search : this.source.files.records;
    return `${stem}-${String(number).padStart(4, "0")}.${this.source.fileExtension ?? "xml"}`;
  }

  nextFile(role: SearchPage["role"]): string {
    return this.pageFile(role, this.log.pages.filter((p) => p.role === role).length + 1);
  }

  /** The ids in every records page saved so far, with the page each is in, in order. */
  async savedIds(): Promise<SavedId[]> {
    const out: SavedId[] = [];
    for (const page of this.log.pages.filter((p) => p.role === "records")) {
      for (const id of this.source.recordIds(await readFile(join(this.dir, page.file))))
        out.push({ id, file: page.file, slice: page.slice });
    }
    return out;
  }

  /** The next cursor each saved records page of a slice names, in page order (to resume cursor paging). */
  async savedCursors(
    slice: number,
    nextCursor: (page: Buffer) => string | null,
  ): Promise<{ file: string; next: string | null }[]> {
    const out: { file: string; next: string | null }[] = [];
    for (const page of this.log.pages.filter((p) => p.role === "records" && p.slice === slice))
      out.push({ file: page.file, next: nextCursor(await readFile(join(this.dir, page.file))) });
    return out;
  }

  recordsIn(slice: number): number {
    let n = 0;
    for (const p of this.log.pages) if (p.role === "records" && p.slice === slice) n += p.count;
    return n;
  }

  /** Temp files left by a write that was killed halfway. */
  async removeTempFiles(): Promise<void> {
    for (const name of await readdir(this.dir))
      if (name.startsWith(".") && name.endsWith(".tmp")) await rm(join(this.dir, name), { force: true });
  }
}

/** A snapshot import may read, as import reads it. */
export interface CompleteSnapshot {
  dir: string;
  /**
   * The record pages search.json lists (their paths in the snapshot folder), with their
   * sha256; null for pages saved by hand (no log).
   */
  pages: { path: string; sha256: string }[] | null;
}

/**
 * The newest snapshot whose fetch finished. Snapshot folders are UTC stamps
 * (`20250401T000000Z`), so the newest sorts last. A snapshot without search.json holds pages
 * saved by hand and counts as complete; one whose log does not say "complete" (an interrupted
 * or failed fetch) is passed over, with a warning, for the next older one.
 */
async function newestCompleteSnapshot(queryDir: string, log?: Logger): Promise<CompleteSnapshot | null> {
  const stamps = (await listDir(queryDir)).filter((e) => e.isDir && !e.name.startsWith(".")).map((e) => e.name);
  for (const stamp of stamps.reverse()) {
    const dir = join(queryDir, stamp);
    const read = await readSearchLog(dir);
    if (read.state === "missing") return { dir, pages: null };
    if (read.state === "invalid") {
      log?.warn(`${read.why}; snapshot skipped (not a search log srpipe fetch can vouch for)`);
      continue;
    }
    if (read.log.status !== "complete") {
      log?.warn(
        `skipped snapshot ${terminalSafe(dir)}: its fetch is ${read.log.status} (run \`srpipe fetch --resume\`)`,
      );
      continue;
    }
    // Page names are bare file names (SnapshotFileNameSchema): search.json cannot point out of its snapshot.
    return {
      dir,
      pages: read.log.pages
        .filter((p) => p.role === "records")
        .map((p) => ({ path: join(dir, p.file), sha256: p.sha256 })),
    };
  }
  return null;
}

/**
 * The newest complete snapshot of every query folder under raw/searches/<database>/<query>/,
 * in folder order; dot-folders (set aside, or not ours) are passed over.
 */
export async function* newestCompleteSnapshots(
  workspace: Workspace,
  log?: Logger,
  queries: readonly Query[] = [],
): AsyncGenerator<{ database: string; queryId: string; stringId?: string; snapshot: CompleteSnapshot }> {
  for (const db of await listDir(workspace.searchesDir)) {
    if (!db.isDir || db.name.startsWith(".")) continue;
    for (const query of await listDir(join(workspace.searchesDir, db.name))) {
      if (!query.isDir || query.name.startsWith(".")) continue;
      const strings = queries.find((q) => q.id === query.name && q.database === db.name)?.strings;
      if (strings === undefined) {
        const snapshot = await newestCompleteSnapshot(querySnapshotsDir(workspace, db.name, query.name), log);
        if (snapshot !== null) yield { database: db.name, queryId: query.name, snapshot };
        continue;
      }
      // A query file with strings: each string has its own snapshots, one folder down.
      const queryDir = querySnapshotsDir(workspace, db.name, query.name);
      const known = new Set(strings.map((s) => s.id));
      for (const entry of await listDir(queryDir)) {
        if (entry.isDir && !entry.name.startsWith(".") && !known.has(entry.name))
          log?.warn(
            `skipped ${terminalSafe(join(queryDir, entry.name))}: not a string of queries/${query.name} (its strings: ${[...known].join(", ")})`,
          );
      }
      for (const string of strings) {
        const dir = querySnapshotsDir(workspace, db.name, query.name, string.id);
        const snapshot = await newestCompleteSnapshot(dir, log);
        if (snapshot !== null) yield { database: db.name, queryId: query.name, stringId: string.id, snapshot };
      }
    }
  }
}

const DISCARDED_PREFIX = ".discarded-";

export interface DiscardedSnapshot {
  dir: string;
  /** Where it now is: `.discarded-<stamp>` beside it. */
  aside: string;
  status: "failed" | "running";
}

/**
 * `fetch --discard-failed` for one query folder: every failed or interrupted snapshot is
 * renamed `.discarded-<stamp>`. Nothing is deleted: the pages and the search log stay as they
 * were, for anyone who wants to look; but import and `--resume` pass over dot-folders, so the
 * snapshot stops being warned about on every later run. A folder without a readable
 * search.json (pages saved by hand) is not ours to judge and stays.
 */
export async function discardUnfinished(
  workspace: Workspace,
  queryDir: string,
  onDiscarded: (snapshot: DiscardedSnapshot) => void,
): Promise<number> {
  let discarded = 0;
  for (const entry of await listDir(queryDir)) {
    if (!entry.isDir || !STAMP.test(entry.name)) continue;
    const dir = join(queryDir, entry.name);
    const read = await readSearchLog(dir);
    const status = read.state === "valid" ? read.log.status : null;
    if (status !== "failed" && status !== "running") continue;
    const aside = join(queryDir, `${DISCARDED_PREFIX}${entry.name}`);
    try {
      await rename(dir, aside);
    } catch (error) {
      throw new SrpipeError(
        "io",
        `cannot rename ${workspacePath(workspace, dir)} to ${workspacePath(workspace, aside)}: ${(error as NodeJS.ErrnoException).code ?? describeUnknownError(error)}`,
        { file: dir },
        { cause: error },
      );
    }
    discarded++;
    onDiscarded({ dir, aside, status });
  }
  return discarded;
}
