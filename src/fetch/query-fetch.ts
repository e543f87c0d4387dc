/**
 * One query's fetch: its searches planned into date slices, its pages fetched in order into a
 * snapshot (new or resumed) and the snapshot proved complete; or, for a dry run, the searches
 * only and what the fetch would request. The whole run (HTTP client, secrets, which queries)
 * is src/fetch/run.ts.
 */
import { describeUnknownError, SrpipeError } from "../errors.js";
import {
  recordedRequest,
  type HttpClient,
  type HttpResponse,
  type RateLimit,
  type ResponseHeaders,
} from "../io/http.js";
import type { Logger } from "../log.js";
import { searchesOf, type ApiQuery, type OneSearch, type Query } from "../protocol.js";
import { SEARCH_LOG_SCHEMA_VERSION, type SearchLog } from "./search-log.js";
import type { ApiSource, DateWindow, PageValue, Quota, SearchAnswer, Slice } from "../sources/api-source.js";
import { srpipeVersion } from "../version.js";
import { workspacePath, type Workspace } from "../workspace.js";
import { windowText } from "./date-window.js";
import { fetchFailure } from "./fetch-failure.js";
import { planSlices } from "./planning.js";
import { formatCount, formatDuration, type Progress } from "./progress-line.js";
import { guardRecords, proveSnapshot, type IdClaims } from "./record-checks.js";
import { Snapshot, querySnapshotsDir, type Redactor, type SavedId } from "./snapshot.js";

