/**
 * Decisions are events (DESIGN.md): every decision the pipeline reads from a sheet is also
 * appended to `raw/screening/decisions.jsonl` — only when it is new or differs from the last
 * one recorded for that row — so the history of every record can be audited after the sheets
 * have been edited again (ASReview's `decision_changes`). The file is evidence: lines are
 * only ever appended, and one that does not validate stops the run.
 */
import { z } from "zod";
import { DECISIONS } from "../protocol/screening.js";
import { parseEventLog, withEventsAppended } from "../io/event-log.js";
import type { ReadDecision } from "./decision-validation.js";
import type { SheetProblem } from "./sheet-problem.js";

export const DECISION_EVENT_SCHEMA_VERSION = 1;

export const DecisionEventSchema = z
  .object({
    schemaVersion: z.literal(DECISION_EVENT_SCHEMA_VERSION),
    /** 1-based position in the file. */
    seq: z.number().int().positive(),
    /** When srpipe first read this decision (UTC, to the second). */
    firstSeen: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    phase: z.string().min(1),
    /** A reviewer id, or `resolution` for the conflict sheet. */
    reviewer: z.string().min(1),
    /** The `cluster_id` cell of the sheet row: the row's identity for as long as the sheet lives. */
    record: z.string().min(1),
    /** null: the decision was cleared. */
    decision: z.enum(DECISIONS).nullable(),
    reason: z.string().nullable(),
    /** `typed` by a person, `carried` over from a row of the same work, `restored` from this file. */
    origin: z.enum(["typed", "carried", "restored"]),
    sheet: z.string().min(1),
    line: z.number().int().positive(),
    /** seq of the event this one replaces, null for the first decision on the row. */
    supersedes: z.number().int().positive().nullable(),
  })
  .strict();
export type DecisionEvent = z.infer<typeof DecisionEventSchema>;

/** A decision as read from a sheet in this run. */
export interface DecisionRead {
  phase: string;
  reviewer: string;
  record: string;
  decision: ReadDecision | null;
  origin: DecisionEvent["origin"];
  sheet: string;
  line: number;
}

export function parseDecisionEvents(text: string, file: string): { events: DecisionEvent[]; problems: SheetProblem[] } {
  const { events, problems } = parseEventLog(text, DecisionEventSchema, "a decision event");
  return { events, problems: problems.map((problem) => ({ file, ...problem })) };
}

const rowKey = (phase: string, reviewer: string, record: string) => `${phase}\u0000${reviewer}\u0000${record}`;

export class DecisionHistory {
  private readonly latest = new Map<string, DecisionEvent>();
  private lastSeq = 0;

  constructor(events: readonly DecisionEvent[]) {
    for (const event of events) {
      this.latest.set(rowKey(event.phase, event.reviewer, event.record), event);
      this.lastSeq = Math.max(this.lastSeq, event.seq);
    }
  }

  /** The last event recorded for a row, if any. */
  last(phase: string, reviewer: string, record: string): DecisionEvent | undefined {
    return this.latest.get(rowKey(phase, reviewer, record));
  }

  /** Events for the reads that are new or changed, numbered after the existing ones; `firstSeen` is now. */
  changes(reads: readonly DecisionRead[], firstSeen: string): DecisionEvent[] {
    const out: DecisionEvent[] = [];
    let seq = this.lastSeq;
    const seen = new Map(this.latest);
    for (const read of reads) {
      const key = rowKey(read.phase, read.reviewer, read.record);
      const previous = seen.get(key);
      const decision = read.decision?.decision ?? null;
      const reason = read.decision?.reason ?? null;
      if (previous === undefined ? decision === null : previous.decision === decision && previous.reason === reason)
        continue;
      const event: DecisionEvent = {
        schemaVersion: DECISION_EVENT_SCHEMA_VERSION,
        seq: ++seq,
        firstSeen,
        phase: read.phase,
        reviewer: read.reviewer,
        record: read.record,
        decision,
        reason,
        origin: read.origin,
        sheet: read.sheet,
        line: read.line,
        supersedes: previous?.seq ?? null,
      };
      seen.set(key, event);
      out.push(event);
    }
    return out;
  }
}

export function eventLines(events: readonly DecisionEvent[]): string {
  return withEventsAppended(null, events).toString("utf8");
}
