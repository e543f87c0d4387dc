/**
 * The catalog built from extraction (pure: values in, values out; writeCatalogFolder does the I/O).
 *
 * Counting: appear = the number of distinct studies that used the model × size in the category
 * column, best = the number of distinct studies that reported it best there. A study listed twice
 * for the same category (two sheet rows), or naming a model twice, counts once. A model reported
 * best counts as used too (validation already requires best ⊆ used; if it slipped through, the
 * count stays consistent: best ≤ appear). A negative-result study counts as a use but never as
 * best: a best model it names anyway is ignored and reported.
 *
 * Columns: the taxonomy's columns that have at least one use, in taxonomy order; a combination the
 * taxonomy lacks (new inputs/output for a known subtask) goes after the last taxonomy column of its
 * stage, several such by task, subtask, mandatory input, optional input, output; one of a stage the
 * taxonomy lacks goes at the end, by stage first.
 *
 * Model rows: every model of models.csv plus any model used in studies but missing there (empty
 * detail, reported), ordered by total appear (descending), then total best (descending), then
 * name, then size (by code point, so the order does not depend on the machine's locale). A model
 * in models.csv that no study uses keeps its row with zero counts: it is part of what was extracted.
 *
 * detail.csv: access, per phase the GPU count and GPU, the GPU's TDP and price from the GPU table,
 * and totals derived as count × TDP, count × memory, count × price; a cell is empty where a
 * factor is unknown. Numbers are written as the published file writes them (formatNumberCell).
 */
import type { CatalogContent } from "./catalog-folder.js";
import type { EvidenceRow } from "./evidence.js";
import type { Phase } from "./gpu-table.js";
import { emptyPhase, formatNumberCell, PHASE_LAYOUT, type ModelRecord, type PhaseRecord } from "./models-table.js";
import { categoryKey, type TidyRow } from "./tidy.js";
import type { CategoryColumn } from "./wide-layout.js";

export { writeCatalogFolder } from "./catalog-folder.js";

/** A model as the catalog counts it: canonical name, size "" when none. */
export interface ModelRef {
  model: string;
  size: string;
}

export interface StudyUse {
  studyId: string;
  doi: string;
  title: string;
  line: number;
  category: CategoryColumn;
  used: ModelRef[];
  best: ModelRef[];
  negativeResult: boolean;
}

export interface ModelEntry {
  model: string;
  size: string;
  access: string;
  line: number;
  phases: Record<Phase, { count: number | null; gpu: string }>;
}

export interface GpuEntry {
  model: string;
  memoryGb: number | null;
  tdpW: number | null;
  price: number | null;
}

export interface CatalogInput {
  /** The taxonomy's category columns, in its order. */
  columns: CategoryColumn[];
  gpus: GpuEntry[];
  studies: StudyUse[];
  models: ModelEntry[];
}

/** Something the builder noticed in its input; `line` is the studies.csv / models.csv line it comes from. */
export interface BuildWarning {
  source: "studies" | "models";
  line: number;
  message: string;
}

export interface BuiltCatalog extends CatalogContent {
  evidence: EvidenceRow[];
  warnings: BuildWarning[];
}

const refKey = (ref: ModelRef): string => JSON.stringify([ref.model, ref.size]);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The used columns in catalog order (see the header comment). */
function orderColumns(taxonomy: readonly CategoryColumn[], used: readonly CategoryColumn[]): CategoryColumn[] {
  const position = new Map(taxonomy.map((c, index) => [categoryKey(c), index]));
  const lastOfStage = new Map<string, number>();
  taxonomy.forEach((c, index) => lastOfStage.set(c.stage, index));
  const sortKey = (c: CategoryColumn): [number, number, string[]] => {
    const at = position.get(categoryKey(c));
    if (at !== undefined) return [at, 0, []];
    const after = lastOfStage.get(c.stage);
    const fields = [c.task, c.subtask, c.mandatoryInput, c.optionalInput, c.output];
    return after === undefined ? [taxonomy.length, 1, [c.stage, ...fields]] : [after, 1, fields];
  };
  return [...used].sort((a, b) => {
    const [pa, ea, fa] = sortKey(a);
    const [pb, eb, fb] = sortKey(b);
    if (pa !== pb) return pa - pb;
    if (ea !== eb) return ea - eb;
    for (let i = 0; i < fa.length; i += 1) {
      const order = compareText(fa[i] ?? "", fb[i] ?? "");
      if (order !== 0) return order;
    }
    return 0;
  });
}

interface Cell {
  used: Map<string, StudyUse>;
  best: Set<string>;
}

/**
 * One phase's detail cells from its GPU count and GPU: the GPU's TDP, memory and price from the GPU
 * table, and the totals count × each; empty where the GPU or a factor is unknown.
 */
export function derivePhase(
  entry: { count: number | null; gpu: string } | undefined,
  gpus: ReadonlyMap<string, GpuEntry>,
): PhaseRecord {
  const record = emptyPhase();
  if (!entry) return record;
  record.count = formatNumberCell(entry.count);
  record.gpu = entry.gpu;
  const spec = gpus.get(entry.gpu);
  if (entry.gpu === "" || !spec) return record;
  const total = (perGpu: number | null) => (entry.count === null || perGpu === null ? null : entry.count * perGpu);
  record.gpuTdpW = formatNumberCell(spec.tdpW);
  record.gpuMemoryGb = formatNumberCell(spec.memoryGb);
  record.gpuPrice = formatNumberCell(spec.price);
  record.tdpTotal = formatNumberCell(total(spec.tdpW));
  record.memoryTotal = formatNumberCell(total(spec.memoryGb));
  record.priceTotal = formatNumberCell(total(spec.price));
  return record;
}

