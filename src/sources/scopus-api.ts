/**
 * Scopus through the Scopus Search API (https://dev.elsevier.com/documentation/ScopusSearchAPI.wadl,
 * https://dev.elsevier.com/sc_search_tips.html): the protocol's query with the window as
 * PUBYEAR limits, paged with start/count in cover-date order, JSON pages saved as received and
 * read back at import by `scopus-search-json.ts`.
 *
 * Limits (https://dev.elsevier.com/api_key_settings.html): 9 requests per second and 20,000
 * requests a week per key; `count` at most 25 with the COMPLETE view (abstracts, all authors,
 * keywords: what screening needs) and 200 with STANDARD; `start` paging serves at most the
 * first 5,000 results of a search, so a window with more is split by year.
 *
 * A single year over 5,000 cannot be split (PUBYEAR is the finest date filter), so it is paged
 * by cursor: `cursor=*`, then the `search-results.cursor.@next` each page names, with no cap.
 * Cursor paging is not the default: it is sequential (no page can be asked before the one
 * before it arrives), and some keys are refused it ("Use of the cursor parameter is
 * restricted", 403, for keys without a subscriber's entitlement), while start paging works
 * for every key. Every response reports the key's quota in X-RateLimit-Remaining.
 */
import type { BodyVerdict, HttpRequest, RateLimit } from "../io/http.js";
import type { OneSearch } from "../protocol.js";
import type { ApiSource, CursorPageValue, DateWindow, Env, Slice } from "./api-source.js";
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
  jsonPageVerdict,
  parseJsonBody,
  type Json,
  type JsonApiPage,
  startSizePaging,
} from "./json-api-page.js";

export const SCOPUS_DEFAULT_ENDPOINT = "https://api.elsevier.com/content/search/scopus";
/** "Scopus Search … 9 requests/second" (API key settings); a few in flight keep the pace without bursts. */
export const SCOPUS_RATE: RateLimit = { perSecond: 9, concurrency: 3 };
/** `start` may not go past the first 5,000 results of a search ("use cursor for more"). */
export const SCOPUS_RESULT_CAP = 5_000;
/** The largest `count` each view serves (API key settings: "COMPLETE view … 25 results per request"). */
export const SCOPUS_MAX_COUNT = { COMPLETE: 25, STANDARD: 200 } as const;
export type ScopusView = keyof typeof SCOPUS_MAX_COUNT;

/** The query as sent: the protocol's query AND the publication years the window touches, as Advanced search takes it. */
export function scopusQuery(query: string, window: DateWindow): string {
  const first = Number(window.from.slice(0, 4));
  const last = Number(window.to.slice(0, 4));
  return `(${query}) AND PUBYEAR > ${first - 1} AND PUBYEAR < ${last + 1}`;
}

/** The cursor of a cursor-paged search's first page. */
export const SCOPUS_FIRST_CURSOR = "*";

/** A page asked by `start`, or, with `{ cursor }`, by cursor (the two are exclusive). */
export function scopusUrl(
  endpoint: string,
  query: string,
  view: ScopusView,
  at: number | { cursor: string },
  count: number,
): string {
  const url = new URL(endpoint);
  url.searchParams.set("query", query);
  url.searchParams.set("view", view);
  if (typeof at === "number") url.searchParams.set("start", String(at));
  else url.searchParams.set("cursor", at.cursor);
  url.searchParams.set("count", String(count));
  // Cover-date order is stable for a past window, so start-based pages line up across requests and resumes.
  url.searchParams.set("sort", "+coverDate");
  return url.toString();
}

/**
 * A `search-results` envelope: opensearch:totalResults (a string), entries by EID. An empty
 * result is one entry `{"error": "Result set was empty"}`, which is no record.
 */
export function readScopusPage(json: Json): JsonApiPage {
  const results = jsonAt(json, "search-results");
  if (!isJsonObject(results)) {
    const error = jsonAt(json, "service-error", "status", "statusText");
    return { total: null, ids: [], error: typeof error === "string" ? error : null };
  }
  const ids: string[] = [];
  for (const entry of jsonList(results.entry)) {
    if (isJsonObject(entry) && "error" in entry && !("eid" in entry)) continue;
    const eid = jsonAt(entry, "eid");
    ids.push(typeof eid === "string" ? eid.trim() : "");
  }
  return { total: jsonCount(results["opensearch:totalResults"]), ids, error: null };
}

/** The cursor a page names for the next one (`search-results.cursor.@next`), or null. */
function scopusNextCursor(json: Json): string | null {
  const next = jsonAt(json, "search-results", "cursor", "@next");
  return typeof next === "string" && next.trim() !== "" ? next.trim() : null;
}

