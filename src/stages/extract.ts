/**
 * The extract stage: the studies the last screening phase included (processed/screening/
 * decisions.csv) → raw/extraction/studies.csv and models.csv, written or merged (rules in
 * src/extraction/sheet-merge.ts), then validated against the taxonomy review.json names
 * (src/extraction/validate.ts) → processed/extraction/{studies,models,problems}.csv.
 *
 * A sheet that cannot be read at all (not CSV, columns moved, not UTF-8) stops the stage before
 * anything is written. Cell problems do not: the sheets are still merged (rows appended,
 * flags grown) so the reviewer sees every row to fill, and every problem is listed. A changed
 * sheet is first copied to raw/extraction/.history/<name>.<stamp>.csv, then replaced atomically.
 */
import { join } from "node:path";
import { FileChangedError, MERGE_ATTEMPTS, replaceIfUnchanged } from "../io/atomic-write.js";
import { compactStamp, isoSecond, stampClock } from "../io/stamp-clock.js";
import { backupSheet } from "../io/sheet-backup.js";
import { counted } from "../log.js";
import {
  loadTaxonomy,
  readIncludedStudies,
  readSheetFile,
  type ExtractionData,
  type ExtractionProblem,
  type ModelRef,
} from "../extraction/extraction-data.js";
import { ExtractionSheetError, compareProblems, formatProblem } from "../extraction/extraction-problem.js";
import { formatRef } from "../extraction/model-names.js";
import { EXTRACTION_DIR, RESOLUTION_SHEET } from "../extraction/sheet-columns.js";
import { mergeModelsSheet, mergeStudiesSheet, type SheetMerge } from "../extraction/sheet-merge.js";
import { validateExtraction, type Validation } from "../extraction/validate.js";
import { doubleExtraction, type DoubleExtraction, type ExtractorSheets } from "../extraction/double-extraction.js";
import { mergeResolutionSheet, readResolutionSheet, type ResolutionMerge } from "../extraction/resolution-sheet.js";
import type { StudySet } from "../extraction/included-studies.js";
import type { TaxonomyFile } from "../protocol/extraction.js";
import { writeExtractionConflictsCsv, extractionConflictsCsv } from "../artefacts/extraction-conflicts-csv.js";
import { writeExtractionAgreementJson, extractionAgreementJson } from "../artefacts/extraction-agreement-json.js";
import { resolutionSheet } from "../artefacts/extraction-resolution-csv.js";
import {
  appendSettlementEvents,
  readSettlementLog,
  settlementsJsonl,
  type SettlementEvent,
  type SettlementLog,
} from "../artefacts/extraction-settlements-jsonl.js";
import { settlementChanges } from "../extraction/settlement-events.js";
import { extractedModelsCsv, writeExtractedModelsCsv } from "../artefacts/extraction-models-csv.js";
import { extractionProblemsCsv, writeExtractionProblemsCsv } from "../artefacts/extraction-problems-csv.js";
import { extractionFolder } from "../artefacts/extraction-folder.js";
import {
  doubleExtractors,
  extractionSheetsFolder,
  extractionSheetsOf,
  taxonomyFile,
} from "../artefacts/extraction-sheets.js";
import { extractedStudiesCsv, writeExtractedStudiesCsv } from "../artefacts/extraction-studies-csv.js";
import { reviewJson } from "../artefacts/protocol-files.js";
import { screeningDecisionsCsv } from "../artefacts/screening-decisions-csv.js";
import type { Stage, StageContext, StageResult } from "./stage.js";

export const EXTRACTION_HISTORY_DIR = `${EXTRACTION_DIR}/.history`;

export interface ExtractOptions {
  /** The time this run stamps on new rows and backups. */
  now: Date;
  /** Read, merge in memory and validate; write nothing. */
  check?: boolean;
  /** A test's seam: runs between merging a sheet and replacing it (to save it "meanwhile"). */
  beforeReplace?: (file: string) => Promise<void>;
}

export interface ExtractOutcome {
  result: StageResult;
  problems: ExtractionProblem[];
  notices: ExtractionProblem[];
}

