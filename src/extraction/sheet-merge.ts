/**
 * Creating and merging the extraction sheets, with the screening sheets' guarantees
 * (src/screening/sheet-merge.ts): every existing row is copied byte for byte and never moved or
 * deleted; srpipe only appends rows and grows a row's `flag` cell.
 * - studies.csv: an included study without a row gets one blank row, flagged `new in <date>`
 *   (not on the sheet's first writing); the rows of a study screening no longer includes stay,
 *   flagged `study no longer included in <date>`, and `study included again in <date>` if it
 *   comes back.
 * - models.csv: a model studies.csv uses without a row gets one, name and size filled in,
 *   flagged `used in studies.csv, fill in`.
 * Pure: text in, text out; a sheet that cannot be read comes back unchanged with its problem.
 */
import { neutraliseFormula } from "../io/spreadsheet-safe.js";
import {
  addToFlag,
  encodeRow,
  isBlankRow,
  NEW_SHEET_LAYOUT,
  renderSheetText,
  replaceCells,
  type SheetText,
} from "../io/sheet-text.js";
import type { ExtractionProblem, ModelRef } from "./extraction-data.js";
import type { StudySet } from "./included-studies.js";
import {
  MODEL_COLUMNS,
  MODELS_SHEET,
  STUDIES_SHEET,
  STUDY_COLUMNS,
  USED_FLAG,
  columnIndex,
  sheetHeader,
  type ExtractionSheetColumns,
} from "./sheet-columns.js";
import { readSheetRows } from "./validate.js";

export interface SheetMerge {
  /** The sheet to write; the input itself when nothing changed. */
  text: string;
  /** The sheet did not exist and is written for the first time. */
  created: boolean;
  appended: number;
  /** Rows newly flagged as of a study no longer included / included again. */
  gone: number;
  back: number;
  problem: ExtractionProblem | null;
}

const GONE = "study no longer included in";
const BACK = "study included again in";

export function isFlaggedGone(flag: string): boolean {
  return flag.lastIndexOf(GONE) > flag.lastIndexOf(BACK);
}

function open(
  existing: string | null,
  columns: ExtractionSheetColumns,
  file: string,
): { sheet: SheetText } | { problem: ExtractionProblem } {
  if (existing === null)
    return {
      sheet: { layout: NEW_SHEET_LAYOUT, rows: [{ ...encodeRow(sheetHeader(columns), NEW_SHEET_LAYOUT), line: 1 }] },
    };
  const read = readSheetRows(existing, columns, file);
  return read.sheet ? { sheet: read.sheet } : { problem: read.problem! };
}

function append(sheet: SheetText, columns: ExtractionSheetColumns, cells: string[]): void {
  const width = Math.max(sheetHeader(columns).length, sheet.rows[0]?.cells.length ?? 0);
  while (cells.length < width) cells.push("");
  sheet.rows.push(encodeRow(cells, sheet.layout));
}

/** `file` names the sheet in problems: an extractor's own sheet in double extraction. */
export function mergeStudiesSheet(
  existing: string | null,
  studies: StudySet,
  stamp: string,
  file: string = STUDIES_SHEET,
): SheetMerge {
  const opened = open(existing, STUDY_COLUMNS, file);
  if ("problem" in opened)
    return { text: existing ?? "", created: false, appended: 0, gone: 0, back: 0, problem: opened.problem };
  const { sheet } = opened;
  const at = { id: columnIndex(STUDY_COLUMNS, "study_id"), flag: columnIndex(STUDY_COLUMNS, "flag") };
  const included = new Set(studies.included.map((s) => s.studyId));
  const withRow = new Set<string>();
  let gone = 0;
  let back = 0;
  sheet.rows.forEach((row, i) => {
    if (i === 0 || isBlankRow(row)) return;
    const id = (row.cells[at.id] ?? "").trim();
    if (id === "") return;
    withRow.add(id);
    const flag = row.cells[at.flag] ?? "";
    let next = flag;
    if (included.has(id) && isFlaggedGone(flag)) {
      next = addToFlag(flag, `${BACK} ${stamp}`);
      back++;
    } else if (!included.has(id) && studies.known.has(id) && !isFlaggedGone(flag)) {
      next = addToFlag(flag, `${GONE} ${stamp}`);
      gone++;
    }
    if (next !== flag) sheet.rows[i] = replaceCells(row, new Map([[at.flag, next]]), sheet.layout);
  });
  let appended = 0;
  for (const study of studies.included) {
    if (withRow.has(study.studyId)) continue;
    append(sheet, STUDY_COLUMNS, [
      study.studyId,
      study.doi,
      neutraliseFormula(study.title),
      existing === null ? "" : `new in ${stamp}`,
    ]);
    appended++;
  }
  const changed = existing === null || appended > 0 || gone > 0 || back > 0;
  return {
    text: changed ? renderSheetText(sheet) : existing,
    created: existing === null,
    appended,
    gone,
    back,
    problem: null,
  };
}

export function mergeModelsSheet(
  existing: string | null,
  missing: readonly ModelRef[],
  file: string = MODELS_SHEET,
): SheetMerge {
  const opened = open(existing, MODEL_COLUMNS, file);
  if ("problem" in opened)
    return { text: existing ?? "", created: false, appended: 0, gone: 0, back: 0, problem: opened.problem };
  const { sheet } = opened;
  // A model name comes from what a reviewer typed in studies.csv: guarded like every cell srpipe writes into a sheet.
  for (const ref of missing)
    append(sheet, MODEL_COLUMNS, [neutraliseFormula(ref.model), neutraliseFormula(ref.size), USED_FLAG]);
  const changed = existing === null || missing.length > 0;
  return {
    text: changed ? renderSheetText(sheet) : existing,
    created: existing === null,
    appended: missing.length,
    gone: 0,
    back: 0,
    problem: null,
  };
}
