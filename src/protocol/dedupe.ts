/** The `dedupe` section of review.json (owned by the dedupe stage). */
import { z } from "zod";

export const DedupeConfigSchema = z
  .object({
    /**
     * Link an arXiv (bioRxiv, medRxiv…) preprint and its journal version as two reports of one
     * study: they stay two clusters (two reports, for PRISMA) sharing a `study_id`. When false,
     * each is a study of its own. A preprint and a publication are never merged either way.
     */
    linkPreprints: z.boolean().default(true),
  })
  .strict();
export type DedupeConfig = z.infer<typeof DedupeConfigSchema>;
