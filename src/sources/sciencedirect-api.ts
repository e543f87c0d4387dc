/**
 * ScienceDirect through the ScienceDirect Search API v2
 * (https://dev.elsevier.com/tecdoc_sdsearch_migration.html, https://dev.elsevier.com/documentation/ScienceDirectSearchAPI.wadl):
 * a PUT of a JSON body `{qs, date, display: {offset, show, sortBy}}`; the window as `date`
 * (years only); JSON pages saved as received and read back at import by
 * `sciencedirect-json.ts`. The search results carry no abstracts (the Article Retrieval API
 * has them): records from this source are screened on title, venue and date unless an abstract
 * comes from a duplicate in another database.
 *
 * Limits (https://dev.elsevier.com/api_key_settings.html): 2 requests per second and 20,000
 * a week per key; `show` at most 100; offset paging serves the first 6,000 results of a
 * search, so a window with more is split by year. Every response reports the key's quota in
 * X-RateLimit-Remaining: a fetch that would not fit is not started, and one that runs out
 * stops before asking for pages the API would refuse.
 */
import type { HttpRequest, RateLimit } from "../io/http.js";
import type { OneSearch } from "../protocol.js";
import type { ApiSource, DateWindow, Env } from "./api-source.js";
import {
  elsevierErrorText,
  elsevierHeaders,
  elsevierKeys,
  elsevierQuota,
  elsevierQuotaRefusal,
  elsevierSetupNote,
  missingElsevierKey,
} from "./elsevier-api.js";
import {
  isJsonObject,
  jsonAt,
  jsonCount,
  jsonList,
  type Json,
  type JsonApiPage,
  startSizePaging,
} from "./json-api-page.js";

export const SCIENCEDIRECT_DEFAULT_ENDPOINT = "https://api.elsevier.com/content/search/sciencedirect";
/** "ScienceDirect Search … 2 requests/second" (API key settings). */
export const SCIENCEDIRECT_RATE: RateLimit = { perSecond: 2, concurrency: 2 };
/** "offset … maximum 6000" with show at most 100 per request. */
export const SCIENCEDIRECT_RESULT_CAP = 6_000;
export const SCIENCEDIRECT_MAX_SHOW = 100;

function years(window: DateWindow): string {
  const first = window.from.slice(0, 4);
  const last = window.to.slice(0, 4);
  return first === last ? first : `${first}-${last}`;
}

/** The search as sent, without its paging: the JSON body's `qs` and `date`. */
export function sciencedirectQuery(query: string, window: DateWindow): string {
  return JSON.stringify({ qs: query, date: years(window) });
}

export function sciencedirectBody(query: string, window: DateWindow, offset: number, show: number): string {
  // Date order is stable for a past window, so offset pages line up across requests and resumes.
  return JSON.stringify({ qs: query, date: years(window), display: { offset, show, sortBy: "date" } });
}

/** `{resultsFound, results: [...]}`; records by PII (ScienceDirect's own id), DOI when a result has none. */
export function readSciencedirectPage(json: Json): JsonApiPage {
  if (!isJsonObject(json) || !("resultsFound" in json)) {
    const said = jsonAt(json, "service-error", "status", "statusText");
    return { total: null, ids: [], error: typeof said === "string" ? said : null };
  }
  const ids = jsonList(json.results).map((result) => {
    const pii = jsonAt(result, "pii");
    const doi = jsonAt(result, "doi");
    return typeof pii === "string" && pii.trim() ? pii.trim() : typeof doi === "string" ? doi.trim() : "";
  });
  return { total: jsonCount(json.resultsFound), ids, error: null };
}

/** A request as recorded: the URL with the body it was sent, since the URL alone is the same for every page. */
function recorded(endpoint: string, body: string): string {
  return `PUT ${endpoint} ${body}`;
}

export function sciencedirectSource(query: OneSearch, env: Env): ApiSource {
  const fromEnv = env.SRPIPE_SCIENCEDIRECT_URL?.trim();
  const endpoint = fromEnv || query.endpoint || SCIENCEDIRECT_DEFAULT_ENDPOINT;
  const keys = elsevierKeys(env);
  const headers = elsevierHeaders(keys);
  const pageSize = query.pageSize ?? SCIENCEDIRECT_MAX_SHOW;
  const request = <T>(body: string, check: HttpRequest<T>["check"]): HttpRequest<T> => ({
    url: endpoint,
    method: "PUT",
    jsonBody: body,
    accept: "application/json",
    secretHeaders: headers,
    check,
    refusal: (status, responseHeaders) => elsevierQuotaRefusal(status, responseHeaders),
    explain(_status, responseBody) {
      const said = elsevierErrorText(responseBody);
      return said ? `ScienceDirect: ${said}` : null;
    },
  });
  return {
    database: "sciencedirect",
    name: "ScienceDirect",
    endpoint,
    endpointFrom: fromEnv ? "SRPIPE_SCIENCEDIRECT_URL" : query.endpoint ? "query" : "default",
    rate: SCIENCEDIRECT_RATE,
    pageSize,
    cap: SCIENCEDIRECT_RESULT_CAP,
    files: { search: "search", records: "page" },
    fileExtension: "json",
    searchHoldsRecords: true,
    resumeNeedsSearch: false,
    dateUnit: "year",
    missingSetting: missingElsevierKey(keys, "ScienceDirect"),
    setupNote: elsevierSetupNote(keys),
    querySent: (window) => sciencedirectQuery(query.query, window),
    ...startSizePaging("ScienceDirect", readSciencedirectPage, (window, start, size, check) => {
      const body = sciencedirectBody(query.query, window, start, size);
      return { ...request(body, check), record: recorded(endpoint, body) };
    }),
    idName: "PII",
    quota: elsevierQuota,
  };
}
