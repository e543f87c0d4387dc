/**
 * Reading the journal lists review.json names: each file's format (detected from its content
 * unless review.json says), its rows, then one journal per source id over all the files.
 * This is the I/O edge of the eligibility core; everything after it takes values.
 */
import { InputError, ProtocolError } from "../errors.js";
import { sniffHeader } from "../io/csv-read.js";
import { openText } from "../io/text-input.js";
import { reviewNamedPath } from "../io/workspace-path.js";
import type { EligibilityConfig, JournalListConfig, MetricConfig } from "../protocol/eligibility.js";
import { columnList, findColumn, readDelimitedList, type DelimitedListFormat } from "./delimited-list.js";
import type { ListFormatId } from "../protocol/eligibility.js";
import { mergeJournalRows, type JournalRow, type ListJournal } from "./journal-list.js";
import { genericCsvList } from "./lists/generic-csv.js";
import { looksLikeOpenAlexSources, parseOpenAlexSources } from "./lists/openalex-json.js";
import { scimagoCsvList } from "./lists/scimago-csv.js";
import { scopusCsvList } from "./lists/scopus-csv.js";

/** Tried in this order; the generic CSV last. */
export const DELIMITED_LIST_FORMATS: readonly DelimitedListFormat[] = [scopusCsvList, scimagoCsvList, genericCsvList];

export interface ListFileSummary {
  file: string;
  format: ListFormatId;
  rows: number;
}

export interface JournalLists {
  journals: ListJournal[];
  files: ListFileSummary[];
}

/**
 * A metric column that names its own year or window (`CiteScore 2020`, `Total Cites (3years)`,
 * `Citations 2020-23` as Scopus's source browser exports it) must agree with review.json, or
 * the threshold would be applied to a different count than the protocol says.
 */
export function metricColumnMismatch(column: string, metric: MetricConfig): { field: string; message: string } | null {
  const quoted = JSON.stringify(column);
  const range = /\b((?:19|20)\d{2})\s*[-–]\s*(\d{4}|\d{2})\b/.exec(column);
  if (range) {
    const from = Number(range[1]);
    const to = range[2]!.length === 2 ? Math.floor(from / 100) * 100 + Number(range[2]) : Number(range[2]);
    if (metric.year !== undefined && to !== metric.year)
      return {
        field: "eligibility.metric.year",
        message: `expected ${to} (the column ${quoted} ends in ${to}), got ${metric.year}`,
      };
    const years = to - from + 1;
    if (years !== metric.windowYears)
      return {
        field: "eligibility.metric.windowYears",
        message: `expected ${years} (the column ${quoted} counts ${years} years), got ${metric.windowYears}`,
      };
    return null;
  }
  const window = /\((\d+)\s*years?\)/i.exec(column);
  if (window && Number(window[1]) !== metric.windowYears) {
    return {
      field: "eligibility.metric.windowYears",
      message: `expected ${window[1]} (the column ${quoted} counts ${window[1]} years), got ${metric.windowYears}`,
    };
  }
  const year = /\b(?:19|20)\d{2}\b/.exec(column);
  if (!window && year && metric.year !== undefined && Number(year[0]) !== metric.year) {
    return {
      field: "eligibility.metric.year",
      message: `expected ${year[0]} (the column ${quoted} is for ${year[0]}), got ${metric.year}`,
    };
  }
  return null;
}

function delimitedFormat(option: JournalListConfig["format"], columns: readonly string[]): DelimitedListFormat {
  if (option === "auto") return DELIMITED_LIST_FORMATS.find((f) => f.detect(columns))!;
  return DELIMITED_LIST_FORMATS.find((f) => f.id === option)!;
}

async function readListFile(
  root: string,
  list: JournalListConfig,
  index: number,
  config: EligibilityConfig,
  reviewFile: string,
): Promise<{ rows: JournalRow[]; format: ListFormatId }> {
  const path = await reviewNamedPath(root, list.file, { file: reviewFile, field: `eligibility.lists.${index}.file` });
  const text = await openText(path, { displayName: list.file }).catch((error: unknown) => {
    if (error instanceof InputError && error.context.got === "no such file") {
      throw new InputError({
        file: list.file,
        expected: "the journal list review.json names (eligibility.lists)",
        got: `no such file (save the downloaded list there, or build one from OpenAlex with \`srpipe journals fetch\`)`,
      });
    }
    throw error;
  });
  const json = list.format === "openalex-json" || (list.format === "auto" && looksLikeOpenAlexSources(text.sample));
  if (json) {
    const rows = parseOpenAlexSources(await text.readAll(), list.file, config.metric);
    return { rows, format: "openalex-json" };
  }
  const header = sniffHeader(text.sample);
  if (header === null) {
    throw new InputError({
      file: list.file,
      expected: "a journal list: Scopus or SCImago CSV, a CSV with a title or ISSN column, or OpenAlex sources JSON",
      got: `a file starting ${JSON.stringify(text.sample.slice(0, 40))}`,
    });
  }
  const format = delimitedFormat(list.format, header.columns);
  const column = findColumn(header.columns, config.metric.column);
  if (column !== null) {
    const mismatch = metricColumnMismatch(column, config.metric);
    if (mismatch)
      throw new ProtocolError({ file: reviewFile, field: mismatch.field }, `${mismatch.message}; ${list.file}`);
  } else if (header.columns.length > 0) {
    throw new InputError({
      file: list.file,
      line: 1,
      field: "metric column",
      expected: `a column ${JSON.stringify(config.metric.column)} (review.json eligibility.metric.column)`,
      got: `the columns ${columnList(header.columns)}`,
    });
  }
  const { rows } = await readDelimitedList(text, format, config.metric.column);
  return { rows, format: format.id };
}

/** Every list review.json names, merged into one journal per source id. */
export async function readJournalLists(
  root: string,
  config: EligibilityConfig,
  reviewFile: string,
): Promise<JournalLists> {
  const rows: JournalRow[] = [];
  const files: ListFileSummary[] = [];
  for (const [index, list] of config.lists.entries()) {
    const read = await readListFile(root, list, index, config, reviewFile);
    rows.push(...read.rows);
    files.push({ file: list.file, format: read.format, rows: read.rows.length });
  }
  return { journals: mergeJournalRows(rows, config.metric.column), files };
}
