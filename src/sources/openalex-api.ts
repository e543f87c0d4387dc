/**
 * OpenAlex works through its REST API (https://docs.openalex.org/api-entities/works/search-works,
 * https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/paging): the protocol's
 * query as `search` (or as OpenAlex parameters `search=…&filter=…`), the window as
 * from_/to_publication_date filters, paged with page/per-page in publication-date order. The
 * pages are OpenAlex list pages `{meta, results}`, read back at import by `openalex-json.ts`.
 *
 * Limits (https://docs.openalex.org/how-to-use-the-api/rate-limits-and-authentication): 10
 * requests per second and 100,000 a day; the "polite pool" (faster, steadier) for requests
 * that carry a contact e-mail as `mailto`. `per-page` at most 200; basic paging serves the
 * first 10,000 results of a search, so a window with more is split by date.
 */
import type { HttpRequest, RateLimit } from "../io/http.js";
import type { OneSearch } from "../protocol.js";
import type { ApiSource, DateWindow, Env } from "./api-source.js";
import {
  isJsonObject,
  jsonAt,
  jsonCount,
  jsonList,
  parseJsonBody,
  type Json,
  type JsonApiPage,
  startSizePaging,
} from "./json-api-page.js";

export const OPENALEX_DEFAULT_ENDPOINT = "https://api.openalex.org/works";
/** "max 10 requests per second" (rate limits and authentication). */
export const OPENALEX_RATE: RateLimit = { perSecond: 10, concurrency: 3 };
/** "basic paging … only works to read the first 10,000 results of any list" (paging). */
export const OPENALEX_RESULT_CAP = 10_000;
export const OPENALEX_MAX_PAGE_SIZE = 200;

/** The parameters a query string stands for: OpenAlex parameters as written, or plain search text. */
export function openalexParams(query: string): { search: string | null; filter: string | null } {
  if (!/^\s*(?:search|filter)=/.test(query)) return { search: query, filter: null };
  const params = new URLSearchParams(query.trim());
  return { search: params.get("search"), filter: params.get("filter") };
}

/** The parameters as sent for a window, written as a query string a reader can paste after `/works?`. */
export function openalexQuery(query: string, window: DateWindow): string {
  const { search, filter } = openalexParams(query);
  const dates = `from_publication_date:${window.from},to_publication_date:${window.to}`;
  const parts: string[] = [];
  if (search !== null) parts.push(`search=${search}`);
  parts.push(`filter=${filter ? `${filter},` : ""}${dates}`);
  return parts.join("&");
}

export function openalexUrl(endpoint: string, query: string, window: DateWindow, start: number, size: number): string {
  const url = new URL(endpoint);
  const { search, filter } = openalexParams(query);
  if (search !== null) url.searchParams.set("search", search);
  url.searchParams.set(
    "filter",
    `${filter ? `${filter},` : ""}from_publication_date:${window.from},to_publication_date:${window.to}`,
  );
  // Publication-date order is stable for a past window, so the pages line up across requests and resumes.
  url.searchParams.set("sort", "publication_date:asc");
  url.searchParams.set("per-page", String(size));
  // Pages are numbered from 1 and `start` is always a multiple of the page size.
  url.searchParams.set("page", String(Math.floor(start / size) + 1));
  return url.toString();
}

const WORK_ID = /^https?:\/\/openalex\.org\/(W\d+)$/i;

/** `{meta: {count}, results: [works]}`; an error document `{error, message}` is an API error. */
export function readOpenalexPage(json: Json): JsonApiPage {
  if (!isJsonObject(json) || !Array.isArray(json.results)) {
    const message = jsonAt(json, "message") ?? jsonAt(json, "error");
    return { total: null, ids: [], error: typeof message === "string" ? message : null };
  }
  const ids = jsonList(json.results).map((work) => {
    const id = jsonAt(work, "id");
    return (typeof id === "string" ? WORK_ID.exec(id.trim())?.[1] : undefined) ?? "";
  });
  return { total: jsonCount(jsonAt(json, "meta", "count")), ids, error: null };
}

function explainOpenalex(_status: number, body: Buffer): string | null {
  const parsed = parseJsonBody(body, "OpenAlex");
  if (!parsed.ok) return null;
  const error = jsonAt(parsed.json, "error");
  const message = jsonAt(parsed.json, "message");
  const said = [error, message].filter((v): v is string => typeof v === "string" && v.trim() !== "").join(": ");
  return said ? `OpenAlex: ${said}` : null;
}

export interface OpenalexContact {
  mailto: string | null;
  apiKey: string | null;
}

export function openalexContact(env: Env): OpenalexContact {
  return { mailto: env.OPENALEX_MAILTO?.trim() || null, apiKey: env.OPENALEX_API_KEY?.trim() || null };
}

/** `mailto` (the polite pool) and `api_key` (premium), added only when sending and redacted everywhere else. */
export function openalexSecretParams(contact: OpenalexContact): { [name: string]: string } {
  const params: { [name: string]: string } = {};
  if (contact.mailto) params.mailto = contact.mailto;
  if (contact.apiKey) params.api_key = contact.apiKey;
  return params;
}

export function openalexSetupNote(contact: OpenalexContact): string {
  return contact.mailto
    ? ", polite pool (OPENALEX_MAILTO)"
    : ", common pool (set OPENALEX_MAILTO to a contact e-mail for the faster polite pool)";
}

export function openalexSource(query: OneSearch, env: Env): ApiSource {
  const fromEnv = env.SRPIPE_OPENALEX_URL?.trim();
  const endpoint = fromEnv || query.endpoint || OPENALEX_DEFAULT_ENDPOINT;
  const contact = openalexContact(env);
  const secretParams = openalexSecretParams(contact);
  const request = <T>(url: string, check: HttpRequest<T>["check"]): HttpRequest<T> => ({
    url,
    accept: "application/json",
    secretParams,
    check,
    explain: explainOpenalex,
  });
  const pageSize = query.pageSize ?? OPENALEX_MAX_PAGE_SIZE;
  return {
    database: "openalex",
    name: "OpenAlex",
    endpoint,
    endpointFrom: fromEnv ? "SRPIPE_OPENALEX_URL" : query.endpoint ? "query" : "default",
    rate: OPENALEX_RATE,
    pageSize,
    cap: OPENALEX_RESULT_CAP,
    files: { search: "search", records: "page" },
    fileExtension: "json",
    searchHoldsRecords: true,
    resumeNeedsSearch: false,
    missingSetting: null,
    setupNote: openalexSetupNote(contact),
    querySent: (window) => openalexQuery(query.query, window),
    ...startSizePaging("OpenAlex", readOpenalexPage, (window, start, size, check) =>
      request(openalexUrl(endpoint, query.query, window, start, size), check),
    ),
    idName: "OpenAlex id",
  };
}
