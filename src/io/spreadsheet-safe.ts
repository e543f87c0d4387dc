/**
 * CSV for people to open in a spreadsheet: a cell that starts with `=`, `+`, `-` or `@` (or a tab or
 * carriage return, which some spreadsheets strip before looking) is read there as a formula, so a
 * title such as `=HYPERLINK("http://…")` would run. Such cells get a leading apostrophe, which the
 * spreadsheet shows as text (OWASP, "CSV Injection"). Only files meant for spreadsheets get this:
 * the CSVs the pipeline reads back keep the exact text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
