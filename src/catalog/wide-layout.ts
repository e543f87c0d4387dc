/**
 * The published wide catalog layout (appear.csv, best.csv, detail.csv of williamlhy/Clinical-LLM-select):
 * six header rows labelled in the first column — Stage (written only where it changes), Task, Sub-task,
 * Mandatory input, Optional input, Output — then one row per model × size: model name, size, and one cell
 * per category column (counts in appear/best) or per detail field (detail.csv).
 *
 * Model rows are identified by their position: the three published files do not name every row alike
 * (best.csv says "Mixtral,7B" where appear.csv says "Mixtral,8x7B"), and one name × size occurs twice,
 * so rows are kept in file order and labels are kept per file, as published.
 */
import { InputError } from "../errors.js";
import { formatWideText, parseWideText, PUBLISHED_TEXT_TRAITS, type WideText } from "./wide-csv.js";

export const WIDE_HEADER_LABELS = ["Stage", "Task", "Sub-task", "Mandatory input", "Optional input", "Output"] as const;
/** The header row count: model rows start on file line HEADER_ROWS + 1. */
export const HEADER_ROWS = WIDE_HEADER_LABELS.length;

/** One category column of appear.csv/best.csv: where in the workflow, what task, which modalities. */
export interface CategoryColumn {
  stage: string;
  task: string;
  subtask: string;
  mandatoryInput: string;
  optionalInput: string;
  output: string;
}

export interface ModelLabel {
  model: string;
  size: string;
}

export interface CountsRow {
  label: ModelLabel;
  counts: number[];
}

/** appear.csv or best.csv: counts of studies per model row × category column. */
export interface CountsCatalog {
  text: Omit<WideText, "lines">;
  columns: CategoryColumn[];
  rows: CountsRow[];
}

/** detail.csv's field columns, in published order. */
export const DETAIL_COLUMNS = [
  "pre_num",
  "pre_gpu",
  "TDP1",
  "pre_TDP",
  "fin_num",
  "fin_gpu",
  "TDP2",
  "fin_TDP",
  "infe_num",
  "infe_gpu",
  "TDP3",
  "infe_TDP",
  "pre_m",
  "fin_m",
  "infe_m",
  "access",
  "price1",
  "pre_price",
  "price2",
  "fin_price",
  "price3",
  "infe_price",
] as const;
export type DetailColumn = (typeof DETAIL_COLUMNS)[number];

export interface DetailRow {
  label: ModelLabel;
  /** Cells exactly as published (numbers stay text so "18000" is written back as "18000"). */
  cells: { [column in DetailColumn]: string };
}

export interface DetailCatalog {
  text: Omit<WideText, "lines">;
  rows: DetailRow[];
}

const COUNT = /^(0|[1-9][0-9]*)$/;

function expectWidth(cells: string[], width: number, file: string, line: number): void {
  if (cells.length !== width) {
    throw new InputError({
      file,
      line,
      column: Math.min(cells.length, width) + 1,
      expected: `${width} cells (as many as the header)`,
      got: `${cells.length}`,
    });
  }
}

/** Checks the six labelled header rows and returns their cells (line i = header row i). */
function headerRows(wide: WideText, file: string, secondCellOfFirstRow: string): string[][] {
  const rows: string[][] = [];
  WIDE_HEADER_LABELS.forEach((label, index) => {
    const cells = wide.lines[index];
    const line = index + 1;
    if (cells === undefined) {
      throw new InputError({
        file,
        line,
        column: 1,
        field: "header",
        expected: `the header row "${label}"`,
        got: "end of file",
      });
    }
    if (cells[0] !== label) {
      throw new InputError({
        file,
        line,
        column: 1,
        field: "header",
        expected: `the header row "${label}"`,
        got: JSON.stringify(cells[0] ?? ""),
      });
    }
    const second = index === 0 ? secondCellOfFirstRow : "";
    if ((cells[1] ?? "") !== second) {
      throw new InputError({
        file,
        line,
        column: 2,
        field: label,
        expected: JSON.stringify(second),
        got: JSON.stringify(cells[1] ?? ""),
      });
    }
    rows.push(cells);
  });
  return rows;
}

function textTraits(wide: WideText): Omit<WideText, "lines"> {
  return { bom: wide.bom, eol: wide.eol, finalEol: wide.finalEol };
}

