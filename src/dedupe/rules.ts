/**
 * The decision for one pair, from its field similarities: a list of named rules, tried in
 * order; the first that applies decides. Rules are conservative by design — a false merge
 * hides a study from the review, a missed one costs a reviewer a second look — so a pair is
 * merged only on agreement of independent fields, anything doubtful goes to review.csv, and
 * a missing field is never read as a difference.
 *
 * Evidence used (see similarity.ts): identifiers (shared or conflicting), title (near-equal
 * ≥ 0.95, close ≥ 0.85 or one contained in the other, related ≥ 0.8), and corroborating
 * fields: authors (≥ 0.8 of the shorter list), journal (same journal, abbreviations
 * allowed), volume, first page, same year, abstract (≥ 0.9 of the words). A conflict is a
 * field both records give differently: volume, issue, first page, journal (< 0.5), authors
 * (< 0.34 of the shorter list), year (two or more apart), abstract (< 0.5 of the words);
 * numbers or notice words that differ in the title count against a pair on their own.
 *
 * The thresholds are fixed from what each measure means, not tuned per data set: 0.95 on
 * titles is a typo or two in a typical title, 0.8 of the authors tolerates a truncated or
 * garbled list, a year either way is print against online-first.
 */
import type { PolicyChoice } from "../protocol/dedupe.js";
import { DEFAULT_POLICY, policyForNotice, type DedupePolicy } from "./policy.js";
import type { FieldSimilarity } from "./similarity.js";

export type Verdict = "same" | "review" | "different" | "same-study";

export interface Decision {
  verdict: Verdict;
  rule: string;
}

export interface Rule {
  name: string;
  verdict: Verdict;
  /** Why the rule is there, for `--help` and the docs. */
  description: string;
  applies(s: FieldSimilarity): boolean;
  /** For a policy rule: which of review.json's `dedupe.policy` choices gives the verdict (`verdict` is then the default's). */
  policy?: (s: FieldSimilarity) => keyof DedupePolicy | null;
}

const POLICY_VERDICT: { readonly [choice in PolicyChoice]: Verdict } = {
  separate: "different",
  merge: "same",
  review: "review",
};

const NEAR_EQUAL_TITLE = 0.95;
const CLOSE_TITLE = 0.85;
const RELATED_TITLE = 0.8;
const AUTHORS_AGREE = 0.8;
const AUTHORS_CONFLICT = 0.34;
const JOURNAL_AGREE = 0.9;
const JOURNAL_CONFLICT = 0.5;
const ABSTRACT_AGREE = 0.9;
const ABSTRACT_CONFLICT = 0.5;
/** A journal version may appear a few years after its preprint. */
const PREPRINT_YEARS = 3;

const title = (s: FieldSimilarity) => s.title ?? 0;
const nearEqualTitle = (s: FieldSimilarity) => title(s) >= NEAR_EQUAL_TITLE;
const closeTitle = (s: FieldSimilarity) => title(s) >= CLOSE_TITLE || s.titleContained;
const relatedTitle = (s: FieldSimilarity) => title(s) >= RELATED_TITLE || s.titleContained;
const titleSaysDifferent = (s: FieldSimilarity) =>
  s.titleNumbersDiffer || (s.titleNoticesDiffer && !noticeWordsAtOnePlace(s));
const yearsClose = (s: FieldSimilarity) => s.yearGap === null || s.yearGap <= 1;

const authorsAgree = (s: FieldSimilarity) => s.authors !== null && s.authors >= AUTHORS_AGREE;
const journalAgrees = (s: FieldSimilarity) => s.journal !== null && s.journal >= JOURNAL_AGREE;

/**
 * A notice word in one title only, but close titles by the same authors at the same whole
 * page range of one journal volume: the word is the piece's own title (`…: Commentary on: Prevention paradox…`
 * against the title without its subtitle), since a notice never shares its article's pages.
 */