function describeMerge(merge: SheetMerge, unit: string): string {
  const changes = [
    merge.appended > 0 ? `${counted(merge.appended, `new ${unit} row`)}` : "",
    merge.gone > 0 ? `${counted(merge.gone, "row")} of studies no longer included flagged` : "",
    merge.back > 0 ? `${counted(merge.back, "row")} of studies included again flagged` : "",
  ].filter(Boolean);
  return changes.join(", ") || (merge.created ? "header only, no rows yet" : "no change");
}

/** A sheet saved while the stage runs is kept and merged again, as in the screen stage (runScreen). */
export async function runExtract(context: StageContext, options: ExtractOptions): Promise<ExtractOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await extractOnce(context, options);
    } catch (error) {
      if (!(error instanceof FileChangedError) || attempt >= MERGE_ATTEMPTS) throw error;
      context.log.warn(`${error.file} was saved while srpipe merged it: kept that save, reading the sheets again`);
    }
  }
}

interface SheetPairMerge {
  extractor: string | null;
  files: { studies: string; models: string };
  studiesMerge: SheetMerge;
  modelsMerge: SheetMerge;
  validation: Validation;
  /** Models the studies sheet used with no row in the models sheet, before the merge added them. */
  missingModels: ModelRef[];
}

/** One pair of sheets merged and validated as the single-sheet workflow always has (the shared pair, or one extractor's). */
function mergeSheetPair(
  pair: { extractor: string | null; files: { studies: string; models: string } },
  before: { readonly [file: string]: string | null },
  studies: StudySet,
  taxonomy: TaxonomyFile,
  day: string,
): SheetPairMerge | { broken: ExtractionProblem[] } {
  const { files } = pair;
  const shared = pair.extractor === null;
  const studiesMerge = mergeStudiesSheet(before[files.studies] ?? null, studies, day, files.studies);
  const validate = (studiesText: string, modelsText: string | null) =>
    validateExtraction({ studiesText, modelsText, studies, taxonomy, ...(shared ? {} : { files }) });
  const first = validate(studiesMerge.text, before[files.models] ?? null);
  const modelsMerge = mergeModelsSheet(
    before[files.models] ?? null,
    studiesMerge.problem ? [] : first.missingModels,
    files.models,
  );
  const broken = [studiesMerge.problem, modelsMerge.problem].filter((p): p is ExtractionProblem => p !== null);
  if (broken.length > 0) return { broken };
  return {
    ...pair,
    studiesMerge,
    modelsMerge,
    validation: validate(studiesMerge.text, modelsMerge.text),
    missingModels: first.missingModels,
  };
}

