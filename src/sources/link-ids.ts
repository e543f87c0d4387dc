/**
 * Identifiers inside record links, as RIS (UR, L1…) and BibTeX (url) exports carry them.
 * Shared by the RIS and BibTeX adapters.
 */

export interface UrlIds {
  doi: string | null;
  eid: string | null;
  arxivId: string | null;
  pmid: string | null;
  pmcid: string | null;
  sciencedirectPii: string | null;
  lensId: string | null;
}

const URL_IDS: { readonly [K in keyof UrlIds]: RegExp } = {
  doi: /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\S+)$/i,
  eid: /[?&]eid=(2-s2\.0-\d+)/,
  arxivId: /arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:\.pdf)?$/i,
  pmid: /(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d+)/i,
  pmcid: /\/pmc\/articles\/(PMC\d+)/i,
  sciencedirectPii: /sciencedirect\.com\/science\/article\/(?:abs\/)?pii\/([0-9A-Z]+)/i,
  lensId: /lens\.org\/(\d{3}-\d{3}-\d{3}-\d{3}-\d{2}[\dX])/,
};

/**
 * Identifiers that record links spell out (Scopus `eid=` in UR, arXiv, PubMed and PMC links,
 * a ScienceDirect PII, a Lens id). Lens and EndNote list links to several works under one
 * record, so a kind of id is taken only when every link that has one agrees.
 */
export function idsFromUrls(urls: readonly string[]): UrlIds {
  const ids = {} as UrlIds;
  for (const kind of Object.keys(URL_IDS) as (keyof UrlIds)[]) {
    const found = new Set<string>();
    for (const url of urls) {
      const match = URL_IDS[kind].exec(url.trim());
      if (match) found.add(kind === "doi" ? decodeURIComponent(match[1]!).toLowerCase() : match[1]!);
    }
    ids[kind] = found.size === 1 ? [...found][0]! : null;
  }
  return ids;
}
