/** processed/screening/agreement.json: inter-rater agreement per phase (layout and schemaVersion: src/screening/agreement-report.ts). */
import type { ScreeningConfig } from "../protocol/screening.js";
import { agreementJson } from "../screening/agreement-report.js";
import type { PhaseOutcome } from "../screening/phase.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";
import { inScreeningFolder } from "./screening-folder.js";

export const screeningAgreementJson = fileArtefact(inScreeningFolder("agreement.json"));

export async function writeScreeningAgreementJson(
  workspace: Workspace,
  config: ScreeningConfig,
  outcomes: readonly PhaseOutcome[],
): Promise<void> {
  await writeFileAtomic(artefactPath(workspace, screeningAgreementJson), agreementJson(config, outcomes));
}
