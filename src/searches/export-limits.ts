/**
 * How many records one export file of a database's website can hold: the usual reason the
 * records imported from a manual search fall short of the hits it reported. A reviewer sees the
 * limit named beside the shortfall, with its conditions.
 *
 * Each figure is the one for the export a screening needs (records with their abstracts), with
 * the public statement it rests on. The databases' own help pages were not in the material
 * searched (December 2026); the statements are librarians' guides and tool maintainers'
 * answers, and a figure no public statement was found for says so in the message.
 */
export interface ExportLimit {
  /** Records per export file, for an export with abstracts. */
  perFile: number;
  /** What qualifies the figure, shown beside it ("with abstracts; 20,000 with citation information only"). */
  conditions: string;
  /** Where the figure is stated publicly; empty when no statement was found (`conditions` then says so). */
  evidence: readonly { url: string; says: string }[];
}

export const EXPORT_LIMITS: { readonly [database: string]: ExportLimit } = {
  sciencedirect: {
    perFile: 100,
    conditions: "as reviewers report it; no public statement of the figure was found",
    evidence: [],
  },
  wos: {
    perFile: 1000,
    conditions: "500 with Full Record and Cited References",
    evidence: [
      {
        url: "https://github.com/clarivate/wos_api_usecases/issues/23",
        says: "(2023, a user) what I did in the mean-time was to download the records in 1k batches from the website",
      },
      {
        url: "https://github.com/massimoaria/bibliometrix/issues/171",
        says: "(2021, the maintainer) You have to export multiple files (500 records for file) [Full Record and Cited References]",
      },
      {
        url: "https://openisu.pubpub.org/pub/v05la8pd/release/1",
        says: "(2021, Iowa State University library) I must export in batches of 500 (the export limit)",
      },
    ],
  },
  ieee: {
    perFile: 2000,
    conditions: "as reviewers report it; no public statement of the figure was found",
    evidence: [],
  },
  scopus: {
    perFile: 2000,
    conditions: "with abstracts; 20,000 with citation information only",
    evidence: [
      {
        url: "https://wiki.cns.iu.edu/pages/diffpagesbyversion.action?pageId=1245856&originalVersion=45&revisedVersion=49",
        says: 'You can download the references (up to 2,000 full records, and 20,000 "Citations Only" in a CSV file)',
      },
      {
        url: "https://github.com/massimoaria/bibliometrix/issues/285",
        says: '(2023) the new version of Scopus to be able to download more than 2000 references … Scopus makes available a "fast download" [with fewer fields]',
      },
    ],
  },
  pubmed: {
    perFile: 10000,
    conditions: "Save or Send to: Citation manager, all results",
    evidence: [
      {
        url: "https://guides.library.uq.edu.au/research-techniques/systematic-review/record",
        says: "PubMed … Send to Citation Manager … Maximum number of results at a time: 10,000",
      },
    ],
  },
};

/** The limit for a database id, also under the spellings reviews use for it. */
export function exportLimit(database: string): ExportLimit | null {
  const id = database.toLowerCase().replace(/[^a-z]/g, "");
  const alias: { [id: string]: string } = { webofscience: "wos", ieeexplore: "ieee", medline: "pubmed" };
  return EXPORT_LIMITS[alias[id] ?? id] ?? null;
}
