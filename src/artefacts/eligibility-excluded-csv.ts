/**
 * processed/eligibility/excluded.csv: the records eligibility excluded, with `branch`, `reason`
 * and the journal audit columns after unique.csv's. PRISMA counts them by reason.
 */
import type { EligibilityDecision } from "../eligibility/decide.js";
import { EXCLUDED_EXTRA_COLUMNS, excludedTable } from "../eligibility/tables.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { UNIQUE_CSV_HEADER } from "../unique-csv.js";
import { uniqueCsv } from "./dedup-unique-csv.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";
import { inEligibilityFolder } from "./eligibility-folder.js";

export const excludedCsv = {
  ...fileArtefact(inEligibilityFolder("excluded.csv")),
  header: [...UNIQUE_CSV_HEADER, ...EXCLUDED_EXTRA_COLUMNS],
  schemaVersion: uniqueCsv.schemaVersion,
};

export async function writeExcludedCsv(workspace: Workspace, decisions: readonly EligibilityDecision[]): Promise<void> {
  await writeFileAtomic(artefactPath(workspace, excludedCsv), excludedTable(decisions));
}
