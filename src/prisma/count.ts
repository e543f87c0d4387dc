/**
 * PRISMA 2020 counts from the pipeline's tables, values in and values out. Every count is the
 * size of a list of records that is itself written out (processed/prisma/lists/), so a
 * reviewer can open the rows behind any number (DESIGN.md rule 2).
 *
 * Where each pipeline outcome lands, following PRISMA 2020's definitions (Page et al. 2021,
 * BMJ 372:n71, item 16a and the flow diagram):
 * - Records identified: every record imported (processed/records.csv), per database and query.
 *   Records the importer could not read are not records and are not counted here.
 * - Duplicate records: records deduplication merged into another record's cluster.
 * - Records marked as ineligible by automation tools: eligibility's "journal below threshold".
 *   srpipe itself judged the journal against the review's criterion (its citation metric is in
 *   the list and below the threshold, or the list gives none), with no person deciding.
 * - Records removed for other reasons: eligibility's "journal not in list" (and any other
 *   eligibility reason). The record's journal could not be placed among the review's journals
 *   (no match, an ambiguous match, no journal named, outside the subject areas): it is outside
 *   the journal scope of the search rather than judged ineligible on a criterion.
 * - Screening: the first phase screens records; a later phase (full text) assesses reports.
 *   Reports sought for retrieval are the records the first phase sent to full text. Once
 *   `srpipe fulltext` has run (raw/fulltext/ exists), a report not retrieved is one with no file
 *   there, whatever its sheet says, listed with what was tried; a report with a file is assessed
 *   (excluded, included, or awaiting its decision). Before that, records excluded at full text
 *   with a `prisma.notRetrieved` reason are the reports not retrieved.
 *   Each eligibility branch (the reference review's arXiv branch) is screened apart.
 * - Pending decisions (reviewers not done, conflicts, maybe) are neither excluded nor included:
 *   they are "awaiting decision", so every box still adds up.
 * - Included: records the last phase includes; studies are their distinct study ids (an arXiv
 *   preprint and its journal version are two reports of one study).
 */
import { databaseDisplayName } from "../sources/database-names.js";
import type { CsvCell } from "../io/csv-write.js";
import type { Query, Review } from "../protocol.js";
import { apiSearchKey } from "../searches/searches-table.js";
import { compareStrings } from "../record-csv.js";
import { EXCLUSION_REASON, MAIN_BRANCH } from "../eligibility/decide.js";
import { z } from "zod";
import { csvHeaderOf } from "../io/csv-rows.js";

export interface RecordRow {
  key: string;
  database: string;
  /** "" when the record's file lies in no query's export folder or search snapshot. */
  queryId: string;
  /** The string of a query file with `strings` the record's file answers; null otherwise. */
  stringId: string | null;
  /** Workspace-relative: says where records no query or string claims were read from. */
  file: string;
}

export interface ClusterRow {
  recordId: string;
  clusterId: string;
  key: string;
  /** The cluster's representative (the record that stays); the others are duplicates. */
  kept: boolean;
}

export interface EligibilityRow {
  clusterId: string;
  studyId: string;
  key: string;
  branch: string;
  /** Excluded rows only. */
  reason: string | null;
  doi: string;
  title: string;
}

export interface DecisionRow {
  phase: string;
  clusterId: string;
  studyId: string;
  branch: string;
  decision: string;
  reason: string;
  status: string;
}

/** What raw/fulltext/ holds, for a full-text phase's "reports not retrieved". */
export interface FulltextAvailability {
  /** Study key (cluster id) → its file under raw/fulltext/, workspace-relative. */
  files: ReadonlyMap<string, string>;
  /** Study key → what the last `srpipe fulltext` tried for it ("arxiv: not-found (HTTP 404); …"). */
  tried: ReadonlyMap<string, string>;
}

/** The previous version of the review (an update), as read from review.json `prisma.previous`. */
export interface PreviousStudies {
  studies: number;
  reports: number;
  /** Study ids of the previous version, when given as a file: studies found again are not new. */
  studyIds: ReadonlySet<string> | null;
  clusterIds: ReadonlySet<string> | null;
  source: string;
}

