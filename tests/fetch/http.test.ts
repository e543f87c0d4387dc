import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  HttpClient,
  HttpError,
  RequestSpacer,
  backoffDelay,
  retryAfterMs,
  type Clock,
  type HttpRequest,
} from "../../src/io/http.js";

/** Virtual time: sleeping advances it, nothing really waits. */
function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += Math.max(0, ms);
    },
  };
  return clock;
}

describe("RequestSpacer", () => {
  test("lets request starts go no closer than the interval, in the order asked", async () => {
    const clock = fakeClock();
    const spacer = new RequestSpacer(100, clock);
    const starts: [number, number][] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => spacer.take().then(() => starts.push([i, clock.t]))));
    expect(starts.map(([i]) => i)).toEqual([0, 1, 2, 3, 4]);
    const times = starts.map(([, t]) => t);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  test("forRate adds the safety margin to 1/rate", () => {
    expect(RequestSpacer.forRate(10, 0.02).intervalMs).toBeCloseTo(102);
    expect(RequestSpacer.forRate(1 / 3, 0).intervalMs).toBeCloseTo(3000);
  });

  test("a pause holds every later start until it ends", async () => {
    const clock = fakeClock();
    const spacer = new RequestSpacer(10, clock);
    await spacer.take();
    spacer.pauseUntil(5_000);
    await spacer.take();
    expect(clock.t).toBeGreaterThanOrEqual(5_000);
  });
});

describe("retry timing", () => {
  test("Retry-After is read as seconds or as an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
  });

  test("backoff doubles with each failed attempt, jittered within its upper half, and is capped", () => {
    const settings = { backoffMs: 1000, maxBackoffMs: 5000 };
    expect(backoffDelay(1, settings, () => 0)).toBe(500);
    expect(backoffDelay(1, settings, () => 1)).toBe(1000);
    expect(backoffDelay(3, settings, () => 1)).toBe(4000);
    expect(backoffDelay(10, settings, () => 1)).toBe(5000);
  });
});

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

