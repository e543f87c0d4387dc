/**
 * processed/records.csv: one row per imported record, sorted, with its provenance. The row schema
 * (RecordsRowSchema: the header derives from it) and the conversion to and from a Record are
 * record-csv.ts's; this module is where the file is and how it is written (atomically) and read
 * back (streamed, the header checked against the schema, each row validated).
 */
import { FileSpans } from "../io/file-spans.js";
import { closeSync, openSync } from "node:fs";
import { stat } from "node:fs/promises";
import { InputError, RowError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { locateRowError, requireCsvColumns } from "../io/csv-rows.js";
import { csvDocument } from "../io/csv-write.js";
import { CsvRowError, StrictCsvRowSplitter, readStrictCsvRows } from "../io/strict-csv-rows.js";
import { RECORDS_CSV_HEADER, RecordsRowSchema, compareRecords, recordToRow } from "../record-csv.js";
import { RecordCellsReader } from "../record-csv-cells.js";
import type { Record } from "../record.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";

export { RecordsRowSchema };

export const recordsCsv = { ...fileArtefact("processed/records.csv"), header: RECORDS_CSV_HEADER, schemaVersion: 1 };

/** Sorted, so the same raw/ gives the same bytes whatever order the files were read in. */
export async function writeRecordsCsv(workspace: Workspace, records: readonly Record[]): Promise<void> {
  const sorted = [...records].sort(compareRecords);
  await writeFileAtomic(artefactPath(workspace, recordsCsv), csvDocument(RECORDS_CSV_HEADER, sorted.map(recordToRow)));
}

/** The workspace's records.csv, row by row (see RecordsCsvRows). */
export function readRecordsCsv(workspace: Workspace): RecordsCsvRows {
  return new RecordsCsvRows(artefactPath(workspace, recordsCsv), recordsCsv.path);
}

/** A records.csv at `path` (shown as `name`), row by row, each validated back into a Record; a bad row names its line. */
export function readRecordsFile(path: string, name: string): AsyncIterable<Record> {
  return new RecordsCsvRows(path, name);
}

/**
 * A records.csv read once, in order, each row validated back into a Record (a bad row names
 * its line); afterwards `get(i)` reads the i-th record again from the file. Dedupe keeps only
 * the match forms of a million records in memory and reads the full records again to write the
 * merged ones: from here, instead of from a copy it would otherwise have to write aside.
 *
 * srpipe wrote this file: a strict splitter and hand-checked fields read it at a fraction of
 * csv-parse's and zod's cost (issue 15); a row that fails a check still gets zod's message.
 */
export class RecordsCsvRows implements AsyncIterable<Record> {
  private readonly splitter = new StrictCsvRowSplitter();
  private reader: RecordCellsReader | null = null;
  private readonly spans = new FileSpans();
  private fd: number | null = null;
  private started = false;

  constructor(
    private readonly path: string,
    private readonly name: string,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Record> {
    if (this.started) throw new Error(`RecordsCsvRows: ${this.name} is read once`);
    this.started = true;
    try {
      await stat(this.path);
    } catch {
      throw new InputError({
        file: this.name,
        expected: "the records `srpipe import` writes",
        got: "no such file (run `srpipe import` first)",
      });
    }
    try {
      for await (const row of readStrictCsvRows(this.path, this.splitter)) {
        if (this.reader === null) {
          requireCsvColumns(row.cells, RECORDS_CSV_HEADER, this.name);
          this.reader = new RecordCellsReader(row.cells);
          continue;
        }
        let record: Record;
        try {
          record = this.reader.record(row.cells);
        } catch (error) {
          if (error instanceof RowError) throw locateRowError(error, this.name, row.line, this.reader.header);
          throw new InputError({
            file: this.name,
            line: row.line,
            expected: "a row as `srpipe import` writes it",
            got: (error as Error).message,
          });
        }
        this.spans.add(row.offset, row.length);
        yield record;
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError({
        file: this.name,
        line: error instanceof CsvRowError ? error.line : undefined,
        expected: "CSV as `srpipe import` writes it",
        got: (error as Error).message,
      });
    }
  }

  /** The `index`-th record read (0 the first), read again from the file. */
  get(index: number): Record {
    if (this.reader === null || !this.spans.has(index))
      throw new Error(`RecordsCsvRows.get: no record ${index} read from ${this.name}`);
    this.fd ??= openSync(this.path, "r");
    return this.reader.record(this.splitter.cellsOf(this.spans.read(this.fd, index)));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
