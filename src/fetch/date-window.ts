/** Date-window arithmetic for splitting a search by date: whole UTC days, ISO `YYYY-MM-DD`. */
import type { DateWindow } from "../sources/api-source.js";

const DAY_MS = 86_400_000;

function dayNumber(isoDay: string): number {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Split a window into two halves of whole days (the earlier half no shorter); null for a single day. */
export function halveWindow(window: DateWindow): [DateWindow, DateWindow] | null {
  const from = dayNumber(window.from);
  const to = dayNumber(window.to);
  if (to <= from) return null;
  const mid = from + Math.floor((to - from) / 2);
  return [
    { from: window.from, to: isoDay(mid) },
    { from: isoDay(mid + 1), to: window.to },
  ];
}

/** "2024-01-01 to 2024-06-30", as messages and the dry-run plan name a window. */
export function windowText(w: DateWindow): string {
  return `${w.from} to ${w.to}`;
}
