/**
 * raw/overrides/duplicates.csv: a reviewer's verdicts on pairs (same work or not), which dedupe
 * honours over its rules. Reviewer-owned: srpipe reads it and never writes it; its rows are
 * parsed and checked by src/dedupe/overrides.ts.
 */
import { readFile } from "node:fs/promises";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";

export const duplicatesOverridesCsv = fileArtefact("raw/overrides/duplicates.csv", "reviewer");

/** The file's text, or null when the reviewer has written none. */
export async function readDuplicatesOverrides(workspace: Workspace): Promise<string | null> {
  try {
    return await readFile(artefactPath(workspace, duplicatesOverridesCsv), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
