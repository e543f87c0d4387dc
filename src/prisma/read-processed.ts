/**
 * The I/O edge of the PRISMA report: reads the tables the earlier stages wrote under
 * processed/ (only the columns counting needs) and the previous version's list of an update.
 */
import { z } from "zod";
import { artefactPath, fileArtefact, type Artefact } from "../artefacts/artefact.js";
import { ClustersRowSchema, clustersCsv } from "../artefacts/dedup-clusters-csv.js";
import { readImportFileStrings } from "../artefacts/import-files-csv.js";
import { ExcludedRowSchema, excludedCsv } from "../artefacts/eligibility-excluded-csv.js";
import { KeptRowSchema, keptCsv } from "../artefacts/eligibility-kept-csv.js";
import { RecordsRowSchema, recordsCsv } from "../artefacts/records-csv.js";
import { prismaListsFolder } from "../artefacts/prisma-folder.js";
import { countRejects } from "../artefacts/rejects-csv.js";
import { DecisionsRowSchema, screeningDecisionsCsv } from "../artefacts/screening-decisions-csv.js";
import { InputError } from "../errors.js";
import { csvHeaderOf, validateCsvRow } from "../io/csv-rows.js";
import { readCsvTable, type CsvTable } from "../io/csv-table.js";
import { pathExists } from "../io/list-files.js";
import { reviewNamedPath } from "../io/workspace-path.js";
import type { Review } from "../protocol.js";
import type { Workspace } from "../workspace.js";
import { fulltextFolder, listSavedFulltexts } from "../artefacts/fulltext-folder.js";
import { lastTried, readFulltextAttempts } from "../artefacts/fulltext-attempts-csv.js";
import type {
  ClusterRow,
  DecisionRow,
  EligibilityRow,
  FulltextAvailability,
  PreviousStudies,
  PrismaInputs,
  RecordRow,
} from "./count.js";

/** The artefacts PRISMA counts from (the report stage lists them among its inputs). */
export const PRISMA_INPUTS = {
  records: recordsCsv,
  clusters: clustersCsv,
  kept: keptCsv,
  excluded: excludedCsv,
  decisions: screeningDecisionsCsv,
} as const;

/**
 * The table with at least the columns of `schema` (the file's row schema narrowed to what counting
 * needs), each row's cells there validated by it; other columns are read but not checked.
 */
async function readTable(
  workspace: Workspace,
  artefact: Artefact,
  schema: z.ZodObject,
  madeBy: string,
): Promise<CsvTable> {
  const file = artefact.path;
  const columns = csvHeaderOf(schema);
  const expected = `a table with the columns ${columns.join(", ")}`;
  const read = await readCsvTable(artefactPath(workspace, artefact), file, expected, madeBy);
  const missing = columns.filter((c) => !read.header.includes(c));
  if (missing.length > 0) {
    throw new InputError({
      file,
      line: 1,
      expected: `${expected} (run \`${madeBy}\` again)`,
      got: `no column ${missing.map((m) => `"${m}"`).join(", ")}`,
    });
  }
  for (const row of read.rows) validateCsvRow(schema, row, file, read.header);
  return read;
}

const cell = (cells: { [column: string]: string }, column: string): string => cells[column] ?? "";

function eligibilityRows(read: CsvTable): EligibilityRow[] {
  return read.rows.map(({ cells }) => ({
    clusterId: cell(cells, "cluster_id"),
    studyId: cell(cells, "study_id") || cell(cells, "cluster_id"),
    key: cell(cells, "key"),
    branch: cell(cells, "branch"),
    reason: cells.reason === undefined ? null : cells.reason,
    doi: cell(cells, "doi"),
    title: cell(cells, "title"),
  }));
}

async function readPrevious(workspace: Workspace, review: Review): Promise<PreviousStudies | null> {
  const previous = review.prisma?.previous;
  if (previous === undefined) return null;
  if ("studies" in previous) {
    return {
      studies: previous.studies,
      reports: previous.reports ?? previous.studies,
      studyIds: null,
      clusterIds: null,
      source: "review.json prisma.previous",
    };
  }
  await reviewNamedPath(workspace.root, previous.file, { file: "review.json", field: "prisma.previous.file" });
  const read = await readTable(
    workspace,
    fileArtefact(previous.file, "reviewer"),
    z.object({ study_id: z.string() }),
    `copy the previous version's ${prismaListsFolder.path}/included.csv there`,
  );
  const studyIds = new Set(read.rows.map((r) => cell(r.cells, "study_id")).filter(Boolean));
  const clusterIds = read.header.includes("cluster_id")
    ? new Set(read.rows.map((r) => cell(r.cells, "cluster_id")).filter(Boolean))
    : null;
  return {
    studies: studyIds.size,
    reports: clusterIds?.size ?? read.rows.length,
    studyIds,
    clusterIds,
    source: previous.file,
  };
}

