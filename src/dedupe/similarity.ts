/**
 * Field-by-field similarity of two records. Every value is `null` when either record lacks
 * the field: missing is unknown, never different.
 */
import { affixLevenshtein, boundedLevenshtein, levenshteinSimilarity } from "../text/edit-distance.js";
import type { MatchRecord } from "./features.js";
import { compareIdentifiers, type IdKind } from "./identifiers.js";
import { journalFormSimilarity } from "./journal.js";
import { isLongNumber } from "./locator.js";
import { languagesDiffer } from "./title-language.js";

export interface FieldSimilarity {
  /** Identifier kinds both name alike / differently (ambiguous values set aside beforehand). */
  sharedIds: IdKind[];
  conflictingIds: IdKind[];
  /** 1 − edit distance / length of the folded content words; below 0.6 reads as 0. */
  title: number | null;
  /** One title is the other with words missing at the end or the start (a subtitle, a truncation). */
  titleContained: boolean;
  /** One title is English and the other in another language (title-language.ts): a translation, if the rest agrees. */
  titleLanguagesDiffer: boolean;
  /** The titles name different numbers (`part 1` / `part 2`), neither set within the other. */
  titleNumbersDiffer: boolean;
  /** One title names a notice (erratum, comment, reply, retraction) the other does not. */
  titleNoticesDiffer: boolean;
  /** The notice kinds named by one title and not the other, sorted. */
  noticesInOne: string[];
  /** Both records are trial registry entries: sharing a registry number, or not; null unless both name one. */
  registry: boolean | null;
  /** Share of the shorter author list found in the other (surnames, loosely). */
  authors: number | null;
  firstAuthor: boolean | null;
  /** Years apart. */
  yearGap: number | null;
  journal: number | null;
  volume: boolean | null;
  issue: boolean | null;
  /** Same first page (`1234-45` = `1234-1245` = `1234`); null when the pages cannot be compared. */
  pages: boolean | null;
  /** Both give a full page range, the same one. */
  pageRangesEqual: boolean;
  /** Both give a full numbered page range: of the same length (the same text printed again, wherever), or not; null otherwise. */
  pageCountsEqual: boolean | null;
  /** Either record sits in a supplement issue, where many abstracts share a page. */
  supplement: boolean;
  /** One record names no volume, issue or page at all: an ahead-of-print copy, or one cut short. */
  placeMissing: boolean;
  /** Share of the shorter abstract's words found in the other. */
  abstract: number | null;
  /** Both titles have enough words to tell works apart and neither names a recurring column (`Editorial`, `Editor's comments`). */
  titlesInformative: boolean;
  /** Either title names a recurring column (title.ts `isRecurringTitle`): one only in the same issue. */
  titlesRecurring: boolean;
  /** Either record is a meeting's paper (journal.ts `isMeeting`). */
  meeting: boolean;

  /** One venue's name says meeting, the other's periodical (journal.ts `venueKind`). */
  venuesDiffer: boolean;
  /** Exactly one of the two is a preprint, the other naming a venue: two reports, at most of one study. */
  preprintAndVersion: boolean;
}

/** Content words a title needs before its equality means much. */
export const INFORMATIVE_TITLE_WORDS = 4;

const TITLE_FLOOR = 0.6;
/** A contained title must still say something on its own. */
const CONTAINED_MIN_CHARS = 30;

export function sameSurname(x: string, y: string): boolean {
  if (x === y) return true;
  const shorter = Math.min(x.length, y.length);
  if (shorter >= 4 && (x.startsWith(y) || y.startsWith(x) || x.endsWith(y) || y.endsWith(x))) return true;
  return shorter >= 5 && Math.abs(x.length - y.length) <= 1 && boundedLevenshtein(x, y, 1) <= 1;
}