export interface QueryOutcome {
  queryId: string;
  /** The string of the query file's `strings` this outcome is for; absent for a query with one `query`. */
  stringId?: string;
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

/** One query being fetched, with everything the run shares with it. */
export interface Job {
  /** The search: the query file, with one of its strings' query in place of its own when it has `strings`. */
  query: ApiQuery & OneSearch;
  /** The string searched, or null for a query with one `query`. */
  stringId: string | null;
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
  /** The quota the last search's response reported (the newest word on it), or null. */
  quota: Quota | null;
}

type OnSearch = (
  response: HttpResponse<SearchAnswer>,
  url: string,
  window: DateWindow,
  slice: number | null,
  holdsRecords: boolean,
  first: boolean,
  byCursor: boolean,
) => Promise<void>;

function recordsLabel(file: string, start: number, count: number, window: DateWindow): string {
  return `${file} (records ${formatCount(start + 1)}–${formatCount(start + count)} of ${windowText(window)})`;
}

/**
 * Search the whole window, then, while a part holds more hits than the cap, its halves, in
 * date order. The search that counts the whole window is also arXiv's first page of records
 * when the window fits; the searches of split windows only count.
 *//**
 * Plan a search's slices (src/fetch/planning.ts), sending each search and handing its response
 * to `onSearch`. The search that counts the whole window is also arXiv's first page of records
 * when the window fits, checked like any records page; the searches of split windows only count.
 */
async function searchSlices(
  job: Job,
  size: number,
  onSearch: OnSearch,
  claims: IdClaims | null = null,
  firstFile = "",
): Promise<Plan> {
  const { source, http } = job;
  const searches: string[] = [];
  let quota: Quota | null = null;
  const listIds = claims !== null;
  const plan = await planSlices(job.query.dateWindow, source, {
    search: async (window, isFirst) => {
      let request = source.search(window, { size: isFirst ? size : 0, listIds });
      if (claims && isFirst && source.searchHoldsRecords && size > 0) {
        const label = `${firstFile} (the search's first page of records, ${windowText(window)})`;
        request = guardRecords(request, label, claims, source.idName, (answer) => answer.hits <= source.cap);
      }
      const response = await http.get(request, job.signal);
      searches.push(recordedRequest(request));
      quota = source.quota?.(response.headers) ?? quota;
      for (const message of response.value.messages) job.log.warn(`${source.name} says for ${job.label}: ${message}`);
      return { hits: response.value.hits, response, url: recordedRequest(request) };
    },
    decided: ({ window, answer, slice, first, byCursor }) => {
      // A slice paged by cursor starts from the cursor's own first page: the search's position-paged one names no cursor.
      const holds = slice !== null && first && source.searchHoldsRecords && size > 0 && !byCursor;
      return onSearch(answer.response, answer.url, window, slice, holds, first, byCursor);
    },
    splitting: (window, hits) => {
      job.log.info(
        `splitting ${job.label} ${windowText(window)}: ${formatCount(hits)} hits, more than the ${formatCount(source.cap)} ${source.name} serves per search`,
      );
    },
  });
  const slices: Slice[] = plan.slices.map(({ window, answer, byCursor }) => ({
    window,
    hits: answer.hits,
    session: answer.response.value.session,
    ids: listIds && !source.searchHoldsRecords ? answer.response.value.ids : null,
    ...(byCursor ? { byCursor } : {}),
  }));
  return { hits: plan.whole.hits, translation: plan.whole.response.value.translation, slices, searches, quota };
}

function addMessages(log: SearchLog, messages: readonly string[]): void {
  for (const m of messages) if (!log.messages.includes(m)) log.messages.push(m);
}

/** Records pages still to fetch for each slice, from where each stands. */
function pagesLeft(snapshot: Snapshot, slices: readonly Slice[], size: number): number {
  return slices.reduce((n, slice, i) => n + Math.ceil(Math.max(0, slice.hits - snapshot.recordsIn(i)) / size), 0);
}

function quotaText(quota: Quota): string {
  const of = quota.limit !== null ? ` of ${formatCount(quota.limit)}` : "";
  const reset = quota.resetsAt !== null ? `, refilled at ${quota.resetsAt}` : "";
  return `${formatCount(quota.remaining)}${of} requests left on the API key${reset}`;
}

/** The progress line, and the one warning when the quota a response reports would not cover the pages still to ask. */
interface PageMeter {
  requested(): void;
  saved(headers: ResponseHeaders): void;
  /**
   * True when the quota the newest response reported is all used by the `inFlight` requests
   * already sent: no further request should be sent (the API would refuse it).
   */
  spent(inFlight: number): boolean;
  /** The quota the newest response reported, or null when none did. */
  quota(): Quota | null;
  /** Records pages of the fetch not saved yet. */
  pagesToGo(): number;
}

/**
 * The failure of a fetch stopped before the key's quota ran out: what is saved stays, and
 * `--resume` continues there once the quota is refilled.
 */
function quotaStop(job: Job, quota: Quota, left: number): SrpipeError {
  return fetchFailure(
    `${job.source.name} reports ${quotaText(quota)}: stopped before asking for pages the API would refuse, ` +
      `with ${formatCount(left)} page${left === 1 ? "" : "s"} of ${job.label} still to fetch; ` +
      `\`srpipe fetch --resume\` continues from the last saved page after the reset`,
  );
}

function pageMeter(job: Job, snapshot: Snapshot, slices: readonly Slice[]): PageMeter {
  const left = pagesLeft(snapshot, slices, snapshot.log.pageSize);
  const savedBefore = snapshot.log.pages.filter((p) => p.role === "records").length;
  const hits = snapshot.log.hitsReported ?? 0;
  const started = Date.now();
  let requested = 0;
  let done = 0;
  let warned = false;
  let latest: Quota | null = null;
  const report = () => {
    const perPage = Math.max((Date.now() - started) / Math.max(1, done), 1000 / job.rate.perSecond);
    job.progress.update(
      `fetched ${job.label}: page ${savedBefore + done}/${savedBefore + left}, ${formatCount(snapshot.log.recordsRetrieved)}/${formatCount(hits)} records, ETA ${formatDuration((left - done) * perPage)}`,
    );
  };
  // Pages already in the snapshot (a resume, or arXiv's first page, which came with the search).
  if (savedBefore > 0) report();
  return {
    requested: () => void requested++,
    spent: (inFlight) => latest !== null && latest.remaining <= inFlight,
    quota: () => latest,
    pagesToGo: () => left - done,
    saved(headers) {
      done++;
      report();
      const quota = job.source.quota?.(headers) ?? null;
      latest = quota ?? latest;
      const unasked = left - requested;
      if (quota === null || warned || quota.remaining >= unasked) return;
      // Once: the key is shared (other queries, other people), so the count may keep falling; one warning says it.
      warned = true;
      job.progress.clear();
      job.log.warn(
        `${job.source.name} reports ${quotaText(quota)}; ${job.label} still needs ${formatCount(unasked)}: ` +
          `the fetch will stop before they run out (\`srpipe fetch --resume\` continues from the last saved page after the reset)`,
      );
    },
  };
}

/**
 * Fetch the pages of every slice from where each stands, saved in slice order: slices paged by
 * position with requests asked ahead, slices paged by cursor one page after another.
 */
async function fetchPages(job: Job, snapshot: Snapshot, slices: readonly Slice[], claims: IdClaims): Promise<void> {
  const meter = pageMeter(job, snapshot, slices);
  let byPosition: number[] = [];
  for (const [i, slice] of slices.entries()) {
    if (!slice.byCursor) {
      byPosition.push(i);
      continue;
    }
    await fetchPositionPages(job, snapshot, slices, byPosition, claims, meter);
    byPosition = [];
    await fetchCursorPages(job, snapshot, i, slice, claims, meter);
  }
  await fetchPositionPages(job, snapshot, slices, byPosition, claims, meter);
}

/** Pages of slices paged by position (start/offset): requested ahead, checked as they arrive, saved in order. */
async function fetchPositionPages(
  job: Job,
  snapshot: Snapshot,
  slices: readonly Slice[],
  indices: readonly number[],
  claims: IdClaims,
  meter: PageMeter,
): Promise<void> {
  const { source, http } = job;
  const size = snapshot.log.pageSize;
  const tasks: { slice: number; start: number }[] = [];
  for (const i of indices) {
    for (let start = snapshot.recordsIn(i); start < slices[i]!.hits; start += size) tasks.push({ slice: i, start });
  }
  if (tasks.length === 0) return;
  const savedBefore = snapshot.log.pages.filter((p) => p.role === "records").length;
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
    const label = recordsLabel(
      snapshot.pageFile("records", number),
      task.start,
      Math.min(size, slice.hits - task.start),
      slice.window,
    );
    const request = guardRecords(source.page(slice, task.start, size), label, claims, source.idName);
    requests.push(recordedRequest(request));
    meter.requested();
    const response = http.get(request, signal);
    response.catch(() => undefined); // awaited in order below; a failure ahead must not go unhandled meanwhile
    pending.push(response);
  };
  // Set once a response says the requests already sent use up the key's quota: nothing more is sent.
  let spent = false;
  try {
    while (next < tasks.length && pending.length < ahead) launch();
    for (let i = 0; i < next; i++) {
      const response = await pending.shift()!;
      await snapshot.addPage("records", response.body, response.value.count, requests[i]!, tasks[i]!.slice);
      meter.saved(response.headers);
      spent ||= next < tasks.length && meter.spent(pending.length);
      if (next < tasks.length && !spent) launch();
    }
  } finally {
    stop.abort();
  }
  if (spent) throw quotaStop(job, meter.quota()!, meter.pagesToGo());
}

