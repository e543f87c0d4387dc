/**
 * A reviewer's decisions on pairs: `raw/overrides/duplicates.csv`, columns
 * `key_a,key_b,verdict,who,when,note` (others allowed, so a copy of review.csv works as
 * is). `verdict` is `same` or `different`; a row with no verdict yet is skipped. For one
 * pair the last row wins (decisions are events: a later row supersedes). Every later run
 * honours them, and review.csv never asks about a decided pair again.
 *
 * A row that also carries `title_a`/`title_b` (a copy of review.csv does) is checked against
 * the records its keys name, titles compared in their normal form: a sheet sorted by some
 * columns only (keys left in place, titles and verdicts moved) or a pasted row that does not
 * belong is a file:line error, and no decision of the file is applied.
 *
 * The file is the reviewer's: srpipe reads it and never writes it.
 */
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import { titleForm } from "./title.js";

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
  /** The title cells the row shows for each record, when it has them (a copy of review.csv). */
  titleA: string | null;
  titleB: string | null;
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
    parsed = parse(body, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError({
      file,
      line,
      expected: "a CSV file with columns key_a,key_b,verdict,who,when,note",
      got: (error as Error).message,
    });
  }
  const header = ((parse(body, { to_line: 1, relax_column_count: true }) as string[][])[0] ?? []).map((h) =>
    h.trim().toLowerCase(),
  );
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new InputError({
      file,
      line: 1,
      field: "header",
      expected: `columns ${OVERRIDE_COLUMNS.join(",")}`,
      got: `no ${missing.join(", ")} column`,
    });
  }
  const byPair = new Map<string, OverrideRow>();
  for (const { record, info } of parsed) {
    // info.lines is the line the record ends on; a record spanning lines (a note with a line break) starts earlier.
    const line = info.lines - (Object.values(record).join("").match(/\n/g)?.length ?? 0);
    const cell = (name: string) => (record[name] ?? "").trim();
    const verdictText = cell("verdict").toLowerCase();
    const keyA = cell("key_a");
    const keyB = cell("key_b");
    if (verdictText === "") continue;
    if (!(VERDICTS as readonly string[]).includes(verdictText)) {
      throw new InputError({
        file,
        line,
        field: "verdict",
        expected: `one of ${VERDICTS.join(", ")}`,
        got: JSON.stringify(cell("verdict")),
      });
    }
    for (const [field, key] of [
      ["key_a", keyA],
      ["key_b", keyB],
    ] as const) {
      if (key === "") throw new InputError({ file, line, field, expected: "a record key", got: "an empty cell" });
    }
    if (keyA === keyB)
      throw new InputError({
        file,
        line,
        field: "key_b",
        expected: "a record other than key_a",
        got: JSON.stringify(keyB),
      });
    const pair = keyA < keyB ? `${keyA}\u0000${keyB}` : `${keyB}\u0000${keyA}`;
    const shown = (name: string) => (cell(name) === "" ? null : cell(name));
    byPair.set(pair, {
      keyA,
      keyB,
      verdict: verdictText as OverrideVerdict,
      who: cell("who"),
      when: cell("when"),
      note: cell("note"),
      titleA: shown("title_a"),
      titleB: shown("title_b"),
      line,
    });
  }
  return [...byPair.values()].sort((x, y) => x.line - y.line);
}

/** Titles equal once case, punctuation, markup and database tags are set aside. */
export function sameTitle(shown: string, title: string | null): boolean {
  return titleForm(shown).key === titleForm(title).key;
}

const QUOTE_CHARS = 120;
const quoted = (text: string | null) =>
  text === null ? "no title" : JSON.stringify(text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text);

/**
 * Record indices for each decided pair. `lookup` maps a name (a record key; in the standalone
 * form also a record_id) to the records that carry it; an unknown name, or a title cell that
 * is not the title of the record its key names, is an error naming the file and line (thrown
 * before anything is applied).
 */
export function resolveOverrides(
  rows: readonly OverrideRow[],
  file: string,
  lookup: (name: string) => readonly number[] | undefined,
  known: string,
  titleOf: (index: number) => string | null = () => null,
): { a: number; b: number; verdict: OverrideVerdict }[] {
  const out: { a: number; b: number; verdict: OverrideVerdict }[] = [];
  for (const row of rows) {
    const sides = (
      [
        ["key_a", row.keyA, "title_a", row.titleA],
        ["key_b", row.keyB, "title_b", row.titleB],
      ] as const
    ).map(([field, name, titleField, shown]) => {
      const found = lookup(name);
      if (!found || found.length === 0)
        throw new InputError({ file, line: row.line, field, expected: known, got: JSON.stringify(name) });
      if (shown !== null && !found.some((index) => sameTitle(shown, titleOf(index)))) {
        throw new InputError({
          file,
          line: row.line,
          field: titleField,
          expected: `the title of ${name}, ${quoted(titleOf(found[0]!))} (a sheet sorted by some columns only, or a row pasted into the wrong place? nothing in the file was applied)`,
          got: quoted(shown),
        });
      }
      return found;
    });
    for (const a of sides[0]!) for (const b of sides[1]!) if (a !== b) out.push({ a, b, verdict: row.verdict });
  }
  return out;
}
