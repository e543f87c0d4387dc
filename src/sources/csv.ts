/**
 * Any other CSV or TSV of records with a title column: EndNote, Zotero, Rayyan and ASReview
 * exports, benchmark data sets (ASySD, SYNERGY, CoLRev). Columns are found through an alias
 * table in the style of ASReview's column definitions; every other non-empty column is kept
 * in raw under its own name (screening labels, gold duplicate ids), so nothing is lost.
 * This adapter is tried last, after the Scopus and IEEE ones.
 */
import { InputError } from "../errors.js";
import { type CsvHeader, type CsvRow, isFieldTagHeader } from "../io/csv-read.js";
import { findCsvHeaderRow, RECORD_TITLE_COLUMNS } from "./csv-header-row.js";
import { cleanText, parseLooseDate, type RecordDraft } from "../record.js";
import type { SourceAdapter } from "./adapter.js";
import { FieldReader, normaliseColumnName, resolveColumns, type ColumnAliases } from "../io/csv-columns.js";
import { csvRecords, splitKeywords, splitNameList } from "./csv-columns.js";

type GenericField =
  | "sourceId"
  | "title"
  | "abstract"
  | "authors"
  | "fullAuthors"
  | "year"
  | "date"
  | "doi"
  | "pmid"
  | "pmcid"
  | "arxivId"
  | "eid"
  | "journal"
  | "journalAbbrev"
  | "volume"
  | "issue"
  | "pages"
  | "startPage"
  | "endPage"
  | "issn"
  | "eissn"
  | "keywords"
  | "language"
  | "publicationTypes"
  | "url"
  | "openalexId";

/** Web of Science's MEDLINE records name their PMID only in the accession (`UT MEDLINE:29782655`). */
function medlineAccession(ut: string | undefined): string | null {
  return ut === undefined ? null : (/^MEDLINE:(\d{1,9})$/.exec(ut.trim())?.[1] ?? null);
}

/** Matched ignoring case and punctuation (`primary_title` = `Primary Title`); RIS/WoS tags for tag-named columns. */
export const GENERIC_COLUMNS: ColumnAliases<GenericField> = {
  sourceId: ["id", "record_id", "key"],
  // Web of Science exports use its field tags (tab-delimited) or their names (Excel); ProQuest and
  // Covidence their own names (ProQuest `pubtitle`, `digitalObjectIdentifier`; Covidence `Published Year`).
  title: RECORD_TITLE_COLUMNS,
  abstract: ["abstract", "notes_abstract", "Abstract Note", "AB"],
  authors: ["authors", "author", "author names", "AU"],
  // Web of Science's full names (`Roach, Melissa C.; Thompson, Frank R., III`): read first, as its
  // AU column can come with the separators between names lost (`Roach, MCThompson, FR`).
  fullAuthors: ["AF", "Author Full Names"],
  year: ["year", "publication_year", "Year Published", "Published Year", "PY"],
  date: ["date", "publication_date", "pubdate", "DA"],
  doi: ["doi", "DI", "DO", "digitalObjectIdentifier"],
  pmid: ["pmid", "PubMed ID", "pubmed_id", "PM"],
  pmcid: ["pmcid", "pmc_id"],
  arxivId: ["arxiv_id", "arxiv"],
  eid: ["eid"],
  journal: [
    "journal",
    "secondary_title",
    "Source title",
    "Publication Title",
    "journal_title",
    "Journal/Book",
    "T2",
    "JO",
    "JF",
    "SO",
    "booktitle",
    "pubtitle",
  ],
  journalAbbrev: ["journal_abbreviation", "Abbreviated Source Title", "J2", "JA"],
  volume: ["volume", "VL"],
  issue: ["issue", "number", "IS"],
  pages: ["pages", "page", "page_range", "PS"],
  startPage: ["Start Page", "BP"],
  endPage: ["End Page", "EP"],
  issn: ["issn", "SN"],
  eissn: ["eissn", "e_issn", "EI"],
  keywords: ["keywords", "Author Keywords", "Manual Tags", "KW", "DE", "identifierKeywords"],
  language: ["language", "LA"],
  publicationTypes: ["type", "document_type", "Item Type", "Publication Type", "ENTRYTYPE", "DT"],
  url: ["url", "link", "UR"],
  openalexId: ["openalex_id"],
};

const TITLE_ALIASES = GENERIC_COLUMNS.title.map(normaliseColumnName);
/** A journal ranking (SCImago, CiteScore) has a Title column too, but its rows are journals, not records. */
const JOURNAL_LIST_COLUMNS = ["sjr", "sourceid", "hindex", "citescore", "snip"];

