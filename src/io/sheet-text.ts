/**
 * CSV text of a reviewer's sheet, read so that it can be written back byte for byte.
 *
 * csv-parse gives cell values but not the text each cell was written as, and a sheet must
 * survive a rewrite with every typed cell unchanged: quoting, doubled quotes, spaces, line
 * breaks inside a cell, a trailing space, the BOM and CRLF a spreadsheet added. So this
 * small RFC 4180 reader keeps, for every record, the raw text of each cell and the line
 * break that ended it; `renderSheetText` joins the pieces again, and only the cells a
 * caller replaces (and the rows it appends) differ from the input.
 */
import { detectDelimiter, type CsvDelimiter } from "./csv-read.js";

export type Newline = "\r\n" | "\n" | "\r";

export interface SheetLayout {
  bom: boolean;
  delimiter: CsvDelimiter;
  /** The line break new rows get: the one the header ends with (`\n` for a new file). */
  newline: Newline;
}

export interface TextRow {
  /** 1-based line where the record starts. */
  line: number;
  /** Cell values (quotes removed, doubled quotes undone). */
  cells: string[];
  /** Each cell exactly as written, quotes included. */
  raw: string[];
  /** What ended the record: a line break, or "" for a last line without one. */
  end: Newline | "";
}

export interface SheetText {
  layout: SheetLayout;
  /** Every record, the header first; blank lines are records with one empty cell. */
  rows: TextRow[];
}

/** Why a text cannot be read as CSV, with the line it happened on. */
export class SheetTextError extends Error {
  constructor(
    readonly line: number,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`line ${line}: expected ${expected}, got ${got}`);
  }
}

export const NEW_SHEET_LAYOUT: SheetLayout = { bom: true, delimiter: ",", newline: "\n" };

function lineBreakAt(text: string, i: number): Newline | null {
  const c = text[i];
  if (c === "\r") return text[i + 1] === "\n" ? "\r\n" : "\r";
  if (c === "\n") return "\n";
  return null;
}

function countBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

export function parseSheetText(input: string): SheetText {
  const bom = input.startsWith("\uFEFF");
  const text = bom ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const rows: TextRow[] = [];
  let pos = 0;
  let line = 1;
  let newline: Newline | null = null;
  while (pos < text.length) {
    const start = line;
    const cells: string[] = [];
    const raw: string[] = [];
    for (;;) {
      const cellStart = pos;
      let value: string;
      if (text[pos] === '"') {
        pos++;
        value = "";
        for (;;) {
          const quote = text.indexOf('"', pos);
          if (quote < 0) {
            throw new SheetTextError(
              line,
              "a closing quote",
              `the end of the file inside a quoted cell (cell ${cells.length + 1} of the row starting on line ${start})`,
            );
          }
          value += text.slice(pos, quote);
          line += countBreaks(text.slice(pos, quote));
          if (text[quote + 1] === '"') {
            value += '"';
            pos = quote + 2;
            continue;
          }
          pos = quote + 1;
          break;
        }
        if (pos < text.length && text[pos] !== delimiter && lineBreakAt(text, pos) === null) {
          throw new SheetTextError(
            line,
            `a delimiter (${delimiter}) or a line end after a closing quote`,
            `${JSON.stringify(text.slice(pos, pos + 20))} (a quote inside a quoted cell is written twice: "")`,
          );
        }
      } else {
        let end = pos;
        while (end < text.length && text[end] !== delimiter && text[end] !== "\r" && text[end] !== "\n") end++;
        value = text.slice(pos, end);
        pos = end;
      }
      cells.push(value);
      raw.push(text.slice(cellStart, pos));
      if (text[pos] === delimiter) {
        pos++;
        continue;
      }
      break;
    }
    const end = pos < text.length ? lineBreakAt(text, pos) : null;
    if (end !== null) {
      pos += end.length;
      line++;
      newline ??= end;
    }
    rows.push({ line: start, cells, raw, end: end ?? "" });
  }
  return { layout: { bom, delimiter, newline: newline ?? "\n" }, rows };
}

/** A cell as this sheet writes it: quoted only when it holds the delimiter, a quote or a line break. */
export function encodeCell(value: string, delimiter: CsvDelimiter): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes("\n") || value.includes("\r")) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

export function encodeRow(cells: readonly string[], layout: SheetLayout): TextRow {
  const raw = cells.map((c) => encodeCell(c, layout.delimiter));
  return { line: 0, cells: [...cells], raw, end: layout.newline };
}

/** A row with some cells replaced; every other cell keeps its written text. */
export function replaceCells(row: TextRow, replacements: ReadonlyMap<number, string>, layout: SheetLayout): TextRow {
  const raw = [...row.raw];
  const cells = [...row.cells];
  for (const [index, value] of replacements) {
    while (raw.length <= index) {
      raw.push("");
      cells.push("");
    }
    raw[index] = encodeCell(value, layout.delimiter);
    cells[index] = value;
  }
  return { ...row, raw, cells };
}

export function renderSheetText(sheet: SheetText): string {
  let out = sheet.layout.bom ? "\uFEFF" : "";
  sheet.rows.forEach((row, i) => {
    // A last line without a break gets one only when rows follow it.
    const end = row.end === "" && i < sheet.rows.length - 1 ? sheet.layout.newline : row.end;
    out += row.raw.join(sheet.layout.delimiter) + end;
  });
  return out;
}

/** A record with no text in any cell: a blank line, or `,,,,` left by a spreadsheet. */
export function isBlankRow(row: TextRow): boolean {
  return row.cells.every((c) => c.trim() === "");
}

/** A flag cell with `note` added: the note alone in an empty cell, else after "; ", so earlier notes stay. */
export function addToFlag(flag: string, note: string): string {
  return flag.trim() === "" ? note : `${flag}; ${note}`;
}
