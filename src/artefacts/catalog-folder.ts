/** processed/catalog/: the model catalog the report stage builds from the valid extraction rows (src/catalog/build.ts writes its files). */
import { folderArtefact } from "./artefact.js";

export const catalogFolder = folderArtefact("processed/catalog");
