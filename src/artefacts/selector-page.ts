/** processed/selector/index.html: the clinical LLM selector generated from the catalog (src/selector/page.ts). */
import { fileArtefact } from "./artefact.js";

export const selectorPage = fileArtefact("processed/selector/index.html");
