/**
 * Which settled cells of raw/extraction/resolution.csv are new or changed since the last events
 * recorded in raw/extraction/settlements.jsonl (src/artefacts/extraction-settlements-jsonl.ts).
 * Pure: events and the sheet's settled cells in, new events out.
 */
import { compareStrings } from "../record-csv.js";
import { SETTLEMENT_EVENT_SCHEMA_VERSION, type SettlementEvent } from "../artefacts/extraction-settlements-jsonl.js";
import { conflictKey, type Resolution } from "./resolution-sheet.js";

/**
 * Events for the settled cells that are new or changed since the last recorded ones, and for
 * cells recorded as settled that are settled no more (final value cleared), numbered after the
 * existing events. Settled cells come in the sheet's line order, then cleared ones in key order,
 * so the same files give the same events.
 */
export function settlementChanges(
  recorded: readonly SettlementEvent[],
  resolutions: ReadonlyMap<string, Resolution>,
  extractors: readonly [string, string],
  firstSeen: string,
): SettlementEvent[] {
  const latest = new Map<string, SettlementEvent>();
  let seq = 0;
  for (const event of recorded) {
    latest.set(conflictKey(event), event);
    seq = Math.max(seq, event.seq);
  }
  const out: SettlementEvent[] = [];
  const settled = [...resolutions].sort(([, a], [, b]) => a.line - b.line);
  for (const [key, resolution] of settled) {
    const previous = latest.get(key);
    const [one, two] = resolution.values;
    if (previous?.value === resolution.value && previous.values[0] === one && previous.values[1] === two) continue;
    out.push({
      schemaVersion: SETTLEMENT_EVENT_SCHEMA_VERSION,
      seq: ++seq,
      firstSeen,
      ...resolution.cell,
      value: resolution.value,
      values: [one, two],
      extractors: [extractors[0], extractors[1]],
      line: resolution.line,
      supersedes: previous?.seq ?? null,
    });
  }
  const cleared = [...latest]
    .filter(([key, event]) => event.value !== null && !resolutions.has(key))
    .sort(([a], [b]) => compareStrings(a, b));
  for (const [, previous] of cleared) {
    out.push({
      ...previous,
      seq: ++seq,
      firstSeen,
      value: null,
      values: ["", ""],
      extractors: [extractors[0], extractors[1]],
      line: null,
      supersedes: previous.seq,
    });
  }
  return out;
}
