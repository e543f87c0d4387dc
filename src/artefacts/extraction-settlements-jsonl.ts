/**
 * raw/extraction/settlements.jsonl (double extraction): every value a resolver settles in
 * raw/extraction/resolution.csv, appended once when it is new or differs from the last one
 * recorded for its cell — the extraction counterpart of raw/screening/decisions.jsonl
 * (DESIGN.md, "Decisions are events"). Evidence: lines are only ever appended, and a line that
 * is not an event srpipe wrote stops the stage, located.
 */
import { join } from "node:path";
import { z } from "zod";
import { EXTRACTION_DIR } from "../extraction/sheet-columns.js";
import type { ExtractionProblem } from "../extraction/extraction-data.js";
import { replaceIfUnchanged } from "../io/atomic-write.js";
import { parseEventLog, withEventsAppended } from "../io/event-log.js";
import { decodeUtf8, NOT_UTF8 } from "../io/utf8.js";
import { readReviewerFile } from "../io/workspace-path.js";
import type { Workspace } from "../workspace.js";
import { fileArtefact } from "./artefact.js";

export const settlementsJsonl = fileArtefact(`${EXTRACTION_DIR}/settlements.jsonl`, "reviewer");

export const SETTLEMENT_EVENT_SCHEMA_VERSION = 1;

export const SettlementEventSchema = z
  .object({
    schemaVersion: z.literal(SETTLEMENT_EVENT_SCHEMA_VERSION),
    /** 1-based position in the file. */
    seq: z.number().int().positive(),
    /** When srpipe first read this value (UTC, to the second). */
    firstSeen: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    sheet: z.string().min(1),
    /** A study id, or a model and its size. */
    item: z.string().min(1),
    /** The study's row; "" for a model. */
    row: z.string(),
    field: z.string().min(1),
    /** The value kept ("" when the resolver typed "(empty)"); null: the final value was cleared. */
    value: z.string().nullable(),
    /** What the two extractors had written when it was settled (empty when cleared). */
    values: z.tuple([z.string(), z.string()]),
    /** The extractors' ids, in review.json's order. */
    extractors: z.tuple([z.string(), z.string()]),
    /** The resolution sheet's line it was read from; null when cleared (the row may be gone). */
    line: z.number().int().positive().nullable(),
    /** seq of the event this one replaces, null for the first value of the cell. */
    supersedes: z.number().int().positive().nullable(),
  })
  .strict();
export type SettlementEvent = z.infer<typeof SettlementEventSchema>;

export interface SettlementLog {
  /** The file's bytes as read (null: no file yet), for compare-before-replace. */
  bytes: Buffer | null;
  events: SettlementEvent[];
  problems: ExtractionProblem[];
}

export async function readSettlementLog(workspace: Workspace): Promise<SettlementLog> {
  const file = settlementsJsonl.path;
  const bytes = await readReviewerFile(workspace.root, join(workspace.root, file), file);
  if (bytes === null) return { bytes, events: [], problems: [] };
  const decoded = decodeUtf8(bytes);
  if (!("text" in decoded)) {
    const message = `expected ${NOT_UTF8.expected}, got ${NOT_UTF8.got}`;
    return { bytes, events: [], problems: [{ file, line: decoded.badLine, column: "", message }] };
  }
  const { events, problems } = parseEventLog(decoded.text, SettlementEventSchema, "a settlement event");
  return {
    bytes,
    events,
    problems: problems.map((p) => ({
      file,
      line: p.line,
      column: p.field ?? "",
      message: `expected ${p.expected}, got ${p.got}`,
    })),
  };
}

/** Appends `events` to the log read as `log.bytes`; refused (FileChangedError) if the file changed since. */
export async function appendSettlementEvents(
  workspace: Workspace,
  log: SettlementLog,
  events: readonly SettlementEvent[],
  beforeReplace?: () => Promise<void>,
): Promise<void> {
  await replaceIfUnchanged(join(workspace.root, settlementsJsonl.path), withEventsAppended(log.bytes, events), {
    file: settlementsJsonl.path,
    expected: log.bytes,
    beforeReplace,
  });
}
