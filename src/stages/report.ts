/**
 * The report stage: what the review publishes, computed from processed/ and the extraction sheets.
 *   processed/catalog/   the model catalog from the valid extraction rows (src/catalog/build.ts):
 *                        tidy catalog.csv, models.csv, evidence.csv, the published wide files, stats
 *   processed/selector/  the clinical LLM selector page generated from that catalog
 *   processed/prisma/    PRISMA 2020 counts, the lists behind them, prisma2020.csv and the diagram
 * Rows the extract stage found problems in are left out of the catalog (that stage reports them);
 * the report never guesses a value.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { buildCatalog, writeCatalogFolder } from "../catalog/build.js";
import { formulaCellWarnings } from "../catalog/formula-cells.js";
import { loadTaxonomy, readExtraction } from "../extraction/extraction-data.js";
import { STUDIES_SHEET, MODELS_SHEET } from "../extraction/sheet-columns.js";
import { pathExists } from "../io/list-files.js";
import { writePrismaReport } from "../prisma/report.js";
import { counted } from "../log.js";
import { loadReview } from "../protocol.js";
import { writeSelectorPage } from "../selector/page.js";
import { workspacePath, type Workspace } from "../workspace.js";
import { taxonomyPath } from "./extract.js";
import { fileNamedInReview, type Stage, type StageContext, type StageResult } from "./stage.js";

export function reportOutputs(workspace: Workspace) {
  return {
    catalog: join(workspace.processedDir, "catalog"),
    selector: join(workspace.processedDir, "selector", "index.html"),
    prisma: join(workspace.processedDir, "prisma"),
  };
}

/** Writes the catalog and the selector page; returns the summary line. */
async function reportCatalog(context: StageContext): Promise<string> {
  const { workspace, log } = context;
  const outputs = reportOutputs(workspace);
  const noCatalog = async (why: string): Promise<string> => {
    // No catalog is the truth here; one left from an earlier run would be stale.
    await rm(outputs.catalog, { recursive: true, force: true });
    await rm(outputs.selector, { force: true });
    return `no catalog (${why})`;
  };
  const review = await loadReview(workspace.reviewFile);
  if (!review.extraction) return noCatalog("review.json has no extraction section");
  if (!(await pathExists(join(workspace.root, STUDIES_SHEET)))) return noCatalog(`${STUDIES_SHEET} does not exist: run \`srpipe extract\``);
  const taxonomy = await loadTaxonomy(workspace, review);
  const { data, problems } = await readExtraction(workspace, taxonomy);
  if (data.studies.length === 0) return noCatalog(`no valid row in ${STUDIES_SHEET} yet`);
  const built = buildCatalog({ columns: taxonomy.columns, gpus: taxonomy.gpus, studies: data.studies, models: data.models });
  for (const warning of built.warnings) {
    log.warn(`${warning.source === "studies" ? STUDIES_SHEET : MODELS_SHEET}:${warning.line}: ${warning.message}`);
  }
  for (const warning of formulaCellWarnings(built)) log.warn(`${workspacePath(workspace, outputs.catalog)}: ${warning}`);
  await writeCatalogFolder(outputs.catalog, built);
  const { models } = await writeSelectorPage(outputs.catalog, outputs.selector, workspacePath(workspace, outputs.catalog));
  const studies = new Set(data.studies.map((s) => s.studyId)).size;
  const left = problems.length ? `, ${counted(problems.length, "extraction problem")} left out (see srpipe extract)` : "";
  log.info(`wrote ${workspacePath(workspace, outputs.catalog)}/: ${counted(built.models.length, "model row")} × ${counted(built.columns.length, "category column")} from ${counted(studies, "study", "studies")}${left}`);
  log.info(`wrote ${workspacePath(workspace, outputs.selector)}: ${counted(models, "model")} to choose from`);
  return `catalog: ${counted(built.models.length, "model row")} from ${counted(studies, "study", "studies")}`;
}

export const reportStage: Stage = {
  name: "report",
  description: "compute the PRISMA 2020 flow and write the model catalog and the clinical LLM selector",
  inputs: (workspace) => [
    workspace.reviewFile,
    taxonomyPath(workspace),
    join(workspace.rawDir, "extraction"),
    join(workspace.processedDir, "import-files.csv"),
    join(workspace.processedDir, "records.csv"),
    join(workspace.processedDir, "rejects.csv"),
    join(workspace.processedDir, "dedup"),
    join(workspace.processedDir, "eligibility"),
    join(workspace.processedDir, "screening"),
    join(workspace.processedDir, "extraction"),
    // An update's list of previously included studies (review.json prisma.previous.file).
    ...[fileNamedInReview(workspace, ["prisma", "previous", "file"])].filter((p): p is string => p !== null),
  ],
  outputs: (workspace) => Object.values(reportOutputs(workspace)),
  async run(context): Promise<StageResult> {
    const prisma = await writePrismaReport(context.workspace, context.log);
    const catalog = await reportCatalog(context);
    return { summary: `${prisma.summary}; ${catalog}`, problems: prisma.problems };
  },
};