async function extractOnce(context: StageContext, options: ExtractOptions): Promise<ExtractOutcome> {
  const { workspace, review, log } = context;
  if (!review.extraction) {
    log.info("skipped extract: review.json has no extraction section");
    return {
      result: { summary: "skipped (review.json has no extraction section)", problems: 0 },
      problems: [],
      notices: [],
    };
  }
  const taxonomy = await loadTaxonomy(workspace, review);
  const day = options.now.toISOString().slice(0, 10);
  const stamp = compactStamp(options.now);
  const extractors = doubleExtractors(review);
  const pairs = extractionSheetsOf(review).map((p) => ({
    extractor: p.extractor,
    files: { studies: p.studies.path, models: p.models.path },
  }));

  const { studies, problems: unreadable } = await readIncludedStudies(workspace, review);
  const before: { [file: string]: string | null } = {};
  const sheetFiles = [
    ...pairs.flatMap((p) => [p.files.studies, p.files.models]),
    ...(extractors ? [RESOLUTION_SHEET] : []),
  ];
  for (const file of sheetFiles) {
    const read = await readSheetFile(workspace, file);
    if ("problem" in read) unreadable.push(read.problem);
    else before[file] = read.text;
  }
  if (unreadable.length > 0) throw new ExtractionSheetError(unreadable);

  const merged: SheetPairMerge[] = [];
  const broken: ExtractionProblem[] = [];
  for (const pair of pairs) {
    const merge = mergeSheetPair(pair, before, studies, taxonomy, day);
    if ("broken" in merge) broken.push(...merge.broken);
    else merged.push(merge);
  }
  if (broken.length > 0) throw new ExtractionSheetError(broken);

  let data: ExtractionData;
  let problems: ExtractionProblem[];
  let notices: ExtractionProblem[];
  let waiting: number;
  let double: {
    outcome: DoubleExtraction;
    resolution: ResolutionMerge | null;
    settlements: { log: SettlementLog; events: SettlementEvent[] };
  } | null = null;
  if (extractors === null) {
    ({ data, problems, notices } = merged[0]!.validation);
    waiting = merged[0]!.validation.pendingStudies.length;
  } else {
    const read = readResolutionSheet(before[RESOLUTION_SHEET] ?? null, extractors);
    const outcome = doubleExtraction({
      sheets: [merged[0]!, merged[1]!].map((m) => ({
        extractor: m.extractor!,
        files: m.files,
        validation: m.validation,
      })) as [ExtractorSheets, ExtractorSheets],
      resolutions: read.resolutions,
      studies,
      taxonomy,
    });
    const resolution = mergeResolutionSheet(before[RESOLUTION_SHEET] ?? null, outcome.conflicts, extractors, day);
    const history = await readSettlementLog(workspace);
    // The history is evidence: a line srpipe did not write stops the stage before anything is written.
    if (history.problems.length > 0) throw new ExtractionSheetError(history.problems);
    const firstSeen = isoSecond(options.now);
    const events = settlementChanges(history.events, read.resolutions, extractors, firstSeen);
    double = { outcome, resolution, settlements: { log: history, events } };
    data = outcome.data;
    problems = [...read.problems, ...outcome.problems].sort(compareProblems);
    notices = outcome.notices;
    waiting = outcome.notStarted + outcome.pending.length;
  }

  if (!options.check) {
    const writes: [string, { text: string; created: boolean }, string][] = merged.flatMap((m) => [
      [m.files.studies, m.studiesMerge, describeMerge(m.studiesMerge, "study")] as [string, SheetMerge, string],
      [m.files.models, m.modelsMerge, describeMerge(m.modelsMerge, "model")] as [string, SheetMerge, string],
    ]);
    if (double?.resolution) writes.push([RESOLUTION_SHEET, double.resolution, describeResolution(double.resolution)]);
    for (const [file, merge, described] of writes) {
      const previous = before[file] ?? null;
      if (previous !== null && merge.text === previous) continue;
      const saved =
        previous === null ? null : await backupSheet(workspace, file, EXTRACTION_HISTORY_DIR, stamp, previous);
      const hook = options.beforeReplace;
      await replaceIfUnchanged(join(workspace.root, file), merge.text, {
        file,
        expected: previous,
        beforeReplace: hook ? () => hook(file) : undefined,
      });
      log.info(
        `${previous === null ? "created" : "updated"} ${file}: ${described}${saved ? ` (previous version in ${saved})` : ""}`,
      );
    }
    const settled = double?.settlements;
    if (settled && settled.events.length > 0) {
      const hook = options.beforeReplace;
      await appendSettlementEvents(
        workspace,
        settled.log,
        settled.events,
        hook ? () => hook(settlementsJsonl.path) : undefined,
      );
      log.info(`recorded ${counted(settled.events.length, "new or changed settlement")} in ${settlementsJsonl.path}`);
    }
    await writeExtractedStudiesCsv(workspace, data);
    await writeExtractedModelsCsv(workspace, data);
    await writeExtractionProblemsCsv(workspace, problems, notices);
    if (double && extractors) {
      await writeExtractionConflictsCsv(workspace, double.outcome.conflicts);
      await writeExtractionAgreementJson(workspace, extractors, double.outcome);
    }
  }
  for (const m of merged) {
    if (m.missingModels.length === 0) continue;
    log.warn(
      `${m.files.models}: ${counted(m.missingModels.length, "model")} used in ${m.files.studies} had no row` +
        `${options.check ? "" : ' and got one flagged "used in studies.csv, fill in"'}: ${m.missingModels.map(formatRef).join("; ")}`,
    );
  }
  for (const notice of notices) log.detail(`notice: ${formatProblem(notice)}`);

  const summary = double
    ? doubleSummary(studies.included.length, data, problems, notices, double.outcome)
    : `${counted(studies.included.length, "included study", "included studies")}: ` +
      `${(studies.included.length - waiting).toLocaleString("en")} extracted ` +
      `(${counted(data.studies.length, "valid row")}), ${waiting.toLocaleString("en")} waiting; ` +
      `${counted(data.models.length, "model")}; ${counted(problems.length, "problem")}` +
      (notices.length > 0 ? `, ${counted(notices.length, "new input/output combination")}` : "");
  log.info(`${options.check ? "checked" : "extracted"}: ${summary}`);
  if (double) {
    for (const item of double.outcome.pending)
      log.detail(`pending: ${item.sheet === "studies" ? "study" : "model"} ${item.item}: ${item.reason}`);
  }
  return {
    result: { summary, problems: problems.length, pending: waiting },
    problems,
    notices,
  };
}