const noticeWordsAtOnePlace = (s: FieldSimilarity) =>
  s.pageRangesEqual && s.volume === true && journalAgrees(s) && authorsAgree(s) && closeTitle(s);

/** Volume, first page and journal all given alike: the same place in the same journal. */
const samePlace = (s: FieldSimilarity) => journalAgrees(s) && s.volume === true && s.pages === true;

/**
 * The same place, or the same journal and first page with a volume missing or unreadable (`1)`,
 * an export's split field) where the abstracts agree: what a second article never shares.
 */
const placeOfOneText = (s: FieldSimilarity) =>
  samePlace(s) ||
  (journalAgrees(s) && s.volume === null && s.pages === true && s.abstract !== null && s.abstract >= ABSTRACT_AGREE);

/** Fields both records give, and give differently. */
export function conflicts(s: FieldSimilarity): string[] {
  const out: string[] = [];
  if (s.volume === false) out.push("volume");
  if (s.pages === false) out.push("pages");
  // An issue differing where the first page agrees is an export's mistake (a record number in
  // the issue column), not a second article — unless the title recurs (`Editorial`), where the
  // issue is what tells one column from the next.
  if (s.issue === false && !(s.titlesInformative && s.pages === true)) out.push("issue");
  if (s.journal !== null && s.journal < JOURNAL_CONFLICT) out.push("journal");
  if (s.authors !== null && s.authors < AUTHORS_CONFLICT) out.push("authors");
  if (s.yearGap !== null && s.yearGap > 1) out.push("year");
  if (s.abstract !== null && s.abstract < ABSTRACT_CONFLICT) out.push("abstract");
  return out;
}

/** Independent fields that agree beyond the title. */
export function corroborations(s: FieldSimilarity): string[] {
  const out: string[] = [];
  if (authorsAgree(s)) out.push("authors");
  if (journalAgrees(s)) out.push("journal");
  if (s.volume === true) out.push("volume");
  if (s.pages === true) out.push("pages");
  if (s.yearGap === 0) out.push("year");
  if (s.abstract !== null && s.abstract >= ABSTRACT_AGREE) out.push("abstract");
  return out;
}

const noConflict = (s: FieldSimilarity) => conflicts(s).length === 0;

/**
 * A recurring title (`Editorial introduction` in every issue, each on pages 1-3 where issues
 * are paginated alone) is one column only in the same issue; the issue unknown, the same
 * first page is for a person to judge (`related-title`).
 */
const recurringTitleSameIssue = (s: FieldSimilarity) => s.issue === true;

/**
 * The title names a work: long enough to tell works apart, or short but topical (`Coronary
 * artery disease`, not `Editorial`, see title.ts `isRecurringTitle`) with the same authors.
 */
const titleNamesAWork = (s: FieldSimilarity) => s.titlesInformative || (!s.titlesRecurring && authorsAgree(s));

/** Fields an export garbles (a translated journal name, a shifted volume, a record number as issue): alone, never a veto. */
const GARBLED_ALONE: ReadonlySet<string> = new Set(["journal", "volume", "issue", "abstract"]);
/** Volume, issue and first page that agree; the same full page range is two agreements (first and last page). */
const placeAgreements = (s: FieldSimilarity) =>
  [s.volume, s.issue, s.pages].filter((v) => v === true).length + (s.pageRangesEqual ? 1 : 0);

/**
 * The veto fix: near-equal informative titles, the same authors and year, and the place
 * (two of volume, issue, first page, or the whole page range) agreeing — then one other field
 * in conflict is the export's mistake, not a second work. Only a verified identifier vetoes such a pair.
 */
function agreesButOneField(s: FieldSimilarity): boolean {
  if (!nearEqualTitle(s) || !s.titlesInformative || titleSaysDifferent(s) || !authorsAgree(s) || s.yearGap !== 0)
    return false;
  if (placeAgreements(s) < 2) return false;
  const found = conflicts(s);
  return found.length <= 1 && found.every((field) => GARBLED_ALONE.has(field));
}

