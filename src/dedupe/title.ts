/**
 * Titles as dedupe compares them. Two copies of one article differ in case, punctuation,
 * markup, `Type II` vs `type 2`, a database's trailing `[Review] [45 refs]`, a bracketed
 * translated title; two different articles often differ only in a number (`part 1` /
 * `part 2`, `type 1` / `type 2 diabetes`) or in a notice word (`Comment on …`,
 * `Erratum: …`, `Reply to …`). So the normal form drops the first kind of difference and
 * keeps the second kind visible.
 */
import { fold, words } from "./fold.js";

/**
 * Text databases add to titles, one named pattern each, tried in this order. `notice` is the
 * kind of publication the text says the record is (an erratum, a comment…), or null when the
 * text only decorates the title of the article itself (MEDLINE's link to a notice that exists
 * elsewhere, a review tag, a language tag). The matched text is dropped from the compared
 * title either way, so `Erratum: X` and `X (vol 12, pg 345, 2019)` — two copies of one
 * correction notice — compare equal, and the notice kind decides what they are to `X`.
 */
export interface NoticePattern {
  name: string;
  pattern: RegExp;
  notice: string | null;
  example: string;
  /** A character the text must hold for the pattern to match (a cheap test first). */
  needs?: string;
  /** Whether a match counts (a run of capitals that is acronyms is not a translation). */
  accept?: (match: string) => boolean;
  /** A cheap test the text must pass for the pattern to match at all (to skip a costly pattern on most titles). */
  canMatch?: (text: string) => boolean;
}

/** Languages MEDLINE names in its `[Language]` title tag, as alternatives of a pattern. */
const MEDLINE_LANGUAGES = [
  "afrikaans",
  "arabic",
  "bulgarian",
  "chinese",
  "croatian",
  "czech",
  "danish",
  "dutch",
  "estonian",
  "finnish",
  "french",
  "german",
  "greek",
  "hebrew",
  "hungarian",
  "icelandic",
  "indonesian",
  "italian",
  "japanese",
  "korean",
  "latvian",
  "lithuanian",
  "malay",
  "norwegian",
  "persian",
  "polish",
  "portuguese",
  "romanian",
  "russian",
  "serbian",
  "slovak",
  "slovenian",
  "spanish",
  "swedish",
  "thai",
  "turkish",
  "ukrainian",
  "vietnamese",
].join("|");
const LANGUAGE_END = new RegExp(`(?:${MEDLINE_LANGUAGES})\\.?\\s*$`, "i");

