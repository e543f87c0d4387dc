/**
 * appear.csv, best.csv and detail.csv are written byte-compatible with the published catalog
 * (williamlhy/Clinical-LLM-select), which R scripts and the selector read cell for cell: they
 * cannot carry the apostrophe that guards a formula-looking cell in a spreadsheet
 * (src/io/spreadsheet-safe.ts). Instead, every such cell is reported when the catalog is built or
 * imported, so a person knows before opening the wide files; the tidy files guard them.
 */
import { spreadsheetCell } from "../io/spreadsheet-safe.js";
import type { CatalogContent } from "./catalog-folder.js";
import { categoryCells } from "./folder-table.js";
import { modelToDetailRow } from "./models-table.js";

const runs = (cell: string) => cell !== "" && spreadsheetCell(cell) !== cell;

export function formulaCellWarnings(catalog: CatalogContent): string[] {
  const warnings: string[] = [];
  const say = (where: string, cell: string) =>
    warnings.push(
      `${where}: ${JSON.stringify(cell)} would run as a formula in a spreadsheet; appear.csv, best.csv and detail.csv keep the published layout and write it as it is (the tidy files guard it)`,
    );
  catalog.columns.forEach((column, index) => {
    for (const cell of categoryCells(column)) if (runs(cell)) say(`category column ${index + 1}`, cell);
  });
  for (const model of catalog.models) {
    const detail = modelToDetailRow(model);
    const cells = [
      model.model,
      model.size,
      model.bestLabel?.model ?? "",
      model.bestLabel?.size ?? "",
      detail.label.model,
      detail.label.size,
      ...Object.values(detail.cells),
    ];
    for (const cell of new Set(cells)) if (runs(cell)) say(`model row ${model.row}`, cell);
  }
  return warnings;
}
