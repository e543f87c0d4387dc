/**
 * Local stand-ins, on 127.0.0.1, for the JSON search APIs srpipe fetches: the Scopus Search
 * API and OpenAlex works and sources. Each speaks its protocol as documented (parameter and
 * field names, paging, result caps, the key header, the error bodies), builds its records from
 * the fixtures in tests/fixtures/ with fresh ids and dates, and injects on request the faults a
 * fetch must survive or report: a status (429 with Retry-After, 500), a slow answer, a body
 * cut short, an exhausted quota.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { fixture } from "../helpers.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type JsonFault =
  | { kind: "status"; status: number; retryAfter?: string; body?: string }
  | { kind: "slow"; ms: number }
  /** Half the body, then the end: JSON that does not parse. */
  | { kind: "truncate" }
  /** Elsevier's exhausted weekly quota: 429 with X-ELS-Status QUOTA_EXCEEDED and the reset time. */
  | { kind: "quota"; resetEpochSeconds: number }
  /** IEEE's gateway on an exhausted daily quota: 403 with X-Mashery-Error-Code ERR_403_DEVELOPER_OVER_RATE. */
  | { kind: "over-rate" }
  /** A cursor-paged Scopus page that names, as the next cursor, the one it was asked with (a server fault). */
  | { kind: "repeat-cursor" };

export interface JsonRequest {
  /** A fault the route itself answers (one that changes the body, not the transport). */
  fault?: "repeat-cursor";
  route: string;
  method: string;
  params: { [name: string]: string };
  headers: { [name: string]: string | string[] | undefined };
  body: string;
  status: number;
}

interface Answer {
  status: number;
  json: Json;
  headers?: { [name: string]: string };
}

type Route = (request: JsonRequest) => Answer;

export class MockJsonApi {
  readonly requests: JsonRequest[] = [];
  onRequest: ((request: JsonRequest) => void) | null = null;
  private readonly faults: { route: string; fault: JsonFault; left: number }[] = [];

  constructor(
    private readonly close_: () => Promise<void>,
    readonly url: string,
  ) {}

  inject(route: string, fault: JsonFault, times = 1): void {
    this.faults.push({ route, fault, left: times });
  }

  takeFault(route: string): JsonFault | null {
    const i = this.faults.findIndex((f) => f.route === route && f.left > 0);
    if (i < 0) return null;
    const entry = this.faults[i]!;
    if (--entry.left <= 0) this.faults.splice(i, 1);
    return entry.fault;
  }

  count(route: string): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  close(): Promise<void> {
    return this.close_();
  }
}

async function startJsonApi(routes: { [path: string]: Route }): Promise<MockJsonApi> {
  let api: MockJsonApi | null = null;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const self = api!;
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const request: JsonRequest = {
        route: url.pathname,
        method: req.method ?? "GET",
        params: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        status: 0,
      };
      self.requests.push(request);
      self.onRequest?.(request);
      const send = (status: number, body: string, headers: { [name: string]: string } = {}, cut = false) => {
        request.status = status;
        const bytes = Buffer.from(body, "utf8");
        if (cut) {
          res.writeHead(status, { "content-type": "application/json", "transfer-encoding": "chunked", ...headers });
          res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
          return;
        }
        res.writeHead(status, {
          "content-type": "application/json",
          "content-length": String(bytes.length),
          ...headers,
        });
        res.end(bytes);
      };
      const route = routes[url.pathname];
      if (!route) return send(404, JSON.stringify({ error: "not found" }));
      const fault = self.takeFault(url.pathname);
      if (fault?.kind === "status") {
        return send(fault.status, fault.body ?? `{"error":"${fault.status}"}`, {
          ...(fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {}),
        });
      }
      if (fault?.kind === "quota") {
        return send(
          429,
          JSON.stringify({ "error-response": { "error-code": "QUOTA_EXCEEDED", "error-message": "Quota Exceeded" } }),
          {
            "x-els-status": "QUOTA_EXCEEDED - Quota Exceeded",
            "x-ratelimit-limit": "20000",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": String(fault.resetEpochSeconds),
          },
        );
      }
      if (fault?.kind === "over-rate") {
        res.writeHead(403, { "content-type": "text/html", "x-mashery-error-code": "ERR_403_DEVELOPER_OVER_RATE" });
        request.status = 403;
        res.end("<h1>Developer Over Rate</h1>");
        return;
      }
      if (fault?.kind === "repeat-cursor") request.fault = "repeat-cursor";
      const answer = () => {
        if (res.destroyed) return;
        const out = route(request);
        send(
          out.status,
          typeof out.json === "string" ? out.json : JSON.stringify(out.json),
          out.headers,
          fault?.kind === "truncate",
        );
      };
      if (fault?.kind === "slow") setTimeout(answer, fault.ms);
      else answer();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  api = new MockJsonApi(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }, `http://127.0.0.1:${port}`);
  return api;
}

