/**
 * Merging a sheet with the records of the current run. The rules (README, "Screening"):
 * - an existing row is never moved, deleted or retyped: its bytes are copied, and only its
 *   `flag` cell may grow (`record gone in …`, `record back in …`);
 * - a row belongs to a record when its cluster id is the record's, or failing that when it
 *   lists one of the record's member keys (the cluster id changed because a duplicate joined);
 * - a record without a row gets one, appended at the end, flagged `new in <stamp>` (not on
 *   the sheet's first writing); when an earlier row with a decision is the same work (a shared
 *   key, DOI, PMID, arXiv id or EID), that decision is copied in and the flag says from where;
 *   when decisions.jsonl remembers a decision for a row deleted from the sheet, it comes back;
 * - a row whose record is gone stays, flagged (`record merged into <cluster>` when another
 *   record took over its keys: two clusters became one);
 * - in a sheet with `rank` and `score` columns, a row still waiting for a decision gets the
 *   record's current place in the relevance order (`ranks`): pipeline cells, refreshed so a
 *   spreadsheet sorted by rank screens in the order the app does. A decided row keeps them.
 * Pure: text and records in, text and row states out.
 */
import { parseIdentifiers, sharedWork, type RecordIdentity } from "./identifiers.js";
import {
  checkHeader,
  layoutColumns,
  rowCells,
  sheetHeader,
  type ConflictCells,
  type RankCells,
  type SheetColumns,
  type SheetLayoutColumns,
} from "./sheet-columns.js";
import { sameTitle, shownTitle, titleKey } from "../io/sheet-row-title.js";
import type { SheetProblem } from "./sheet-problem.js";
import type { ScreeningRecord } from "./screening-record.js";
import {
  addToFlag,
  NEW_SHEET_LAYOUT,
  SheetTextError,
  encodeRow,
  isBlankRow,
  parseSheetText,
  renderSheetText,
  replaceCells,
  type SheetText,
  type TextRow,
} from "../io/sheet-text.js";

export interface SheetEntry {
  record: ScreeningRecord;
  /** Give the record a row when it has none; false only matches (a resolution sheet's agreed records). */
  wanted: boolean;
  conflict?: ConflictCells | null;
}

/** A decision remembered in decisions.jsonl, for a row that is no longer on the sheet. */
export interface RememberedDecision {
  decision: string;
  reason: string;
  seq: number;
}

export interface MergeOptions {
  columns: SheetColumns;
  /** Workspace-relative path, for problems and flags. */
  file: string;
  /** The date new rows and status changes are flagged with (`2025-04-01`). */
  stamp: string;
  /** Record ids in the order new rows are appended (ids not listed follow in entry order). */
  order?: readonly string[];
  remembered?: (clusterId: string) => RememberedDecision | null;
  /** The relevance order's cells per record id, for sheets with rank and score columns. */
  ranks?: ReadonlyMap<string, RankCells>;
}

export type RowOrigin = "existing" | "new" | "carried" | "restored";

export interface RowState {
  /** Line in the merged sheet. */
  line: number;
  /** The row's own `cluster_id` cell (trimmed): its identity in decisions.jsonl. */
  rowId: string;
  /** The current record's cluster id, or null when the row's record is gone. */
  recordId: string | null;
  branch: string;
  decision: string;
  reason: string;
  note: string;
  flag: string;
  origin: RowOrigin;
}

export interface MergeResult {
  /** The sheet to write; equal to the input when nothing changed. */
  text: string;
  rows: RowState[];
  problems: SheetProblem[];
  appended: number;
  carried: number;
  restored: number;
  /** Rows newly flagged as gone / back. */
  gone: number;
  back: number;
  /** Undecided rows whose rank or score changed. */
  reranked: number;
}

const GONE = "record gone in";
const MERGED = "record merged into";
const BACK = "record back in";

export function isFlaggedGone(flag: string): boolean {
  return Math.max(flag.lastIndexOf(GONE), flag.lastIndexOf(MERGED)) > flag.lastIndexOf(BACK);
}

