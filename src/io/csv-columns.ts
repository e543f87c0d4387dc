/**
 * Reading a CSV's fields through a table of column aliases, as the record adapters
 * (src/sources/*-csv.ts) and the journal lists (src/eligibility/lists/) both do: a column
 * found by any of its names, the first non-empty cell of a field's columns, `;`-separated cells.
 */
import type { CsvRow } from "./csv-read.js";
import { cleanText } from "../record.js";

/** Field → column names that hold it, most specific first (the style of ASReview's column definitions). */
export type ColumnAliases<Field extends string> = { readonly [field in Field]: readonly string[] };

/** `Source title`, `source_title` and `SourceTitle` are one column name. */
export function normaliseColumnName(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * For each field, the header columns that hold it, in alias order. A row takes the first of
 * them that is not empty, so a `journal` column left blank for a conference paper falls back
 * to `booktitle`.
 */
export function resolveColumns<Field extends string>(
  columns: readonly string[],
  aliases: ColumnAliases<Field>,
): Map<Field, string[]> {
  const byName = new Map<string, string>();
  for (const column of columns) {
    const key = normaliseColumnName(column);
    if (!byName.has(key)) byName.set(key, column);
  }
  const resolved = new Map<Field, string[]>();
  for (const field of Object.keys(aliases) as Field[]) {
    const present = aliases[field]
      .map((alias) => byName.get(normaliseColumnName(alias)))
      .filter((c): c is string => c !== undefined);
    const unique = [...new Set(present)];
    if (unique.length > 0) resolved.set(field, unique);
  }
  return resolved;
}

/** A row's cells read through a resolved alias table. */
export class FieldReader<Field extends string> {
  constructor(
    private readonly columns: Map<Field, string[]>,
    private readonly missing: (value: string) => boolean = () => false,
  ) {}

  has(field: Field): boolean {
    return this.columns.has(field);
  }

  /** The first non-empty cell among the field's columns, cleaned; null when there is none. */
  get(row: CsvRow, field: Field): string | null {
    for (const column of this.columns.get(field) ?? []) {
      const value = cleanText(row.cells.get(column));
      if (value !== null && !this.missing(value)) return value;
    }
    return null;
  }

  /** Header columns no field reads. */
  unmapped(header: readonly string[]): string[] {
    const used = new Set([...this.columns.values()].flat());
    return header.filter((column) => !used.has(column));
  }
}

/** A `;`-separated cell (keywords, types) as a list of cleaned, non-empty items. */
export function splitList(value: string | null | undefined, separator: RegExp = /;/): string[] {
  const text = cleanText(value);
  if (text === null) return [];
  return text
    .split(separator)
    .map((item) => cleanText(item))
    .filter((item): item is string => item !== null);
}