export const NOTICE_PATTERNS: readonly NoticePattern[] = [
  {
    name: "medline-linked-notice",
    // MEDLINE's links to related notices, sometimes cut off with the title.
    pattern:
      /(?<=.{10})\[\s*(?:published\s+)?(?:erratum|errata|comment|comments|retraction|retracted|update|updated|corrected|republished|expression of concern|summary for patients|reprint|see also)\b[^\]]*(?:\]|$)/gi,
    notice: null,
    example: "….[Erratum appears in J Clin Virol. 2006 Oct;37(2):137]",
    needs: "[",
  },
  { name: "review-tag", pattern: /\[\s*review\s*\]/gi, notice: null, example: "… [Review]", needs: "[" },
  { name: "reference-count", pattern: /\[\s*\d+\s*refs?\.?\s*\]/gi, notice: null, example: "… [45 refs]", needs: "[" },
  {
    name: "medline-notice-unbracketed",
    // The same link where an export or a tool dropped the punctuation (`… lesions Erratum appears in J Clin
    // Virol 2006 Oct 37 2 137`), at the end: `erratum appears in` to the end (a cut-off title too), a bare
    // `erratum in` only before a citation (a year, a month perhaps, then volume and page numbers), so `Patterns of retraction in the literature 2000-2010` keeps its
    // words; not `comment in`, which titles use in their own sense.
    pattern:
      /(?<=.{10})\s+(?:published\s+)?(?:erratum|errata|retraction)\s+(?:appears?\s+in\b.*|in\s+\p{L}[^.]{0,100}?\s(?:19|20)\d{2}(?:\s+\p{L}{3,9}(?:\s+\d+){1,4}|(?:\s+\d+){2,4})\s*)$/giu,
    notice: null,
    example: "… Erratum appears in J Clin Virol 2006 Oct 37 2 137",
    canMatch: (text) => LINK_WORD.test(text),
  },
  {
    name: "review-tag-unbracketed",
    // `[Review] [24 refs]` without its brackets, at the end only (`… Review 24 refs`); a bare `45 refs` may be the title's.
    pattern: /(?<=.{10})\s+review\s+\d+\s+refs?\.?\s*$/gi,
    notice: null,
    example: "… Review 24 refs",
    canMatch: (text) => REFS_END.test(text),
  },
  {
    name: "abstract-number",
    pattern: /\[\s*abstract\s*(?:no\.?|number)?\s*:?\s*[\w.-]+\s*\]/gi,
    notice: null,
    example: "… [abstract no: 12]",
    needs: "[",
  },
  {
    name: "database-record-tag",
    // The Centre for Reviews and Dissemination's databases (DARE, NHS EED, HTA) end a title with what their record holds.
    pattern:
      /(?<=.{10})\s*\(\s*(?:structured abstract|provisional abstract|brief record|provisional record|project record)\s*\)\.?\s*$/gi,
    notice: null,
    example: "… (Structured abstract), … (Provisional abstract), … (Brief record)",
    needs: "(",
  },
  {
    name: "article-language",
    pattern: /\[\s*(?:article|abstract) in [a-z ,]+\]/gi,
    notice: null,
    example: "… [Article in Spanish]",
    needs: "[",
  },
  {
    name: "citation-suffix",
    // Web of Science titles a correction with the corrected article's citation: `(vol 12, pg 345, 2019)`, `(Journal (2019) 12 (345-350))`.
    pattern:
      /\s*\(\s*(?:vol\.?\s*\d+\s*,\s*(?:pg|p|pp|page)\.?\s*[\w-]+(?:\s*,\s*\d{4})?|[^()]{2,80}\(\s*(?:19|20)\d{2}\s*\)\s*\d+\s*(?:\(\s*[\w\s-]+\)\s*)?\(?\s*[\w-]+\s*\)?)\s*\)\.?\s*$/i,
    notice: "erratum",
    example: "… (vol 12, pg 345, 2019)",
    needs: "(",
  },
  {
    name: "correction-prefix",
    // A separator or `to` must follow: `Correction of scoliosis…` is an article.
    pattern:
      /^\s*(?:erratum|errata|corrigendum|corrigenda|correction|publisher'?s? (?:erratum|correction)|author (?:correction|erratum))(?:\s*(?::|-|–|—)\s*(?:to\s*:?\s*)?|\s+to\s*(?::|-|–|—)?\s*)(?=\S)/i,
    notice: "erratum",
    example: "Erratum: …, Correction to: …, Erratum to - …",
  },
  {
    name: "retraction-prefix",
    // An expression of concern is the step before a retraction, and falls under the same policy.
    pattern:
      /^\s*(?:retraction(?:\s+notice)?|notice of retraction|expression of concern)(?:\s+(?:to|for|of|about|regarding))?\s*(?::|-|–|—)\s*/i,
    notice: "retraction",
    example: "Retraction notice to: …, Retraction: …, Expression of concern: …",
  },
  {
    name: "retracted-article-prefix",
    // Elsevier and Springer rename a retracted article itself (`RETRACTED: …`, `RETRACTED ARTICLE: …`),
    // under its own DOI and pages; the notice is another record (`Retraction notice to …`).
    pattern: /^\s*retracted(?:\s+article)?\s*(?::|-|–|—)\s*/i,
    notice: null,
    example: "RETRACTED: …, RETRACTED ARTICLE: …",
  },
  {
    name: "comment-prefix",
    // `Re:` is how journals title a letter about one of their articles (`Re: <the article's title>`).
    pattern: /^\s*(?:(?:comments?|commentary)\s+on\s*:?|re\s*:)\s*/i,
    notice: "comment",
    example: "Comment on: …, Re: …",
  },
  // `Response to …` only with a separator: `Response to treatment in…` is an article.
  {
    name: "reply-prefix",
    pattern:
      /^\s*(?:(?:reply|in reply|authors?'?s?'? reply|authors?'?s?'? response)\s+to\s*:?|response\s+to\s*(?::|-|–|—))\s*/i,
    notice: "reply",
    example: "Reply to: …, Authors' response to …, Response to: …",
  },
  {
    name: "section-or-language-tag",
    // A section label or a language after the title: `The all-seeing employer - [careers]`, `…. [Spanish]`.
    pattern: /(?<=.{10})\s*-?\s*\[[^\]]{1,30}\]\.?\s*$/g,
    notice: null,
    example: "… - [careers], …. [Spanish]",
    needs: "[",
  },
  {
    name: "language-tag-unbracketed",
    // MEDLINE's `…. [Russian]` where an export or a tool dropped the punctuation (`… mellitus   Russian`): a
    // language name alone at the end, after a full stop or a run of spaces, never after a word (`… in Spanish`).
    pattern: new RegExp(`(?<=.{10})(?:\\.\\s+|\\s{2,})(?:${MEDLINE_LANGUAGES})\\.?\\s*$`, "i"),
    notice: null,
    example: "…. Spanish, … mellitus   Russian",
    canMatch: (text) => LANGUAGE_END.test(text),
  },
  {
    name: "original-title-in-capitals",
    // `English title ORIGINAL TITLE IN CAPITALS` (Embase, CAB): the translation after a mixed-case title.
    pattern: /(?<=\p{Ll}[^\p{L}]*)\s*[.=/]?\s+(?:\p{Lu}[\p{Lu}'’-]*[\s,:;.]+){3,}\p{Lu}[\p{Lu}'’-]*[.\s]*$/u,
    notice: null,
    example: "Diabetes in the elderly DIABETES BEIM ALTEN MENSCHEN",
    // A translation has words; acronyms (`HIV AND HCV CO INFECTION`) are short ones.
    accept: (match) => (match.match(/\p{L}{4,}/gu)?.length ?? 0) >= 3 && (match.match(/\p{L}/gu)?.length ?? 0) >= 20,
    canMatch: endsInCapitalWord,
  },
];

