/**
 * The catalog folder (processed/catalog/, or any folder `srpipe catalog import` writes). Its
 * contract, file by file — every CSV is UTF-8 with a header row and `\n` line ends, except the three
 * wide files, which are byte for byte the published layout (BOM, CRLF):
 *
 * - `catalog.csv` — tidy counts: row,model,size,stage,task,subtask,mandatory_input,optional_input,
 *   output,appear,best. One row per model row × category column where appear or best is non-zero;
 *   `row` is the model row's 1-based position in the wide files (tidy.ts). Sorted by row, then
 *   by category column.
 * - `categories.csv` — the category columns in wide-file order: column,stage,task,subtask,
 *   mandatory_input,optional_input,output (categories-table.ts). Needed because catalog.csv has no
 *   rows for zero counts and cannot say in which order the columns go.
 * - `models.csv` — one row per model row: labels (with best.csv's and detail.csv's where they
 *   differ), access, and per phase GPU count, GPU, per-GPU TDP/memory/price and the totals, as
 *   text (models-table.ts).
 * - `appear.csv`, `best.csv`, `detail.csv` — the published wide layout, written from the three
 *   files above (wide-layout.ts); nothing in them is not in the tidy files.
 * - `stats.csv` — per model and per stage/task figures (stats.ts).
 * - `evidence.csv` — only for a catalog built from extraction: model,size,stage,task,subtask,
 *   mandatory_input,optional_input,output,study_id,doi,title,best — one row per model × category ×
 *   study, so appear = the rows for that model × category, best = those with best 1 (evidence.ts).
 *
 * Reading checks the files against each other (a catalog.csv row naming a model row or category
 * the other files lack, evidence that does not add up to the counts) and fails at file:line.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { formatCategoriesCsv, parseCategoriesCsv } from "./categories-table.js";
import { formatEvidenceCsv, parseEvidenceCsv, type EvidenceRow } from "./evidence.js";
import {
  bestLabelOf,
  formatModelsCsv,
  labelOf,
  modelToDetailRow,
  parseModelsCsv,
  type ModelRecord,
} from "./models-table.js";
import { computeStats, formatStatsCsv } from "./stats.js";
import { categoryKey, formatTidyCsv, parseTidyCsv, tidyToWide, type TidyRow } from "./tidy.js";
import { formatCountsWide, formatDetailWide, type CategoryColumn } from "./wide-layout.js";

export const CATALOG_FILES = {
  catalog: "catalog.csv",
  categories: "categories.csv",
  models: "models.csv",
  appear: "appear.csv",
  best: "best.csv",
  detail: "detail.csv",
  stats: "stats.csv",
  evidence: "evidence.csv",
} as const;

/** Everything a catalog folder holds; the wide files and stats.csv are derived from it. */
export interface CatalogContent {
  columns: CategoryColumn[];
  models: ModelRecord[];
  counts: TidyRow[];
  /** null for a catalog without studies behind its counts (an imported published catalog). */
  evidence: EvidenceRow[] | null;
}

/** The three published wide files of a catalog, as text. */
export function wideFiles(catalog: CatalogContent): { appear: string; best: string; detail: string } {
  return {
    appear: formatCountsWide(tidyToWide(catalog.counts, "appear", catalog.columns, catalog.models.map(labelOf))),
    best: formatCountsWide(tidyToWide(catalog.counts, "best", catalog.columns, catalog.models.map(bestLabelOf))),
    detail: formatDetailWide({ rows: catalog.models.map(modelToDetailRow) }),
  };
}

/** Writes the wide files only (`srpipe catalog export`). */
export async function writeWideFiles(dir: string, catalog: CatalogContent): Promise<void> {
  const wide = wideFiles(catalog);
  await writeFileAtomic(join(dir, CATALOG_FILES.appear), wide.appear);
  await writeFileAtomic(join(dir, CATALOG_FILES.best), wide.best);
  await writeFileAtomic(join(dir, CATALOG_FILES.detail), wide.detail);
}

/**
 * Writes the whole folder. Without evidence, an evidence.csv left by an earlier build is removed:
 * it would describe counts this catalog no longer has.
 */
export async function writeCatalogFolder(dir: string, catalog: CatalogContent): Promise<void> {
  await writeFileAtomic(join(dir, CATALOG_FILES.catalog), formatTidyCsv(catalog.counts));
  await writeFileAtomic(join(dir, CATALOG_FILES.categories), formatCategoriesCsv(catalog.columns));
  await writeFileAtomic(join(dir, CATALOG_FILES.models), formatModelsCsv(catalog.models));
  await writeWideFiles(dir, catalog);
  await writeFileAtomic(join(dir, CATALOG_FILES.stats), formatStatsCsv(computeStats(catalog)));
  if (catalog.evidence) await writeFileAtomic(join(dir, CATALOG_FILES.evidence), formatEvidenceCsv(catalog.evidence));
  else await rm(join(dir, CATALOG_FILES.evidence), { force: true });
}

