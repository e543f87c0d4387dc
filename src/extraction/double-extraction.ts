/**
 * Double extraction: two extractors' sheets, each validated on its own (problems located to its
 * file), compared cell by cell after validation's normalisation (taxonomy labels, canonical
 * model names, model lists as sets), settled by raw/extraction/resolution.csv, and turned into
 * the one extraction the catalog reads. Pure: validated sheets and resolutions in.
 *
 * Pairing a study's rows: a study has one row per category, in any order; a row of the first
 * extractor is paired with the second's row of the same category (stage, task, subtask,
 * modalities) when there is one, the rows left are paired in sheet order, and a row without a
 * partner is compared with "(no row)". Rows are numbered 1, 2, … in the first extractor's order
 * (the second's unpaired rows after): the `row` of conflicts.csv and resolution.csv.
 *
 * What reaches the catalog: a study both extracted, whose rows have no problem in either sheet
 * and whose every differing cell has a final value; and a model both have a valid row for, with
 * every differing cell settled. Everything else is pending, with the reason: not extracted by
 * one of them, problems to fix, conflicts not settled, or (for a study) a model it uses pending.
 * A model only pending studies use is held back with them.
 */
import { compareStrings } from "../record-csv.js";
import { categoryKey } from "../catalog/tidy.js";
import type { TaxonomyFile } from "../protocol/extraction.js";
import { neutraliseFormula } from "../io/spreadsheet-safe.js";
import { encodeRow, NEW_SHEET_LAYOUT, parseSheetText, renderSheetText, type SheetText } from "../io/sheet-text.js";
import type { ExtractionData, ExtractionProblem, ModelEntry, ModelRef, StudyUse } from "./extraction-data.js";
import { compareProblems } from "./extraction-problem.js";
import { fieldAgreement, type ComparedValue, type FieldAgreement, type FieldKind } from "./extraction-agreement.js";
import type { StudySet } from "./included-studies.js";
import { formatRef, refKey } from "./model-names.js";
import { conflictKey, type CellConflict, type Resolution } from "./resolution-sheet.js";
import { MODEL_COLUMNS, PHASE_SHEET_COLUMNS, RESOLUTION_SHEET, STUDY_COLUMNS, sheetHeader } from "./sheet-columns.js";
import { validateExtraction, type Validation } from "./validate.js";

export const NO_ROW = "(no row)";

/** One extractor's sheets, merged and validated. */
export interface ExtractorSheets {
  extractor: string;
  files: { studies: string; models: string };
  validation: Validation;
}

export const STUDY_FIELDS: readonly { field: string; kind: FieldKind }[] = [
  { field: "stage", kind: "label" },
  { field: "task", kind: "label" },
  { field: "subtask", kind: "label" },
  { field: "mandatory_input", kind: "label" },
  { field: "optional_input", kind: "label" },
  { field: "output", kind: "label" },
  { field: "models_used", kind: "list" },
  { field: "best_models", kind: "list" },
  { field: "negative_result", kind: "label" },
];

export const MODEL_FIELDS: readonly { field: string; kind: FieldKind }[] = [
  { field: "access", kind: "label" },
  ...PHASE_SHEET_COLUMNS.flatMap((p) => [
    { field: p.count, kind: "count" as const },
    { field: p.gpu, kind: "label" as const },
  ]),
];

export interface ConflictOutcome extends CellConflict {
  extractors: readonly [string, string];
  /** The resolution sheet's final value ("" for an empty cell), or null while the cell is not settled. */
  final: string | null;
  resolutionLine: number | null;
}

export interface PendingItem {
  sheet: "studies" | "models";
  item: string;
  reason: string;
}

export interface AgreementSection {
  /** Study rows (or models) both extractors have, compared field by field. */
  compared: number;
  /** Study rows (or models) only one extractor has, by extractor: a conflict, not counted in the statistics. */
  onlyOne: { [extractor: string]: number };
  fields: FieldAgreement[];
}

