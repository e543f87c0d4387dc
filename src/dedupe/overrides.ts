/**
 * A reviewer's decisions on pairs: `raw/overrides/duplicates.csv`, columns
 * `key_a,key_b,verdict,who,when,note` (others allowed, so a copy of review.csv works as
 * is). `verdict` is `same` or `different`; a row with no verdict yet is skipped. For one
 * pair the last row wins (decisions are events: a later row supersedes). Every later run
 * honours them, and review.csv never asks about a decided pair again.
 *
 * The file is the reviewer's: srpipe reads it and never writes it.
 */
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";

export const OVERRIDE_COLUMNS = ["key_a", "key_b", "verdict", "who", "when", "note"] as const;
export const VERDICTS = ["same", "different"] as const;
export type OverrideVerdict = (typeof VERDICTS)[number];

export interface OverrideRow {
  keyA: string;
  keyB: string;
  verdict: OverrideVerdict;
  who: string;
  when: string;
  note: string;
  /** Line of the file the row starts on. */
  line: number;
}

const REQUIRED = ["key_a", "key_b", "verdict"] as const;

/** The decided rows of an overrides file, last decision per pair; throws InputError naming file:line. */
export function parseOverrides(text: string, file: string): OverrideRow[] {
  // One line end throughout, so csv-parse's line count matches the file's (it counts CR and LF apart).
  const body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (body.trim() === "") return [];
  let parsed: { record: { [column: string]: string }; info: { lines: number } }[];
  try {
    parsed = parse(body, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError({ file, line, expected: "a CSV file with columns key_a,key_b,verdict,who,when,note", got: (error as Error).message });
  }
  const header = ((parse(body, { to_line: 1, relax_column_count: true }) as string[][])[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new InputError({ file, line: 1, field: "header", expected: `columns ${OVERRIDE_COLUMNS.join(",")}`, got: `no ${missing.join(", ")} column` });
  }
  const byPair = new Map<string, OverrideRow>();
  for (const { record, info } of parsed) {
    // info.lines is the line the record ends on; a record spanning lines (a note with a line break) starts earlier.
    const line = info.lines - ((Object.values(record).join("").match(/\n/g)?.length) ?? 0);
    const cell = (name: string) => (record[name] ?? "").trim();
    const verdictText = cell("verdict").toLowerCase();
    const keyA = cell("key_a");
    const keyB = cell("key_b");
    if (verdictText === "") continue;
    if (!(VERDICTS as readonly string[]).includes(verdictText)) {
      throw new InputError({ file, line, field: "verdict", expected: `one of ${VERDICTS.join(", ")}`, got: JSON.stringify(cell("verdict")) });
    }
    for (const [field, key] of [["key_a", keyA], ["key_b", keyB]] as const) {
      if (key === "") throw new InputError({ file, line, field, expected: "a record key", got: "an empty cell" });
    }
    if (keyA === keyB) throw new InputError({ file, line, field: "key_b", expected: "a record other than key_a", got: JSON.stringify(keyB) });
    const pair = keyA < keyB ? `${keyA}\u0000${keyB}` : `${keyB}\u0000${keyA}`;
    byPair.set(pair, { keyA, keyB, verdict: verdictText as OverrideVerdict, who: cell("who"), when: cell("when"), note: cell("note"), line });
  }
  return [...byPair.values()].sort((x, y) => x.line - y.line);
}

/**
 * Record indices for each decided pair. `lookup` maps a name (a record key; in the standalone
 * form also a record_id) to the records that carry it; an unknown name is an error naming
 * the file and line.
 */
export function resolveOverrides(
  rows: readonly OverrideRow[],
  file: string,
  lookup: (name: string) => readonly number[] | undefined,
  known: string,
): { a: number; b: number; verdict: OverrideVerdict }[] {
  const out: { a: number; b: number; verdict: OverrideVerdict }[] = [];
  for (const row of rows) {
    const sides = ([["key_a", row.keyA], ["key_b", row.keyB]] as const).map(([field, name]) => {
      const found = lookup(name);
      if (!found || found.length === 0) throw new InputError({ file, line: row.line, field, expected: known, got: JSON.stringify(name) });
      return found;
    });
    for (const a of sides[0]!) for (const b of sides[1]!) if (a !== b) out.push({ a, b, verdict: row.verdict });
  }
  return out;
}