export interface PrismaInputs {
  review: Review;
  records: readonly RecordRow[];
  clusters: readonly ClusterRow[];
  kept: readonly EligibilityRow[];
  excluded: readonly EligibilityRow[];
  /** null when screening has not run yet (no processed/screening/decisions.csv). */
  decisions: readonly DecisionRow[] | null;
  previous: PreviousStudies | null;
  /** Null (or absent) until `srpipe fulltext` has run: not retrieved then comes from exclusion reasons. */
  fulltext?: FulltextAvailability | null;
  /** The protocol's queries: a query file's strings are counted in its order, those without records as 0. */
  queries?: readonly Query[];
}

/** Where a count's records are listed: a file under processed/prisma/, filtered when `where` is given. */
export interface ListRef {
  file: string;
  where?: { [column: string]: string };
}

export interface Count {
  n: number;
  list: ListRef;
}

export interface ReasonCount extends Count {
  code: string;
  label: string;
}

export interface PhaseCounts {
  id: string;
  title: string;
  /** `records`: title-abstract screening of records; `reports`: a later (full-text) phase. */
  kind: "records" | "reports";
  entered: Count;
  /** Reports phases: excluded with a `prisma.notRetrieved` reason. */
  notRetrieved: Count;
  excluded: Count;
  reasons: ReasonCount[];
  awaiting: Count;
  included: Count;
  /** Decisions for records that did not enter this phase (stale decisions.csv); 0 when up to date. */
  stray: number;
}

export interface BranchCounts {
  id: string;
  filter: string;
  phases: PhaseCounts[];
  /**
   * Without screening phases in review.json: the records eligibility kept, which nobody has
   * screened (none of them is included); null when the review screens.
   */
  notScreened: Count | null;
  /** Reports included at the branch's last phase (none when the review has no screening phases). */
  included: Count;
  studies: number;
}

/**
 * The records one search string of a query file identified (its line `<query>/<string>` of
 * searches.csv). `id` null: the query's records read from files in no string's folder.
 */
export interface StringCount extends Count {
  id: string | null;
  label: string | null;
  /** searches.csv's key for the string; null for the unattributed entry. */
  search: string | null;
  /** Why the records have no string, and from which files; null for a string's own entry. */
  unattributed: string | null;
}

/** `id` null: the database's records read from files no query claims (with the reason in `unattributed`). */
export interface QueryCount extends Count {
  id: string | null;
  unattributed: string | null;
  /** Per string, for a query file with `strings` (they sum to `n`); null for a query of one string. */
  strings: StringCount[] | null;
}

export interface DatabaseCount extends Count {
  id: string;
  name: string;
  queries: QueryCount[];
}

export interface PrismaCounts {
  identified: Count & { databases: DatabaseCount[] };
  /** Records listed in clusters.csv (each imported record should be). */
  clustered: number;
  /** Distinct clusters in clusters.csv: the records after duplicates were removed. */
  unique: number;
  /** Clusters eligibility decided that deduplication no longer has, and the reverse. */
  eligibilityStray: number;
  eligibilityMissing: number;
  duplicates: Count;
  automation: Count & { reasons: ReasonCount[] };
  other: Count & { reasons: ReasonCount[] };
  branches: BranchCounts[];
  included: {
    reports: Count;
    studies: number;
    newReports: Count;
    newStudies: number;
    totalReports: number;
    totalStudies: number;
  };
  previous: { studies: number; reports: number; source: string } | null;
  /** Phases in review.json order (empty without a screening section). */
  phases: { id: string; title: string }[];
}

export interface ListTable {
  header: readonly string[];
  rows: CsvCell[][];
}

export interface PrismaResult {
  counts: PrismaCounts;
  /** By file name relative to processed/prisma/, e.g. `lists/identified.csv`. */
  lists: Map<string, ListTable>;
}

/** The eligibility reasons that are PRISMA's "marked as ineligible by automation tools"; every other reason is "other reasons". */
const AUTOMATION_REASONS: readonly string[] = [EXCLUSION_REASON.belowThreshold];

/** An exclusion whose reviewers gave different reasons and nobody settled which (status reason-conflict). */
export const UNSETTLED_REASON_LABEL = "Reason not settled (reviewers disagree)";

const cell = z.string();
const required = (what: string) => z.string().min(1, what);

