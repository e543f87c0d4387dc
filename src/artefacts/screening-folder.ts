/**
 * The screening folders: raw/screening/ holds the reviewers' sheets, decisions.jsonl and the
 * criteria file (reviewer-owned: merged with compare-before-replace in stages/screen.ts, never
 * overwritten); processed/screening/ what the screen stage derives from them (one module per
 * file beside this one).
 */
import { SCREENING_DIR } from "../screening/phase.js";
import { folderArtefact } from "./artefact.js";

export const screeningSheetsFolder = folderArtefact(SCREENING_DIR, "reviewer");

export const screeningFolder = folderArtefact("processed/screening");

export function inScreeningFolder(name: string): string {
  return `${screeningFolder.path}/${name}`;
}
