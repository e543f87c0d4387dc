/**
 * Where in a journal a record sits: volume, issue and pages, as dedupe compares them.
 * Databases write `1234-45`, `1234-1245`, `1234`, `S12-S15`, `e1234`, `A27`; volumes as
 * `46 (Supplement 1)` or `29 (7)`; and now and then the year where the volume should be.
 * Two copies of an article share the first page; the end page is often abbreviated or
 * missing, so it only confirms, it never contradicts.
 */
import { fold } from "./fold.js";

const MONTHS: { readonly [name: string]: string } = {
  jan: "1",
  january: "1",
  feb: "2",
  february: "2",
  mar: "3",
  march: "3",
  apr: "4",
  april: "4",
  may: "5",
  jun: "6",
  june: "6",
  jul: "7",
  july: "7",
  aug: "8",
  august: "8",
  sep: "9",
  sept: "9",
  september: "9",
  oct: "10",
  october: "10",
  nov: "11",
  november: "11",
  dec: "12",
  december: "12",
};

export interface Pages {
  /** First page as written, folded: `1234`, `s12`, `e1234`, `a27`. */
  start: string;
  /** Last page, expanded (`1234-45` → `1245`); null when the record gives one page. */
  end: string | null;
}

/** `1234-45` means 1234–1245: the end page writes only the digits that change. */
export function expandEndPage(start: string, end: string): string {
  const s = /^([a-z]*)(\d+)$/.exec(start);
  const e = /^([a-z]*)(\d+)$/.exec(end);
  if (!s || !e) return end;
  const [, prefix, startDigits] = s;
  const endDigits = e[2]!;
  if (endDigits.length < startDigits!.length) {
    return `${prefix}${startDigits!.slice(0, startDigits!.length - endDigits.length)}${endDigits}`;
  }
  return `${e[1] || prefix}${endDigits}`;
}

export function parsePages(pages: string | null | undefined, year: number | null = null): Pages | null {
  if (!pages) return null;
  const text = pages
    .toLowerCase()
    .replace(/\s*(?:--|[-‐‑‒–—])\s*/g, "-")
    .trim();
  const match = /^(?:pp?\.?\s*)?([a-z]{0,3}\.?\s?\d+[a-z]?)(?:\s*-\s*([a-z]{0,3}\.?\s?\d+[a-z]?))?/.exec(text);
  if (!match) return null;
  const page = (value: string) => value.replace(/[.\s]/g, "").replace(/^0+(?=\d)/, "");
  const start = page(match[1]!);
  if (year !== null && start === String(year)) return null;
  const end = match[2] ? expandEndPage(start, page(match[2])) : null;
  return { start, end: end === start ? null : end };
}

/**
 * The number a volume or issue names (`46 (Supplement 1)` → `46`, `Vol. 12` → `12`); the
 * folded text when it names none (`Meeting Abstracts`); null when empty or just the year.
 */
export function volumeKey(value: string | null | undefined, year: number | null = null): string | null {
  if (!value) return null;
  // `1)` or `(Suppl 2`: an exporter split the field in the wrong place; the value cannot be trusted.
  if ((value.match(/\(/g)?.length ?? 0) !== (value.match(/\)/g)?.length ?? 0)) return null;
  const folded = fold(value);
  if (folded === "") return null;
  // Magazines number issues by month: `May` is issue 5.
  const month = MONTHS[folded];
  if (month !== undefined) return month;
  const number = /(?:^|\s)(?:s|suppl?|supplement|no|vol|v)?\s?(\d+)(?:\s|$)/.exec(folded);
  if (number) {
    const digits = number[1]!.replace(/^0+(?=\d)/, "");
    if (year !== null && digits === String(year)) return null;
    return digits;
  }
  return folded;
}

export interface Place {
  volume: string | null;
  issue: string | null;
  pages: string | null;
}

/** `18 (8) (no pagination)`: a volume that carries its issue in parentheses. */
const VOLUME_WITH_ISSUE = /^\s*([\w.-]+)\s*\(\s*([\w.-]+)\s*\)/;
/** `123-130`, `S12-S15`: what only a page field holds. */
const PAGE_RANGE = /^\s*[a-z]{0,3}\d+\s*(?:--|[-‐‑‒–—])\s*[a-z]{0,3}\d+\s*$/i;

/**
 * Volume, issue and pages put back in their columns when an export shifted them by one: a
 * volume written `V (I)` with the pages empty means the issue column holds the page or
 * article number (Embase's `18 (8) (no pagination)` with `e0143396` as "issue"), and with
 * the pages given too, an issue that repeats them (or none) is the one in the volume's
 * brackets; an issue that is a page range with the pages empty is the pages.
 */
export function unshiftPlace(place: Place): Place {
  const { volume, issue, pages } = place;
  const carried = volume === null ? null : VOLUME_WITH_ISSUE.exec(volume);
  if (pages !== null && pages.trim() !== "") {
    // The same export with the article number in both columns (`9 (8) (no pagination)`, issue and pages `e103114`), or no issue at all.
    const issueIsPages =
      issue === null || issue.trim() === "" || issue.trim().toLowerCase() === pages.trim().toLowerCase();
    return carried && issueIsPages ? { volume: carried[1]!, issue: carried[2]!, pages } : place;
  }
  if (issue === null || issue.trim() === "") return place;
  if (carried && carried[2] !== issue.trim()) return { volume: carried[1]!, issue: carried[2]!, pages: issue };
  if (PAGE_RANGE.test(issue)) return { volume, issue: null, pages: issue };
  return place;
}

/**
 * An accession or record number in the issue column (Embase's `2005123456`, PsycINFO's
 * `2005-12345-001`, a Web of Science UT): no journal numbers its issues past six digits, so
 * such an issue says nothing about the place, even where the rest of the file's issues are
 * real — unless the pages are empty, where a long number may be the article number shifted
 * a column (Hindawi's `7348372`), which the comparison matches against the other's pages.
 */
export function isAccessionNumber(place: Place): boolean {
  const { issue, pages } = place;
  if (issue === null) return false;
  if (PSYCINFO_ACCESSION.test(issue)) return true;
  return isLongNumber(issue) && pages !== null && pages.trim() !== "";
}

/** Seven digits or more: longer than any journal numbers its issues, an accession or article number. */
export function isLongNumber(value: string): boolean {
  return LONG_NUMBER.test(value);
}

const PSYCINFO_ACCESSION = /^\s*\d{4}-\d{5}-\d{3}\s*$/;
const LONG_NUMBER = /^\s*\d{7,}\s*$/;

/** Does the issue name a supplement (`Supplement 1`, `Suppl. 2`, `S3`)? Conference abstracts live there. */
export function isSupplement(volume: string | null, issue: string | null): boolean {
  // `S3` alone in either field (not only when the other is empty: volume 30, issue S3).
  return (
    SUPPLEMENT_WORD.test(`${volume ?? ""} ${issue ?? ""}`) ||
    SUPPLEMENT_NUMBER.test(volume ?? "") ||
    SUPPLEMENT_NUMBER.test(issue ?? "")
  );
}

const SUPPLEMENT_WORD = /\bsuppl?|supplement\b/i;
const SUPPLEMENT_NUMBER = /^\s*s\d+\s*$/i;