export function buildCatalog(input: CatalogInput): BuiltCatalog {
  const warnings: BuildWarning[] = [];
  const gpus = new Map(input.gpus.map((g) => [g.model, g]));

  // model × size → category key → the studies behind the cell.
  const cells = new Map<string, Map<string, Cell>>();
  const columnsByKey = new Map<string, CategoryColumn>();
  const refs = new Map<string, { ref: ModelRef; line: number }>();
  for (const study of input.studies) {
    const key = categoryKey(study.category);
    const best = study.negativeResult ? [] : study.best;
    if (study.negativeResult && study.best.length > 0) {
      warnings.push({
        source: "studies",
        line: study.line,
        message: `study ${study.studyId} has a negative result but names a best model; not counted as best`,
      });
    }
    const used = new Set(study.used.map(refKey));
    for (const ref of best) {
      if (!used.has(refKey(ref))) {
        warnings.push({
          source: "studies",
          line: study.line,
          message: `study ${study.studyId}: best model "${ref.model}" "${ref.size}" is not among the models used; counted as used`,
        });
      }
    }
    const bestKeys = new Set(best.map(refKey));
    for (const ref of [...study.used, ...best]) {
      const model = refKey(ref);
      if (!columnsByKey.has(key)) columnsByKey.set(key, study.category);
      if (!refs.has(model)) refs.set(model, { ref: { model: ref.model, size: ref.size }, line: study.line });
      const byColumn = cells.get(model) ?? new Map<string, Cell>();
      cells.set(model, byColumn);
      const cell = byColumn.get(key) ?? { used: new Map<string, StudyUse>(), best: new Set<string>() };
      byColumn.set(key, cell);
      if (!cell.used.has(study.studyId)) cell.used.set(study.studyId, study);
      if (bestKeys.has(model)) cell.best.add(study.studyId);
    }
  }

  const columns = orderColumns(input.columns, [...columnsByKey.values()]);
  const columnOrder = new Map(columns.map((c, index) => [categoryKey(c), index]));

  // Model rows: models.csv entries (first of a repeated model × size wins) and models used but not listed.
  const entries = new Map<string, ModelEntry>();
  for (const entry of input.models) {
    const key = refKey(entry);
    if (entries.has(key)) {
      warnings.push({
        source: "models",
        line: entry.line,
        message: `model "${entry.model}" "${entry.size}" is listed again; the first row is used`,
      });
      continue;
    }
    entries.set(key, entry);
  }
  for (const [key, { ref, line }] of refs) {
    if (!entries.has(key))
      warnings.push({
        source: "studies",
        line,
        message: `model "${ref.model}" "${ref.size}" is used but not in models.csv; its detail cells are empty`,
      });
  }
  for (const entry of entries.values()) {
    for (const { phase } of PHASE_LAYOUT) {
      const gpu = entry.phases[phase]?.gpu ?? "";
      if (gpu !== "" && !gpus.has(gpu)) {
        warnings.push({
          source: "models",
          line: entry.line,
          message: `model "${entry.model}" "${entry.size}", ${phase}: GPU "${gpu}" is not in the GPU table; its TDP, memory and price cells are empty`,
        });
      }
    }
  }
  const labels = new Map<string, ModelRef>();
  for (const [key, entry] of entries) labels.set(key, { model: entry.model, size: entry.size });
  for (const [key, { ref }] of refs) if (!labels.has(key)) labels.set(key, ref);
  const totals = (key: string) => {
    let appear = 0;
    let best = 0;
    for (const cell of cells.get(key)?.values() ?? []) {
      appear += cell.used.size;
      best += cell.best.size;
    }
    return { appear, best };
  };
  const ordered = [...labels].map(([key, label]) => ({ key, label, ...totals(key) }));
  ordered.sort(
    (a, b) =>
      b.appear - a.appear ||
      b.best - a.best ||
      compareText(a.label.model, b.label.model) ||
      compareText(a.label.size, b.label.size),
  );

  const models: ModelRecord[] = [];
  const counts: TidyRow[] = [];
  const evidence: EvidenceRow[] = [];
  ordered.forEach(({ key, label }, index) => {
    const row = index + 1;
    const entry = entries.get(key);
    const phases = {} as Record<Phase, PhaseRecord>;
    for (const { phase } of PHASE_LAYOUT) phases[phase] = derivePhase(entry?.phases[phase], gpus);
    models.push({
      row,
      model: label.model,
      size: label.size,
      bestLabel: null,
      detailLabel: null,
      access: entry?.access ?? "",
      phases,
    });
    const byColumn = [...(cells.get(key) ?? [])].sort(
      ([a], [b]) => (columnOrder.get(a) ?? 0) - (columnOrder.get(b) ?? 0),
    );
    for (const [columnKey, cell] of byColumn) {
      const category = columnsByKey.get(columnKey)!;
      counts.push({
        row,
        model: label.model,
        size: label.size,
        category,
        appear: cell.used.size,
        best: cell.best.size,
      });
      const studies = [...cell.used.values()].sort((a, b) => compareText(a.studyId, b.studyId));
      for (const study of studies) {
        evidence.push({
          model: label.model,
          size: label.size,
          category,
          studyId: study.studyId,
          doi: study.doi,
          title: study.title,
          best: cell.best.has(study.studyId),
        });
      }
    }
  });
  return { columns, models, counts, evidence, warnings };
}
