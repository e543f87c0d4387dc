/**
 * The import stage: every file under raw/searches/ (the newest complete snapshot of each
 * query) and raw/exports/ becomes rows of processed/records.csv, each with its provenance;
 * what cannot be read goes to processed/rejects.csv with the reason. Nothing stops the run
 * but a workspace that cannot be found.
 */
import { compareStrings } from "../record-csv.js";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { evidenceBelow, listDir, pathExists } from "../io/list-files.js";
import { terminalSafe } from "../io/terminal-text.js";
import type { TextEncodingName } from "../io/text-input.js";
import { realPathInside } from "../io/workspace-path.js";
import { newestCompleteSnapshots } from "../fetch/snapshot.js";
import { sha256File } from "../io/hash.js";
import { databaseDisplayName } from "../sources/database-names.js";
import { counted, startProgress, type Logger } from "../log.js";
import type { Query, Review } from "../protocol.js";
import type { Record, Reject } from "../record.js";
import { rejectMessage } from "../record.js";
import { importFilesCsv, writeImportFilesCsv, type ImportFileSummary } from "../artefacts/import-files-csv.js";
import { queriesFolder, reviewJson } from "../artefacts/protocol-files.js";
import { exportsFolder, rawFolder, searchesFolder } from "../artefacts/raw-folders.js";
import { recordsCsv, writeRecordsCsv } from "../artefacts/records-csv.js";
import { rejectsCsv, writeRejectsCsv } from "../artefacts/rejects-csv.js";
import { readSearchLog, searchLogCsv, type SearchLogEntry } from "../artefacts/search-log-csv.js";
import { searchesCsv, sortSearches, writeSearchesCsv } from "../artefacts/searches-csv.js";
import { searchesMethodsMd, writeSearchesMethodsMd } from "../artefacts/searches-methods-md.js";
import { formatLocated, SrpipeError } from "../errors.js";
import { SearchLogSchema, type SearchLog } from "../fetch/search-log.js";
import { checkHits } from "../searches/hits-check.js";
import { mergeLoggedRuns } from "../searches/logged-runs.js";
import { apiSearchKey, searchesTable, type ApiSearch } from "../searches/searches-table.js";
import { readWith } from "../sources/read.js";
import { chooseAdapter, describeUnknownContent, detectAdapter } from "../sources/registry.js";
import { workspacePath, type Workspace } from "../workspace.js";
import type { Stage, StageContext, StageResult } from "./stage.js";

/** One file the stage will read, and what the folder it sits in says about it. */
export interface ImportSource {
  path: string;
  /** Workspace-relative, forward slashes: what provenance records. */
  name: string;
  database: string;
  queryId: string | null;
  /** The string of the query file's `strings` the file answers (its snapshot or export subfolder); null otherwise. */
  stringId: string | null;
  /** For API searches: the snapshot folder chosen (`raw/searches/pubmed/q1/20250401T000000Z`). */
  snapshot: string | null;
  /** The page's sha256 as the search log recorded it; a page that no longer matches is rejected. */
  sha256: string | null;
  /** True when the folder names a declared database; otherwise the file's content says (else `unknown`). */
  forceDatabase: boolean;
  /** The encoding review.json or the query file declares for it; `auto` when none does. */
  encoding: TextEncodingName;
}

/** What a listing of raw/ found besides files to read. */
export interface ImportListing {
  sources: ImportSource[];
  /** Notes, READMEs, PDFs beside the exports (workspace-relative): listed once, never read. */
  notExports: string[];
  /** Symbolic links that lead outside the workspace: refused, never read. */
  outside: { name: string; reason: string }[];
}

/** `README`, `README.md`, `readme.txt`: a folder's guide for the people saving exports there. */
function isFolderGuide(name: string): boolean {
  return /^readme(\.(md|txt|markdown))?$/i.test(name.slice(name.lastIndexOf("/") + 1));
}