function readJson(relativePath: string): Json {
  return JSON.parse(readFileSync(fixture(relativePath), "utf8")) as Json;
}

const DAY_MS = 86_400_000;

/** `count` publication days spread evenly over the window, in order. */
export function daysOver(count: number, window: { from: string; to: string }): string[] {
  const from = Date.parse(`${window.from}T00:00:00Z`) / DAY_MS;
  const to = Date.parse(`${window.to}T00:00:00Z`) / DAY_MS;
  const span = to - from + 1;
  return Array.from({ length: count }, (_, i) =>
    new Date((from + Math.floor((i * span) / count)) * DAY_MS).toISOString().slice(0, 10),
  );
}

// ---- Scopus Search API --------------------------------------------------------------------

export interface ScopusRecord {
  eid: string;
  day: string;
}

export function scopusCorpus(count: number, window: { from: string; to: string }): ScopusRecord[] {
  return daysOver(count, window).map((day, i) => ({ eid: `2-s2.0-${85_000_000_000 + i}`, day }));
}

export interface MockScopus extends MockJsonApi {
  readonly searchUrl: string;
  records: ScopusRecord[];
  /** What every response reports in X-RateLimit-Remaining; each answered request takes one, none left is a 429. */
  quotaRemaining: number;
  /** False: the key is refused cursor paging, as keys without a subscriber's entitlement are. */
  cursorAllowed: boolean;
}

/** A key's weekly quota as the Elsevier stand-ins keep it: what is left, and when it is refilled. */
interface ElsevierQuotaState {
  quotaRemaining: number;
}

const ELSEVIER_QUOTA_RESET = "1767225600";

/**
 * What https://dev.elsevier.com/api_key_settings.html says every answer carries: X-RateLimit-Limit,
 * -Remaining and -Reset (epoch seconds) on an answered request, which takes one from the quota;
 * once it is used up, a 429 with X-ELS-Status QUOTA_EXCEEDED and only X-RateLimit-Reset.
 */
function spendElsevierQuota(state: ElsevierQuotaState): {
  refused: Answer | null;
  headers: { [name: string]: string };
} {
  if (state.quotaRemaining <= 0) {
    return {
      refused: {
        status: 429,
        json: { "error-response": { "error-code": "QUOTA_EXCEEDED", "error-message": "Quota Exceeded" } },
        headers: { "x-els-status": "QUOTA_EXCEEDED - Quota Exceeded", "x-ratelimit-reset": ELSEVIER_QUOTA_RESET },
      },
      headers: {},
    };
  }
  state.quotaRemaining -= 1;
  return {
    refused: null,
    headers: {
      "x-ratelimit-limit": "20000",
      "x-ratelimit-remaining": String(state.quotaRemaining),
      "x-ratelimit-reset": ELSEVIER_QUOTA_RESET,
    },
  };
}

const SCOPUS_PATH = "/content/search/scopus";
const PUBYEARS = /PUBYEAR > (\d{4}) AND PUBYEAR < (\d{4})/;

function serviceError(code: string, text: string): Json {
  return { "service-error": { status: { statusCode: code, statusText: text } } };
}

