/**
 * Matching a typed cell against a controlled vocabulary, and the "did you mean …?" a reviewer
 * gets when it does not match. A cell matches a value when both are equal after trimming,
 * collapsing runs of white space and ignoring case: spreadsheets add and drop spaces (the
 * published label "Imaging protocol generation " ends with one), and nobody should have to
 * retype "Text" as "text". Anything else is an error; the suggestion is the value nearest in
 * edit distance on those normalised forms, when it is near enough to be a typo.
 */
import { boundedLevenshtein } from "./edit-distance.js";

export type KeyOf = (value: string) => string;

export const labelKey: KeyOf = (value) => value.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

/** The value of `values` a cell means, or undefined. */
export function findLabel(cell: string, values: readonly string[], key: KeyOf = labelKey): string | undefined {
  const wanted = key(cell);
  return values.find((v) => key(v) === wanted);
}

const tokens = (value: string) =>
  value
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}.]+/u)
    .filter(Boolean);

/**
 * The candidate a typed cell most likely means. A cell of several words that all occur in a
 * candidate is a shortened name ("NVIDIA A100-80GB" for "NVIDIA TESLA A100-80GB") and wins over
 * a candidate merely fewer edits away; otherwise the nearest candidate in edit distance, when at
 * most about a third of it must change (at least 2 edits, so "Report generaton" finds
 * "Report generation"). Ties go to the first listed.
 */
export function closestLabel(cell: string, candidates: readonly string[], key: KeyOf = labelKey): string | undefined {
  const typed = key(cell);
  if (typed === "") return undefined;
  const words = tokens(cell);
  if (words.length >= 2) {
    const containing = candidates.filter((c) => {
      const has = new Set(tokens(c));
      return words.every((w) => has.has(w));
    });
    if (containing.length > 0) return nearest(typed, containing, key, Infinity);
  }
  return nearest(typed, candidates, key, undefined);
}

/** The candidate fewest edits from `typed`, within `limit` (default: a third of the longer, at least 2). */
function nearest(
  typed: string,
  candidates: readonly string[],
  key: KeyOf,
  limit: number | undefined,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const k = key(candidate);
    const max = limit ?? Math.max(2, Math.floor(Math.max(k.length, typed.length) / 3));
    const distance = boundedLevenshtein(typed, k, Math.min(max, Math.max(k.length, typed.length)));
    if (distance <= max && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "X"?)`, or "" without a suggestion. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`;
}

/** `"a", "b", "c"` — every value quoted (so a trailing space shows), the first `shown` of them. */
export function quotedList(values: readonly string[], shown = 24): string {
  const listed = values
    .slice(0, shown)
    .map((v) => JSON.stringify(v))
    .join(", ");
  return values.length > shown ? `${listed}, … (${values.length - shown} more in the taxonomy)` : listed;
}

/** `got "X"` or `got an empty cell`. */
export function gotCell(cell: string): string {
  return cell.trim() === "" ? "an empty cell" : JSON.stringify(cell);
}