/** Which query a manual export belongs to: the query whose exportPath holds it, else its folder name. */
function queryForExport(
  name: string,
  database: string,
  folder: string | null,
  queries: readonly Query[],
): Query | null {
  for (const query of queries) {
    const prefix = query.exportPath?.replace(/^\.\//, "").replace(/\/?$/, "/");
    if (prefix && name.startsWith(prefix)) return query;
  }
  return queries.find((q) => q.id === folder && q.database === database) ?? null;
}

/** The folder a query's exports go in, workspace-relative with a trailing slash: its exportPath, else raw/exports/<database>/<query id>/. */
function exportFolderOf(query: Query): string {
  return (query.exportPath ?? `${exportsFolder.path}/${query.database}/${query.id}`)
    .replace(/^\.\//, "")
    .replace(/\/?$/, "/");
}

/** The string a manual export answers: the subfolder of its query's export folder named after one of the query's strings. */
function exportString(name: string, query: Query): string | null {
  const folder = exportFolderOf(query);
  if (query.strings === undefined || !name.startsWith(folder)) return null;
  const step = name.slice(folder.length).split("/");
  if (step.length < 2) return null;
  return query.strings.find((s) => s.id === step[0])?.id ?? null;
}

/**
 * Every file import reads. API snapshots: the newest complete snapshot of each query.
 * Manual exports: every file anywhere below raw/exports/. A file in a folder named after a
 * database review.json declares is that database's; any other file (directly in raw/exports/,
 * or in a folder no database is declared for) takes its database from its content.
 */
export async function listImportSources(
  workspace: Workspace,
  queries: readonly Query[],
  log?: Logger,
  review?: Pick<Review, "databases">,
): Promise<ImportListing> {
  const listing: ImportListing = { sources: [], notExports: [], outside: [] };
  const declared = new Map((review?.databases ?? []).map((d) => [d.id, d] as const));
  const take = (entries: Awaited<ReturnType<typeof evidenceBelow>>, add: (path: string) => void) => {
    for (const entry of entries) {
      if (entry.kind === "outside")
        listing.outside.push({ name: workspacePath(workspace, entry.path), reason: entry.reason });
      else if (entry.kind === "not-export") listing.notExports.push(workspacePath(workspace, entry.path));
      else add(entry.path);
    }
  };
  for await (const { database, queryId, stringId, snapshot } of newestCompleteSnapshots(workspace, log, queries)) {
    const add = (path: string, sha256: string | null) =>
      listing.sources.push({
        path,
        name: workspacePath(workspace, path),
        database,
        queryId,
        stringId: stringId ?? null,
        snapshot: workspacePath(workspace, snapshot.dir),
        sha256,
        forceDatabase: true,
        encoding: "auto",
      });
    if (snapshot.pages) for (const page of snapshot.pages) add(page.path, page.sha256);
    else take(await evidenceBelow(workspace.root, snapshot.dir), (path) => add(path, null));
  }
  take(await evidenceBelow(workspace.root, workspace.exportsDir), (path) => {
    const name = workspacePath(workspace, path);
    const steps = name.split("/"); // raw/exports/[<db>/[<folder>/]]file
    const folderDb = steps.length > 3 ? steps[2]! : null;
    const database = folderDb !== null && (review === undefined || declared.has(folderDb)) ? folderDb : "unknown";
    const inFolder = steps.length > 4 ? steps[3]! : null;
    const query = queryForExport(name, database, inFolder, queries);
    listing.sources.push({
      path,
      name,
      database,
      queryId: query?.id ?? null,
      stringId: query ? exportString(name, query) : null,
      snapshot: null,
      sha256: null,
      forceDatabase: database !== "unknown",
      encoding: query?.encoding ?? declared.get(database)?.encoding ?? "auto",
    });
  });
  return listing;
}

export interface ImportResult {
  records: Record[];
  rejects: Reject[];
  files: ImportFileSummary[];
}

const SHOWN_REJECTS_PER_FILE = 5;
const PROGRESS_EVERY = 25_000;

/**
 * Extensions databases save exports under. A file with one of them that matches no format is
 * a broken export and is rejected; a file with any other (a `notes.txt`) that matches none is
 * listed as "not an export" and left alone.
 */
const EXPORT_EXTENSIONS = new Set([
  ".ris",
  ".csv",
  ".tsv",
  ".bib",
  ".nbib",
  ".medline",
  ".xml",
  ".json",
  ".jsonl",
  ".enw",
  ".ciw",
  ".rdf",
  ".xlsx",
  ".xls",
]);

export interface ImportOptions {
  /** `--encoding`: read every file so, whatever review.json and the query files declare. */
  encoding?: TextEncodingName;
}

/** A reject for a whole file, warned about at once. */
function fileLevelReject(name: string, expected: string, got: string): Reject {
  return { file: name, position: 0, line: null, field: null, expected, got };
}

export async function importSources(
  sources: readonly ImportSource[],
  context: StageContext,
  options: ImportOptions = {},
): Promise<ImportResult & { notExports: string[] }> {
  const { log, workspace } = context;
  const records: Record[] = [];
  const rejects: Reject[] = [];
  const files: ImportFileSummary[] = [];
  const notExports: string[] = [];
  const snapshotsShown = new Set<string>();
  const progress = startProgress(log, "importing", "file", sources.length);
  for (const source of sources) {
    progress.update(files.length);
    const shownName = terminalSafe(source.name);
    if (source.snapshot && !snapshotsShown.has(source.snapshot)) {
      snapshotsShown.add(source.snapshot);
      log.info(`using snapshot ${terminalSafe(source.snapshot)}`);
    }
    const summary: ImportFileSummary = {
      file: source.name,
      format: null,
      database: source.database,
      queryId: source.queryId,
      stringId: source.stringId,
      records: 0,
      rejected: 0,
    };
    const refuse = (reject: Reject) => {
      rejects.push(reject);
      summary.rejected++;
      log.warn(terminalSafe(rejectMessage(reject)));
      files.push(summary);
    };
    // A page search.json names, or a file below a linked folder, may still lead out by a link.
    const boundary = await realPathInside(workspace.root, source.path);
    if (!boundary.inside && boundary.realPath !== null) {
      refuse(fileLevelReject(source.name, "a file inside the workspace", `${boundary.reason} (not read)`));
      continue;
    }
    if (source.sha256 !== null) {
      const actual = await sha256File(source.path).catch(() => null);
      if (actual !== source.sha256) {
        refuse({
          file: source.name,
          position: 0,
          line: null,
          field: null,
          expected: `the page search.json records (sha256 ${source.sha256.slice(0, 12)}…)`,
          got:
            actual === null
              ? "no such file"
              : `a file whose sha256 is ${actual.slice(0, 12)}… (changed after the fetch)`,
        });
        continue;
      }
    }
    let notExport: string | null = null;
    const encoding = options.encoding && options.encoding !== "auto" ? options.encoding : source.encoding;
    const items = readWith(
      source.path,
      (text) => {
        if (
          source.snapshot === null &&
          detectAdapter(text.sample) === null &&
          !EXPORT_EXTENSIONS.has(extname(source.name).toLowerCase())
        ) {
          notExport = describeUnknownContent(text.sample);
        }
        const adapter = chooseAdapter(text, "auto");
        summary.format = adapter.id;
        return adapter;
      },
      {
        displayName: source.name,
        queryId: source.queryId,
        database: source.database,
        forceDatabase: source.forceDatabase,
        encoding,
        warn: (message) => log.warn(terminalSafe(message)),
      },
    );
    let shown = 0;
    const databases = new Set<string>();
    for await (const item of items) {
      if (notExport !== null) break; // the one reject saying no format matched
      if (item.kind === "record") {
        records.push(item.record);
        databases.add(item.record.database);
        summary.records++;
        if (summary.records % PROGRESS_EVERY === 0)
          log.info(`reading ${shownName}: ${summary.records.toLocaleString("en")} records…`);
      } else {
        rejects.push(item.reject);
        summary.rejected++;
        if (shown++ < SHOWN_REJECTS_PER_FILE) log.warn(terminalSafe(rejectMessage(item.reject)));
      }
    }
    if (notExport !== null) {
      notExports.push(source.name);
      log.info(`ignored ${shownName}: not an export (${terminalSafe(notExport)})`);
      continue;
    }
    if (shown > SHOWN_REJECTS_PER_FILE)
      log.warn(`… and ${shown - SHOWN_REJECTS_PER_FILE} more rejects from ${shownName} in ${rejectsCsv.path}`);
    if (!source.forceDatabase) {
      summary.database = [...databases].sort().join(";") || "unknown";
      if (databases.has("unknown") || databases.size === 0) {
        log.warn(
          `${shownName}: the database of its records is unknown (the file does not name it, and it is not in a folder named after a database review.json declares); move it to ${exportsFolder.path}/<database>/`,
        );
      }
    }
    log.info(
      `imported ${shownName}: ${counted(summary.records, "record")}, ${summary.rejected.toLocaleString("en")} rejected${summary.format ? ` (${summary.format})` : ""}`,
    );
    files.push(summary);
  }
  progress.update(files.length);
  progress.end();
  return { records, rejects, files, notExports };
}

export async function writeImportResult(workspace: Workspace, result: ImportResult): Promise<void> {
  await writeRecordsCsv(workspace, result.records);
  await writeRejectsCsv(workspace, result.rejects);
  await writeImportFilesCsv(workspace, result.files);
}

export const importStage: Stage = {
  name: "import",
  description: `read ${searchesFolder.path}/ (newest complete snapshot per query) and ${exportsFolder.path}/ into ${recordsCsv.path}`,
  inputs: () => [reviewJson, queriesFolder, searchesFolder, exportsFolder, searchLogCsv],
  outputs: () => [recordsCsv, rejectsCsv, importFilesCsv, searchesCsv, searchesMethodsMd],
  async run(context): Promise<StageResult> {
    return runImport(context, { encoding: context.encoding });
  },
};

/** Queries of the protocol that nothing under raw/ answers yet: their records would be missing from every count. */
function searchesWithoutFiles(queries: readonly Query[], sources: readonly ImportSource[]): Query[] {
  const answered = new Set(sources.map((s) => s.queryId));
  return queries.filter((q) => !answered.has(q.id));
}

/**
 * Strings of a query file that nothing under raw/ answers while others do (a model family
 * not fetched, or its export not saved in its subfolder), and exports of such a query saved
 * outside any string's subfolder: said, since the per-string lines would be silently short.
 */
function stringsWithoutFiles(queries: readonly Query[], sources: readonly ImportSource[]): string[] {
  const messages: string[] = [];
  for (const query of queries) {
    if (query.strings === undefined) continue;
    const mine = sources.filter((s) => s.queryId === query.id);
    if (mine.length === 0) continue;
    const answered = new Set(mine.map((s) => s.stringId));
    const missing = query.strings.filter((s) => !answered.has(s.id)).map((s) => s.id);
    const where =
      query.mode === "api"
        ? `${searchesFolder.path}/${query.database}/${query.id}/<string>/ (run \`srpipe fetch --query ${query.id}\`)`
        : `${exportFolderOf(query)}<string>/`;
    if (missing.length)
      messages.push(
        `queries/${terminalSafe(query.id)}: no files yet for ${counted(missing.length, "string")} (${missing.map(terminalSafe).join(", ")}) in ${terminalSafe(where)}; their records are in no count until then`,
      );
    const loose = mine.filter((s) => s.stringId === null).map((s) => s.name);
    if (loose.length)
      messages.push(
        `queries/${terminalSafe(query.id)}: ${counted(loose.length, "file")} not in a string's subfolder (${loose.slice(0, 3).map(terminalSafe).join(", ")}${loose.length > 3 ? ", …" : ""}): imported under the query, but counted on no string's line; move each into ${terminalSafe(exportFolderOf(query))}<string id>/`,
      );
  }
  return messages;
}

function searchWithoutFilesMessage(query: Query): string {
  const id = terminalSafe(query.id);
  return query.mode === "api"
    ? `queries/${id}: an API search with no complete snapshot under ${searchesFolder.path}/${terminalSafe(query.database)}/${id}/ yet; run \`srpipe fetch\` (its records are in no count until then)`
    : `queries/${id}: a manual export with no file in ${terminalSafe(query.exportPath ?? `${exportsFolder.path}/${query.database}/`)} yet; run it on the database's website and save the export there (its records are in no count until then)`;
}

export async function runImport(context: StageContext, options: ImportOptions = {}): Promise<StageResult> {
  const { workspace, log, review, queries } = context;
  const declared = new Set(review.databases.map((d) => d.id));
  const loggedRuns = await readLoggedRuns(context);
  const listing = await listImportSources(workspace, queries, log, review);
  for (const db of await listDir(workspace.searchesDir)) {
    if (db.isDir && !db.name.startsWith(".") && !declared.has(db.name)) {
      log.warn(
        `${searchesFolder.path}/ holds files for database "${terminalSafe(db.name)}", which review.json does not declare`,
      );
    }
  }
  for (const db of await listDir(workspace.exportsDir)) {
    if (db.isDir && !db.name.startsWith(".") && !declared.has(db.name)) {
      log.warn(
        `${exportsFolder.path}/${terminalSafe(db.name)}/ is not named after a database review.json declares (${[...declared].join(", ")}): each file's database is taken from its content`,
      );
    }
  }
  // A README is a folder's guide (srpipe init writes one per database), not a stray file: listing
  // it on every run is noise, so it shows with --verbose only and is not counted as ignored.
  const strays = listing.notExports.filter((name) => !isFolderGuide(name));
  for (const name of listing.notExports) {
    if (isFolderGuide(name)) log.detail(`ignored ${terminalSafe(name)}: a folder's README`);
    else log.info(`ignored ${terminalSafe(name)}: not an export`);
  }
  const notRun = searchesWithoutFiles(queries, listing.sources);
  for (const query of notRun) log.warn(searchWithoutFilesMessage(query));
  for (const message of stringsWithoutFiles(queries, listing.sources)) log.warn(message);
  const refused: Reject[] = listing.outside.map(({ name, reason }) =>
    fileLevelReject(name, "a file inside the workspace", `${reason} (not read)`),
  );
  for (const reject of refused) log.warn(terminalSafe(rejectMessage(reject)));
  if (listing.sources.length === 0 && refused.length === 0) {
    const where = (await pathExists(workspace.rawDir))
      ? `${searchesFolder.path}/ and ${exportsFolder.path}/ hold no files`
      : `there is no ${rawFolder.path}/ folder`;
    log.warn(`${where}: nothing to import`);
  }
  const result = await importSources(listing.sources, context, options);
  result.rejects.push(...refused);
  for (const reject of refused) {
    result.files.push({
      file: reject.file,
      format: null,
      database: "unknown",
      queryId: null,
      stringId: null,
      records: 0,
      rejected: 1,
    });
  }
  await writeImportResult(workspace, result);
  for (const message of undeclaredDatabaseMessages(result.records, declared)) log.warn(message);
  const mismatches = await checkSearchLog(context, loggedRuns, listing.sources, result);
  const ignored = strays.length + result.notExports.length;
  const summary =
    `${counted(result.records.length, "record")} from ${counted(result.files.length - refused.length, "file")}, ` +
    `${result.rejects.length.toLocaleString("en")} rejected${ignored ? `, ${counted(ignored, "file")} ignored (not exports)` : ""}` +
    (notRun.length
      ? `, ${counted(notRun.length, "search", "searches")} with no files yet (${notRun.map((q) => q.id).join(", ")})`
      : "");
  log.info(`wrote ${recordsCsv.path}: ${summary}`);
  return { summary: mismatches ? `${summary}; ${mismatches}` : summary, problems: result.rejects.length };
}

/**
 * Records whose content names a database review.json does not declare (a Web of Science file
 * saved straight into raw/exports/): counted in PRISMA under that database's own name, after the
 * declared ones. Said once per database, so the protocol can declare it under the name its
 * methods use. `unknown` has its own warning, per file.
 */
function undeclaredDatabaseMessages(records: readonly Record[], declared: ReadonlySet<string>): string[] {
  const files = new Map<string, Map<string, number>>();
  for (const record of records) {
    if (record.database === "unknown" || declared.has(record.database)) continue;
    const byFile = files.get(record.database) ?? new Map<string, number>();
    byFile.set(record.provenance.file, (byFile.get(record.provenance.file) ?? 0) + 1);
    files.set(record.database, byFile);
  }
  return [...files]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([id, byFile]) => {
      const n = [...byFile.values()].reduce((a, b) => a + b, 0);
      const names = [...byFile.keys()].sort();
      const shown =
        names.slice(0, 3).map(terminalSafe).join(", ") + (names.length > 3 ? `, … (${names.length} files)` : "");
      return (
        `${counted(n, "record")} (${shown}) come from ${databaseDisplayName(id)} ("${id}"), which review.json's databases do not list: ` +
        `PRISMA counts them under that name; declare { "id": "${id}", "name": "…" } to name and order it as your methods do`
      );
    });
}

/** The search.json of each API snapshot import read, and the records imported from it, by query. */
async function apiSearchLogs(
  workspace: Workspace,
  sources: readonly ImportSource[],
  files: readonly ImportFileSummary[],
): Promise<Map<string, ApiSearch>> {
  const logs = new Map<string, ApiSearch>();
  const recordsIn = new Map(files.map((f) => [f.file, f.records] as const));
  for (const source of sources) {
    const key = source.queryId === null ? null : apiSearchKey(source.queryId, source.stringId);
    if (source.snapshot === null || key === null || logs.has(key)) continue;
    const text = await readFile(join(workspace.root, source.snapshot, "search.json"), "utf8").catch(() => null);
    let parsed: SearchLog | null = null;
    try {
      const result = text === null ? null : SearchLogSchema.safeParse(JSON.parse(text));
      parsed = result?.success ? result.data : null;
    } catch {
      parsed = null; // an unreadable search.json: the snapshot's pages were still read, as import said
    }
    const records = sources
      .filter((s) => s.snapshot === source.snapshot)
      .reduce((sum, s) => sum + (recordsIn.get(s.name) ?? 0), 0);
    logs.set(key, { log: parsed, records, snapshot: source.snapshot });
  }
  return logs;
}

/** Records imported from each string's export subfolder of a manual-export query, keyed as apiSearchKey does. */
function manualStringRecords(
  sources: readonly ImportSource[],
  files: readonly ImportFileSummary[],
): Map<string, number> {
  const recordsIn = new Map(files.map((f) => [f.file, f.records] as const));
  const counts = new Map<string, number>();
  for (const source of sources) {
    if (source.snapshot !== null || source.queryId === null || source.stringId === null) continue;
    const key = apiSearchKey(source.queryId, source.stringId);
    counts.set(key, (counts.get(key) ?? 0) + (recordsIn.get(source.name) ?? 0));
  }
  return counts;
}

/**
 * The manual searches' logged runs, from raw/search-log.csv and the query files' searchLog: a bad
 * CSV row is warned about and left out, the two sources disagreeing on a run stops the import.
 * Read before any export, so a disagreement costs nothing to find.
 */
async function readLoggedRuns(context: StageContext): Promise<SearchLogEntry[]> {
  const { workspace, log, queries } = context;
  let entries: SearchLogEntry[] = [];
  try {
    const read = await readSearchLog(workspace);
    entries = read.entries;
    for (const problem of read.problems) {
      log.warn(
        terminalSafe(
          formatLocated(
            { file: searchLogCsv.path, line: problem.line, field: problem.field },
            `expected ${problem.expected}, got ${problem.got} (row not used)`,
          ),
        ),
      );
    }
  } catch (error) {
    if (!(error instanceof SrpipeError)) throw error;
    log.warn(`${terminalSafe(error.message)} (the search log is not used)`);
  }
  const known = new Set(
    queries.flatMap((q) => (q.strings === undefined ? [q.id] : q.strings.map((s) => apiSearchKey(q.id, s.id)))),
  );
  for (const entry of entries.filter((e) => !known.has(e.queryId))) {
    log.warn(
      `${searchLogCsv.path}:${entry.line}: query_id: expected a query of queries/ (<query id>/<string id> for one of a query file's strings), got "${terminalSafe(entry.queryId)}"`,
    );
  }
  return mergeLoggedRuns(
    entries.filter((e) => known.has(e.queryId)),
    queries,
  );
}

/**
 * The logged runs against what import read: each manual search's latest logged run should give
 * as many records as the hits it reported. Says so either way, writes the PRISMA-S table, and
 * returns a summary of the mismatches (empty when none).
 */
async function checkSearchLog(
  context: StageContext,
  entries: readonly SearchLogEntry[],
  sources: readonly ImportSource[],
  result: ImportResult,
): Promise<string> {
  const { workspace, log, queries } = context;
  const checks = checkHits(entries, queries, result.files);
  for (const check of checks) {
    const { entry } = check;
    const run = `queries/${terminalSafe(entry.queryId)} run ${entry.dateRun} on ${terminalSafe(entry.interface)}`;
    if (check.status === "match")
      log.info(`${run}: ${counted(check.imported ?? 0, "record")} imported, as many as the hits reported`);
    else log.warn(`${run}: ${terminalSafe(check.explanation ?? "")}`);
  }
  const apiLogs = await apiSearchLogs(workspace, sources, result.files);
  const table = sortSearches(
    searchesTable(queries, entries, checks, apiLogs, manualStringRecords(sources, result.files)),
  );
  await writeSearchesCsv(workspace, table);
  await writeSearchesMethodsMd(workspace, table);
  const off = checks.filter((c) => c.status !== "match");
  return off.length
    ? `${counted(off.length, "logged search", "logged searches")} not matching its hits (${off.map((c) => c.entry.queryId).join(", ")})`
    : "";
}
