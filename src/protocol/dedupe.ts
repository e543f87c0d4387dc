/** The `dedupe` section of review.json (owned by the dedupe stage). */
import { z } from "zod";

/**
 * What a review may choose for a kind of notice and what it is about (src/dedupe/policy.ts says
 * what each does): kept here, with the protocol, because the protocol is the lower layer.
 */
export const POLICY_CHOICES = ["separate", "merge", "review"] as const;
export type PolicyChoice = (typeof POLICY_CHOICES)[number];

const choice = (what: string) =>
  z
    .enum(POLICY_CHOICES)
    .describe(
      `${what}: "separate" (two records, not asked), "merge" (one record) or "review" (a person decides in review.csv)`,
    );

/** What each policy choice is about, as the schema and the methods text (processed/dedup/methods.md) say it. */
export const POLICY_SUBJECTS = {
  errata: "an erratum or correction and the article it corrects",
  commentsAndReplies: "a comment or reply and the publication it answers",
  retractions: "a retraction notice and the retracted article",
  registryEntries: "two registry entries with the same trial number (NCT…, ISRCTN…)",
  supplementAbstracts:
    "two records of one abstract book (a supplement DOI, or one journal volume and supplement issue) with the same title and authors at different pages (one abstract indexed or printed twice)",
  republications:
    "one article published twice in one journal (the same title, authors and text — abstract or page count — in another year, volume and pages, each with its DOI)",
} as const;

/** Whether a notice and what it is about are one record: decided by recognising the notice, never by loosening similarity. */
export const DedupePolicySchema = z
  .object({
    errata: choice(POLICY_SUBJECTS.errata).default("separate"),
    commentsAndReplies: choice(POLICY_SUBJECTS.commentsAndReplies).default("separate"),
    retractions: choice(POLICY_SUBJECTS.retractions).default("separate"),
    registryEntries: choice(POLICY_SUBJECTS.registryEntries).default("merge"),
    // Merged by default: both are recognised as one text (one title in one abstract
    // book; the same abstract or page count in another year), which a review screens once.
    supplementAbstracts: choice(POLICY_SUBJECTS.supplementAbstracts).default("merge"),
    republications: choice(POLICY_SUBJECTS.republications).default("merge"),
  })
  .strict();

/** Every choice at its default: what a review.json without `dedupe.policy` (or without one of its keys) gets. */
export const DEFAULT_DEDUPE_POLICY = DedupePolicySchema.parse({});

export const DedupeConfigSchema = z
  .object({
    /**
     * Link an arXiv (bioRxiv, medRxiv…) preprint and its journal version as two reports of one
     * study: they stay two clusters (two reports, for PRISMA) sharing a `study_id`. When false,
     * each is a study of its own. A preprint and a publication are never merged either way.
     */
    linkPreprints: z.boolean().default(true),
    /** See src/dedupe/policy.ts. */
    policy: DedupePolicySchema.default(DEFAULT_DEDUPE_POLICY),
  })
  .strict();
