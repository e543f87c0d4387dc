/**
 * The catalog folder's own CSV files (catalog.csv, categories.csv, models.csv, evidence.csv,
 * stats.csv) are ours: written by csv-write with a fixed header, formula-looking cells guarded
 * for spreadsheets (spreadsheetCsvDocument), read back whole with the guard taken off. Reading checks
 * the header against the contract column by column and each row against a zod schema, so a
 * hand-edited file fails at file:line:column with the field and what was expected.
 */
import { z } from "zod";
import { InputError } from "../errors.js";
import { parseCsvTable, type CsvTableRow } from "../io/csv-table.js";
import { restoreFormula } from "../io/spreadsheet-safe.js";
import type { CategoryColumn } from "./wide-layout.js";

/** A whole number written as digits ("0", "12"), as every count in the folder is. */
export const WHOLE_NUMBER = /^(0|[1-9][0-9]*)$/;
/** A number cell as published in detail.csv ("18000", "0.5"), or empty when unknown. */
export const NUMBER_CELL = /^$|^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * The six cells naming a category column, in the order catalog.csv, categories.csv and
 * evidence.csv all carry them; one definition so the three files cannot drift apart.
 */
export const CATEGORY_COLUMNS = ["stage", "task", "subtask", "mandatory_input", "optional_input", "output"] as const;

/** Row-schema fields for CATEGORY_COLUMNS: spread into a file's z.object. */
export const CATEGORY_CELLS = {
  stage: z.string().min(1, "a stage"),
  task: z.string(),
  subtask: z.string().min(1, "a subtask"),
  mandatory_input: z.string(),
  optional_input: z.string(),
  output: z.string(),
};

type CategoryCells = { [K in (typeof CATEGORY_COLUMNS)[number]]: string };

/** A validated row's category cells → the category column. */
export function categoryFromCells(v: CategoryCells): CategoryColumn {
  return {
    stage: v.stage,
    task: v.task,
    subtask: v.subtask,
    mandatoryInput: v.mandatory_input,
    optionalInput: v.optional_input,
    output: v.output,
  };
}

/** A category column → its cells in CATEGORY_COLUMNS order, for writing. */
export function categoryCells(c: CategoryColumn): [string, string, string, string, string, string] {
  return [c.stage, c.task, c.subtask, c.mandatoryInput, c.optionalInput, c.output];
}

export interface FolderRow<T> {
  line: number;
  value: T;
}

/**
 * Parses `text` as the file `file` whose columns must be exactly `columns` (in order), each row
 * validated by `schema` (an object schema keyed by column name).
 */
export function parseFolderTable<S extends z.ZodType>(
  text: string,
  file: string,
  columns: readonly string[],
  schema: S,
): FolderRow<z.output<S>>[] {
  const table = parseCsvTable(text, file, `a CSV with the columns ${columns.join(",")}`);
  columns.forEach((name, index) => {
    const got = table.header[index];
    if (got !== name) {
      throw new InputError({
        file,
        line: 1,
        column: index + 1,
        field: "header",
        expected: JSON.stringify(name),
        got: JSON.stringify(got ?? ""),
      });
    }
  });
  if (table.header.length > columns.length) {
    throw new InputError({
      file,
      line: 1,
      column: columns.length + 1,
      field: "header",
      expected: `${columns.length} columns`,
      got: JSON.stringify(table.header[columns.length] ?? ""),
    });
  }
  // The files are written for spreadsheets (formula-looking cells guarded): read the exact text back.
  return table.rows.map((row) => {
    const cells = Object.fromEntries(Object.entries(row.cells).map(([name, cell]) => [name, restoreFormula(cell)]));
    return { line: row.line, value: validateRow({ ...row, cells }, file, columns, schema) };
  });
}

function validateRow<S extends z.ZodType>(
  row: CsvTableRow,
  file: string,
  columns: readonly string[],
  schema: S,
): z.output<S> {
  const parsed = schema.safeParse(row.cells);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = typeof issue?.path[0] === "string" ? issue.path[0] : undefined;
  const column = field === undefined ? undefined : columns.indexOf(field) + 1;
  return failCell({
    file,
    line: row.line,
    column,
    field,
    expected: issue?.message ?? "a valid row",
    got: JSON.stringify(field === undefined ? "" : (row.cells[field] ?? "")),
  });
}

function failCell(context: {
  file: string;
  line: number;
  column: number | undefined;
  field: string | undefined;
  expected: string;
  got: string;
}): never {
  throw new InputError({
    file: context.file,
    line: context.line,
    ...(context.column === undefined ? {} : { column: context.column }),
    ...(context.field === undefined ? {} : { field: context.field }),
    expected: context.expected,
    got: context.got,
  });
}