/** Matched share of the shorter list, and whether the first authors match. */
export function authorOverlap(a: readonly string[], b: readonly string[]): { overlap: number; first: boolean } {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const used = new Uint8Array(long.length);
  let matched = 0;
  let fuzzy = 0;
  const pending: string[] = [];
  for (const name of short) {
    let found = -1;
    for (let j = 0; j < long.length; j++) {
      if (used[j] === 0 && long[j] === name) {
        found = j;
        break;
      }
    }
    if (found >= 0) {
      used[found] = 1;
      matched++;
    } else pending.push(name);
  }
  for (const name of pending) {
    for (let j = 0; j < long.length; j++) {
      if (used[j] === 0 && sameSurname(name, long[j]!)) {
        used[j] = 1;
        fuzzy++;
        break;
      }
    }
  }
  return { overlap: (matched + fuzzy) / short.length, first: sameSurname(a[0]!, b[0]!) };
}

/** Surnames against surnames; failing that, one list's given names against the other's surnames (names filed the wrong way round). */
function authorSimilarity(a: MatchRecord, b: MatchRecord): { overlap: number; first: boolean } {
  const direct = authorOverlap(a.authors.split(" "), b.authors.split(" "));
  if (direct.overlap >= 0.5) return direct;
  let best = direct;
  for (const [x, y] of [
    [a.givenNames, b.authors],
    [a.authors, b.givenNames],
  ] as const) {
    if (x === "" || y === "") continue;
    const swapped = authorOverlap(x.split(" "), y.split(" "));
    if (swapped.overlap > best.overlap) best = swapped;
  }
  return best;
}

/**
 * One title is the other's opening or closing words (a subtitle dropped, a translation
 * appended) — at least two words of it — or, when long enough, its opening cut mid-word
 * (a database truncating at a fixed length), or its opening or closing within a few edits
 * once spaces are set aside (`CO 2` / `CO2`, `p16(INK4a)` / `p16INK4a`, `biomarkersfor`, a
 * one-letter typo: what a second export's spelling adds to a cut title).
 */
function isContained(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === long.length || !short.includes(" ")) return false;
  if (long.startsWith(`${short} `) || long.endsWith(` ${short}`)) return true;
  if (short.length < CONTAINED_MIN_CHARS) return false;
  if (long.startsWith(short)) return true;
  return nearlyContained(short.replaceAll(" ", ""), long.replaceAll(" ", ""));
}

/** Characters a nearly contained title's ends must share exactly before edits are counted (and a cheap test first). */
const CONTAINED_ANCHOR = 6;

function nearlyContained(short: string, long: string): boolean {
  // One edit per 25 characters, at least 2: a spelling, not a different clause.
  const budget = Math.max(2, Math.floor(short.length / 25));
  if (long.length - short.length <= budget) return false;
  if (long.startsWith(short.slice(0, CONTAINED_ANCHOR)) && affixLevenshtein(short, long, budget) <= budget) return true;
  return long.endsWith(short.slice(-CONTAINED_ANCHOR)) && affixLevenshtein(short, long, budget, true) <= budget;
}

/** Neither multiset of numbers holds the other. */
export function numbersDiffer(a: string, b: string): boolean {
  if (a === b || a === "" || b === "") return false;
  // `31 000` and `31,000` and `31000`: the same digits, grouped differently.
  if (a.replaceAll(" ", "") === b.replaceAll(" ", "")) return false;
  const x = a.split(" ");
  const y = b.split(" ");
  const within = (small: string[], big: string[]) => {
    const left = [...big];
    for (const n of small) {
      const at = left.indexOf(n);
      if (at < 0) return false;
      left.splice(at, 1);
    }
    return true;
  };
  return !within(x, y) && !within(y, x);
}

function sortedOverlap(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common / Math.min(a.length, b.length);
}

function digits(page: string): { prefix: string; number: string } {
  const match = /^([a-z]*)(\d+)/.exec(page);
  // `e0143396` and `143396`: an e-page's leading zeros are padding.
  return match ? { prefix: match[1]!, number: match[2]!.replace(/^0+(?=\d)/, "") } : { prefix: page, number: "" };
}