export interface DoubleExtraction {
  data: ExtractionData;
  problems: ExtractionProblem[];
  notices: ExtractionProblem[];
  conflicts: ConflictOutcome[];
  pending: PendingItem[];
  /** Included studies neither extractor has filled a row for yet. */
  notStarted: number;
  agreement: { studies: AgreementSection; models: AgreementSection };
}

const sortedRefs = (refs: readonly ModelRef[]) =>
  [...refs].sort((a, b) => compareStrings(a.model, b.model) || compareStrings(a.size, b.size));

function listValue(refs: readonly ModelRef[]): ComparedValue {
  const set = [...new Set(refs.map(refKey))].sort();
  return { text: sortedRefs(refs).map(formatRef).join("; "), key: set.join("\n"), set };
}

const label = (text: string): ComparedValue => ({ text, key: text });

function studyValues(use: StudyUse): { [field: string]: ComparedValue } {
  const c = use.category;
  return {
    stage: label(c.stage),
    task: label(c.task),
    subtask: label(c.subtask),
    mandatory_input: label(c.mandatoryInput),
    optional_input: label(c.optionalInput),
    output: label(c.output),
    models_used: listValue(use.used),
    best_models: listValue(use.best),
    negative_result: label(use.negativeResult ? "yes" : "no"),
  };
}

function modelValues(entry: ModelEntry): { [field: string]: ComparedValue } {
  const values: { [field: string]: ComparedValue } = { access: label(entry.access) };
  for (const { phase, count, gpu } of PHASE_SHEET_COLUMNS) {
    values[count] = label(entry.phases[phase].count === null ? "" : String(entry.phases[phase].count));
    values[gpu] = label(entry.phases[phase].gpu);
  }
  return values;
}

/** Rows of the same category first, then the rest in sheet order (see the module comment). */
function pairRows(a: readonly StudyUse[], b: readonly StudyUse[]): [StudyUse | null, StudyUse | null][] {
  const taken = new Set<number>();
  const pairs: [StudyUse | null, StudyUse | null][] = a.map((x) => {
    const j = b.findIndex((y, k) => !taken.has(k) && categoryKey(y.category) === categoryKey(x.category));
    if (j < 0) return [x, null];
    taken.add(j);
    return [x, b[j]!];
  });
  const left = b.filter((_, k) => !taken.has(k));
  for (const pair of pairs) if (pair[1] === null && left.length > 0) pair[1] = left.shift()!;
  for (const y of left) pairs.push([null, y]);
  return pairs;
}

/** Where a consensus row came from: a sheet line, and the resolution lines of its settled cells. */
interface Origin {
  file: string;
  line: number;
  item: string;
  row: string;
  resolved: Map<string, number>;
  /** A model's refKey; undefined for a study row. */
  modelKey?: string;
}

interface Settling {
  cells: { [field: string]: string };
  unsettled: number;
  resolved: Map<string, number>;
}

