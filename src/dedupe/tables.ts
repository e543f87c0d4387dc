/**
 * The columns of `clusters.csv` and `review.csv`: each file's zod row schema gives its header,
 * built from the column tables its rows are written from. unique.csv's columns are src/unique-csv.ts's.
 *
 * clusters.csv: one row per record, `record_id` and `cluster_id` first (so any tool can
 * score it against gold labels), then the study, the record key, whether it is the kept
 * representative, the record it was linked to, the rule and the field similarities of that
 * link. review.csv: one row per open question: the reviewer's columns `verdict,who,when,note`
 * first, the two keys, what agrees and what differs in words, then both records side by side
 * — the rows can be copied as they are into raw/overrides/duplicates.csv, where their title
 * cells are checked against the records the keys name.
 */
import { z } from "zod";
import { csvHeaderOf } from "../io/csv-rows.js";
import type { CsvCell } from "../io/csv-write.js";
import { formatAuthor } from "../record-csv.js";
import type { Record } from "../record.js";
import type { FieldSimilarity } from "./similarity.js";

const decimal = (value: number | null | undefined): CsvCell =>
  value === null || value === undefined ? null : value.toFixed(3);
const yesNo = (value: boolean | null | undefined): CsvCell =>
  value === null || value === undefined ? null : value ? "yes" : "no";

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

const cellsNamed = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, z.string()]));

/** One row of clusters.csv as the file holds it (the similarity cells empty where a field is missing). */
export const ClustersRowSchema = z.object({
  record_id: z.string().min(1, "a record id"),
  cluster_id: z.string().min(1, "a cluster id"),
  study_id: z.string(),
  key: z.string().min(1, "a record key"),
  kept: z.enum(["yes", "no"], "yes or no"),
  representative: z.string(),
  linked_to: z.string(),
  rule: z.string(),
  ...cellsNamed(SIMILARITY_COLUMNS.map((c) => c.name)),
  file: z.string(),
  position: z.string().regex(/^[0-9]+$/, "the record's position in its file"),
});

export const CLUSTERS_CSV_HEADER: readonly string[] = csvHeaderOf(ClustersRowSchema);

export function clusterRowCells(row: ClusterRow): CsvCell[] {
  return [
    row.recordId,
    row.clusterId,
    row.studyId,
    row.key,
    row.kept ? "yes" : "no",
    row.representativeId,
    row.linkedTo,
    row.rule,
    ...similarityCells(row.similarity),
    row.file,
    row.position,
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

/** The reviewer's columns, first: a sheet sorted or filtered by verdict still shows whose pairs are done. */
export const REVIEWER_COLUMNS = ["verdict", "who", "when", "note"] as const;

/** One row of review.csv as the file holds it: the reviewer's cells first, empty as written. */
export const ReviewRowSchema = z.object({
  ...cellsNamed(REVIEWER_COLUMNS),
  key_a: z.string().min(1, "a record key"),
  key_b: z.string().min(1, "a record key"),
  agree: z.string(),
  disagree: z.string(),
  missing: z.string(),
  rule: z.string(),
  ...cellsNamed(SIDE_COLUMNS.flatMap((c) => [`${c.name}_a`, `${c.name}_b`])),
  record_id_a: z.string(),
  record_id_b: z.string(),
  cluster_a: z.string(),
  cluster_b: z.string(),
  ...cellsNamed(SIMILARITY_COLUMNS.map((c) => c.name)),
});

export const REVIEW_CSV_HEADER: readonly string[] = csvHeaderOf(ReviewRowSchema);

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

const share = (x: number) => `${Math.round(x * 100)} %`;

/**
 * What the two records have in common and where they part, in words, for a person deciding
 * the pair: `agree` and `disagree` name the fields both records give (with the values that
 * differ), `missing` those one side lacks.
 */
export function comparisonInWords(
  a: Record,
  b: Record,
  s: FieldSimilarity | null,
): { agree: string; disagree: string; missing: string } {
  const agree: string[] = [];
  const disagree: string[] = [];
  const missing: string[] = [];
  const values = (x: string | number | null, y: string | number | null) => `${x ?? ""} / ${y ?? ""}`;
  if (s === null) return { agree: "", disagree: "", missing: "" };
  if (s.sharedIds.length > 0) agree.push(`same ${s.sharedIds.join(", ")}`);
  if (s.conflictingIds.length > 0) disagree.push(`different ${s.conflictingIds.join(", ")}`);
  if (s.title === null) missing.push("title");
  else if (s.title >= 0.999) agree.push("title");
  else if (s.titleContained) disagree.push("one title is the other with words added");
  else disagree.push(`title (${share(s.title)} alike)`);
  if (s.titleNumbersDiffer) disagree.push("the titles name different numbers");
  if (s.titleNoticesDiffer) disagree.push("one title names a notice (erratum, comment, reply…) the other does not");
  if (s.authors === null) missing.push("authors");
  else if (s.authors >= 0.8) agree.push(s.authors >= 0.999 ? "authors" : `authors (${share(s.authors)})`);
  else disagree.push(`authors (${share(s.authors)} in common)`);
  if (s.yearGap === null) missing.push("year");
  else if (s.yearGap === 0) agree.push("year");
  else disagree.push(`year (${values(a.year, b.year)})`);
  if (s.journal === null) missing.push("journal");
  else if (s.journal >= 0.9) agree.push("journal");
  else disagree.push("journal name");
  for (const [name, same, x, y] of [
    ["volume", s.volume, a.volume, b.volume],
    ["issue", s.issue, a.issue, b.issue],
    ["first page", s.pages, a.pages, b.pages],
  ] as const) {
    if (same === true) agree.push(name);
    else if (same === false) disagree.push(`${name} (${values(x, y)})`);
    else if (x === null || y === null) missing.push(name);
  }
  // Two ranges elsewhere but of one length: the same text printed again (a republication) says so.
  if (s.pageCountsEqual === true && !s.pageRangesEqual) agree.push("number of pages");
  else if (s.pageCountsEqual === false && s.pages !== true) disagree.push("number of pages");
  if (s.abstract !== null)
    (s.abstract >= 0.9 ? agree : disagree).push(
      s.abstract >= 0.9 ? "abstract" : `abstract (${share(s.abstract)} of the words)`,
    );
  return { agree: agree.join("; "), disagree: disagree.join("; "), missing: missing.join("; ") };
}

export function reviewRowCells(row: ReviewRow): CsvCell[] {
  const words = comparisonInWords(row.a, row.b, row.similarity);
  return [
    ...REVIEWER_COLUMNS.map(() => null),
    row.a.key,
    row.b.key,
    words.agree || null,
    words.disagree || null,
    words.missing || null,
    row.rule,
    ...SIDE_COLUMNS.flatMap((c) => [c.cell(row.a), c.cell(row.b)]),
    row.recordIdA,
    row.recordIdB,
    row.clusterA,
    row.clusterB,
    ...similarityCells(row.similarity),
  ];
}
