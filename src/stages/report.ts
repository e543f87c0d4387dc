/**
 * The report stage: what the review publishes, computed from processed/ and the extraction sheets.
 *   processed/catalog/   the model catalog from the valid extraction rows (src/catalog/build.ts):
 *                        tidy catalog.csv, models.csv, evidence.csv, the published wide files, stats
 *   processed/selector/  the clinical LLM selector page generated from that catalog
 *   processed/prisma/    PRISMA 2020 counts, the lists behind them, prisma2020.csv and the diagram
 * Rows the extract stage found problems in are left out of the catalog (that stage reports them);
 * the report never guesses a value.
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { buildCatalog, writeCatalogFolder } from "../catalog/build.js";
import { loadTaxonomy, readExtraction } from "../extraction/extraction-data.js";
import { STUDIES_SHEET, MODELS_SHEET } from "../extraction/sheet-columns.js";
import { pathExists } from "../io/list-files.js";
import { writePrismaReport } from "../prisma/report.js";
import { counted } from "../log.js";
import { loadReview } from "../protocol.js";
import { writeSelectorPage } from "../selector/page.js";
import { workspacePath, type Workspace } from "../workspace.js";
import { taxonomyPath } from "./extract.js";
import type { Stage, StageContext, StageResult } from "./stage.js";

export function reportOutputs(workspace: Workspace) {
  return {
    catalog: join(workspace.processedDir, "catalog"),
    selector: join(workspace.processedDir, "selector", "index.html"),
    prisma: join(workspace.processedDir, "prisma"),
  };
}

async function reportCatalog(context: StageContext): Promise<{ line: string; problems: number }> {
  const { workspace, log } = context;
  const outputs = reportOutputs(workspace);
  const sheets = [STUDIES_SHEET, MODELS_SHEET].map((f) => join(workspace.root, f));
  if (!(await pathExists(sheets[0] ?? ""))) {
    return { line: `no catalog yet (${STUDIES_SHEET} does not exist: run \`srpipe extract\`)`, problems: 0 };
  }
  const review = await loadReview(workspace.reviewFile);
  if (!review.extraction) return { line: "no catalog (review.json has no extraction section)", problems: 0 };
  const taxonomy = await loadTaxonomy(workspace, review);
  const { data, problems } = await readExtraction(workspace, taxonomy);
  if (data.studies.length === 0) {
    // No catalog is the truth here; one left from an earlier run would be stale.
    await rm(outputs.catalog, { recursive: true, force: true });
    await rm(outputs.selector, { force: true });
    return { line: `no catalog yet (no valid row in ${STUDIES_SHEET})`, problems: 0 };
  }
  const built = buildCatalog({ columns: taxonomy.columns, gpus: taxonomy.gpus, studies: data.studies, models: data.models });
  for (const warning of built.warnings) {
    log.warn(`${warning.source === "studies" ? STUDIES_SHEET : MODELS_SHEET}:${warning.line}: ${warning.message}`);
  }
  await writeCatalogFolder(outputs.catalog, built);
  const { models } = await writeSelectorPage(outputs.catalog, outputs.selector, workspacePath(workspace, outputs.catalog));
  const studies = new Set(data.studies.map((s) => s.studyId)).size;
  const left = problems.length ? `, ${counted(problems.length, "extraction problem")} left out (see srpipe extract)` : "";
  log.info(`wrote ${workspacePath(workspace, outputs.catalog)}/: ${counted(built.models.length, "model row")} × ${counted(built.columns.length, "category column")} from ${counted(studies, "study", "studies")}${left}`);
  log.info(`wrote ${workspacePath(workspace, outputs.selector)}: ${counted(models, "model")} to choose from`);
  return { line: `catalog: ${counted(built.models.length, "model row")} from ${counted(studies, "study", "studies")}`, problems: 0 };
}

/** The previous review's included list review.json names for an update, if any (for the fingerprint). */
function previousIncludedPath(workspace: Workspace): string[] {
  try {
    const review = JSON.parse(readFileSync(workspace.reviewFile, "utf8").replace(/^\uFEFF/, "")) as { prisma?: { previous?: { file?: unknown } } };
    const file = review.prisma?.previous?.file;
    return typeof file === "string" && file !== "" ? [resolve(workspace.root, file)] : [];
  } catch {
    return []; // an unreadable review.json fails the stage itself, with a located message
  }
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
    ...previousIncludedPath(workspace),
  ],
  outputs: (workspace) => Object.values(reportOutputs(workspace)),
  async run(context): Promise<StageResult> {
    const prisma = await writePrismaReport(context.workspace, context.log);
    const catalog = await reportCatalog(context);
    return { summary: `${prisma.summary}; ${catalog.line}`, problems: prisma.problems + catalog.problems };
  },
};
