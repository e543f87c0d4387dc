/**
 * One record per cluster, for unique.csv. The members come ranked: the representative (the
 * most complete copy, see features.ts `completeness`) first. Each field of the merged record
 * is chosen by one rule:
 *
 *   key, database, source id, provenance   the representative's (the record kept)
 *   title            the representative's, unless it is ALL CAPITALS and a member has it in mixed case
 *   abstract         the longest (databases truncate abstracts)
 *   authors          the representative's list, unless it is empty or could not be split
 *                    (`authors-unsplit`) and a member has a split one
 *   pages            the first given in rank order, or another member's full range starting on the same page
 *   publication types, keywords   every member's, distinct, in rank order
 *   flags            every member's, distinct, sorted (`authors-unsplit` only if the chosen list is)
 *   raw              the representative's, with keys only other members have added in rank order
 *   date             the first given by a member of the chosen year
 *   any other field  the representative's, or, when it has none, the first member's that has one
 *
 * The identifiers of every member are listed apart (unique.csv `member_identifiers`), so a
 * DOI that differs between members is never lost.
 */
import type { Record } from "../record.js";
import { ID_KINDS } from "./identifiers.js";

type ScalarField =
  | "doi"
  | "pmid"
  | "pmcid"
  | "arxivId"
  | "eid"
  | "year"
  | "journal"
  | "journalAbbrev"
  | "issn"
  | "eissn"
  | "volume"
  | "issue"
  | "language";

const FIRST_GIVEN: readonly ScalarField[] = [
  "doi",
  "pmid",
  "pmcid",
  "arxivId",
  "eid",
  "year",
  "journal",
  "journalAbbrev",
  "issn",
  "eissn",
  "volume",
  "issue",
  "language",
];

function firstGiven<K extends ScalarField>(members: readonly Record[], field: K): Record[K] {
  for (const member of members) if (member[field] !== null) return member[field];
  return members[0]![field];
}

const isShouting = (text: string) => !/\p{Ll}/u.test(text) && /\p{Lu}.*\p{Lu}/u.test(text);

function chooseTitle(members: readonly Record[]): string | null {
  const titles = members.map((m) => m.title).filter((t): t is string => t !== null);
  const first = titles[0] ?? null;
  if (first !== null && isShouting(first)) return titles.find((t) => !isShouting(t)) ?? first;
  return first;
}

function chooseAbstract(members: readonly Record[]): string | null {
  let best: string | null = null;
  for (const member of members)
    if (member.abstract !== null && (best === null || member.abstract.length > best.length)) best = member.abstract;
  return best;
}

function chooseAuthors(members: readonly Record[]): { authors: Record["authors"]; unsplit: boolean } {
  const usable = (m: Record) => m.authors.length > 0 && !m.flags.includes("authors-unsplit");
  const chosen = usable(members[0]!)
    ? members[0]!
    : (members.find(usable) ?? members.find((m) => m.authors.length > 0) ?? members[0]!);
  return { authors: chosen.authors, unsplit: chosen.flags.includes("authors-unsplit") };
}

/** The first pages given, or a fuller range of the same first page (`1234` → `1234-1245`). */
function choosePages(members: readonly Record[]): string | null {
  const given = members.find((m) => m.pages !== null)?.pages ?? null;
  if (given === null || /\d\s*-\s*\S/.test(given)) return given;
  const start = given.trim();
  return members.find((m) => m.pages?.startsWith(`${start}-`))?.pages ?? given;
}

function distinct(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}

/** Members in rank order, the representative first. */
export function mergeCluster(members: readonly Record[]): Record {
  const representative = members[0];
  if (representative === undefined) throw new Error("mergeCluster: a cluster has at least one member");
  if (members.length === 1) return representative;
  const merged: Record = { ...representative };
  for (const field of FIRST_GIVEN) (merged as { [f: string]: unknown })[field] = firstGiven(members, field);
  // A full date only from a member of the chosen year, so year and date never disagree.
  merged.date = members.find((m) => m.date !== null && m.year === merged.year)?.date ?? null;
  merged.title = chooseTitle(members);
  merged.abstract = chooseAbstract(members);
  const { authors, unsplit } = chooseAuthors(members);
  merged.authors = authors;
  merged.pages = choosePages(members);
  merged.publicationTypes = distinct(members.map((m) => m.publicationTypes));
  merged.keywords = distinct(members.map((m) => m.keywords));
  const flags = new Set(members.flatMap((m) => m.flags));
  if (!unsplit) flags.delete("authors-unsplit");
  merged.flags = [...flags].sort();
  const raw: { [field: string]: string } = {};
  for (const member of members) for (const [k, v] of Object.entries(member.raw)) if (!(k in raw)) raw[k] = v;
  merged.raw = raw;
  return merged;
}

/** Every identifier any member names, as `kind:value`, distinct and sorted. */
export function memberIdentifiers(members: readonly Record[]): string[] {
  const out = new Set<string>();
  for (const member of members) {
    for (const kind of ID_KINDS) {
      const value = member[kind];
      if (value !== null) out.add(`${kind}:${value}`);
    }
  }
  return [...out].sort();
}