/** raw/fulltext/ as PRISMA counts it; null when `srpipe fulltext` has never run there (no folder). */
async function readFulltextAvailability(workspace: Workspace): Promise<FulltextAvailability | null> {
  if (!(await pathExists(artefactPath(workspace, fulltextFolder)))) return null;
  const files = new Map<string, string>();
  for (const [study, saved] of await listSavedFulltexts(workspace)) files.set(study, saved[0]!.file);
  const attempts = await readFulltextAttempts(workspace);
  const tried = new Map<string, string>();
  for (const study of new Set(attempts.map((a) => a.study))) tried.set(study, lastTried(attempts, study));
  return { files, tried };
}

export interface ProcessedTables {
  inputs: PrismaInputs;
  /** Rows of processed/rejects.csv: what the importer could not read (not counted as identified). */
  rejected: number;
}

/** The tables PRISMA counts from, in the order readProcessed reads them (for progress). */
export const PROCESSED_TABLES_READ = 6;

/** `onTableRead(done)` is told each table read: processed/records.csv alone can hold 60,000 rows. */
export async function readProcessed(
  workspace: Workspace,
  review: Review,
  onTableRead?: (done: number) => void,
): Promise<ProcessedTables> {
  let done = 0;
  const table = async (...args: Parameters<typeof readTable>) => {
    const read = await readTable(...args);
    onTableRead?.(++done);
    return read;
  };
  const stringOfFile = await readImportFileStrings(workspace);
  const records: RecordRow[] = (
    await table(
      workspace,
      PRISMA_INPUTS.records,
      RecordsRowSchema.pick({ key: true, database: true, query_id: true, file: true }),
      "srpipe import",
    )
  ).rows.map(({ cells }) => ({
    key: cell(cells, "key"),
    database: cell(cells, "database"),
    queryId: cell(cells, "query_id"),
    stringId: stringOfFile.get(cell(cells, "file")) ?? null,
    file: cell(cells, "file"),
  }));
  const clusters: ClusterRow[] = (
    await table(
      workspace,
      PRISMA_INPUTS.clusters,
      ClustersRowSchema.pick({ record_id: true, cluster_id: true, key: true, kept: true }),
      "srpipe dedupe",
    )
  ).rows.map(({ cells }) => ({
    recordId: cell(cells, "record_id"),
    clusterId: cell(cells, "cluster_id"),
    key: cell(cells, "key"),
    kept: cell(cells, "kept") === "yes",
  }));
  const eligibilityColumns = {
    cluster_id: true,
    study_id: true,
    key: true,
    branch: true,
    doi: true,
    title: true,
  } as const;
  const kept = eligibilityRows(
    await table(workspace, PRISMA_INPUTS.kept, KeptRowSchema.pick(eligibilityColumns), "srpipe eligibility"),
  );
  const excluded = eligibilityRows(
    await table(
      workspace,
      PRISMA_INPUTS.excluded,
      ExcludedRowSchema.pick({ ...eligibilityColumns, reason: true }),
      "srpipe eligibility",
    ),
  );
  let decisions: DecisionRow[] | null = null;
  if (await pathExists(artefactPath(workspace, PRISMA_INPUTS.decisions))) {
    const read = await table(
      workspace,
      PRISMA_INPUTS.decisions,
      DecisionsRowSchema.pick({
        phase: true,
        cluster_id: true,
        study_id: true,
        branch: true,
        decision: true,
        reason: true,
        status: true,
      }),
      "srpipe screen",
    );
    decisions = read.rows.map(({ cells }) => ({
      phase: cell(cells, "phase"),
      clusterId: cell(cells, "cluster_id"),
      studyId: cell(cells, "study_id"),
      branch: cell(cells, "branch"),
      decision: cell(cells, "decision"),
      reason: cell(cells, "reason"),
      status: cell(cells, "status"),
    }));
  }
  const rejected = await countRejects(workspace);
  onTableRead?.(PROCESSED_TABLES_READ);
  return {
    inputs: {
      review,
      records,
      clusters,
      kept,
      excluded,
      decisions,
      previous: await readPrevious(workspace, review),
      fulltext: await readFulltextAvailability(workspace),
    },
    rejected,
  };
}
