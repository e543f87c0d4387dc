/**
 * processed/screening/: what the screen stage derives from the reviewers' sheets. One artefact per
 * file; the tables themselves are built by src/screening/processed-tables.ts and
 * agreement-report.ts (values in, text out), written here atomically.
 *   decisions.csv   the final decision per record per phase (extraction, PRISMA and export read it)
 *   conflicts.csv   where the reviewers disagreed, and how it was resolved
 *   agreement.json  inter-rater agreement per phase
 *   sheets.csv      per sheet: rows, decided, waiting
 */
import { agreementJson } from "../screening/agreement-report.js";
import { SCREENING_DIR, type PhaseOutcome } from "../screening/phase.js";
import {
  CONFLICTS_CSV_HEADER,
  DECISIONS_CSV_HEADER,
  SHEETS_CSV_HEADER,
  conflictsCsv,
  decisionsCsv,
  sheetsCsv,
  type SheetProgress,
} from "../screening/processed-tables.js";
import type { ScreeningConfig } from "../protocol/screening.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact, folderArtefact } from "./artefact.js";

/** raw/screening/: the reviewers' sheets, decisions.jsonl and the criteria file (reviewer-owned; merged, never overwritten). */
export const screeningSheetsFolder = folderArtefact(SCREENING_DIR, "reviewer");

export const screeningFolder = folderArtefact("processed/screening");
const inScreeningFolder = (name: string) => `${screeningFolder.path}/${name}`;

export const decisionsCsvFile = { ...fileArtefact(inScreeningFolder("decisions.csv")), header: DECISIONS_CSV_HEADER, schemaVersion: 1 };
export const conflictsCsvFile = { ...fileArtefact(inScreeningFolder("conflicts.csv")), header: CONFLICTS_CSV_HEADER, schemaVersion: 1 };
export const agreementJsonFile = fileArtefact(inScreeningFolder("agreement.json"));
export const sheetsCsvFile = { ...fileArtefact(inScreeningFolder("sheets.csv")), header: SHEETS_CSV_HEADER, schemaVersion: 1 };

export const SCREENING_OUTPUTS = [decisionsCsvFile, conflictsCsvFile, agreementJsonFile, sheetsCsvFile] as const;

export async function writeScreeningTables(workspace: Workspace, config: ScreeningConfig, outcomes: readonly PhaseOutcome[], progress: readonly SheetProgress[]): Promise<void> {
  await writeFileAtomic(artefactPath(workspace, decisionsCsvFile), decisionsCsv(outcomes));
  await writeFileAtomic(artefactPath(workspace, conflictsCsvFile), conflictsCsv(outcomes));
  await writeFileAtomic(artefactPath(workspace, agreementJsonFile), agreementJson(config, outcomes));
  await writeFileAtomic(artefactPath(workspace, sheetsCsvFile), sheetsCsv(progress));
}