/**
 * Reads one file of a catalog folder; `file` is how messages name it. A missing optional file is
 * null; a missing required one fails naming the file.
 */
export async function readFolderFile(path: string, file: string, optional: true): Promise<string | null>;
export async function readFolderFile(path: string, file: string, optional?: false): Promise<string>;
export async function readFolderFile(path: string, file: string, optional = false): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === "ENOENT") return null;
    throw new InputError(
      {
        file,
        expected: "a catalog folder file (written by `srpipe catalog import` or `srpipe report`)",
        got: code === "ENOENT" ? "no such file" : (code ?? "an unreadable file"),
      },
      { cause: error },
    );
  }
}

/**
 * Reads a catalog folder's tidy files (catalog.csv, categories.csv, models.csv, evidence.csv when
 * present). `display` is how messages name the folder (the path as the user typed it).
 */
export async function readCatalogFolder(dir: string, display = dir): Promise<CatalogContent> {
  const name = (file: string): string => join(display, file);
  const read = (file: string) => readFolderFile(join(dir, file), name(file));
  const columns = parseCategoriesCsv(await read(CATALOG_FILES.categories), name(CATALOG_FILES.categories));
  const models = parseModelsCsv(await read(CATALOG_FILES.models), name(CATALOG_FILES.models));
  const tidy = parseTidyCsv(await read(CATALOG_FILES.catalog), name(CATALOG_FILES.catalog));
  const evidenceText = await readFolderFile(join(dir, CATALOG_FILES.evidence), name(CATALOG_FILES.evidence), true);
  const evidence =
    evidenceText === null ? null : parseEvidenceCsv(evidenceText, name(CATALOG_FILES.evidence)).map((e) => e.row);
  const counts = checkCounts(tidy, columns, models, name(CATALOG_FILES.catalog));
  if (evidence) checkEvidence(evidence, counts, name(CATALOG_FILES.evidence));
  return { columns, models, counts, evidence };
}

function checkCounts(
  tidy: readonly { line: number; row: TidyRow }[],
  columns: readonly CategoryColumn[],
  models: readonly ModelRecord[],
  file: string,
): TidyRow[] {
  const known = new Set(columns.map(categoryKey));
  const seen = new Set<string>();
  return tidy.map(({ line, row }) => {
    const model = models[row.row - 1];
    if (model === undefined) {
      throw new InputError({
        file,
        line,
        column: 1,
        field: "row",
        expected: `a model row of models.csv (1 to ${models.length})`,
        got: String(row.row),
      });
    }
    if (model.model !== row.model || model.size !== row.size) {
      throw new InputError({
        file,
        line,
        column: 2,
        field: "model",
        expected: `model row ${row.row} as models.csv names it, ${JSON.stringify(`${model.model} ${model.size}`)}`,
        got: JSON.stringify(`${row.model} ${row.size}`),
      });
    }
    const key = categoryKey(row.category);
    if (!known.has(key)) {
      throw new InputError({
        file,
        line,
        column: 4,
        field: "category",
        expected: "one of the categories in categories.csv",
        got: key,
      });
    }
    const cell = `${row.row}\u0000${key}`;
    if (seen.has(cell))
      throw new InputError({
        file,
        line,
        column: 1,
        field: "row",
        expected: "each model row × category once",
        got: "a repeat of an earlier row",
      });
    seen.add(cell);
    return row;
  });
}

/** appear/best summed per model × size × category must equal the evidence rows behind them. */
function checkEvidence(evidence: readonly EvidenceRow[], counts: readonly TidyRow[], file: string): void {
  const tally = new Map<string, { appear: number; best: number; label: string }>();
  const entry = (model: string, size: string, category: CategoryColumn) => {
    const key = JSON.stringify([model, size, categoryKey(category)]);
    const found = tally.get(key) ?? {
      appear: 0,
      best: 0,
      label: `${model} ${size} in ${category.stage}/${category.subtask}`,
    };
    tally.set(key, found);
    return found;
  };
  for (const row of counts) {
    const found = entry(row.model, row.size, row.category);
    found.appear += row.appear;
    found.best += row.best;
  }
  for (const row of evidence) {
    const found = entry(row.model, row.size, row.category);
    found.appear -= 1;
    if (row.best) found.best -= 1;
  }
  for (const { appear, best, label } of tally.values()) {
    if (appear !== 0 || best !== 0) {
      throw new InputError({
        file,
        field: label,
        expected: "as many study rows (and best = 1 rows) as catalog.csv counts",
        got: `${appear > 0 ? `${appear} fewer` : `${-appear} more`} rows and ${best >= 0 ? `${best} fewer` : `${-best} more`} best rows`,
      });
    }
  }
}
