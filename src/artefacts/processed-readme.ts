/** processed/README.md: what each file under processed/ is (text in src/processed-readme.ts). */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../io/atomic-write.js";
import { PROCESSED_README } from "../processed-readme.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";

export const processedReadme = fileArtefact("processed/README.md");

/** Rewritten when it is missing or differs (never by hand: processed/ is derived). */
export async function writeProcessedReadme(workspace: Workspace): Promise<void> {
  const path = artefactPath(workspace, processedReadme);
  const current = await readFile(path, "utf8").catch(() => null);
  if (current !== PROCESSED_README) await writeFileAtomic(path, PROCESSED_README);
}
