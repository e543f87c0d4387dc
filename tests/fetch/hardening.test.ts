/**
 * Attacks on the fetch (issue 14 "Fetch accepts only what it can prove", issue 13 offline and
 * failed snapshots), each reproduced against the local mock server with the fault injected.
 * No test here asserts on elapsed time: the hang tests use a server that never answers, so a
 * tiny timeout fires whatever the machine's load.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { sha256File } from "../../src/io/hash.js";
import { connectionErrorCode, hangBoundMs, DEFAULT_HTTP_SETTINGS } from "../../src/io/http.js";
import { SearchLogSchema } from "../../src/fetch/search-log.js";
import { listImportSources } from "../../src/stages/import.js";
import { runFetch } from "../../src/fetch/run.js";
import { fetchSummary } from "../../src/stages/fetch.js";
import { workspaceAt } from "../../src/workspace.js";
import {
  arxivQuery,
  captureLog,
  context,
  fastSettings,
  filesBelow,
  idsInSnapshot,
  makeWorkspace,
  pubmedQuery,
  readSearchLog,
  snapshotDirs,
  WINDOW,
} from "./fetch-workspace.js";
import { mockServersPerTest } from "./mock-server.js";

const { eutils, arxiv } = mockServersPerTest(WINDOW);

describe("pages are checked by content, not only by count", () => {
  test("an arXiv page shifted by one (one paper twice, one never) is asked again, then the fetch fails naming the page", async () => {
    const mock = await arxiv(250);
    // Every request after the first (the search, which is page 1) is served one position early.
    mock.onRequest = () => {
      if (mock.count("query") === 2) mock.inject("query", { kind: "shift", by: -1 }, Number.POSITIVE_INFINITY);
    };
    const root = await makeWorkspace([arxivQuery({ pageSize: 100 })]);
    const log = captureLog();
    const [outcome] = await runFetch(await context(root, log), {}, fastSettings({ SRPIPE_ARXIV_URL: mock.queryUrl }));
    expect(outcome!.status).toBe("failed");
    const firstId = mock.records[99]!.id;
    expect(outcome!.message).toMatch(
      /gave up after 4 attempts: page-0002\.xml \(records 101–200 of 2022-01-01 to 2025-03-31\) repeats or misses records: /,
    );
    expect(outcome!.message).toContain(`arXiv id ${firstId} already in page-0001.xml`);
    expect(log.lines.filter((l) => l.startsWith("warning: retrying") && l.includes("page-0002.xml"))).toHaveLength(3);
    const dir = (await snapshotDirs(root, "arxiv", "arxiv-q"))[0]!;
    const searchLog = await readSearchLog(dir);
    expect(searchLog).toMatchObject({ status: "failed", recordsRetrieved: 100 });
    expect(searchLog.pages.map((p) => p.file)).toEqual(["page-0001.xml"]);
  });

  test("a shift that happens once is retried away: the snapshot is complete, every paper once", async () => {
    const mock = await arxiv(250);
    mock.onRequest = () => {
      if (mock.count("query") === 2) mock.inject("query", { kind: "shift", by: -1 });
    };
    const root = await makeWorkspace([arxivQuery({ pageSize: 100 })]);
    const [outcome] = await runFetch(await context(root), {}, fastSettings({ SRPIPE_ARXIV_URL: mock.queryUrl }));
    expect(outcome).toMatchObject({ status: "complete", hits: 250, records: 250 });
    expect(mock.requests.map((r) => r.fault)).toEqual([null, "shift", null, null]);
    expect(await idsInSnapshot((await snapshotDirs(root, "arxiv", "arxiv-q"))[0]!)).toEqual(
      mock.records.map((r) => r.id),
    );
  });

  test("a PubMed page with one record in place of another (the right count) is asked again, then the fetch fails naming the page", async () => {
    const mock = await eutils(250);
    mock.onRequest = () => {
      if (mock.count("efetch") === 2) mock.inject("efetch", { kind: "repeat" }, Number.POSITIVE_INFINITY);
    };
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base }, { rates: { pubmed: { perSecond: 1000, concurrency: 1 } } }),
    );
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(
      /efetch\.fcgi\?.*retstart=100&.*: gave up after 4 attempts: EFetch page does not hold the records ESearch listed: PMID \d+ twice; PMID \d+ missing$/,
    );
    const searchLog = await readSearchLog((await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!);
    expect(searchLog).toMatchObject({ status: "failed", recordsRetrieved: 100 });
  });

  test("a PubMed page served from the wrong position (shifted by one) is retried; once is survived, every PMID once", async () => {
    const mock = await eutils(300);
    mock.onRequest = () => {
      if (mock.count("efetch") === 2) mock.inject("efetch", { kind: "shift", by: -1 });
    };
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const log = captureLog();
    const [outcome] = await runFetch(
      await context(root, log),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base }, { rates: { pubmed: { perSecond: 1000, concurrency: 1 } } }),
    );
    expect(outcome).toMatchObject({ status: "complete", records: 300 });
    expect(
      log.lines.some(
        (l) => l.startsWith("warning: retrying") && l.includes("not in ESearch's list for these positions"),
      ),
    ).toBe(true);
    const ids = await idsInSnapshot((await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!);
    expect(ids).toHaveLength(300);
    expect(new Set(ids)).toEqual(new Set(mock.records.map((r) => r.pmid)));
  });

  test("a snapshot is proven from disk before it is called complete: a saved page edited to repeat a paper fails the resume", async () => {
    const mock = await arxiv(300);
    const root = await makeWorkspace([arxivQuery({ pageSize: 100 })]);
    const env = { SRPIPE_ARXIV_URL: mock.queryUrl };
    const controller = new AbortController();
    mock.onRequest = () => {
      if (mock.count("query") === 3) controller.abort();
    };
    await expect(runFetch(await context(root), {}, fastSettings(env, { signal: controller.signal }))).rejects.toThrow();
    mock.onRequest = null;
    const dir = (await snapshotDirs(root, "arxiv", "arxiv-q"))[0]!;
    expect((await readSearchLog(dir)).recordsRetrieved).toBe(200);
    // page-0001.xml's second paper replaced by its first: the page still holds 100 entries.
    const page = await readFile(join(dir, "page-0001.xml"), "utf8");
    const [first, second] = [mock.records[0]!.id, mock.records[1]!.id];
    await writeFile(join(dir, "page-0001.xml"), page.replace(`abs/${second}v1`, `abs/${first}v1`));

    const [outcome] = await runFetch(await context(root), { resume: true }, fastSettings(env));
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toBe(
      `arXiv id ${first} is twice in page-0001.xml: a record saved twice means another is missing`,
    );
    expect((await readSearchLog(dir)).status).toBe("failed");
  });

  test("a complete snapshot holds as many distinct ids as records retrieved and hits reported", async () => {
    const mock = await eutils(420);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    await runFetch(await context(root), {}, fastSettings({ SRPIPE_PUBMED_URL: mock.base }));
    const dir = (await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!;
    const log = await readSearchLog(dir);
    const ids = await idsInSnapshot(dir);
    expect([log.status, log.recordsRetrieved, ids.length, new Set(ids).size, log.hitsReported]).toEqual([
      "complete",
      420,
      420,
      420,
      420,
    ]);
  });
});

describe("response bodies are bounded", () => {
  test.each([
    ["streamed without a length", false],
    ["with a declared Content-Length", true],
  ])(
    "a body over the limit (%s) fails the request at once, unsaved, and the snapshot is marked failed",
    async (_name, declare) => {
      const mock = await eutils(200);
      mock.inject("efetch", { kind: "huge", bytes: 200 * 1024 * 1024, declare }, Number.POSITIVE_INFINITY);
      const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
      const settings = fastSettings(
        { SRPIPE_PUBMED_URL: mock.base },
        { rates: { pubmed: { perSecond: 1000, concurrency: 1 } } },
      );
      const [outcome] = await runFetch(
        await context(root),
        {},
        { ...settings, http: { ...settings.http, maxBodyBytes: 1024 * 1024 } },
      );
      expect(outcome!.status).toBe("failed");
      expect(outcome!.message).toMatch(
        declare
          ? /: response of 200 MB \(its Content-Length\) is over the 1 MB limit for one page; not saved$/
          : /: response still arriving is over the 1 MB limit for one page; reading stopped there; not saved$/,
      );
      expect(mock.count("efetch")).toBeLessThanOrEqual(2); // the one refused, and at most one requested ahead
      const dir = (await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!;
      expect(await readSearchLog(dir)).toMatchObject({ status: "failed", recordsRetrieved: 0 });
      expect((await readdir(dir)).sort()).toEqual(["esearch-0001.xml", "search.json"]);
    },
  );

  test("SRPIPE_MAX_RESPONSE_MB sets the limit, and a value that is not a number is refused", async () => {
    const mock = await eutils(10);
    mock.inject("esearch", { kind: "huge", bytes: 3 * 1024 * 1024 }, Number.POSITIVE_INFINITY);
    const root = await makeWorkspace([pubmedQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base, SRPIPE_MAX_RESPONSE_MB: "2" }),
    );
    expect(outcome!.message).toMatch(/response still arriving is over the 2 MB limit for one page/);
    await expect(
      runFetch(await context(root), {}, fastSettings({ SRPIPE_PUBMED_URL: mock.base, SRPIPE_MAX_RESPONSE_MB: "lots" })),
    ).rejects.toThrow('SRPIPE_MAX_RESPONSE_MB: expected a number of megabytes above 0, got "lots"');
  });
});

describe("a server that echoes the request", () => {
  test("puts neither the API key nor the e-mail into search.json, a saved page or the terminal", async () => {
    const key = "echoed-key-0123456789";
    const email = "echo+reviewer@example.org";
    const mock = await eutils(250);
    mock.inject("esearch", { kind: "echo" }, Number.POSITIVE_INFINITY);
    mock.inject("efetch", { kind: "echo" }, Number.POSITIVE_INFINITY);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const log = captureLog();
    const [outcome] = await runFetch(
      await context(root, log),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base, NCBI_API_KEY: key, NCBI_EMAIL: email }),
    );
    expect(outcome).toMatchObject({ status: "complete", records: 250 });
    expect(mock.secretsSeen).toEqual(new Set([key, email]));
    for (const file of await filesBelow(join(root, "raw"))) {
      const text = await readFile(file, "utf8");
      for (const secret of [key, email, encodeURIComponent(email), "echo%2Breviewer"])
        expect(text, file).not.toContain(secret);
    }
    const dir = (await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!;
    const searchLog = await readSearchLog(dir);
    expect(searchLog.queryTranslation).toMatch(/\[request: api_key=\[redacted\]&email=\[redacted\]\]$/);
    expect(searchLog.messages).toEqual(["WarningList/OutputMessage: Key [redacted] for [redacted] is near its limit"]);
    // Each page says how many echoes were replaced (ESearch: key and e-mail in the translation,
    // key and URL-encoded e-mail in the warning), and its sha256 is that of the page as saved.
    expect(searchLog.pages.map((p) => p.redacted)).toEqual([4, 2, 2, 2]);
    for (const page of searchLog.pages) expect(await sha256File(join(dir, page.file))).toBe(page.sha256);
    expect(await idsInSnapshot(dir)).toHaveLength(250);
    expect(log.text()).not.toContain(key);
    expect(log.text()).not.toContain(email);
    expect(log.text()).toContain(
      "PubMed says for pubmed/pubmed-q: WarningList/OutputMessage: Key [redacted] for [redacted] is near its limit",
    );
  });

  test("a dry run's printed plan does not show an echoed key either", async () => {
    const key = "dry-run-key-987654";
    const mock = await eutils(40);
    mock.inject("esearch", { kind: "echo" }, Number.POSITIVE_INFINITY);
    const root = await makeWorkspace([pubmedQuery()]);
    let printed = "";
    const log = captureLog();
    await runFetch(
      await context(root, log),
      { dryRun: true, out: (t) => (printed += t) },
      fastSettings({ SRPIPE_PUBMED_URL: mock.base, NCBI_API_KEY: key }),
    );
    expect(printed).toContain("translation");
    expect(printed).toContain("api_key=[redacted]");
    expect(printed + log.text()).not.toContain(key);
  });
});

describe("a hung server", () => {
  test("fails within a bounded, stated number of silences, with a line after each", async () => {
    const mock = await eutils(100);
    mock.inject("esearch", { kind: "hang" }, Number.POSITIVE_INFINITY);
    const root = await makeWorkspace([pubmedQuery()]);
    const log = captureLog();
    const settings = fastSettings(
      { SRPIPE_PUBMED_URL: mock.base },
      { http: { idleTimeoutMs: 100, silentAttempts: 3, attempts: 6, backoffMs: 5, maxBackoffMs: 20 } },
    );
    const [outcome] = await runFetch(await context(root, log), {}, settings);
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(/: gave up after 3 attempts: no data from the server for 0\.1 s$/);
    expect(mock.count("esearch")).toBe(3);
    const notices = log.lines.filter((l) => l.startsWith("warning: retrying"));
    expect(notices).toHaveLength(2);
    for (const line of notices)
      expect(line).toMatch(
        /no data from the server for 0\.1 s; attempt \d of 6; a server that stays silent 3 times fails the fetch, about \d+ s in all\)$/,
      );
    expect((await readSearchLog((await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!)).status).toBe("failed");
  });

  test("by default a hang costs at most about a minute, not 6 × 120 s", () => {
    expect(DEFAULT_HTTP_SETTINGS).toMatchObject({ idleTimeoutMs: 30_000, silentAttempts: 2 });
    expect(hangBoundMs(DEFAULT_HTTP_SETTINGS)).toBe(61_000);
  });
});

describe("offline", () => {
  test("--dry-run with nothing listening fails at once with one short line per database, no retries", async () => {
    const pubmed = await eutils(1);
    const ax = await arxiv(1);
    const env = { SRPIPE_PUBMED_URL: pubmed.base, SRPIPE_ARXIV_URL: ax.queryUrl };
    await pubmed.close();
    await ax.close();
    const root = await makeWorkspace([pubmedQuery(), arxivQuery()]);
    const log = captureLog();
    let printed = "";
    const outcomes = await runFetch(
      await context(root, log),
      { dryRun: true, out: (t) => (printed += t) },
      fastSettings(env, { http: { attempts: 6 } }),
    );
    expect(outcomes.map((o) => [o.queryId, o.status, o.requests])).toEqual([
      ["arxiv-q", "failed", 1],
      ["pubmed-q", "failed", 1],
    ]);
    const errors = log.lines.filter((l) => l.startsWith("error:"));
    expect(errors).toEqual([
      `error: failed arxiv/arxiv-q: cannot reach ${new URL(ax.queryUrl).host}: connection refused (ECONNREFUSED)`,
      `error: failed pubmed/pubmed-q: cannot reach ${new URL(pubmed.base).host}: connection refused (ECONNREFUSED)`,
    ]);
    expect(log.lines.some((l) => l.startsWith("warning: retrying"))).toBe(false);
    expect(printed).toBe("");
    expect(existsSync(join(root, "raw"))).toBe(false);
  });

  test("once a host cannot be reached, the run's other searches on it are not tried: no request, no snapshot, one line each", async () => {
    const pubmed = await eutils(1);
    const ax = await arxiv(3);
    const env = { SRPIPE_PUBMED_URL: pubmed.base, SRPIPE_ARXIV_URL: ax.queryUrl };
    await pubmed.close();
    const models = {
      ...pubmedQuery({ id: "pubmed-models" }),
      query: undefined,
      strings: ["gpt", "llama", "mistral"].map((id) => ({ id, query: `${id}[Title/Abstract]` })),
    };
    const root = await makeWorkspace([pubmedQuery(), models, arxivQuery()]);
    const log = captureLog();
    const outcomes = await runFetch(await context(root, log), {}, fastSettings(env, { http: { attempts: 6 } }));
    expect(outcomes.map((o) => [o.queryId, o.stringId ?? null, o.status, o.requests])).toEqual([
      ["arxiv-q", null, "complete", 1],
      ["pubmed-models", "gpt", "failed", 1],
      ["pubmed-models", "llama", "failed", 0],
      ["pubmed-models", "mistral", "failed", 0],
      ["pubmed-q", null, "failed", 0],
    ]);
    const host = new URL(pubmed.base).host;
    expect(log.lines.filter((l) => l.startsWith("error:"))).toEqual([
      `error: failed pubmed/pubmed-models/gpt: cannot reach ${host}: connection refused (ECONNREFUSED)`,
      `error: failed pubmed/pubmed-models/llama: not tried, ${host} could not be reached earlier in this run: connection refused (ECONNREFUSED)`,
      `error: failed pubmed/pubmed-models/mistral: not tried, ${host} could not be reached earlier in this run: connection refused (ECONNREFUSED)`,
      `error: failed pubmed/pubmed-q: not tried, ${host} could not be reached earlier in this run: connection refused (ECONNREFUSED)`,
    ]);
    // The one search that was tried keeps its failed snapshot (for --resume); the others left nothing.
    expect(await snapshotDirs(root, "pubmed", "pubmed-models/gpt")).toHaveLength(1);
    expect(existsSync(join(root, "raw", "searches", "pubmed", "pubmed-models", "llama"))).toBe(false);
    expect(existsSync(join(root, "raw", "searches", "pubmed", "pubmed-q"))).toBe(false);
    expect(fetchSummary(outcomes)).toEqual({
      summary: "3 records from 1 search, 4 failed (pubmed-models (3 strings), pubmed-q)",
      problems: 4,
    });
  });

  test("a host lost mid-fetch (connection refused after it had answered) is retried as usual, not given up at once", async () => {
    const mock = await eutils(300);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    mock.onRequest = () => {
      if (mock.count("efetch") === 1) void mock.close(); // the server goes away: from now on, refused
    };
    const log = captureLog();
    const [outcome] = await runFetch(
      await context(root, log),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base }, { rates: { pubmed: { perSecond: 1000, concurrency: 1 } } }),
    );
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(/gave up after 4 attempts: network error: .*\(ECONNREFUSED\)$/);
    // Each page in flight is retried (two are: the one being saved and the one requested ahead).
    expect(
      log.lines.filter((l) => l.startsWith("warning: retrying") && l.includes("ECONNREFUSED")).length,
    ).toBeGreaterThanOrEqual(3);
  });

  test("a host name that does not resolve counts as unreachable, through undici's wrapping", () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND eutils.ncbi.nlm.nih.gov"), { code: "ENOTFOUND" });
    expect(connectionErrorCode(Object.assign(new TypeError("fetch failed"), { cause: dns }))).toBe("ENOTFOUND");
    expect(connectionErrorCode(new AggregateError([Object.assign(new Error("x"), { code: "EAI_AGAIN" })]))).toBe(
      "EAI_AGAIN",
    );
    expect(connectionErrorCode(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe("ECONNRESET");
  });
});

describe("search.json page names", () => {
  const PAGE = { role: "records", sha256: "0".repeat(64), count: 1, request: "http://x/" } as const;
  const baseLog = {
    schemaVersion: 1,
    status: "complete",
    database: "pubmed",
    queryId: "pubmed-q",
    endpoint: "http://x/",
    querySent: "q",
    queryTranslation: null,
    dateWindow: WINDOW,
    slices: [{ ...WINDOW, hits: 1 }],
    startedAt: "2025-01-01T00:00:00.000Z",
    finishedAt: "2025-01-01T00:00:00.000Z",
    hitsReported: 1,
    recordsRetrieved: 1,
    pageSize: 100,
    messages: [],
    srpipeVersion: "1.0.0",
    failure: null,
  };

  test.each(["../../../etc/passwd", "/etc/passwd", "sub/page.xml", "..\\..\\secret.xml", "..", "page\u0000.xml"])(
    "%j is refused: a page name is a bare file name",
    (file) => {
      const result = SearchLogSchema.safeParse({ ...baseLog, pages: [{ ...PAGE, file }] });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toBe(
        `expected a file name inside the snapshot folder (no "/", "\\", ".." or NUL), got ${JSON.stringify(file)}`,
      );
    },
  );

  test("import reads nothing outside the snapshot and leaks no hash of the file named", async () => {
    const root = await makeWorkspace([pubmedQuery()]);
    const outside = join(root, "outside-secret.txt");
    await writeFile(outside, "not evidence\n");
    const dir = join(root, "raw", "searches", "pubmed", "pubmed-q", "20250101T000000Z");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "search.json"),
      JSON.stringify({ ...baseLog, pages: [{ ...PAGE, file: "../../../../outside-secret.txt" }] }),
    );
    const log = captureLog();
    const sources = await listImportSources(workspaceAt(root), [], log);
    expect(sources.sources).toEqual([]);
    // The warning quotes the name search.json gives, and nothing learnt from the file it names.
    expect(log.text()).toContain(
      'search.json: pages.0.file: expected a file name inside the snapshot folder (no "/", "\\", ".." or NUL), got "../../../../outside-secret.txt"; snapshot skipped',
    );
    expect(log.text()).not.toMatch(/not evidence|sha256|no such file/);
  });
});

describe("fetch --discard-failed", () => {
  test("sets failed and interrupted snapshots aside, keeping every file, so import stops warning about them", async () => {
    const mock = await eutils(300);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    await runFetch(await context(root), {}, fastSettings(env, { now: () => new Date("2025-01-01T00:00:00Z") }));
    mock.inject("efetch", { kind: "drop", records: 1 }, Number.POSITIVE_INFINITY);
    const [failed] = await runFetch(
      await context(root),
      {},
      fastSettings(env, { now: () => new Date("2025-02-01T00:00:00Z") }),
    );
    expect(failed!.status).toBe("failed");
    const failedDir = (await snapshotDirs(root, "pubmed", "pubmed-q"))[1]!;
    const filesBefore = (await readdir(failedDir)).sort();

    const warned = captureLog();
    await listImportSources(workspaceAt(root), [], warned);
    expect(warned.lines.some((l) => l.includes("its fetch is failed"))).toBe(true);

    const log = captureLog();
    const outcomes = await runFetch(await context(root, log), { discardFailed: true }, fastSettings(env));
    expect(outcomes).toEqual([
      {
        queryId: "pubmed-q",
        database: "pubmed",
        status: "discarded",
        snapshot: null,
        hits: null,
        records: 1,
        requests: 0,
        message: null,
      },
    ]);
    const aside = join(root, "raw", "searches", "pubmed", "pubmed-q", `.discarded-${basename(failedDir)}`);
    expect(log.lines).toEqual([
      `discarded raw/searches/pubmed/pubmed-q/${basename(failedDir)} (status "failed"): renamed raw/searches/pubmed/pubmed-q/.discarded-${basename(failedDir)}, its pages kept; import and --resume no longer read it`,
    ]);
    expect((await readdir(aside)).sort()).toEqual(filesBefore);
    expect(await snapshotDirs(root, "pubmed", "pubmed-q")).toHaveLength(1);

    const quiet = captureLog();
    const sources = await listImportSources(workspaceAt(root), [], quiet);
    expect(quiet.lines.filter((l) => l.startsWith("warning:"))).toEqual([]);
    expect(sources.sources.map((s) => s.snapshot)).toEqual([
      "raw/searches/pubmed/pubmed-q/20250101T000000Z",
      "raw/searches/pubmed/pubmed-q/20250101T000000Z",
      "raw/searches/pubmed/pubmed-q/20250101T000000Z",
    ]);

    const again = captureLog();
    await runFetch(await context(root, again), { discardFailed: true }, fastSettings(env));
    expect(again.lines).toEqual(["nothing to discard: no failed or interrupted snapshot"]);
  });
});
