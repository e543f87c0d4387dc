/**
 * processed/import-files.csv: per file import read, its format, database, query (and the string
 * of a query file with `strings` it answers) and how many records it gave and how many it
 * rejected. PRISMA attributes each record to its search string through its file's row here.
 */
import { z } from "zod";
import { writeFileAtomic } from "../io/atomic-write.js";
import { readCsvTable } from "../io/csv-table.js";
import { pathExists } from "../io/list-files.js";
import { csvDocument, type CsvCell } from "../io/csv-write.js";
import { compareStrings } from "../record-csv.js";
import type { FormatId } from "../record.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, csvHeaderOf, fileArtefact } from "./artefact.js";

/** One row as the file holds it. */
export const ImportFilesRowSchema = z.object({
  file: z.string().min(1),
  format: z.string(),
  database: z.string(),
  query_id: z.string(),
  /** Empty for a query without strings, and for a file in no string's folder. */
  string_id: z.string(),
  records: z.string().regex(/^\d+$/),
  rejected: z.string().regex(/^\d+$/),
});

export const importFilesCsv = {
  ...fileArtefact("processed/import-files.csv"),
  header: csvHeaderOf(ImportFilesRowSchema),
  schemaVersion: 1,
};

export interface ImportFileSummary {
  file: string;
  format: FormatId | null;
  database: string;
  queryId: string | null;
  stringId: string | null;
  records: number;
  rejected: number;
}

export function importFilesRow(summary: ImportFileSummary): CsvCell[] {
  return [
    summary.file,
    summary.format,
    summary.database,
    summary.queryId,
    summary.stringId,
    summary.records,
    summary.rejected,
  ];
}

export async function writeImportFilesCsv(workspace: Workspace, files: readonly ImportFileSummary[]): Promise<void> {
  const sorted = [...files].sort((a, b) => compareStrings(a.file, b.file));
  await writeFileAtomic(
    artefactPath(workspace, importFilesCsv),
    csvDocument(importFilesCsv.header, sorted.map(importFilesRow)),
  );
}

/**
 * The search string each file answers, by file (workspace-relative); files of queries without
 * strings are absent. No file, or one import wrote before it kept strings (no `string_id` column),
 * gives an empty map: the records then count on no string's line until `srpipe import` runs again.
 */
export async function readImportFileStrings(workspace: Workspace): Promise<Map<string, string>> {
  const path = artefactPath(workspace, importFilesCsv);
  if (!(await pathExists(path))) return new Map();
  const read = await readCsvTable(
    path,
    importFilesCsv.path,
    `a table with the columns ${importFilesCsv.header.join(", ")}`,
    "srpipe import",
  );
  const strings = new Map<string, string>();
  for (const { cells } of read.rows) {
    const file = cells.file ?? "";
    const stringId = cells.string_id ?? "";
    if (file !== "" && stringId !== "") strings.set(file, stringId);
  }
  return strings;
}
