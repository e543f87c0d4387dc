/**
 * processed/dedup/: what the dedupe stage writes. The file names inside are the dedupe engine's
 * (src/dedupe/run-dedupe.ts, DEDUP_FILES), because `srpipe dedupe --in … --out DIR` writes the
 * same three files to any folder; the engine streams them out atomically itself.
 */
import { DEDUP_FILES } from "../dedupe/run-dedupe.js";
import { folderArtefact } from "./artefact.js";

export const dedupFolder = folderArtefact("processed/dedup");

/** A file of the dedup folder by its name there. */
export function inDedupFolder(name: string): string {
  return `${dedupFolder.path}/${name}`;
}

export const DEDUP_FILE_NAMES = DEDUP_FILES;
