/**
 * IEEE Xplore through the Metadata Search API (https://developer.ieee.org/docs/read/Metadata_API_details,
 * https://developer.ieee.org/docs/read/metadata_api_details/Leveraging_Boolean_Logic): the
 * protocol's query as `querytext`, the window as start_year/end_year (years only), paged with
 * start_record (from 1) and max_records in article-number order, JSON pages saved as received
 * and read back at import by `ieee-xplore-json.ts`. The key travels as the `apikey` parameter,
 * added only when sending and redacted everywhere else.
 *
 * Limits (the API key's default plan, https://developer.ieee.org/Getting_Started): 10 calls per
 * second and 200 calls a day; `max_records` at most 200. No cap on how far start_record may go
 * is documented, so a window is never split for IEEE; a day's 200 calls page through at most
 * 40,000 records, and `srpipe fetch --resume` continues the next day.
 */
import type { HttpRequest, RateLimit } from "../io/http.js";
import type { OneSearch } from "../protocol.js";
import type { ApiSource, DateWindow, Env } from "./api-source.js";
import {
  headerText,
  isJsonObject,
  jsonAt,
  jsonCount,
  jsonList,
  type Json,
  type JsonApiPage,
  startSizePaging,
} from "./json-api-page.js";

export const IEEE_DEFAULT_ENDPOINT = "https://ieeexploreapi.ieee.org/api/v1/search/articles";
/** "10 calls per second" on the default plan; a few in flight keep that pace. */
export const IEEE_RATE: RateLimit = { perSecond: 10, concurrency: 3 };
export const IEEE_MAX_RECORDS = 200;
/** No result cap is documented for start_record paging. */
export const IEEE_RESULT_CAP = Number.MAX_SAFE_INTEGER;

/** The query as sent: querytext with the window's years, as the request carries them. */
export function ieeeQuery(query: string, window: DateWindow): string {
  return `querytext=${query}&start_year=${window.from.slice(0, 4)}&end_year=${window.to.slice(0, 4)}`;
}

export function ieeeUrl(endpoint: string, query: string, window: DateWindow, start: number, size: number): string {
  const url = new URL(endpoint);
  url.searchParams.set("querytext", query);
  url.searchParams.set("start_year", window.from.slice(0, 4));
  url.searchParams.set("end_year", window.to.slice(0, 4));
  url.searchParams.set("format", "json");
  url.searchParams.set("max_records", String(size));
  // start_record counts from 1.
  url.searchParams.set("start_record", String(start + 1));
  // Article numbers are unique, so the order cannot tie and pages line up across requests and resumes.
  url.searchParams.set("sort_field", "article_number");
  url.searchParams.set("sort_order", "asc");
  return url.toString();
}

/** `{total_records, articles: [...]}`; a search with no hit may leave `articles` out. */
export function readIeeePage(json: Json): JsonApiPage {
  if (!isJsonObject(json) || !("total_records" in json)) {
    const error = jsonAt(json, "error") ?? jsonAt(json, "message");
    return { total: null, ids: [], error: typeof error === "string" ? error : null };
  }
  const ids = jsonList(json.articles).map((article) => {
    const number = jsonAt(article, "article_number");
    return typeof number === "string" || typeof number === "number" ? String(number).trim() : "";
  });
  return { total: jsonCount(json.total_records), ids, error: null };
}

/**
 * IEEE's gateway answers an exhausted daily quota with 403 and `X-Mashery-Error-Code:
 * ERR_403_DEVELOPER_OVER_RATE` ("Developer Over Rate"): nothing to retry today.
 */
export function ieeeQuotaRefusal(
  status: number,
  headers: { readonly [name: string]: string | string[] | undefined },
  body: Buffer,
): string | null {
  const code = headerText(headers["x-mashery-error-code"]);
  const text = body.toString("utf8", 0, Math.min(body.length, 500));
  if (status === 403 && (/OVER_RATE/i.test(code) || /Developer Over Rate/i.test(text)))
    return "the IEEE API key's daily quota is used up (Developer Over Rate); `srpipe fetch --resume` continues from the last saved page tomorrow";
  return null;
}

export function ieeeSource(query: OneSearch, env: Env): ApiSource {
  const fromEnv = env.SRPIPE_IEEE_URL?.trim();
  const endpoint = fromEnv || query.endpoint || IEEE_DEFAULT_ENDPOINT;
  const apiKey = env.IEEE_API_KEY?.trim() || null;
  const secretParams: { [name: string]: string } = apiKey ? { apikey: apiKey } : {};
  const request = <T>(url: string, check: HttpRequest<T>["check"]): HttpRequest<T> => ({
    url,
    accept: "application/json",
    secretParams,
    check,
    refusal: ieeeQuotaRefusal,
    explain(_status, body) {
      const text = body.toString("utf8", 0, Math.min(body.length, 500));
      const heading = /<h1>([^<]+)<\/h1>/i.exec(text)?.[1];
      return heading ? `IEEE Xplore: ${heading.trim()}` : null;
    },
  });
  return {
    database: "ieee",
    name: "IEEE Xplore",
    endpoint,
    endpointFrom: fromEnv ? "SRPIPE_IEEE_URL" : query.endpoint ? "query" : "default",
    rate: IEEE_RATE,
    pageSize: query.pageSize ?? IEEE_MAX_RECORDS,
    cap: IEEE_RESULT_CAP,
    files: { search: "search", records: "page" },
    fileExtension: "json",
    searchHoldsRecords: true,
    resumeNeedsSearch: false,
    dateUnit: "year",
    missingSetting: apiKey
      ? null
      : "IEEE Xplore needs an API key: set IEEE_API_KEY (register an application at https://developer.ieee.org)",
    setupNote: apiKey ? ", with IEEE_API_KEY (200 calls a day on the default plan)" : ", no IEEE_API_KEY",
    querySent: (window) => ieeeQuery(query.query, window),
    ...startSizePaging("IEEE Xplore", readIeeePage, (window, start, size, check) =>
      request(ieeeUrl(endpoint, query.query, window, start, size), check),
    ),
    idName: "IEEE article number",
  };
}
