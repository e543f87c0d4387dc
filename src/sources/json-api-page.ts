/**
 * What the JSON search APIs (Scopus, ScienceDirect, IEEE Xplore, OpenAlex) have in common once
 * a client has read its own envelope: a total, the record ids of the page in order, and maybe
 * an error the service put in a 200. The verdicts here judge a page the way the arXiv client
 * judges a feed: whole (it parses), the same total as the search, exactly the records the
 * position calls for. Each client reads its envelope with a `PageReader` and nothing else.
 */
import type { BodyVerdict, HttpRequest } from "../io/http.js";
import type { ApiSource, DateWindow, PageValue, SearchAnswer } from "./api-source.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a path of keys, or undefined where the path leaves the objects. */
export function jsonAt(value: Json | undefined, ...keys: string[]): Json | undefined {
  let here = value;
  for (const key of keys) here = isJsonObject(here) ? here[key] : undefined;
  return here;
}

export function jsonList(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** A count as the APIs send it: a number, or a string of digits (Scopus's "opensearch:totalResults": "1234"). */
export function jsonCount(value: Json | undefined): number | null {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** A page's envelope as one client reads it. */
export interface JsonApiPage {
  /** Hits the service reports for the search; null when the page does not say (an unexpected document). */
  total: number | null;
  /** The id of each record in the page, in order ("" for a record without a readable one). */
  ids: string[];
  /** An error the service returned in the body (a 200 with an error object), or null. */
  error: string | null;
}

export type PageReader = (json: Json) => JsonApiPage;

/** The body as JSON; a body that does not parse was cut in transit (or is not the API's), so it is asked again. */
export function parseJsonBody(body: Buffer, name: string): { ok: true; json: Json } | { ok: false; reason: string } {
  const text = body.toString("utf8");
  try {
    return { ok: true, json: JSON.parse(text) as Json };
  } catch (error) {
    const trimmed = text.trimStart();
    const what = trimmed.startsWith("<")
      ? "an HTML or XML page, not JSON"
      : `JSON that does not parse (${(error as Error).message})`;
    return { ok: false, reason: `${name} response is ${what}: truncated, or not from the API` };
  }
}

type CountedPage = { total: number; ids: string[] };

function readPage(body: Buffer, name: string, read: PageReader): BodyVerdict<CountedPage> {
  const parsed = parseJsonBody(body, name);
  if (!parsed.ok) return { ok: false, retry: true, reason: parsed.reason };
  const page = read(parsed.json);
  if (page.error !== null) return { ok: false, retry: false, reason: `${name} API error: ${page.error}` };
  if (page.total === null) return { ok: false, retry: true, reason: `${name} response without a total of results` };
  return { ok: true, value: { total: page.total, ids: page.ids } };
}

/**
 * The first request of a window: it counts and, when `size` > 0, is the window's first page
 * (Scopus, IEEE Xplore, ScienceDirect and OpenAlex all answer a search with its first records).
 */
export function jsonSearchVerdict(
  body: Buffer,
  name: string,
  read: PageReader,
  size: number,
): BodyVerdict<SearchAnswer> {
  const result = readPage(body, name, read);
  if (!result.ok) return result;
  const { total, ids } = result.value;
  const expected = Math.min(size, total);
  if (size > 0 && ids.length !== expected)
    return { ok: false, retry: true, reason: `${name} page holds ${ids.length} records, expected ${expected}` };
  return {
    ok: true,
    value: { hits: total, items: ids.length, translation: null, messages: [], session: {}, ids },
  };
}

/** A later page: whole, the same total as the search, exactly the records expected at this position. */
export function jsonPageVerdict(
  body: Buffer,
  name: string,
  read: PageReader,
  start: number,
  size: number,
  hits: number,
): BodyVerdict<PageValue> {
  const result = readPage(body, name, read);
  if (!result.ok) return result;
  const { total, ids } = result.value;
  if (total !== hits) {
    return {
      ok: false,
      retry: false,
      reason: `${name} now reports ${total} results for this window, the search reported ${hits}: the pages would not line up; start a new snapshot`,
    };
  }
  const expected = Math.min(size, hits - start);
  if (ids.length !== expected)
    return { ok: false, retry: true, reason: `${name} page holds ${ids.length} records, expected ${expected}` };
  return { ok: true, value: { count: ids.length, ids } };
}

/** The record ids of a saved page (empty for a page that does not parse: the snapshot proof then names it). */
export function savedPageIds(page: Buffer, read: PageReader): string[] {
  try {
    return read(JSON.parse(page.toString("utf8")) as Json).ids;
  } catch {
    return [];
  }
}

/** A header's value as one string (undici gives repeated headers as arrays). */
export function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(", ") : (value ?? "")).trim();
}

/** A request for the records `start` to `start + size` of a window, its body judged by `check`. */
export type StartSizeRequest = <T>(
  window: DateWindow,
  start: number,
  size: number,
  check: HttpRequest<T>["check"],
) => HttpRequest<T>;

/**
 * An ApiSource's search, page and recordIds for a JSON API paged by start and size, each page
 * read by `read`. A count-only search still asks for one record: a size of 0 is refused by
 * every one of these services.
 */
export function startSizePaging(
  name: string,
  read: PageReader,
  ask: StartSizeRequest,
): Pick<ApiSource, "search" | "page" | "recordIds"> {
  return {
    search: (window, options) =>
      ask(window, 0, Math.max(1, options.size), (body) => jsonSearchVerdict(body, name, read, options.size)),
    page: (slice, start, size) =>
      ask(slice.window, start, size, (body) => jsonPageVerdict(body, name, read, start, size, slice.hits)),
    recordIds: (page) => savedPageIds(page, read),
  };
}
