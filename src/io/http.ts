/**
 * The one HTTP client (DESIGN.md): every request srpipe sends to a database goes through
 * here, so the rules that keep a fetch polite and its evidence whole live in one place.
 *
 * - Per host, request *starts* are spaced by 1/rate (`RequestSpacer`), so we never provoke a
 *   429, and at most `concurrency` requests are in flight (p-limit).
 * - Network errors, timeouts, 429, 5xx and bodies that fail the caller's check (a truncated
 *   page) are retried with exponential backoff and jitter; a 429 or 503 with Retry-After
 *   pauses the whole host for that long.
 * - Secrets (API key, e-mail) travel as `secretParams`: they are added to the URL only when
 *   sending and replaced by "[redacted]" in every message this module produces, so they can
 *   reach neither a file nor a log.
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
  /** Whole request, headers and body. */
  timeoutMs: number;
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
  timeoutMs: 120_000,
  attempts: 6,
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxRetryAfterMs: 15 * 60_000,
  spacingMargin: 0.02,
};

/** What the caller makes of a 2xx body: the value, or why it is not a usable response. */
export type BodyVerdict<T> = { ok: true; value: T } | { ok: false; retry: boolean; reason: string };

export interface HttpRequest<T> {
  /** The URL as recorded and shown: no secrets. */
  url: string;
  /** Query parameters added only when sending (API key, e-mail). */
  secretParams?: { readonly [name: string]: string };
  /** Judge a 2xx body: complete and as expected, worth retrying (truncated, spuriously empty), or fatal. */
  check(body: Buffer, attempt: number): BodyVerdict<T> | Promise<BodyVerdict<T>>;
  /** What a refusal (4xx) body says, when the service explains itself (an arXiv error feed). */
  explain?(status: number, body: Buffer): string | null | Promise<string | null>;
}

export interface HttpResponse<T> {
  body: Buffer;
  value: T;
  attempts: number;
}

export interface RetryNotice {
  url: string;
  attempt: number;
  attempts: number;
  reason: string;
  waitMs: number;
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
  random?: () => number;
}

interface Host {
  spacer: RequestSpacer;
  limit: LimitFunction;
  rate: RateLimit;
  stats: HostStats;
}

type Attempt<T> = { done: true; response: HttpResponse<T> } | { done: false; reason: string; waitMs: number | null; pauseHost: boolean };

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
export function backoffDelay(failedAttempts: number, settings: Pick<HttpSettings, "backoffMs" | "maxBackoffMs">, random: () => number = Math.random): number {
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
      });
      return;
    }
    if (rate.perSecond < existing.rate.perSecond) existing.spacer.intervalMs = (1000 / rate.perSecond) * (1 + this.settings.spacingMargin);
    if (rate.concurrency < existing.rate.concurrency) existing.limit.concurrency = Math.max(1, Math.floor(rate.concurrency));
    existing.rate = { perSecond: Math.min(rate.perSecond, existing.rate.perSecond), concurrency: Math.min(rate.concurrency, existing.rate.concurrency) };
  }

  stats(url: string): HostStats {
    const host = this.hosts.get(new URL(url).host);
    return host ? { ...host.stats } : { requests: 0, retries: 0, throttled: 0 };
  }

  /** Replace every secret this client has sent (plain or URL-encoded) by "[redacted]". */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("[redacted]");
    return out;
  }

  async get<T>(req: HttpRequest<T>, signal?: AbortSignal): Promise<HttpResponse<T>> {
    const host = this.hosts.get(new URL(req.url).host);
    if (!host) throw new SrpipeError("internal", `no rate limit declared for ${new URL(req.url).host}`);
    for (const value of Object.values(req.secretParams ?? {})) {
      if (value.length >= 3) {
        this.secrets.add(value);
        this.secrets.add(encodeURIComponent(value));
        this.secrets.add(new URLSearchParams({ v: value }).toString().slice(2));
      }
    }
    const signals = [this.options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const abort = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const attempts = Math.max(1, this.settings.attempts);
    let lastReason = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = await host.limit(() => this.attempt(req, host, attempt, abort));
      if (result.done) return result.response;
      lastReason = result.reason;
      if (attempt === attempts) break;
      let waitMs = result.waitMs ?? backoffDelay(attempt, this.settings, this.random);
      if (result.waitMs !== null) {
        if (result.waitMs > this.settings.maxRetryAfterMs) {
          throw new HttpError(this.redact(`${req.url}: ${result.reason}; the server asks to wait ${seconds(result.waitMs)}, longer than srpipe waits`), req.url, null);
        }
        waitMs = result.waitMs + this.random() * Math.min(1000, result.waitMs * 0.1);
      }
      host.stats.retries++;
      this.options.onRetry?.({ url: req.url, attempt: attempt + 1, attempts, reason: this.redact(result.reason), waitMs });
      if (result.pauseHost) host.spacer.pauseUntil(this.clock.now() + waitMs);
      else await this.clock.sleep(waitMs, abort);
    }
    throw new HttpError(this.redact(`${req.url}: gave up after ${attempts} attempts: ${lastReason}`), req.url, null);
  }

  private async attempt<T>(req: HttpRequest<T>, host: Host, attempt: number, signal: AbortSignal | undefined): Promise<Attempt<T>> {
    await host.spacer.take(signal);
    host.stats.requests++;
    const url = new URL(req.url);
    for (const [name, value] of Object.entries(req.secretParams ?? {})) url.searchParams.set(name, value);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await request(url, {
        method: "GET",
        headers: { "user-agent": this.options.userAgent, accept: "application/xml, application/atom+xml, text/xml, */*" },
        dispatcher: this.agent,
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const status = response.statusCode;
      const declared = response.headers["content-length"];
      if (typeof declared === "string" && Number(declared) !== body.length) {
        return { done: false, reason: `truncated body: ${body.length} of ${declared} bytes`, waitMs: null, pauseHost: false };
      }
      if (status >= 200 && status < 300) {
        const verdict = await req.check(body, attempt);
        if (verdict.ok) return { done: true, response: { body, value: verdict.value, attempts: attempt } };
        if (!verdict.retry) throw new HttpError(this.redact(`${req.url}: ${verdict.reason}`), req.url, status);
        return { done: false, reason: verdict.reason, waitMs: null, pauseHost: false };
      }
      const after = retryAfterMs(response.headers["retry-after"]);
      if (status === 429) {
        host.stats.throttled++;
        return { done: false, reason: `HTTP 429 (too many requests)${after !== null ? `, Retry-After ${seconds(after)}` : ""}`, waitMs: after, pauseHost: true };
      }
      if (RETRY_STATUS.has(status) || status >= 500) {
        return { done: false, reason: `HTTP ${status}${after !== null ? `, Retry-After ${seconds(after)}` : ""}`, waitMs: after, pauseHost: after !== null };
      }
      const explained = (await req.explain?.(status, body)) ?? null;
      const said = explained ?? body.toString("utf8", 0, Math.min(body.length, 300)).replace(/\s+/g, " ").trim();
      throw new HttpError(this.redact(`${req.url}: HTTP ${status}${said ? `: ${said}` : ""}`), req.url, status);
    } catch (error) {
      if (error instanceof SrpipeError) throw error;
      if (signal?.aborted) throw signal.reason ?? error;
      if (timedOut) return { done: false, reason: `no complete response within ${seconds(this.settings.timeoutMs)}`, waitMs: null, pauseHost: false };
      const code = (error as { code?: string }).code;
      return { done: false, reason: `network error: ${describeUnknownError(error)}${code ? ` (${code})` : ""}`, waitMs: null, pauseHost: false };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
