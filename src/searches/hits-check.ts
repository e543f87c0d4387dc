/**
 * Does each logged manual search's export hold what the database reported? Pure: takes the log,
 * the queries and what import read from each file, and says, per search, whether the records
 * imported equal the hits, and when they do not, the likely reason a reviewer should check.
 */
import type { SearchLogEntry } from "../artefacts/search-log-csv.js";
import type { Query } from "../protocol.js";
import { exportLimit } from "./export-limits.js";

/** What import read from one file (a row of processed/import-files.csv). */
export interface FileCount {
  file: string;
  queryId: string | null;
  records: number;
  rejected: number;
}

export interface HitsCheck {
  entry: SearchLogEntry;
  database: string;
  /** Records imported from the search's files; null when none of them was read. */
  imported: number | null;
  rejected: number;
  /** Files the log names that import did not find. */
  missingFiles: string[];
  status: "match" | "fewer" | "more" | "no-files";
  /** One sentence for the reviewer when it is not a match. */
  explanation: string | null;
}

const n = (value: number) => value.toLocaleString("en");

/** A file named in the log, or a folder holding files: matched against workspace-relative paths. */
function covers(logged: string, file: string): boolean {
  const path = logged.replace(/^\.\//, "").replace(/\/+$/, "");
  return file === path || file.startsWith(`${path}/`);
}

/**
 * The newest logged run of each query is the one its files answer (an update search is logged
 * with its own date); earlier runs are history, shown in the PRISMA-S table but not checked.
 */
export function latestRuns(entries: readonly SearchLogEntry[]): SearchLogEntry[] {
  const latest = new Map<string, SearchLogEntry>();
  for (const entry of entries) {
    const seen = latest.get(entry.queryId);
    if (!seen || entry.dateRun >= seen.dateRun) latest.set(entry.queryId, entry);
  }
  return [...latest.values()];
}

export function checkHits(
  entries: readonly SearchLogEntry[],
  queries: readonly Query[],
  files: readonly FileCount[],
): HitsCheck[] {
  const byId = new Map(queries.map((q) => [q.id, q] as const));
  return latestRuns(entries).map((entry) => {
    // `<query id>/<string id>`: one string of a query file with strings, its files in its own subfolder.
    const [queryId = "", stringId] = entry.queryId.split("/", 2);
    const query = byId.get(queryId);
    const database = query?.database ?? "unknown";
    const stringFolder =
      stringId === undefined
        ? null
        : `${(query?.exportPath ?? `raw/exports/${database}/${queryId}`).replace(/^\.\//, "").replace(/\/*$/, "")}/${stringId}`;
    const mine =
      entry.files.length > 0
        ? files.filter((f) => entry.files.some((logged) => covers(logged, f.file)))
        : files.filter((f) => f.queryId === queryId && (stringFolder === null || covers(stringFolder, f.file)));
    const missingFiles = entry.files.filter((logged) => !files.some((f) => covers(logged, f.file)));
    const imported = mine.length === 0 ? null : mine.reduce((sum, f) => sum + f.records, 0);
    const rejected = mine.reduce((sum, f) => sum + f.rejected, 0);
    const base = { entry, database, imported, rejected, missingFiles };
    if (imported === null) {
      return {
        ...base,
        status: "no-files",
        explanation: `no export file of it was imported (${entry.files.length ? `the log names ${entry.files.join(", ")}` : `nothing under ${query?.exportPath ?? "its export folder"}`})`,
      };
    }
    if (imported === entry.hitsReported) return { ...base, status: "match", explanation: null };
    const status = imported < entry.hitsReported ? "fewer" : "more";
    return {
      ...base,
      status,
      explanation: explain(status, entry, database, imported, rejected, mine.length, missingFiles),
    };
  });
}

function explain(
  status: "fewer" | "more",
  entry: SearchLogEntry,
  database: string,
  imported: number,
  rejected: number,
  fileCount: number,
  missingFiles: readonly string[],
): string {
  const gap = Math.abs(entry.hitsReported - imported);
  if (status === "more") {
    return `${n(gap)} more records than the ${n(entry.hitsReported)} hits reported: a file saved twice, or an export from a later run of the search (log that run with its own date)`;
  }
  const reasons: string[] = [];
  if (missingFiles.length) reasons.push(`the log names files import did not find: ${missingFiles.join(", ")}`);
  if (rejected > 0) reasons.push(`${n(rejected)} records were rejected (see processed/rejects.csv)`);
  const limit = exportLimit(database);
  if (limit && entry.hitsReported > limit.perFile) {
    const needed = Math.ceil(entry.hitsReported / limit.perFile);
    reasons.push(
      `${database} exports at most ${n(limit.perFile)} records per file (${limit.conditions}): ${n(entry.hitsReported)} hits need ${n(needed)} files, ${n(fileCount)} ${fileCount === 1 ? "was" : "were"} imported`,
    );
  }
  if (reasons.length === 0) reasons.push("an export cut short, or records the database counts but does not export");
  return `${n(gap)} fewer records than the ${n(entry.hitsReported)} hits reported: ${reasons.join("; ")}`;
}
