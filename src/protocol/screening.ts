/** The `screening` section of review.json (owned by the screening stage). */
import { z } from "zod";

export const ScreeningConfigSchema = z.object({}).strict();
export type ScreeningConfig = z.infer<typeof ScreeningConfigSchema>;
