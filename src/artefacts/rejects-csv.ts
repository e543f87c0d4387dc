/**
 * processed/rejects.csv: what import could not read, one row per rejected record or file, with
 * the reason. PRISMA counts its rows (read apart from the records identified).
 */
import { z } from "zod";
import { writeFileAtomic } from "../io/atomic-write.js";
import { readCsvTable } from "../io/csv-table.js";
import { csvDocument, type CsvCell } from "../io/csv-write.js";
import { pathExists } from "../io/list-files.js";
import { compareStrings } from "../record-csv.js";
import type { Reject } from "../record.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, csvHeaderOf, fileArtefact } from "./artefact.js";

/** One row as the file holds it. `position` 0 means the whole file was rejected; `reason` reads "expected …, got …". */
export const RejectsRowSchema = z.object({
  file: z.string().min(1),
  position: z.string().regex(/^\d+$/),
  line: z.string().regex(/^(\d+)?$/),
  field: z.string(),
  reason: z.string(),
});

export const rejectsCsv = {
  ...fileArtefact("processed/rejects.csv"),
  header: csvHeaderOf(RejectsRowSchema),
  schemaVersion: 1,
};

export function rejectToRow(reject: Reject): CsvCell[] {
  return [reject.file, reject.position, reject.line, reject.field, `expected ${reject.expected}, got ${reject.got}`];
}

export function compareRejects(a: Reject, b: Reject): number {
  return compareStrings(a.file, b.file) || a.position - b.position;
}

export async function writeRejectsCsv(workspace: Workspace, rejects: readonly Reject[]): Promise<void> {
  const sorted = [...rejects].sort(compareRejects);
  await writeFileAtomic(artefactPath(workspace, rejectsCsv), csvDocument(rejectsCsv.header, sorted.map(rejectToRow)));
}

/** How many rows the file holds; 0 when import has not written one (a workspace from before it did). */
export async function countRejects(workspace: Workspace): Promise<number> {
  const path = artefactPath(workspace, rejectsCsv);
  if (!(await pathExists(path))) return 0;
  return (await readCsvTable(path, rejectsCsv.path, "the import's rejects", "srpipe import")).rows.length;
}
