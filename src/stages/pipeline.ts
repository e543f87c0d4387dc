/** The pipeline order is data (DESIGN.md). */
import { dedupeStage } from "./dedupe.js";
import { eligibilityStage } from "./eligibility.js";
import { importStage } from "./import.js";
import { extractStage } from "./extract.js";
import { reportStage } from "./report.js";
import { screenStage } from "./screen.js";
import type { Stage } from "./stage.js";

export const STAGES: readonly Stage[] = [
  importStage,
  dedupeStage,
  eligibilityStage,
  screenStage,
  extractStage,
  reportStage,
];
