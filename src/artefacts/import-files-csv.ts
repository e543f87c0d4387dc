/**
 * processed/import-files.csv: per file import read, its format, database, query and how many
 * records it gave and how many it rejected.
 */
import { z } from "zod";
import { writeFileAtomic } from "../io/atomic-write.js";
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
  records: number;
  rejected: number;
}

export function importFilesRow(summary: ImportFileSummary): CsvCell[] {
  return [summary.file, summary.format, summary.database, summary.queryId, summary.records, summary.rejected];
}

export async function writeImportFilesCsv(workspace: Workspace, files: readonly ImportFileSummary[]): Promise<void> {
  const sorted = [...files].sort((a, b) => compareStrings(a.file, b.file));
  await writeFileAtomic(
    artefactPath(workspace, importFilesCsv),
    csvDocument(importFilesCsv.header, sorted.map(importFilesRow)),
  );
}
