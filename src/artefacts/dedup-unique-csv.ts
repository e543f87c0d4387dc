/**
 * processed/dedup/unique.csv: one merged record per cluster (the columns are unique-csv.ts's).
 * Written by the dedupe engine (src/dedupe/run-dedupe.ts, streamed); read whole by eligibility
 * and `srpipe export --stage unique`.
 */
import { InputError } from "../errors.js";
import { readCsvTable } from "../io/csv-table.js";
import { UNIQUE_CSV_HEADER, rowToUniqueRecord, type UniqueRecord } from "../unique-csv.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";
import { DEDUP_FILE_NAMES, inDedupFolder } from "./dedup-folder.js";

export const uniqueCsv = {
  ...fileArtefact(inDedupFolder(DEDUP_FILE_NAMES.unique)),
  header: UNIQUE_CSV_HEADER,
  schemaVersion: 1,
};

/** Every row of unique.csv; a row that does not read is an error naming its line. */
export async function readUniqueCsv(workspace: Workspace): Promise<UniqueRecord[]> {
  const name = uniqueCsv.path;
  const table = await readCsvTable(
    artefactPath(workspace, uniqueCsv),
    name,
    "the deduplicated records",
    "srpipe dedupe",
  );
  return table.rows.map(({ line, cells }) => {
    try {
      return rowToUniqueRecord(cells);
    } catch (error) {
      // rowToUniqueRecord says "column: expected …, got …" (or "column: message").
      const [field, ...rest] = (error as Error).message.split(": ");
      const said = /^expected (.*), got (.*)$/s.exec(rest.join(": "));
      throw new InputError({
        file: name,
        line,
        field,
        expected: said?.[1] ?? "a row as srpipe dedupe writes it",
        got: said?.[2] ?? (rest.join(": ") || "a row that does not read"),
      });
    }
  });
}