/**
 * What a shared identifier needs besides: a DOI names one article, so with near-equal titles a
 * differing volume, issue or page is an export's mistake — except in a supplement, where one
 * DOI may cover many abstracts and the page tells them apart — and so are differing authors
 * at the same place in the same journal.
 */
function identifierAgrees(s: FieldSimilarity): boolean {
  const found = conflicts(s);
  if (s.title === null) return found.length === 0;
  const garbled = new Set([
    "journal",
    "volume",
    "issue",
    ...(s.supplement ? [] : ["pages"]),
    ...(samePlace(s) ? ["authors"] : []),
  ]);
  if (nearEqualTitle(s)) return found.every((field) => garbled.has(field));
  return relatedTitle(s) && found.every((field) => field === "journal");
}
const corroborated = (s: FieldSimilarity, n: number) => corroborations(s).length >= n;

/** The policy a notice pair falls under: one policy for all the notice kinds that differ. */
function noticePolicy(s: FieldSimilarity): keyof DedupePolicy | null {
  const keys = new Set(s.noticesInOne.map(policyForNotice));
  return keys.size === 1 ? [...keys][0]! : null;
}

/**
 * A notice and the publication it is about, recognised: titles close once the notice's wording
 * is set aside (or one the other's opening words), no different numbers, the same journal
 * where both name one, within a few years. Similarity is not loosened: the title must be as
 * close as for any merge.
 */
const isNoticePair = (s: FieldSimilarity) =>
  s.titleNoticesDiffer &&
  !noticeWordsAtOnePlace(s) &&
  !s.titleNumbersDiffer &&
  closeTitle(s) &&
  noticePolicy(s) !== null &&
  (s.journal === null || s.journal >= JOURNAL_AGREE) &&
  (s.yearGap === null || s.yearGap <= PREPRINT_YEARS);

/**
 * Two records in one abstract book at different pages, with close titles, the same authors and
 * year: the book named by a supplement's DOI both share (authors agreeing where both give them),
 * or by the same journal, volume and supplement issue (authors on both sides agreeing).
 */
const supplementAbstractsPair = (s: FieldSimilarity) =>
  s.supplement &&
  (s.sharedIds.includes("doi")
    ? s.authors === null || authorsAgree(s)
    : s.conflictingIds.length === 0 && journalAgrees(s) && s.volume === true && s.issue !== false && authorsAgree(s)) &&
  s.pages === false &&
  closeTitle(s) &&
  !titleSaysDifferent(s) &&
  s.yearGap !== null &&
  s.yearGap === 0;

const NOTICE_RULE = "notice-and-its-publication";
const IDENTIFIER_CONFLICT_SAME_PLACE = "identifier-conflict-same-place";
const REPUBLICATION_RULE = "republished-article";

/**
 * Same authors, journal, volume and page range in the same year with the issue unknown, outside
 * supplements, nothing in the titles or fields saying otherwise: the place of one article, where
 * the titles alone cannot tell.
 */
const samePagesIssueUnknown = (s: FieldSimilarity) =>
  authorsAgree(s) &&
  journalAgrees(s) &&
  s.volume === true &&
  s.issue === null &&
  s.pageRangesEqual &&
  !s.supplement &&
  s.yearGap === 0 &&
  !titleSaysDifferent(s) &&
  noConflict(s);

/**
 * One article published twice in one journal, recognised: titles as close as any merge needs,
 * every author the same, the same journal, at least a year apart and at another place, and the
 * same text — abstracts that agree (and page ranges not of different lengths), or without
 * abstracts, page ranges of one length. A meeting's papers (a series' yearly edition) and a
 * supplement's abstracts (an abstract given again) are left to the rules below.
 */
