/**
 * raw/overrides/duplicates.csv: a reviewer's verdicts on pairs (same work or not), which dedupe
 * honours over its rules. Reviewer-owned: srpipe reads it and never writes it; its rows are
 * parsed and checked by src/dedupe/overrides.ts.
 */
import { readReviewerFile } from "../io/workspace-path.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";

export const duplicatesOverridesCsv = fileArtefact("raw/overrides/duplicates.csv", "reviewer");

/** The file's text, or null when the reviewer has written none; a link out of the workspace is refused. */
export async function readDuplicatesOverrides(workspace: Workspace): Promise<string | null> {
  const text = await readReviewerFile(
    workspace.root,
    artefactPath(workspace, duplicatesOverridesCsv),
    duplicatesOverridesCsv.path,
  );
  return text === null ? null : text.toString("utf8");
}
