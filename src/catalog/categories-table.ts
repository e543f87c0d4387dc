/**
 * categories.csv — the catalog's category columns in order, one row each. The tidy catalog.csv
 * cannot carry them itself: it has rows only for non-zero counts, so a column nobody used, and the
 * order the wide files put the columns in, would be lost without this list.
 */
import { z } from "zod";
import { spreadsheetCsvDocument } from "../io/csv-write.js";
import { InputError } from "../errors.js";
import {
  CATEGORY_CELLS,
  CATEGORY_COLUMNS,
  WHOLE_NUMBER,
  categoryCells,
  categoryFromCells,
  parseFolderTable,
} from "./folder-table.js";
import { categoryKey } from "./tidy.js";
import type { CategoryColumn } from "./wide-layout.js";

export const CATEGORIES_COLUMNS = ["column", ...CATEGORY_COLUMNS] as const;

export function formatCategoriesCsv(columns: readonly CategoryColumn[]): string {
  return spreadsheetCsvDocument(
    CATEGORIES_COLUMNS,
    columns.map((c, index) => [index + 1, ...categoryCells(c)]),
  );
}

const CategoriesRowSchema = z.object({
  column: z.string().regex(WHOLE_NUMBER, "a whole number"),
  ...CATEGORY_CELLS,
});

/** Reads categories.csv; columns must be numbered 1, 2, 3 … in order and each listed once. */
export function parseCategoriesCsv(csv: string, file: string): CategoryColumn[] {
  const seen = new Set<string>();
  return parseFolderTable(csv, file, CATEGORIES_COLUMNS, CategoriesRowSchema).map(({ line, value }, index) => {
    if (Number(value.column) !== index + 1) {
      throw new InputError({
        file,
        line,
        column: 1,
        field: "column",
        expected: `column ${index + 1} (columns numbered 1, 2, 3 … in order)`,
        got: JSON.stringify(value.column),
      });
    }
    const category = categoryFromCells(value);
    const key = categoryKey(category);
    if (seen.has(key))
      throw new InputError({
        file,
        line,
        column: 2,
        field: "category",
        expected: "each category once",
        got: "a repeat of an earlier row",
      });
    seen.add(key);
    return category;
  });
}
