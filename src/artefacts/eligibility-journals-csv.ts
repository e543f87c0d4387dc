/**
 * processed/eligibility/journals.csv: the journal list as the stage read it, one row per journal,
 * whether it qualifies and where it was read: what "509 journals" is made of.
 */
import { z } from "zod";
import type { ThresholdRule } from "../eligibility/decide.js";
import type { ListJournal } from "../eligibility/journal-list.js";
import { journalsTable } from "../eligibility/tables.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { spreadsheetCsvDocument } from "../io/csv-write.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, csvHeaderOf, fileArtefact } from "./artefact.js";
import { inEligibilityFolder } from "./eligibility-folder.js";

/** One row as the file holds it; lists joined with "; ". */
export const JournalsRowSchema = z.object({
  list_source_id: z.string(),
  title: z.string(),
  issns: z.string(),
  subject_areas: z.string(),
  metric_value: z.string(),
  qualifies: z.enum(["yes", "no"]),
  locations: z.string(),
});

export const journalsCsv = {
  ...fileArtefact(inEligibilityFolder("journals.csv")),
  header: csvHeaderOf(JournalsRowSchema),
  schemaVersion: 1,
};

/** The header alone when the review sets no threshold (no list is read). */
export async function writeJournalsCsv(
  workspace: Workspace,
  list: { journals: readonly ListJournal[]; rule: ThresholdRule } | null,
): Promise<void> {
  const rows = list ? journalsTable(list.journals, list.rule) : [];
  await writeFileAtomic(artefactPath(workspace, journalsCsv), spreadsheetCsvDocument(journalsCsv.header, rows));
}
