/**
 * The screen stage: processed/eligibility/kept.csv → one sheet per reviewer per phase in
 * raw/screening/ (written or merged; the rules are in src/screening/sheet-merge.ts), then the
 * sheets → processed/screening/{decisions,conflicts,sheets}.csv and agreement.json, and every
 * new or changed decision appended to raw/screening/decisions.jsonl.
 *
 * Nothing is written while any sheet has a problem: all problems are reported at once.
 * A sheet that changes is first copied to raw/screening/.history/<name>.<stamp>.csv, then
 * replaced atomically.
 */
import { fulltextFolder, listSavedFulltexts } from "../artefacts/fulltext-folder.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ProtocolError, SrpipeError, formatLocated } from "../errors.js";
import { FileChangedError, MERGE_ATTEMPTS, replaceIfUnchanged, writeFileAtomic } from "../io/atomic-write.js";
import { compactStamp, isoSecond, stampClock } from "../io/stamp-clock.js";
import { backupSheet } from "../io/sheet-backup.js";
import { decodeUtf8, NOT_UTF8 } from "../io/utf8.js";
import { counted } from "../log.js";
import { CRITERIA_FILE, criteriaText } from "../screening/criteria-text.js";
import { DecisionHistory, parseDecisionEvents, type DecisionEvent } from "../screening/decision-events.js";
import { withEventsAppended } from "../io/event-log.js";
import { stoppingReport, type ReviewerStopping } from "../screening/stopping-report.js";
import { stoppingOptionsOf } from "../screening/stopping.js";
import type { ScoredItem } from "../screening/prioritise.js";
import {
  screeningStoppingJson,
  stoppingJson,
  stoppingLines,
  writeScreeningStoppingJson,
} from "../artefacts/screening-stopping-json.js";
import { SCREENING_DIR, screenPhase, sheetFile, type PhaseOutcome } from "../screening/phase.js";
import { sheetProgress, type SheetProgress } from "../screening/processed-tables.js";
import { compareScreeningRecords, screeningRecord, type ScreeningRecord } from "../screening/screening-record.js";
import { RESOLUTION, phaseReviewers, type ScreeningConfig } from "../protocol/screening.js";
import { ScreeningSheetError, type SheetProblem } from "../screening/sheet-problem.js";
import { isBlankRow, parseSheetText, SheetTextError } from "../io/sheet-text.js";
import { UNIQUE_CSV_HEADER, UNIQUE_REQUIRED_COLUMNS, rowToUniqueRecord } from "../unique-csv.js";
import type { Workspace } from "../workspace.js";
import { artefactPath } from "../artefacts/artefact.js";
import { keptCsv } from "../artefacts/eligibility-kept-csv.js";
import { reviewJson } from "../artefacts/protocol-files.js";
import { screeningAgreementJson, writeScreeningAgreementJson } from "../artefacts/screening-agreement-json.js";
import { screeningConflictsCsv, writeScreeningConflictsCsv } from "../artefacts/screening-conflicts-csv.js";
import { screeningDecisionsCsv, writeScreeningDecisionsCsv } from "../artefacts/screening-decisions-csv.js";
import { screeningFolder, screeningSheetsFolder } from "../artefacts/screening-folder.js";
import { screeningSheetsCsv, writeScreeningSheetsCsv } from "../artefacts/screening-sheets-csv.js";
import type { Stage, StageContext, StageResult } from "./stage.js";
import { readReviewerFile } from "../io/workspace-path.js";

const KEPT_CSV = keptCsv.path;
export const DECISIONS_JSONL = `${SCREENING_DIR}/decisions.jsonl`;
export const HISTORY_DIR = `${SCREENING_DIR}/.history`;

export interface ScreenOptions {
  /** The time this run stamps on new rows, backups and decision events. */
  now: Date;
  /** Read and validate every sheet, report, write nothing. */
  check?: boolean;
  /** A test's seam: runs between merging a raw/ file and replacing it (to save it "meanwhile"). */
  beforeReplace?: (file: string) => Promise<void>;
  /**
   * Cells typed into a sheet's text as read from disk, before the merge: how the screening app
   * (src/screening/app/) writes a decision through this same merge, backup and decision event.
   * Called again on every retry, so it always types into the latest save.
   */
  edit?: (file: string, text: string) => string;
  /** A relevance order already computed per sheet file (the app's), instead of learning one during the run. */
  ranking?: (file: string) => readonly ScoredItem[] | "keep" | null;
  /** Told every phase's outcome and stopping estimate once the sheets are written (or checked): the app's view. */
  merged?: (view: ScreenView) => void;
}