const LINK_WORD = /\b(?:erratum|errata|retraction)\s+(?:appears?\s+)?in\b/i;
const REFS_END = /refs?\.?\s*$/i;
const TRAILING = /[.\s]/u;
const CAPITAL_WORD_END = /[\p{Lu}'’-]/u;

/** The text's last character before trailing dots and spaces could end a word in capitals. */
function endsInCapitalWord(text: string): boolean {
  let end = text.length;
  while (end > 0 && TRAILING.test(text[end - 1]!)) end--;
  return (
    end > 0 &&
    CAPITAL_WORD_END.test(
      String.fromCodePoint(text.codePointAt(end - 1 - (end >= 2 && /[\udc00-\udfff]/.test(text[end - 1]!) ? 1 : 0))!),
    )
  );
}

/** Drops the patterns' text from a title; the notice kinds they name. */
export function stripNotices(title: string): { text: string; notices: string[] } {
  let text = title;
  const notices: string[] = [];
  for (const { pattern, notice, needs, accept, canMatch } of NOTICE_PATTERNS) {
    if (needs !== undefined && !text.includes(needs)) continue;
    if (canMatch !== undefined && !canMatch(text)) continue;
    const next = text.replace(pattern, (match) => (accept !== undefined && !accept(match) ? match : " "));
    if (next !== text) {
      if (notice !== null) notices.push(notice);
      // Never strip a title to nothing: `Erratum` alone is the title.
      if (next.trim() !== "") text = next;
    }
  }
  return { text, notices };
}

/**
 * Characters some exports write out by their Unicode names, in place of the character
 * (`Flexible, Self-Determined horizontal ellipsis and Unhealthy?` for `…`): punctuation, so
 * dropped like the character itself would be.
 */
const CHARACTER_NAMES =
  /\b(?:horizontal ellipsis|e[nm] dash|(?:left|right)[- ](?:single|double)[- ]quotation[- ]mark|no-break space)\b/gi;

/** Roman numerals and number words as digits: `Type II` = `type 2`, `two cohorts` = `2 cohorts`. */
const AS_DIGITS: ReadonlyMap<string, string> = new Map([
  ["i", "1"],
  ["ii", "2"],
  ["iii", "3"],
  ["iv", "4"],
  ["v", "5"],
  ["vi", "6"],
  ["vii", "7"],
  ["viii", "8"],
  ["ix", "9"],
  ["x", "10"],
  ["one", "1"],
  ["two", "2"],
  ["three", "3"],
  ["four", "4"],
  ["five", "5"],
  ["six", "6"],
  ["seven", "7"],
  ["eight", "8"],
  ["nine", "9"],
  ["ten", "10"],
  ["first", "1"],
  ["second", "2"],
  ["third", "3"],
]);

/** Words that carry no meaning of their own in a title (dropped before comparing). */
export const TITLE_STOPWORDS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "the",
  "of",
  "in",
  "on",
  "at",
  "for",
  "and",
  "or",
  "to",
  "with",
  "by",
  "from",
  "as",
  "is",
  "are",
  "its",
  "their",
  "into",
  "via",
  "do",
  "does",
  "be",
  "vs",
  "versus",
]);

