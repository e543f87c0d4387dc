/**
 * processed/eligibility/unmatched-journals.csv: journal names of the records that the journal
 * list does not resolve (or resolves to several journals), with how many records carry each:
 * what a reviewer looks at to add an alias or fix a list.
 */
import { z } from "zod";
import { unmatchedJournalsTable, type UnmatchedJournal } from "../eligibility/tables.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { spreadsheetCsvDocument } from "../io/csv-write.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, csvHeaderOf, fileArtefact } from "./artefact.js";
import { inEligibilityFolder } from "./eligibility-folder.js";

/** One row as the file holds it; lists joined with "; ". */
export const UnmatchedJournalsRowSchema = z.object({
  journal: z.string(),
  journal_abbrev: z.string(),
  issns: z.string(),
  records: z.string().regex(/^\d+$/),
  problem: z.string(),
});

export const unmatchedJournalsCsv = {
  ...fileArtefact(inEligibilityFolder("unmatched-journals.csv")),
  header: csvHeaderOf(UnmatchedJournalsRowSchema),
  schemaVersion: 1,
};

/** Spreadsheet-safe: journal names come from exports and are opened in spreadsheets. */
export async function writeUnmatchedJournalsCsv(
  workspace: Workspace,
  rows: readonly UnmatchedJournal[],
): Promise<void> {
  await writeFileAtomic(
    artefactPath(workspace, unmatchedJournalsCsv),
    spreadsheetCsvDocument(unmatchedJournalsCsv.header, unmatchedJournalsTable(rows)),
  );
}