/** A cursor as messages show it: they run to hundreds of characters. */
function cursorText(cursor: string): string {
  return JSON.stringify(cursor.length > 24 ? `${cursor.slice(0, 24)}…` : cursor);
}

/**
 * Pages of a slice paged by cursor, one after another, each asked with the cursor the page
 * before named (a resume: the one the last saved page names). A cursor named twice would send
 * the paging round in circles, repeating or skipping records, so it fails the fetch at once,
 * before the page that named it is saved.
 */
async function fetchCursorPages(
  job: Job,
  snapshot: Snapshot,
  index: number,
  slice: Slice,
  claims: IdClaims,
  meter: PageMeter,
): Promise<void> {
  const { source, http } = job;
  const size = snapshot.log.pageSize;
  let start = snapshot.recordsIn(index);
  if (start >= slice.hits) return;
  const restart = `run \`srpipe fetch --query ${job.query.id}\` for a new snapshot`;
  const paging = source.cursorPaging;
  if (!paging)
    throw fetchFailure(
      `${windowText(slice.window)} was planned for cursor paging, which ${source.name} does not have; ${restart}`,
    );
  const saved = await snapshot.savedCursors(index, paging.nextCursor);
  const used = new Set([paging.first]);
  for (const { next } of saved) if (next !== null) used.add(next);
  let cursor = paging.first;
  const last = saved.at(-1);
  if (last) {
    if (last.next === null)
      throw fetchFailure(
        `cannot continue ${windowText(slice.window)} by cursor: its last saved page ${last.file} names no next cursor; ${restart}`,
      );
    cursor = last.next;
  }
  while (start < slice.hits) {
    if (meter.spent(0)) throw quotaStop(job, meter.quota()!, meter.pagesToGo());
    const label = recordsLabel(snapshot.nextFile("records"), start, Math.min(size, slice.hits - start), slice.window);
    const request = guardRecords(paging.page(slice, cursor, start, size), label, claims, source.idName);
    meter.requested();
    const response = await http.get(request, job.signal);
    const { count, next } = response.value;
    const reached = start + count;
    if (reached < slice.hits) {
      if (next === null)
        throw fetchFailure(
          `${label}: ${source.name} names no next cursor after ${formatCount(reached)} of ${formatCount(slice.hits)} records; ${restart}`,
        );
      if (used.has(next))
        throw fetchFailure(
          `${label}: ${source.name} names the cursor ${cursorText(next)} again, which an earlier page of ${windowText(slice.window)} was asked with: ` +
            `paging on would repeat records (a fault of the server); \`srpipe fetch --resume\` asks this page again, or ${restart}`,
        );
      used.add(next);
    }
    await snapshot.addPage("records", response.body, count, recordedRequest(request), index);
    meter.saved(response.headers);
    start = reached;
    cursor = next ?? "";
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
    await snapshot.addPage("search", response.body, response.value.items, recordedRequest(request), i);
    const answer = response.value;
    if (answer.hits !== slice.hits) {
      throw fetchFailure(
        `${source.name} now reports ${formatCount(answer.hits)} hits for ${windowText(slice.window)}, the interrupted fetch had ${formatCount(slice.hits)}: ` +
          `the result set changed, so its pages cannot be continued; ${restart}`,
      );
    }
    const savedHere = saved.filter((s) => s.slice === i).map((s) => s.id);
    if (have > 0) {
      const listedAtJoin = answer.ids[have - 1] ?? null;
      const savedAtJoin = savedHere.at(-1) ?? null;
      if (listedAtJoin !== savedAtJoin) {
        throw fetchFailure(
          `${source.name} now lists record ${listedAtJoin ?? "none"} at position ${formatCount(have)} of ${windowText(slice.window)} where the interrupted fetch saved ${savedAtJoin ?? "none"}: ` +
            `the order changed, so continuing would skip or repeat records; ${restart}`,
        );
      }
      const listed = new Set(answer.ids.slice(0, have));
      const moved = savedHere.filter((id) => !listed.has(id));
      if (moved.length || savedHere.length !== have) {
        throw fetchFailure(
          `${source.name} no longer lists ${source.idName} ${moved.slice(0, 3).join(", ")}${moved.length > 3 ? ` and ${moved.length - 3} more` : ""} among the first ${formatCount(have)} of ${windowText(slice.window)}, ` +
            `which the interrupted fetch saved: the order changed, so continuing would skip or repeat records; ${restart}`,
        );
      }
    }
    slice.session = answer.session;
    slice.ids = answer.ids;
  }
}
function logSlice(slice: Pick<Slice, "window" | "hits" | "byCursor">): SearchLog["slices"][number] {
  return { ...slice.window, hits: slice.hits, ...(slice.byCursor ? { paging: "cursor" as const } : {}) };
}

