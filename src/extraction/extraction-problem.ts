/**
 * Extraction problems as a reviewer reads them: `file:line:column: name: expected …, got …`,
 * the column given both as the spreadsheet's column number and by name. Sorted by file, line
 * and column, so the list reads top to bottom like the sheet.
 */
import { SrpipeError } from "../errors.js";
import type { ExtractionProblem } from "./extraction-data.js";
import { columnsOfFile, sheetHeader } from "./sheet-columns.js";

/** 1-based column number of a problem's column, or undefined when it names none. */
export function columnNumber(problem: ExtractionProblem): number | undefined {
  if (problem.column === "") return undefined;
  const columns = columnsOfFile(problem.file);
  const index = columns ? sheetHeader(columns).indexOf(problem.column) : -1;
  return index < 0 ? undefined : index + 1;
}

export function formatProblem(problem: ExtractionProblem): string {
  const number = columnNumber(problem);
  const where = `${problem.file}:${problem.line}${number === undefined ? "" : `:${number}`}`;
  return `${where}: ${problem.column === "" ? "" : `${problem.column}: `}${problem.message}`;
}

export function compareProblems(a: ExtractionProblem, b: ExtractionProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  const ca = columnNumber(a) ?? 0;
  const cb = columnNumber(b) ?? 0;
  if (ca !== cb) return ca - cb;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

const SHOWN = 20;

/** Sheets that cannot be read at all (not CSV, columns moved): nothing is written. */
export class ExtractionSheetError extends SrpipeError {
  constructor(readonly problems: readonly ExtractionProblem[]) {
    const sorted = [...problems].sort(compareProblems);
    const shown = sorted.slice(0, SHOWN).map(formatProblem);
    const more = sorted.length > SHOWN ? [`… and ${sorted.length - SHOWN} more`] : [];
    const head =
      sorted.length === 1 ? "" : `${sorted.length} problems in the extraction sheets (nothing was written):\n`;
    const first = sorted[0];
    super(
      "input",
      head + [...shown, ...more].join("\n"),
      first ? { file: first.file, line: first.line, field: first.column } : {},
    );
  }
}