describe("HttpClient against a local server", () => {
  let server: ReturnType<typeof createServer>;
  let base: string;
  let behaviours: Behaviour[];
  let seen: IncomingMessage[];
  let inFlight = 0;
  let maxInFlight = 0;
  const ok: Behaviour = (_req, res) => res.end("<done/>");

  beforeEach(async () => {
    behaviours = [];
    seen = [];
    inFlight = 0;
    maxInFlight = 0;
    server = createServer((req, res) => {
      seen.push(req);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on("close", () => inFlight--);
      (behaviours.shift() ?? ok)(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient {
    // Generous timeouts: no test may pass or fail on the machine's speed. The hang test sets its own.
    const http = new HttpClient({
      userAgent: "srpipe-test/1.0 (tests)",
      settings: { timeoutMs: 600_000, idleTimeoutMs: 120_000, attempts: 4, backoffMs: 5, maxBackoffMs: 20 },
      ...extra,
    });
    http.limit(base, { perSecond: 1000, concurrency: 4 });
    return http;
  }

  const expectDone = (path = "/x", extra: Partial<HttpRequest<string>> = {}): HttpRequest<string> => ({
    url: `${base}${path}`,
    check: (body) =>
      body.toString().endsWith("</done>") || body.toString() === "<done/>"
        ? { ok: true, value: body.toString() }
        : { ok: false, retry: true, reason: "incomplete body" },
    ...extra,
  });

  test("sends a descriptive User-Agent and returns the body with its checked value", async () => {
    const http = client();
    const response = await http.get(expectDone());
    await http.close();
    expect(response).toMatchObject({ value: "<done/>", attempts: 1 });
    expect(seen[0]!.headers["user-agent"]).toBe("srpipe-test/1.0 (tests)");
  });

  test("a 429 with Retry-After is waited out before the next try", async () => {
    behaviours.push((_req, res) => {
      res.writeHead(429, { "retry-after": "1" });
      res.end("slow down");
    });
    // Virtual time: the wait is read off the clock the client waits on, not measured.
    const clock = fakeClock();
    const notices: string[] = [];
    const sent: number[] = [];
    const http = client({
      clock,
      random: () => 0,
      onRetry: (n) => notices.push(n.reason),
      onSend: (_url, at) => void sent.push(at),
    });
    const response = await http.get(expectDone());
    await http.close();
    expect(response.attempts).toBe(2);
    expect(sent).toHaveLength(2);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(1000);
    expect(notices).toEqual(["HTTP 429 (too many requests), Retry-After 1.0 s"]);
    expect(http.stats(base)).toMatchObject({ requests: 2, throttled: 1, retries: 1 });
  });

  test("a 500 is retried with backoff and the later good answer returned", async () => {
    behaviours.push(
      (_req, res) => ((res.statusCode = 500), res.end("oops")),
      (_req, res) => ((res.statusCode = 503), res.end("busy")),
    );
    const http = client();
    const response = await http.get(expectDone());
    await http.close();
    expect(response.attempts).toBe(3);
  });

  test("a server that sends nothing is abandoned after the idle timeout and asked again", async () => {
    // Never answered: the timeout fires whatever the load; a busy machine may time out the good
    // answer too, which is why the test allows more silences than it needs.
    behaviours.push(() => undefined);
    const notices: string[] = [];
    const http = client({
      onRetry: (n) => notices.push(n.reason),
      settings: { idleTimeoutMs: 100, silentAttempts: 10, attempts: 10, backoffMs: 5, maxBackoffMs: 20 },
    });
    const response = await http.get(expectDone());
    await http.close();
    expect(response.value).toBe("<done/>");
    expect(response.attempts).toBeGreaterThanOrEqual(2);
    expect(notices[0]).toBe("no data from the server for 0.1 s");
  });

  test("a trickle that never ends is cut by the whole-request timeout", async () => {
    behaviours.push((_req, res) => {
      res.writeHead(200);
      const drip = setInterval(() => res.write("<x/>"), 20);
      res.on("close", () => clearInterval(drip));
    });
    const notices: string[] = [];
    const http = client({
      onRetry: (n) => notices.push(n.reason),
      settings: {
        timeoutMs: 300,
        idleTimeoutMs: 120_000,
        silentAttempts: 10,
        attempts: 10,
        backoffMs: 5,
        maxBackoffMs: 20,
      },
    });
    const response = await http.get(expectDone());
    await http.close();
    expect(response.value).toBe("<done/>");
    expect(notices[0]).toBe("no complete response within 0.3 s");
  });

  test("a server that stays silent fails the request after silentAttempts, however many attempts are allowed", async () => {
    for (let i = 0; i < 5; i++) behaviours.push(() => undefined);
    const http = client({
      settings: { idleTimeoutMs: 100, silentAttempts: 2, attempts: 6, backoffMs: 5, maxBackoffMs: 20 },
    });
    const error = await http.get(expectDone("/hung")).catch((e: unknown) => e);
    await http.close();
    expect((error as Error).message).toBe(`${base}/hung: gave up after 2 attempts: no data from the server for 0.1 s`);
    expect(seen).toHaveLength(2);
  });

  test("a body over maxBodyBytes fails at once, without a retry", async () => {
    behaviours.push((_req, res) => res.end(Buffer.alloc(300_000, "a")));
    const http = client({ settings: { maxBodyBytes: 100_000 } });
    const error = await http.get(expectDone("/big")).catch((e: unknown) => e);
    await http.close();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toBe(
      `${base}/big: response of 0.3 MB (its Content-Length) is over the 0.1 MB limit for one page; not saved`,
    );
    expect(seen).toHaveLength(1);
  });

  test("an echoed secret is replaced in a body byte for byte, the rest left as received", () => {
    const http = client();
    http.addSecret("k3y-s3cret");
    http.addSecret("a+b@example.org");
    const body = Buffer.concat([
      Buffer.from("é\u0000<q>k3y-s3cret a%2Bb%40example.org a+b@example.org</q>", "utf8"),
      Buffer.from([0xff, 0xfe]),
    ]);
    const { body: out, replaced } = http.redactBytes(body);
    expect(replaced).toBe(3);
    expect(out).toEqual(
      Buffer.concat([Buffer.from("é\u0000<q>[redacted] [redacted] [redacted]</q>", "utf8"), Buffer.from([0xff, 0xfe])]),
    );
    expect(http.redactBytes(Buffer.from("nothing here")).replaced).toBe(0);
  });

  test("a body shorter than its Content-Length is retried, never returned", async () => {
    behaviours.push((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("<do", () => res.destroy());
    });
    const http = client();
    const response = await http.get(expectDone());
    await http.close();
    expect(response).toMatchObject({ value: "<done/>", attempts: 2 });
  });

  test("a body the check finds incomplete is retried; a fatal verdict fails at once", async () => {
    behaviours.push((_req, res) => res.end("<don"));
    const http = client();
    expect((await http.get(expectDone())).attempts).toBe(2);
    const fatal = http.get({
      url: `${base}/y`,
      check: () => ({ ok: false, retry: false, reason: "the database says no" }),
    });
    await expect(fatal).rejects.toThrow(`${base}/y: the database says no`);
    await http.close();
    expect(seen).toHaveLength(3);
  });

  test("gives up after the configured attempts, naming the URL and the last reason", async () => {
    for (let i = 0; i < 4; i++) behaviours.push((req) => req.socket.destroy());
    const http = client();
    const error = await http.get(expectDone("/gone")).catch((e: unknown) => e);
    await http.close();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toMatch(new RegExp(`^${base}/gone: gave up after 4 attempts: network error`));
  });

  test("secret parameters reach the server but no message, even when the server echoes them", async () => {
    behaviours.push((req, res) => {
      res.statusCode = 400;
      res.end(`bad key ${new URL(req.url!, base).searchParams.get("api_key")} for someone@example.org`);
    });
    const http = client();
    const error = await http
      .get(expectDone("/q?db=pubmed", { secretParams: { api_key: "k3y-s3cret", email: "someone@example.org" } }))
      .catch((e: unknown) => e);
    await http.close();
    expect(new URL(seen[0]!.url!, base).searchParams.get("api_key")).toBe("k3y-s3cret");
    expect(new URL(seen[0]!.url!, base).searchParams.get("email")).toBe("someone@example.org");
    const message = (error as Error).message;
    expect(message).toContain("HTTP 400");
    expect(message).not.toContain("k3y-s3cret");
    expect(message).not.toContain("someone@example.org");
    expect(message).toContain("[redacted]");
  });

  test("never has more requests in flight than the host's concurrency", async () => {
    for (let i = 0; i < 8; i++) behaviours.push((_req, res) => void setTimeout(() => res.end("<done/>"), 30));
    const http = new HttpClient({ userAgent: "t", settings: { timeoutMs: 1000 } });
    http.limit(base, { perSecond: 1000, concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.get(expectDone(`/p${i}`))));
    await http.close();
    expect(maxInFlight).toBe(2);
  });

  test("a host declared twice keeps the stricter limits", async () => {
    for (let i = 0; i < 8; i++) behaviours.push((_req, res) => void setTimeout(() => res.end("<done/>"), 30));
    const clock = fakeClock();
    const http = new HttpClient({ userAgent: "t", clock, settings: { timeoutMs: 5000, spacingMargin: 0 } });
    http.limit(base, { perSecond: 10, concurrency: 10 });
    http.limit(`${base}/other`, { perSecond: 3, concurrency: 3 });
    http.limit(base, { perSecond: 100, concurrency: 100 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.get(expectDone(`/p${i}`))));
    await http.close();
    expect(maxInFlight).toBe(3);
    // Virtual time: 8 starts spaced by 1/3 s (the stricter rate) span 7/3 s, not 0.7 s or 0.07 s.
    expect(clock.t).toBeGreaterThanOrEqual(7000 / 3 - 1e-6);
  });
});
