/**
 * What the report stage publishes: processed/prisma/ (counts, lists, PRISMA2020 input, diagram;
 * written by src/prisma/report.ts), processed/catalog/ (src/catalog/build.ts) and the selector
 * page (src/selector/page.ts). Those modules build and write the files inside; this one says
 * where they are.
 */
import { fileArtefact, folderArtefact } from "./artefact.js";

export const prismaFolder = folderArtefact("processed/prisma");
export const prismaJsonFile = fileArtefact(`${prismaFolder.path}/prisma.json`);
export const prisma2020CsvFile = fileArtefact(`${prismaFolder.path}/prisma2020.csv`);
export const prismaSvgFile = fileArtefact(`${prismaFolder.path}/prisma.svg`);
/** One CSV per PRISMA box, named by the count (count.ts, `lists/<name>.csv`). */
export const prismaListsFolder = folderArtefact(`${prismaFolder.path}/lists`);

export const catalogFolder = folderArtefact("processed/catalog");
export const selectorPage = fileArtefact("processed/selector/index.html");

/** `srpipe export`'s default folder. */
export const exportsOutFolder = folderArtefact("processed/exports");
