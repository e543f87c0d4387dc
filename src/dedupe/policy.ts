/**
 * Whether a notice and the publication it is about count as one record: a review's policy,
 * declared in review.json (`dedupe.policy`), not a question of how alike two titles are. Each
 * applies only once both records are recognised for what they are — an erratum and its
 * article (titles equal once the erratum's wording is set aside, see title.ts
 * NOTICE_PATTERNS), a comment or reply and the letter it answers, two entries of one trial
 * in a registry (a shared registry number), two abstracts of one abstract book at different
 * pages — so a policy never loosens similarity.
 *
 *   separate  two records, decided without asking (the default: an erratum is its own record)
 *   merge     one record (the cluster keeps the article; the notice is listed as a member)
 *   review    a person decides, in review.csv
 * The choices themselves are the protocol's (src/protocol/dedupe.ts, POLICY_CHOICES).
 */
import { DEFAULT_DEDUPE_POLICY, type PolicyChoice } from "../protocol/dedupe.js";

export interface DedupePolicy {
  /** An erratum, correction or corrigendum and the article it corrects. */
  errata: PolicyChoice;
  /** A comment on an article, or a reply to a comment, and what it answers. */
  commentsAndReplies: PolicyChoice;
  /** A retraction notice and the retracted article. */
  retractions: PolicyChoice;
  /** Two entries of one trial in trial registries (the same NCT, ISRCTN… number). */
  registryEntries: PolicyChoice;
  /**
   * Two records of one abstract book (a supplement's DOI both share, or one journal volume and
   * supplement issue) with one title and the same authors at different pages: one abstract
   * indexed twice, or two versions of one study's abstract printed apart.
   */
  supplementAbstracts: PolicyChoice;
  /**
   * One article published twice in one journal: the same informative title and the same
   * authors in another year, volume and pages (a publisher's republication, or an online-first
   * copy filed under another volume), each with a DOI of its own.
   */
  republications: PolicyChoice;
}

/** The protocol's defaults (src/protocol/dedupe.ts, each choice's `.default`). */
export const DEFAULT_POLICY: DedupePolicy = DEFAULT_DEDUPE_POLICY;

/** Which policy a notice kind (title.ts) falls under. */
export function policyForNotice(kind: string): keyof DedupePolicy | null {
  switch (kind) {
    case "erratum":
      return "errata";
    case "comment":
    case "reply":
      return "commentsAndReplies";
    case "retraction":
      return "retractions";
    default:
      return null;
  }
}

/**
 * Trial registry numbers as registries write them: ClinicalTrials.gov, ISRCTN, the Australian
 * NZ, EU, Chinese, German, Indian, Japanese, Iranian, Dutch and Pan-African registries (the
 * WHO ICTRP primary registries' formats).
 */
const REGISTRY_ID =
  /\b(NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|EUCTR\d{4}-\d{6}-\d{2}|ChiCTR[-\w]{6,20}|DRKS\d{8}|CTRI\/\d{4}\/\d+\/\d+|JPRN-[A-Za-z]+\d+|IRCT\d{6,}N?\d*|NTR\d{3,5}|NL\d{4,6}|PACTR\d{15})\b/gi;

/** The registry numbers a record's text names, upper-case, sorted, space-joined; "" when none. */
export function registryIds(...texts: (string | null | undefined)[]): string {
  let found: Set<string> | null = null;
  for (const text of texts) {
    // Every registry number has four digits in a row: most titles and journal names have none.
    if (!text || !FOUR_DIGITS.test(text)) continue;
    for (const match of text.matchAll(REGISTRY_ID)) (found ??= new Set()).add(match[1]!.toUpperCase());
  }
  return found === null ? "" : [...found].sort().join(" ");
}

const FOUR_DIGITS = /\d{4}/;
