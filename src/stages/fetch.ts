/**
 * The fetch stage: every API search in queries/ (PubMed, arXiv) is run and its responses are
 * saved, unmodified, page by page as they arrive, in a new snapshot folder
 * raw/searches/<database>/<query>/<UTC stamp>/, beside `search.json` (src/search-log.ts),
 * which is rewritten after every page: "running" while pages arrive, then "complete" or
 * "failed". `import` reads only complete snapshots.
 *
 * A search whose window holds more hits than the database lets one search page through is
 * split by date until each slice fits, and the slices must add up to the whole. Pages are
 * requested ahead (within the host's rate and concurrency) but saved strictly in order, so
 * an interrupted fetch always ends on a complete page and `--resume` continues each slice at
 * the records it already has: no page is fetched twice, no record saved twice.
 */
import { srpipeVersion } from "../version.js";
import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { SrpipeError, UsageError, describeUnknownError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { sha256 } from "../io/hash.js";
import { HttpClient, type HttpRequest, type HttpResponse, type HttpSettings, type RateLimit } from "../io/http.js";
import { listDir } from "../io/list-files.js";
import type { Logger } from "../log.js";
import { isApiQuery, loadQueries, loadReview, type ApiQuery, type Query } from "../protocol.js";
import { SEARCH_LOG_SCHEMA_VERSION, SearchLogSchema, type SearchLog, type SearchPage } from "../search-log.js";
import { arxivSource } from "../sources/arxiv-api.js";
import { pubmedSource } from "../sources/pubmed-eutils.js";
import { workspacePath, type Workspace } from "../workspace.js";
import type { Stage, StageContext, StageResult } from "./stage.js";

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
}

export interface PageValue {
  /** Records in the page. */
  count: number;
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
  /** Asked with `position`: the id of the record just before it (PubMed), to check the order on resume. */
  idBefore: string | null;
}

/** One database's API client, as the stage drives it (src/sources/pubmed-eutils.ts, arxiv-api.ts). */
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
  /** The search's own response is the first page of records when the window fits (arXiv). */
  searchHoldsRecords: boolean;
  /** The paging session expires (PubMed's WebEnv): a resume searches again and checks nothing moved. */
  resumeNeedsSearch: boolean;
  /** The query string as sent for a window, date limits included. */
  querySent(window: DateWindow): string;
  /** Count a window: `size` records of it along the way (arXiv), `position` to check the order on resume (PubMed). */
  search(window: DateWindow, options: { size: number; position?: number }): HttpRequest<SearchAnswer>;
  page(slice: Slice, start: number, size: number): HttpRequest<PageValue>;
  /** Id of the last record in a saved page (PubMed, for the resume check). */
  lastRecordId?(page: Buffer): string | null;
}

export const API_CLIENTS: { readonly [database: string]: (query: Query, env: Env) => ApiSource } = {
  pubmed: pubmedSource,
  arxiv: arxivSource,
};

// ---- date windows -------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function dayNumber(isoDay: string): number {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Split a window into two halves of whole days (the earlier half no shorter); null for a single day. */
export function halveWindow(window: DateWindow): [DateWindow, DateWindow] | null {
  const from = dayNumber(window.from);
  const to = dayNumber(window.to);
  if (to <= from) return null;
  const mid = from + Math.floor((to - from) / 2);
  return [
    { from: window.from, to: isoDay(mid) },
    { from: isoDay(mid + 1), to: window.to },
  ];
}

const STAMP = /^\d{8}T\d{6}Z$/;

/** Snapshot folder name: the UTC time as `20250401T120000Z`, which sorts in time order. */
export function snapshotStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}


// ---- progress -----------------------------------------------------------------------------

/** Where "fetched …: page 3/12" goes: one updating line on a terminal, plain log lines otherwise. */
export interface Progress {
  update(line: string): void;
  /** End the updating line before other output. */
  clear(): void;
}

export function logProgress(log: Logger): Progress {
  return { update: (line) => log.info(line), clear: () => undefined };
}

