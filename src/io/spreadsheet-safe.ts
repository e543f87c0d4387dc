/**
 * CSV for people to open in a spreadsheet: a cell that starts with `=`, `+`, `-` or `@` (or a tab or
 * carriage return, which some spreadsheets strip before looking) is read there as a formula, so a
 * title such as `=HYPERLINK("http://…")` would run. Such cells get a leading apostrophe, which the
 * spreadsheet shows as text (OWASP, "CSV Injection").
 *
 * The guard is reversible, so files srpipe also reads back (decisions.csv, the catalog folder)
 * can carry it: a cell that already starts with apostrophes before a formula character gets one
 * more, and `restoreFormula` takes exactly one away. Files the pipeline reads as its record
 * contract (records.csv, unique.csv, kept.csv, excluded.csv) keep the exact text instead;
 * `srpipe export` gives people a guarded copy of them.
 */
import type { CsvCell } from "./csv-write.js";

const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** What neutraliseFormula puts before a cell; readers of a neutralised cell strip it. */
export const FORMULA_GUARD = "'";

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `${FORMULA_GUARD}${cell}` : cell;
}

/** The cell neutraliseFormula was given. */
export function restoreFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(FORMULA_GUARD.length) : cell;
}

/** A cell a spreadsheet would run as a formula (or strip before doing so). */
export function looksLikeFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell);
}

const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A cell of a CSV for people. Numbers are left as they are, written as numbers or as text ("-0.5",
 * "1e-3"), and so is a lone "-" (the published tables' "not reported"): a spreadsheet shows them
 * as values, it does not run them, and R or pandas must still read the column as numbers.
 * Everything else that a spreadsheet would run is neutralised.
 */
export function spreadsheetCell(cell: CsvCell): CsvCell {
  if (typeof cell !== "string" || cell === "-" || PLAIN_NUMBER.test(cell)) return cell;
  return neutraliseFormula(cell);
}
