/**
 * CSV for people to open in a spreadsheet: a cell that starts with `=`, `+`, `-` or `@` (or a tab or
 * carriage return, which some spreadsheets strip before looking) is read there as a formula, so a
 * title such as `=HYPERLINK("http://…")` would run. Such cells get a leading apostrophe, which the
 * spreadsheet shows as text (OWASP, "CSV Injection"). Only files meant for spreadsheets get this:
 * the CSVs the pipeline reads back keep the exact text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** What neutraliseFormula puts before a cell; readers of a neutralised cell strip it. */
export const FORMULA_GUARD = "'";

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `${FORMULA_GUARD}${cell}` : cell;
}

/** A cell a spreadsheet would run as a formula (or strip before doing so). */
export function looksLikeFormula(cell: string): boolean {
  return FORMULA_START.test(cell);
}

/**
 * A cell of a numeric column: a number ("-0.5", "1e-3") or a lone "-" (the published tables'
 * "not reported") stays as it is, because R and pandas read the column as numbers and a
 * spreadsheet shows a negative number, it does not run it; anything else is neutralised.
 */
export function neutraliseNumericCell(cell: string): string {
  return /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(cell) || cell === "-" ? cell : neutraliseFormula(cell);
}