/** The Scopus Search API as documented: key header, view/count limits, the 5,000 start cap, string counts. */
export async function startMockScopus(options: { records: ScopusRecord[]; apiKey: string }): Promise<MockScopus> {
  const page = readJson("scopus_search_json/complete-view-page.json");
  const templates = ((page as JsonObject)["search-results"] as JsonObject).entry as JsonObject[];
  const state = { records: options.records, quotaRemaining: 19_000, cursorAllowed: true };
  // Cursors are opaque tokens, as Scopus's are; each stands for a position in one query's results.
  const cursors = new Map<string, { query: string; position: number }>();
  const newCursor = (query: string, position: number): string => {
    const token = `AoJ${Buffer.from(`${cursors.size}:${query.length}:${position}`).toString("base64url")}${"x".repeat(40)}`;
    cursors.set(token, { query, position });
    return token;
  };
  const search: Route = (request): Answer => {
    if (request.headers["x-els-apikey"] !== options.apiKey) {
      return {
        status: 401,
        json: { "error-response": { "error-code": "AUTHENTICATION_ERROR", "error-message": "Invalid API Key" } },
      };
    }
    const query = request.params.query ?? "";
    const view = request.params.view ?? "STANDARD";
    const cursorAsked = request.params.cursor;
    const count = Number(request.params.count ?? 25);
    if (!query) return { status: 400, json: serviceError("INVALID_INPUT", "query is required") };
    // The words Elsevier answers a key without the cursor entitlement with (reported in NLeSC/litstudy#100).
    if (cursorAsked !== undefined && !state.cursorAllowed)
      return { status: 403, json: serviceError("AUTHORIZATION_ERROR", "Use of the cursor parameter is restricted") };
    if (cursorAsked !== undefined && request.params.start !== undefined)
      return { status: 400, json: serviceError("INVALID_INPUT", "start and cursor cannot be used together") };
    let start = Number(request.params.start ?? 0);
    if (cursorAsked !== undefined && cursorAsked !== "*") {
      const known = cursors.get(cursorAsked);
      if (!known || known.query !== query)
        return { status: 400, json: serviceError("INVALID_INPUT", "Invalid cursor value") };
      start = known.position;
    }
    if (count > (view === "COMPLETE" ? 25 : 200) || count < 1)
      return {
        status: 400,
        json: serviceError("INVALID_INPUT", "Exceeds the maximum number allowed for the service level"),
      };
    if (cursorAsked === undefined && start + count > 5_000)
      return {
        status: 400,
        json: serviceError("INVALID_INPUT", "Exceeds the number of search results allowed (start + count > 5000)"),
      };
    const years = PUBYEARS.exec(query);
    const after = years ? Number(years[1]) : 0;
    const before = years ? Number(years[2]) : 10_000;
    const hits = state.records.filter((r) => Number(r.day.slice(0, 4)) > after && Number(r.day.slice(0, 4)) < before);
    const entries: Json[] = hits.slice(start, start + count).map((r, i) => ({
      ...templates[i % templates.length]!,
      "dc:identifier": `SCOPUS_ID:${r.eid.slice(7)}`,
      eid: r.eid,
      "dc:title": `Record ${r.eid}`,
      "prism:coverDate": r.day,
      "prism:doi": `10.9999/${r.eid}`,
    }));
    const cursor: Json =
      cursorAsked === undefined
        ? null
        : {
            "@current": cursorAsked,
            "@next": request.fault === "repeat-cursor" ? cursorAsked : newCursor(query, start + entries.length),
          };
    const quota = spendElsevierQuota(state);
    if (quota.refused) return quota.refused;
    return {
      status: 200,
      json: {
        "search-results": {
          "opensearch:totalResults": String(hits.length),
          "opensearch:startIndex": String(start),
          "opensearch:itemsPerPage": String(entries.length),
          "opensearch:Query": { "@role": "request", "@searchTerms": query, "@startPage": String(start) },
          ...(cursor !== null ? { cursor } : {}),
          entry: entries.length ? entries : [{ "@_fa": "true", error: "Result set was empty" }],
        },
      },
      headers: quota.headers,
    };
  };
  const api = await startJsonApi({ [SCOPUS_PATH]: search });
  return Object.defineProperties(api, {
    searchUrl: { value: `${api.url}${SCOPUS_PATH}` },
    records: { get: () => state.records, set: (value: ScopusRecord[]) => void (state.records = value) },
    quotaRemaining: {
      get: () => state.quotaRemaining,
      set: (value: number) => void (state.quotaRemaining = value),
    },
    cursorAllowed: {
      get: () => state.cursorAllowed,
      set: (value: boolean) => void (state.cursorAllowed = value),
    },
  }) as MockScopus;
}

