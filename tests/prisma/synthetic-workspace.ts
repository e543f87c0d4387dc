/**
 * Writes a workspace whose processed/ tables are what the real stages write (their own
 * headers, through the project's CSV writer), filled from a list of clusters: one row per
 * member record in records.csv and clusters.csv, one eligibility row per cluster, and the
 * final screening decisions. Only the columns PRISMA counting reads carry values.
 */
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLUSTERS_CSV_HEADER } from "../../src/dedupe/tables.js";
import { EXCLUDED_EXTRA_COLUMNS, KEPT_EXTRA_COLUMNS } from "../../src/eligibility/tables.js";
import { csvDocument } from "../../src/io/csv-write.js";
import { RECORDS_CSV_HEADER } from "../../src/record-csv.js";
import { DECISIONS_CSV_HEADER } from "../../src/screening/processed-tables.js";
import { UNIQUE_CSV_HEADER } from "../../src/unique-csv.js";

export interface ClusterSpec {
  id: string;
  /** Database of each member record; the first is the representative, the others are duplicates. */
  members: string[];
  /** Query id of the members (default `<database>-generic`). */
  query?: string;
  studyId?: string;
  branch: string;
  /** An eligibility exclusion reason, or null when kept. */
  removed: string | null;
  /** Final decision per phase id: `include`, `exclude:<reason>`, `exclude:` (reasons differ) or `pending:<status>`. */
  decisions?: { [phase: string]: string };
}

export interface SyntheticSpec {
  review: object;
  clusters: ClusterSpec[];
  /** Omit processed/screening/decisions.csv (screening never ran). */
  noDecisions?: boolean;
  /** Extra files (workspace-relative path → text), e.g. a previous version's list. */
  files?: { [path: string]: string };
}

function row(header: readonly string[], values: { [column: string]: string | number }): (string | number | null)[] {
  return header.map((column) => values[column] ?? null);
}

export async function writeSyntheticWorkspace(spec: SyntheticSpec): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "srpipe-prisma-"));
  await mkdir(join(root, "processed", "dedup"), { recursive: true });
  await mkdir(join(root, "processed", "eligibility"), { recursive: true });
  await mkdir(join(root, "processed", "screening"), { recursive: true });
  await writeFile(join(root, "review.json"), JSON.stringify(spec.review, null, 2));

  const records: (string | number | null)[][] = [];
  const clusters: (string | number | null)[][] = [];
  const kept: (string | number | null)[][] = [];
  const excluded: (string | number | null)[][] = [];
  const decisions: (string | number | null)[][] = [];
  const counters = new Map<string, number>();
  const keptHeader = [...UNIQUE_CSV_HEADER, ...KEPT_EXTRA_COLUMNS];
  const excludedHeader = [...UNIQUE_CSV_HEADER, ...EXCLUDED_EXTRA_COLUMNS];
  for (const cluster of spec.clusters) {
    const keys: string[] = [];
    cluster.members.forEach((database, i) => {
      const n = (counters.get(database) ?? 0) + 1;
      counters.set(database, n);
      const sourceId = `${database.slice(0, 2)}${String(n).padStart(6, "0")}`;
      const key = `${database}:${sourceId}`;
      keys.push(key);
      const query = cluster.query ?? `${database}-generic`;
      records.push(
        row(RECORDS_CSV_HEADER, {
          key,
          database,
          source_id: sourceId,
          title: `Record ${key}`,
          file: `raw/exports/${database}/${query}/export.ris`,
          position: n,
          format: "ris",
          query_id: query,
        }),
      );
      clusters.push(
        row(CLUSTERS_CSV_HEADER, {
          record_id: sourceId,
          cluster_id: cluster.id,
          study_id: cluster.studyId ?? cluster.id,
          key,
          kept: i === 0 ? "yes" : "no",
          representative: keys[0]!,
        }),
      );
    });
    const unique = {
      cluster_id: cluster.id,
      study_id: cluster.studyId ?? cluster.id,
      key: keys[0]!,
      database: cluster.members[0]!,
      title: `Study ${cluster.id}`,
      doi: `10.5555/${cluster.id}`,
      member_keys: keys.join("; "),
      member_count: keys.length,
      databases: [...new Set(cluster.members)].sort().join("; "),
      branch: cluster.branch,
    };
    if (cluster.removed === null) kept.push(row(keptHeader, unique));
    else excluded.push(row(excludedHeader, { ...unique, reason: cluster.removed }));
    for (const [phase, outcome] of Object.entries(cluster.decisions ?? {})) {
      const [decision, detail = ""] = outcome.split(":");
      const status =
        decision === "pending" ? detail : decision === "exclude" && detail === "" ? "reason-conflict" : "agreed";
      decisions.push(
        row(DECISIONS_CSV_HEADER, {
          phase,
          cluster_id: cluster.id,
          study_id: cluster.studyId ?? cluster.id,
          branch: cluster.branch,
          decision: decision!,
          reason: decision === "exclude" ? detail : "",
          status,
          detail: "",
          doi: unique.doi,
          title: unique.title,
        }),
      );
    }
  }
  const write = (path: string, text: string) => writeFile(join(root, path), text);
  await write("processed/records.csv", csvDocument(RECORDS_CSV_HEADER, records));
  await write("processed/rejects.csv", "file,position,line,field,reason\n");
  await write("processed/dedup/clusters.csv", csvDocument(CLUSTERS_CSV_HEADER, clusters));
  await write("processed/eligibility/kept.csv", csvDocument(keptHeader, kept));
  await write("processed/eligibility/excluded.csv", csvDocument(excludedHeader, excluded));
  if (!spec.noDecisions) await write("processed/screening/decisions.csv", csvDocument(DECISIONS_CSV_HEADER, decisions));
  for (const [path, text] of Object.entries(spec.files ?? {})) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await write(path, text);
  }
  return root;
}

