/**
 * The one HTTP client (DESIGN.md): every request srpipe sends to a database goes through
 * here, so the rules that keep a fetch polite and its evidence whole live in one place.
 *
 * - Per host, request *starts* are spaced by 1/rate (`RequestSpacer`), so we never provoke a
 *   429, and at most `concurrency` requests are in flight (p-limit).
 * - Network errors, timeouts, 429, 5xx and bodies that fail the caller's check (a truncated
 *   page) are retried with exponential backoff and jitter; a 429 or 503 with Retry-After
 *   pauses the whole host for that long.
 * - What cannot get better by asking again fails at once: a refused connection or a host
 *   name that does not resolve before the host has ever answered (offline, a wrong
 *   endpoint), a body over `maxBodyBytes`. A server that stops
 *   sending (no byte for `idleTimeoutMs`) is asked again only `silentAttempts` times, so a
 *   hang costs a bounded, stated time (`hangBoundMs`), with a retry notice after each silence.
 * - Secrets (API key, e-mail) travel as `secretParams`: they are added to the URL only when
 *   sending and replaced by "[redacted]" in every message this module produces and, through
 *   `redact`/`redactBytes`, in whatever the caller saves or prints, since a server may echo
 *   the request back (PubMed's QueryTranslation, an error page).
 *
 * undici and p-limit are kept behind this module.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import pLimit, { type LimitFunction } from "p-limit";
import { Agent, request } from "undici";
import { SrpipeError, describeUnknownError } from "../errors.js";

export interface RateLimit {
  /** Request starts per second (arXiv: 1/3). */
  perSecond: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleepFor(Math.max(0, ms), undefined, signal ? { signal } : {}),
};

/**
 * Spaces request starts at least `intervalMs` apart, first come first served. The gap is
 * measured from when the previous request was actually let go (not when it was booked), so
 * a busy event loop can only make requests later, never bunch them up at the server.
 */
export class RequestSpacer {
  private lastStart = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    public intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  static forRate(perSecond: number, margin: number, clock: Clock = systemClock): RequestSpacer {
    return new RequestSpacer((1000 / perSecond) * (1 + margin), clock);
  }

  /** Resolves when the caller may start its request. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitTurn(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** No request starts before `until` (a 429's Retry-After). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private async waitTurn(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const at = Math.max(this.lastStart + this.intervalMs, this.pausedUntil);
      if (now >= at) {
        this.lastStart = now;
        return;
      }
      await this.clock.sleep(at - now, signal);
    }
  }
}

export interface HttpSettings {
  /** Whole request, headers and body: a ceiling for a server that trickles. */
  timeoutMs: number;
  /** No byte (connection, headers or body) for this long: the server has stopped answering. */
  idleTimeoutMs: number;
  /** A request that times out this many times fails, whatever `attempts` allows. */
  silentAttempts: number;
  /** A body larger than this fails the request (a real page is a few MB at most). */
  maxBodyBytes: number;
  /** Tries per request, the first included. */
  attempts: number;
  /** The first retry waits about this long; each further retry twice as long. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this fails the request rather than stalling the fetch. */
  maxRetryAfterMs: number;
  /** Extra spacing over 1/rate, so jitter on the way never makes two requests look too close. */
  spacingMargin: number;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  timeoutMs: 300_000,
  idleTimeoutMs: 30_000,
  silentAttempts: 2,
  maxBodyBytes: 64 * 1024 * 1024,
  attempts: 6,
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxRetryAfterMs: 15 * 60_000,
  spacingMargin: 0.02,
};

/**
 * The longest a request to a server that has stopped answering can take before it fails:
 * every silent attempt waits `idleTimeoutMs`, and the backoff between them at most doubles.
 */
export function hangBoundMs(settings: HttpSettings): number {
  let total = 0;
  for (let attempt = 1; attempt <= Math.max(1, Math.min(settings.silentAttempts, settings.attempts)); attempt++) {
    total += settings.idleTimeoutMs;
    if (attempt > 1) total += Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** (attempt - 2));
  }
  return total;
}

