/**
 * processed/prisma/ from the workspace: read the earlier stages' tables, count, check the
 * arithmetic, and only then write (each file atomically):
 *   prisma.json       every count, the PRISMA box it fills, and the list behind it
 *   lists/*.csv       those lists, one per box
 *   prisma2020.csv    the counts in the PRISMA2020 R package / Shiny app input format
 *   prisma.svg        the PRISMA 2020 flow diagram
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic-write.js";
import { spreadsheetCsvDocument } from "../io/csv-write.js";
import { counted, startProgress, type Logger } from "../log.js";
import { artefactPath } from "../artefacts/artefact.js";
import {
  prisma2020CsvFile,
  prismaFolder,
  prismaJsonFile,
  prismaListsFolder,
  prismaSvgFile,
} from "../artefacts/prisma-folder.js";
import { rejectsCsv } from "../artefacts/rejects-csv.js";
import type { Query, Review } from "../protocol.js";
import type { Workspace } from "../workspace.js";
import { checkArithmetic } from "./arithmetic.js";
import { countPrisma, type PrismaCounts } from "./count.js";
import { flowFromCounts } from "./flow.js";
import { prisma2020Csv } from "./prisma2020-csv.js";
import { prismaJson } from "./prisma-json.js";
import { PROCESSED_TABLES_READ, readProcessed } from "./read-processed.js";
import { renderSvg } from "./svg.js";
import { processedFolder } from "../artefacts/processed-folder.js";

const PRISMA_DIR = prismaFolder.path;

const PRISMA_FILES = {
  json: prismaJsonFile.path,
  csv: prisma2020CsvFile.path,
  svg: prismaSvgFile.path,
  lists: prismaListsFolder.path,
} as const;

const n = (value: number): string => value.toLocaleString("en");

export function prismaSummary(counts: PrismaCounts): string {
  if (counts.phases.length === 0) {
    const waiting = counts.branches.map((b) => `${b.id} ${n(b.notScreened?.n ?? 0)}`).join(", ");
    return (
      `${n(counts.identified.n)} identified, ${n(counts.duplicates.n)} duplicates, ${n(counts.automation.n)} ineligible by automation, ` +
      `${n(counts.other.n)} removed for other reasons; not screened ${waiting} (review.json has no screening phases): no study included yet`
    );
  }
  const screened = counts.branches.map((b) => `${b.id} ${n(b.phases[0]?.entered.n ?? 0)}`).join(", ");
  return (
    `${n(counts.identified.n)} identified, ${n(counts.duplicates.n)} duplicates, ${n(counts.automation.n)} ineligible by automation, ` +
    `${n(counts.other.n)} removed for other reasons, screened ${screened}; ${counted(counts.included.studies, "study", "studies")} included ` +
    `(${counted(counts.included.reports.n, "report")})`
  );
}

export async function writePrismaReport(context: {
  workspace: Workspace;
  review: Review;
  queries: readonly Query[];
  log: Logger;
}): Promise<{ summary: string; problems: number; files: string[] }> {
  const { workspace, review, queries, log } = context;
  const progress = startProgress(log, `reading ${processedFolder.path}/ for PRISMA`, "table", PROCESSED_TABLES_READ);
  const { inputs, rejected } = await readProcessed(workspace, review, (done) => progress.update(done));
  progress.end();
  const { counts, lists } = countPrisma({ ...inputs, queries });
  checkArithmetic(counts, `${processedFolder.path}/`);

  const files: string[] = [];
  const write = async (file: string, text: string) => {
    await writeFileAtomic(join(workspace.root, file), text);
    files.push(file);
  };
  const listNames = [...lists.keys()].sort();
  for (const name of listNames) {
    const list = lists.get(name)!;
    await write(`${PRISMA_DIR}/${name}`, spreadsheetCsvDocument(list.header, list.rows));
  }
  // Lists of a previous run that this one no longer has (a phase or branch renamed) would mislead.
  const wanted = new Set(listNames.map((name) => name.replace(/^lists\//, "")));
  for (const entry of await readdir(artefactPath(workspace, prismaListsFolder))) {
    if (entry.endsWith(".csv") && !wanted.has(entry)) await rm(join(artefactPath(workspace, prismaListsFolder), entry));
  }
  await write(PRISMA_FILES.json, prismaJson(counts, rejected));
  await write(PRISMA_FILES.csv, prisma2020Csv(counts));
  await write(PRISMA_FILES.svg, renderSvg(flowFromCounts(counts), `PRISMA 2020 flow diagram: ${inputs.review.title}`));

  const awaiting = counts.branches.reduce((s, b) => s + b.phases.reduce((t, p) => t + p.awaiting.n, 0), 0);
  if (awaiting > 0)
    log.warn(
      `awaiting a screening decision: ${counted(awaiting, "record")}; the PRISMA numbers are provisional until they are decided`,
    );
  if (counts.phases.length === 0) {
    log.warn(
      'review.json has no screening phases: no record has been screened and none is counted as included (add a "screening" section to screen them)',
    );
  }
  if (rejected > 0)
    log.info(
      `note: ${counted(rejected, "record")} in ${rejectsCsv.path} could not be imported and ${rejected === 1 ? "is" : "are"} not counted as identified`,
    );
  const summary = prismaSummary(counts);
  log.info(`wrote ${PRISMA_DIR}/: ${summary}`);
  return { summary, problems: 0, files };
}
