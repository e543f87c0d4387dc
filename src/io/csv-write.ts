/**
 * CSV as srpipe writes it (csv-stringify behind this one module): UTF-8, a header row,
 * RFC 4180 quoting only where needed, `\n` line ends, `null` as an empty cell. The same
 * rows always give the same bytes.
 */
import { stringify } from "csv-stringify/sync";
import { spreadsheetCell } from "./spreadsheet-safe.js";

export type CsvCell = string | number | null;

export function csvLine(cells: readonly CsvCell[]): string {
  return stringify([cells.map((c) => (c === null ? "" : String(c)))], { record_delimiter: "unix" });
}

export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}

/**
 * A CSV written for people to open in a spreadsheet: every cell through spreadsheetCell
 * (src/io/spreadsheet-safe.ts), so none runs as a formula. A reader of such a file that needs
 * the exact text takes each cell through restoreFormula.
 */
export function spreadsheetCsvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csvDocument(
    header,
    rows.map((row) => row.map(spreadsheetCell)),
  );
}