function describeResolution(merge: ResolutionMerge): string {
  const changes = [
    merge.appended > 0 ? counted(merge.appended, "new conflict") : "",
    merge.flagged > 0 ? `${counted(merge.flagged, "row")} flagged` : "",
  ].filter(Boolean);
  return changes.join(", ") || "no change";
}

/** The double extraction's line: what is settled, what waits and why, so `status` and `run` say what is pending. */
function doubleSummary(
  included: number,
  data: ExtractionData,
  problems: readonly ExtractionProblem[],
  notices: readonly ExtractionProblem[],
  outcome: DoubleExtraction,
): string {
  const settled = new Set(data.studies.map((s) => s.studyId)).size;
  const pendingStudies = outcome.pending.filter((p) => p.sheet === "studies").length;
  const pendingModels = outcome.pending.length - pendingStudies;
  const open = outcome.conflicts.filter((c) => c.final === null).length;
  return (
    `${counted(included, "included study", "included studies")}, extracted twice: ${settled.toLocaleString("en")} settled ` +
    `(${counted(data.studies.length, "valid row")}), ${pendingStudies.toLocaleString("en")} pending, ` +
    `${outcome.notStarted.toLocaleString("en")} not started; ${counted(data.models.length, "model")}` +
    `${pendingModels > 0 ? ` (${pendingModels.toLocaleString("en")} pending)` : ""}; ` +
    `${counted(outcome.conflicts.length, "conflicting cell")} (${open.toLocaleString("en")} not settled); ` +
    `${counted(problems.length, "problem")}` +
    (notices.length > 0 ? `, ${counted(notices.length, "new input/output combination")}` : "")
  );
}

export const extractStage: Stage = {
  name: "extract",
  description: `write or merge the extraction sheets in ${extractionSheetsFolder.path}/ and validate them against the taxonomy into ${extractionFolder.path}/`,
  inputs: ({ workspace, review }) => [
    reviewJson,
    screeningDecisionsCsv,
    taxonomyFile(workspace, review),
    ...extractionSheetsOf(review).flatMap((pair) => [pair.studies, pair.models]),
    ...(doubleExtractors(review) ? [resolutionSheet, settlementsJsonl] : []),
  ],
  outputs: ({ review }) => [
    extractedStudiesCsv,
    extractedModelsCsv,
    extractionProblemsCsv,
    ...(doubleExtractors(review) ? [extractionConflictsCsv, extractionAgreementJson] : []),
  ],
  async run(context) {
    const outcome = await runExtract(context, { now: stampClock() });
    const shown = 50;
    for (const problem of outcome.problems.slice(0, shown)) context.log.error(formatProblem(problem));
    if (outcome.problems.length > shown)
      context.log.error(`… and ${outcome.problems.length - shown} more in ${extractionProblemsCsv.path}`);
    return outcome.result;
  },
};
