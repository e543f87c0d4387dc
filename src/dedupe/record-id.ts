/**
 * `record_id`, the first column of clusters.csv: the input's own id for a record, so any
 * tool can join the clusters to its gold labels or its library. Where it comes from, by
 * format (the first that is present):
 *
 *   ris     the reference ID (`ID  - 123`, EndNote's record number), then the accession number (AN)
 *   bibtex  the citation key, then the database id the entry carries
 *   other   the database's own id (a CSV's `ID`/`id`/`record_id` column, PubMed's PMID, Scopus's EID…)
 *
 * then the PMID, then `file:position`. Ids must be unique: records whose own id is shared
 * with another record (two files numbered from 1) are named `file:id`, and if that still
 * repeats, `file:position`.
 */
import type { Record } from "../record.js";

const OWN_ID: { readonly [format: string]: readonly ((r: Record) => string | null | undefined)[] } = {
  ris: [(r) => r.raw.id, (r) => r.sourceId],
  bibtex: [(r) => r.raw.citationKey, (r) => r.sourceId],
};
const DEFAULT_OWN_ID: readonly ((r: Record) => string | null | undefined)[] = [(r) => r.sourceId];

export function position(record: Record): string {
  return `${record.provenance.file}:${record.provenance.position}`;
}

/** The record's own id as its input gives it, before making ids unique. */
export function ownId(record: Record): string {
  for (const get of OWN_ID[record.provenance.format] ?? DEFAULT_OWN_ID) {
    const value = get(record)?.trim();
    if (value) return value;
  }
  return record.pmid ?? position(record);
}

export interface RecordIdSource {
  own: string;
  file: string;
  position: number;
}

/** Unique record ids, in input order, from each record's own id, file and position. */
export function uniqueRecordIds(sources: readonly RecordIdSource[]): string[] {
  const repeated = (ids: readonly string[]) => {
    const seen = new Map<string, number>();
    for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    return (id: string) => seen.get(id)! > 1;
  };
  let ids = sources.map((s) => s.own);
  let isRepeated = repeated(ids);
  // Nearly every input numbers its records once: nothing to qualify.
  if (!ids.some(isRepeated)) return ids;
  ids = ids.map((id, i) => (isRepeated(id) ? `${sources[i]!.file}:${id}` : id));
  isRepeated = repeated(ids);
  ids = ids.map((id, i) => (isRepeated(id) ? `${sources[i]!.file}:${sources[i]!.position}` : id));
  // Only an input whose own ids look like another's `file:position` gets here.
  isRepeated = repeated(ids);
  const used = new Map<string, number>();
  return ids.map((id) => {
    if (!isRepeated(id)) return id;
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    return `${id}#${n}`;
  });
}
