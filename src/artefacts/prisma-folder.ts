/**
 * processed/prisma/: the PRISMA 2020 flow (src/prisma/report.ts builds and writes it, each file
 * atomically, after its arithmetic is checked).
 */
import { fileArtefact, folderArtefact } from "./artefact.js";

export const prismaFolder = folderArtefact("processed/prisma");
/** Every count, the PRISMA box it fills, and the list behind it. */
export const prismaJsonFile = fileArtefact(`${prismaFolder.path}/prisma.json`);
/** The counts in the PRISMA2020 R package / Shiny app input format. */
export const prisma2020CsvFile = fileArtefact(`${prismaFolder.path}/prisma2020.csv`);
export const prismaSvgFile = fileArtefact(`${prismaFolder.path}/prisma.svg`);
/** One CSV per PRISMA box, named by the count (count.ts, `lists/<name>.csv`). */
export const prismaListsFolder = folderArtefact(`${prismaFolder.path}/lists`);