export interface ScreenView {
  outcomes: readonly PhaseOutcome[];
  stopping: readonly ReviewerStopping[];
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The text of a file that must be UTF-8, or a problem at the line of the first byte that is not. */
function utf8(bytes: Buffer, file: string): { text: string } | { problem: SheetProblem } {
  const decoded = decodeUtf8(bytes);
  if ("text" in decoded) return decoded;
  return {
    problem: {
      file,
      line: decoded.badLine,
      ...NOT_UTF8,
    },
  };
}

function inputError(file: string, line: number | undefined, message: string): SrpipeError {
  return new SrpipeError("input", formatLocated({ file, line }, message), { file, line });
}

/** kept.csv: unique.csv columns, then `branch` first among the eligibility columns. */
export async function readKept(workspace: Workspace): Promise<ScreeningRecord[]> {
  const bytes = await readIfExists(artefactPath(workspace, keptCsv));
  if (bytes === null)
    throw inputError(
      KEPT_CSV,
      undefined,
      "expected the records eligibility kept, got no such file (run `srpipe eligibility` first)",
    );
  const decoded = utf8(bytes, KEPT_CSV);
  if ("problem" in decoded) throw new ScreeningSheetError([decoded.problem]);
  let rows;
  try {
    rows = parseSheetText(decoded.text).rows;
  } catch (error) {
    if (error instanceof SheetTextError)
      throw inputError(KEPT_CSV, error.line, `expected ${error.expected}, got ${error.got}`);
    throw error;
  }
  const header = rows[0]?.cells ?? [];
  // `branch` is the first column after unique.csv's own (whose provenance columns are optional).
  const branchAt = header.indexOf("branch");
  const required = UNIQUE_REQUIRED_COLUMNS;
  const before = header.slice(0, Math.max(branchAt, 0));
  if (
    branchAt < 0 ||
    required.some((name) => !before.includes(name)) ||
    before.some((name) => !(UNIQUE_CSV_HEADER as readonly string[]).includes(name))
  ) {
    throw inputError(
      KEPT_CSV,
      1,
      `expected the unique.csv columns followed by "branch", got ${header.slice(0, 3).join(", ")}… (${header.length} columns${branchAt < 0 ? ', no "branch"' : ""})`,
    );
  }
  const records: ScreeningRecord[] = [];
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue;
    const object = Object.fromEntries(header.map((name, i) => [name, row.cells[i] ?? ""]));
    let unique;
    try {
      unique = rowToUniqueRecord(object);
    } catch (error) {
      throw inputError(KEPT_CSV, row.line, (error as Error).message);
    }
    const branch = (row.cells[branchAt] ?? "").trim();
    if (branch === "")
      throw inputError(KEPT_CSV, row.line, "branch: expected an eligibility branch, got an empty cell");
    records.push(screeningRecord(unique, branch));
  }
  return records.sort(compareScreeningRecords);
}

function checkBranches(
  config: ScreeningConfig,
  index: number,
  records: readonly ScreeningRecord[],
  reviewFile: string,
): void {
  const phase = config.phases[index]!;
  if (!phase.criteria) return;
  const listed = Object.keys(phase.criteria);
  const counts = new Map<string, number>();
  for (const r of records) if (!listed.includes(r.branch)) counts.set(r.branch, (counts.get(r.branch) ?? 0) + 1);
  const [branch, n] = [...counts].sort(([x], [y]) => (x < y ? -1 : 1))[0] ?? [];
  if (branch !== undefined) {
    throw new ProtocolError(
      { file: reviewFile, field: `screening.phases.${index}.criteria` },
      `expected criteria for branch "${branch}" (${counted(n!, "record")} of ${KEPT_CSV} ${n === 1 ? "is" : "are"} in it), got criteria for ${listed.join(", ")}`,
    );
  }
}

function phaseSummary(outcome: PhaseOutcome, progress: readonly SheetProgress[]): string {
  const finals = [...outcome.finals.values()];
  const count = (d: string) => finals.filter((f) => f.decision === d).length;
  const waiting = progress
    .filter((p) => p.phase === outcome.phase.id && p.reviewer !== RESOLUTION)
    .map((p) => `${p.reviewer} ${p.waiting.toLocaleString("en")}`);
  const conflicts = finals.filter((f) => f.conflict !== null && f.status !== "resolved").length;
  return (
    `${outcome.phase.id}: ${counted(finals.length, "record")}, ${count("include").toLocaleString("en")} included, ` +
    `${count("exclude").toLocaleString("en")} excluded, ${count("pending").toLocaleString("en")} pending; ` +
    `waiting: ${waiting.join(", ") || "none"}; ${counted(conflicts, "conflict")} to resolve`
  );
}