/**
 * Words naming a notice about another publication, by kind. A title with one of them and a
 * title without it are two publications even when the rest is the same (`Comment on "X"` vs
 * `X`). Words with an everyday sense in titles (`response`, `withdrawal`, `concern`) are left out.
 */
export const NOTICE_WORDS: ReadonlyMap<string, string> = new Map([
  ["comment", "comment"],
  ["comments", "comment"],
  ["commentary", "comment"],
  ["reply", "reply"],
  ["replies", "reply"],
  ["rebuttal", "reply"],
  ["erratum", "erratum"],
  ["errata", "erratum"],
  ["corrigendum", "erratum"],
  ["corrigenda", "erratum"],
  ["correction", "erratum"],
  ["corrections", "erratum"],
  ["retraction", "retraction"],
  ["retracted", "retraction"],
  ["withdrawn", "retraction"],
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
  // `Evalua?ao da sa?de`: an export that lost accented letters as `?`; one letter short is closer than a word split in two.
  if (text.includes("?")) text = text.replace(/(?<=\p{L})\?+(?=\p{L})/gu, "");
  text = text.replace(CHARACTER_NAMES, " ");
  const stripped = stripNotices(text);
  text = stripped.text;
  const content: string[] = [];
  const numbers: string[] = [];
  const notices = new Set<string>(stripped.notices);
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

/**
 * Words a recurring column or section title is made of (`Editorial`, `Editor's comments`,
 * `Letter from the editor`, `Book reviews`, `In this issue`, `Conference abstracts`): a title
 * written only in these words (and the journal's own name, `Remarks from MIS Quarterly
 * Editor`) names a slot that every issue fills anew, not a work, however many words it has.
 * Kept apart from a short topical title (`Coronary artery disease`, `Subcontracting
 * microwork`), which names one work as well as a long one does once its authors agree.
 */
export const RECURRING_TITLE_WORDS: ReadonlySet<string> = new Set([
  "abstract",
  "abstracts",
  "acknowledgement",
  "acknowledgements",
  "acknowledgment",
  "acknowledgments",
  "address",
  "announcement",
  "announcements",
  "annual",
  "author",
  "authors",
  "board",
  "book",
  "books",
  "calendar",
  "chair",
  "chairs",
  "column",
  "comment",
  "commentary",
  "comments",
  "conference",
  "congress",
  "contents",
  "correction",
  "corrections",
  "correspondence",
  "desk",
  "digest",
  "editor",
  "editorial",
  "editorials",
  "editors",
  "epilogue",
  "errata",
  "erratum",
  "events",
  "foreword",
  "forum",
  "guest",
  "highlights",
  "index",
  "information",
  "instructions",
  "introduction",
  "introductory",
  "issue",
  "issues",
  "letter",
  "letters",
  "meeting",
  "meetings",
  "memoriam",
  "message",
  "miscellaneous",
  "new",
  "news",
  "newsletter",
  "note",
  "notes",
  "notice",
  "notices",
  "obituary",
  "opening",
  "overview",
  "poster",
  "posters",
  "preface",
  "presentations",
  "president",
  "presidential",
  "presidents",
  "proceedings",
  "program",
  "programme",
  "prologue",
  "remarks",
  "replies",
  "reply",
  "report",
  "reports",
  "response",
  "review",
  "reviewers",
  "reviews",
  "section",
  "session",
  "sessions",
  "special",
  "summaries",
  "summary",
  "supplement",
  "symposium",
  "thanks",
  "this",
  "update",
  "updates",
  "volume",
  "welcome",
  "year",
]);

/**
 * The introduction of a meeting's track (`Introduction to the minitrack on …`): tracks recur
 * every year under one name, and so does their introduction. (A special issue's introduction
 * names a one-off topic: not recurring.)
 */
const RECURRING_TITLE_OPENING =
  /^(?:(?:introduction|preface|foreword|overview)(?: [a-z]+)?) (?:minitrack|mini track|track|symposium|workshop|panel)\b/;

/**
 * Whether a title (its `titleForm` key) names a recurring column rather than a work: every
 * content word is a column word, a number, a single letter or a word of the journal's name —
 * or it opens as the introduction of a section or track.
 */
export function isRecurringTitle(key: string | null, journalWords: ReadonlySet<string>): boolean {
  if (key === null) return false;
  if (RECURRING_TITLE_OPENING.test(key)) return true;
  for (const word of key.split(" ")) {
    if (word.length <= 1 || RECURRING_TITLE_WORDS.has(word) || journalWords.has(word)) continue;
    const first = word.charCodeAt(0);
    if (first >= 48 && first <= 57) continue;
    return false;
  }
  return true;
}