interface ExistingRow {
  index: number;
  text: TextRow;
  rowId: string;
  identity: RecordIdentity;
  listsIdentifiers: boolean;
  recordId: string | null;
}

function breaksIn(row: TextRow, delimiter: string): number {
  return (row.raw.join(delimiter).match(/\r\n|\r|\n/g) ?? []).length;
}

export function mergeSheet(
  existing: string | null,
  entries: readonly SheetEntry[],
  options: MergeOptions,
): MergeResult {
  const { columns, file, stamp } = options;
  const empty: MergeResult = {
    text: existing ?? "",
    rows: [],
    problems: [],
    appended: 0,
    carried: 0,
    restored: 0,
    gone: 0,
    back: 0,
    reranked: 0,
  };
  let sheet: SheetText;
  let names: SheetLayoutColumns = layoutColumns(sheetHeader(columns));
  if (existing === null) {
    sheet = { layout: NEW_SHEET_LAYOUT, rows: [{ ...encodeRow(sheetHeader(columns), NEW_SHEET_LAYOUT), line: 1 }] };
  } else {
    try {
      sheet = parseSheetText(existing);
    } catch (error) {
      if (!(error instanceof SheetTextError)) throw error;
      return { ...empty, problems: [{ file, line: error.line, expected: error.expected, got: error.got }] };
    }
    const header = checkHeader(columns, sheet.rows[0]?.cells, file);
    if ("problem" in header) return { ...empty, problems: [header.problem] };
    names = header.layout;
  }

  const at = {
    id: names.index("cluster_id"),
    title: names.index("title"),
    branch: names.index("branch"),
    identifiers: names.index("identifiers"),
    flag: names.index("flag"),
    decision: names.index("decision"),
    reason: names.index("reason"),
    note: names.index("note"),
    fullText: names.names.indexOf("full_text"),
    // -1 in layouts without them (resolution sheets, sheets an earlier srpipe wrote).
    rank: names.names.indexOf("rank"),
    score: names.names.indexOf("score"),
  };
  const cell = (row: TextRow, index: number) => row.cells[index] ?? "";
  const problems: SheetProblem[] = [];

  const rows: ExistingRow[] = [];
  const firstLine = new Map<string, number>();
  sheet.rows.forEach((text, index) => {
    if (index === 0 || isBlankRow(text)) return;
    const rowId = cell(text, at.id).trim();
    const seen = firstLine.get(rowId);
    if (rowId !== "" && seen !== undefined) {
      problems.push({
        file,
        line: text.line,
        field: "cluster_id",
        expected: "each record on one row",
        got: `"${rowId}" again (also on line ${seen})`,
      });
    } else firstLine.set(rowId, text.line);
    const listed = cell(text, at.identifiers);
    rows.push({
      index,
      text,
      rowId,
      identity: parseIdentifiers(rowId, listed),
      listsIdentifiers: listed.trim() !== "",
      recordId: null,
    });
  });

  // Claim rows: by cluster id first (for every record), then by a shared member key.
  const byRecord = new Map<string, ExistingRow>();
  const rowById = new Map(rows.filter((r) => r.rowId !== "").map((r) => [r.rowId, r] as const));
  for (const { record } of entries) {
    const row = rowById.get(record.unique.clusterId);
    if (row && row.recordId === null) {
      row.recordId = record.unique.clusterId;
      byRecord.set(record.unique.clusterId, row);
    }
  }
  // Rows by each key and work identifier they list, in file order.
  const rowsWith = new Map<string, ExistingRow[]>();
  for (const row of rows) {
    for (const token of [...row.identity.keys, ...row.identity.works]) {
      const list = rowsWith.get(token) ?? [];
      if (list[list.length - 1] !== row) list.push(row);
      rowsWith.set(token, list);
    }
  }
  const sharing = (tokens: readonly string[]) =>
    [...new Set(tokens.flatMap((t) => rowsWith.get(t) ?? []))].sort((x, y) => x.index - y.index);
  for (const { record } of entries) {
    if (byRecord.has(record.unique.clusterId)) continue;
    const row = sharing(record.identity.keys).find((r) => r.recordId === null);
    if (row) {
      row.recordId = record.unique.clusterId;
      byRecord.set(record.unique.clusterId, row);
    }
  }
  checkTitles(rows, entries, at.title, file, problems);

  // Which current record took over a row's member keys (two clusters merged into one).
  const recordWithKey = new Map<string, string>();
  for (const { record } of entries)
    for (const key of record.identity.keys) recordWithKey.set(key, record.unique.clusterId);

  let gone = 0;
  let back = 0;
  let relinked = 0;
  const entryOf = new Map(entries.map((e) => [e.record.unique.clusterId, e]));
  let reranked = 0;
  const states: RowState[] = [];
  const stateOf = (row: TextRow, rowId: string, recordId: string | null, origin: RowOrigin): RowState => ({
    line: row.line,
    rowId,
    recordId,
    branch: cell(row, at.branch).trim(),
    decision: cell(row, at.decision),
    reason: cell(row, at.reason),
    note: cell(row, at.note),
    flag: cell(row, at.flag),
    origin,
  });
  for (const row of rows) {
    if (row.recordId === null && !row.listsIdentifiers) {
      problems.push({
        file,
        line: row.text.line,
        field: "cluster_id",
        expected:
          "the cluster id of a record in this phase (srpipe adds the rows; a row typed by hand must name an existing record)",
        got: row.rowId === "" ? "an empty cell" : `"${row.rowId}", which no record has`,
      });
      continue;
    }
    const flag = cell(row.text, at.flag);
    let next = flag;
    if (row.recordId === null && !isFlaggedGone(flag)) {
      const heir = row.identity.keys.map((k) => recordWithKey.get(k)).find((id) => id !== undefined);
      next = addToFlag(flag, heir === undefined ? `${GONE} ${stamp}` : `${MERGED} ${heir} in ${stamp}`);
      gone++;
    } else if (row.recordId !== null && isFlaggedGone(flag)) {
      next = addToFlag(flag, `${BACK} ${stamp}`);
      back++;
    }
    const changes = new Map<number, string>();
    if (next !== flag) changes.set(at.flag, next);
    // The link to the record's full text follows raw/fulltext/ (a file retrieved or saved since).
    if (at.fullText >= 0 && row.recordId !== null) {
      const link = entryOf.get(row.recordId)?.record.fullText ?? "";
      if (cell(row.text, at.fullText) !== link) {
        changes.set(at.fullText, link);
        relinked++;
      }
    }
    const ranking = row.recordId !== null ? options.ranks?.get(row.recordId) : undefined;
    if (ranking && at.rank >= 0 && cell(row.text, at.decision).trim() === "") {
      if (cell(row.text, at.rank) !== ranking.rank) changes.set(at.rank, ranking.rank);
      if (cell(row.text, at.score) !== ranking.score) changes.set(at.score, ranking.score);
      if (changes.has(at.rank) || changes.has(at.score)) reranked++;
    }
    if (changes.size > 0) sheet.rows[row.index] = replaceCells(row.text, changes, sheet.layout);
    states.push(stateOf(sheet.rows[row.index]!, row.rowId, row.recordId, "existing"));
  }

  // New rows, in the requested order.
  const rank = new Map((options.order ?? []).map((id, i) => [id, i] as const));
  const pending = entries
    .map((entry, i) => ({ entry, i }))
    .filter(({ entry }) => entry.wanted && !byRecord.has(entry.record.unique.clusterId))
    .sort(
      (a, b) =>
        (rank.get(a.entry.record.unique.clusterId) ?? rank.size + a.i) -
        (rank.get(b.entry.record.unique.clusterId) ?? rank.size + b.i),
    );
  let appended = 0;
  let carried = 0;
  let restored = 0;
  const last = sheet.rows[sheet.rows.length - 1]!;
  let nextLine = last.line + breaksIn(last, sheet.layout.delimiter) + 1;
  const newFlag = existing === null ? "" : `new in ${stamp}`;
  const width = Math.max(names.names.length, sheet.rows[0]?.cells.length ?? 0);
  for (const { entry } of pending) {
    const { record } = entry;
    let flag = newFlag;
    let decision = "";
    let reason = "";
    let origin: RowOrigin = "new";
    const source = sharing([...record.identity.keys, ...record.identity.works]).find(
      (r) => cell(r.text, at.decision).trim() !== "",
    );
    const remembered = source ? null : (options.remembered?.(record.unique.clusterId) ?? null);
    if (source) {
      decision = cell(source.text, at.decision);
      reason = cell(source.text, at.reason);
      flag = addToFlag(
        flag,
        `carried over from line ${source.text.line} (${source.rowId}, ${sharedWork(source.identity, record.identity)})`,
      );
      origin = "carried";
      carried++;
    } else if (remembered && remembered.decision !== "") {
      decision = remembered.decision;
      reason = remembered.reason;
      flag = addToFlag(
        flag,
        `restored from decisions.jsonl (event ${remembered.seq}): this row was missing from the sheet`,
      );
      origin = "restored";
      restored++;
    }
    const cells = rowCells(
      names,
      record,
      { decision, reason, note: "", flag },
      entry.conflict ?? null,
      options.ranks?.get(record.unique.clusterId) ?? null,
    );
    while (cells.length < width) cells.push("");
    const row = { ...encodeRow(cells, sheet.layout), line: nextLine };
    nextLine += breaksIn(row, sheet.layout.delimiter) + 1;
    sheet.rows.push(row);
    states.push(stateOf(row, record.unique.clusterId, record.unique.clusterId, origin));
    appended++;
  }

  const unchanged = appended === 0 && gone === 0 && back === 0 && relinked === 0 && reranked === 0;
  const text = unchanged && existing !== null ? existing : renderSheetText(sheet);
  return { text, rows: states, problems, appended, carried, restored, gone, back, reranked };
}