/** Two digit strings of one length that differ in exactly one place (`1234` / `1284`): a typo. */
export function oneDigitApart(x: string, y: string): boolean {
  if (x.length !== y.length || x.length < 2) return false;
  let differ = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && ++differ > 1) return false;
  return differ === 1;
}

/** Page numbers as numbers, for range arithmetic; null for `s12`, `a-f24_1`. */
function pageNumber(page: string | null): number | null {
  return page !== null && /^\d+$/.test(page) ? Number(page) : null;
}

/**
 * First pages agree, disagree, or cannot be compared. Cannot be compared: an article number
 * against a page (`106482` / `11`, `e1234` / `1`), a PDF's page 1, a database that kept only
 * the last page, a one-digit typo (`2097` / `2087`, unless both give full ranges ending apart), and ranges that
 * touch or overlap (`945-948` / `948-961`: one database's range shifted by an article) — except
 * in a supplement, where abstracts sit a page apart. Agree: a one-digit typo in the first page of
 * one full range (`41-50` / `42-50`).
 */
export function pagesAgree(a: MatchRecord, b: MatchRecord): boolean | null {
  if (a.pageStart === null || b.pageStart === null) return null;
  if (a.pageStart === b.pageStart) {
    if (a.pageEnd !== null && b.pageEnd !== null && a.pageEnd !== b.pageEnd) return null;
    return true;
  }
  const x = digits(a.pageStart);
  const y = digits(b.pageStart);
  if (x.number !== "" && x.number === y.number) return true;
  // `488` against `487-488`: a database that kept only the last page.
  if ((a.pageEnd === null && a.pageStart === b.pageEnd) || (b.pageEnd === null && b.pageStart === a.pageEnd))
    return null;
  // `S334` / `A254`: two lettered page series (two abstract books, a supplement and a journal's
  // pages) and two numbers: two places. One letter alone (`e1234` / `1234`) is a format.
  if (x.prefix !== "" && y.prefix !== "" && x.prefix !== y.prefix && x.number !== "" && y.number !== "") return false;
  if (x.prefix !== y.prefix || x.number === "1" || y.number === "1") return null;
  if (Math.abs(x.number.length - y.number.length) >= 2) return null;
  // `41-50` / `42-50`: one digit of the first page mistyped, the range otherwise the same. Two articles
  // never share a last page with first pages that close (abstracts in a supplement included).
  if (sameRangeButFirstDigit(a, b, x.number, y.number)) return true;
  // In a supplement, abstracts sit a page apart: every page difference counts.
  if (a.supplement || b.supplement) return false;
  const [s1, e1, s2, e2] = [
    pageNumber(a.pageStart),
    pageNumber(a.pageEnd),
    pageNumber(b.pageStart),
    pageNumber(b.pageEnd),
  ];
  const bothRanges = s1 !== null && s2 !== null && e1 !== null && e2 !== null;
  if (bothRanges && s1 <= e2 && s2 <= e1) return null;
  // Two full ranges that do not overlap are two places (`175-184` / `185-189`), not a typo.
  if (oneDigitApart(x.number, y.number) && !(bothRanges && e1 !== e2)) return null;
  return false;
}

function sameRangeButFirstDigit(a: MatchRecord, b: MatchRecord, first: string, second: string): boolean {
  if (a.pageEnd === null || a.pageEnd !== b.pageEnd || !oneDigitApart(first, second)) return false;
  const end = pageNumber(a.pageEnd);
  return end !== null && Number(first) < end && Number(second) < end;
}

/**
 * Volumes (or issues) agree, differ, or cannot be compared: a value that equals the other
 * record's issue (or volume) is a field put in the wrong place (`volume 1` for `Suppl. 1`),
 * not a difference.
 */
