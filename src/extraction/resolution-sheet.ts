/**
 * raw/extraction/resolution.csv: the cells two extractors wrote differently, where a third person
 * (or the two together) types the value to keep. Merged like every reviewer sheet
 * (src/extraction/sheet-merge.ts): existing rows are copied byte for byte, never moved or
 * deleted; srpipe appends a row for each new conflict and only grows a row's `flag` — when the
 * extractors' values have changed since the row was written, or the cell is no longer a
 * conflict (then its final value is not used), or is one again.
 * Pure: text in, text out.
 */
import { neutraliseFormula, restoreFormula } from "../io/spreadsheet-safe.js";
import {
  addToFlag,
  encodeRow,
  isBlankRow,
  NEW_SHEET_LAYOUT,
  renderSheetText,
  replaceCells,
  type SheetText,
} from "../io/sheet-text.js";
import type { ExtractionProblem } from "./extraction-data.js";
import { RESOLUTION_COLUMNS, RESOLUTION_SHEET, columnIndex, sheetHeader } from "./sheet-columns.js";
import { readSheetRows } from "./validate.js";

/** What a resolver types for a cell that should be empty (a blank final value means "not settled yet"). */
export const EMPTY_VALUE = "(empty)";

/** A cell the two extractors filled differently (after validation's normalisation). */
export interface CellConflict {
  sheet: "studies" | "models";
  /** A study id, or a model and its size as formatRef writes them. */
  item: string;
  /** The study's row, 1, 2, …; "" for a model. */
  row: string;
  field: string;
  /** What the first and second extractor wrote, as validation reads it. */
  values: readonly [string, string];
}

export interface Resolution {
  /** The cell settled, as the sheet's row names it. */
  cell: { sheet: string; item: string; row: string; field: string };
  line: number;
  /** The value to keep; "" for EMPTY_VALUE. */
  value: string;
  /** The values the row was written for. */
  values: readonly [string, string];
}

export function conflictKey(c: { sheet: string; item: string; row: string; field: string }): string {
  return JSON.stringify([c.sheet.trim(), c.item.trim().toLowerCase(), c.row.trim(), c.field.trim().toLowerCase()]);
}

const at = (name: string) => columnIndex(RESOLUTION_COLUMNS, name);

export interface ResolutionRead {
  sheet: SheetText | null;
  /** The settled cells by conflictKey; rows with a blank final value are not in it. */
  resolutions: Map<string, Resolution>;
  problems: ExtractionProblem[];
}

/** The sheet's settled cells. A key on two rows is a problem: which value to keep would be a guess. */
export function readResolutionSheet(text: string | null, extractors: readonly [string, string]): ResolutionRead {
  const read = readSheetRows(text, RESOLUTION_COLUMNS, RESOLUTION_SHEET);
  const resolutions = new Map<string, Resolution>();
  const problems: ExtractionProblem[] = read.problem ? [read.problem] : [];
  const firstLine = new Map<string, number>();
  for (const row of read.sheet?.rows.slice(1) ?? []) {
    if (isBlankRow(row)) continue;
    const cell = (name: string) => restoreFormula(row.cells[at(name)] ?? "");
    const key = conflictKey({ sheet: cell("sheet"), item: cell("item"), row: cell("row"), field: cell("field") });
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      problems.push({
        file: RESOLUTION_SHEET,
        line: row.line,
        column: "item",
        message: `expected each cell once, got ${cell("sheet")} ${JSON.stringify(cell("item"))} row ${cell("row") || "-"} field ${cell("field")} again (also on line ${seen}); delete one of the two rows`,
      });
      continue;
    }
    firstLine.set(key, row.line);
    const ids = [cell("extractor_1").trim(), cell("extractor_2").trim()];
    if (ids[0] !== extractors[0] || ids[1] !== extractors[1]) {
      problems.push({
        file: RESOLUTION_SHEET,
        line: row.line,
        column: "extractor_1",
        message: `expected the extractors review.json names, ${extractors.join(" and ")} in this order, got ${ids.map((id) => JSON.stringify(id)).join(" and ")}; were they renamed or swapped?`,
      });
      continue;
    }
    const typed = cell("final_value").trim();
    if (typed === "") continue;
    resolutions.set(key, {
      cell: {
        sheet: cell("sheet").trim(),
        item: cell("item").trim(),
        row: cell("row").trim(),
        field: cell("field").trim(),
      },
      line: row.line,
      value: typed.toLowerCase() === EMPTY_VALUE ? "" : typed,
      values: [cell("value_1"), cell("value_2")],
    });
  }
  return { sheet: read.sheet, resolutions, problems };
}

