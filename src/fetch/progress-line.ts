/**
 * How a fetch reports itself: "fetched pubmed/q1: page 3/12, 1,500/5,873 records, ETA 4 s",
 * one updating line on a terminal (src/commands/fetch.ts), plain log lines otherwise.
 */
import type { Logger } from "../log.js";

/** Where "fetched …: page 3/12" goes: one updating line on a terminal, plain log lines otherwise. */
export interface Progress {
  update(line: string): void;
  /** End the updating line before other output. */
  clear(): void;
}

export function logProgress(log: Logger): Progress {
  return { update: (line) => log.info(line), clear: () => undefined };
}

export function formatCount(n: number): string {
  return n.toLocaleString("en");
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
