/**
 * A CSV srpipe wrote itself (processed/*.csv), read whole into rows by column name, each with the
 * line it starts on, so a problem can name file:line. Exports from databases go through
 * csv-read.ts instead, which copes with their damage; these files are ours and must simply parse.
 */
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";

export interface CsvTableRow {
  line: number;
  cells: { [column: string]: string };
}

export interface CsvTable {
  header: string[];
  rows: CsvTableRow[];
}

export function parseCsvTable(text: string, file: string, expected: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
    }) as unknown as typeof records;
  } catch (error) {
    throw new InputError({ file, line: (error as { lines?: number }).lines, expected, got: (error as Error).message });
  }
  const [head, ...body] = records;
  const header = head?.record ?? [];
  let previousEnd = head?.info.lines ?? 0;
  const rows = body.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    const cells: { [column: string]: string } = {};
    header.forEach((name, i) => (cells[name] = record[i] ?? ""));
    return { line, cells };
  });
  return { header, rows };
}

/** Read and parse; a missing file is an InputError saying which command makes it. */
export async function readCsvTable(path: string, file: string, expected: string, madeBy: string): Promise<CsvTable> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new InputError(
      {
        file,
        expected: `${expected} (run \`${madeBy}\` first)`,
        got: missing ? "no such file" : (error as Error).message,
      },
      { cause: error },
    );
  }
  return parseCsvTable(text, file, expected);
}
