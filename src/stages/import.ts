/**
 * The import stage: every file under raw/searches/ (the newest complete snapshot of each
 * query) and raw/exports/ becomes rows of processed/records.csv, each with its provenance;
 * what cannot be read goes to processed/rejects.csv with the reason. Nothing stops the run
 * but a workspace that cannot be found.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic-write.js";
import { listDir, pathExists, recordFilesBelow } from "../io/list-files.js";
import { csvDocument, type CsvCell } from "../io/csv-write.js";
import { sha256File } from "../io/hash.js";
import { counted, startProgress, type Logger } from "../log.js";
import { loadQueries, loadReview, type Query } from "../protocol.js";
import { SearchLogSchema, type SearchLog } from "../search-log.js";
import type { FormatId, Record, Reject } from "../record.js";
import { rejectMessage } from "../record.js";
import {
  REJECTS_CSV_HEADER,
  RECORDS_CSV_HEADER,
  compareRecords,
  compareRejects,
  compareStrings,
  recordToRow,
  rejectToRow,
} from "../record-csv.js";
import { readWith } from "../sources/read.js";
import { chooseAdapter } from "../sources/registry.js";
import { workspacePath, type Workspace } from "../workspace.js";
import type { Stage, StageContext, StageResult } from "./stage.js";

/** One file the stage will read, and what the folder it sits in says about it. */
export interface ImportSource {
  path: string;
  /** Workspace-relative, forward slashes: what provenance records. */
  name: string;
  database: string;
  queryId: string | null;
  /** For API searches: the snapshot folder chosen (`raw/searches/pubmed/q1/20250401T000000Z`). */
  snapshot: string | null;
  /** The page's sha256 as the search log recorded it; a page that no longer matches is rejected. */
  sha256: string | null;
}

export interface ImportFileSummary {
  file: string;
  format: FormatId | null;
  database: string;
  queryId: string | null;
  records: number;
  rejected: number;
}

export const IMPORT_FILES_CSV_HEADER = ["file", "format", "database", "query_id", "records", "rejected"] as const;

export interface Snapshot {
  dir: string;
  /** The record pages search.json lists, with their sha256; null for pages saved by hand (no log). */
  pages: { file: string; sha256: string }[] | null;
}

/**
 * The newest snapshot whose fetch finished. Snapshot folders are UTC stamps
 * (`20250401T000000Z`), so the newest sorts last. A snapshot without search.json holds pages
 * saved by hand and counts as complete; one whose log does not say "complete" (an interrupted
 * or failed fetch) is passed over, with a warning, for the next older one.
 */
export async function newestCompleteSnapshot(queryDir: string, log?: Logger): Promise<Snapshot | null> {
  const stamps = (await listDir(queryDir)).filter((e) => e.isDir && !e.name.startsWith(".")).map((e) => e.name);
  for (const stamp of stamps.reverse()) {
    const dir = join(queryDir, stamp);
    let text: string;
    try {
      text = await readFile(join(dir, "search.json"), "utf8");
    } catch {
      return { dir, pages: null };
    }
    let parsed: SearchLog | null = null;
    try {
      const result = SearchLogSchema.safeParse(JSON.parse(text));
      parsed = result.success ? result.data : null;
    } catch {
      parsed = null;
    }
    if (parsed === null) {
      log?.warn(`${join(dir, "search.json")}: expected a search log (srpipe fetch), got a file that does not validate; snapshot skipped`);
      continue;
    }
    if (parsed.status !== "complete") {
      log?.warn(`skipped snapshot ${dir}: its fetch is ${parsed.status} (run \`srpipe fetch --resume\`)`);
      continue;
    }
    return { dir, pages: parsed.pages.filter((p) => p.role === "records").map((p) => ({ file: p.file, sha256: p.sha256 })) };
  }
  return null;
}

