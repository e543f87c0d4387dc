/**
 * The eligibility stage: processed/dedup/unique.csv → processed/eligibility/. Records whose
 * journal is in the journal list (raw/journals/) at or above review.json's threshold are kept
 * on the journal branch; records from bypass databases (arXiv) go down their own branch;
 * everything else is excluded with its reason. The decisions are made by src/eligibility/
 * (values in, values out); this module reads and writes.
 */
import { join } from "node:path";
import { readCsvTable } from "../io/csv-table.js";
import { InputError, ProtocolError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { spreadsheetCsvDocument } from "../io/csv-write.js";
import { counted, startProgress, type Logger } from "../log.js";
import { loadReview, type Review } from "../protocol.js";
import { rowToUniqueRecord, type UniqueRecord } from "../unique-csv.js";
import { decideAll, keepAll, thresholdRule, type EligibilityDecision } from "../eligibility/decide.js";
import { JournalIndex } from "../eligibility/journal-index.js";
import { readJournalLists, type JournalLists } from "../eligibility/read-lists.js";
import { countDecisions, qualifyingJournals, summaryDocument, summaryLine } from "../eligibility/summary.js";
import {
  JOURNALS_HEADER,
  UNMATCHED_JOURNALS_HEADER,
  excludedTable,
  journalsTable,
  keptTable,
  unmatchedJournals,
  unmatchedJournalsTable,
} from "../eligibility/tables.js";
import { workspacePath, type Workspace } from "../workspace.js";
import type { Stage, StageResult } from "./stage.js";

export function eligibilityInput(workspace: Workspace): string {
  return join(workspace.processedDir, "dedup", "unique.csv");
}

export function eligibilityOutputs(workspace: Workspace) {
  const dir = join(workspace.processedDir, "eligibility");
  return {
    kept: join(dir, "kept.csv"),
    excluded: join(dir, "excluded.csv"),
    unmatched: join(dir, "unmatched-journals.csv"),
    journals: join(dir, "journals.csv"),
    summary: join(dir, "summary.json"),
  };
}

/** Every row of unique.csv; a row that does not read is an error naming its line. */
export async function readUniqueCsv(workspace: Workspace): Promise<UniqueRecord[]> {
  const path = eligibilityInput(workspace);
  const name = workspacePath(workspace, path);
  const table = await readCsvTable(path, name, "the deduplicated records", "srpipe dedupe");
  return table.rows.map(({ line, cells }) => {
    try {
      return rowToUniqueRecord(cells);
    } catch (error) {
      // rowToUniqueRecord says "column: expected …, got …" (or "column: message").
      const [field, ...rest] = (error as Error).message.split(": ");
      const said = /^expected (.*), got (.*)$/s.exec(rest.join(": "));
      throw new InputError({ file: name, line, field, expected: said?.[1] ?? "a row as srpipe dedupe writes it", got: said?.[2] ?? (rest.join(": ") || "a row that does not read") });
    }
  });
}

/** Branch databases must be databases the review declares: a typo would silently send nothing down the branch. */
function checkBranchDatabases(review: Review, reviewFile: string): void {
  const declared = new Set(review.databases.map((d) => d.id));
  review.eligibility?.branches.forEach((branch, index) => {
    for (const database of branch.databases ?? []) {
      if (!declared.has(database)) {
        throw new ProtocolError(
          { file: reviewFile, field: `eligibility.branches.${index}.databases` },
          `expected one of the databases in review.json (${[...declared].join(", ")}), got "${database}"`,
        );
      }
    }
  });
}

function warnAmbiguous(decisions: readonly EligibilityDecision[], log: Logger): void {
  const shown = new Set<string>();
  for (const d of decisions) {
    if (d.lookup && d.lookup.verdict === null && d.lookup.journals.length > 1 && !shown.has(d.lookup.detail)) {
      shown.add(d.lookup.detail);
      if (shown.size <= 5) log.warn(`${d.unique.clusterId}: ${d.lookup.detail}`);
    }
  }
  if (shown.size > 5) log.warn(`… and ${shown.size - 5} more ambiguous journal matches in processed/eligibility/unmatched-journals.csv`);
}

export const eligibilityStage: Stage = {
  name: "eligibility",
  description: "keep records from journals at or above the threshold in review.json (journal lists in raw/journals/); bypass databases such as arXiv go down their own branch",
  inputs: (workspace) => [workspace.reviewFile, eligibilityInput(workspace), join(workspace.rawDir, "journals")],
  outputs: (workspace) => Object.values(eligibilityOutputs(workspace)),
  async run({ workspace, log }): Promise<StageResult> {
    const review = await loadReview(workspace.reviewFile);
    const reviewFile = workspacePath(workspace, workspace.reviewFile);
    checkBranchDatabases(review, reviewFile);
    const records = await readUniqueCsv(workspace);
    const config = review.eligibility ?? null;

    let decisions: EligibilityDecision[];
    let lists: JournalLists | null = null;
    if (config === null) {
      decisions = keepAll(records);
    } else {
      lists = await readJournalLists(workspace.root, config, reviewFile);
      for (const file of lists.files) log.detail(`read ${file.file}: ${counted(file.rows, "row")} (${file.format})`);
      const index = new JournalIndex(lists.journals);
      const progress = startProgress(log, "checking journals", "record", records.length);
      decisions = decideAll(records, config, index, (done, total) => progress.update(done, total));
      progress.end();
      warnAmbiguous(decisions, log);
    }

    const out = eligibilityOutputs(workspace);
    const unmatched = unmatchedJournals(decisions);
    await writeFileAtomic(out.kept, keptTable(decisions));
    await writeFileAtomic(out.excluded, excludedTable(decisions));
    await writeFileAtomic(out.unmatched, spreadsheetCsvDocument(UNMATCHED_JOURNALS_HEADER, unmatchedJournalsTable(unmatched)));
    await writeFileAtomic(out.journals, spreadsheetCsvDocument(JOURNALS_HEADER, config && lists ? journalsTable(lists.journals, thresholdRule(config)) : []));
    const counts = countDecisions(decisions, config);
    await writeFileAtomic(out.summary, summaryDocument(counts, config, lists));

    const summary = summaryLine(counts, config);
    if (config && lists) {
      const qualifying = qualifyingJournals(lists.journals, config).toLocaleString("en");
      log.info(`read ${counted(lists.journals.length, "journal")} from ${counted(lists.files.length, "list")} (${qualifying} at or above the threshold)`);
    }
    if (unmatched.length > 0) log.info(`listed ${counted(unmatched.length, "journal name")} the list does not resolve in processed/eligibility/unmatched-journals.csv`);
    log.info(`wrote processed/eligibility/: ${summary}`);
    return { summary, problems: 0 };
  },
};
