/**
 * Is a sheet row the record it claims to be? Its key says which record; its title, which the
 * reviewer read when deciding, must be that record's. A spreadsheet "sort only the selected
 * columns" leaves the keys in place and moves titles and decisions, and every decision then
 * lands on another record: comparing the title catches that, and a title typed over.
 *
 * The comparison forgives what a spreadsheet or a reviewer's eye would: the apostrophe srpipe
 * puts before a formula-looking title (src/io/spreadsheet-safe.ts), case, Unicode forms,
 * punctuation and spacing. Letters and digits must match, in order.
 */
import { FORMULA_GUARD } from "./spreadsheet-safe.js";

export function titleKey(cell: string): string {
  const unguarded = cell.startsWith(FORMULA_GUARD) ? cell.slice(FORMULA_GUARD.length) : cell;
  return unguarded
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export function sameTitle(cell: string, title: string): boolean {
  return titleKey(cell) === titleKey(title);
}

/** A title for a message: quoted, and cut to what fits on a line. */
export function shownTitle(title: string, max = 80): string {
  const oneLine = title.replace(/\s+/g, " ").trim();
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine);
}
