/**
 * The columns of the screening sheets: the pipeline's columns first (what a reviewer reads),
 * then the reviewer's (`decision`, `reason`, `note`), then any columns the reviewer added.
 * One table per sheet kind; the header, the cells of a new row and the header check all come
 * from it. The pipeline never changes a pipeline cell of an existing row except `flag`.
 */
import { neutraliseFormula } from "../io/spreadsheet-safe.js";
import type { Author } from "../record.js";
import { formatIdentifiers } from "./identifiers.js";
import type { ScreeningRecord } from "./screening-record.js";
import type { SheetProblem } from "./sheet-problem.js";

export const REVIEWER_COLUMNS = ["decision", "reason", "note"] as const;
export type ReviewerColumn = (typeof REVIEWER_COLUMNS)[number];

/** What a resolution row shows besides the record: the kind of disagreement and who said what. */
export interface ConflictCells {
  kind: string;
  said: string;
}

type CellOf = (record: ScreeningRecord, conflict: ConflictCells | null) => string;

const CELLS: { readonly [column: string]: CellOf } = {
  cluster_id: (r) => r.unique.clusterId,
  branch: (r) => r.branch,
  // Display-only cells go through neutraliseFormula: reviewers open sheets in spreadsheets,
  // and a title such as "=HYPERLINK(…)" must show as text there, never run.
  title: (r) => neutraliseFormula(r.unique.record.title ?? ""),
  authors: (r) => neutraliseFormula(shortAuthors(r.unique.record.authors)),
  year: (r) => (r.unique.record.year === null ? "" : String(r.unique.record.year)),
  journal: (r) => neutraliseFormula(r.unique.record.journal ?? ""),
  doi: (r) => r.unique.record.doi ?? "",
  abstract: (r) => neutraliseFormula(r.unique.record.abstract ?? ""),
  identifiers: (r) => formatIdentifiers(r.identity),
  conflict: (_, c) => c?.kind ?? "",
  said: (_, c) => c?.said ?? "",
};

export interface SheetColumns {
  kind: "reviewer" | "resolution";
  /** The pipeline's columns in order; `flag` is always the last of them. */
  pipeline: readonly string[];
}

/** `raw/screening/<phase>-<reviewer>.csv`: one row per record, blind to the other reviewers. */
export const REVIEWER_SHEET_COLUMNS: SheetColumns = {
  kind: "reviewer",
  pipeline: ["cluster_id", "branch", "title", "authors", "year", "journal", "doi", "abstract", "identifiers", "flag"],
};

/** `raw/screening/<phase>-resolution.csv`: one row per disagreement, with what each reviewer said. */
export const RESOLUTION_COLUMNS: SheetColumns = {
  kind: "resolution",
  pipeline: ["cluster_id", "branch", "title", "doi", "conflict", "said", "identifiers", "flag"],
};

export function sheetHeader(columns: SheetColumns): string[] {
  return [...columns.pipeline, ...REVIEWER_COLUMNS];
}

/** Where each named column sits; fixed by the header check, so plain indices. */
export function columnIndex(columns: SheetColumns, name: string): number {
  const index = sheetHeader(columns).indexOf(name);
  if (index < 0) throw new Error(`no column ${name} in a ${columns.kind} sheet`);
  return index;
}

/** The pipeline's cells of a new row, `flag` included. */
export function pipelineCells(columns: SheetColumns, record: ScreeningRecord, flag: string, conflict: ConflictCells | null = null): string[] {
  return columns.pipeline.map((name) => (name === "flag" ? flag : CELLS[name]!(record, conflict)));
}

/** `Smith J, Lee KH, Kim S, et al.`: enough to recognise a paper in a narrow column. */
export function shortAuthors(authors: readonly Author[], shown = 3): string {
  const names = authors.slice(0, shown).map((a) => {
    const initials = (a.given ?? "")
      .split(/[\s.-]+/)
      .filter(Boolean)
      .map((part) => part[0]!.toUpperCase())
      .join("");
    return [a.family ?? a.given ?? "", initials && a.family ? initials : ""].filter(Boolean).join(" ");
  });
  return names.join(", ") + (authors.length > shown ? ", et al." : "");
}

const normaliseName = (cell: string) => cell.replace(/^\uFEFF/, "").trim().toLowerCase();

/**
 * The header must start with the expected columns, in order; the reviewer may add columns
 * after `note`. A spreadsheet that moved, renamed or dropped a column is refused, because
 * every later read goes by position.
 */
export function checkHeader(columns: SheetColumns, header: readonly string[] | undefined, file: string): SheetProblem | null {
  const expected = sheetHeader(columns);
  const got = (header ?? []).map(normaliseName);
  if (expected.every((name, i) => got[i] === name)) return null;
  const order = `the columns ${expected.join(", ")} in this order (your own columns may follow "note")`;
  if (got.length === 0 || (got.length === 1 && got[0] === "")) return { file, line: 1, expected: `a header row with ${order}`, got: "an empty file" };
  const missing = expected.filter((name) => !got.includes(name));
  const shown = (header ?? []).slice(0, expected.length + 2).map((c) => c.trim()).join(", ");
  const why = missing.length > 0 ? `no column ${missing.map((m) => `"${m}"`).join(", ")}` : "the columns in another order";
  return { file, line: 1, expected: order, got: `${why}: ${shown}${(header ?? []).length > expected.length + 2 ? ", …" : ""}` };
}
