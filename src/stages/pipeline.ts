/** The pipeline order is data (DESIGN.md): later stages join this list as they are built. */
import { dedupeStage } from "./dedupe.js";
import { eligibilityStage } from "./eligibility.js";
import { importStage } from "./import.js";
import { screenStage } from "./screen.js";
import type { Stage } from "./stage.js";

export const STAGES: readonly Stage[] = [importStage, dedupeStage, eligibilityStage, screenStage];