/** One row of lists/identified.csv: a record identified, and the cluster it ended in. */
const IdentifiedRowSchema = z.object({
  key: required("a record key"),
  database: cell,
  query_id: cell,
  /** The string of a query file with `strings` (searches.csv's line `<query_id>/<string_id>`); empty otherwise. */
  string_id: cell,
  cluster_id: cell,
  file: cell,
});
/** One row of lists/duplicates.csv: a record removed as a duplicate of its cluster's representative. */
const DuplicatesRowSchema = z.object({
  record_id: required("a record id"),
  key: required("a record key"),
  database: cell,
  cluster_id: required("a cluster id"),
});
/** One row of a removed-before-screening list (automation, other reasons). */
const RemovedRowSchema = z.object({
  cluster_id: required("a cluster id"),
  study_id: cell,
  key: cell,
  branch: cell,
  reason: cell,
  doi: cell,
  title: cell,
});
/** One row of a screening list (screened, excluded, sought, assessed … per phase). */
const ScreenedRowSchema = z.object({
  cluster_id: required("a cluster id"),
  study_id: cell,
  branch: cell,
  phase: cell,
  decision: cell,
  reason: cell,
  status: cell,
  doi: cell,
  title: cell,
});
/**
 * One row of lists/included.csv: a report of an included study, and whether it is new in this
 * version (an update reads the previous version's file back by `study_id`: read-processed.ts).
 */
const IncludedRowSchema = z.object({
  cluster_id: required("a cluster id"),
  study_id: required("a study id"),
  branch: cell,
  doi: cell,
  title: cell,
  new: cell,
});

const IDENTIFIED_HEADER = csvHeaderOf(IdentifiedRowSchema);
const identifiedFile = "lists/identified.csv";
const DUPLICATES_HEADER = csvHeaderOf(DuplicatesRowSchema);
const REMOVED_HEADER = csvHeaderOf(RemovedRowSchema);
const SCREENED_HEADER = csvHeaderOf(ScreenedRowSchema);
/** A full-text phase's reports not retrieved: what was tried for each, and the file when one is there. */
const NOT_RETRIEVED_HEADER = [...SCREENED_HEADER, "tried"] as const;
const INCLUDED_HEADER = csvHeaderOf(IncludedRowSchema);

const byString =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    compareStrings(key(a), key(b));

/** Branch ids in review.json order, then any other branch the records name (sorted). */
function branchOrder(review: Review, kept: readonly EligibilityRow[]): { id: string; filter: string }[] {
  const declared = review.eligibility?.branches.map((b) => ({ id: b.id, filter: b.filter as string })) ?? [
    { id: MAIN_BRANCH, filter: "none" },
  ];
  const known = new Set(declared.map((b) => b.id));
  const extra = [...new Set(kept.map((k) => k.branch))].filter((b) => !known.has(b)).sort(compareStrings);
  return [...declared, ...extra.map((id) => ({ id, filter: "unknown" }))];
}

function databaseOrder(review: Review, records: readonly RecordRow[]): { id: string; name: string }[] {
  const declared = review.databases.map((d) => ({ id: d.id, name: d.name }));
  const known = new Set(declared.map((d) => d.id));
  const extra = [...new Set(records.map((r) => r.database))].filter((d) => !known.has(d)).sort(compareStrings);
  return [...declared, ...extra.map((id) => ({ id, name: databaseDisplayName(id) }))];
}

function tally<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function removedReasons(rows: readonly EligibilityRow[], file: string): ReasonCount[] {
  return [...tally(rows, (r) => r.reason ?? "")]
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([reason, n]) => ({ code: reason, label: reason, n, list: { file, where: { reason } } }));
}

function removedRows(rows: readonly EligibilityRow[]): CsvCell[][] {
  return [...rows]
    .sort(byString((r) => r.clusterId))
    .map((r) => [r.clusterId, r.studyId, r.key, r.branch, r.reason, r.doi, r.title]);
}

interface Entering {
  clusterId: string;
  studyId: string;
  branch: string;
  doi: string;
  title: string;
}

