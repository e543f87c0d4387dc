/** processed/extraction/: the validated extraction rows and the problems (one module per file beside this one). */
import { folderArtefact } from "./artefact.js";

export const extractionFolder = folderArtefact("processed/extraction");

export function inExtractionFolder(name: string): string {
  return `${extractionFolder.path}/${name}`;
}