// ---- OpenAlex works -----------------------------------------------------------------------

export interface OpenalexRecord {
  id: string;
  day: string;
}

export function openalexCorpus(count: number, window: { from: string; to: string }): OpenalexRecord[] {
  return daysOver(count, window).map((day, i) => ({ id: `W${4_300_000_000 + i}`, day }));
}

export interface MockOpenalex extends MockJsonApi {
  readonly worksUrl: string;
  readonly sourcesUrl: string;
  records: OpenalexRecord[];
}

function openalexError(message: string): Json {
  return { error: "Invalid query parameters error.", message };
}

function dateFilter(filter: string, name: string): string | null {
  return new RegExp(`${name}:(\\d{4}-\\d{2}-\\d{2})`).exec(filter)?.[1] ?? null;
}

/** OpenAlex /works as documented: filter dates, per-page ≤ 200, page × per-page ≤ 10,000, meta.count. */
export async function startMockOpenalex(options: {
  records: OpenalexRecord[];
  sources?: JsonObject[];
  /** Works with only the fields paging needs, for tests of ten thousand of them. */
  slim?: boolean;
}): Promise<MockOpenalex> {
  const templates = ((readJson("openalex_works/openalexpro_keypaper_page1.json") as JsonObject).results ??
    []) as JsonObject[];
  const state = { records: options.records };
  const works: Route = (request): Answer => {
    const perPage = Number(request.params["per-page"] ?? 25);
    const pageNumber = Number(request.params.page ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200)
      return { status: 400, json: openalexError("per-page parameter must be between 1 and 200") };
    if (pageNumber * perPage > 10_000)
      return {
        status: 400,
        json: openalexError(
          "Maximum results size of 10,000 records is exceeded. Cursor pagination is required for records beyond 10,000.",
        ),
      };
    const filter = request.params.filter ?? "";
    const from = dateFilter(filter, "from_publication_date") ?? "0000-00-00";
    const to = dateFilter(filter, "to_publication_date") ?? "9999-99-99";
    const hits = state.records.filter((r) => r.day >= from && r.day <= to);
    const start = (pageNumber - 1) * perPage;
    const results: Json[] = hits.slice(start, start + perPage).map((r, i) => ({
      ...(options.slim ? { type: "article", authorships: [] } : templates[i % templates.length]!),
      id: `https://openalex.org/${r.id}`,
      doi: `https://doi.org/10.9999/${r.id.toLowerCase()}`,
      title: `Work ${r.id}`,
      display_name: `Work ${r.id}`,
      publication_date: r.day,
      publication_year: Number(r.day.slice(0, 4)),
    }));
    return {
      status: 200,
      json: {
        meta: { count: hits.length, db_response_time_ms: 31, page: pageNumber, per_page: perPage, groups_count: null },
        results,
        group_by: [],
      },
    };
  };
  const sourcesList = options.sources ?? [];
  const sources: Route = (request): Answer => {
    const perPage = Number(request.params["per-page"] ?? 25);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200)
      return { status: 400, json: openalexError("per-page parameter must be between 1 and 200") };
    const cursor = request.params.cursor;
    if (cursor === undefined) return { status: 400, json: openalexError("this stand-in serves cursor paging only") };
    const start = cursor === "*" ? 0 : Number(Buffer.from(cursor, "base64url").toString("utf8"));
    // `select` returns only the named root fields, as OpenAlex does.
    const select = request.params.select?.split(",") ?? null;
    const results = sourcesList
      .slice(start, start + perPage)
      .map((source) =>
        select ? Object.fromEntries(Object.entries(source).filter(([key]) => select.includes(key))) : source,
      );
    const next =
      start + perPage < sourcesList.length ? Buffer.from(String(start + perPage)).toString("base64url") : null;
    return {
      status: 200,
      json: {
        meta: { count: sourcesList.length, db_response_time_ms: 12, page: null, per_page: perPage, next_cursor: next },
        results,
        group_by: [],
      },
    };
  };
  const api = await startJsonApi({ "/works": works, "/sources": sources });
  return Object.defineProperties(api, {
    worksUrl: { value: `${api.url}/works` },
    sourcesUrl: { value: `${api.url}/sources` },
    records: { get: () => state.records, set: (value: OpenalexRecord[]) => void (state.records = value) },
  }) as MockOpenalex;
}