function formatCount(n: number): string {
  return n.toLocaleString("en");
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// ---- the snapshot -------------------------------------------------------------------------

/** A snapshot folder and its search log, written after every change. */
class Snapshot {
  constructor(
    readonly dir: string,
    public log: SearchLog,
    private readonly source: ApiSource,
  ) {}

  static async create(queryDir: string, log: SearchLog, source: ApiSource, now: Date): Promise<Snapshot> {
    await mkdir(queryDir, { recursive: true });
    const taken = (await listDir(queryDir)).map((e) => e.name).filter((name) => STAMP.test(name));
    let at = now.getTime();
    // A new snapshot must sort after every existing one, or import would not take it as the newest.
    while (taken.some((name) => name >= snapshotStamp(new Date(at)))) at += 1000;
    for (;;) {
      const dir = join(queryDir, snapshotStamp(new Date(at)));
      try {
        await mkdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          at += 1000;
          continue;
        }
        throw error;
      }
      const snapshot = new Snapshot(dir, log, source);
      await snapshot.write();
      return snapshot;
    }
  }

  /** The newest snapshot folder of a query, with its log (null when search.json is missing or does not validate). */
  static async newest(queryDir: string): Promise<{ dir: string; log: SearchLog | null } | null> {
    const stamps = (await listDir(queryDir)).filter((e) => e.isDir && !e.name.startsWith(".")).map((e) => e.name);
    const last = stamps.at(-1);
    if (last === undefined) return null;
    const dir = join(queryDir, last);
    try {
      const parsed = SearchLogSchema.safeParse(JSON.parse(await readFile(join(dir, "search.json"), "utf8")));
      return { dir, log: parsed.success ? parsed.data : null };
    } catch {
      return { dir, log: null };
    }
  }

  async write(): Promise<void> {
    await this.writeFile("search.json", `${JSON.stringify(this.log, null, 2)}\n`);
  }

  private async writeFile(name: string, content: string | Uint8Array): Promise<void> {
    try {
      await writeFileAtomic(join(this.dir, name), content);
    } catch (error) {
      throw new SrpipeError("io", `cannot write ${join(this.dir, name)}: ${(error as NodeJS.ErrnoException).code ?? describeUnknownError(error)}`, { file: join(this.dir, name) }, { cause: error });
    }
  }

  /** Save a response as received, then the log that lists it (a page not in the log is not part of the snapshot). */
  async addPage(role: SearchPage["role"], body: Buffer, count: number, request: string, slice: number | null, before?: () => void): Promise<string> {
    const stem = role === "search" ? this.source.files.search : this.source.files.records;
    const number = this.log.pages.filter((p) => p.role === role).length + 1;
    const file = `${stem}-${String(number).padStart(4, "0")}.xml`;
    await this.writeFile(file, body);
    const page: SearchPage = { file, role, sha256: sha256(body), count, request };
    if (slice !== null) page.slice = slice;
    this.log.pages.push(page);
    if (role === "records") this.log.recordsRetrieved += count;
    before?.();
    await this.write();
    return file;
  }

  recordsIn(slice: number): number {
    let n = 0;
    for (const p of this.log.pages) if (p.role === "records" && p.slice === slice) n += p.count;
    return n;
  }

  lastRecordsPage(slice: number): SearchPage | null {
    return this.log.pages.findLast((p) => p.role === "records" && p.slice === slice) ?? null;
  }

  /** Temp files left by a write that was killed halfway. */
  async removeTempFiles(): Promise<void> {
    for (const name of await readdir(this.dir)) if (name.startsWith(".") && name.endsWith(".tmp")) await rm(join(this.dir, name), { force: true });
  }
}

// ---- one query ----------------------------------------------------------------------------

export interface FetchSettings {
  /** Where NCBI_API_KEY, NCBI_EMAIL, SRPIPE_PUBMED_URL, SRPIPE_ARXIV_URL are read (default process.env). */
  env?: Env;
  /** Per database, instead of the database's published limits (tests, benchmarks against a local server). */
  rates?: { readonly [database: string]: RateLimit };
  http?: Partial<HttpSettings>;
  now?: () => Date;
  /** Aborting stops the fetch where it is, leaving the snapshot "running" as a killed process would. */
  signal?: AbortSignal;
  progress?: Progress;
}

export interface FetchRequest {
  queryId?: string;
  resume?: boolean;
  dryRun?: boolean;
  /** Dry run: where the plan is printed (stdout). */
  out?: (text: string) => void;
}

