/**
 * CSV as srpipe writes it (csv-stringify behind this one module): UTF-8, a header row,
 * RFC 4180 quoting only where needed, `\n` line ends, `null` as an empty cell. The same
 * rows always give the same bytes.
 */
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null;

export function csvLine(cells: readonly CsvCell[]): string {
  return stringify([cells.map((c) => (c === null ? "" : String(c)))], { record_delimiter: "unix" });
}

export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}
