/**
 * Titles as dedupe compares them. Two copies of one article differ in case, punctuation,
 * markup, `Type II` vs `type 2`, a database's trailing `[Review] [45 refs]`, a bracketed
 * translated title; two different articles often differ only in a number (`part 1` /
 * `part 2`, `type 1` / `type 2 diabetes`) or in a notice word (`Comment on …`,
 * `Erratum: …`, `Reply to …`). So the normal form drops the first kind of difference and
 * keeps the second kind visible.
 */
import { fold, words } from "./fold.js";

/** Database additions that are not part of the title (Embase/Ovid `[Review] [34 refs]`, ASySD `[abstract no: 12]`). */
const DATABASE_SUFFIXES: readonly RegExp[] = [
  // MEDLINE's links to related notices, sometimes cut off with the title: `….[Erratum appears in J Clin Virol. 2006 Oct;37(2):137]`
  /(?<=.{10})\[\s*(?:erratum|errata|comment|comments|retraction|retracted|update|updated|corrected|republished|expression of concern|summary for patients|reprint|see also)\b[^\]]*(?:\]|$)/gi,
  /\[\s*review\s*\]/gi,
  /\[\s*\d+\s*refs?\.?\s*\]/gi,
  /\[\s*abstract\s*(?:no\.?|number)?\s*:?\s*[\w.-]+\s*\]/gi,
  /\[\s*(?:article|abstract) in [a-z ,]+\]/gi,
  // A section label after the title: `The all-seeing employer - [careers]`.
  /(?<=.{10})\s*-?\s*\[[^\]]{1,30}\]\.?\s*$/g,
];

/** Roman numerals and number words as digits: `Type II` = `type 2`, `two cohorts` = `2 cohorts`. */
const AS_DIGITS: ReadonlyMap<string, string> = new Map([
  ["i", "1"], ["ii", "2"], ["iii", "3"], ["iv", "4"], ["v", "5"], ["vi", "6"], ["vii", "7"], ["viii", "8"], ["ix", "9"], ["x", "10"],
  ["one", "1"], ["two", "2"], ["three", "3"], ["four", "4"], ["five", "5"], ["six", "6"], ["seven", "7"], ["eight", "8"], ["nine", "9"],
  ["ten", "10"], ["first", "1"], ["second", "2"], ["third", "3"],
]);

/** Words that carry no meaning of their own in a title (dropped before comparing). */
export const TITLE_STOPWORDS: ReadonlySet<string> = new Set([
  "a", "an", "the", "of", "in", "on", "at", "for", "and", "or", "to", "with", "by", "from", "as", "is", "are",
  "its", "their", "into", "via", "do", "does", "be", "vs", "versus",
]);

/**
 * Words naming a notice about another publication, by kind. A title with one of them and a
 * title without it are two publications even when the rest is the same (`Comment on "X"` vs
 * `X`). Words with an everyday sense in titles (`response`, `withdrawal`, `concern`) are left out.
 */
export const NOTICE_WORDS: ReadonlyMap<string, string> = new Map([
  ["comment", "comment"], ["comments", "comment"], ["commentary", "comment"],
  ["reply", "reply"], ["replies", "reply"], ["rebuttal", "reply"],
  ["erratum", "erratum"], ["errata", "erratum"], ["corrigendum", "erratum"], ["corrigenda", "erratum"], ["correction", "erratum"],
  ["corrections", "erratum"],
  ["retraction", "retraction"], ["retracted", "retraction"], ["withdrawn", "retraction"],
  ["addendum", "addendum"],
]);

export interface TitleForm {
  /** Folded content words (stopwords dropped, numerals as digits), space-joined; null when nothing is left. */
  key: string | null;
  /** Number tokens in order of appearance ("part 2 of type 1" → 2, 1). */
  numbers: string[];
  /** Kinds of notice the title names, sorted. */
  notices: string[];
  /** Content-word count: a title of one or two words (`Editorial`, `Book reviews`) says little. */
  length: number;
}

export function titleForm(title: string | null | undefined): TitleForm {
  if (!title) return { key: null, numbers: [], notices: [], length: 0 };
  // `10,000 women` and `10000 women` are one number.
  let text = title;
  if (/\d[,\u00a0\u2009\u202f]\d/.test(text)) text = text.replace(/(\d)[,\u00a0\u2009\u202f](?=\d{3}\b)/g, "$1");
  if (text.includes("[")) for (const pattern of DATABASE_SUFFIXES) text = text.replace(pattern, " ");
  const content: string[] = [];
  const numbers: string[] = [];
  const notices = new Set<string>();
  for (const raw of words(fold(text))) {
    const word = AS_DIGITS.get(raw) ?? raw;
    if (TITLE_STOPWORDS.has(word)) continue;
    const notice = NOTICE_WORDS.get(word);
    if (notice !== undefined) notices.add(notice);
    const first = word.charCodeAt(0);
    if (first >= 48 && first <= 57 && /^\d+$/.test(word)) numbers.push(word);
    content.push(word);
  }
  return {
    key: content.length ? content.join(" ") : null,
    numbers,
    notices: [...notices].sort(),
    length: content.length,
  };
}