export interface QueryOutcome {
  queryId: string;
  database: string;
  status: "complete" | "failed" | "nothing-to-resume" | "dry-run";
  /** Workspace-relative snapshot folder. */
  snapshot: string | null;
  hits: number | null;
  records: number;
  /** HTTP requests sent for this query (retries included). */
  requests: number;
  message: string | null;
}

interface Job {
  query: ApiQuery;
  source: ApiSource;
  rate: RateLimit;
  http: HttpClient;
  log: Logger;
  progress: Progress;
  workspace: Workspace;
  label: string;
  signal: AbortSignal | undefined;
  now: () => Date;
  /** Requests the client had sent to this host before this query. */
  requestsBefore: number;
}

interface Plan {
  hits: number;
  translation: string | null;
  slices: Slice[];
  /** The search requests sent, in order. */
  searches: string[];
}

type OnSearch = (response: HttpResponse<SearchAnswer>, url: string, window: DateWindow, slice: number | null, holdsRecords: boolean, first: boolean) => Promise<void>;

function windowText(w: DateWindow): string {
  return `${w.from} to ${w.to}`;
}

function failure(message: string): SrpipeError {
  return new SrpipeError("input", message);
}

/**
 * Search the whole window, then, while a part holds more hits than the cap, its halves, in
 * date order. The search that counts the whole window is also arXiv's first page of records
 * when the window fits; the searches of split windows only count.
 */
async function planSlices(job: Job, size: number, onSearch: OnSearch): Promise<Plan> {
  const { source, http } = job;
  const slices: Slice[] = [];
  const searches: string[] = [];
  const first: { answer: SearchAnswer | null } = { answer: null };
  const visit = async (window: DateWindow, isFirst: boolean): Promise<void> => {
    const request = source.search(window, { size: isFirst ? size : 0 });
    const response = await http.get(request, job.signal);
    searches.push(request.url);
    const answer = response.value;
    if (isFirst) first.answer = answer;
    for (const message of answer.messages) job.log.warn(`${source.name} says for ${job.label}: ${message}`);
    if (answer.hits <= source.cap) {
      const holds = isFirst && source.searchHoldsRecords && size > 0;
      slices.push({ window, hits: answer.hits, session: answer.session });
      await onSearch(response, request.url, window, slices.length - 1, holds, isFirst);
      return;
    }
    await onSearch(response, request.url, window, null, false, isFirst);
    const halves = halveWindow(window);
    if (!halves) {
      throw failure(`${source.name} reports ${formatCount(answer.hits)} hits on the single day ${window.from}, more than the ${formatCount(source.cap)} one search can page through`);
    }
    job.log.info(`splitting ${job.label} ${windowText(window)}: ${formatCount(answer.hits)} hits, more than the ${formatCount(source.cap)} ${source.name} serves per search`);
    await visit(halves[0], false);
    await visit(halves[1], false);
  };
  await visit(job.query.dateWindow, true);
  const hits = first.answer?.hits ?? 0;
  const sum = slices.reduce((n, s) => n + s.hits, 0);
  if (sum !== hits) {
    throw failure(
      `the date slices add up to ${formatCount(sum)} hits but ${source.name} reports ${formatCount(hits)} for the whole window ` +
        `(${slices.map((s) => `${windowText(s.window)}: ${formatCount(s.hits)}`).join("; ")}); records would be missed or repeated`,
    );
  }
  return { hits, translation: first.answer?.translation ?? null, slices, searches };
}

function addMessages(log: SearchLog, messages: readonly string[]): void {
  for (const m of messages) if (!log.messages.includes(m)) log.messages.push(m);
}

