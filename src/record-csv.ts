/**
 * The file contracts of the import stage: `processed/records.csv` (one row per imported
 * record) and `processed/rejects.csv` (what could not be read, and why). The column list
 * is one table; the header, the writer and the reader are derived from it, and the reader
 * validates back through RecordSchema so later stages get the same Record the importer made.
 *
 * Lists are joined with "; " and authors written "Family, Given" because reviewers open
 * these files in spreadsheets; `raw` (rare, irregular) is a JSON object.
 */
import { RecordSchema, type Author, type Record, type Reject } from "./record.js";
import type { CsvCell } from "./io/csv-write.js";

const LIST_SEPARATOR = "; ";

interface Column {
  name: string;
  write(record: Record): CsvCell;
  read(cell: string, into: { [field: string]: unknown }): void;
}

const text = (cell: string): string | null => (cell === "" ? null : cell);
const list = (cell: string): string[] => (cell === "" ? [] : cell.split(LIST_SEPARATOR));

function column<K extends keyof Record>(name: string, field: K): Column {
  return {
    name,
    write: (record) => record[field] as string | null,
    read: (cell, into) => {
      into[field] = text(cell);
    },
  };
}

function listColumn<K extends "publicationTypes" | "keywords" | "flags">(name: string, field: K): Column {
  return {
    name,
    // A value holding the separator would split on reading; a comma keeps its meaning.
    write: (record) => record[field].map((v) => v.replaceAll(";", ",")).join(LIST_SEPARATOR),
    read: (cell, into) => {
      into[field] = list(cell);
    },
  };
}

function provenanceColumn(name: string, field: "file" | "position" | "line" | "format" | "queryId"): Column {
  return {
    name,
    write: (record) => record.provenance[field],
    read: (cell, into) => {
      const provenance = (into.provenance ??= {}) as { [field: string]: unknown };
      provenance[field] = field === "position" || field === "line" ? (cell === "" ? null : Number(cell)) : text(cell);
    },
  };
}

export function formatAuthor(author: Author): string {
  const family = author.family?.replaceAll(";", ",") ?? "";
  if (author.given === null) return family;
  return `${family}, ${author.given.replaceAll(";", ",")}`;
}

export function parseAuthorCell(cell: string): Author[] {
  return list(cell).map((name) => {
    const comma = name.indexOf(", ");
    if (comma < 0) return { family: name, given: null };
    return { family: text(name.slice(0, comma)), given: text(name.slice(comma + 2)) };
  });
}

export const RECORD_COLUMNS: readonly Column[] = [
  column("key", "key"),
  column("database", "database"),
  column("source_id", "sourceId"),
  column("doi", "doi"),
  column("pmid", "pmid"),
  column("pmcid", "pmcid"),
  column("arxiv_id", "arxivId"),
  column("eid", "eid"),
  column("title", "title"),
  column("abstract", "abstract"),
  {
    name: "authors",
    write: (record) => record.authors.map(formatAuthor).join(LIST_SEPARATOR),
    read: (cell, into) => {
      into.authors = parseAuthorCell(cell);
    },
  },
  {
    name: "year",
    write: (record) => record.year,
    read: (cell, into) => {
      into.year = cell === "" ? null : Number(cell);
    },
  },
  column("date", "date"),
  column("journal", "journal"),
  column("journal_abbrev", "journalAbbrev"),
  column("issn", "issn"),
  column("eissn", "eissn"),
  column("volume", "volume"),
  column("issue", "issue"),
  column("pages", "pages"),
  listColumn("publication_types", "publicationTypes"),
  column("language", "language"),
  listColumn("keywords", "keywords"),
  {
    name: "raw",
    write: (record) => (Object.keys(record.raw).length === 0 ? null : JSON.stringify(sortedObject(record.raw))),
    read: (cell, into) => {
      into.raw = cell === "" ? {} : JSON.parse(cell);
    },
  },
  listColumn("flags", "flags"),
  provenanceColumn("file", "file"),
  provenanceColumn("position", "position"),
  provenanceColumn("line", "line"),
  provenanceColumn("format", "format"),
  provenanceColumn("query_id", "queryId"),
];

export const RECORDS_CSV_HEADER: readonly string[] = RECORD_COLUMNS.map((c) => c.name);

function sortedObject(value: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function recordToRow(record: Record): CsvCell[] {
  return RECORD_COLUMNS.map((c) => c.write(record));
}

/** Read a records.csv row back into a Record; throws a message naming the bad column. */
export function rowToRecord(row: { [column: string]: string }): Record {
  const draft: { [field: string]: unknown } = {};
  for (const c of RECORD_COLUMNS) {
    const cell = row[c.name];
    if (cell === undefined) throw new Error(`${c.name}: expected a column "${c.name}", got none`);
    try {
      c.read(cell, draft);
    } catch {
      throw new Error(`${c.name}: expected a valid value, got ${JSON.stringify(cell.slice(0, 60))}`);
    }
  }
  const parsed = RecordSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Deterministic order of records.csv: by key, then where each copy came from. */
export function compareRecords(a: Record, b: Record): number {
  return (
    compareStrings(a.key, b.key) ||
    compareStrings(a.provenance.file, b.provenance.file) ||
    a.provenance.position - b.provenance.position
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `position` 0 means the whole file was rejected; `reason` reads "expected …, got …". */
export const REJECTS_CSV_HEADER = ["file", "position", "line", "field", "reason"] as const;

export function rejectToRow(reject: Reject): CsvCell[] {
  return [reject.file, reject.position, reject.line, reject.field, `expected ${reject.expected}, got ${reject.got}`];
}

export function compareRejects(a: Reject, b: Reject): number {
  return compareStrings(a.file, b.file) || a.position - b.position;
}