export function countPrisma(inputs: PrismaInputs): PrismaResult {
  const { review } = inputs;
  const lists = new Map<string, ListTable>();

  // Identification: one row per imported record.
  const clusterOfKey = new Map(inputs.clusters.map((c) => [c.key, c.clusterId]));
  lists.set(identifiedFile, {
    header: IDENTIFIED_HEADER,
    rows: [...inputs.records]
      .sort(byString((r) => r.key))
      .map((r) => [r.key, r.database, r.queryId, r.stringId, clusterOfKey.get(r.key) ?? null, r.file]),
  });
  const queryById = new Map((inputs.queries ?? []).map((q) => [q.id, q]));
  const databases: DatabaseCount[] = databaseOrder(review, inputs.records).map(({ id, name }) => {
    const own = inputs.records.filter((r) => r.database === id);
    const byQuery = new Map<string, RecordRow[]>();
    for (const record of own) byQuery.set(record.queryId, [...(byQuery.get(record.queryId) ?? []), record]);
    // Records no query claims come last, after the queries in id order.
    const queries = [...byQuery]
      .sort((a, b) => Number(a[0] === "") - Number(b[0] === "") || compareStrings(a[0], b[0]))
      .map(([queryId, records]): QueryCount => {
        const where = { database: id, query_id: queryId };
        return {
          id: queryId === "" ? null : queryId,
          n: records.length,
          list: { file: identifiedFile, where },
          unattributed:
            queryId === ""
              ? `read from files in no query's export folder or search snapshot (${fileList(records)}); to count them on a query, move the file into that query's exportPath`
              : null,
          strings: queryId === "" ? null : stringCounts(queryById.get(queryId) ?? null, queryId, records, where),
        };
      });
    return { id, name, n: own.length, list: { file: identifiedFile, where: { database: id } }, queries };
  });

  // Deduplication: every member that is not its cluster's representative is a duplicate.
  const duplicatesFile = "lists/duplicates.csv";
  const databaseOfKey = new Map(inputs.records.map((r) => [r.key, r.database]));
  const duplicateRows = inputs.clusters.filter((c) => !c.kept).sort(byString((c) => c.key));
  lists.set(duplicatesFile, {
    header: DUPLICATES_HEADER,
    rows: duplicateRows.map((c) => [c.recordId, c.key, databaseOfKey.get(c.key) ?? null, c.clusterId]),
  });
  const clusterIds = new Set(inputs.clusters.map((c) => c.clusterId));

  // Eligibility: removed before screening.
  const automationRows = inputs.excluded.filter((r) => AUTOMATION_REASONS.includes(r.reason ?? ""));
  const otherRows = inputs.excluded.filter((r) => !AUTOMATION_REASONS.includes(r.reason ?? ""));
  const automationFile = "lists/removed-automation.csv";
  const otherFile = "lists/removed-other.csv";
  lists.set(automationFile, { header: REMOVED_HEADER, rows: removedRows(automationRows) });
  lists.set(otherFile, { header: REMOVED_HEADER, rows: removedRows(otherRows) });
  const decidedClusters = new Set([...inputs.kept, ...inputs.excluded].map((r) => r.clusterId));
  const eligibilityStray = [...decidedClusters].filter((id) => !clusterIds.has(id)).length;
  const eligibilityMissing = [...clusterIds].filter((id) => !decidedClusters.has(id)).length;

  // Screening, per branch and phase.
  const phases = review.screening?.phases ?? [];
  const reasonLabels = new Map((review.screening?.reasons ?? []).map((r) => [r.code, r.label]));
  const notRetrieved = new Set(review.prisma?.notRetrieved ?? []);
  const decisionsByPhase = new Map<string, Map<string, DecisionRow>>();
  for (const row of inputs.decisions ?? []) {
    const byCluster = decisionsByPhase.get(row.phase) ?? new Map<string, DecisionRow>();
    byCluster.set(row.clusterId, row);
    decisionsByPhase.set(row.phase, byCluster);
  }

  const includedRows: Entering[] = [];
  const branches: BranchCounts[] = branchOrder(review, inputs.kept).map(({ id: branch, filter }) => {
    let entering: Entering[] = inputs.kept
      .filter((k) => k.branch === branch)
      .map((k) => ({ clusterId: k.clusterId, studyId: k.studyId, branch, doi: k.doi, title: k.title }))
      .sort(byString((e) => e.clusterId));
    const phaseCounts: PhaseCounts[] = phases.map((phase, index) => {
      const base = `lists/${branch}-${phase.id}`;
      const files = {
        entered: `${base}-screened.csv`,
        notRetrieved: `${base}-not-retrieved.csv`,
        excluded: `${base}-excluded.csv`,
        awaiting: `${base}-awaiting.csv`,
        included: `${base}-included.csv`,
      };
      const decisions = decisionsByPhase.get(phase.id) ?? new Map<string, DecisionRow>();
      const enteringIds = new Set(entering.map((e) => e.clusterId));
      const stray = [...decisions.values()].filter((d) => d.branch === branch && !enteringIds.has(d.clusterId)).length;
      const rows = {
        entered: [] as CsvCell[][],
        notRetrieved: [] as CsvCell[][],
        excluded: [] as CsvCell[][],
        awaiting: [] as CsvCell[][],
        included: [] as CsvCell[][],
      };
      const reasons = new Map<string, number>();
      const passed: Entering[] = [];
      for (const record of entering) {
        const decision = decisions.get(record.clusterId);
        const cells = (d: DecisionRow | undefined): CsvCell[] => [
          record.clusterId,
          record.studyId,
          branch,
          phase.id,
          d?.decision ?? "pending",
          d?.reason || null,
          d?.status ?? "no decision yet (run srpipe screen)",
          record.doi,
          record.title,
        ];
        rows.entered.push(cells(decision));
        const fulltext = index > 0 ? (inputs.fulltext ?? null) : null;
        if (fulltext && !fulltext.files.has(record.clusterId)) {
          rows.notRetrieved.push([
            ...cells(decision),
            fulltext.tried.get(record.clusterId) || "nothing yet: no file under raw/fulltext/ (run srpipe fulltext)",
          ]);
        } else if (decision?.decision === "include") {
          rows.included.push(cells(decision));
          passed.push(record);
        } else if (decision?.decision === "exclude" && index > 0 && notRetrieved.has(decision.reason)) {
          rows.notRetrieved.push([...cells(decision), `excluded with reason ${decision.reason}`]);
        } else if (decision?.decision === "exclude") {
          rows.excluded.push(cells(decision));
          reasons.set(decision.reason, (reasons.get(decision.reason) ?? 0) + 1);
        } else {
          rows.awaiting.push(cells(decision));
        }
      }
      for (const [key, file] of Object.entries(files)) {
        // Only a full-text phase has reports to retrieve.
        if (key !== "notRetrieved" || index > 0)
          lists.set(file, {
            header: key === "notRetrieved" ? NOT_RETRIEVED_HEADER : SCREENED_HEADER,
            rows: rows[key as keyof typeof rows],
          });
      }
      const declaredOrder = [...reasonLabels.keys()];
      const reasonList: ReasonCount[] = [...reasons]
        .sort((a, b) => rank(declaredOrder, a[0]) - rank(declaredOrder, b[0]) || compareStrings(a[0], b[0]))
        .map(([code, n]) => ({
          code,
          label: code === "" ? UNSETTLED_REASON_LABEL : (reasonLabels.get(code) ?? code),
          n,
          list: { file: files.excluded, where: { reason: code } },
        }));
      entering = passed;
      return {
        id: phase.id,
        title: phase.title,
        kind: index === 0 ? "records" : "reports",
        entered: { n: rows.entered.length, list: { file: files.entered } },
        notRetrieved: { n: rows.notRetrieved.length, list: { file: files.notRetrieved } },
        excluded: { n: rows.excluded.length, list: { file: files.excluded } },
        reasons: reasonList,
        awaiting: { n: rows.awaiting.length, list: { file: files.awaiting } },
        included: { n: rows.included.length, list: { file: files.included } },
        stray,
      };
    });
    // Without screening phases nothing was screened, so nothing is included: the review has not
    // reached inclusion, and the records eligibility kept are listed as not screened.
    let notScreened: Count | null = null;
    if (phases.length === 0) {
      const file = `lists/${branch}-not-screened.csv`;
      lists.set(file, {
        header: SCREENED_HEADER,
        rows: entering.map((e) => [
          e.clusterId,
          e.studyId,
          branch,
          null,
          "not screened",
          null,
          "review.json has no screening phases",
          e.doi,
          e.title,
        ]),
      });
      notScreened = { n: entering.length, list: { file } };
      entering = [];
    }
    includedRows.push(...entering);
    return {
      id: branch,
      filter,
      phases: phaseCounts,
      notScreened,
      included: { n: entering.length, list: { file: "lists/included.csv", where: { branch } } },
      studies: new Set(entering.map((e) => e.studyId)).size,
    };
  });

  // Included, and new against the previous version of an update.
  const previous = inputs.previous;
  const isNew = (e: Entering) => !(previous?.studyIds?.has(e.studyId) ?? false);
  includedRows.sort(byString((e) => e.clusterId));
  lists.set("lists/included.csv", {
    header: INCLUDED_HEADER,
    rows: includedRows.map((e) => [e.clusterId, e.studyId, e.branch, e.doi, e.title, isNew(e) ? "yes" : "no"]),
  });
  const studies = new Set(includedRows.map((e) => e.studyId)).size;
  const newRows = includedRows.filter(isNew);
  const newStudies = new Set(newRows.map((e) => e.studyId)).size;
  let totalStudies = newStudies;
  let totalReports = newRows.length;
  if (previous) {
    if (previous.studyIds) {
      totalStudies = new Set([...previous.studyIds, ...includedRows.map((e) => e.studyId)]).size;
      totalReports = previous.clusterIds
        ? new Set([...previous.clusterIds, ...includedRows.map((e) => e.clusterId)]).size
        : previous.reports + newRows.length;
    } else {
      totalStudies = previous.studies + newStudies;
      totalReports = previous.reports + newRows.length;
    }
  }

  const counts: PrismaCounts = {
    identified: { n: inputs.records.length, list: { file: identifiedFile }, databases },
    clustered: inputs.clusters.length,
    unique: clusterIds.size,
    eligibilityStray,
    eligibilityMissing,
    duplicates: { n: duplicateRows.length, list: { file: duplicatesFile } },
    automation: {
      n: automationRows.length,
      list: { file: automationFile },
      reasons: removedReasons(automationRows, automationFile),
    },
    other: { n: otherRows.length, list: { file: otherFile }, reasons: removedReasons(otherRows, otherFile) },
    branches,
    included: {
      reports: { n: includedRows.length, list: { file: "lists/included.csv" } },
      studies,
      newReports: { n: newRows.length, list: { file: "lists/included.csv", where: { new: "yes" } } },
      newStudies,
      totalReports,
      totalStudies,
    },
    previous: previous ? { studies: previous.studies, reports: previous.reports, source: previous.source } : null,
    phases: phases.map((p) => ({ id: p.id, title: p.title })),
  };
  return { counts, lists };
}

