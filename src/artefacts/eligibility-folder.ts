/** processed/eligibility/: what the eligibility stage writes (one module per file beside this one). */
import { folderArtefact } from "./artefact.js";

export const eligibilityFolder = folderArtefact("processed/eligibility");

export function inEligibilityFolder(name: string): string {
  return `${eligibilityFolder.path}/${name}`;
}
