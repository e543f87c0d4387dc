/**
 * Append-only event logs (JSON Lines) that sit beside reviewer sheets as evidence: every
 * decision or settlement the pipeline reads from a sheet is appended once, when it is new or
 * differs from the last one recorded for its cell, so its history survives later edits of the
 * sheet (DESIGN.md, "Decisions are events"). Lines are only ever appended; one that does not
 * validate is a located problem, and the stage that owns the log stops on it.
 */
import type { z } from "zod";
import { excerpt } from "../record.js";

/** A line of an event log that is not an event, located by its 1-based line number. */
export interface EventLineProblem {
  line: number;
  /** The event's field at fault, when the line is JSON but not a valid event. */
  field?: string;
  expected: string;
  got: string;
}

/** Every valid event of the log's text, in order, and a problem for each line that is not one. */
export function parseEventLog<T>(
  text: string,
  schema: z.ZodType<T>,
  what: string,
): { events: T[]; problems: EventLineProblem[] } {
  const events: T[] = [];
  const problems: EventLineProblem[] = [];
  text.split("\n").forEach((content, i) => {
    if (content.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      problems.push({
        line: i + 1,
        expected: `${what} (one JSON object per line, as srpipe appends them)`,
        got: excerpt(content),
      });
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({
        line: i + 1,
        field: issue.path.join(".") || undefined,
        expected: `${what} as srpipe appends them`,
        got: issue.message.replace(/^Invalid input: /, ""),
      });
      return;
    }
    events.push(parsed.data);
  });
  return { events, problems };
}

/** The log's bytes with `events` appended, one JSON object per line (a last line without its newline gets one). */
export function withEventsAppended(previous: Buffer | null, events: readonly object[]): Buffer {
  const before = previous ?? Buffer.alloc(0);
  const separator = before.length > 0 && before[before.length - 1] !== 0x0a ? "\n" : "";
  return Buffer.concat([before, Buffer.from(separator + events.map((e) => `${JSON.stringify(e)}\n`).join(""), "utf8")]);
}