const isRepublication = (s: FieldSimilarity) =>
  sameTitleAnotherIssue(s) &&
  (s.abstract !== null ? s.abstract >= ABSTRACT_AGREE && s.pageCountsEqual !== false : s.pageCountsEqual === true);

/**
 * The same informative title by the same authors in one journal, a year or more apart at
 * another place: the article printed again (`isRepublication`: the same text, by its abstract
 * or its length), or a piece that only shares its title — a correction without the word, a
 * series' repeated section, an update.
 */
const sameTitleAnotherIssue = (s: FieldSimilarity) =>
  nearEqualTitle(s) &&
  s.titlesInformative &&
  !titleSaysDifferent(s) &&
  s.sharedIds.length === 0 &&
  s.authors !== null &&
  s.authors >= 1 &&
  s.firstAuthor === true &&
  journalAgrees(s) &&
  s.yearGap !== null &&
  s.yearGap >= 1 &&
  (s.volume === false || s.pages === false) &&
  !s.meeting &&
  !s.venuesDiffer &&
  !s.supplement &&
  !s.preprintAndVersion;

export const RULES: readonly Rule[] = [
  // Reports of one study, never one report.
  {
    name: "preprint-version-by-identifier",
    verdict: "same-study",
    description:
      "a preprint and a publication sharing an identifier (arXiv lists the journal DOI), with related titles",
    applies: (s) => s.preprintAndVersion && s.sharedIds.length > 0 && relatedTitle(s),
  },
  {
    name: "preprint-version",
    verdict: "same-study",
    description:
      "a preprint and a publication with close titles and agreeing authors, published within a few years (their DOIs differ by nature: the server's and the journal's)",
    applies: (s) =>
      s.preprintAndVersion &&
      closeTitle(s) &&
      !titleSaysDifferent(s) &&
      (s.authors === null || s.authors >= 0.5) &&
      (s.yearGap === null || s.yearGap <= PREPRINT_YEARS) &&
      s.conflictingIds.every((kind) => kind === "doi"),
  },
  {
    name: "preprint-and-other",
    verdict: "different",
    description: "a preprint and a publication that are not versions of one study",
    applies: (s) => s.preprintAndVersion,
  },
  // A notice and its publication: review.json's policy, before identifiers (a notice has a DOI of its own).
  {
    name: NOTICE_RULE,
    verdict: POLICY_VERDICT[DEFAULT_POLICY.errata],
    description:
      "an erratum, comment, reply or retraction notice and the publication it is about (titles close once the notice's wording is set aside, same journal): " +
      "as `dedupe.policy` says (errata, commentsAndReplies, retractions)",
    applies: isNoticePair,
    policy: noticePolicy,
  },
  // One article published twice: review.json's policy, before identifiers (each publication has its DOI).
  {
    name: REPUBLICATION_RULE,
    verdict: POLICY_VERDICT[DEFAULT_POLICY.republications],
    description:
      "near-equal informative titles, the same authors and journal, in another year and at another place (volume or first page differing), " +
      "with the same text (abstracts agreeing, or page ranges of one length), not a meeting's paper nor a supplement's abstract: " +
      "one article published twice, as `dedupe.policy.republications` says",
    applies: isRepublication,
    policy: () => "republications",
  },
  {
    name: "same-title-another-issue",
    verdict: "review",
    description:
      "near-equal informative titles, the same authors and journal, in another year and at another place, but not the same text (abstracts or page counts differ, or neither is given): " +
      "a correction without the word, a series' repeated section, an update, or the article again",
    applies: sameTitleAnotherIssue,
  },
  // Conflicting identifiers veto, unless everything else is the same: at the same place that is
  // one article with two identifiers; without a place to confirm it, a person decides.
  {
    name: IDENTIFIER_CONFLICT_SAME_PLACE,
    verdict: "same",
    description:
      "different DOIs/PMIDs, but near-equal informative titles, the same authors and year at the same place (journal, volume, first page; the page range where both give one; " +
      "a volume missing or unreadable where the abstracts agree): one article with two identifiers (the publisher's and JSTOR's, a DOI cut short or mistyped, an issue's DOI)",
    applies: (s) =>
      s.conflictingIds.length > 0 &&
      nearEqualTitle(s) &&
      s.titlesInformative &&
      !titleSaysDifferent(s) &&
      authorsAgree(s) &&
      s.yearGap === 0 &&
      placeOfOneText(s) &&
      s.issue !== false &&
      !s.supplement &&
      noConflict(s),
  },
  {
    name: "identifier-conflict-else-identical",
    verdict: "review",
    description: "different DOIs/PMIDs but the same title, authors, year and place: one identifier may be wrong",
    applies: (s) => s.conflictingIds.length > 0 && nearEqualTitle(s) && noConflict(s) && corroborated(s, 3),
  },
  {
    name: "identifier-conflict",
    verdict: "different",
    description: "different DOIs, PMIDs, PMCIDs, arXiv ids or EIDs",
    applies: (s) => s.conflictingIds.length > 0,
  },
  // Policies (review.json `dedupe.policy`): decided by recognising what the records are.
  {
    name: "registry-entries",
    verdict: POLICY_VERDICT[DEFAULT_POLICY.registryEntries],
    description:
      "two trial registry entries naming the same trial number (NCT…, ISRCTN…): as `dedupe.policy.registryEntries` says",
    applies: (s) => s.registry === true && s.conflictingIds.length === 0,
    policy: () => "registryEntries",
  },
  {
    name: "registry-numbers-differ",
    verdict: "different",
    description: "two trial registry entries naming different trials",
    applies: (s) => s.registry === false,
  },
  {
    name: "supplement-abstract-pages-differ",
    verdict: POLICY_VERDICT[DEFAULT_POLICY.supplementAbstracts],
    description:
      "two records of one abstract book (a supplement's DOI both share, or the same journal, volume and supplement issue) with the same title (once folded), the same authors and year at different pages: " +
      "one abstract indexed twice or printed twice, as `dedupe.policy.supplementAbstracts` says",
    // The place cannot confirm them (the pages differ), so the titles must be one title: a word
    // changed (`mice` / `rats`) is already near-equal, and another abstract.
    applies: (s) => supplementAbstractsPair(s) && s.title === 1,
    policy: () => "supplementAbstracts",
  },
  {
    name: "supplement-abstract-titles-close",
    verdict: "review",
    description:
      "two records of one abstract book with close titles not the same, the same authors and year at different pages: " +
      "one abstract, or two of one group's abstracts (another model, another cohort)",
    applies: supplementAbstractsPair,
  },
  // A shared identifier, checked against the title so a wrong or shared DOI cannot merge two works.
  {
    name: "identifier",
    verdict: "same",
    description:
      "a shared DOI/PMID/PMCID/arXiv id/EID and years at most one apart, with near-equal titles (volume, issue or pages may be garbled, " +
      "not the pages of a supplement's abstracts), related titles and no field in conflict but the journal's name, or a title missing and no conflict",
    applies: (s) => s.sharedIds.length > 0 && yearsClose(s) && !titleSaysDifferent(s) && identifierAgrees(s),
  },
  {
    name: "identifier-but-fields-differ",
    verdict: "review",
    description: "a shared identifier but titles or other fields that disagree",
    applies: (s) => s.sharedIds.length > 0,
  },
  // No identifier in common from here on.
  {
    name: "no-title",
    verdict: "review",
    description: "a title missing, but journal, volume, first page and authors agree",
    applies: (s) => s.title === null && samePlace(s) && authorsAgree(s) && yearsClose(s),
  },
  {
    name: "title-missing",
    verdict: "different",
    description: "a title missing and no identifier in common: nothing to go on",
    applies: (s) => s.title === null,
  },
  {
    name: "title-numbers-or-notice-else-identical",
    verdict: "review",
    description:
      "titles naming different numbers or a notice (erratum, comment, reply), but the same place in the same journal",
    applies: (s) => titleSaysDifferent(s) && relatedTitle(s) && samePlace(s),
  },
  {
    name: "title-numbers-or-notice",
    verdict: "different",
    description:
      "titles naming different numbers (part 1 / part 2, type 1 / type 2) or one naming a notice the other does not",
    applies: titleSaysDifferent,
  },
  // A meeting's papers carry the meeting's year (journal.ts `isMeeting`).
  {
    name: "meeting-year-differs",
    verdict: "different",
    description:
      "a meeting's paper and a record of another year without the same first page — a revised title, or a venue not that meeting's: the next edition's paper or the journal version, not one publication " +
      "(the same title at the same meeting a year apart is the meeting's year against its proceedings', decided below)",
    applies: (s) =>
      s.meeting && s.yearGap !== null && s.yearGap > 0 && s.pages !== true && !(nearEqualTitle(s) && journalAgrees(s)),
  },
  {
    name: "meeting-and-journal",
    verdict: "different",
    description:
      "a meeting's paper and a journal article (the venues' names say so) with no volume or first page in common: two publications",
    applies: (s) => s.venuesDiffer && s.volume !== true && s.pages !== true,
  },
  {
    name: "same-place",
    verdict: "same",
    description:
      "near-equal titles at the same place: same journal, volume and first page, years at most one apart (and the same issue for a recurring title such as `Editorial`)",
    applies: (s) =>
      nearEqualTitle(s) && samePlace(s) && yearsClose(s) && (titleNamesAWork(s) || recurringTitleSameIssue(s)),
  },
  {
    name: "same-issue",
    verdict: "same",
    description:
      "near-equal titles (short ones too) in the same journal, volume and issue, with authors or abstract agreeing",
    applies: (s) =>
      nearEqualTitle(s) &&
      journalAgrees(s) &&
      s.volume === true &&
      s.issue === true &&
      yearsClose(s) &&
      noConflict(s) &&
      (authorsAgree(s) || (s.abstract !== null && s.abstract >= ABSTRACT_AGREE)),
  },
  {
    name: "title-and-fields",
    verdict: "same",
    description: "near-equal informative titles, no field in conflict, and two more fields agreeing",
    applies: (s) => nearEqualTitle(s) && s.titlesInformative && noConflict(s) && corroborated(s, 2),
  },
  {
    name: "short-title-authors-journal-place",
    verdict: "same",
    description:
      "near-equal short topical titles (`Coronary artery disease`, not a recurring `Editorial`), the same authors, journal and year, and the same volume or first page " +
      "(or one record naming no place at all, an ahead-of-print copy), no field in conflict",
    applies: (s) =>
      nearEqualTitle(s) &&
      !s.titlesRecurring &&
      !titleSaysDifferent(s) &&
      authorsAgree(s) &&
      journalAgrees(s) &&
      s.yearGap === 0 &&
      (s.volume === true || s.pages === true || s.placeMissing) &&
      noConflict(s),
  },
  {
    name: "close-title-and-fields",
    verdict: "same",
    description:
      "close informative titles (typos, a subtitle missing), authors agreeing, no field in conflict, and two more fields agreeing",
    applies: (s) => closeTitle(s) && s.titlesInformative && authorsAgree(s) && noConflict(s) && corroborated(s, 3),
  },
  {
    name: "related-title-same-place",
    verdict: "same",
    description:
      "related titles (a subtitle added or dropped), the same authors, journal and first page (or volume and issue)",
    applies: (s) =>
      relatedTitle(s) &&
      authorsAgree(s) &&
      journalAgrees(s) &&
      (s.pages === true || (s.volume === true && s.issue === true)) &&
      yearsClose(s) &&
      noConflict(s) &&
      (titleNamesAWork(s) || recurringTitleSameIssue(s)),
  },
  {
    name: "close-title-same-pages",
    verdict: "same",
    description:
      "close informative titles (a subtitle or a database's tag added or dropped), the authors missing on one side or only partly the same (names written another way), the same journal, volume and full page range in the same year, outside supplements, no field in conflict",
    // The page range stands in for the authors: two articles of one journal volume do not share a whole range.
    applies: (s) =>
      closeTitle(s) &&
      s.titlesInformative &&
      !titleSaysDifferent(s) &&
      journalAgrees(s) &&
      s.volume === true &&
      s.pageRangesEqual &&
      !s.supplement &&
      s.yearGap === 0 &&
      noConflict(s),
  },
  {
    name: "title-authors-volume-pages",
    verdict: "same",
    description:
      "near-equal informative titles, the same authors, volume and first page, years at most one apart; the journal may be named differently (a series, a translation)",
    applies: (s) =>
      nearEqualTitle(s) &&
      s.titlesInformative &&
      authorsAgree(s) &&
      s.volume === true &&
      s.pages === true &&
      yearsClose(s),
  },
  {
    name: "title-authors-year-place-one-field-differs",
    verdict: "same",
    description:
      "near-equal informative titles, the same authors and year, two of volume, issue and first page agreeing, and at most one of journal, volume, issue or abstract differing (no single field but an identifier vetoes)",
    applies: agreesButOneField,
  },
  {
    name: "title-authors-place-year-differs",
    verdict: "same",
    description:
      "near-equal informative titles (short topical ones at the whole place), the same authors and journal (or one not named), two of volume, issue and first page agreeing (or volume and whole page range, the issue not differing, the journal named otherwise), but years more than one apart: the year is the garbled field (a typo, the online year against the print's)",
    // The place agreeing is what a second publication (a republication, an erratum, next year's paper) never has.
    applies: (s) => {
      if (s.yearGap === null || s.yearGap <= 1 || placeAgreements(s) < 2) return false;
      const wholePlace = s.volume === true && s.issue !== false && s.pageRangesEqual;
      // A short topical title (`Turking in the time of COVID`) is enough where the whole place agrees.
      const titleEnough = s.titlesInformative || (wholePlace && titleNamesAWork(s));
      if (!nearEqualTitle(s) || !titleEnough || titleSaysDifferent(s) || !authorsAgree(s)) return false;
      if (!wholePlace && s.journal !== null && !journalAgrees(s)) return false;
      return conflicts(s).every((field) => field === "year" || (wholePlace && field === "journal"));
    },
  },
  {
    name: "title-authors-year-page-range",
    verdict: "same",
    description:
      "near-equal titles (short ones too), the same authors and year and the same full page range, no field in conflict (a conference paper without its venue); " +
      "a recurring title in a journal only in the same issue",
    applies: (s) =>
      nearEqualTitle(s) &&
      !titleSaysDifferent(s) &&
      authorsAgree(s) &&
      s.yearGap === 0 &&
      s.pageRangesEqual &&
      noConflict(s) &&
      (!s.titlesRecurring || s.issue === true || s.journal === null),
  },
  {
    name: "translated-title-same-place",
    verdict: "same",
    description:
      "unrelated titles (one translated, or retitled) but the same authors, journal, volume, issue and page range (or first page, an article number, for informative titles) in the same year (a year apart with the page range), outside supplements",
    applies: (s) =>
      authorsAgree(s) &&
      journalAgrees(s) &&
      s.volume === true &&
      s.issue === true &&
      (s.pageRangesEqual || (s.pages === true && s.titlesInformative && !s.titlesRecurring)) &&
      !s.supplement &&
      // The whole page range of one issue is one article's, whatever the year: a year apart is the online year against the print's.
      (s.yearGap === 0 || (s.yearGap === 1 && s.pageRangesEqual)) &&
      s.title !== null &&
      !titleSaysDifferent(s) &&
      noConflict(s),
  },
  {
    name: "translated-title-languages-differ",
    verdict: "same",
    description:
      "unrelated informative titles, one English and one in another language (by their function words), with the same authors, journal, volume and page range in the same year, the issue unknown, outside supplements",
    applies: (s) => s.titleLanguagesDiffer && s.titlesInformative && samePagesIssueUnknown(s),
  },
  {
    name: "translated-title-issue-unknown",
    verdict: "review",
    description:
      "unrelated informative titles (one translated?) with the same authors, journal, volume and page range in the same year, the issue unknown: " +
      "where issues are paginated alone, two articles by one author can share pages in one volume (titles in one language, or a language not told)",
    applies: (s) => s.titlesInformative && samePagesIssueUnknown(s),
  },
  {
    name: "related-title",
    verdict: "review",
    description:
      "related titles, years at most one apart, another field agreeing, and at most a first page or a journal name in conflict (fields exports get wrong); " +
      "a recurring title (`Editorial notes`) only with the first page agreeing, else the two records cannot tell a person either",
    applies: (s) => {
      if (!relatedTitle(s) || !yearsClose(s) || !corroborated(s, 1)) return false;
      if (!titleNamesAWork(s) && s.pages !== true) return false;
      const found = conflicts(s);
      return found.length === 0 || (found.length === 1 && (found[0] === "pages" || found[0] === "journal"));
    },
  },
  {
    name: "no-authors-same-place",
    verdict: "review",
    description:
      "near-equal titles (short ones too, `ESICON 2017 Abstracts`) without authors on either side, in the same journal, year and volume or first page: " +
      "a person can tell one abstract book indexed twice from two",
    applies: (s) =>
      nearEqualTitle(s) &&
      !titleSaysDifferent(s) &&
      s.authors === null &&
      journalAgrees(s) &&
      s.yearGap === 0 &&
      (s.volume === true || s.pages === true) &&
      noConflict(s),
  },
  {
    name: "title-only",
    verdict: "review",
    description:
      "near-equal informative titles and nothing else to compare (authors, journal, place missing on one side)",
    applies: (s) =>
      nearEqualTitle(s) &&
      s.titlesInformative &&
      yearsClose(s) &&
      noConflict(s) &&
      s.authors === null &&
      s.journal === null,
  },
  { name: "different", verdict: "different", description: "nothing above applies", applies: () => true },
];