/** Fetch the pages of every slice from where each stands, requested ahead but saved in order. */
async function fetchPages(job: Job, snapshot: Snapshot, slices: readonly Slice[]): Promise<void> {
  const { source, http } = job;
  const size = snapshot.log.pageSize;
  const tasks: { slice: number; start: number }[] = [];
  slices.forEach((slice, i) => {
    for (let start = snapshot.recordsIn(i); start < slice.hits; start += size) tasks.push({ slice: i, start });
  });
  const savedBefore = snapshot.log.pages.filter((p) => p.role === "records").length;
  const totalPages = savedBefore + tasks.length;
  const hits = snapshot.log.hitsReported ?? 0;
  const started = Date.now();
  const stop = new AbortController();
  const signal = job.signal ? AbortSignal.any([job.signal, stop.signal]) : stop.signal;
  const ahead = Math.max(1, Math.floor(job.rate.concurrency)) * 2;
  const pending: Promise<HttpResponse<PageValue>>[] = [];
  const requests: string[] = [];
  let next = 0;
  const launch = () => {
    const task = tasks[next++]!;
    const request = source.page(slices[task.slice]!, task.start, size);
    requests.push(request.url);
    const response = http.get(request, signal);
    response.catch(() => undefined); // awaited in order below; a failure ahead must not go unhandled meanwhile
    pending.push(response);
  };
  const report = (done: number) => {
    const perPage = Math.max((Date.now() - started) / Math.max(1, done), 1000 / job.rate.perSecond);
    job.progress.update(
      `fetched ${job.label}: page ${savedBefore + done}/${totalPages}, ${formatCount(snapshot.log.recordsRetrieved)}/${formatCount(hits)} records, ETA ${formatDuration((tasks.length - done) * perPage)}`,
    );
  };
  // Pages already in the snapshot (a resume, or arXiv's first page, which came with the search).
  if (savedBefore > 0) report(0);
  try {
    while (next < tasks.length && pending.length < ahead) launch();
    for (let i = 0; i < tasks.length; i++) {
      const response = await pending.shift()!;
      await snapshot.addPage("records", response.body, response.value.count, requests[i]!, tasks[i]!.slice);
      if (next < tasks.length) launch();
      report(i + 1);
    }
  } finally {
    stop.abort();
  }
}

/** Search again for slices a resume continues (PubMed's WebEnv expires): same hits, same record at the join. */
async function renewSessions(job: Job, snapshot: Snapshot, slices: Slice[]): Promise<void> {
  const { source, http } = job;
  for (const [i, slice] of slices.entries()) {
    const have = snapshot.recordsIn(i);
    if (have >= slice.hits) continue;
    const request = source.search(slice.window, { size: 0, position: have });
    const response = await http.get(request, job.signal);
    await snapshot.addPage("search", response.body, response.value.items, request.url, i);
    const answer = response.value;
    if (answer.hits !== slice.hits) {
      throw failure(
        `${source.name} now reports ${formatCount(answer.hits)} hits for ${windowText(slice.window)}, the interrupted fetch had ${formatCount(slice.hits)}: ` +
          `the result set changed, so its pages cannot be continued; run \`srpipe fetch --query ${job.query.id}\` for a new snapshot`,
      );
    }
    const last = snapshot.lastRecordsPage(i);
    if (have > 0 && last && source.lastRecordId) {
      const savedId = source.lastRecordId(await readFile(join(snapshot.dir, last.file)));
      if (savedId !== answer.idBefore) {
        throw failure(
          `${source.name} now lists record ${answer.idBefore ?? "none"} at position ${formatCount(have)} of ${windowText(slice.window)} where the interrupted fetch saved ${savedId ?? "none"}: ` +
            `the order changed, so continuing would skip or repeat records; run \`srpipe fetch --query ${job.query.id}\` for a new snapshot`,
        );
      }
    }
    slice.session = answer.session;
  }
}

function plannedIn(log: SearchLog): boolean {
  return log.hitsReported !== null && log.slices.length > 0 && log.slices.reduce((n, s) => n + s.hits, 0) === log.hitsReported;
}