/**
 * A sheet a reviewer saves while the stage runs is never overwritten: the stage replaces a raw/
 * file only when it still holds what was read (src/io/atomic-write.ts replaceIfUnchanged), and
 * otherwise reads every sheet again and merges again. Files already written are then unchanged
 * by the second merge, so nothing is done twice.
 */
export async function runScreen(context: StageContext, options: ScreenOptions): Promise<StageResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await screenOnce(context, options);
    } catch (error) {
      if (!(error instanceof FileChangedError) || attempt >= MERGE_ATTEMPTS) throw error;
      context.log.warn(`${error.file} was saved while srpipe merged it: kept that save, reading the sheets again`);
    }
  }
}

async function screenOnce(context: StageContext, options: ScreenOptions): Promise<StageResult> {
  const { workspace, review, log } = context;
  const config = review.screening;
  if (!config) {
    log.info("skipped screen: review.json has no screening section");
    return { summary: "skipped (review.json has no screening section)", problems: 0 };
  }
  const iso = isoSecond(options.now);
  const day = iso.slice(0, 10);
  const problems: SheetProblem[] = [];

  const eventsBytes = await readReviewerFile(workspace.root, join(workspace.root, DECISIONS_JSONL), DECISIONS_JSONL);
  let history = new DecisionHistory([]);
  let recorded: readonly DecisionEvent[] = [];
  if (eventsBytes !== null) {
    const decoded = utf8(eventsBytes, DECISIONS_JSONL);
    if ("problem" in decoded) problems.push(decoded.problem);
    else {
      const parsed = parseDecisionEvents(decoded.text, DECISIONS_JSONL);
      problems.push(...parsed.problems);
      history = new DecisionHistory(parsed.events);
      recorded = parsed.events;
    }
  }

  const kept = await readKept(workspace);
  const fullTexts = config.phases.length > 1 ? await listSavedFulltexts(workspace) : new Map();
  const outcomes: PhaseOutcome[] = [];
  // What each sheet held on disk: what a write must find unchanged, and what a backup keeps.
  const onDisk = new Map<string, string>();
  let records: readonly ScreeningRecord[] = kept;
  for (const [index, phase] of config.phases.entries()) {
    checkBranches(config, index, records, reviewJson.path);
    if (index > 0)
      records = records.map((r) => {
        const file = fullTexts.get(r.unique.clusterId)?.[0]?.file;
        return file ? { ...r, fullText: file } : r;
      });
    const files = [...phaseReviewers(config, phase), RESOLUTION].map((reviewer) => sheetFile(phase.id, reviewer));
    const sheets = new Map<string, string | null>();
    for (const file of files) {
      const bytes = await readReviewerFile(workspace.root, join(workspace.root, file), file);
      if (bytes === null) {
        sheets.set(file, null);
        continue;
      }
      const decoded = utf8(bytes, file);
      if ("problem" in decoded) {
        problems.push(decoded.problem);
        sheets.set(file, null);
      } else {
        onDisk.set(file, decoded.text);
        sheets.set(file, options.edit ? options.edit(file, decoded.text) : decoded.text);
      }
    }
    const outcome = screenPhase({
      config,
      phase,
      records,
      sheets,
      history,
      stamp: day,
      log,
      fullText: index > 0,
      ...(options.ranking ? { ranking: options.ranking } : {}),
    });
    problems.push(...outcome.problems);
    outcomes.push(outcome);
    records = records.filter((r) => outcome.finals.get(r.unique.clusterId)?.decision === "include");
  }
  if (problems.length > 0) throw new ScreeningSheetError(problems);

  const events = history.changes(
    outcomes.flatMap((o) => o.reads),
    iso,
  );
  const progress = sheetProgress(outcomes);
  const stoppingOptions = stoppingOptionsOf(config);
  const stopping = stoppingReport(outcomes, [...recorded, ...events], stoppingOptions);

  const hookFor = (file: string) => (options.beforeReplace ? () => options.beforeReplace!(file) : undefined);
  if (!options.check) {
    for (const sheet of outcomes.flatMap((o) => o.sheets)) {
      const { merge } = sheet;
      const before = onDisk.get(sheet.file) ?? null;
      if (merge.text === before || (before === null && merge.rows.length === 0)) continue;
      const saved =
        before === null
          ? null
          : await backupSheet(workspace, sheet.file, HISTORY_DIR, compactStamp(options.now), before);
      await replaceIfUnchanged(join(workspace.root, sheet.file), merge.text, {
        file: sheet.file,
        expected: before,
        beforeReplace: hookFor(sheet.file),
      });
      const changes = [
        merge.appended > 0
          ? `${counted(merge.appended, "new row")}${merge.carried ? ` (${merge.carried.toLocaleString("en")} carried over)` : ""}`
          : "",
        merge.gone > 0 ? `${counted(merge.gone, "row")} flagged gone` : "",
        merge.back > 0 ? `${counted(merge.back, "row")} flagged back` : "",
      ].filter(Boolean);
      log.info(
        `${before === null ? "created" : "updated"} ${sheet.file}: ${changes.join(", ") || "no change"}${saved ? ` (previous version in ${saved})` : ""}`,
      );
      if (merge.restored > 0)
        log.warn(
          `${sheet.file}: ${counted(merge.restored, "decision")} restored from ${DECISIONS_JSONL} for rows that were missing from the sheet`,
        );
    }
    if (events.length > 0) {
      await replaceIfUnchanged(join(workspace.root, DECISIONS_JSONL), withEventsAppended(eventsBytes, events), {
        file: DECISIONS_JSONL,
        expected: eventsBytes,
        beforeReplace: hookFor(DECISIONS_JSONL),
      });
      log.info(`recorded ${counted(events.length, "new or changed decision")} in ${DECISIONS_JSONL}`);
    }
    const criteria = criteriaText(config);
    const criteriaPath = join(workspace.root, CRITERIA_FILE);
    if ((await readIfExists(criteriaPath))?.toString("utf8") !== criteria) {
      await writeFileAtomic(criteriaPath, criteria);
      log.info(`wrote ${CRITERIA_FILE}: the decisions, reasons and criteria reviewers may type`);
    }
    await writeScreeningDecisionsCsv(workspace, outcomes);
    await writeScreeningConflictsCsv(workspace, outcomes);
    await writeScreeningAgreementJson(workspace, config, outcomes);
    await writeScreeningSheetsCsv(workspace, progress);
    await writeScreeningStoppingJson(workspace, stopping, stoppingOptions);
  } else {
    // A resolution sheet that only a run would create is not on disk: say so rather than count it as checked.
    const toCreate = outcomes
      .flatMap((o) => o.sheets)
      .filter((s) => s.before === null && s.merge.rows.length > 0).length;
    log.info(
      `checked ${counted(progress.length - toCreate, "sheet")}: no problems${events.length ? ` (${counted(events.length, "decision")} not yet recorded)` : ""}` +
        (toCreate ? `; ${counted(toCreate, "sheet")} to be created by \`srpipe screen\`` : ""),
    );
  }

  options.merged?.({ outcomes, stopping });
  const lines = outcomes.map((o) => phaseSummary(o, progress));
  for (const line of lines) log.info(line);
  const stops = stoppingLines(
    stoppingJson(stopping, stoppingOptions).reviewers,
    stoppingOptions.confidence,
    stoppingOptions.recallTarget,
  );
  for (const line of stops) log.info(line);
  const waiting = progress.filter((p) => p.reviewer !== RESOLUTION).reduce((s, p) => s + p.waiting, 0);
  const conflicts = outcomes.reduce(
    (s, o) => s + [...o.finals.values()].filter((f) => f.conflict !== null && f.status !== "resolved").length,
    0,
  );
  return { summary: lines.join(" | "), problems: 0, pending: waiting + conflicts };
}

export const screenStage: Stage = {
  name: "screen",
  description: `write or merge the reviewers' screening sheets in ${screeningSheetsFolder.path}/ and derive ${screeningFolder.path}/ from them`,
  inputs: () => [reviewJson, keptCsv, screeningSheetsFolder, fulltextFolder],
  outputs: () => [
    screeningDecisionsCsv,
    screeningConflictsCsv,
    screeningAgreementJson,
    screeningSheetsCsv,
    screeningStoppingJson,
  ],
  run: (context) => runScreen(context, { now: stampClock() }),
};