/** How R (`NA`), pandas and spreadsheets write an empty cell. */
export function isMissingMarker(value: string): boolean {
  return /^(?:NA|N\/A|#N\/A|NULL|null|NaN|nan)$/.test(value.trim());
}

/** `https://pubmed.ncbi.nlm.nih.gov/32536461` (SYNERGY, OpenAlex) → `32536461`; other forms pass through. */
export function csvPmid(value: string | null): string | null {
  const text = cleanText(value);
  if (text === null) return null;
  return (
    /^https?:\/\/(?:pubmed\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov\/pubmed)\/(\d+)\/?$/i.exec(text)?.[1] ?? text
  );
}

/**
 * The DOI column, or a doi.org address in the URL column when the DOI cell is empty. DOI
 * addresses percent-encode what a URL may not hold, such as the brackets of SICI-style DOIs
 * (`http://dx.doi.org/10.1016/S0735-1097%2813%2962048-3` in the ASySD set): decoded here.
 */
export function csvDoi(doi: string | null, url: string | null): string | null {
  const value = doi ?? (url !== null && /^https?:\/\/(?:dx\.)?doi\.org\//i.test(url) ? url : null);
  if (value === null || !/^https?:\/\//i.test(value) || !/%[0-9a-f]{2}/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The year column: a year anywhere in it (`2019`, `2019-03-01`, `2019a`). Anything else
 * (`in press`, `n.d.`) is no year, kept raw and flagged, rather than rejecting the record.
 */
export function csvYear(value: string | null): { year: string | null; unparsed: string | null } {
  if (value === null) return { year: null, unparsed: null };
  const match = /(?:^|\D)(1\d{3}|2\d{3})(?!\d)/.exec(value);
  return match ? { year: match[1]!, unparsed: null } : { year: null, unparsed: value };
}

/** Web of Science gives first and last page apart (BP/EP, "Start Page"/"End Page"). */
export function pageRange(start: string | null, end: string | null): string | null {
  if (start === null) return end;
  return end !== null && end !== start ? `${start}-${end}` : start;
}

/**
 * Web of Science's tab-delimited export: field tags from PT, where ID is Keywords Plus, not an
 * id, and the accession is UT (`WOS:…`, `MEDLINE:…`, `BCI:…`).
 */
const WOS_TAB_COLUMNS: ColumnAliases<GenericField> = {
  ...GENERIC_COLUMNS,
  sourceId: ["UT"],
  keywords: [...GENERIC_COLUMNS.keywords, "ID"],
};

function genericMapper(header: CsvHeader, file: string): (row: CsvRow) => RecordDraft {
  const webOfScience = isFieldTagHeader(header.columns, header.delimiter);
  const fields = new FieldReader(
    resolveColumns(header.columns, webOfScience ? WOS_TAB_COLUMNS : GENERIC_COLUMNS),
    isMissingMarker,
  );
  if (!fields.has("title") && !fields.has("sourceId")) {
    throw new InputError({
      file,
      line: header.line,
      field: "header",
      expected: `a title column (${GENERIC_COLUMNS.title.join(", ")}) or an id column (${GENERIC_COLUMNS.sourceId.join(", ")})`,
      got: `columns ${header.columns.map((c) => JSON.stringify(c)).join(", ")}`,
    });
  }
  const unmapped = fields.unmapped(header.columns);
  return (row) => {
    const get = (field: GenericField) => fields.get(row, field);
    const raw: { [field: string]: string } = {};
    const flags: string[] = [];
    for (const column of unmapped) {
      const value = cleanText(row.cells.get(column));
      if (value !== null && !isMissingMarker(value)) raw[column] = value;
    }
    const full = get("fullAuthors");
    const names = full !== null ? splitNameList(full, "family-first") : splitNameList(get("authors"), "given-first");
    if (names.unsplit) flags.push("authors-unsplit");
    const { year, unparsed } = csvYear(get("year"));
    if (unparsed !== null) {
      raw.year = unparsed;
      flags.push("year-unparsed");
    }
    const url = get("url");
    if (url !== null) raw.url = url;
    const openalexId = get("openalexId");
    if (openalexId !== null) raw.openalexId = openalexId;
    const type = get("publicationTypes");
    return {
      database: webOfScience ? "wos" : null,
      sourceId: get("sourceId"),
      doi: csvDoi(get("doi"), url),
      pmid: csvPmid(get("pmid")) ?? medlineAccession(get("sourceId") ?? raw.UT),
      pmcid: get("pmcid"),
      arxivId: get("arxivId"),
      eid: get("eid"),
      title: get("title"),
      abstract: get("abstract"),
      authors: names.authors,
      year,
      date: parseLooseDate(get("date"))?.date ?? null,
      journal: get("journal"),
      journalAbbrev: get("journalAbbrev"),
      issn: get("issn"),
      eissn: get("eissn"),
      volume: get("volume"),
      issue: get("issue"),
      pages: get("pages") ?? pageRange(get("startPage"), get("endPage")),
      publicationTypes: type === null ? [] : [type],
      language: get("language"),
      keywords: splitKeywords(get("keywords")),
      raw,
      flags,
    };
  };
}

export const genericCsvAdapter: SourceAdapter = {
  id: "csv",
  description: "any CSV/TSV of records with a title column (EndNote, Zotero, Rayyan, ASReview, benchmark sets)",
  defaultDatabase: "unknown",
  detect(sample) {
    const header = findCsvHeaderRow(sample);
    if (header === null || header.columns.length < 2) return false;
    const names = new Set(header.columns.map(normaliseColumnName));
    if (JOURNAL_LIST_COLUMNS.filter((name) => names.has(name)).length >= 2) return false;
    return TITLE_ALIASES.some((alias) => names.has(alias));
  },
  parse(input) {
    return csvRecords(input, (header) => genericMapper(header, input.text.file));
  },
};
