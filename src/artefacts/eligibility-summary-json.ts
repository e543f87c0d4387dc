/**
 * processed/eligibility/summary.json: the settings applied, the lists read and the counts
 * (its layout and schemaVersion are src/eligibility/summary.ts's summaryDocument).
 */
import { summaryDocument } from "../eligibility/summary.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";
import { inEligibilityFolder } from "./eligibility-folder.js";

export const eligibilitySummaryJson = fileArtefact(inEligibilityFolder("summary.json"));

export async function writeEligibilitySummaryJson(
  workspace: Workspace,
  ...args: Parameters<typeof summaryDocument>
): Promise<void> {
  await writeFileAtomic(artefactPath(workspace, eligibilitySummaryJson), summaryDocument(...args));
}
