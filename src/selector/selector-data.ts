/**
 * The catalog folder → the compact data the selector page embeds. Reads only the stable parts of
 * the folder contract: catalog.csv (tidy counts), detail.csv (published wide layout: access and GPU
 * figures per phase; its rows align with catalog.csv's `row`) and, when the catalog was built from
 * extraction, evidence.csv (the studies behind each count).
 *
 * Everything is in a fixed order (models by row, columns by first appearance in catalog.csv, which
 * is sorted by row then taxonomy column; studies by id) so the same catalog gives the same bytes.
 */
import { join } from "node:path";
import { InputError } from "../errors.js";
import { CATALOG_FILES, readFolderFile } from "../catalog/catalog-folder.js";
import { parseEvidenceCsv, type EvidenceRow } from "../catalog/evidence.js";
import { categoryKey, parseTidyCsv, type TidyRow } from "../catalog/tidy.js";
import { parseDetailWide, type DetailColumn, type DetailRow } from "../catalog/wide-layout.js";
import {
  SELECTOR_SCHEMA_VERSION,
  type Column,
  type CountCell,
  type EvidenceCell,
  type Model,
  type Phase,
  type PhaseUse,
  type SelectorData,
  type Study,
} from "./client.js";

interface PhaseCells {
  phase: Phase;
  count: DetailColumn;
  gpu: DetailColumn;
  memoryTotal: DetailColumn;
  tdpTotal: DetailColumn;
  priceTotal: DetailColumn;
}

/** detail.csv's columns per phase (the published names; see src/catalog/wide-layout.ts DETAIL_COLUMNS). */
const PHASES: readonly PhaseCells[] = [
  {
    phase: "pretraining",
    count: "pre_num",
    gpu: "pre_gpu",
    memoryTotal: "pre_m",
    tdpTotal: "pre_TDP",
    priceTotal: "pre_price",
  },
  {
    phase: "fine-tuning",
    count: "fin_num",
    gpu: "fin_gpu",
    memoryTotal: "fin_m",
    tdpTotal: "fin_TDP",
    priceTotal: "fin_price",
  },
  {
    phase: "inference",
    count: "infe_num",
    gpu: "infe_gpu",
    memoryTotal: "infe_m",
    tdpTotal: "infe_TDP",
    priceTotal: "infe_price",
  },
];

function numberCell(detail: DetailRow, column: DetailColumn, file: string, line: number): number | null {
  const cell = detail.cells[column].trim();
  if (cell === "") return null;
  const value = Number(cell);
  if (!Number.isFinite(value)) {
    throw new InputError({
      file,
      line,
      field: column,
      expected: "a number or an empty cell",
      got: JSON.stringify(cell),
    });
  }
  return value;
}

/** The phases of a detail row with any figure, totals as published (the catalog derives them, the page only shows them). */
export function phaseUses(detail: DetailRow, file: string, line: number): PhaseUse[] {
  return PHASES.flatMap((p): PhaseUse[] => {
    const use: PhaseUse = {
      phase: p.phase,
      gpuCount: numberCell(detail, p.count, file, line),
      gpu: detail.cells[p.gpu].trim(),
      memoryGb: numberCell(detail, p.memoryTotal, file, line),
      tdpW: numberCell(detail, p.tdpTotal, file, line),
      priceUsd: numberCell(detail, p.priceTotal, file, line),
    };
    const any =
      use.gpuCount !== null || use.gpu !== "" || use.memoryGb !== null || use.tdpW !== null || use.priceUsd !== null;
    return any ? [use] : [];
  });
}

/** The six header rows before detail.csv's first model row. */
const DETAIL_HEADER_ROWS = 6;

/**
 * Pure: tidy counts + detail rows (+ evidence) → SelectorData. Only model rows with a count are
 * embedded: a model no study used in any category can never be recommended.
 */