/** Which query a manual export belongs to: the query whose exportPath holds it, else its folder name. */
function queryForExport(name: string, database: string, folder: string | null, queries: readonly Query[]): string | null {
  for (const query of queries) {
    const prefix = query.exportPath?.replace(/^\.\//, "").replace(/\/?$/, "/");
    if (prefix && name.startsWith(prefix)) return query.id;
  }
  const byFolder = queries.find((q) => q.id === folder && q.database === database);
  return byFolder ? byFolder.id : null;
}

export async function listImportSources(workspace: Workspace, queries: readonly Query[], log?: Logger): Promise<ImportSource[]> {
  const sources: ImportSource[] = [];
  for (const db of await listDir(workspace.searchesDir)) {
    if (!db.isDir || db.name.startsWith(".")) continue;
    for (const query of await listDir(join(workspace.searchesDir, db.name))) {
      if (!query.isDir || query.name.startsWith(".")) continue;
      const snapshot = await newestCompleteSnapshot(join(workspace.searchesDir, db.name, query.name), log);
      if (snapshot === null) continue;
      const pages = snapshot.pages
        ? snapshot.pages.map((p) => ({ path: join(snapshot.dir, p.file), sha256: p.sha256 }))
        : (await recordFilesBelow(snapshot.dir)).map((path) => ({ path, sha256: null }));
      for (const page of pages) {
        sources.push({
          path: page.path,
          name: workspacePath(workspace, page.path),
          database: db.name,
          queryId: query.name,
          snapshot: workspacePath(workspace, snapshot.dir),
          sha256: page.sha256,
        });
      }
    }
  }
  for (const db of await listDir(workspace.exportsDir)) {
    if (!db.isDir || db.name.startsWith(".")) continue;
    for (const path of await recordFilesBelow(join(workspace.exportsDir, db.name))) {
      const name = workspacePath(workspace, path);
      const folder = name.split("/")[3] ?? null; // raw/exports/<db>/<folder>/file
      const inFolder = name.split("/").length > 4 ? folder : null;
      sources.push({ path, name, database: db.name, queryId: queryForExport(name, db.name, inFolder, queries), snapshot: null, sha256: null });
    }
  }
  return sources;
}

export interface ImportResult {
  records: Record[];
  rejects: Reject[];
  files: ImportFileSummary[];
}

const SHOWN_REJECTS_PER_FILE = 5;
const PROGRESS_EVERY = 25_000;

export async function importSources(sources: readonly ImportSource[], context: StageContext): Promise<ImportResult> {
  const { log } = context;
  const records: Record[] = [];
  const rejects: Reject[] = [];
  const files: ImportFileSummary[] = [];
  const snapshotsShown = new Set<string>();
  const progress = startProgress(log, "importing", "file", sources.length);
  for (const source of sources) {
    progress.update(files.length);
    if (source.snapshot && !snapshotsShown.has(source.snapshot)) {
      snapshotsShown.add(source.snapshot);
      log.info(`using snapshot ${source.snapshot}`);
    }
    const summary: ImportFileSummary = { file: source.name, format: null, database: source.database, queryId: source.queryId, records: 0, rejected: 0 };
    let shown = 0;
    if (source.sha256 !== null) {
      const actual = await sha256File(source.path).catch(() => null);
      if (actual !== source.sha256) {
        const reject: Reject = {
          file: source.name, position: 0, line: null, field: null,
          expected: `the page search.json records (sha256 ${source.sha256.slice(0, 12)}…)`,
          got: actual === null ? "no such file" : `a file whose sha256 is ${actual.slice(0, 12)}… (changed after the fetch)`,
        };
        rejects.push(reject);
        summary.rejected++;
        log.warn(rejectMessage(reject));
        files.push(summary);
        continue;
      }
    }
    const items = readWith(
      source.path,
      (text) => {
        const adapter = chooseAdapter(text, "auto");
        summary.format = adapter.id;
        return adapter;
      },
      { displayName: source.name, queryId: source.queryId, database: source.database, forceDatabase: true },
    );
    for await (const item of items) {
      if (item.kind === "record") {
        records.push(item.record);
        summary.records++;
        if (summary.records % PROGRESS_EVERY === 0) log.info(`reading ${source.name}: ${summary.records.toLocaleString("en")} records…`);
      } else {
        rejects.push(item.reject);
        summary.rejected++;
        if (shown++ < SHOWN_REJECTS_PER_FILE) log.warn(rejectMessage(item.reject));
      }
    }
    if (shown > SHOWN_REJECTS_PER_FILE) log.warn(`… and ${shown - SHOWN_REJECTS_PER_FILE} more rejects from ${source.name} in processed/rejects.csv`);
    log.info(
      `imported ${source.name}: ${counted(summary.records, "record")}, ${summary.rejected.toLocaleString("en")} rejected${summary.format ? ` (${summary.format})` : ""}`,
    );
    files.push(summary);
  }
  progress.update(files.length);
  progress.end();
  return { records, rejects, files };
}

export function importFilesRow(summary: ImportFileSummary): CsvCell[] {
  return [summary.file, summary.format, summary.database, summary.queryId, summary.records, summary.rejected];
}

export function importOutputs(workspace: Workspace) {
  return {
    records: join(workspace.processedDir, "records.csv"),
    rejects: join(workspace.processedDir, "rejects.csv"),
    files: join(workspace.processedDir, "import-files.csv"),
  };
}

export async function writeImportResult(workspace: Workspace, result: ImportResult): Promise<void> {
  const out = importOutputs(workspace);
  const records = [...result.records].sort(compareRecords);
  const rejects = [...result.rejects].sort(compareRejects);
  const files = [...result.files].sort((a, b) => compareStrings(a.file, b.file));
  await writeFileAtomic(out.records, csvDocument(RECORDS_CSV_HEADER, records.map(recordToRow)));
  await writeFileAtomic(out.rejects, csvDocument(REJECTS_CSV_HEADER, rejects.map(rejectToRow)));
  await writeFileAtomic(out.files, csvDocument(IMPORT_FILES_CSV_HEADER, files.map(importFilesRow)));
}

export const importStage: Stage = {
  name: "import",
  description: "read raw/searches/ (newest complete snapshot per query) and raw/exports/ into processed/records.csv",
  inputs: (workspace) => [workspace.reviewFile, workspace.queriesDir, workspace.searchesDir, workspace.exportsDir],
  outputs: (workspace) => Object.values(importOutputs(workspace)),
  async run(context): Promise<StageResult> {
    const { workspace, log } = context;
    const review = await loadReview(workspace.reviewFile);
    const queries = (await loadQueries(workspace.queriesDir, review)).map((q) => q.query);
    const declared = new Set(review.databases.map((d) => d.id));
    const sources = await listImportSources(workspace, queries, log);
    for (const db of new Set(sources.map((s) => s.database))) {
      if (!declared.has(db)) log.warn(`raw/ holds files for database "${db}", which review.json does not declare`);
    }
    if (sources.length === 0) {
      const where = (await pathExists(workspace.rawDir)) ? "raw/searches/ and raw/exports/ hold no files" : "there is no raw/ folder";
      log.warn(`${where}: nothing to import`);
    }
    const result = await importSources(sources, context);
    await writeImportResult(workspace, result);
    const summary = `${counted(result.records.length, "record")} from ${counted(result.files.length, "file")}, ${result.rejects.length.toLocaleString("en")} rejected`;
    log.info(`wrote processed/records.csv: ${summary}`);
    return { summary, problems: result.rejects.length };
  },
};
