/**
 * The published catalog files are spreadsheet exports: UTF-8 with a BOM, CRLF line ends, a final
 * line end, RFC 4180 quoting. This module reads such a file into cells while remembering those
 * byte-level traits, so a file read and written back is byte for byte the same. Cells are never
 * trimmed or normalised ("Imaging protocol generation " keeps its trailing space).
 */
import { InputError } from "../errors.js";

export interface WideText {
  bom: boolean;
  eol: "\r\n" | "\n";
  finalEol: boolean;
  /** One array of cells per line, in file order; line i (0-based) is file line i + 1. */
  lines: string[][];
}

const BOM = "\uFEFF";

export function parseWideText(text: string, file: string): WideText {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const eol: "\r\n" | "\n" = body.includes("\r\n") || !body.includes("\n") ? "\r\n" : "\n";
  const lines: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let column = 1;
  let i = 0;
  let finalEol = false;
  while (i < body.length) {
    const ch = body[i];
    finalEol = false;
    if (ch === '"' && cell === "") {
      const startLine = line;
      const startColumn = column;
      i += 1;
      for (;;) {
        if (i >= body.length) {
          throw new InputError({
            file,
            line: startLine,
            column: startColumn,
            expected: "a closing quote",
            got: "end of file",
          });
        }
        const q = body[i];
        if (q === '"') {
          if (body[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === "\n") line += 1;
        cell += q;
        i += 1;
      }
      const next = body[i];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        throw new InputError({
          file,
          line,
          column: startColumn,
          expected: "a separator after a quoted cell",
          got: JSON.stringify(next),
        });
      }
      continue;
    }
    if (ch === ",") {
      cells.push(cell);
      cell = "";
      column += 1;
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      const ending = ch === "\r" && body[i + 1] === "\n" ? "\r\n" : ch;
      if (ending !== eol) {
        throw new InputError({
          file,
          line,
          expected: `every line ending in ${JSON.stringify(eol)}`,
          got: JSON.stringify(ending),
        });
      }
      cells.push(cell);
      lines.push(cells);
      cells = [];
      cell = "";
      line += 1;
      column = 1;
      i += ending.length;
      finalEol = true;
      continue;
    }
    cell += ch;
    i += 1;
  }
  if (!finalEol && (cell !== "" || cells.length > 0)) {
    cells.push(cell);
    lines.push(cells);
  }
  return { bom, eol, finalEol, lines };
}

function quoteCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function formatWideText(wide: WideText): string {
  const body = wide.lines.map((cells) => cells.map(quoteCell).join(",")).join(wide.eol);
  return (wide.bom ? BOM : "") + body + (wide.finalEol && wide.lines.length > 0 ? wide.eol : "");
}

/** The traits of the published files, used when srpipe writes a catalog of its own. */
export const PUBLISHED_TEXT_TRAITS: Omit<WideText, "lines"> = { bom: true, eol: "\r\n", finalEol: true };
