/** The `dedupe` section of review.json (owned by the dedupe stage). */
import { z } from "zod";

export const DedupeConfigSchema = z.object({}).strict();
export type DedupeConfig = z.infer<typeof DedupeConfigSchema>;