/** Connection errors that mean the host cannot be reached at all: asking six times will not help. */
const UNREACHABLE: { readonly [code: string]: string } = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found (offline, or a mistyped endpoint?)",
  EAI_AGAIN: "host name could not be looked up (offline?)",
  ENETUNREACH: "network unreachable (offline?)",
  EHOSTUNREACH: "host unreachable (offline?)",
};

/** The errno-style code of a connection error, looking through undici's wrapping (`cause`, AggregateError). */
export function connectionErrorCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (e === null || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code in UNREACHABLE) return code;
    queue.push((e as { cause?: unknown }).cause);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

/** The request as recorded: its `record`, or its URL. */
export function recordedRequest(req: Pick<HttpRequest<unknown>, "url" | "record">): string {
  return req.record ?? req.url;
}

export type ResponseHeaders = { readonly [name: string]: string | string[] | undefined };

/** What the caller makes of a 2xx body: the value, or why it is not a usable response. */
export type BodyVerdict<T> = { ok: true; value: T } | { ok: false; retry: boolean; reason: string };

export interface HttpRequest<T> {
  /** The URL as recorded and shown: no secrets. */
  url: string;
  /** How search.json and messages record the request when the URL alone does not say it (a PUT's body). */
  record?: string;
  /** GET unless said (ScienceDirect's search is a PUT with a JSON body). */
  method?: "GET" | "PUT" | "POST";
  /** The request body, sent as `application/json` (a search's parameters, never a secret). */
  jsonBody?: string;
  /** The Accept header, when not XML (the JSON APIs). */
  accept?: string;
  /** Query parameters added only when sending (API key, e-mail). */
  secretParams?: { readonly [name: string]: string };
  /** Headers added only when sending (Elsevier's X-ELS-APIKey): registered as secrets like `secretParams`. */
  secretHeaders?: { readonly [name: string]: string };
  /**
   * A response that no retry can help although its status says "try again": a 429 for an
   * exhausted weekly or daily quota (Elsevier's X-ELS-Status QUOTA_EXCEEDED, IEEE's "Developer
   * Over Qps/Rate"), which would otherwise be retried for days. Returns why, or null to go on.
   */
  refusal?(status: number, headers: ResponseHeaders, body: Buffer): string | null;
  /** Judge a 2xx body: complete and as expected, worth retrying (truncated, spuriously empty), or fatal. */
  check(body: Buffer, attempt: number): BodyVerdict<T> | Promise<BodyVerdict<T>>;
  /** What a refusal (4xx) body says, when the service explains itself (an arXiv error feed). */
  explain?(status: number, body: Buffer): string | null | Promise<string | null>;
}

export interface HttpResponse<T> {
  body: Buffer;
  value: T;
  attempts: number;
  /** The answering response's headers (a quota's X-RateLimit-Remaining, which no body check sees). */
  headers: ResponseHeaders;
}

export interface RetryNotice {
  url: string;
  attempt: number;
  attempts: number;
  reason: string;
  waitMs: number;
  /** The server sent nothing (a timeout): `silences` of at most `silentAttempts` so far. */
  silences: number;
}

export interface HostStats {
  requests: number;
  retries: number;
  /** 429 responses received. */
  throttled: number;
}

/** A request that could not be completed; the message names the URL (without secrets) and why. */
export class HttpError extends SrpipeError {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
    /** A redirect's target (Location, resolved against the URL); the caller decides whether to follow it. */
    readonly location: string | null = null,
  ) {
    super("io", message);
  }
}

export interface HttpClientOptions {
  userAgent: string;
  settings?: Partial<HttpSettings>;
  clock?: Clock;
  /** Aborts everything (an interrupted fetch). */
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  /** Each request as the limiter lets it go, at `clock.now()` (for a check of the spacing that no network delay can blur). */
  onSend?: (url: string, at: number) => void;
  random?: () => number;
}

