/** The `eligibility` section of review.json (owned by the eligibility stage). */
import { z } from "zod";

export const EligibilityConfigSchema = z.object({}).strict();
export type EligibilityConfig = z.infer<typeof EligibilityConfigSchema>;