/** Bring a snapshot from wherever it stands to complete. */
async function completeSnapshot(job: Job, snapshot: Snapshot): Promise<void> {
  const { source } = job;
  const log = snapshot.log;
  let slices: Slice[];
  if (!plannedIn(log)) {
    log.slices = [];
    const plan = await planSlices(job, log.pageSize, async (response, url, window, slice, holds, first) => {
      const answer = response.value;
      addMessages(log, answer.messages);
      await snapshot.addPage(holds ? "records" : "search", response.body, answer.items, url, slice, () => {
        if (!first) return;
        log.hitsReported = answer.hits;
        log.queryTranslation = answer.translation;
        // An unsplit window is planned by this one search: its slice goes in the same write as its page.
        if (slice !== null) log.slices = [{ ...window, hits: answer.hits }];
      });
    });
    log.slices = plan.slices.map((s) => ({ ...s.window, hits: s.hits }));
    await snapshot.write();
    slices = plan.slices;
    job.log.info(
      `searched ${job.label}: ${formatCount(plan.hits)} hits for ${windowText(job.query.dateWindow)}` +
        (plan.slices.length > 1 ? ` in ${plan.slices.length} date slices` : ""),
    );
  } else {
    slices = log.slices.map((s) => ({ window: { from: s.from, to: s.to }, hits: s.hits, session: {} }));
    job.log.info(`resuming ${job.label} at ${formatCount(log.recordsRetrieved)}/${formatCount(log.hitsReported ?? 0)} records (${workspacePath(job.workspace, snapshot.dir)})`);
    if (source.resumeNeedsSearch) await renewSessions(job, snapshot, slices);
  }
  await fetchPages(job, snapshot, slices);
  job.progress.clear();
  for (const [i, slice] of slices.entries()) {
    const got = snapshot.recordsIn(i);
    if (got !== slice.hits) {
      throw failure(`retrieved ${formatCount(got)} records for ${windowText(slice.window)}, ${source.name} reported ${formatCount(slice.hits)}`);
    }
  }
  if (log.recordsRetrieved !== log.hitsReported) {
    throw failure(`retrieved ${formatCount(log.recordsRetrieved)} records, ${source.name} reported ${formatCount(log.hitsReported ?? 0)}`);
  }
  log.status = "complete";
  log.finishedAt = job.now().toISOString();
  await snapshot.write();
}

function newLog(job: Job): SearchLog {
  const { query, source } = job;
  return {
    schemaVersion: SEARCH_LOG_SCHEMA_VERSION,
    status: "running",
    database: query.database,
    queryId: query.id,
    endpoint: source.endpoint,
    querySent: source.querySent(query.dateWindow),
    queryTranslation: null,
    dateWindow: { from: query.dateWindow.from, to: query.dateWindow.to },
    slices: [],
    startedAt: job.now().toISOString(),
    finishedAt: null,
    hitsReported: null,
    recordsRetrieved: 0,
    pageSize: source.pageSize,
    pages: [],
    messages: [],
    srpipeVersion: srpipeVersion(),
    failure: null,
  };
}

/** Why an unfinished snapshot cannot be continued with the query as it now stands, or null. */
function resumeMismatch(job: Job, log: SearchLog): string | null {
  const { query, source } = job;
  if (log.querySent !== source.querySent(query.dateWindow)) return `its query was "${log.querySent}", the query file now gives "${source.querySent(query.dateWindow)}"`;
  if (log.endpoint !== source.endpoint) return `it was fetched from ${log.endpoint}, the endpoint is now ${source.endpoint}`;
  return null;
}

async function fetchQuery(job: Job, request: FetchRequest): Promise<QueryOutcome> {
  const { query, workspace, log } = job;
  const queryDir = join(workspace.searchesDir, query.database, query.id);
  const outcome = (status: QueryOutcome["status"], snapshot: Snapshot | null, message: string | null): QueryOutcome => ({
    queryId: query.id,
    database: query.database,
    status,
    snapshot: snapshot ? workspacePath(workspace, snapshot.dir) : null,
    hits: snapshot?.log.hitsReported ?? null,
    records: snapshot?.log.recordsRetrieved ?? 0,
    requests: job.http.stats(job.source.endpoint).requests - job.requestsBefore,
    message,
  });
  const newest = await Snapshot.newest(queryDir);
  let snapshot: Snapshot;
  if (request.resume) {
    if (!newest || newest.log?.status === "complete") {
      const why = newest ? `its newest snapshot ${workspacePath(workspace, newest.dir)} is complete` : "it has no snapshot yet";
      log.info(`skipped ${job.label}: nothing to resume (${why}; \`srpipe fetch --query ${query.id}\` starts a new one)`);
      return outcome("nothing-to-resume", null, null);
    }
    const where = workspacePath(workspace, newest.dir);
    if (!newest.log) return outcome("failed", null, `cannot resume ${where}: its search.json is missing or does not validate; run \`srpipe fetch --query ${query.id}\` for a new snapshot`);
    snapshot = new Snapshot(newest.dir, newest.log, job.source);
    const mismatch = resumeMismatch(job, newest.log);
    if (mismatch) return outcome("failed", null, `cannot resume ${where}: ${mismatch}; run \`srpipe fetch --query ${query.id}\` for a new snapshot`);
    await snapshot.removeTempFiles();
    Object.assign(snapshot.log, { status: "running", failure: null, finishedAt: null });
    await snapshot.write();
  } else {
    if (newest && newest.log?.status !== "complete") {
      log.warn(`${workspacePath(workspace, newest.dir)} is unfinished; starting a new snapshot (\`srpipe fetch --resume\` would continue it instead)`);
    }
    snapshot = await Snapshot.create(queryDir, newLog(job), job.source, job.now());
  }
  try {
    await completeSnapshot(job, snapshot);
  } catch (error) {
    job.progress.clear();
    if (job.signal?.aborted) throw error;
    const message = job.http.redact(describeUnknownError(error));
    Object.assign(snapshot.log, { status: "failed", failure: message, finishedAt: job.now().toISOString() });
    await snapshot.write();
    if (!(error instanceof SrpipeError)) throw error;
    return outcome("failed", snapshot, message);
  }
  log.info(
    `fetched ${job.label}: ${formatCount(snapshot.log.recordsRetrieved)} records in ${snapshot.log.pages.filter((p) => p.role === "records").length} pages, ` +
      `complete → ${workspacePath(workspace, snapshot.dir)}`,
  );
  return outcome("complete", snapshot, null);
}

