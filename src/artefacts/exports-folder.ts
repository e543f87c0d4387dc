/** processed/exports/: where `srpipe export` writes <stage>.<csv|ris|bib> unless told --out. */
import { folderArtefact } from "./artefact.js";

export const exportsOutFolder = folderArtefact("processed/exports");
