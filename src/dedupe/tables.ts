/**
 * The columns of `clusters.csv` and `review.csv`, each a table from which header and rows
 * are derived. unique.csv's columns are src/unique-csv.ts's.
 *
 * clusters.csv: one row per record, `record_id` and `cluster_id` first (so any tool can
 * score it against gold labels), then the study, the record key, whether it is the kept
 * representative, the record it was linked to, the rule and the field similarities of that
 * link. review.csv: one row per open question, both records side by side, then the
 * reviewer's columns `verdict,who,when,note` — the rows can be copied as they are into
 * raw/overrides/duplicates.csv.
 */
import type { CsvCell } from "../io/csv-write.js";
import { formatAuthor } from "../record-csv.js";
import type { Record } from "../record.js";
import type { FieldSimilarity } from "./similarity.js";

const decimal = (value: number | null | undefined): CsvCell => (value === null || value === undefined ? null : value.toFixed(3));
const yesNo = (value: boolean | null | undefined): CsvCell => (value === null || value === undefined ? null : value ? "yes" : "no");

/** Field similarities as columns; empty cells where a field is missing on either side. */
const SIMILARITY_COLUMNS: readonly { name: string; cell(s: FieldSimilarity): CsvCell }[] = [
  { name: "sim_title", cell: (s) => decimal(s.title) },
  { name: "title_contained", cell: (s) => (s.titleContained ? "yes" : null) },
  { name: "sim_authors", cell: (s) => decimal(s.authors) },
  { name: "year_gap", cell: (s) => s.yearGap },
  { name: "sim_journal", cell: (s) => decimal(s.journal) },
  { name: "same_volume", cell: (s) => yesNo(s.volume) },
  { name: "same_issue", cell: (s) => yesNo(s.issue) },
  { name: "same_pages", cell: (s) => yesNo(s.pages) },
  { name: "sim_abstract", cell: (s) => decimal(s.abstract) },
  { name: "shared_ids", cell: (s) => s.sharedIds.join("; ") || null },
  { name: "conflicting_ids", cell: (s) => s.conflictingIds.join("; ") || null },
];

function similarityCells(s: FieldSimilarity | null): CsvCell[] {
  return SIMILARITY_COLUMNS.map((c) => (s ? c.cell(s) : null));
}

export interface ClusterRow {
  recordId: string;
  clusterId: string;
  studyId: string;
  key: string;
  kept: boolean;
  representativeId: string;
  linkedTo: string | null;
  rule: string | null;
  similarity: FieldSimilarity | null;
  file: string;
  position: number;
}

export const CLUSTERS_CSV_HEADER: readonly string[] = [
  "record_id", "cluster_id", "study_id", "key", "kept", "representative", "linked_to", "rule",
  ...SIMILARITY_COLUMNS.map((c) => c.name),
  "file", "position",
];

export function clusterRowCells(row: ClusterRow): CsvCell[] {
  return [
    row.recordId, row.clusterId, row.studyId, row.key, row.kept ? "yes" : "no", row.representativeId, row.linkedTo, row.rule,
    ...similarityCells(row.similarity),
    row.file, row.position,
  ];
}

/** What a reviewer needs to see of each record to decide. */
const SIDE_COLUMNS: readonly { name: string; cell(r: Record): CsvCell }[] = [
  { name: "title", cell: (r) => r.title },
  { name: "authors", cell: (r) => shortAuthors(r) },
  { name: "year", cell: (r) => r.year },
  { name: "journal", cell: (r) => r.journal ?? r.journalAbbrev },
  { name: "volume", cell: (r) => r.volume },
  { name: "issue", cell: (r) => r.issue },
  { name: "pages", cell: (r) => r.pages },
  { name: "doi", cell: (r) => r.doi },
  { name: "pmid", cell: (r) => r.pmid },
  { name: "database", cell: (r) => r.database },
  { name: "file", cell: (r) => `${r.provenance.file}:${r.provenance.position}` },
];

const SHOWN_AUTHORS = 6;

function shortAuthors(record: Record): string | null {
  if (record.authors.length === 0) return null;
  const names = record.authors.slice(0, SHOWN_AUTHORS).map(formatAuthor).join("; ");
  return record.authors.length > SHOWN_AUTHORS ? `${names}; et al.` : names;
}

export const REVIEWER_COLUMNS = ["verdict", "who", "when", "note"] as const;

export const REVIEW_CSV_HEADER: readonly string[] = [
  "key_a", "key_b", "record_id_a", "record_id_b", "cluster_a", "cluster_b", "rule",
  ...SIMILARITY_COLUMNS.map((c) => c.name),
  ...SIDE_COLUMNS.flatMap((c) => [`${c.name}_a`, `${c.name}_b`]),
  ...REVIEWER_COLUMNS,
];

export interface ReviewRow {
  a: Record;
  b: Record;
  recordIdA: string;
  recordIdB: string;
  clusterA: string;
  clusterB: string;
  rule: string;
  similarity: FieldSimilarity | null;
}

export function reviewRowCells(row: ReviewRow): CsvCell[] {
  return [
    row.a.key, row.b.key, row.recordIdA, row.recordIdB, row.clusterA, row.clusterB, row.rule,
    ...similarityCells(row.similarity),
    ...SIDE_COLUMNS.flatMap((c) => [c.cell(row.a), c.cell(row.b)]),
    ...REVIEWER_COLUMNS.map(() => null),
  ];
}