/** The distinct files of some records, the first few named: `a.ris, b.ris and 3 more files`. */
function fileList(records: readonly RecordRow[]): string {
  const SHOWN = 3;
  const files = [...new Set(records.map((r) => r.file))].sort(compareStrings);
  const more = files.length - SHOWN;
  return files.slice(0, SHOWN).join(", ") + (more > 0 ? ` and ${more} more file${more === 1 ? "" : "s"}` : "");
}

/**
 * A query's records per search string: the query file's strings in its order (a string nothing
 * answers yet counts 0), then strings only the records name (a string since removed from the
 * file), then the records in no string's folder. Null for a query that has no strings.
 */
function stringCounts(
  query: Query | null,
  queryId: string,
  records: readonly RecordRow[],
  where: { [column: string]: string },
): StringCount[] | null {
  const declared = query?.strings ?? [];
  const found = tally(records, (r) => r.stringId ?? "");
  if (declared.length === 0 && [...found.keys()].every((k) => k === "")) return null;
  const known = new Set(declared.map((s) => s.id));
  const undeclared = [...found.keys()].filter((k) => k !== "" && !known.has(k)).sort(compareStrings);
  const counts: StringCount[] = [
    ...declared.map((s) => ({ id: s.id, label: s.label ?? null })),
    ...undeclared.map((id) => ({ id, label: null })),
  ].map(({ id, label }) => ({
    id,
    label,
    search: apiSearchKey(queryId, id),
    n: found.get(id) ?? 0,
    list: { file: identifiedFile, where: { ...where, string_id: id } },
    unattributed: null,
  }));
  const loose = records.filter((r) => r.stringId === null);
  if (loose.length > 0) {
    counts.push({
      id: null,
      label: null,
      search: null,
      n: loose.length,
      list: { file: identifiedFile, where: { ...where, string_id: "" } },
      unattributed: `read from files in no string's folder of the query (${fileList(loose)}); move each into the subfolder of the string it answers`,
    });
  }
  return counts;
}

function rank(order: readonly string[], code: string): number {
  const at = order.indexOf(code);
  return at < 0 ? order.length : at;
}
