/**
 * The report stage: what the review publishes, computed from processed/ and the extraction sheets.
 *   processed/catalog/   the model catalog from the valid extraction rows (src/catalog/build.ts):
 *                        tidy catalog.csv, models.csv, evidence.csv, the published wide files, stats
 *   processed/selector/  the clinical LLM selector page generated from that catalog
 *   processed/prisma/    PRISMA 2020 counts, the lists behind them, prisma2020.csv and the diagram;
 *                        stopping.md, the stopping test's methods text from processed/screening/stopping.json
 * Rows the extract stage found problems in are left out of the catalog (that stage reports them);
 * the report never guesses a value.
 */
import { fulltextFolder } from "../artefacts/fulltext-folder.js";
import { rm } from "node:fs/promises";
import { artefactPath } from "../artefacts/artefact.js";
import { dedupFolder } from "../artefacts/dedup-folder.js";
import { eligibilityFolder } from "../artefacts/eligibility-folder.js";
import { extractionFolder } from "../artefacts/extraction-folder.js";
import {
  doubleExtractors,
  extractionSheetsFolder,
  extractionSheetsOf,
  taxonomyFile,
} from "../artefacts/extraction-sheets.js";
import { importFilesCsv } from "../artefacts/import-files-csv.js";
import { fileNamedInReview, queriesFolder, reviewJson } from "../artefacts/protocol-files.js";
import { recordsCsv } from "../artefacts/records-csv.js";
import { rejectsCsv } from "../artefacts/rejects-csv.js";
import { catalogFolder } from "../artefacts/catalog-folder.js";
import { prismaFolder } from "../artefacts/prisma-folder.js";
import { stoppingMethodsMd, writeStoppingMethodsMd } from "../artefacts/stopping-methods-md.js";
import { selectorPage } from "../artefacts/selector-page.js";
import { screeningFolder } from "../artefacts/screening-folder.js";
import { buildCatalog, writeCatalogFolder } from "../catalog/build.js";
import { formulaCellWarnings } from "../catalog/formula-cells.js";
import { loadTaxonomy, readExtraction } from "../extraction/extraction-data.js";
import { STUDIES_SHEET, MODELS_SHEET } from "../extraction/sheet-columns.js";
import { pathExists } from "../io/list-files.js";
import { writePrismaReport } from "../prisma/report.js";
import { counted } from "../log.js";
import { writeSelectorPage } from "../selector/page.js";
import { workspacePath } from "../workspace.js";
import type { Stage, StageContext, StageResult } from "./stage.js";

/** Writes the catalog and the selector page; returns the summary line. */
async function reportCatalog(context: StageContext): Promise<string> {
  const { workspace, review, log } = context;
  const outputs = { catalog: artefactPath(workspace, catalogFolder), selector: artefactPath(workspace, selectorPage) };
  const noCatalog = async (why: string): Promise<string> => {
    // No catalog is the truth here; one left from an earlier run would be stale.
    await rm(outputs.catalog, { recursive: true, force: true });
    await rm(outputs.selector, { force: true });
    return `no catalog (${why})`;
  };
  if (!review.extraction) return noCatalog("review.json has no extraction section");
  const firstSheet = extractionSheetsOf(review)[0]!.studies;
  if (!(await pathExists(artefactPath(workspace, firstSheet))))
    return noCatalog(`${firstSheet.path} does not exist: run \`srpipe extract\``);
  const taxonomy = await loadTaxonomy(workspace, review);
  const { data, problems, pending } = await readExtraction(workspace, review, taxonomy);
  if (data.studies.length === 0)
    return noCatalog(
      doubleExtractors(review)
        ? `no study settled by both extractors yet${pending.length > 0 ? `, ${counted(pending.length, "item")} pending` : ""}`
        : `no valid row in ${STUDIES_SHEET} yet`,
    );
  const built = buildCatalog({
    columns: taxonomy.columns,
    gpus: taxonomy.gpus,
    studies: data.studies,
    models: data.models,
  });
  for (const warning of built.warnings) {
    log.warn(`${warning.source === "studies" ? STUDIES_SHEET : MODELS_SHEET}:${warning.line}: ${warning.message}`);
  }
  for (const warning of formulaCellWarnings(built))
    log.warn(`${workspacePath(workspace, outputs.catalog)}: ${warning}`);
  await writeCatalogFolder(outputs.catalog, built);
  const { models } = await writeSelectorPage(
    outputs.catalog,
    outputs.selector,
    workspacePath(workspace, outputs.catalog),
  );
  const studies = new Set(data.studies.map((s) => s.studyId)).size;
  const left = problems.length
    ? `, ${counted(problems.length, "extraction problem")} left out (see srpipe extract)`
    : "";
  // Double extraction: what the two extractors have not both settled stays out, and the report says so.
  const pendingStudies = pending.filter((p) => p.sheet === "studies");
  const pendingModels = pending.filter((p) => p.sheet === "models");
  for (const item of pending)
    log.warn(
      `left out of the catalog, pending: ${item.sheet === "studies" ? "study" : "model"} ${item.item}: ${item.reason}`,
    );
  const held =
    pending.length > 0
      ? `; left out, pending double extraction: ${counted(pendingStudies.length, "study", "studies")}` +
        (pendingModels.length > 0 ? ` and ${counted(pendingModels.length, "model")}` : "")
      : "";
  log.info(
    `wrote ${workspacePath(workspace, outputs.catalog)}/: ${counted(built.models.length, "model row")} × ${counted(built.columns.length, "category column")} from ${counted(studies, "study", "studies")}${left}`,
  );
  log.info(`wrote ${workspacePath(workspace, outputs.selector)}: ${counted(models, "model")} to choose from`);
  return `catalog: ${counted(built.models.length, "model row")} from ${counted(studies, "study", "studies")}${held}`;
}

export const reportStage: Stage = {
  name: "report",
  description: "compute the PRISMA 2020 flow and write the model catalog and the clinical LLM selector",
  inputs: ({ workspace, review }) => {
    const previous = review.prisma?.previous;
    // An update's list of previously included studies (review.json prisma.previous.file).
    const previousList = fileNamedInReview(workspace, previous && "file" in previous ? previous.file : null);
    return [
      reviewJson,
      // The query files' strings: PRISMA counts each, in their order.
      queriesFolder,
      taxonomyFile(workspace, review),
      extractionSheetsFolder,
      importFilesCsv,
      recordsCsv,
      rejectsCsv,
      dedupFolder,
      eligibilityFolder,
      screeningFolder,
      fulltextFolder,
      extractionFolder,
      ...(previousList ? [previousList] : []),
    ];
  },
  outputs: () => [catalogFolder, selectorPage, prismaFolder],
  async run(context): Promise<StageResult> {
    const prisma = await writePrismaReport(context);
    if (await writeStoppingMethodsMd(context.workspace))
      context.log.info(`wrote ${stoppingMethodsMd.path}: the stopping test per phase and reviewer, for the methods`);
    const catalog = await reportCatalog(context);
    return { summary: `${prisma.summary}; ${catalog}`, problems: prisma.problems };
  },
};