export function parseCountsWide(text: string, file: string): CountsCatalog {
  const wide = parseWideText(text, file);
  const header = headerRows(wide, file, "Size");
  const width = header[0]?.length ?? 0;
  header.forEach((cells, index) => expectWidth(cells, width, file, index + 1));
  const columns: CategoryColumn[] = [];
  let stage = "";
  for (let c = 2; c < width; c += 1) {
    const cell = (row: number): string => header[row]?.[c] ?? "";
    // Stage is written only where it changes: an empty cell continues the stage to its left.
    if (cell(0) !== "") stage = cell(0);
    if (stage === "") {
      throw new InputError({
        file,
        line: 1,
        column: c + 1,
        field: "Stage",
        expected: "a stage on the first category column",
        got: '""',
      });
    }
    columns.push({
      stage,
      task: cell(1),
      subtask: cell(2),
      mandatoryInput: cell(3),
      optionalInput: cell(4),
      output: cell(5),
    });
  }
  const rows = wide.lines.slice(HEADER_ROWS).map((cells, index): CountsRow => {
    const line = HEADER_ROWS + index + 1;
    expectWidth(cells, width, file, line);
    const counts = cells.slice(2).map((cell, offset) => {
      if (!COUNT.test(cell)) {
        const column = columns[offset];
        throw new InputError({
          file,
          line,
          column: offset + 3,
          field: column ? `${column.stage}/${column.subtask}` : "count",
          expected: "a whole number of studies (0, 1, 2, …)",
          got: JSON.stringify(cell),
        });
      }
      return Number(cell);
    });
    return { label: { model: cells[0] ?? "", size: cells[1] ?? "" }, counts };
  });
  return { text: textTraits(wide), columns, rows };
}

export function formatCountsWide(
  catalog: Pick<CountsCatalog, "columns" | "rows"> & { text?: CountsCatalog["text"] },
): string {
  const { columns } = catalog;
  const stageRow = ["Stage", "Size"];
  columns.forEach((column, index) =>
    stageRow.push(index > 0 && columns[index - 1]?.stage === column.stage ? "" : column.stage),
  );
  const lines = [
    stageRow,
    ["Task", "", ...columns.map((c) => c.task)],
    ["Sub-task", "", ...columns.map((c) => c.subtask)],
    ["Mandatory input", "", ...columns.map((c) => c.mandatoryInput)],
    ["Optional input", "", ...columns.map((c) => c.optionalInput)],
    ["Output", "", ...columns.map((c) => c.output)],
    ...catalog.rows.map((row) => [row.label.model, row.label.size, ...row.counts.map(String)]),
  ];
  return formatWideText({ ...(catalog.text ?? PUBLISHED_TEXT_TRAITS), lines });
}

export function parseDetailWide(text: string, file: string): DetailCatalog {
  const wide = parseWideText(text, file);
  const header = headerRows(wide, file, "Size");
  const width = DETAIL_COLUMNS.length + 2;
  header.forEach((cells, index) => expectWidth(cells, width, file, index + 1));
  DETAIL_COLUMNS.forEach((name, offset) => {
    const got = header[0]?.[offset + 2] ?? "";
    if (got !== name) {
      throw new InputError({
        file,
        line: 1,
        column: offset + 3,
        field: "header",
        expected: JSON.stringify(name),
        got: JSON.stringify(got),
      });
    }
    header.slice(1).forEach((cells, index) => {
      const cell = cells[offset + 2] ?? "";
      if (cell !== "") {
        throw new InputError({
          file,
          line: index + 2,
          column: offset + 3,
          field: name,
          expected: "an empty header cell",
          got: JSON.stringify(cell),
        });
      }
    });
  });
  const rows = wide.lines.slice(HEADER_ROWS).map((cells, index): DetailRow => {
    expectWidth(cells, width, file, HEADER_ROWS + index + 1);
    const entries = DETAIL_COLUMNS.map((name, offset) => [name, cells[offset + 2] ?? ""] as const);
    return {
      label: { model: cells[0] ?? "", size: cells[1] ?? "" },
      cells: Object.fromEntries(entries) as DetailRow["cells"],
    };
  });
  return { text: textTraits(wide), rows };
}

export function formatDetailWide(catalog: Pick<DetailCatalog, "rows"> & { text?: DetailCatalog["text"] }): string {
  const blank = DETAIL_COLUMNS.map(() => "");
  const lines = [
    ["Stage", "Size", ...DETAIL_COLUMNS],
    ...WIDE_HEADER_LABELS.slice(1).map((label) => [label, "", ...blank]),
    ...catalog.rows.map((row) => [row.label.model, row.label.size, ...DETAIL_COLUMNS.map((name) => row.cells[name])]),
  ];
  return formatWideText({ ...(catalog.text ?? PUBLISHED_TEXT_TRAITS), lines });
}