export function placeAgrees(
  x: string | null,
  y: string | null,
  otherX: string | null,
  otherY: string | null,
): boolean | null {
  if (x === null || y === null) return null;
  if (x === y) return true;
  if (x === otherY || y === otherX) return null;
  return false;
}

/** Issues compared as `placeAgrees` does, and an issue equal to the other's first page is that page in the wrong column. */
function issueAgrees(a: MatchRecord, b: MatchRecord): boolean | null {
  const same = placeAgrees(a.issue, b.issue, a.volume, b.volume);
  if (
    same === false &&
    ((a.issue === b.pageStart && a.pageStart === null) || (b.issue === a.pageStart && b.pageStart === null))
  )
    return null;
  if (same === false && issueScalesDiffer(a.issue!, b.issue!)) return null;
  return same;
}

/**
 * `3` against `1234`: one of the two is a record number in the issue column (EndNote's, in a
 * file where only some records carry one, so the file-wide running-number test cannot see it).
 * One volume's issues are not that far apart in scale; a weekly's `9876` and `9875` are close.
 */
function issueScalesDiffer(x: string, y: string): boolean {
  // Seven digits or more (kept where the pages are empty, in case it is the article number) is no issue against any other.
  if (isLongNumber(x) || isLongNumber(y)) return true;
  if (!DIGITS.test(x) || !DIGITS.test(y)) return false;
  const small = Math.min(Number(x), Number(y));
  const large = Math.max(Number(x), Number(y));
  return large >= 100 && large >= 10 * small;
}

const DIGITS = /^\d+$/;

/**
 * One record's place shifted a column left against the other's (`Supplement 1 | A27 | –` for
 * `65 (Supplement 1) | – | A27`): its pages empty and its issue the other's first page, written
 * the same. Its volume column then holds the issue, and its volume is lost.
 */
function shiftedAgainst(shifted: MatchRecord, other: MatchRecord): boolean {
  return (
    shifted.pageStart === null &&
    shifted.issue !== null &&
    shifted.issue === other.pageStart &&
    PAGE_NOT_ISSUE.test(shifted.issue)
  );
}

/**
 * A value only a page column holds: a letter before the number (`a27`, `e103114`) or three
 * digits and more. Issue `1` against page `1` is a coincidence, not a shift.
 */
const PAGE_NOT_ISSUE = /^(?:[a-z]{1,3}\d+|\d{3,})$/;

/** Volume, issue and pages compared, column by column, or a shifted record's columns against the other's. */
function placeSimilarity(
  a: MatchRecord,
  b: MatchRecord,
): Pick<FieldSimilarity, "volume" | "issue" | "pages" | "pageRangesEqual" | "pageCountsEqual"> {
  const aShifted = shiftedAgainst(a, b);
  if (aShifted || shiftedAgainst(b, a)) {
    const [shifted, other] = aShifted ? [a, b] : [b, a];
    return {
      volume: null,
      issue: placeAgrees(shifted.volume, other.issue, null, null),
      pages: true,
      pageRangesEqual: false,
      pageCountsEqual: null,
    };
  }
  return {
    volume: placeAgrees(a.volume, b.volume, a.issue, b.issue),
    issue: issueAgrees(a, b),
    pages: pagesAgree(a, b),
    pageRangesEqual: a.pageEnd !== null && a.pageStart === b.pageStart && a.pageEnd === b.pageEnd,
    pageCountsEqual: pageCountsEqual(a, b),
  };
}

/** Pages a full range spans (`46-54` → 9, `S12-S15` → 4); null for one page or an unnumbered range. */
function pageCount(r: MatchRecord): number | null {
  if (r.pageStart === null || r.pageEnd === null) return null;
  const start = digits(r.pageStart);
  const end = digits(r.pageEnd);
  if (start.number === "" || end.number === "" || start.prefix !== end.prefix) return null;
  const count = Number(end.number) - Number(start.number) + 1;
  return count >= 1 ? count : null;
}

