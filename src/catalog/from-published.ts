/**
 * A published wide catalog (appear.csv, best.csv, detail.csv of williamlhy/Clinical-LLM-select) →
 * the catalog folder's tidy content. Nothing is corrected: labels that differ between the files are
 * kept per file (and reported), detail.csv's cells are kept as text, best > appear is kept; the
 * warnings say what a reader of the published data should know.
 */
import { InputError } from "../errors.js";
import type { CatalogContent } from "./catalog-folder.js";
import { checkDerivedTotals, deriveGpuTable } from "./gpu-table.js";
import { detailRowPhases, labelIfDifferent, PHASE_LAYOUT, type ModelRecord } from "./models-table.js";
import { NUMBER_CELL } from "./folder-table.js";
import { formulaCellWarnings } from "./formula-cells.js";
import { categoryKey, labelDisagreements, wideToTidy } from "./tidy.js";
import {
  DETAIL_COLUMNS,
  HEADER_ROWS,
  parseCountsWide,
  parseDetailWide,
  type CountsCatalog,
  type DetailCatalog,
} from "./wide-layout.js";

export interface PublishedFile {
  /** How messages name the file. */
  name: string;
  text: string;
}

export interface PublishedImport {
  catalog: CatalogContent;
  warnings: string[];
}

const NUMERIC_DETAIL_COLUMNS = new Set<string>(
  PHASE_LAYOUT.flatMap((p) =>
    Object.entries(p.detail)
      .filter(([field]) => field !== "gpu")
      .map(([, column]) => column),
  ),
);

function checkShapes(
  appear: CountsCatalog,
  best: CountsCatalog,
  detail: DetailCatalog,
  files: { best: string; detail: string },
): void {
  appear.columns.forEach((column, index) => {
    const other = best.columns[index];
    if (other === undefined || categoryKey(other) !== categoryKey(column)) {
      throw new InputError({
        file: files.best,
        line: 1,
        column: index + 3,
        field: "category",
        expected: `the category columns of appear.csv (${column.stage}/${column.subtask})`,
        got: other ? `${other.stage}/${other.subtask}` : "no column",
      });
    }
  });
  if (best.columns.length !== appear.columns.length) {
    throw new InputError({
      file: files.best,
      line: 1,
      field: "category",
      expected: `${appear.columns.length} category columns as in appear.csv`,
      got: String(best.columns.length),
    });
  }
  for (const [file, rows] of [
    [files.best, best.rows.length],
    [files.detail, detail.rows.length],
  ] as const) {
    if (rows !== appear.rows.length) {
      throw new InputError({
        file,
        field: "model rows",
        expected: `${appear.rows.length} model rows as in appear.csv`,
        got: String(rows),
      });
    }
  }
}

/** detail.csv number cells must be numbers or empty: models.csv and the GPU checks rely on it. */
function checkDetailNumbers(detail: DetailCatalog, file: string): void {
  detail.rows.forEach((row, index) => {
    DETAIL_COLUMNS.forEach((column, offset) => {
      const cell = row.cells[column];
      if (NUMERIC_DETAIL_COLUMNS.has(column) && !NUMBER_CELL.test(cell)) {
        throw new InputError({
          file,
          line: HEADER_ROWS + index + 1,
          column: offset + 3,
          field: column,
          expected: "a number or an empty cell",
          got: JSON.stringify(cell),
        });
      }
    });
  });
}

export function importPublished(files: {
  appear: PublishedFile;
  best: PublishedFile;
  detail: PublishedFile;
}): PublishedImport {
  const appear = parseCountsWide(files.appear.text, files.appear.name);
  const best = parseCountsWide(files.best.text, files.best.name);
  const detail = parseDetailWide(files.detail.text, files.detail.name);
  checkShapes(appear, best, detail, { best: files.best.name, detail: files.detail.name });
  checkDetailNumbers(detail, files.detail.name);

  const warnings: string[] = [];
  const labels = appear.rows.map((r) => r.label);
  for (const [other, rows] of [
    [files.best.name, best.rows],
    [files.detail.name, detail.rows],
  ] as const) {
    for (const d of labelDisagreements(
      labels,
      rows.map((r) => r.label),
    )) {
      warnings.push(
        `model row ${d.row}: ${files.appear.name} names "${d.a.model}" "${d.a.size}", ${other} "${d.b.model}" "${d.b.size}" (kept as each file names it)`,
      );
    }
  }
  appear.rows.forEach((row, r) => {
    row.counts.forEach((n, c) => {
      const b = best.rows[r]?.counts[c] ?? 0;
      const column = appear.columns[c];
      if (b > n && column)
        warnings.push(
          `model row ${r + 1} (${row.label.model}), ${column.stage}/${column.subtask}: best ${b} exceeds appear ${n} (kept as published)`,
        );
    });
  });
  const { table, disagreements } = deriveGpuTable(detail.rows);
  for (const d of disagreements) {
    warnings.push(
      `model row ${d.row}, ${d.phase}: ${d.gpu} ${d.quantity} ${d.published} where other rows give ${d.chosen} (the GPU table keeps ${d.chosen})`,
    );
  }
  for (const m of checkDerivedTotals(detail.rows, table).mismatches) {
    warnings.push(
      `model row ${m.row} (${m.model}), ${m.phase}: published ${m.column} ${m.published}, count × GPU table gives ${m.derived ?? "nothing (no GPU count in that phase)"} (kept as published)`,
    );
  }

  const memory = new Map(table.map((spec) => [spec.gpu, spec.memoryGb]));
  const models: ModelRecord[] = appear.rows.map((row, index) => {
    const own = row.label;
    const detailRow = detail.rows[index]!;
    return {
      row: index + 1,
      model: own.model,
      size: own.size,
      bestLabel: labelIfDifferent(best.rows[index]!.label, own),
      detailLabel: labelIfDifferent(detailRow.label, own),
      access: detailRow.cells.access,
      phases: detailRowPhases(detailRow, (gpu) => memory.get(gpu) ?? null),
    };
  });
  const catalog: CatalogContent = { columns: appear.columns, models, counts: wideToTidy(appear, best), evidence: null };
  warnings.push(...formulaCellWarnings(catalog));
  return { catalog, warnings };
}
