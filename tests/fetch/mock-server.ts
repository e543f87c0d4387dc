/**
 * A local stand-in for the NCBI E-utilities (ESearch/EFetch with the history server) and the
 * arXiv query API, on 127.0.0.1, for the fetch tests and `bench/fetch.mjs`. It speaks each
 * well enough for srpipe's client: the real XML shapes (records cut from the fixtures in
 * tests/fixtures/pubmed_xml and arxiv_atom, with fresh ids and dates), paging with
 * retstart/retmax and start/max_results, the 9,999 and 30,000 result caps, the published
 * rate limits (a 429 past them), and, on request, the faults a fetch must survive.
 *
 * Node built-ins only: the benchmark loads this file transpiled, outside the test runner.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

export type Fault =
  /** An HTTP status (429, 500, 503…), with Retry-After when given. */
  | { kind: "status"; status: number; retryAfter?: string; body?: string }
  /** Answer only after `ms` (past the client's timeout). */
  | { kind: "slow"; ms: number }
  /** Half the body, chunked, ended cleanly: the XML just stops. */
  | { kind: "truncate" }
  /** Content-Length of the whole body, half of it sent, then the connection closed. */
  | { kind: "cut" }
  /** The connection closed before any response. */
  | { kind: "reset" }
  /** arXiv: the spuriously empty feed (totalResults 0, no entries) its API sometimes sends. */
  | { kind: "empty" }
  /** ESearch: the results plus ErrorList/PhraseNotFound and WarningList/OutputMessage. */
  | { kind: "errorlist"; phrase: string }
  /** ESearch/EFetch: an <ERROR> instead of results, with status 200 as NCBI sends it. */
  | { kind: "ncbi-error"; message: string }
  /** arXiv: an error feed with status 400. */
  | { kind: "error-feed"; message: string }
  /** EFetch: a whole page short of `records` articles (a record gone since the search). */
  | { kind: "drop"; records: number }
  /** EFetch: the page's last article replaced by a copy of its first (right count, one record twice, one never). */
  | { kind: "repeat" }
  /** EFetch from the history server: the page served from `by` positions off (one record twice across pages, one never). */
  | { kind: "shift"; by: number }
  /** A 200 whose body is `bytes` of filler, streamed chunk by chunk; with `declare`, its Content-Length sent first. */
  | { kind: "huge"; bytes: number; declare?: boolean }
  /** ESearch/EFetch: the request's api_key and email echoed in the body (QueryTranslation, a warning, a comment). */
  | { kind: "echo" }
  /** No answer at all: the connection stays open and silent until the client gives up. */
  | { kind: "hang" };

export interface RequestEntry {
  /** performance.now() at arrival, ms. */
  at: number;
  route: string;
  params: { [name: string]: string };
  status: number;
  fault: Fault["kind"] | "rate-limit" | null;
}

export interface RateRule {
  /** At most `limit` requests in any `windowMs`; more get 429. */
  limit: number;
  windowMs: number;
}

type Handler = (
  params: URLSearchParams,
  fault: Fault | null,
) => { status: number; body: string; headers?: { [name: string]: string } };

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function xmlEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

export function defaultFixturesDir(): string {
  return fileURLToPath(new URL("../fixtures/", import.meta.url));
}

/** One mock service on its own port (per-host limits apply per port, as per real host). */
export class MockService {
  readonly requests: RequestEntry[] = [];
  /** Connections refused (reset) while true: the network is "lost". */
  down = false;
  /** Called as each request arrives (tests kill or abort a fetch from here). */
  onRequest: ((entry: RequestEntry) => void) | null = null;
  private readonly faults: { route: string; fault: Fault; left: number }[] = [];
  private readonly arrivals = new Map<string, number[]>();

  constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  inject(route: string, fault: Fault, times = 1): void {
    this.faults.push({ route, fault, left: times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests answered 429 because they came too fast (not injected ones). */
  get rateLimited(): number {
    return this.requests.filter((r) => r.fault === "rate-limit").length;
  }

  count(route: string): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  /** The most requests that arrived within any `windowMs` (rate actually seen at the server). */
  maxInWindow(windowMs: number, route?: string): number {
    const times = this.requests.filter((r) => route === undefined || r.route === route).map((r) => r.at);
    let best = 0;
    let from = 0;
    for (let to = 0; to < times.length; to++) {
      while (times[to]! - times[from]! >= windowMs) from++;
      best = Math.max(best, to - from + 1);
    }
    return best;
  }

  takeFault(route: string): Fault | null {
    const i = this.faults.findIndex((f) => f.route === route && f.left > 0);
    if (i < 0) return null;
    const entry = this.faults[i]!;
    entry.left--;
    if (entry.left <= 0) this.faults.splice(i, 1);
    return entry.fault;
  }

  /** True (and remembered) when this request is one too many for the rule. */
  overRate(key: string, rule: RateRule | null, at: number): boolean {
    if (!rule) return false;
    const list = this.arrivals.get(key) ?? [];
    while (list.length && at - list[0]! >= rule.windowMs) list.shift();
    list.push(at);
    this.arrivals.set(key, list);
    return list.length > rule.limit;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: { [name: string]: string },
  fault: Fault | null,
): void {
  if (fault?.kind === "huge") {
    // Made lazily, so a 2 GB answer costs the test nothing once the client hangs up.
    const chunk = Buffer.alloc(64 * 1024, "<x>padding</x>\n");
    let left = fault.bytes;
    res.writeHead(status, {
      ...headers,
      ...(fault.declare ? { "content-length": String(fault.bytes) } : { "transfer-encoding": "chunked" }),
    });
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, left));
        left -= piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
    return;
  }
  const bytes = Buffer.from(body, "utf8");
  if (fault?.kind === "truncate") {
    res.writeHead(status, { ...headers, "transfer-encoding": "chunked" });
    res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return;
  }
  if (fault?.kind === "cut") {
    res.writeHead(status, { ...headers, "content-length": String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    return;
  }
  res.writeHead(status, { ...headers, "content-length": String(bytes.length) });
  res.end(bytes);
}

async function startService(
  routes: { [path: string]: { name: string; handler: Handler } },
  rate: (params: URLSearchParams) => { key: string; rule: RateRule | null; body: string },
): Promise<MockService> {
  let service: MockService | null = null;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const self = service!;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes[url.pathname];
    const entry: RequestEntry = {
      at: performance.now(),
      route: route?.name ?? url.pathname,
      params: Object.fromEntries(url.searchParams),
      status: 0,
      fault: null,
    };
    self.requests.push(entry);
    self.onRequest?.(entry);
    if (self.down) {
      entry.fault = "reset";
      req.socket.destroy();
      return;
    }
    if (!route) {
      entry.status = 404;
      send(res, 404, "not found", { "content-type": "text/plain" }, null);
      return;
    }
    const limit = rate(url.searchParams);
    if (self.overRate(limit.key, limit.rule, entry.at)) {
      entry.status = 429;
      entry.fault = "rate-limit";
      send(res, 429, limit.body, { "content-type": "application/json" }, null);
      return;
    }
    const fault = self.takeFault(route.name);
    entry.fault = fault?.kind ?? null;
    if (fault?.kind === "hang") return; // closed by the client's timeout, or by close()
    if (fault?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      entry.status = fault.status;
      send(
        res,
        fault.status,
        fault.body ?? `<html><body>${fault.status}</body></html>`,
        { "content-type": "text/html", ...(fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {}) },
        null,
      );
      return;
    }
    const answer = () => {
      if (res.destroyed) return;
      const out = route.handler(url.searchParams, fault);
      entry.status = out.status;
      send(res, out.status, out.body, { "content-type": "text/xml; charset=UTF-8", ...out.headers }, fault);
    };
    if (fault?.kind === "slow") setTimeout(answer, fault.ms);
    else answer();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  service = new MockService(server, `http://127.0.0.1:${port}`);
  return service;
}

// ---- PubMed E-utilities ---------------------------------------------------------------------

/** PubmedArticle/PubmedBookArticle elements from the fixtures, smallest first. */
export function pubmedTemplates(fixturesDir: string, maxChars = Number.POSITIVE_INFINITY): string[] {
  const dir = join(fixturesDir, "pubmed_xml");
  const out: string[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".xml"))
    .sort()) {
    const xml = readFileSync(join(dir, name), "utf8");
    for (const m of xml.matchAll(/<(PubmedArticle|PubmedBookArticle)>[\s\S]*?<\/\1>/g))
      if (m[0].length <= maxChars) out.push(m[0]);
  }
  return out.sort((a, b) => a.length - b.length);
}

export interface PubmedRecord {
  pmid: string;
  day: string;
  /** Words a term must contain for the record to match it (a model name); absent: every term matches. */
  words?: string[];
}

/** Does a search term find the record: it names one of the record's words, or the record has none. */
function termFinds(term: string, record: { words?: string[] }): boolean {
  return record.words === undefined || record.words.some((word) => term.includes(word));
}

/** `count` records spread evenly over the window, PMIDs from 30,000,000 up. */
export function pubmedCorpus(count: number, window: { from: string; to: string }): PubmedRecord[] {
  const from = dayNumber(window.from);
  const days = dayNumber(window.to) - from + 1;
  return Array.from({ length: count }, (_, i) => ({
    pmid: String(30_000_000 + i),
    day: isoDay(from + Math.floor((i * days) / count)),
  }));
}

export interface MockEutilsOptions {
  records: PubmedRecord[];
  fixturesDir?: string;
  /** Largest template article, in characters (small ones keep test pages small). */
  maxArticleChars?: number;
  /** NCBI's limits: 3 requests/s without an API key, 10 with one. null: no limit. */
  rates?: { keyless: number; keyed: number } | null;
}

export interface MockEutils extends MockService {
  /** The URL to give SRPIPE_PUBMED_URL. */
  readonly base: string;
  /** Records now in the database (tests add or remove some between runs). */
  records: PubmedRecord[];
  /** Forget every WebEnv, as NCBI's history server does after a few hours. */
  expireHistory(): void;
  /** The api_key and email values received (the client must send them, and only in requests). */
  readonly secretsSeen: Set<string>;
}

const ESEARCH_HEAD =
  '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n';
const EFETCH_HEAD =
  '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n';
/** What NCBI answers past the cap. */
const CAP_ERROR =
  "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, ESearch can only retrieve the first 9,999 records matching the query.";

const TERM_WINDOW =
  /"(\d{4})\/(\d{2})\/(\d{2})"\[Date - Publication\] : "(\d{4})\/(\d{2})\/(\d{2})"\[Date - Publication\]/;

export async function startMockEutils(options: MockEutilsOptions): Promise<MockEutils> {
  const templates = pubmedTemplates(options.fixturesDir ?? defaultFixturesDir(), options.maxArticleChars ?? 7_000);
  const history = new Map<string, string[]>();
  const secretsSeen = new Set<string>();
  let webEnvs = 0;
  const state = { records: options.records };
  const byPmid = () => new Map(state.records.map((r, i) => [r.pmid, i]));
  let index = byPmid();
  let indexed = state.records;

  function article(pmid: string): string {
    if (indexed !== state.records) {
      index = byPmid();
      indexed = state.records;
    }
    const template = templates[(index.get(pmid) ?? Number(pmid)) % templates.length]!;
    // Each PMID its own article: a template served under two PMIDs at one place would be one article with two PMIDs.
    return template
      .replace(/(<PMID[^>]*>)\d+(<\/PMID>)/, `$1${pmid}$2`)
      .replace(/<ArticleId IdType="pubmed">\d+<\/ArticleId>/, `<ArticleId IdType="pubmed">${pmid}</ArticleId>`)
      .replace(/<MedlinePgn>[^<]*<\/MedlinePgn>/, `<MedlinePgn>${pmid}</MedlinePgn>`);
  }

  const esearch: Handler = (params, fault) => {
    for (const name of ["api_key", "email"]) if (params.get(name)) secretsSeen.add(params.get(name)!);
    if (fault?.kind === "ncbi-error")
      return {
        status: 200,
        body: `${ESEARCH_HEAD}<eSearchResult>\n  <ERROR>${xmlEscape(fault.message)}</ERROR>\n</eSearchResult>\n`,
      };
    if (params.get("db") !== "pubmed")
      return {
        status: 200,
        body: `${ESEARCH_HEAD}<eSearchResult>\n  <ERROR>Invalid db name specified: ${xmlEscape(params.get("db") ?? "")}</ERROR>\n</eSearchResult>\n`,
      };
    const term = params.get("term") ?? "";
    const m = TERM_WINDOW.exec(term);
    const from = m ? `${m[1]}-${m[2]}-${m[3]}` : "0000-00-00";
    const to = m ? `${m[4]}-${m[5]}-${m[6]}` : "9999-99-99";
    // PubMed's default order, most recent first; ties by PMID, descending.
    const ids = state.records
      .filter((r) => r.day >= from && r.day <= to && termFinds(term, r))
      .sort((a, b) => (a.day === b.day ? Number(b.pmid) - Number(a.pmid) : a.day < b.day ? 1 : -1))
      .map((r) => r.pmid);
    const retstart = Number(params.get("retstart") ?? 0);
    const retmax = Number(params.get("retmax") ?? 20);
    if (retstart > 9_998)
      return {
        status: 200,
        body: `${ESEARCH_HEAD}<eSearchResult><ERROR>${xmlEscape(CAP_ERROR)}</ERROR></eSearchResult>\n`,
      };
    let head = `<Count>${ids.length}</Count><RetMax>${Math.min(retmax, Math.max(0, ids.length - retstart))}</RetMax><RetStart>${retstart}</RetStart>`;
    if (params.get("usehistory") === "y") {
      const webEnv = `MCID_${(++webEnvs).toString(16).padStart(24, "0")}`;
      history.set(webEnv, ids);
      head += `<QueryKey>1</QueryKey><WebEnv>${webEnv}</WebEnv>`;
    }
    const list = ids.slice(retstart, retstart + retmax);
    const idList = list.length ? `<IdList>\n${list.map((id) => `<Id>${id}</Id>\n`).join("")}</IdList>` : "<IdList/>";
    const echoed =
      fault?.kind === "echo"
        ? ` [request: api_key=${params.get("api_key") ?? ""}&email=${params.get("email") ?? ""}]`
        : "";
    let tail = `<TranslationSet/><QueryTranslation>${xmlEscape(term + echoed)}</QueryTranslation>`;
    if (echoed)
      tail += `<WarningList><OutputMessage>${xmlEscape(`Key ${params.get("api_key") ?? ""} for ${encodeURIComponent(params.get("email") ?? "")} is near its limit`)}</OutputMessage></WarningList>`;
    if (fault?.kind === "errorlist") {
      tail += `<ErrorList><PhraseNotFound>${xmlEscape(fault.phrase)}</PhraseNotFound></ErrorList><WarningList><OutputMessage>No items found.</OutputMessage></WarningList>`;
    }
    return { status: 200, body: `${ESEARCH_HEAD}<eSearchResult>${head}${idList}${tail}</eSearchResult>\n` };
  };

  const efetch: Handler = (params, fault) => {
    for (const name of ["api_key", "email"]) if (params.get(name)) secretsSeen.add(params.get(name)!);
    const error = (message: string) => ({
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>${xmlEscape(message)}</ERROR>\n</eFetchResult>\n`,
    });
    if (fault?.kind === "ncbi-error") return error(fault.message);
    const ids = history.get(params.get("WebEnv") ?? "");
    if (!ids || params.get("query_key") !== "1")
      return error(`Unable to obtain query #${params.get("query_key") ?? ""}`);
    const retstart = Number(params.get("retstart") ?? 0);
    const retmax = Math.min(10_000, Number(params.get("retmax") ?? 20));
    if (retstart > 9_998) return error(CAP_ERROR);
    const from = fault?.kind === "shift" ? Math.max(0, retstart + fault.by) : retstart;
    const page = ids.slice(from, from + retmax);
    if (fault?.kind === "repeat" && page.length > 1) page[page.length - 1] = page[0]!;
    const body = page
      .slice(0, fault?.kind === "drop" ? Math.max(0, page.length - fault.records) : page.length)
      .map(article)
      .join("\n");
    const echo =
      fault?.kind === "echo"
        ? `<!-- served for api_key=${params.get("api_key") ?? ""} email=${params.get("email") ?? ""} -->\n`
        : "";
    return { status: 200, body: `${EFETCH_HEAD}${echo}<PubmedArticleSet>\n${body}\n</PubmedArticleSet>\n` };
  };

  const rates = options.rates === undefined ? { keyless: 3, keyed: 10 } : options.rates;
  const service = await startService(
    {
      "/entrez/eutils/esearch.fcgi": { name: "esearch", handler: esearch },
      "/entrez/eutils/efetch.fcgi": { name: "efetch", handler: efetch },
    },
    (params) => {
      const key = params.get("api_key");
      const limit = rates ? (key ? rates.keyed : rates.keyless) : 0;
      return {
        key: key ?? "keyless",
        rule: rates ? { limit, windowMs: 1000 } : null,
        body: JSON.stringify({
          error: "API rate limit exceeded",
          "api-key": key ?? "127.0.0.1",
          count: String(limit + 1),
          limit: String(limit),
        }),
      };
    },
  );
  return Object.defineProperties(service, {
    base: { value: `${service.url}/entrez/eutils/` },
    secretsSeen: { value: secretsSeen },
    expireHistory: { value: () => history.clear() },
    records: { get: () => state.records, set: (value: PubmedRecord[]) => void (state.records = value) },
  }) as MockEutils;
}

// ---- arXiv API ------------------------------------------------------------------------------

export interface ArxivRecord {
  id: string;
  day: string;
  /** Words a search_query must contain for the paper to match it; absent: every query matches. */
  words?: string[];
}

/** `count` papers spread evenly over the window, with new-style ids (YYMM.NNNNN). */
export function arxivCorpus(count: number, window: { from: string; to: string }): ArxivRecord[] {
  const from = dayNumber(window.from);
  const days = dayNumber(window.to) - from + 1;
  return Array.from({ length: count }, (_, i) => {
    const day = isoDay(from + Math.floor((i * days) / count));
    return { id: `${day.slice(2, 4)}${day.slice(5, 7)}.${String(i).padStart(5, "0")}`, day };
  });
}

/** <entry> elements of the fixtures' feeds. */
export function arxivTemplates(fixturesDir: string): string[] {
  const dir = join(fixturesDir, "arxiv_atom");
  const out: string[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".xml"))
    .sort()) {
    for (const m of readFileSync(join(dir, name), "utf8").matchAll(/<entry>[\s\S]*?<\/entry>/g)) out.push(m[0]);
  }
  return out;
}

export interface MockArxivOptions {
  records: ArxivRecord[];
  fixturesDir?: string;
  /** arXiv asks for one request every 3 s; null: no limit. */
  rate?: RateRule | null;
}

export interface MockArxiv extends MockService {
  /** The URL to give SRPIPE_ARXIV_URL. */
  readonly queryUrl: string;
  records: ArxivRecord[];
}

const SUBMITTED = /submittedDate:\[(\d{8})\d{4} TO (\d{8})\d{4}\]/;

function errorFeed(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <link href="http://arxiv.org/api/query?search_query=&amp;id_list=&amp;start=0&amp;max_results=10" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=10</title>
  <id>http://arxiv.org/api/kvuntZ8c9a4Eq5CF7KY03nMug+Q</id>
  <updated>2025-04-01T00:00:00-04:00</updated>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <entry>
    <id>http://arxiv.org/api/errors#${xmlEscape(message.replace(/\s+/g, "_"))}</id>
    <title>Error</title>
    <summary>${xmlEscape(message)}</summary>
    <updated>2025-04-01T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#${xmlEscape(message.replace(/\s+/g, "_"))}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
`;
}

function feed(searchQuery: string, start: number, size: number, total: number, entries: string[]): string {
  const title = xmlEscape(`search_query=${searchQuery}&id_list=&start=${start}&max_results=${size}`);
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/mock${start}</id>
  <title>arXiv Query: ${title}</title>
  <updated>2025-04-01T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?${title}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${size}</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>${start}</opensearch:startIndex>
${entries.join("\n")}
</feed>
`;
}

export async function startMockArxiv(options: MockArxivOptions): Promise<MockArxiv> {
  const templates = arxivTemplates(options.fixturesDir ?? defaultFixturesDir());
  const state = { records: options.records };
  const entry = (record: ArxivRecord, i: number) =>
    templates[i % templates.length]!.replace(/<id>[^<]*<\/id>/, `<id>http://arxiv.org/abs/${record.id}v1</id>`).replace(
      /<published>[^<]*<\/published>/,
      `<published>${record.day}T12:00:00Z</published>`,
    );

  const query: Handler = (params, fault) => {
    if (fault?.kind === "error-feed") return { status: 400, body: errorFeed(fault.message) };
    const searchQuery = params.get("search_query") ?? "";
    const start = Number(params.get("start") ?? 0);
    const size = Number(params.get("max_results") ?? 10);
    if (!searchQuery) return { status: 400, body: errorFeed("search_query is empty") };
    if (!Number.isInteger(size) || size < 0 || size > 2000)
      return {
        status: 400,
        body: errorFeed(`max_results must be between 0 and 2000, got ${params.get("max_results")}`),
      };
    if (start + size > 30_000 && size > 0)
      return { status: 400, body: errorFeed("start + max_results must not exceed 30000") };
    if (fault?.kind === "empty") return { status: 200, body: feed(searchQuery, start, size, 0, []) };
    const m = SUBMITTED.exec(searchQuery);
    const from = m ? `${m[1]!.slice(0, 4)}-${m[1]!.slice(4, 6)}-${m[1]!.slice(6, 8)}` : "0000-00-00";
    const to = m ? `${m[2]!.slice(0, 4)}-${m[2]!.slice(4, 6)}-${m[2]!.slice(6, 8)}` : "9999-99-99";
    const hits = state.records
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.day >= from && r.day <= to && termFinds(searchQuery, r));
    const served = fault?.kind === "shift" ? Math.max(0, start + fault.by) : start;
    const entries = hits.slice(served, served + size).map(({ r, i }) => entry(r, i));
    return { status: 200, body: feed(searchQuery, start, size, hits.length, entries) };
  };

  const rule = options.rate === undefined ? { limit: 1, windowMs: 3000 } : options.rate;
  const service = await startService({ "/api/query": { name: "query", handler: query } }, () => ({
    key: "all",
    rule,
    body: "Rate exceeded.",
  }));
  return Object.defineProperties(service, {
    queryUrl: { value: `${service.url}/api/query` },
    records: { get: () => state.records, set: (value: ArxivRecord[]) => void (state.records = value) },
  }) as MockArxiv;
}

/**
 * Mock servers started by a test file's tests with its fetch window, each closed after its test:
 * `const { eutils, arxiv } = mockServersPerTest(WINDOW)` at the top of the file.
 */
export function mockServersPerTest(window: { from: string; to: string }): {
  eutils(count: number, rates?: { keyless: number; keyed: number } | null): Promise<MockEutils>;
  arxiv(count: number): Promise<MockArxiv>;
} {
  let services: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(services.map((s) => s.close()));
    services = [];
  });
  const started = <T extends { close(): Promise<void> }>(service: T): T => {
    services.push(service);
    return service;
  };
  return {
    eutils: async (count, rates = null) =>
      started(await startMockEutils({ records: pubmedCorpus(count, window), rates })),
    arxiv: async (count) => started(await startMockArxiv({ records: arxivCorpus(count, window), rate: null })),
  };
}