// ---- IEEE Xplore Metadata API -------------------------------------------------------------

export interface IeeeRecord {
  articleNumber: string;
  day: string;
}

export function ieeeCorpus(count: number, window: { from: string; to: string }): IeeeRecord[] {
  return daysOver(count, window).map((day, i) => ({ articleNumber: String(10_000_000 + i), day }));
}

export interface MockIeee extends MockJsonApi {
  readonly searchUrl: string;
  records: IeeeRecord[];
}

const IEEE_PATH = "/api/v1/search/articles";

/** The Metadata API as documented: apikey parameter, max_records ≤ 200, start_record from 1, years only. */
export async function startMockIeee(options: { records: IeeeRecord[]; apiKey: string }): Promise<MockIeee> {
  const templates = (readJson("ieee_xplore_json/articles-page.json") as JsonObject).articles as JsonObject[];
  const state = { records: options.records };
  const search: Route = (request): Answer => {
    if (request.params.apikey !== options.apiKey) return { status: 403, json: "<h1>Developer Inactive</h1>" };
    const size = Number(request.params.max_records ?? 25);
    const startRecord = Number(request.params.start_record ?? 1);
    if (size < 1 || size > 200) return { status: 400, json: { error: "max_records must be between 1 and 200" } };
    const from = Number(request.params.start_year ?? 0);
    const to = Number(request.params.end_year ?? 9999);
    const hits = state.records.filter((r) => Number(r.day.slice(0, 4)) >= from && Number(r.day.slice(0, 4)) <= to);
    const articles: Json[] = hits.slice(startRecord - 1, startRecord - 1 + size).map((r, i) => ({
      ...templates[i % templates.length]!,
      article_number: r.articleNumber,
      doi: `10.1109/MOCK.${r.articleNumber}`,
      title: `Article ${r.articleNumber}`,
      publication_year: Number(r.day.slice(0, 4)),
    }));
    return {
      status: 200,
      json: { total_records: hits.length, total_searched: 6_234_871, ...(articles.length ? { articles } : {}) },
    };
  };
  const api = await startJsonApi({ [IEEE_PATH]: search });
  return Object.defineProperties(api, {
    searchUrl: { value: `${api.url}${IEEE_PATH}` },
    records: { get: () => state.records, set: (value: IeeeRecord[]) => void (state.records = value) },
  }) as MockIeee;
}

// ---- ScienceDirect Search API v2 ----------------------------------------------------------

export interface SciencedirectRecord {
  pii: string;
  day: string;
}

export function sciencedirectCorpus(count: number, window: { from: string; to: string }): SciencedirectRecord[] {
  return daysOver(count, window).map((day, i) => ({
    pii: `S${String(1_386_505_600_000_000 + i).padStart(16, "0")}`,
    day,
  }));
}

export interface MockSciencedirect extends MockJsonApi {
  readonly searchUrl: string;
  records: SciencedirectRecord[];
  /** What every response reports in X-RateLimit-Remaining; each answered request takes one, none left is a 429. */
  quotaRemaining: number;
}

const SCIENCEDIRECT_PATH = "/content/search/sciencedirect";