/** Dry run: the searches only (nothing saved), then what the fetch would request. */
async function planQuery(job: Job, out: (text: string) => void): Promise<QueryOutcome> {
  const { source, query } = job;
  const plan = await planSlices(job, 0, async () => undefined);
  const size = source.pageSize;
  const pages = plan.slices.reduce((n, s) => n + Math.ceil(s.hits / size), 0);
  // arXiv's search is its first page when the window is not split; PubMed always searches first.
  const requests = plan.searches.length + pages - (source.searchHoldsRecords && plan.slices.length === 1 && pages > 0 ? 1 : 0);
  const firstSlice = plan.slices.findIndex((s) => s.hits > 0);
  const lastSlice = plan.slices.findLastIndex((s) => s.hits > 0);
  const lines = [
    `${job.label} (${source.name})`,
    `  endpoint     ${source.endpoint}${source.endpointFrom === "default" ? "" : ` (from ${source.endpointFrom === "query" ? "the query file" : source.endpointFrom})`}`,
    `  query sent   ${source.querySent(query.dateWindow)}`,
    ...plan.searches.map((url, i) => `  ${i === 0 ? "searched    " : "            "} ${url}`),
    `  hits         ${formatCount(plan.hits)}`,
  ];
  if (plan.translation) lines.push(`  translation  ${plan.translation}`);
  if (plan.slices.length > 1) lines.push(`  slices       ${plan.slices.map((s) => `${windowText(s.window)}: ${formatCount(s.hits)}`).join("; ")}`);
  if (firstSlice >= 0) {
    const first = plan.slices[firstSlice]!;
    const last = plan.slices[lastSlice]!;
    lines.push(`  would fetch  ${formatCount(pages)} page${pages === 1 ? "" : "s"} of up to ${formatCount(size)} records:`);
    lines.push(`               ${source.page(first, 0, size).url}`);
    if (pages > 1) lines.push(`               …`, `               ${source.page(last, Math.floor((last.hits - 1) / size) * size, size).url}`);
  }
  lines.push(`  requests     ${formatCount(requests)} at ${job.rate.perSecond < 1 ? `1 per ${formatDuration(1000 / job.rate.perSecond)}` : `${job.rate.perSecond} per second`}: at least ${formatDuration((requests / job.rate.perSecond) * 1000)}`);
  out(`${lines.join("\n")}\n\n`);
  return { queryId: query.id, database: query.database, status: "dry-run", snapshot: null, hits: plan.hits, records: 0, requests: job.http.stats(source.endpoint).requests - job.requestsBefore, message: null };
}

function describeSource(source: ApiSource, rate: RateLimit, env: Env): string {
  const where = source.endpointFrom === "default" ? "" : ` (${source.endpointFrom === "query" ? "from the query file" : `from ${source.endpointFrom}`})`;
  const pace = rate.perSecond < 1 ? `1 request per ${formatDuration(1000 / rate.perSecond)}` : `${rate.perSecond} requests/s`;
  let extra = "";
  if (source.database === "pubmed") {
    extra = `${env.NCBI_API_KEY?.trim() ? ", with NCBI_API_KEY" : ", no NCBI_API_KEY"}${env.NCBI_EMAIL?.trim() ? "" : ", no contact e-mail (set NCBI_EMAIL, as NCBI asks)"}`;
  }
  return `${source.endpoint}${where}, ${pace}${extra}`;
}

