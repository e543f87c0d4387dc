/**
 * What the reviewers write for extraction: the sheets in raw/extraction/ (merged, never
 * overwritten: compare-before-replace in stages/extract.ts) and the taxonomy file review.json
 * names. srpipe reads these; it only ever appends rows and flags to the sheets.
 */
import { EXTRACTION_DIR, MODELS_SHEET, STUDIES_SHEET } from "../extraction/sheet-columns.js";
import { DEFAULT_TAXONOMY } from "../protocol/extraction.js";
import type { Review } from "../protocol.js";
import type { Workspace } from "../workspace.js";
import { fileArtefact, folderArtefact, type Artefact } from "./artefact.js";
import { fileNamedInReview } from "./protocol-files.js";

export const extractionSheetsFolder = folderArtefact(EXTRACTION_DIR, "reviewer");
export const studiesSheet = fileArtefact(STUDIES_SHEET, "reviewer");
export const modelsSheet = fileArtefact(MODELS_SHEET, "reviewer");

/** The taxonomy file review.json names (extraction.taxonomy), else the reference one. */
export function taxonomyFile(workspace: Workspace, review: Review): Artefact {
  return fileNamedInReview(workspace, review.extraction?.taxonomy) ?? fileArtefact(DEFAULT_TAXONOMY, "reviewer");
}