function scopusCursorPageVerdict(
  body: Buffer,
  start: number,
  size: number,
  hits: number,
): BodyVerdict<CursorPageValue> {
  const verdict = jsonPageVerdict(body, "Scopus", readScopusPage, start, size, hits);
  if (!verdict.ok) return verdict;
  const parsed = parseJsonBody(body, "Scopus");
  return { ok: true, value: { ...verdict.value, next: parsed.ok ? scopusNextCursor(parsed.json) : null } };
}

function scopusView(env: Env): ScopusView | null {
  const asked = env.SCOPUS_VIEW?.trim().toUpperCase() || "COMPLETE";
  return asked === "COMPLETE" || asked === "STANDARD" ? asked : null;
}

export function scopusSource(query: OneSearch, env: Env): ApiSource {
  const fromEnv = env.SRPIPE_SCOPUS_URL?.trim();
  const endpoint = fromEnv || query.endpoint || SCOPUS_DEFAULT_ENDPOINT;
  const keys = elsevierKeys(env);
  const view = scopusView(env);
  const maxCount = SCOPUS_MAX_COUNT[view ?? "COMPLETE"];
  const pageSize = query.pageSize ?? maxCount;
  const missingSetting =
    view === null
      ? `SCOPUS_VIEW must be COMPLETE (abstracts, needs an entitled key) or STANDARD (no abstracts), got ${JSON.stringify(env.SCOPUS_VIEW)}`
      : pageSize > maxCount
        ? `queries/${query.id}: pageSize ${pageSize} is over the ${maxCount} records Scopus serves per request with the ${view} view`
        : missingElsevierKey(keys, "Scopus");
  const headers = elsevierHeaders(keys);
  const chosenView = view ?? "COMPLETE";
  const request = <T>(url: string, check: HttpRequest<T>["check"], byCursor = false): HttpRequest<T> => ({
    url,
    accept: "application/json",
    secretHeaders: headers,
    check,
    refusal: (status, responseHeaders) => elsevierQuotaRefusal(status, responseHeaders),
    explain(status, body) {
      const said = elsevierErrorText(body);
      if (said === null) return null;
      const refused = status === 401 || status === 403;
      // Elsevier grants the cursor to subscribers' keys only; without it no year past 5,000 can be fetched whole.
      const hint =
        refused && byCursor && /cursor/i.test(said)
          ? ` (cursor paging, needed for a year with more than ${SCOPUS_RESULT_CAP.toLocaleString("en")} results, is not enabled for this key: narrow the query until each year has at most ${SCOPUS_RESULT_CAP.toLocaleString("en")}, or ask Elsevier to enable it)`
          : refused && chosenView === "COMPLETE"
            ? " (the COMPLETE view needs a subscribing institution's key or ELSEVIER_INSTTOKEN; SCOPUS_VIEW=STANDARD searches without abstracts)"
            : "";
      return `Scopus: ${said}${hint}`;
    },
  });
  return {
    database: "scopus",
    name: "Scopus",
    endpoint,
    endpointFrom: fromEnv ? "SRPIPE_SCOPUS_URL" : query.endpoint ? "query" : "default",
    rate: SCOPUS_RATE,
    pageSize,
    cap: SCOPUS_RESULT_CAP,
    files: { search: "search", records: "page" },
    fileExtension: "json",
    searchHoldsRecords: true,
    resumeNeedsSearch: false,
    dateUnit: "year",
    missingSetting,
    setupNote: `${elsevierSetupNote(keys)}, ${chosenView} view`,
    querySent: (window) => scopusQuery(query.query, window),
    ...startSizePaging("Scopus", readScopusPage, (window, start, size, check) =>
      request(scopusUrl(endpoint, scopusQuery(query.query, window), chosenView, start, size), check),
    ),
    cursorPaging: {
      cap: Number.POSITIVE_INFINITY,
      first: SCOPUS_FIRST_CURSOR,
      page(slice: Slice, cursor: string, start: number, size: number): HttpRequest<CursorPageValue> {
        const url = scopusUrl(endpoint, scopusQuery(query.query, slice.window), chosenView, { cursor }, size);
        return request(url, (body) => scopusCursorPageVerdict(body, start, size, slice.hits), true);
      },
      nextCursor(page: Buffer): string | null {
        const parsed = parseJsonBody(page, "Scopus");
        return parsed.ok ? scopusNextCursor(parsed.json) : null;
      },
    },
    quota: elsevierQuota,
    idName: "Scopus EID",
  };
}