/**
 * A link the clusters take across different identifiers: a notice merged with its publication,
 * or a republished article with its first publication, by review.json's policy (their DOIs and
 * PMIDs differ by nature), and one article given two identifiers, recognised by its place.
 * Every other link that would join two DOIs is refused and goes to review.csv.
 */
export function mergesAcrossIdentifiers(link: { verdict: Verdict; rule: string }): boolean {
  return (
    link.verdict === "same" &&
    (link.rule.startsWith(`${NOTICE_RULE} (`) ||
      link.rule.startsWith(`${REPUBLICATION_RULE} (`) ||
      link.rule === IDENTIFIER_CONFLICT_SAME_PLACE)
  );
}

export function decide(s: FieldSimilarity, policy: DedupePolicy = DEFAULT_POLICY): Decision {
  for (const rule of RULES) {
    if (!rule.applies(s)) continue;
    const key = rule.policy?.(s);
    if (!key) return { verdict: rule.verdict, rule: rule.name };
    const choice = policy[key];
    // Different identifiers stay a person's call even where the policy merges (two registry entries naming different
    // records) — except a notice's or a republication's: each is published apart, with a DOI and PMID of its own by nature.
    const acrossIds = s.conflictingIds.length > 0 && rule.name !== NOTICE_RULE && rule.name !== REPUBLICATION_RULE;
    const verdict = choice === "merge" && acrossIds ? "review" : POLICY_VERDICT[choice];
    return { verdict, rule: `${rule.name} (${key}: ${choice})` };
  }
  return { verdict: "different", rule: "different" };
}
