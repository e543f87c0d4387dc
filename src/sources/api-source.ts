/**
 * The contract every database API client implements (src/sources/pubmed-eutils.ts,
 * src/sources/arxiv-api.ts) and the fetch runner drives (src/fetch/run.ts): how to search a
 * date window, how to ask for a page of records, and how to read the record ids back from a
 * saved page. A client builds requests and judges responses; it never sends, saves or pages.
 */
import type { HttpRequest, RateLimit, ResponseHeaders } from "../io/http.js";
import type { OneSearch } from "../protocol.js";

export type Env = { readonly [name: string]: string | undefined };

export interface DateWindow {
  from: string;
  to: string;
}

/** What a search leaves for paging: PubMed's history server WebEnv and query_key; nothing for arXiv. */
export type Session = { readonly [key: string]: string };

export interface Slice {
  window: DateWindow;
  hits: number;
  session: Session;
  /**
   * The record ids the slice's search listed, in order (PubMed's ESearch id list): each page
   * must hold exactly its part of them. Null where the search lists none (arXiv, a dry run).
   */
  ids: readonly string[] | null;
  /**
   * Paged by cursor (the source's `cursorPaging`), one page after another: a window over the
   * position cap that the date filter cannot split further (a single year in Scopus).
   */
  byCursor?: boolean;
}

export interface PageValue {
  /** Records in the page. */
  count: number;
  /** Their identifiers (PMID, arXiv id without version), in page order. */
  ids: string[];
}

export interface SearchAnswer {
  hits: number;
  /** Items in the response: ids listed by ESearch, entries of an arXiv page. */
  items: number;
  /** The database's own translation of the query (PubMed QueryTranslation). */
  translation: string | null;
  /** Warnings and errors the database returned with results (PubMed ErrorList/WarningList). */
  messages: string[];
  session: Session;
  /** PubMed: the ids ESearch listed (asked with `listIds`). arXiv: the ids of the entries in the page. */
  ids: string[];
}

/** A page asked by cursor: its records, and the cursor the service names for the page after it (null: none). */
export interface CursorPageValue extends PageValue {
  next: string | null;
}

/**
 * Cursor paging: the first page is asked with a fixed cursor (`*`), each later one with the
 * cursor its predecessor named. No page can be asked before the previous one arrived, so the
 * runner fetches them one at a time, and resumes from the cursor in the last saved page.
 */
export interface CursorPaging {
  /** The most records one search serves by cursor (Infinity where none is documented). */
  cap: number;
  first: string;
  page(slice: Slice, cursor: string, start: number, size: number): HttpRequest<CursorPageValue>;
  /** The next cursor a saved records page names, or null (a page that does not parse, or names none). */
  nextCursor(page: Buffer): string | null;
}

/** What a response says of the key's request quota (Elsevier's X-RateLimit-* headers). */
export interface Quota {
  remaining: number;
  limit: number | null;
  /** When the quota is refilled: ISO 8601, or the header as written when it is not epoch seconds; null when not said. */
  resetsAt: string | null;
}

/** One database's API client, as the fetch runner drives it. */
export interface ApiSource {
  database: string;
  /** For messages: "PubMed". */
  name: string;
  endpoint: string;
  endpointFrom: "default" | "query" | `SRPIPE_${string}_URL`;
  rate: RateLimit;
  pageSize: number;
  /** The most records one search can page through; a window with more is split by date. */
  cap: number;
  /** File name stems: `esearch`/`efetch` (esearch-0001.xml…), `search`/`page`. */
  files: { search: string; records: string };
  /** Saved pages' file extension: "xml" unless said ("json" for the JSON APIs). */
  fileExtension?: "xml" | "json";
  /** The search's own response is the first page of records when the window fits (arXiv). */
  searchHoldsRecords: boolean;
  /** The paging session expires (PubMed's WebEnv): a resume searches again and checks nothing moved. */
  resumeNeedsSearch: boolean;
  /** The query string as sent for a window, date limits included. */
  querySent(window: DateWindow): string;
  /**
   * Count a window: `size` records of it along the way (arXiv); with `listIds`, also every id
   * of a window that fits under the cap (PubMed), so its pages can be checked record by record.
   */
  search(window: DateWindow, options: { size: number; listIds: boolean }): HttpRequest<SearchAnswer>;
  page(slice: Slice, start: number, size: number): HttpRequest<PageValue>;
  /** The record ids in a saved records page, in order (to prove a snapshot and to resume one). */
  recordIds(page: Buffer): string[];
  /** "PMID", "arXiv id": how messages name an identifier. */
  idName: string;
  /**
   * The finest date the database's search filters by. "year" (Scopus PUBYEAR, ScienceDirect
   * `date`, IEEE start_year/end_year): the whole years around the window are searched, and a
   * window past the cap is split at year boundaries. Absent: days.
   */
  dateUnit?: "day" | "year";
  /** How a slice past `cap` that cannot be split by date is paged, where the API has a cursor (Scopus). */
  cursorPaging?: CursorPaging;
  /** The request quota a response reports, or null where its headers say nothing of it. */
  quota?(headers: ResponseHeaders): Quota | null;
  /** Why the client cannot search as configured (a required API key not in the environment), or null. */
  missingSetting?: string | null;
  /** How the key and contact settings stand, for the "using …" line (", with ELSEVIER_API_KEY"). */
  setupNote?: string;
}

/** Environment variables whose values must never be saved or shown (keys, tokens, contact e-mails). */
export const SECRET_ENV_NAMES = [
  "NCBI_API_KEY",
  "NCBI_EMAIL",
  "ELSEVIER_API_KEY",
  "ELSEVIER_INSTTOKEN",
  "IEEE_API_KEY",
  "OPENALEX_MAILTO",
  "OPENALEX_API_KEY",
] as const;

/** How a client is made for one query: its endpoint and keys come from the query file and the environment. */
export type ApiSourceFactory = (query: OneSearch, env: Env) => ApiSource;