function cursorNote(job: Job, slice: Slice): string {
  return `${job.label} ${windowText(slice.window)}: ${formatCount(slice.hits)} hits, more than the ${formatCount(job.source.cap)} ${job.source.name} pages by position and not to be split by date, so paged by cursor, one page at a time`;
}

function plannedIn(log: SearchLog): boolean {
  return (
    log.hitsReported !== null &&
    log.slices.length > 0 &&
    log.slices.reduce((n, s) => n + s.hits, 0) === log.hitsReported
  );
}

/** Bring a snapshot from wherever it stands to complete. */
async function completeSnapshot(job: Job, snapshot: Snapshot): Promise<void> {
  const { source } = job;
  const log = snapshot.log;
  let slices: Slice[];
  const claims: IdClaims = new Map();
  if (!plannedIn(log)) {
    log.slices = [];
    const onSearch: OnSearch = async (response, url, window, slice, holds, first, byCursor) => {
      const answer = response.value;
      addMessages(log, answer.messages);
      await snapshot.addPage(holds ? "records" : "search", response.body, answer.items, url, slice, () => {
        if (!first) return;
        log.hitsReported = answer.hits;
        log.queryTranslation = answer.translation;
        // An unsplit window is planned by this one search: its slice goes in the same write as its page.
        if (slice !== null) log.slices = [logSlice({ window, hits: answer.hits, byCursor })];
      });
    };
    const plan = await searchSlices(job, log.pageSize, onSearch, claims, snapshot.nextFile("records"));
    log.slices = plan.slices.map(logSlice);
    await snapshot.write();
    slices = plan.slices;
    job.log.info(
      `searched ${job.label}: ${formatCount(plan.hits)} hits for ${windowText(job.query.dateWindow)}` +
        (plan.slices.length > 1 ? ` in ${plan.slices.length} date slices` : ""),
    );
    for (const slice of slices) if (slice.byCursor) job.log.info(cursorNote(job, slice));
    const needed = pagesLeft(snapshot, slices, log.pageSize);
    if (plan.quota !== null && plan.quota.remaining < needed) {
      throw fetchFailure(
        `${source.name} reports ${quotaText(plan.quota)}, and ${job.label} needs ${formatCount(needed)} page requests: ` +
          `not started, so the quota is not spent on a fetch that cannot finish; \`srpipe fetch --resume\` continues after the reset (or narrow the query)`,
      );
    }
  } else {
    slices = log.slices.map((s) => ({
      window: { from: s.from, to: s.to },
      hits: s.hits,
      session: {},
      ids: null,
      ...(s.paging === "cursor" ? { byCursor: true } : {}),
    }));
    job.log.info(
      `resuming ${job.label} at ${formatCount(log.recordsRetrieved)}/${formatCount(log.hitsReported ?? 0)} records (${workspacePath(job.workspace, snapshot.dir)})`,
    );
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
      throw fetchFailure(
        `retrieved ${formatCount(got)} records for ${windowText(slice.window)}, ${source.name} reported ${formatCount(slice.hits)}`,
      );
    }
  }
  if (log.recordsRetrieved !== log.hitsReported) {
    throw fetchFailure(
      `retrieved ${formatCount(log.recordsRetrieved)} records, ${source.name} reported ${formatCount(log.hitsReported ?? 0)}`,
    );
  }
  proveSnapshot(job.source, slices, await snapshot.savedIds());
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
    ...(job.stringId === null ? {} : { stringId: job.stringId }),
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
export async function queriesOfInterruptedRuns(
  workspace: Workspace,
  queries: readonly Query[],
): Promise<Map<string, string>> {
  const pending = new Map<string, string>();
  for (const query of queries) {
    for (const { string } of searchesOf(query)) {
      const dir = querySnapshotsDir(workspace, query.database, query.id, string?.id ?? null);
      const newest = await Snapshot.newest(dir);
      const run = newest?.log?.status !== "complete" ? newest?.log?.fetchRun : undefined;
      if (!run) continue;
      for (const id of run.queries) {
        const known = pending.get(id);
        if (known === undefined || run.startedAt < known) pending.set(id, run.startedAt);
      }
    }
  }
  return pending;
}

