/**
 * Identifiers first: two records naming the same DOI, PMID, PMCID, arXiv id or Scopus EID
 * are two copies of one work, and two records naming different ones are two works (a veto),
 * unless the identifier is known to be unreliable in this collection.
 *
 * An identifier is unreliable when records with clearly different titles share it: a
 * supplement's one DOI given to every abstract printed in it, or a placeholder. Such a value
 * neither links nor vetoes (see `ambiguousIdentifiers`).
 */
import type { MatchRecord } from "./features.js";

export const ID_KINDS = ["doi", "pmid", "pmcid", "arxivId", "eid"] as const;
export type IdKind = (typeof ID_KINDS)[number];

export interface IdentifierEvidence {
  /** Kinds both records name with the same value. */
  shared: IdKind[];
  /** Kinds both records name with different values. */
  conflicting: IdKind[];
}

/** `doi:10.1/x`: the value and its kind, the form the ambiguous set holds. */
export function idToken(kind: IdKind, value: string): string {
  return `${kind}:${value}`;
}

/**
 * Cochrane gives each published version of a review the review's DOI with `.pubN` appended
 * (`10.1002/14651858.CD002273.pub2`, `.pub3`; the first version has none): one work in
 * several versions, so two such DOIs of one review neither link nor veto a pair — the other
 * fields decide, as for records without DOIs. bib-dedupe reaches the same pairs by a string
 * similarity of DOIs above 0.9, which would also pass DOIs one digit apart (two works);
 * this reads the scheme instead.
 */
const COCHRANE_VERSION = /^(10\.1002\/14651858\.[a-z]{2}\d+)(?:\.pub\d+)?$/i;

/** The DOI of the work a versioned DOI is a version of (see COCHRANE_VERSION); other DOIs as they are. */
export function doiOfWork(doi: string): string {
  const version = COCHRANE_VERSION.exec(doi);
  return version ? version[1]!.toLowerCase() : doi;
}

/** Compare every kind both records name (ambiguous values already set aside, see `withoutIdentifiers`). */
export function compareIdentifiers(a: MatchRecord, b: MatchRecord): IdentifierEvidence {
  const shared: IdKind[] = [];
  const conflicting: IdKind[] = [];
  const check = (kind: IdKind, x: string | null, y: string | null) => {
    if (x === null || y === null) return;
    if (x === y) shared.push(kind);
    else if (kind !== "doi" || doiOfWork(x) !== doiOfWork(y)) conflicting.push(kind);
  };
  check("doi", a.doi, b.doi);
  check("pmid", a.pmid, b.pmid);
  check("pmcid", a.pmcid, b.pmcid);
  check("arxivId", a.arxivId, b.arxivId);
  check("eid", a.eid, b.eid);
  return { shared, conflicting };
}

/** The records with the given `kind:value` identifiers removed (copies of the few affected; the rest as they are). */
export function withoutIdentifiers(records: readonly MatchRecord[], tokens: ReadonlySet<string>): MatchRecord[] {
  if (tokens.size === 0) return [...records];
  return records.map((record) => {
    let copy: MatchRecord | null = null;
    for (const kind of ID_KINDS) {
      const value = record[kind];
      if (value !== null && tokens.has(idToken(kind, value))) {
        copy ??= { ...record };
        copy[kind] = null;
      }
    }
    return copy ?? record;
  });
}

/** How close two titles must be for a shared identifier to count as one work's. */
export const RELATED_FOR_IDENTIFIER = 0.6;

/**
 * Identifier values shared by records whose titles are unrelated (a supplement DOI, a
 * placeholder, a database's wrong link), as `kind:value` tokens. Each group of records
 * sharing a value is checked against its first titled member, so the cost stays linear.
 */
export function ambiguousIdentifiers(
  records: readonly MatchRecord[],
  related: (a: string, b: string) => boolean,
): Set<string> {
  const groups = new Map<string, number[]>();
  const ambiguous = new Set<string>();
  for (const kind of ID_KINDS) {
    groups.clear();
    for (const record of records) {
      const value = record[kind];
      if (value === null) continue;
      const members = groups.get(value);
      if (members) members.push(record.index);
      else groups.set(value, [record.index]);
    }
    for (const [value, members] of groups) {
      if (members.length < 2) continue;
      let reference: string | null = null;
      for (const index of members) {
        const title = records[index]!.title;
        if (title === null) continue;
        if (reference === null) reference = title;
        else if (!related(reference, title)) {
          ambiguous.add(idToken(kind, value));
          break;
        }
      }
    }
  }
  return ambiguous;
}