export function buildSelectorData(
  tidy: readonly TidyRow[],
  detail: readonly DetailRow[],
  evidence: readonly { line: number; row: EvidenceRow }[] | null,
  files: { catalog: string; detail: string; evidence: string } = {
    catalog: "catalog.csv",
    detail: "detail.csv",
    evidence: "evidence.csv",
  },
): SelectorData {
  const columns: Column[] = [];
  const columnIndex = new Map<string, number>();
  const rows = [...new Set(tidy.map((t) => t.row))].sort((a, b) => a - b);
  const modelIndex = new Map(rows.map((row, index) => [row, index]));
  const models: Model[] = rows.map((row) => {
    const d = detail[row - 1];
    const first = tidy.find((t) => t.row === row);
    if (d === undefined || first === undefined) {
      throw new InputError({
        file: files.catalog,
        field: "row",
        expected: `a model row that ${files.detail} has (it has ${detail.length})`,
        got: String(row),
      });
    }
    return {
      row,
      model: first.model,
      size: first.size,
      access: d.cells.access.trim(),
      phases: phaseUses(d, files.detail, DETAIL_HEADER_ROWS + row),
    };
  });
  const counts: CountCell[] = [];
  for (const t of tidy) {
    const key = categoryKey(t.category);
    let c = columnIndex.get(key);
    if (c === undefined) {
      c = columns.length;
      columnIndex.set(key, c);
      const { stage, task, subtask, mandatoryInput, optionalInput, output } = t.category;
      columns.push({ stage, task, subtask, mandatoryInput, optionalInput, output });
    }
    counts.push([modelIndex.get(t.row) ?? -1, c, t.appear, t.best]);
  }
  counts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (evidence === null)
    return { schemaVersion: SELECTOR_SCHEMA_VERSION, columns, models, counts, studies: null, evidence: [] };

  const studies: Study[] = [];
  const studyIndex = new Map<string, number>();
  const sortedStudies = [...evidence].sort((a, b) =>
    a.row.studyId < b.row.studyId ? -1 : a.row.studyId > b.row.studyId ? 1 : a.line - b.line,
  );
  for (const { row: e } of sortedStudies) {
    if (!studyIndex.has(e.studyId)) {
      studyIndex.set(e.studyId, studies.length);
      studies.push({ id: e.studyId, doi: e.doi.trim(), title: e.title.trim() });
    }
  }
  // A model × size label can name more than one model row (the published files repeat one); the
  // study then stands behind each of them, as the counts do.
  const rowsByLabel = new Map<string, number[]>();
  for (const t of tidy) {
    const key = JSON.stringify([t.model, t.size, categoryKey(t.category)]);
    const list = rowsByLabel.get(key) ?? [];
    if (!list.includes(t.row)) list.push(t.row);
    rowsByLabel.set(key, list);
  }
  const cells: EvidenceCell[] = [];
  for (const { line, row: e } of evidence) {
    const key = categoryKey(e.category);
    const rowsForLabel = rowsByLabel.get(JSON.stringify([e.model, e.size, key]));
    const c = columnIndex.get(key);
    if (rowsForLabel === undefined || c === undefined) {
      throw new InputError({
        file: files.evidence,
        line,
        field: "model",
        expected: `a model × size × category that ${files.catalog} counts`,
        got: JSON.stringify(`${e.model} ${e.size} ${e.category.stage}/${e.category.subtask}`),
      });
    }
    for (const row of rowsForLabel)
      cells.push([modelIndex.get(row) ?? -1, c, studyIndex.get(e.studyId) ?? -1, e.best ? 1 : 0]);
  }
  const unique = new Map(cells.map((cell) => [cell.join(","), cell]));
  const evidenceCells = [...unique.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  return { schemaVersion: SELECTOR_SCHEMA_VERSION, columns, models, counts, studies, evidence: evidenceCells };
}

/** Reads a catalog folder; `shownDir` is how messages name it (relative to the workspace). */
export async function readSelectorData(catalogDir: string, shownDir = catalogDir): Promise<SelectorData> {
  const files = {
    catalog: join(shownDir, CATALOG_FILES.catalog),
    detail: join(shownDir, CATALOG_FILES.detail),
    evidence: join(shownDir, CATALOG_FILES.evidence),
  };
  const tidy = parseTidyCsv(
    await readFolderFile(join(catalogDir, CATALOG_FILES.catalog), files.catalog),
    files.catalog,
  ).map((t) => t.row);
  const detail = parseDetailWide(
    await readFolderFile(join(catalogDir, CATALOG_FILES.detail), files.detail),
    files.detail,
  );
  const evidenceText = await readFolderFile(join(catalogDir, CATALOG_FILES.evidence), files.evidence, true);
  const evidence = evidenceText === null ? null : parseEvidenceCsv(evidenceText, files.evidence);
  return buildSelectorData(tidy, detail.rows, evidence, files);
}
