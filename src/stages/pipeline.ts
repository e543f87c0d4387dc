/** The pipeline order is data (DESIGN.md): later stages join this list as they are built. */
import { importStage } from "./import.js";
import type { Stage } from "./stage.js";

export const STAGES: readonly Stage[] = [importStage];
