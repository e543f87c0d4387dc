/**
 * The extraction artefacts. Reviewer-owned: the sheets in raw/extraction/ (merged, never
 * overwritten; compare-before-replace in stages/extract.ts) and the taxonomy review.json names.
 * Derived: processed/extraction/{studies,models,problems}.csv, the validated rows and every
 * problem (tables built by src/extraction/processed-tables.ts, written here atomically).
 */
import { PROBLEMS_HEADER, PROCESSED_MODELS_HEADER, PROCESSED_STUDIES_HEADER, modelsCsv, problemsCsv, studiesCsv } from "../extraction/processed-tables.js";
import type { ExtractionData, ExtractionProblem } from "../extraction/extraction-data.js";
import { EXTRACTION_DIR, MODELS_SHEET, STUDIES_SHEET } from "../extraction/sheet-columns.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { DEFAULT_TAXONOMY } from "../protocol/extraction.js";
import type { Review } from "../protocol.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact, folderArtefact, type Artefact } from "./artefact.js";
import { fileNamedInReview } from "./protocol-files.js";

export const extractionSheetsFolder = folderArtefact(EXTRACTION_DIR, "reviewer");
export const studiesSheet = fileArtefact(STUDIES_SHEET, "reviewer");
export const modelsSheet = fileArtefact(MODELS_SHEET, "reviewer");

/** The taxonomy file review.json names (extraction.taxonomy), else the reference one. */
export function taxonomyFile(workspace: Workspace, review: Review): Artefact {
  return fileNamedInReview(workspace, review.extraction?.taxonomy) ?? fileArtefact(DEFAULT_TAXONOMY, "reviewer");
}

export const extractionFolder = folderArtefact("processed/extraction");
const inExtractionFolder = (name: string) => `${extractionFolder.path}/${name}`;

export const extractedStudiesCsv = { ...fileArtefact(inExtractionFolder("studies.csv")), header: PROCESSED_STUDIES_HEADER, schemaVersion: 1 };
export const extractedModelsCsv = { ...fileArtefact(inExtractionFolder("models.csv")), header: PROCESSED_MODELS_HEADER, schemaVersion: 1 };
export const extractionProblemsCsv = { ...fileArtefact(inExtractionFolder("problems.csv")), header: PROBLEMS_HEADER, schemaVersion: 1 };

export const EXTRACTION_OUTPUTS = [extractedStudiesCsv, extractedModelsCsv, extractionProblemsCsv] as const;

export async function writeExtractionTables(workspace: Workspace, data: ExtractionData, problems: readonly ExtractionProblem[], notices: readonly ExtractionProblem[]): Promise<void> {
  await writeFileAtomic(artefactPath(workspace, extractedStudiesCsv), studiesCsv(data));
  await writeFileAtomic(artefactPath(workspace, extractedModelsCsv), modelsCsv(data));
  await writeFileAtomic(artefactPath(workspace, extractionProblemsCsv), problemsCsv(problems, notices));
}
