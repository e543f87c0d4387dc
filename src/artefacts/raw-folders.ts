/**
 * The evidence folders under raw/ that stages read whole: search snapshots, manual exports, the
 * journal lists. Their files are read by src/sources/ and src/eligibility/read-lists.ts; this
 * module only names the folders, for the stages' input lists.
 */
import { folderArtefact } from "./artefact.js";

export const searchesFolder = folderArtefact("raw/searches", "reviewer");
export const exportsFolder = folderArtefact("raw/exports", "reviewer");
export const journalListsFolder = folderArtefact("raw/journals", "reviewer");
