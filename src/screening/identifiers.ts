/**
 * How a sheet row is tied to a record across runs. A cluster id changes when a new duplicate
 * joins the cluster, so each row also carries the record's identifiers in its `identifiers`
 * cell: the member keys (`pubmed:123`, `scopus:2-s2.0-…`), which make a row *the* row of a
 * record, and the work's identifiers (DOI, PMID, PMCID, arXiv id, EID), which only say that a
 * record is the same work as one screened before, so its decision is carried over, flagged.
 */
import type { UniqueRecord } from "../unique-csv.js";

export interface RecordIdentity {
  clusterId: string;
  /** Member keys: database record ids. */
  keys: string[];
  /** `DOI 10.1/x`, `PMID 123`…: identifiers of the work, whichever database it came from. */
  works: string[];
}

/**
 * Work identifiers as the `identifiers` cell writes them (`DOI 10.1/x`; a key always holds a
 * colon and no space), and the Record field each comes from. unique.csv's
 * `member_identifiers` names them `<field>:<value>` for every member of the cluster.
 */
const WORK_IDS: readonly { label: string; field: "doi" | "pmid" | "pmcid" | "arxivId" | "eid" }[] = [
  { label: "DOI", field: "doi" },
  { label: "PMID", field: "pmid" },
  { label: "PMCID", field: "pmcid" },
  { label: "arXiv", field: "arxivId" },
  { label: "EID", field: "eid" },
];

const SEPARATOR = "; ";

/** The record's identity: member keys, and the work identifiers of the merged record and of every member. */
export function identityOf(unique: UniqueRecord): RecordIdentity {
  const works: string[] = [];
  for (const id of WORK_IDS) {
    const values = new Set<string>();
    const own = unique.record[id.field];
    if (own !== null) values.add(own);
    for (const token of unique.memberIdentifiers ?? []) {
      if (token.startsWith(`${id.field}:`)) values.add(token.slice(id.field.length + 1));
    }
    for (const value of [...values].sort()) works.push(`${id.label} ${value}`);
  }
  return { clusterId: unique.clusterId, keys: [...unique.memberKeys], works };
}

export function formatIdentifiers(identity: RecordIdentity): string {
  return [...identity.keys, ...identity.works].join(SEPARATOR);
}

/** The identity a sheet row claims: its cluster id and what its `identifiers` cell lists. */
export function parseIdentifiers(clusterId: string, cell: string): RecordIdentity {
  const keys: string[] = [];
  const works: string[] = [];
  for (const token of cell
    .split(";")
    .map((t) => t.trim())
    .filter(Boolean)) {
    const work = /^(\S+) (.+)$/.exec(token);
    const label = work ? WORK_IDS.find((id) => id.label.toLowerCase() === work[1]!.toLowerCase()) : undefined;
    if (work && label) works.push(`${label.label} ${label.label === "DOI" ? work[2]!.toLowerCase() : work[2]}`);
    else keys.push(token);
  }
  return { clusterId: clusterId.trim(), keys, works };
}

/** Why two identities are the same work, for the flag that says so (`same DOI 10.1/x`), or null. */
export function sharedWork(a: RecordIdentity, b: RecordIdentity): string | null {
  const key = a.keys.find((k) => b.keys.includes(k));
  if (key !== undefined) return `same record ${key}`;
  const work = a.works.find((w) => b.works.includes(w));
  return work === undefined ? null : `same ${work}`;
}