/**
 * Every row tied to a record must show that record's title (src/io/sheet-row-title.ts), or
 * its decision would be read for a record the reviewer never saw on that row. When the title
 * is another record's of the same sheet, the message says so: that is a sort gone wrong.
 */
function checkTitles(
  rows: readonly ExistingRow[],
  entries: readonly SheetEntry[],
  titleAt: number,
  file: string,
  problems: SheetProblem[],
): void {
  const byId = new Map(entries.map((e) => [e.record.unique.clusterId, e.record] as const));
  const rowOf = new Map(rows.filter((r) => r.recordId !== null).map((r) => [r.recordId!, r] as const));
  // Built on the first mismatch only: a sheet sorted wrong has thousands, a good one none.
  let byTitle: Map<string, ScreeningRecord[]> | null = null;
  for (const row of rows) {
    if (row.recordId === null) continue;
    const title = byId.get(row.recordId)?.unique.record.title ?? "";
    const typed = row.text.cells[titleAt] ?? "";
    if (sameTitle(typed, title)) continue;
    byTitle ??= groupByTitle(entries);
    const owner =
      typed.trim() === "" ? undefined : byTitle.get(titleKey(typed))?.find((r) => r.unique.clusterId !== row.recordId);
    const ownerRow = owner ? rowOf.get(owner.unique.clusterId) : undefined;
    const whose = owner
      ? `, the title of ${owner.unique.clusterId}${ownerRow ? ` (line ${ownerRow.text.line})` : ""}: were the rows sorted or moved without their cluster_id column? Undo it, or put each title and decision back beside its cluster_id`
      : ": a title typed over, or the record's title changed since the sheet was written? Put the record's title back in this cell";
    problems.push({
      file,
      line: row.text.line,
      field: "title",
      expected: `the title of ${row.rowId} as srpipe wrote it, ${shownTitle(title)}`,
      got: `${typed.trim() === "" ? "an empty cell" : shownTitle(typed)}${whose}`,
    });
  }
}

function groupByTitle(entries: readonly SheetEntry[]): Map<string, ScreeningRecord[]> {
  const out = new Map<string, ScreeningRecord[]>();
  for (const { record } of entries) {
    const key = titleKey(record.unique.record.title ?? "");
    const group = out.get(key) ?? [];
    group.push(record);
    out.set(key, group);
  }
  return out;
}