interface Host {
  spacer: RequestSpacer;
  limit: LimitFunction;
  rate: RateLimit;
  stats: HostStats;
  /** Responses received (any status): once the host has answered, losing it is worth retrying. */
  answered: number;
  /** Why the host could not be reached before it ever answered (offline, a wrong endpoint); null while it can. */
  unreachable: string | null;
}

type Attempt<T> =
  | { done: true; response: HttpResponse<T> }
  | { done: false; reason: string; waitMs: number | null; pauseHost: boolean; silent?: boolean };

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, nowEpochMs = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return null;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowEpochMs);
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random. */
export function backoffDelay(
  failedAttempts: number,
  settings: Pick<HttpSettings, "backoffMs" | "maxBackoffMs">,
  random: () => number = Math.random,
): number {
  const full = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, failedAttempts - 1));
  return full / 2 + random() * (full / 2);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export class HttpClient {
  readonly settings: HttpSettings;
  private readonly hosts = new Map<string, Host>();
  private readonly secrets = new Set<string>();
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.settings = { ...DEFAULT_HTTP_SETTINGS, ...options.settings };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** Declare a host's limits before sending to it. A host declared twice keeps the stricter limits. */
  limit(url: string, rate: RateLimit): void {
    const key = new URL(url).host;
    const existing = this.hosts.get(key);
    if (!existing) {
      this.hosts.set(key, {
        spacer: RequestSpacer.forRate(rate.perSecond, this.settings.spacingMargin, this.clock),
        limit: pLimit(Math.max(1, Math.floor(rate.concurrency))),
        rate,
        stats: { requests: 0, retries: 0, throttled: 0 },
        answered: 0,
        unreachable: null,
      });
      return;
    }
    if (rate.perSecond < existing.rate.perSecond)
      existing.spacer.intervalMs = (1000 / rate.perSecond) * (1 + this.settings.spacingMargin);
    if (rate.concurrency < existing.rate.concurrency)
      existing.limit.concurrency = Math.max(1, Math.floor(rate.concurrency));
    existing.rate = {
      perSecond: Math.min(rate.perSecond, existing.rate.perSecond),
      concurrency: Math.min(rate.concurrency, existing.rate.concurrency),
    };
  }

  /**
   * Why the host of `url` could not be reached in this client's life (the error's short reason,
   * e.g. "host name not found …"), or null. Searches after the first on an unreachable host are
   * not worth sending: the runner reports them as not tried instead.
   */
  unreachable(url: string): string | null {
    return this.hosts.get(new URL(url).host)?.unreachable ?? null;
  }

  stats(url: string): HostStats {
    const host = this.hosts.get(new URL(url).host);
    return host ? { ...host.stats } : { requests: 0, retries: 0, throttled: 0 };
  }

  /**
   * Secrets to keep out of everything this client's callers save or print (the API key and
   * e-mail), registered before the first request so even a dry run's output is covered.
   * Values shorter than 3 characters are ignored: redacting them would garble ordinary text.
   */
  addSecret(value: string): void {
    if (value.length < 3) return;
    const forms = [
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"),
    ];
    for (const form of forms) this.secrets.add(form);
  }

  /** Replace every secret this client knows (plain, URL-, form- or XML-encoded) by "[redacted]". */
  redact(text: string): string {
    let out = text;
    for (const secret of this.longestFirst()) out = out.split(secret).join("[redacted]");
    return out;
  }

  /**
   * The same on a response body, byte for byte elsewhere: a page is saved as received except
   * for an echoed secret. Returns how many were replaced, so the log can say the page was changed.
   */
  redactBytes(body: Buffer): { body: Buffer; replaced: number } {
    if (this.secrets.size === 0) return { body, replaced: 0 };
    // latin1 maps each byte to one char, so replacing in that string never re-encodes the rest.
    let text = body.toString("latin1");
    let replaced = 0;
    for (const secret of this.longestFirst()) {
      const needle = Buffer.from(secret, "utf8").toString("latin1");
      const parts = text.split(needle);
      if (parts.length > 1) {
        replaced += parts.length - 1;
        text = parts.join("[redacted]");
      }
    }
    return replaced === 0 ? { body, replaced } : { body: Buffer.from(text, "latin1"), replaced };
  }

  private longestFirst(): string[] {
    return [...this.secrets].sort((a, b) => b.length - a.length);
  }

  async get<T>(req: HttpRequest<T>, signal?: AbortSignal): Promise<HttpResponse<T>> {
    const host = this.hosts.get(new URL(req.url).host);
    if (!host) throw new SrpipeError("internal", `no rate limit declared for ${new URL(req.url).host}`);
    for (const value of Object.values(req.secretParams ?? {})) this.addSecret(value);
    for (const value of Object.values(req.secretHeaders ?? {})) this.addSecret(value);
    const signals = [this.options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const abort = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const attempts = Math.max(1, this.settings.attempts);
    let lastReason = "";
    let silences = 0;
    let tried = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      tried = attempt;
      const result = await host.limit(() => this.attempt(req, host, attempt, abort));
      if (result.done) return result.response;
      lastReason = result.reason;
      if (result.silent) silences++;
      if (attempt === attempts || silences >= this.settings.silentAttempts) break;
      let waitMs = result.waitMs ?? backoffDelay(attempt, this.settings, this.random);
      if (result.waitMs !== null) {
        if (result.waitMs > this.settings.maxRetryAfterMs) {
          throw new HttpError(
            this.redact(
              `${recordedRequest(req)}: ${result.reason}; the server asks to wait ${seconds(result.waitMs)}, longer than srpipe waits`,
            ),
            req.url,
            null,
          );
        }
        waitMs = result.waitMs + this.random() * Math.min(1000, result.waitMs * 0.1);
      }
      host.stats.retries++;
      this.options.onRetry?.({
        url: recordedRequest(req),
        attempt: attempt + 1,
        attempts,
        reason: this.redact(result.reason),
        waitMs,
        silences: result.silent ? silences : 0,
      });
      if (result.pauseHost) host.spacer.pauseUntil(this.clock.now() + waitMs);
      else await this.clock.sleep(waitMs, abort);
    }
    throw new HttpError(
      this.redact(`${recordedRequest(req)}: gave up after ${tried} attempt${tried === 1 ? "" : "s"}: ${lastReason}`),
      req.url,
      null,
    );
  }

  private async attempt<T>(
    req: HttpRequest<T>,
    host: Host,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    await host.spacer.take(signal);
    host.stats.requests++;
    this.options.onSend?.(req.url, this.clock.now());
    const url = new URL(req.url);
    for (const [name, value] of Object.entries(req.secretParams ?? {})) url.searchParams.set(name, value);
    const controller = new AbortController();
    let timedOut: "idle" | "total" | null = null;
    const timer = setTimeout(() => {
      timedOut = "total";
      controller.abort();
    }, this.settings.timeoutMs);
    // Reset on every byte that arrives: a slow but live server is waited for, a silent one is not.
    let idle: NodeJS.Timeout | undefined;
    const heard = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut ??= "idle";
        controller.abort();
      }, this.settings.idleTimeoutMs);
    };
    heard();
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const limit = this.settings.maxBodyBytes;
    const tooLarge = (declared: number | null) =>
      new HttpError(
        this.redact(
          `${recordedRequest(req)}: response ${declared !== null ? `of ${megabytes(declared)} (its Content-Length)` : "still arriving"} is over the ${megabytes(limit)} limit for one page` +
            `${declared !== null ? "" : "; reading stopped there"}; not saved`,
        ),
        req.url,
        null,
      );
    try {
      const response = await request(url, {
        method: req.method ?? "GET",
        headers: {
          "user-agent": this.options.userAgent,
          accept: req.accept ?? "application/xml, application/atom+xml, text/xml, */*",
          ...(req.jsonBody !== undefined ? { "content-type": "application/json" } : {}),
          ...req.secretHeaders,
        },
        ...(req.jsonBody !== undefined ? { body: req.jsonBody } : {}),
        dispatcher: this.agent,
        signal: controller.signal,
      });
      heard();
      host.answered++;
      const declared = response.headers["content-length"];
      if (typeof declared === "string" && Number(declared) > limit) {
        response.body.destroy();
        throw tooLarge(Number(declared));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      for await (const chunk of response.body) {
        heard();
        received += (chunk as Buffer).length;
        if (received > limit) {
          response.body.destroy();
          throw tooLarge(null);
        }
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks);
      const status = response.statusCode;
      if (typeof declared === "string" && Number(declared) !== body.length) {
        return {
          done: false,
          reason: `truncated body: ${body.length} of ${declared} bytes`,
          waitMs: null,
          pauseHost: false,
        };
      }
      const refused = status >= 200 && status < 300 ? null : (req.refusal?.(status, response.headers, body) ?? null);
      if (refused !== null)
        throw new HttpError(this.redact(`${recordedRequest(req)}: HTTP ${status}: ${refused}`), req.url, status);
      if (status >= 200 && status < 300) {
        const verdict = await req.check(body, attempt);
        if (verdict.ok)
          return { done: true, response: { body, value: verdict.value, attempts: attempt, headers: response.headers } };
        if (!verdict.retry)
          throw new HttpError(this.redact(`${recordedRequest(req)}: ${verdict.reason}`), req.url, status);
        return { done: false, reason: verdict.reason, waitMs: null, pauseHost: false };
      }
      const after = retryAfterMs(response.headers["retry-after"]);
      if (status === 429) {
        host.stats.throttled++;
        return {
          done: false,
          reason: `HTTP 429 (too many requests)${after !== null ? `, Retry-After ${seconds(after)}` : ""}`,
          waitMs: after,
          pauseHost: true,
        };
      }
      if (RETRY_STATUS.has(status) || status >= 500) {
        return {
          done: false,
          reason: `HTTP ${status}${after !== null ? `, Retry-After ${seconds(after)}` : ""}`,
          waitMs: after,
          pauseHost: after !== null,
        };
      }
      const location = response.headers.location;
      if (status >= 300 && status < 400 && typeof location === "string" && location.trim() !== "") {
        const target = this.redact(new URL(location.trim(), req.url).toString());
        throw new HttpError(
          this.redact(`${req.url}: HTTP ${status}, redirected to ${target}`),
          req.url,
          status,
          target,
        );
      }
      const explained = (await req.explain?.(status, body)) ?? null;
      const said = explained ?? body.toString("utf8", 0, Math.min(body.length, 300)).replace(/\s+/g, " ").trim();
      throw new HttpError(
        this.redact(`${recordedRequest(req)}: HTTP ${status}${said ? `: ${said}` : ""}`),
        req.url,
        status,
      );
    } catch (error) {
      if (error instanceof SrpipeError) throw error;
      if (signal?.aborted) throw signal.reason ?? error;
      if (timedOut === "idle")
        return {
          done: false,
          reason: `no data from the server for ${seconds(this.settings.idleTimeoutMs)}`,
          waitMs: null,
          pauseHost: false,
          silent: true,
        };
      if (timedOut === "total")
        return {
          done: false,
          reason: `no complete response within ${seconds(this.settings.timeoutMs)}`,
          waitMs: null,
          pauseHost: false,
          silent: true,
        };
      const code = connectionErrorCode(error);
      if (code !== null && code in UNREACHABLE && host.answered === 0) {
        // Offline or a wrong endpoint from the start: say so in one short line (no URL), and do
        // not retry. A host that has answered before and is lost mid-fetch is retried as usual.
        host.unreachable = `${UNREACHABLE[code]} (${code})`;
        throw new HttpError(`cannot reach ${url.host}: ${host.unreachable}`, req.url, null);
      }
      return {
        done: false,
        reason: `network error: ${describeUnknownError(error)}${code ? ` (${code})` : ""}`,
        waitMs: null,
        pauseHost: false,
      };
    } finally {
      clearTimeout(timer);
      clearTimeout(idle);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