export async function runFetch(context: StageContext, request: FetchRequest = {}, settings: FetchSettings = {}): Promise<QueryOutcome[]> {
  const { workspace, log } = context;
  const review = await loadReview(workspace.reviewFile);
  const queries = (await loadQueries(workspace.queriesDir, review)).map((q) => q.query);
  let selected: ApiQuery[];
  if (request.queryId !== undefined) {
    const query = queries.find((q) => q.id === request.queryId);
    if (!query) throw new UsageError(`--query ${request.queryId}: no such query in queries/ (queries: ${queries.map((q) => q.id).join(", ") || "none"})`);
    if (!isApiQuery(query)) {
      throw new UsageError(`--query ${query.id}: a manual export, not an API search; run it on the database's website as its query file says and save the export in ${query.exportPath}`);
    }
    selected = [query];
  } else {
    selected = queries.filter(isApiQuery);
    const manual = queries.filter((q) => q.mode !== "api");
    if (manual.length) log.info(`skipped manual exports (run by hand, saved under raw/exports/): ${manual.map((q) => q.id).join(", ")}`);
    if (!selected.length) log.warn('queries/ holds no API search ("mode": "api"): nothing to fetch');
  }
  const env = settings.env ?? process.env;
  const progress = settings.progress ?? logProgress(log);
  const http = new HttpClient({
    userAgent: `srpipe/${srpipeVersion()} (systematic review pipeline; Node ${process.version})`,
    settings: settings.http ?? {},
    signal: settings.signal,
    onRetry: (n) => {
      progress.clear();
      log.warn(`retrying ${n.url} in ${formatDuration(n.waitMs)} (${n.reason}; attempt ${n.attempt} of ${n.attempts})`);
    },
  });
  const outcomes: QueryOutcome[] = [];
  try {
    for (const query of selected) {
      const makeSource = API_CLIENTS[query.database];
      if (!makeSource) throw new SrpipeError("protocol", `no API client for database "${query.database}"`);
      const source = makeSource(query, env);
      const rate = settings.rates?.[query.database] ?? source.rate;
      http.limit(source.endpoint, rate);
      const job: Job = {
        query, source, rate, http, log, progress, workspace,
        label: `${query.database}/${query.id}`,
        signal: settings.signal,
        now: settings.now ?? (() => new Date()),
        requestsBefore: http.stats(source.endpoint).requests,
      };
      log.info(`using ${source.name} for ${job.label}: ${describeSource(source, rate, env)}`);
      if (request.dryRun) {
        outcomes.push(await planQuery(job, request.out ?? ((text) => process.stdout.write(text))));
        continue;
      }
      const result = await fetchQuery(job, request);
      if (result.status === "failed") {
        log.error(`failed ${job.label}: ${result.message}`);
        if (result.snapshot) log.info(`kept ${result.snapshot} (status "failed"); \`srpipe fetch --resume --query ${query.id}\` continues from its last complete page`);
      }
      outcomes.push(result);
    }
  } finally {
    progress.clear();
    await http.close();
  }
  if (!request.dryRun && outcomes.some((o) => o.status === "complete")) log.info("next: `srpipe import` reads the newest complete snapshot of each query");
  return outcomes;
}

export function fetchSummary(outcomes: readonly QueryOutcome[]): StageResult {
  const complete = outcomes.filter((o) => o.status === "complete");
  const failed = outcomes.filter((o) => o.status === "failed");
  const records = complete.reduce((n, o) => n + o.records, 0);
  let summary = `${formatCount(records)} records from ${complete.length} ${complete.length === 1 ? "search" : "searches"}`;
  if (failed.length) summary += `, ${failed.length} failed (${failed.map((o) => o.queryId).join(", ")})`;
  return { summary, problems: failed.length };
}

export const fetchStage: Stage = {
  name: "fetch",
  description: "run the API searches in queries/ (PubMed, arXiv) and save every response page under raw/searches/",
  inputs: (workspace) => [workspace.reviewFile, workspace.queriesDir],
  outputs: (workspace) => [workspace.searchesDir],
  async run(context): Promise<StageResult> {
    return fetchSummary(await runFetch(context));
  },
};