export function doubleExtraction(input: {
  sheets: readonly [ExtractorSheets, ExtractorSheets];
  resolutions: ReadonlyMap<string, Resolution>;
  studies: StudySet;
  taxonomy: TaxonomyFile;
}): DoubleExtraction {
  const [one, two] = input.sheets;
  const extractors = [one.extractor, two.extractor] as const;
  const conflicts: ConflictOutcome[] = [];
  const pending: PendingItem[] = [];
  const problems = [...one.validation.problems, ...two.validation.problems];

  /** Compares two value sets field by field; records conflicts and returns the settled cells. */
  function settle(
    sheet: "studies" | "models",
    item: string,
    row: string,
    fields: readonly { field: string; kind: FieldKind }[],
    a: { [field: string]: ComparedValue } | null,
    b: { [field: string]: ComparedValue } | null,
    pairs: Map<string, [ComparedValue, ComparedValue][]>,
  ): Settling {
    const cells: { [field: string]: string } = {};
    const resolved = new Map<string, number>();
    let unsettled = 0;
    for (const { field } of fields) {
      const va = a?.[field];
      const vb = b?.[field];
      if (va && vb) pairs.get(field)!.push([va, vb]);
      if (va && vb && va.key === vb.key) {
        cells[field] = va.text;
        continue;
      }
      const values = [va?.text ?? NO_ROW, vb?.text ?? NO_ROW] as const;
      const resolution = input.resolutions.get(conflictKey({ sheet, item, row, field }));
      conflicts.push({
        sheet,
        item,
        row,
        field,
        values,
        extractors,
        final: resolution?.value ?? null,
        resolutionLine: resolution?.line ?? null,
      });
      if (resolution) {
        cells[field] = resolution.value;
        resolved.set(field, resolution.line);
      } else {
        // Kept out of the catalog by its pending item; a value here only spares a second report of the gap.
        cells[field] = (va ?? vb)?.text ?? "";
        unsettled++;
      }
    }
    return { cells, unsettled, resolved };
  }

  // Models: keyed by model and size, as validation keys them.
  const modelPairs = new Map(MODEL_FIELDS.map((f) => [f.field, [] as [ComparedValue, ComparedValue][]]));
  const byKey = (entries: readonly ModelEntry[]) => new Map(entries.map((m) => [refKey(m), m]));
  const modelsOf = [byKey(one.validation.data.models), byKey(two.validation.data.models)] as const;
  const modelKeys = [...new Set([...modelsOf[0].keys(), ...modelsOf[1].keys()])].sort();
  const pendingModels = new Map<string, string>();
  /** Models one extractor has no valid row for: work of their own only when a study both extracted uses them. */
  const missingModels = new Set<string>();
  const modelRows: { cells: string[]; origin: Origin }[] = [];
  const modelsOnlyOne = { [one.extractor]: 0, [two.extractor]: 0 };
  for (const key of modelKeys) {
    const a = modelsOf[0].get(key);
    const b = modelsOf[1].get(key);
    const shown = a ?? b!;
    const item = formatRef(shown);
    const origin: Origin = {
      file: a ? one.files.models : two.files.models,
      line: shown.line,
      item,
      row: "",
      resolved: new Map(),
      modelKey: key,
    };
    let cells: { [field: string]: string } = Object.fromEntries(
      Object.entries(modelValues(shown)).map(([f, v]) => [f, v.text]),
    );
    if (!a || !b) {
      modelsOnlyOne[a ? one.extractor : two.extractor]!++;
      pendingModels.set(key, `no valid row in ${a ? two.files.models : one.files.models} yet`);
      missingModels.add(key);
    } else {
      const settled = settle("models", item, "", MODEL_FIELDS, modelValues(a), modelValues(b), modelPairs);
      cells = settled.cells;
      origin.resolved = settled.resolved;
      if (settled.unsettled > 0)
        pendingModels.set(
          key,
          `${settled.unsettled} conflicting cell${settled.unsettled === 1 ? "" : "s"} not settled in ${RESOLUTION_SHEET}`,
        );
    }
    modelRows.push({
      cells: sheetHeader(MODEL_COLUMNS).map((column) =>
        column === "model" ? shown.model : column === "size" ? shown.size : (cells[column] ?? ""),
      ),
      origin,
    });
  }

  // Studies: the included ones, paired row by row.
  const studyPairs = new Map(STUDY_FIELDS.map((f) => [f.field, [] as [ComparedValue, ComparedValue][]]));
  const usesOf = (v: Validation) => {
    const map = new Map<string, StudyUse[]>();
    for (const use of v.data.studies) map.set(use.studyId, [...(map.get(use.studyId) ?? []), use]);
    return map;
  };
  const uses = [usesOf(one.validation), usesOf(two.validation)] as const;
  const pendingStudies = new Map<string, string>();
  const studyRows: { studyId: string; cells: string[]; origin: Origin }[] = [];
  const rowsOnlyOne = { [one.extractor]: 0, [two.extractor]: 0 };
  let comparedRows = 0;
  let notStarted = 0;
  for (const study of input.studies.included) {
    const id = study.studyId;
    const filled = [one, two].map((s) => s.validation.filledLines.get(id) ?? []);
    if (filled[0]!.length === 0 && filled[1]!.length === 0) {
      notStarted++;
      continue;
    }
    const waiting = [one, two].filter((_, i) => filled[i]!.length === 0).map((s) => s.extractor);
    if (waiting.length > 0) {
      pendingStudies.set(id, `not extracted by ${waiting[0]} yet`);
      continue;
    }
    const valid = [0, 1].map((i) => uses[i]!.get(id) ?? []);
    const broken = [one, two].filter((_, i) => valid[i]!.length < filled[i]!.length).map((s) => s.files.studies);
    if (broken.length > 0) {
      pendingStudies.set(id, `rows with problems in ${broken.join(" and ")}`);
      continue;
    }
    let unsettled = 0;
    const rows: typeof studyRows = [];
    pairRows(valid[0]!, valid[1]!).forEach(([a, b], index) => {
      const row = String(index + 1);
      if (a && b) comparedRows++;
      else rowsOnlyOne[a ? one.extractor : two.extractor]!++;
      const settled = settle(
        "studies",
        id,
        row,
        STUDY_FIELDS,
        a ? studyValues(a) : null,
        b ? studyValues(b) : null,
        studyPairs,
      );
      unsettled += settled.unsettled;
      const reviewer = STUDY_FIELDS.map((f) => settled.cells[f.field] ?? "");
      // Every cell settled as empty: the resolver dropped a row only one extractor had.
      if (reviewer.every((c) => c.trim() === "")) return;
      const shown = (a ?? b)!;
      rows.push({
        studyId: id,
        cells: [id, study.doi, study.title, "", ...reviewer, ""],
        origin: {
          file: a ? one.files.studies : two.files.studies,
          line: shown.line,
          item: id,
          row,
          resolved: settled.resolved,
        },
      });
    });
    if (unsettled > 0)
      pendingStudies.set(
        id,
        `${unsettled} conflicting cell${unsettled === 1 ? "" : "s"} not settled in ${RESOLUTION_SHEET}`,
      );
    else studyRows.push(...rows);
  }

  // The consensus, validated as one pair of sheets so settled values are checked like typed ones.
  const consensusFiles = {
    studies: `${one.files.studies} and ${two.files.studies}`,
    models: `${one.files.models} and ${two.files.models}`,
  };
  const studiesSheet = consensusSheet(sheetHeader(STUDY_COLUMNS), studyRows);
  const modelsSheet = consensusSheet(sheetHeader(MODEL_COLUMNS), modelRows);
  const consensus = validateExtraction({
    studiesText: studiesSheet.text,
    modelsText: modelsSheet.text,
    studies: input.studies,
    taxonomy: input.taxonomy,
    files: consensusFiles,
  });
  const locate = (problem: ExtractionProblem): ExtractionProblem => {
    const origins = problem.file === consensusFiles.studies ? studiesSheet.origins : modelsSheet.origins;
    const origin = origins.get(problem.line);
    if (!origin) return problem;
    const resolutionLine = origin.resolved.get(problem.column) ?? [...origin.resolved.values()][0];
    if (resolutionLine === undefined) return { ...problem, file: origin.file, line: origin.line };
    const what = `${origin.row === "" ? "model" : "study"} ${origin.item}${origin.row === "" ? "" : ` row ${origin.row}`}`;
    return {
      file: RESOLUTION_SHEET,
      line: resolutionLine,
      column: "final_value",
      message: `${problem.column} of ${what}: ${problem.message}`,
    };
  };
  const consensusProblems = consensus.problems.map(locate);
  problems.push(...consensusProblems);
  for (const problem of consensus.problems) {
    const origin = (problem.file === consensusFiles.studies ? studiesSheet.origins : modelsSheet.origins).get(
      problem.line,
    );
    if (!origin) continue;
    if (origin.modelKey !== undefined) pendingModels.set(origin.modelKey, "a final value with a problem");
    else pendingStudies.set(origin.item, "a final value with a problem");
  }

  // A study using a pending model waits for it; a model only pending studies use waits with them.
  const allUses = [...one.validation.data.studies, ...two.validation.data.studies, ...consensus.data.studies];
  for (const use of consensus.data.studies) {
    if (pendingStudies.has(use.studyId)) continue;
    const waitingFor = [...use.used, ...use.best].find((ref) => pendingModels.has(refKey(ref)));
    if (waitingFor) pendingStudies.set(use.studyId, `uses ${formatRef(waitingFor)}, whose extraction is pending`);
  }
  const settledUses = consensus.data.studies.filter((u) => !pendingStudies.has(u.studyId));
  const usedBySettled = new Set(settledUses.flatMap((u) => u.used.map(refKey)));
  const usedAtAll = new Set(allUses.flatMap((u) => [...u.used, ...u.best].map(refKey)));
  const usedByConsensus = new Set(consensus.data.studies.flatMap((u) => [...u.used, ...u.best].map(refKey)));
  const settledModels = consensus.data.models.filter(
    (m) => !pendingModels.has(refKey(m)) && (usedBySettled.has(refKey(m)) || !usedAtAll.has(refKey(m))),
  );

  for (const [studyId, reason] of [...pendingStudies].sort(([a], [b]) => compareStrings(a, b)))
    pending.push({ sheet: "studies", item: studyId, reason });
  for (const key of modelKeys) {
    const reason = pendingModels.get(key);
    if (reason === undefined || !usedAtAll.has(key)) continue;
    // A model missing only because its studies await the same person is not a second item to wait for.
    if (missingModels.has(key) && !usedByConsensus.has(key)) continue;
    pending.push({ sheet: "models", item: formatRef((modelsOf[0].get(key) ?? modelsOf[1].get(key))!), reason });
  }

  // Lines in processed/ are the extractors' sheet lines, not the consensus sheet's.
  const originLine = (origins: Map<number, Origin>, line: number) => origins.get(line)?.line ?? line;
  const studies = settledUses
    .map((u) => ({ ...u, line: originLine(studiesSheet.origins, u.line) }))
    .sort((a, b) => compareStrings(a.studyId, b.studyId) || a.line - b.line);
  const models = settledModels.map((m) => ({ ...m, line: originLine(modelsSheet.origins, m.line) }));
  const notices = consensus.notices.map(locate);

  const section = (
    fields: readonly { field: string; kind: FieldKind }[],
    pairs: Map<string, [ComparedValue, ComparedValue][]>,
    compared: number,
    onlyOne: { [extractor: string]: number },
  ): AgreementSection => ({
    compared,
    onlyOne,
    fields: fields.map((f) => fieldAgreement(f.field, f.kind, pairs.get(f.field)!)),
  });
  return {
    data: { studies, models },
    problems: problems.sort(compareProblems),
    notices: notices.sort(compareProblems),
    conflicts,
    pending,
    notStarted,
    agreement: {
      studies: section(STUDY_FIELDS, studyPairs, comparedRows, rowsOnlyOne),
      models: section(
        MODEL_FIELDS,
        modelPairs,
        modelKeys.length - Object.values(modelsOnlyOne).reduce((s, n) => s + n, 0),
        modelsOnlyOne,
      ),
    },
  };
}

/** A sheet of the settled rows, and where each of its lines came from. */
function consensusSheet(
  header: readonly string[],
  rows: readonly { cells: string[]; origin: Origin }[],
): { text: string; origins: Map<number, Origin> } {
  const sheet: SheetText = {
    layout: NEW_SHEET_LAYOUT,
    // Validation reads cells as a reviewer's sheet holds them: a formula-looking value carries its guard.
    rows: [header, ...rows.map((r) => r.cells.map(neutraliseFormula))].map((cells) =>
      encodeRow(cells, NEW_SHEET_LAYOUT),
    ),
  };
  const text = renderSheetText(sheet);
  // A cell with a line break spans lines: the lines validation reports are read back from the text.
  const parsed = parseSheetText(text).rows;
  const origins = new Map<number, Origin>();
  rows.forEach((row, i) => origins.set(parsed[i + 1]!.line, row.origin));
  return { text, origins };
}
