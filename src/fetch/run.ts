/**
 * The fetch runner: every API search in queries/ (PubMed, arXiv), or the one asked for, is
 * fetched (src/fetch/query-fetch.ts) through one HTTP client that knows each host's rate limit
 * and the secrets no saved or printed byte may carry; or, with `--discard-failed`, the
 * unfinished snapshots are set aside. A failed query is reported and the next one runs.
 */
import { SrpipeError, UsageError } from "../errors.js";
import { HttpClient, hangBoundMs, type Clock, type HttpSettings, type RateLimit } from "../io/http.js";
import type { Logger } from "../log.js";
import { isApiQuery, searchesOf, type ApiQuery, type Query } from "../protocol.js";
import { SECRET_ENV_NAMES, type ApiSource, type Env } from "../sources/api-source.js";
import { apiSourceFor } from "../sources/api-registry.js";
import type { StageContext } from "../stages/stage.js";
import { srpipeVersion } from "../version.js";
import { workspacePath, type Workspace } from "../workspace.js";
import { windowText } from "./date-window.js";
import { formatDuration, logProgress, type Progress } from "./progress-line.js";
import { fetchQuery, planQuery, queriesOfInterruptedRuns, type Job, type QueryOutcome } from "./query-fetch.js";
import { discardUnfinished, querySnapshotsDir, type Redactor } from "./snapshot.js";
import { exportsFolder } from "../artefacts/raw-folders.js";

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

function describeSource(source: ApiSource, rate: RateLimit, env: Env): string {
  const where =
    source.endpointFrom === "default"
      ? ""
      : ` (${source.endpointFrom === "query" ? "from the query file" : `from ${source.endpointFrom}`})`;
  const pace =
    rate.perSecond < 1 ? `1 request per ${formatDuration(1000 / rate.perSecond)}` : `${rate.perSecond} requests/s`;
  let extra = "";
  if (source.database === "pubmed") {
    extra = `${env.NCBI_API_KEY?.trim() ? ", with NCBI_API_KEY" : ", no NCBI_API_KEY"}${env.NCBI_EMAIL?.trim() ? "" : ", no contact e-mail (set NCBI_EMAIL, as NCBI asks)"}`;
  }
  return `${source.endpoint}${where}, ${pace}${extra}${source.setupNote ?? ""}`;
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
  if (!Number.isFinite(mb) || mb <= 0)
    throw new UsageError(`SRPIPE_MAX_RESPONSE_MB: expected a number of megabytes above 0, got "${text}"`);
  return { maxBodyBytes: Math.round(mb * 1024 * 1024) };
}

function selectQueries(queries: readonly Query[], request: FetchRequest, log: Logger): ApiQuery[] {
  if (request.queryId !== undefined) {
    const query = queries.find((q) => q.id === request.queryId);
    if (!query)
      throw new UsageError(
        `--query ${request.queryId}: no such query in queries/ (queries: ${queries.map((q) => q.id).join(", ") || "none"})`,
      );
    if (!isApiQuery(query)) {
      throw new UsageError(
        `--query ${query.id}: a manual export, not an API search; run it on the database's website as its query file says and save the export in ${query.exportPath}`,
      );
    }
    return [query];
  }
  const selected = queries.filter(isApiQuery);
  const manual = queries.filter((q) => q.mode !== "api");
  if (manual.length && !request.discardFailed)
    log.info(
      `skipped manual exports (run by hand, saved under ${exportsFolder.path}/): ${manual.map((q) => q.id).join(", ")}`,
    );
  if (!selected.length) log.warn('queries/ holds no API search ("mode": "api"): nothing to fetch');
  return selected;
}
/**
 * `fetch --discard-failed`: every failed or interrupted snapshot of the selected queries is
 * set aside (src/fetch/snapshot.ts), each named as it goes.
 */
async function discardQueries(workspace: Workspace, queries: readonly Query[], log: Logger): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    for (const { string } of searchesOf(query)) {
      const queryDir = querySnapshotsDir(workspace, query.database, query.id, string?.id ?? null);
      const discarded = await discardUnfinished(workspace, queryDir, ({ dir, aside, status }) => {
        log.info(
          `discarded ${workspacePath(workspace, dir)} (status "${status}"): renamed ${workspacePath(workspace, aside)}, its pages kept; import and --resume no longer read it`,
        );
      });
      outcomes.push({
        queryId: query.id,
        ...(string === null ? {} : { stringId: string.id }),
        database: query.database,
        status: "discarded",
        snapshot: null,
        hits: null,
        records: discarded,
        requests: 0,
        message: null,
      });
    }
  }
  if (outcomes.every((o) => o.records === 0)) log.info("nothing to discard: no failed or interrupted snapshot");
  return outcomes;
}

