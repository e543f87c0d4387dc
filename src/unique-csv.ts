/**
 * The record tables after deduplication: `processed/dedup/unique.csv` (one merged record
 * per cluster, i.e. per report) and the tables later stages derive from it
 * (`processed/eligibility/kept.csv`, …), which carry the same columns plus their own.
 *
 * Columns: `cluster_id` and `study_id` first, then every column of records.csv for the
 * merged record (its provenance is the representative's), then the members: the keys,
 * databases and queries of every record merged into the cluster, then where each member came
 * from (`member_record_ids`, `member_identifiers`, `member_sources`: written by dedupe, optional
 * on reading), then any stage columns. Lists are joined with "; " as in records.csv.
 *
 * A cluster is one report. Reports of one study (an arXiv preprint and its journal version,
 * when review.json links them) share a `study_id`; otherwise `study_id` equals `cluster_id`.
 * A cluster id is stable across runs as long as its members are: it is derived from the
 * member keys, so a later stage matches earlier decisions by any member key, not by id alone.
 */
import { csvDocument, type CsvCell } from "./io/csv-write.js";
import { RECORDS_CSV_HEADER, recordToRow, rowToRecord } from "./record-csv.js";
import type { Record } from "./record.js";

const LIST_SEPARATOR = "; ";

export interface UniqueRecord {
  clusterId: string;
  studyId: string;
  /** The merged record: each field the best value among the members (dedupe documents the rule). */
  record: Record;
  /** Keys (records.csv `key`) of every member, sorted. */
  memberKeys: string[];
  /** Databases and query ids the members came from, sorted, distinct. */
  databases: string[];
  queryIds: string[];
  /** clusters.csv `record_id` of every member, sorted (dedupe writes it; absent in files from before it). */
  memberRecordIds?: string[];
  /** Every identifier any member names, as `doi:10.…`, `pmid:…`, sorted, distinct. */
  memberIdentifiers?: string[];
  /** `file:position` of every member, sorted. */
  memberSources?: string[];
}

export const UNIQUE_LEAD_COLUMNS = ["cluster_id", "study_id"] as const;
export const UNIQUE_MEMBER_COLUMNS = ["member_keys", "member_count", "databases", "query_ids"] as const;
/** Added after the member columns; optional on reading. */
export const UNIQUE_PROVENANCE_COLUMNS = ["member_record_ids", "member_identifiers", "member_sources"] as const;
export const UNIQUE_CSV_HEADER: readonly string[] = [
  ...UNIQUE_LEAD_COLUMNS,
  ...RECORDS_CSV_HEADER,
  ...UNIQUE_MEMBER_COLUMNS,
  ...UNIQUE_PROVENANCE_COLUMNS,
];

const list = (cell: string): string[] => (cell === "" ? [] : cell.split(LIST_SEPARATOR));

export function uniqueRecordToRow(unique: UniqueRecord): CsvCell[] {
  return [
    unique.clusterId,
    unique.studyId,
    ...recordToRow(unique.record),
    unique.memberKeys.join(LIST_SEPARATOR),
    unique.memberKeys.length,
    unique.databases.join(LIST_SEPARATOR),
    unique.queryIds.join(LIST_SEPARATOR),
    unique.memberRecordIds?.join(LIST_SEPARATOR) ?? null,
    unique.memberIdentifiers?.join(LIST_SEPARATOR) ?? null,
    unique.memberSources?.join(LIST_SEPARATOR) ?? null,
  ];
}

/** A table of unique records with stage columns after the fixed ones (e.g. kept.csv's `branch`). */
export function uniqueTable(
  rows: readonly { unique: UniqueRecord; extra?: readonly CsvCell[] }[],
  extraHeader: readonly string[] = [],
): string {
  return csvDocument(
    [...UNIQUE_CSV_HEADER, ...extraHeader],
    rows.map((r) => [...uniqueRecordToRow(r.unique), ...(r.extra ?? [])]),
  );
}

/** Read one parsed row (csv-parse `columns: true`); throws a message naming the bad column. */
export function rowToUniqueRecord(row: { [column: string]: string }): UniqueRecord {
  for (const column of [...UNIQUE_LEAD_COLUMNS, ...UNIQUE_MEMBER_COLUMNS]) {
    if (row[column] === undefined) throw new Error(`${column}: expected a column "${column}", got none`);
  }
  const clusterId = row.cluster_id!;
  if (clusterId === "") throw new Error(`cluster_id: expected a cluster id, got an empty cell`);
  return {
    clusterId,
    studyId: row.study_id || clusterId,
    record: rowToRecord(row),
    memberKeys: list(row.member_keys!),
    databases: list(row.databases!),
    queryIds: list(row.query_ids!),
    ...(row.member_record_ids !== undefined ? { memberRecordIds: list(row.member_record_ids) } : {}),
    ...(row.member_identifiers !== undefined ? { memberIdentifiers: list(row.member_identifiers) } : {}),
    ...(row.member_sources !== undefined ? { memberSources: list(row.member_sources) } : {}),
  };
}