function pageCountsEqual(a: MatchRecord, b: MatchRecord): boolean | null {
  const x = pageCount(a);
  const y = pageCount(b);
  return x === null || y === null ? null : x === y;
}

function symmetricDifference(a: string, b: string): string[] {
  const x = new Set(a === "" ? [] : a.split(" "));
  const y = new Set(b === "" ? [] : b.split(" "));
  return [...[...x].filter((k) => !y.has(k)), ...[...y].filter((k) => !x.has(k))].sort();
}

function shareAWord(a: string, b: string): boolean {
  const x = new Set(a.split(" "));
  return b.split(" ").some((w) => x.has(w));
}

/** A meeting and a periodical are two venues: below the conflict line whatever words they share. */
const DIFFERENT_VENUES = 0.25;

function journalAgreement(a: MatchRecord, b: MatchRecord): number {
  const similarity = journalFormSimilarity(a.journal, b.journal);
  return a.venue !== "" && b.venue !== "" && a.venue !== b.venue ? Math.min(similarity, DIFFERENT_VENUES) : similarity;
}

export function titleSimilarity(a: string, b: string): number {
  return a === b ? 1 : levenshteinSimilarity(a, b, TITLE_FLOOR);
}

export function compareFields(a: MatchRecord, b: MatchRecord): FieldSimilarity {
  const ids = compareIdentifiers(a, b);
  const bothTitles = a.title !== null && b.title !== null;
  const bothAuthors = a.authors !== "" && b.authors !== "";
  const authors = bothAuthors ? authorSimilarity(a, b) : null;
  return {
    sharedIds: ids.shared,
    conflictingIds: ids.conflicting,
    title: bothTitles ? titleSimilarity(a.title!, b.title!) : null,
    titleContained: bothTitles && isContained(a.title!, b.title!),
    titleLanguagesDiffer: bothTitles && languagesDiffer(a.titleLanguage, b.titleLanguage),
    titleNumbersDiffer: bothTitles && numbersDiffer(a.titleNumbers, b.titleNumbers),
    titleNoticesDiffer: bothTitles && a.titleNotices !== b.titleNotices,
    noticesInOne:
      bothTitles && a.titleNotices !== b.titleNotices ? symmetricDifference(a.titleNotices, b.titleNotices) : [],
    registry: a.registry !== "" && b.registry !== "" ? shareAWord(a.registry, b.registry) : null,
    authors: authors ? authors.overlap : null,
    firstAuthor: authors ? authors.first : null,
    yearGap: a.year !== null && b.year !== null ? Math.abs(a.year - b.year) : null,
    journal: a.journal !== "" && b.journal !== "" ? journalAgreement(a, b) : null,
    ...placeSimilarity(a, b),
    supplement: a.supplement || b.supplement,
    placeMissing: placeless(a) !== placeless(b),
    abstract: a.abstract !== null && b.abstract !== null ? sortedOverlap(a.abstract, b.abstract) : null,
    titlesInformative:
      Math.min(a.titleLength, b.titleLength) >= INFORMATIVE_TITLE_WORDS && !a.titleRecurring && !b.titleRecurring,
    titlesRecurring: a.titleRecurring || b.titleRecurring,
    meeting: a.meeting || b.meeting,

    venuesDiffer: a.venue !== "" && b.venue !== "" && a.venue !== b.venue,
    preprintAndVersion: a.preprint !== b.preprint && namesAVenue(a.preprint ? b : a),
  };
}

const placeless = (r: MatchRecord) => r.volume === null && r.issue === null && r.pageStart === null;

/**
 * A record that names where it appeared (a journal, a volume, pages). Against a preprint, one
 * that names nothing is no evidence of a second report — a database's copy of the preprint
 * without its server's name reads the same — so the two are compared as copies.
 */
function namesAVenue(r: MatchRecord): boolean {
  return r.journal !== "" || r.volume !== null || r.pageStart !== null;
}