/** Why an unfinished snapshot cannot be continued with the query as it now stands, or null. */
function resumeMismatch(job: Job, log: SearchLog): string | null {
  const { query, source } = job;
  if (log.querySent !== source.querySent(query.dateWindow))
    return `its query was "${log.querySent}", the query file now gives "${source.querySent(query.dateWindow)}"`;
  if (log.endpoint !== source.endpoint)
    return `it was fetched from ${log.endpoint}, the endpoint is now ${source.endpoint}`;
  return null;
}

/**
 * Fetch one query: a new snapshot, or, with `resume`, the newest unfinished one continued (or a
 * new one for a query the interrupted run never reached), brought to complete or failed.
 */
export async function fetchQuery(
  job: Job,
  resume: boolean,
  interruptedRuns: ReadonlyMap<string, string>,
): Promise<QueryOutcome> {
  const { query, workspace, log } = job;
  const queryDir = querySnapshotsDir(workspace, query.database, query.id, job.stringId);
  const outcome = (
    status: QueryOutcome["status"],
    snapshot: Snapshot | null,
    message: string | null,
  ): QueryOutcome => ({
    queryId: query.id,
    ...(job.stringId === null ? {} : { stringId: job.stringId }),
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
  if (
    resume &&
    (!newest || (newest.log?.status === "complete" && notReached !== undefined && newest.log.startedAt < notReached))
  ) {
    // The interrupted run never reached this query (or it was never fetched): resuming the run means fetching it now.
    log.info(
      `starting ${job.label}: ${newest ? `the fetch started ${notReached} was interrupted before it reached this query` : "it has no snapshot yet"}`,
    );
    snapshot = await Snapshot.create(queryDir, newLog(job), job.source, job.now(), job.secrets);
  } else if (resume) {
    if (!newest || newest.log?.status === "complete") {
      const why = newest
        ? `its newest snapshot ${workspacePath(workspace, newest.dir)} is complete`
        : "it has no snapshot yet";
      log.info(
        `skipped ${job.label}: nothing to resume (${why}; \`srpipe fetch --query ${query.id}\` starts a new one)`,
      );
      return outcome("nothing-to-resume", null, null);
    }
    const where = workspacePath(workspace, newest.dir);
    if (!newest.log)
      return outcome(
        "failed",
        null,
        `cannot resume ${where}: its search.json is missing or does not validate; run \`srpipe fetch --query ${query.id}\` for a new snapshot`,
      );
    snapshot = new Snapshot(newest.dir, newest.log, job.source, job.secrets);
    const mismatch = resumeMismatch(job, newest.log);
    if (mismatch)
      return outcome(
        "failed",
        null,
        `cannot resume ${where}: ${mismatch}; run \`srpipe fetch --query ${query.id}\` for a new snapshot`,
      );
    await snapshot.removeTempFiles();
    Object.assign(snapshot.log, { status: "running", failure: null, finishedAt: null });
    await snapshot.write();
  } else {
    if (newest && newest.log?.status !== "complete") {
      log.warn(
        `${workspacePath(workspace, newest.dir)} is unfinished; starting a new snapshot (\`srpipe fetch --resume\` would continue it instead)`,
      );
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
export async function planQuery(job: Job, out: (text: string) => void): Promise<QueryOutcome> {
  const { source, query } = job;
  const plan = await searchSlices(job, 0, async () => undefined);
  const size = source.pageSize;
  const pages = plan.slices.reduce((n, s) => n + Math.ceil(s.hits / size), 0);
  // arXiv's search is its first page when the window is not split; PubMed always searches first.
  const searchIsFirstPage =
    source.searchHoldsRecords && plan.slices.length === 1 && !plan.slices[0]!.byCursor && pages > 0;
  const requests = plan.searches.length + pages - (searchIsFirstPage ? 1 : 0);
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
  if (plan.slices.length > 1)
    lines.push(
      `  slices       ${plan.slices.map((s) => `${windowText(s.window)}: ${formatCount(s.hits)}`).join("; ")}`,
    );
  if (firstSlice >= 0) {
    const first = plan.slices[firstSlice]!;
    const last = plan.slices[lastSlice]!;
    lines.push(
      `  would fetch  ${formatCount(pages)} page${pages === 1 ? "" : "s"} of up to ${formatCount(size)} records:`,
    );
    const cursor = source.cursorPaging;
    lines.push(
      `               ${recordedRequest(first.byCursor && cursor ? cursor.page(first, cursor.first, 0, size) : source.page(first, 0, size))}`,
    );
    if (pages > 1 && last.byCursor) lines.push(`               … each with the cursor the page before names`);
    else if (pages > 1)
      lines.push(
        `               …`,
        `               ${recordedRequest(source.page(last, Math.floor((last.hits - 1) / size) * size, size))}`,
      );
  }
  lines.push(
    `  requests     ${formatCount(requests)} at ${job.rate.perSecond < 1 ? `1 per ${formatDuration(1000 / job.rate.perSecond)}` : `${job.rate.perSecond} per second`}: at least ${formatDuration((requests / job.rate.perSecond) * 1000)}`,
  );
  for (const slice of plan.slices) if (slice.byCursor) lines.push(`  by cursor    ${cursorNote(job, slice)}`);
  if (plan.quota !== null) {
    const pageRequests = requests - plan.searches.length;
    lines.push(`  quota        ${quotaText(plan.quota)}`);
    if (plan.quota.remaining < pageRequests)
      job.log.warn(
        `${source.name} reports ${quotaText(plan.quota)}, and ${job.label} would need ${formatCount(pageRequests)} more: the fetch would stop before its first page`,
      );
  }
  out(`${lines.join("\n")}\n\n`);
  return {
    queryId: query.id,
    ...(job.stringId === null ? {} : { stringId: job.stringId }),
    database: query.database,
    status: "dry-run",
    snapshot: null,
    hits: plan.hits,
    records: 0,
    requests: job.http.stats(source.endpoint).requests - job.requestsBefore,
    message: null,
  };
}
