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
import { mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { SrpipeError, UsageError, describeUnknownError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { sha256 } from "../io/hash.js";
import { HttpClient, hangBoundMs, type Clock, type HttpRequest, type HttpResponse, type HttpSettings, type RateLimit } from "../io/http.js";
import { listDir } from "../io/list-files.js";
import type { Logger } from "../log.js";
import { isApiQuery, type ApiQuery, type Query } from "../protocol.js";
import { SEARCH_LOG_SCHEMA_VERSION, SearchLogSchema, type SearchLog, type SearchPage } from "../search-log.js";
import { arxivSource } from "../sources/arxiv-api.js";
import { pubmedSource } from "../sources/pubmed-eutils.js";
import { workspacePath, type Workspace } from "../workspace.js";
import { queriesFolder, reviewJson } from "../artefacts/protocol-files.js";
import { searchesFolder } from "../artefacts/raw-folders.js";
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
  /**
   * The record ids the slice's search listed, in order (PubMed's ESearch id list): each page
   * must hold exactly its part of them. Null where the search lists none (arXiv, a dry run).
   */
  ids: readonly string[] | null;
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

/** What keeps the API key and e-mail out of saved files and printed lines (the HTTP client knows them). */
export interface Redactor {
  redact(text: string): string;
  redactBytes(body: Buffer): { body: Buffer; replaced: number };
}

/** A snapshot folder and its search log, written after every change. */
class Snapshot {
  constructor(
    readonly dir: string,
    public log: SearchLog,
    private readonly source: ApiSource,
    private readonly secrets: Redactor,
  ) {}

  static async create(queryDir: string, log: SearchLog, source: ApiSource, now: Date, secrets: Redactor): Promise<Snapshot> {
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
      const snapshot = new Snapshot(dir, log, source, secrets);
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
    // A server may echo the request (PubMed's QueryTranslation, an error): nothing it sent back
    // may carry the key or e-mail into the log.
    await this.writeFile("search.json", this.secrets.redact(`${JSON.stringify(this.log, null, 2)}\n`));
  }

  private async writeFile(name: string, content: string | Uint8Array): Promise<void> {
    try {
      await writeFileAtomic(join(this.dir, name), content);
    } catch (error) {
      throw new SrpipeError("io", `cannot write ${join(this.dir, name)}: ${(error as NodeJS.ErrnoException).code ?? describeUnknownError(error)}`, { file: join(this.dir, name) }, { cause: error });
    }
  }

  /** Save a response as received, then the log that lists it (a page not in the log is not part of the snapshot). */
  async addPage(role: SearchPage["role"], received: Buffer, count: number, request: string, slice: number | null, before?: () => void): Promise<string> {
    const file = this.nextFile(role);
    const { body, replaced } = this.secrets.redactBytes(received);
    await this.writeFile(file, body);
    const page: SearchPage = { file, role, sha256: sha256(body), count, request };
    if (slice !== null) page.slice = slice;
    if (replaced > 0) page.redacted = replaced;
    this.log.pages.push(page);
    if (role === "records") this.log.recordsRetrieved += count;
    before?.();
    await this.write();
    return file;
  }

  /** The name the n-th page of a role is saved under (`efetch-0003.xml`). */
  pageFile(role: SearchPage["role"], number: number): string {
    const stem = role === "search" ? this.source.files.search : this.source.files.records;
    return `${stem}-${String(number).padStart(4, "0")}.xml`;
  }

  nextFile(role: SearchPage["role"]): string {
    return this.pageFile(role, this.log.pages.filter((p) => p.role === role).length + 1);
  }

  /** The ids in every records page saved so far, with the page each is in, in order. */
  async savedIds(): Promise<{ id: string; file: string; slice: number | undefined }[]> {
    const out: { id: string; file: string; slice: number | undefined }[] = [];
    for (const page of this.log.pages.filter((p) => p.role === "records")) {
      for (const id of this.source.recordIds(await readFile(join(this.dir, page.file)))) out.push({ id, file: page.file, slice: page.slice });
    }
    return out;
  }

  recordsIn(slice: number): number {
    let n = 0;
    for (const p of this.log.pages) if (p.role === "records" && p.slice === slice) n += p.count;
    return n;
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
  /** What the rate limiter and backoff wait on (tests: a virtual clock, so no test depends on the machine's speed). */
  clock?: Clock;
  /** Called as each request is let go by the limiter, with the clock's time. */
  onSend?: (url: string, at: number) => void;
  now?: () => Date;
  /** Aborting stops the fetch where it is, leaving the snapshot "running" as a killed process would. */
  signal?: AbortSignal;
  progress?: Progress;
}

export interface FetchRequest {
  queryId?: string;
  resume?: boolean;
  dryRun?: boolean;
  /** Set failed and interrupted snapshots aside (renamed `.discarded-<stamp>`), fetch nothing. */
  discardFailed?: boolean;
  /** Dry run: where the plan is printed (stdout). */
  out?: (text: string) => void;
}

export interface QueryOutcome {
  queryId: string;
  database: string;
  status: "complete" | "failed" | "nothing-to-resume" | "dry-run" | "discarded";
  /** Workspace-relative snapshot folder. */
  snapshot: string | null;
  hits: number | null;
  /** Records retrieved; for "discarded", the snapshots set aside. */
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
  secrets: Redactor;
  /** This `srpipe fetch` run, recorded in every snapshot it starts. */
  run: { startedAt: string; queries: string[] };
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

/** Which page holds each record id already accepted in a snapshot. */
type IdClaims = Map<string, string>;

/**
 * Check a records page by content, not only by count: every entry has an id, none twice in
 * the page, none already in an earlier page (a page shifted by one, a record served in place
 * of another). Failing, the page is asked again, and the fetch fails naming it; passing, its
 * ids are claimed. Pages are checked as they arrive, in order (pages ahead wait their turn
 * only to be saved), so an earlier page has always claimed its ids first.
 */
function guardRecords<T extends { ids: string[] }>(
  request: HttpRequest<T>,
  page: string,
  claims: IdClaims,
  idName: string,
  holdsRecords: (value: T) => boolean = () => true,
): HttpRequest<T> {
  return {
    ...request,
    async check(body, attempt) {
      const verdict = await request.check(body, attempt);
      if (!verdict.ok || !holdsRecords(verdict.value)) return verdict;
      const ids = verdict.value.ids;
      const problems: string[] = [];
      const unnamed = ids.filter((id) => id === "").length;
      if (unnamed) problems.push(`${unnamed} ${unnamed === 1 ? "entry" : "entries"} without a readable ${idName}`);
      const inPage = new Set<string>();
      for (const id of ids) {
        if (id === "") continue;
        if (inPage.has(id)) problems.push(`${idName} ${id} twice in the page`);
        else if (claims.has(id) && claims.get(id) !== page) problems.push(`${idName} ${id} already in ${claims.get(id)}`);
        inPage.add(id);
      }
      if (problems.length) {
        const shown = problems.slice(0, 3).join("; ") + (problems.length > 3 ? `; and ${problems.length - 3} more` : "");
        return { ok: false, retry: true, reason: `${page} repeats or misses records: ${shown}` };
      }
      for (const id of ids) claims.set(id, page);
      return verdict;
    },
  };
}

function recordsLabel(file: string, start: number, count: number, window: DateWindow): string {
  return `${file} (records ${formatCount(start + 1)}–${formatCount(start + count)} of ${windowText(window)})`;
}

/**
 * Search the whole window, then, while a part holds more hits than the cap, its halves, in
 * date order. The search that counts the whole window is also arXiv's first page of records
 * when the window fits; the searches of split windows only count.
 */
async function planSlices(job: Job, size: number, onSearch: OnSearch, claims: IdClaims | null = null, firstFile = ""): Promise<Plan> {
  const { source, http } = job;
  const slices: Slice[] = [];
  const searches: string[] = [];
  const first: { answer: SearchAnswer | null } = { answer: null };
  const listIds = claims !== null;
  const visit = async (window: DateWindow, isFirst: boolean): Promise<void> => {
    let request = source.search(window, { size: isFirst ? size : 0, listIds });
    if (claims && isFirst && source.searchHoldsRecords && size > 0) {
      const label = `${firstFile} (the search's first page of records, ${windowText(window)})`;
      request = guardRecords(request, label, claims, source.idName, (answer) => answer.hits <= source.cap);
    }
    const response = await http.get(request, job.signal);
    searches.push(request.url);
    const answer = response.value;
    if (isFirst) first.answer = answer;
    for (const message of answer.messages) job.log.warn(`${source.name} says for ${job.label}: ${message}`);
    if (answer.hits <= source.cap) {
      const holds = isFirst && source.searchHoldsRecords && size > 0;
      slices.push({ window, hits: answer.hits, session: answer.session, ids: listIds && !source.searchHoldsRecords ? answer.ids : null });
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
async function fetchPages(job: Job, snapshot: Snapshot, slices: readonly Slice[], claims: IdClaims): Promise<void> {
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
    const number = savedBefore + next + 1;
    const task = tasks[next++]!;
    const slice = slices[task.slice]!;
    const label = recordsLabel(snapshot.pageFile("records", number), task.start, Math.min(size, slice.hits - task.start), slice.window);
    const request = guardRecords(source.page(slice, task.start, size), label, claims, source.idName);
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

/**
 * Search again for slices a resume continues (PubMed's WebEnv expires): same hits, and the
 * records already saved must be exactly the ones the search now lists first, in the same
 * order at the join, or continuing would skip or repeat records.
 */
async function renewSessions(job: Job, snapshot: Snapshot, slices: Slice[], saved: readonly SavedId[]): Promise<void> {
  const { source, http } = job;
  const restart = `run \`srpipe fetch --query ${job.query.id}\` for a new snapshot`;
  for (const [i, slice] of slices.entries()) {
    const have = snapshot.recordsIn(i);
    if (have >= slice.hits) continue;
    const request = source.search(slice.window, { size: 0, listIds: true });
    const response = await http.get(request, job.signal);
    await snapshot.addPage("search", response.body, response.value.items, request.url, i);
    const answer = response.value;
    if (answer.hits !== slice.hits) {
      throw failure(
        `${source.name} now reports ${formatCount(answer.hits)} hits for ${windowText(slice.window)}, the interrupted fetch had ${formatCount(slice.hits)}: ` +
          `the result set changed, so its pages cannot be continued; ${restart}`,
      );
    }
    const savedHere = saved.filter((s) => s.slice === i).map((s) => s.id);
    if (have > 0) {
      const listedAtJoin = answer.ids[have - 1] ?? null;
      const savedAtJoin = savedHere.at(-1) ?? null;
      if (listedAtJoin !== savedAtJoin) {
        throw failure(
          `${source.name} now lists record ${listedAtJoin ?? "none"} at position ${formatCount(have)} of ${windowText(slice.window)} where the interrupted fetch saved ${savedAtJoin ?? "none"}: ` +
            `the order changed, so continuing would skip or repeat records; ${restart}`,
        );
      }
      const listed = new Set(answer.ids.slice(0, have));
      const moved = savedHere.filter((id) => !listed.has(id));
      if (moved.length || savedHere.length !== have) {
        throw failure(
          `${source.name} no longer lists ${source.idName} ${moved.slice(0, 3).join(", ")}${moved.length > 3 ? ` and ${moved.length - 3} more` : ""} among the first ${formatCount(have)} of ${windowText(slice.window)}, ` +
            `which the interrupted fetch saved: the order changed, so continuing would skip or repeat records; ${restart}`,
        );
      }
    }
    slice.session = answer.session;
    slice.ids = answer.ids;
  }
}

interface SavedId {
  id: string;
  file: string;
  slice: number | undefined;
}

/**
 * Prove a snapshot from what is on disk: its records pages hold exactly `hits` identifiers,
 * all distinct, each readable, and, where the search listed them, exactly the listed ones.
 */
function proveSnapshot(job: Job, slices: readonly Slice[], saved: readonly SavedId[]): void {
  const { source } = job;
  const where = new Map<string, string>();
  for (const { id, file } of saved) {
    if (id === "") throw failure(`${file} holds an entry without a readable ${source.idName}`);
    const earlier = where.get(id);
    if (earlier !== undefined) {
      throw failure(`${source.idName} ${id} is ${earlier === file ? `twice in ${file}` : `in both ${earlier} and ${file}`}: a record saved twice means another is missing`);
    }
    where.set(id, file);
  }
  const hits = slices.reduce((n, s) => n + s.hits, 0);
  if (where.size !== hits) throw failure(`the pages hold ${formatCount(where.size)} distinct ${source.idName}s, ${source.name} reported ${formatCount(hits)} hits`);
  for (const [i, slice] of slices.entries()) {
    if (!slice.ids) continue;
    const inSlice = new Set(saved.filter((s) => s.slice === i).map((s) => s.id));
    const missing = slice.ids.filter((id) => !inSlice.has(id));
    if (missing.length) throw failure(`${source.idName} ${missing.slice(0, 3).join(", ")} listed by ${source.name} for ${windowText(slice.window)} ${missing.length === 1 ? "is" : "are"} in no page`);
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
  const claims: IdClaims = new Map();
  if (!plannedIn(log)) {
    log.slices = [];
    const onSearch: OnSearch = async (response, url, window, slice, holds, first) => {
      const answer = response.value;
      addMessages(log, answer.messages);
      await snapshot.addPage(holds ? "records" : "search", response.body, answer.items, url, slice, () => {
        if (!first) return;
        log.hitsReported = answer.hits;
        log.queryTranslation = answer.translation;
        // An unsplit window is planned by this one search: its slice goes in the same write as its page.
        if (slice !== null) log.slices = [{ ...window, hits: answer.hits }];
      });
    };
    const plan = await planSlices(job, log.pageSize, onSearch, claims, snapshot.nextFile("records"));
    log.slices = plan.slices.map((s) => ({ ...s.window, hits: s.hits }));
    await snapshot.write();
    slices = plan.slices;
    job.log.info(
      `searched ${job.label}: ${formatCount(plan.hits)} hits for ${windowText(job.query.dateWindow)}` +
        (plan.slices.length > 1 ? ` in ${plan.slices.length} date slices` : ""),
    );
  } else {
    slices = log.slices.map((s) => ({ window: { from: s.from, to: s.to }, hits: s.hits, session: {}, ids: null }));
    job.log.info(`resuming ${job.label} at ${formatCount(log.recordsRetrieved)}/${formatCount(log.hitsReported ?? 0)} records (${workspacePath(job.workspace, snapshot.dir)})`);
    // The pages already saved claim their ids, so a resumed page cannot repeat one of them.
    const saved = await snapshot.savedIds();
    for (const { id, file } of saved) if (id !== "" && !claims.has(id)) claims.set(id, file);
    if (source.resumeNeedsSearch) await renewSessions(job, snapshot, slices, saved);
  }
  await fetchPages(job, snapshot, slices, claims);
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
  proveSnapshot(job, slices, await snapshot.savedIds());
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
    fetchRun: { startedAt: job.run.startedAt, queries: [...job.run.queries] },
  };
}

/**
 * Queries an interrupted run was to fetch but never started: the unfinished snapshots'
 * `fetchRun` lists them, with when that run started (a query never reached has no snapshot
 * from that time on). Keyed by query id, the earliest such run.
 */
async function queriesOfInterruptedRuns(workspace: Workspace, queries: readonly Query[]): Promise<Map<string, string>> {
  const pending = new Map<string, string>();
  for (const query of queries) {
    const newest = await Snapshot.newest(join(workspace.searchesDir, query.database, query.id));
    const run = newest?.log?.status !== "complete" ? newest?.log?.fetchRun : undefined;
    if (!run) continue;
    for (const id of run.queries) {
      const known = pending.get(id);
      if (known === undefined || run.startedAt < known) pending.set(id, run.startedAt);
    }
  }
  return pending;
}

/** Why an unfinished snapshot cannot be continued with the query as it now stands, or null. */
function resumeMismatch(job: Job, log: SearchLog): string | null {
  const { query, source } = job;
  if (log.querySent !== source.querySent(query.dateWindow)) return `its query was "${log.querySent}", the query file now gives "${source.querySent(query.dateWindow)}"`;
  if (log.endpoint !== source.endpoint) return `it was fetched from ${log.endpoint}, the endpoint is now ${source.endpoint}`;
  return null;
}

async function fetchQuery(job: Job, request: FetchRequest, interruptedRuns: ReadonlyMap<string, string>): Promise<QueryOutcome> {
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
  const notReached = interruptedRuns.get(query.id);
  if (request.resume && (!newest || (newest.log?.status === "complete" && notReached !== undefined && newest.log.startedAt < notReached))) {
    // The interrupted run never reached this query (or it was never fetched): resuming the run means fetching it now.
    log.info(`starting ${job.label}: ${newest ? `the fetch started ${notReached} was interrupted before it reached this query` : "it has no snapshot yet"}`);
    snapshot = await Snapshot.create(queryDir, newLog(job), job.source, job.now(), job.secrets);
  } else if (request.resume) {
    if (!newest || newest.log?.status === "complete") {
      const why = newest ? `its newest snapshot ${workspacePath(workspace, newest.dir)} is complete` : "it has no snapshot yet";
      log.info(`skipped ${job.label}: nothing to resume (${why}; \`srpipe fetch --query ${query.id}\` starts a new one)`);
      return outcome("nothing-to-resume", null, null);
    }
    const where = workspacePath(workspace, newest.dir);
    if (!newest.log) return outcome("failed", null, `cannot resume ${where}: its search.json is missing or does not validate; run \`srpipe fetch --query ${query.id}\` for a new snapshot`);
    snapshot = new Snapshot(newest.dir, newest.log, job.source, job.secrets);
    const mismatch = resumeMismatch(job, newest.log);
    if (mismatch) return outcome("failed", null, `cannot resume ${where}: ${mismatch}; run \`srpipe fetch --query ${query.id}\` for a new snapshot`);
    await snapshot.removeTempFiles();
    Object.assign(snapshot.log, { status: "running", failure: null, finishedAt: null });
    await snapshot.write();
  } else {
    if (newest && newest.log?.status !== "complete") {
      log.warn(`${workspacePath(workspace, newest.dir)} is unfinished; starting a new snapshot (\`srpipe fetch --resume\` would continue it instead)`);
    }
    snapshot = await Snapshot.create(queryDir, newLog(job), job.source, job.now(), job.secrets);
  }
  try {
    await completeSnapshot(job, snapshot);
  } catch (error) {
    job.progress.clear();
    if (job.signal?.aborted) throw error;
    const message = job.secrets.redact(describeUnknownError(error));
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

/** A logger whose every line passes through the redactor first (a server may quote the key back). */
function redactingLogger(log: Logger, secrets: Redactor): Logger {
  return {
    verbosity: log.verbosity,
    info: (m) => log.info(secrets.redact(m)),
    warn: (m) => log.warn(secrets.redact(m)),
    error: (m) => log.error(secrets.redact(m)),
    detail: (m) => log.detail(secrets.redact(m)),
  };
}

/** `SRPIPE_MAX_RESPONSE_MB`: the largest response accepted, for a proxy that wraps pages or a huge page size. */
function maxBodyFromEnv(env: Env): Partial<HttpSettings> {
  const text = env.SRPIPE_MAX_RESPONSE_MB?.trim();
  if (!text) return {};
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`SRPIPE_MAX_RESPONSE_MB: expected a number of megabytes above 0, got "${text}"`);
  return { maxBodyBytes: Math.round(mb * 1024 * 1024) };
}

function selectQueries(queries: readonly Query[], request: FetchRequest, log: Logger): ApiQuery[] {
  if (request.queryId !== undefined) {
    const query = queries.find((q) => q.id === request.queryId);
    if (!query) throw new UsageError(`--query ${request.queryId}: no such query in queries/ (queries: ${queries.map((q) => q.id).join(", ") || "none"})`);
    if (!isApiQuery(query)) {
      throw new UsageError(`--query ${query.id}: a manual export, not an API search; run it on the database's website as its query file says and save the export in ${query.exportPath}`);
    }
    return [query];
  }
  const selected = queries.filter(isApiQuery);
  const manual = queries.filter((q) => q.mode !== "api");
  if (manual.length && !request.discardFailed) log.info(`skipped manual exports (run by hand, saved under raw/exports/): ${manual.map((q) => q.id).join(", ")}`);
  if (!selected.length) log.warn('queries/ holds no API search ("mode": "api"): nothing to fetch');
  return selected;
}

export const DISCARDED_PREFIX = ".discarded-";

/**
 * `fetch --discard-failed`: every failed or interrupted snapshot of the selected queries is
 * renamed `.discarded-<stamp>` in its query folder. Nothing is deleted: the pages and the
 * search log stay as they were, for anyone who wants to look; but import and `--resume` pass
 * over dot-folders, so the snapshot stops being warned about on every later run.
 */
async function discardUnfinished(workspace: Workspace, queries: readonly Query[], log: Logger): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const queryDir = join(workspace.searchesDir, query.database, query.id);
    let discarded = 0;
    for (const entry of await listDir(queryDir)) {
      if (!entry.isDir || !STAMP.test(entry.name)) continue;
      const dir = join(queryDir, entry.name);
      let status: string | null = null;
      try {
        const parsed = SearchLogSchema.safeParse(JSON.parse(await readFile(join(dir, "search.json"), "utf8")));
        status = parsed.success ? parsed.data.status : null;
      } catch {
        status = null; // no or unreadable search.json: pages saved by hand, or not ours to judge
      }
      if (status !== "failed" && status !== "running") continue;
      const aside = join(queryDir, `${DISCARDED_PREFIX}${entry.name}`);
      try {
        await rename(dir, aside);
      } catch (error) {
        throw new SrpipeError("io", `cannot rename ${workspacePath(workspace, dir)} to ${workspacePath(workspace, aside)}: ${(error as NodeJS.ErrnoException).code ?? describeUnknownError(error)}`, { file: dir }, { cause: error });
      }
      discarded++;
      log.info(`discarded ${workspacePath(workspace, dir)} (status "${status}"): renamed ${workspacePath(workspace, aside)}, its pages kept; import and --resume no longer read it`);
    }
    outcomes.push({ queryId: query.id, database: query.database, status: "discarded", snapshot: null, hits: null, records: discarded, requests: 0, message: null });
  }
  if (outcomes.every((o) => o.records === 0)) log.info("nothing to discard: no failed or interrupted snapshot");
  return outcomes;
}

export async function runFetch(context: StageContext, request: FetchRequest = {}, settings: FetchSettings = {}): Promise<QueryOutcome[]> {
  const { workspace, queries } = context;
  const env = settings.env ?? process.env;
  const http = new HttpClient({
    userAgent: `srpipe/${srpipeVersion()} (systematic review pipeline; Node ${process.version})`,
    settings: { ...maxBodyFromEnv(env), ...settings.http },
    signal: settings.signal,
    ...(settings.clock ? { clock: settings.clock } : {}),
    ...(settings.onSend ? { onSend: settings.onSend } : {}),
    onRetry: (n) => {
      progress.clear();
      const bound =
        n.silences > 0
          ? `; a server that stays silent ${http.settings.silentAttempts} times fails the fetch, about ${formatDuration(hangBoundMs(http.settings))} in all`
          : "";
      log.warn(`retrying ${n.url} in ${formatDuration(n.waitMs)} (${n.reason}; attempt ${n.attempt} of ${n.attempts}${bound})`);
    },
  });
  // Known before any request, so nothing printed or saved, even by a dry run, can carry them.
  for (const name of ["NCBI_API_KEY", "NCBI_EMAIL"]) {
    const value = env[name]?.trim();
    if (value) http.addSecret(value);
  }
  const log = redactingLogger(context.log, http);
  const shown = settings.progress ?? logProgress(log);
  const progress: Progress = { update: (line) => shown.update(http.redact(line)), clear: () => shown.clear() };
  const selected = selectQueries(queries, request, log);
  if (request.discardFailed) {
    await http.close();
    return discardUnfinished(workspace, selected, log);
  }
  const now = settings.now ?? (() => new Date());
  const run = { startedAt: now().toISOString(), queries: selected.map((q) => q.id) };
  const interruptedRuns = request.resume ? await queriesOfInterruptedRuns(workspace, selected) : new Map<string, string>();
  const out = request.out ?? ((text: string) => process.stdout.write(text));
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
        now,
        requestsBefore: http.stats(source.endpoint).requests,
        secrets: http,
        run,
      };
      log.info(`using ${source.name} for ${job.label}: ${describeSource(source, rate, env)}`);
      if (request.dryRun) {
        try {
          outcomes.push(await planQuery(job, (text) => out(http.redact(text))));
        } catch (error) {
          // Offline, or the database refused: one short line for this database, then the next.
          if (settings.signal?.aborted || !(error instanceof SrpipeError)) throw error;
          const message = http.redact(error.message);
          log.error(`failed ${job.label}: ${message}`);
          outcomes.push({ queryId: query.id, database: query.database, status: "failed", snapshot: null, hits: null, records: 0, requests: http.stats(source.endpoint).requests - job.requestsBefore, message });
        }
        continue;
      }
      const result = await fetchQuery(job, request, interruptedRuns);
      if (result.status === "failed") {
        log.error(`failed ${job.label}: ${result.message}`);
        if (result.snapshot) {
          log.info(
            `kept ${result.snapshot} (status "failed"); \`srpipe fetch --resume --query ${query.id}\` continues from its last complete page, ` +
              `\`srpipe fetch --discard-failed --query ${query.id}\` sets it aside`,
          );
        }
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
  inputs: () => [reviewJson, queriesFolder],
  outputs: () => [searchesFolder],
  async run(context): Promise<StageResult> {
    return fetchSummary(await runFetch(context));
  },
};