export interface ResolutionMerge {
  text: string;
  created: boolean;
  appended: number;
  /** Rows newly flagged: values changed, no longer a conflict, a conflict again. */
  flagged: number;
}

const GONE = "no longer a conflict in";
const BACK = "a conflict again in";
const CHANGED = "values changed in";

/** The sheet with a row for every conflict not on it yet; null `existing` when there is no sheet (nor conflicts: none written). */
export function mergeResolutionSheet(
  existing: string | null,
  conflicts: readonly CellConflict[],
  extractors: readonly [string, string],
  stamp: string,
): ResolutionMerge | null {
  if (existing === null && conflicts.length === 0) return null;
  let sheet: SheetText;
  if (existing === null) {
    sheet = {
      layout: NEW_SHEET_LAYOUT,
      rows: [{ ...encodeRow(sheetHeader(RESOLUTION_COLUMNS), NEW_SHEET_LAYOUT), line: 1 }],
    };
  } else {
    const read = readSheetRows(existing, RESOLUTION_COLUMNS, RESOLUTION_SHEET);
    // An unreadable sheet is reported by readResolutionSheet; it is left as it is.
    if (!read.sheet) return { text: existing, created: false, appended: 0, flagged: 0 };
    sheet = read.sheet;
  }
  const current = new Map(conflicts.map((c) => [conflictKey(c), c]));
  const onSheet = new Set<string>();
  let flagged = 0;
  sheet.rows.forEach((row, i) => {
    if (i === 0 || isBlankRow(row)) return;
    const cell = (name: string) => restoreFormula(row.cells[at(name)] ?? "");
    const key = conflictKey({ sheet: cell("sheet"), item: cell("item"), row: cell("row"), field: cell("field") });
    onSheet.add(key);
    const flag = row.cells[at("flag")] ?? "";
    const conflict = current.get(key);
    const gone = flag.lastIndexOf(GONE) > flag.lastIndexOf(BACK);
    let next = flag;
    if (conflict === undefined) {
      if (!gone) next = addToFlag(flag, `${GONE} ${stamp} (its final value is not used)`);
    } else {
      if (gone) next = addToFlag(next, `${BACK} ${stamp}`);
      const [one, two] = conflict.values;
      const note = `${CHANGED} ${stamp}: now ${JSON.stringify(one)} / ${JSON.stringify(two)}`;
      const changed = cell("value_1") !== one || cell("value_2") !== two;
      if (changed && !next.includes(`now ${JSON.stringify(one)} / ${JSON.stringify(two)}`))
        next = addToFlag(next, note);
    }
    if (next !== flag) {
      sheet.rows[i] = replaceCells(row, new Map([[at("flag"), next]]), sheet.layout);
      flagged++;
    }
  });
  let appended = 0;
  const width = Math.max(sheetHeader(RESOLUTION_COLUMNS).length, sheet.rows[0]?.cells.length ?? 0);
  for (const conflict of conflicts) {
    if (onSheet.has(conflictKey(conflict))) continue;
    // Values come from what extractors typed: guarded like every cell srpipe writes into a sheet.
    const cells = [
      conflict.sheet,
      neutraliseFormula(conflict.item),
      conflict.row,
      conflict.field,
      extractors[0],
      neutraliseFormula(conflict.values[0]),
      extractors[1],
      neutraliseFormula(conflict.values[1]),
      existing === null ? "" : `new in ${stamp}`,
    ];
    while (cells.length < width) cells.push("");
    sheet.rows.push(encodeRow(cells, sheet.layout));
    appended++;
  }
  const changed = existing === null || appended > 0 || flagged > 0;
  return {
    text: changed || existing === null ? renderSheetText(sheet) : existing,
    created: existing === null,
    appended,
    flagged,
  };
}
