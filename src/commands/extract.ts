/**
 * `srpipe extract`: write or merge the extraction sheets and validate them against the taxonomy
 * (src/stages/extract.ts). Each problem is printed on its own line as
 * `file:line:column: column-name: expected …, got …`; exit 1 when there is any.
 */
import { openStageContext } from "../stages/stage.js";
import { UsageError } from "../errors.js";
import { formatProblem } from "../extraction/extraction-problem.js";
import {
  MODEL_COLUMNS,
  RESOLUTION_COLUMNS,
  STUDY_COLUMNS,
  sheetHeader,
  type ExtractionSheetColumns,
} from "../extraction/sheet-columns.js";
import { extractStage, runExtract } from "../stages/extract.js";
import { stampClock } from "../io/stamp-clock.js";
import { defineCommand, type OptionSpec } from "./command.js";
import { extractionProblemsCsv } from "../artefacts/extraction-problems-csv.js";
import { extractionSheetsFolder, modelsSheet, studiesSheet } from "../artefacts/extraction-sheets.js";
import { extractedStudiesCsv } from "../artefacts/extraction-studies-csv.js";
import { screeningDecisionsCsv } from "../artefacts/screening-decisions-csv.js";

const EXTRACT_OPTIONS = [
  { name: "check", type: "boolean", description: "read, merge in memory and validate the sheets; write nothing" },
] as const satisfies readonly OptionSpec[];

/** Problems printed before "… and N more": the rest are in processed/extraction/problems.csv. */
const SHOWN = 50;

function columnLines(columns: ExtractionSheetColumns): string {
  const names = sheetHeader(columns);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return names.map((name) => `  ${name.padEnd(width)}${columns.describe[name] ?? ""}`).join("\n");
}

export const extractCommand = defineCommand({
  name: "extract",
  summary: extractStage.description,
  usage: "srpipe extract [--check] [--workspace DIR]",
  options: EXTRACT_OPTIONS,
  details: `
For the studies the last screening phase included (${screeningDecisionsCsv.path}), writes
or merges two sheets that reviewers fill, checked against the taxonomy file named by
review.json's "extraction": { "taxonomy": "taxonomy/clinical-llm-2025.json" }.

${studiesSheet.path}: one row per study × stage × subtask × input/output combination
(copy a study's row, study_id included, for each further category it covers):
${columnLines(STUDY_COLUMNS)}

${modelsSheet.path}: one row per model name and size:
${columnLines(MODEL_COLUMNS)}

Model lists: models separated by ";", the size in square brackets when the study gives one:
  GPT-4; Llama 2 [7B]; Llama 2 [13B]
Names match ignoring case, spaces and hyphens, and through the taxonomy's aliases
(gpt-4-0613 and ChatGPT (GPT-4) are GPT-4). Labels match ignoring case and extra spaces.

Merging never changes what a reviewer typed: a newly included study gets a blank row flagged
"new in <date>"; rows of a study no longer included stay, flagged; a model used in studies.csv
without a row in models.csv gets one flagged "used in studies.csv, fill in". A changed sheet is
first copied to ${extractionSheetsFolder.path}/.history/.

Then it writes ${extractedStudiesCsv.path} and models.csv (valid rows, canonical names,
sorted) and problems.csv (every problem, and notices of new input/output combinations).
Exit code 1 when any cell has a problem; each is printed as file:line:column: column: message
with the allowed values and, for a near miss, "did you mean …?". Set SOURCE_DATE_EPOCH to
fix the date stamped on new rows.

Double extraction: with "extractors": ["ann", "bob"] in review.json's "extraction", each
extracts blind into raw/extraction/studies-<id>.csv and models-<id>.csv (same columns and
checks). The two are compared cell by cell after validation's normalisation (labels, canonical
model names, model lists as sets): processed/extraction/conflicts.csv lists every difference,
agreement.json the agreement per field (percent, Cohen's kappa for label fields, mean Jaccard
for model lists), and raw/extraction/resolution.csv gets a row per conflicting cell:
${columnLines(RESOLUTION_COLUMNS)}
Only agreed or settled values reach processed/extraction and the catalog; a study with a cell
not settled, or extracted by one person only, is pending and left out. Each settled value is
also appended once to raw/extraction/settlements.jsonl (what was kept, what each had written,
when srpipe first read it, and the event it supersedes).`,
  async run(context) {
    const { io, workspace, options, positionals, log } = context;
    if (positionals.length) throw new UsageError(`extract: expected no arguments, got "${positionals[0]}"`);
    const outcome = await runExtract(await openStageContext(workspace, log), {
      now: stampClock(),
      check: options.check,
    });
    for (const problem of outcome.problems.slice(0, SHOWN)) io.stderr.write(`${formatProblem(problem)}\n`);
    if (outcome.problems.length > SHOWN)
      io.stderr.write(`… and ${outcome.problems.length - SHOWN} more in ${extractionProblemsCsv.path}\n`);
    // Studies waiting for a reviewer are work in progress, not a failure.
    return outcome.problems.length > 0 ? 1 : 0;
  },
});
