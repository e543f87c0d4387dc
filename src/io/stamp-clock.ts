/**
 * The time a run stamps on what it adds to reviewer-owned files (new sheet rows, backups,
 * decision events): screen and extract both stamp, so the clock is neither stage's.
 */

/** Now, or SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) when set. */
export function stampClock(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/** `2025-04-01T12:00:00Z`: the time to the second, as events and search logs record it. */
export function isoSecond(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `20250401T120000Z`: the same, as backup, snapshot and list files are named (it sorts in time order). */
export function compactStamp(date: Date): string {
  return isoSecond(date).replace(/[-:]/g, "");
}