/** review.json of the reference review (Li, Fu & Python 2025), as the README shows it. */
export function referenceReview(extra: object = {}): object {
  return {
    schemaVersion: 1,
    title: "Implementing Large Language Models in Health Care (synthetic counts)",
    databases: [
      { id: "pubmed", name: "PubMed" },
      { id: "scopus", name: "Scopus" },
      { id: "sciencedirect", name: "ScienceDirect" },
      { id: "ieee", name: "IEEE Xplore" },
      { id: "arxiv", name: "arXiv" },
    ],
    eligibility: {
      lists: [{ file: "raw/journals/citescore-2023.csv" }],
      metric: { column: "Citation Count", year: 2023, windowYears: 4, name: "citations" },
      threshold: 13000,
      retrieved: "2025-04-01",
      branches: [
        { id: "journals", filter: "journal-threshold" },
        { id: "arxiv", databases: ["arxiv"], filter: "none" },
      ],
    },
    screening: {
      reviewers: [
        { id: "r1", name: "Reviewer 1" },
        { id: "r2", name: "Reviewer 2" },
      ],
      reasons: [
        { code: "not-llm", label: "Not focused on LLMs" },
        { code: "not-research", label: "Not research (reviews, commentaries)" },
        { code: "no-clinical", label: "No clinical application" },
        { code: "not-multimodal", label: "Not an innovative multimodal LLM approach" },
        { code: "no-full-text", label: "Full text not available" },
      ],
      phases: [
        {
          id: "title-abstract",
          title: "Title and abstract screening",
          criteria: {
            journals: {
              include: "A research article on LLMs with a clinical application",
              reasons: ["not-llm", "not-research", "no-clinical"],
            },
            arxiv: {
              include: "An innovative multimodal LLM approach with a clinical application",
              reasons: ["not-llm", "no-clinical", "not-multimodal"],
            },
          },
        },
      ],
    },
    ...extra,
  };
}

const FULL_TEXT = {
  id: "full-text",
  title: "Full-text screening",
  criteria: {
    journals: { include: "Eligible on full text", reasons: ["not-llm", "no-clinical", "no-full-text"] },
    arxiv: { include: "Eligible on full text", reasons: ["not-multimodal", "no-full-text"] },
  },
};

export function twoPhaseReview(extra: object = {}): object {
  const review = referenceReview(extra) as { screening: { phases: object[] } };
  review.screening.phases.push(FULL_TEXT);
  return { ...review, prisma: { notRetrieved: ["no-full-text"] }, ...extra };
}

/** A small review touching every box: duplicates, both removal boxes, both branches, two phases, pending. */
export const SMALL_CLUSTERS: ClusterSpec[] = [
  {
    id: "c01",
    members: ["pubmed", "scopus"],
    branch: "journals",
    removed: null,
    decisions: { "title-abstract": "include", "full-text": "include" },
  },
  {
    id: "c02",
    members: ["scopus"],
    branch: "journals",
    removed: null,
    decisions: { "title-abstract": "include", "full-text": "exclude:no-full-text" },
  },
  {
    id: "c03",
    members: ["scopus", "ieee", "pubmed"],
    branch: "journals",
    removed: null,
    decisions: { "title-abstract": "include", "full-text": "exclude:no-clinical" },
  },
  {
    id: "c04",
    members: ["ieee"],
    branch: "journals",
    removed: null,
    decisions: { "title-abstract": "exclude:not-llm" },
  },
  { id: "c05", members: ["pubmed"], branch: "journals", removed: null, decisions: { "title-abstract": "exclude:" } },
  {
    id: "c06",
    members: ["pubmed"],
    branch: "journals",
    removed: null,
    decisions: { "title-abstract": "pending:conflict" },
  },
  { id: "c07", members: ["scopus"], branch: "journals", removed: null },
  { id: "c08", members: ["scopus"], branch: "journals", removed: "journal below threshold" },
  { id: "c09", members: ["ieee"], branch: "journals", removed: "journal below threshold" },
  { id: "c10", members: ["pubmed"], branch: "journals", removed: "journal not in list" },
  {
    id: "c11",
    members: ["scopus"],
    branch: "journals",
    removed: null,
    studyId: "a01",
    decisions: { "title-abstract": "include", "full-text": "include" },
  },
  {
    id: "a01",
    members: ["arxiv", "arxiv"],
    branch: "arxiv",
    removed: null,
    decisions: { "title-abstract": "include", "full-text": "include" },
  },
  {
    id: "a02",
    members: ["arxiv"],
    branch: "arxiv",
    removed: null,
    decisions: { "title-abstract": "exclude:not-multimodal" },
  },
  {
    id: "a03",
    members: ["arxiv"],
    branch: "arxiv",
    removed: null,
    decisions: { "title-abstract": "include", "full-text": "pending:maybe" },
  },
];

export async function smallWorkspace(extra: object = {}): Promise<string> {
  return writeSyntheticWorkspace({ review: twoPhaseReview(extra), clusters: SMALL_CLUSTERS });
}
