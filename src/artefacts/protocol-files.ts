/**
 * The protocol a person writes: review.json and queries/*.json. Read and validated once per
 * command (stages/stage.ts, openStageContext) and handed to every stage in its context; listed
 * here so a stage can declare them as inputs.
 */
import { confinedRealPathSync } from "../io/workspace-path.js";
import { workspacePath, type Workspace } from "../workspace.js";
import { fileArtefact, folderArtefact, type Artefact } from "./artefact.js";

export const reviewJson = fileArtefact("review.json", "reviewer");
export const queriesFolder = folderArtefact("queries", "reviewer");

/**
 * A file review.json names (a taxonomy, a previous version's list), as an input artefact; null
 * when it is not set or leads outside the workspace: the stage reading it then refuses it with a
 * located message, and it is no input to fingerprint.
 */
export function fileNamedInReview(workspace: Workspace, name: string | undefined | null): Artefact | null {
  if (typeof name !== "string" || name === "") return null;
  const path = confinedRealPathSync(workspace.root, name);
  return path === null ? null : fileArtefact(workspacePath(workspace, path), "reviewer");
}