/** A search that failed before anything was saved for it: no snapshot, no records. */
function failedUnsaved(
  query: Pick<Query, "id" | "database">,
  string: { id: string } | null,
  requests: number,
  message: string,
): QueryOutcome {
  return {
    queryId: query.id,
    ...(string === null ? {} : { stringId: string.id }),
    database: query.database,
    status: "failed",
    snapshot: null,
    hits: null,
    records: 0,
    requests,
    message,
  };
}

export async function runFetch(
  context: StageContext,
  request: FetchRequest = {},
  settings: FetchSettings = {},
): Promise<QueryOutcome[]> {
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
      log.warn(
        `retrying ${n.url} in ${formatDuration(n.waitMs)} (${n.reason}; attempt ${n.attempt} of ${n.attempts}${bound})`,
      );
    },
  });
  // Known before any request, so nothing printed or saved, even by a dry run, can carry them.
  for (const name of SECRET_ENV_NAMES) {
    const value = env[name]?.trim();
    if (value) http.addSecret(value);
  }
  const log = redactingLogger(context.log, http);
  const shown = settings.progress ?? logProgress(log);
  const progress: Progress = { update: (line) => shown.update(http.redact(line)), clear: () => shown.clear() };
  const selected = selectQueries(queries, request, log);
  if (request.discardFailed) {
    await http.close();
    return discardQueries(workspace, selected, log);
  }
  const now = settings.now ?? (() => new Date());
  const run = { startedAt: now().toISOString(), queries: selected.map((q) => q.id) };
  const interruptedRuns = request.resume
    ? await queriesOfInterruptedRuns(workspace, selected)
    : new Map<string, string>();
  const out = request.out ?? ((text: string) => process.stdout.write(text));
  const outcomes: QueryOutcome[] = [];
  try {
    // Each string of a query file is its own search: its own snapshot folder, log and progress lines.
    const searches = selected.flatMap((file) =>
      // The file's window and mode, spelled again, keep what isApiQuery proved about them in the type.
      searchesOf(file).map(({ string, search }) => ({
        query: { ...search, dateWindow: file.dateWindow, mode: file.mode },
        string,
      })),
    );
    for (const { query, string } of searches) {
      const source = apiSourceFor(query, env);
      const rate = settings.rates?.[query.database] ?? source.rate;
      http.limit(source.endpoint, rate);
      const label = `${query.database}/${query.id}${string ? `/${string.id}` : ""}`;
      const down = http.unreachable(source.endpoint);
      if (down !== null) {
        // The host failed to answer an earlier search of this run: sending more would only make
        // more failed snapshots. Named here, counted in the summary, tried again by the next fetch.
        const host = new URL(source.endpoint).host;
        log.error(`failed ${label}: not tried, ${host} could not be reached earlier in this run: ${down}`);
        outcomes.push(
          failedUnsaved(query, string, 0, `not tried: ${host} could not be reached earlier in this run (${down})`),
        );
        continue;
      }
      const job: Job = {
        query,
        stringId: string?.id ?? null,
        source,
        rate,
        http,
        log,
        progress,
        workspace,
        label,
        signal: settings.signal,
        now,
        requestsBefore: http.stats(source.endpoint).requests,
        secrets: http,
        run,
      };
      log.info(`using ${source.name} for ${job.label}: ${describeSource(source, rate, env)}`);
      const window = query.dateWindow;
      const firstOfFile = string === null || string.id === query.strings?.[0]?.id;
      if (
        firstOfFile &&
        source.dateUnit === "year" &&
        !(window.from.endsWith("-01-01") && window.to.endsWith("-12-31"))
      ) {
        log.warn(
          `${source.name} filters by publication year only: ${string ? `${query.database}/${query.id} (every string)` : job.label} searches the whole years ${window.from.slice(0, 4)} to ${window.to.slice(0, 4)}, ` +
            `so records published outside ${windowText(window)} come too; exclude them at screening`,
        );
      }
      if (source.missingSetting) {
        // Nothing to send without the key: no snapshot, one line saying what to set.
        log.error(`failed ${job.label}: ${source.missingSetting}`);
        outcomes.push(failedUnsaved(query, string, 0, source.missingSetting));
        continue;
      }
      if (request.dryRun) {
        try {
          outcomes.push(await planQuery(job, (text) => out(http.redact(text))));
        } catch (error) {
          // Offline, or the database refused: one short line for this database, then the next.
          if (settings.signal?.aborted || !(error instanceof SrpipeError)) throw error;
          const message = http.redact(error.message);
          log.error(`failed ${job.label}: ${message}`);
          const requests = http.stats(source.endpoint).requests - job.requestsBefore;
          outcomes.push(failedUnsaved(query, string, requests, message));
        }
        continue;
      }
      const result = await fetchQuery(job, request.resume === true, interruptedRuns);
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
  if (!request.dryRun && outcomes.some((o) => o.status === "complete"))
    log.info("next: `srpipe import` reads the newest complete snapshot of each query");
  return outcomes;
}
