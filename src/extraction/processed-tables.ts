/**
 * processed/extraction/: the validated sheets, normalised (taxonomy labels, canonical model names,
 * sizes written one way, models in a cell sorted) and sorted, so the same sheets give the same
 * bytes; and every problem and notice, located as the CLI prints them.
 * - studies.csv: one row per valid row of raw/extraction/studies.csv (sheet_line says which);
 * - models.csv: one row per valid model row, with the number of included studies using it;
 * - problems.csv: severity `error` (to fix) or `notice` (a new input/output combination).
 */
import { compareStrings } from "../record-csv.js";
import { z } from "zod";
import { csvHeaderOf } from "../io/csv-rows.js";
import { csvDocument, type CsvCell } from "../io/csv-write.js";
import type { ExtractionData, ExtractionProblem, ModelRef } from "./extraction-data.js";
import { columnNumber, compareProblems } from "./extraction-problem.js";
import { formatRef, refKey } from "./model-names.js";
import { PHASE_SHEET_COLUMNS } from "./sheet-columns.js";

const sheetLine = z.string().regex(/^[1-9][0-9]*$/, "the line of the sheet row");
const yesNo = z.enum(["yes", "no"], "yes or no");

/** One row of studies.csv as the file holds it. */
export const ExtractedStudiesRowSchema = z.object({
  study_id: z.string().min(1, "a study id"),
  doi: z.string(),
  title: z.string(),
  sheet_line: sheetLine,
  stage: z.string().min(1, "a stage"),
  task: z.string(),
  subtask: z.string().min(1, "a subtask"),
  mandatory_input: z.string(),
  optional_input: z.string(),
  output: z.string(),
  models_used: z.string(),
  best_models: z.string(),
  negative_result: yesNo,
});
export const PROCESSED_STUDIES_HEADER = csvHeaderOf(ExtractedStudiesRowSchema);

/** One row of models.csv as the file holds it: per phase, the sheet's GPU count and GPU cells. */
export const ExtractedModelsRowSchema = z.object({
  model: z.string().min(1, "a model name"),
  size: z.string(),
  access: z.string(),
  ...Object.fromEntries(
    PHASE_SHEET_COLUMNS.flatMap((p) => [[p.count, z.string()] as const, [p.gpu, z.string()] as const]),
  ),
  sheet_line: sheetLine,
  studies: z.string().regex(/^(0|[1-9][0-9]*)$/, "the number of studies using the model"),
});
export const PROCESSED_MODELS_HEADER = csvHeaderOf(ExtractedModelsRowSchema);

/** One row of problems.csv as the file holds it; `column` is the sheet column's position, `field` its name. */
export const ExtractionProblemsRowSchema = z.object({
  file: z.string().min(1, "a file"),
  line: z.string(),
  column: z.string(),
  field: z.string(),
  severity: z.enum(["error", "notice"], "error or notice"),
  message: z.string().min(1, "a message"),
});
export const PROBLEMS_HEADER = csvHeaderOf(ExtractionProblemsRowSchema);

const compareRefs = (a: ModelRef, b: ModelRef) => compareStrings(a.model, b.model) || compareStrings(a.size, b.size);
const refList = (refs: readonly ModelRef[]) => [...refs].sort(compareRefs).map(formatRef).join("; ");

export function studiesCsv(data: ExtractionData): string {
  const rows = [...data.studies]
    .sort((a, b) => compareStrings(a.studyId, b.studyId) || a.line - b.line)
    .map((s): CsvCell[] => [
      s.studyId,
      s.doi,
      s.title,
      s.line,
      s.category.stage,
      s.category.task,
      s.category.subtask,
      s.category.mandatoryInput,
      s.category.optionalInput,
      s.category.output,
      refList(s.used),
      refList(s.best),
      s.negativeResult ? "yes" : "no",
    ]);
  return csvDocument(PROCESSED_STUDIES_HEADER, rows);
}

export function modelsCsv(data: ExtractionData): string {
  const studiesOf = new Map<string, Set<string>>();
  for (const use of data.studies) {
    for (const ref of use.used) {
      const set = studiesOf.get(refKey(ref)) ?? new Set<string>();
      set.add(use.studyId);
      studiesOf.set(refKey(ref), set);
    }
  }
  const rows = [...data.models]
    .sort((a, b) => compareRefs(a, b) || a.line - b.line)
    .map((m): CsvCell[] => [
      m.model,
      m.size,
      m.access,
      ...PHASE_SHEET_COLUMNS.flatMap(({ phase }) => [m.phases[phase].count, m.phases[phase].gpu]),
      m.line,
      studiesOf.get(refKey(m))?.size ?? 0,
    ]);
  return csvDocument(PROCESSED_MODELS_HEADER, rows);
}

export function problemsCsv(problems: readonly ExtractionProblem[], notices: readonly ExtractionProblem[]): string {
  const all = [
    ...problems.map((p) => ({ p, severity: "error" })),
    ...notices.map((p) => ({ p, severity: "notice" })),
  ].sort((a, b) => compareProblems(a.p, b.p) || compareStrings(a.severity, b.severity));
  return csvDocument(
    PROBLEMS_HEADER,
    all.map(({ p, severity }) => [p.file, p.line, columnNumber(p) ?? null, p.column, severity, p.message]),
  );
}