/** The v2 search as documented: PUT with a JSON body, key header, show ≤ 100, offset + show ≤ 6,000. */
export async function startMockSciencedirect(options: {
  records: SciencedirectRecord[];
  apiKey: string;
}): Promise<MockSciencedirect> {
  const templates = (readJson("sciencedirect_json/results-page.json") as JsonObject).results as JsonObject[];
  const state = { records: options.records, quotaRemaining: 19_000 };
  const search: Route = (request): Answer => {
    if (request.method !== "PUT") return { status: 405, json: serviceError("INVALID_INPUT", "use PUT") };
    if (request.headers["x-els-apikey"] !== options.apiKey)
      return {
        status: 401,
        json: { "error-response": { "error-code": "AUTHENTICATION_ERROR", "error-message": "Invalid API Key" } },
      };
    let body: JsonObject;
    try {
      body = JSON.parse(request.body) as JsonObject;
    } catch {
      return { status: 400, json: serviceError("INVALID_INPUT", "body is not JSON") };
    }
    const display = (body.display ?? {}) as JsonObject;
    const offset = Number(display.offset ?? 0);
    const show = Number(display.show ?? 25);
    if (show < 1 || show > 100) return { status: 400, json: serviceError("INVALID_INPUT", "show must be 1 to 100") };
    if (offset + show > 6_000)
      return { status: 400, json: serviceError("INVALID_INPUT", "offset + show may not exceed 6000") };
    const years = /^(\d{4})(?:-(\d{4}))?$/.exec(String(body.date ?? ""));
    const from = years ? Number(years[1]) : 0;
    const to = years ? Number(years[2] ?? years[1]) : 9999;
    const hits = state.records.filter((r) => Number(r.day.slice(0, 4)) >= from && Number(r.day.slice(0, 4)) <= to);
    const results: Json[] = hits.slice(offset, offset + show).map((r, i) => ({
      ...templates[i % templates.length]!,
      pii: r.pii,
      doi: `10.1016/mock.${r.pii.toLowerCase()}`,
      title: `Result ${r.pii}`,
      publicationDate: r.day,
    }));
    const quota = spendElsevierQuota(state);
    if (quota.refused) return quota.refused;
    return {
      status: 200,
      json: { resultsFound: hits.length, ...(results.length ? { results } : {}) },
      headers: quota.headers,
    };
  };
  const api = await startJsonApi({ [SCIENCEDIRECT_PATH]: search });
  return Object.defineProperties(api, {
    searchUrl: { value: `${api.url}${SCIENCEDIRECT_PATH}` },
    records: { get: () => state.records, set: (value: SciencedirectRecord[]) => void (state.records = value) },
    quotaRemaining: {
      get: () => state.quotaRemaining,
      set: (value: number) => void (state.quotaRemaining = value),
    },
  }) as MockSciencedirect;
}

/** JSON API stand-ins started by a test, each closed after it. */
export function jsonApisPerTest(window: { from: string; to: string }): {
  scopus(count: number, apiKey: string): Promise<MockScopus>;
  openalex(count: number, options?: { sources?: JsonObject[]; slim?: boolean }): Promise<MockOpenalex>;
  ieee(count: number, apiKey: string): Promise<MockIeee>;
  sciencedirect(count: number, apiKey: string): Promise<MockSciencedirect>;
} {
  let services: MockJsonApi[] = [];
  afterEach(async () => {
    await Promise.all(services.map((s) => s.close()));
    services = [];
  });
  const started = <T extends MockJsonApi>(service: T): T => {
    services.push(service);
    return service;
  };
  return {
    scopus: async (count, apiKey) => started(await startMockScopus({ records: scopusCorpus(count, window), apiKey })),
    ieee: async (count, apiKey) => started(await startMockIeee({ records: ieeeCorpus(count, window), apiKey })),
    sciencedirect: async (count, apiKey) =>
      started(await startMockSciencedirect({ records: sciencedirectCorpus(count, window), apiKey })),
    openalex: async (count, options = {}) =>
      started(await startMockOpenalex({ records: openalexCorpus(count, window), ...options })),
  };
}
