import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { sha256File } from "../../src/io/hash.js";
import { halveWindow } from "../../src/fetch/date-window.js";
import { runFetch } from "../../src/fetch/run.js";
import { compactStamp } from "../../src/io/stamp-clock.js";
import { fetchStage } from "../../src/stages/fetch.js";
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

describe("date windows", () => {
  test("a window halves into whole days, the earlier half no shorter; a single day does not split", () => {
    expect(halveWindow({ from: "2022-01-01", to: "2025-03-31" })).toEqual([
      { from: "2022-01-01", to: "2023-08-16" },
      { from: "2023-08-17", to: "2025-03-31" },
    ]);
    expect(halveWindow({ from: "2024-02-28", to: "2024-03-01" })).toEqual([
      { from: "2024-02-28", to: "2024-02-29" },
      { from: "2024-03-01", to: "2024-03-01" },
    ]);
    expect(halveWindow({ from: "2024-01-01", to: "2024-01-01" })).toBeNull();
  });

  test("snapshot folders are named by the UTC time, sortable", () => {
    expect(compactStamp(new Date("2025-04-01T12:03:04.567Z"))).toBe("20250401T120304Z");
  });
});

describe("fetching PubMed", () => {
  test("saves the ESearch and every EFetch page as received, and a complete search log", async () => {
    const mock = await eutils(1234);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base }, { now: () => new Date("2025-04-01T12:00:00Z") }),
    );
    expect(outcome).toMatchObject({
      status: "complete",
      hits: 1234,
      records: 1234,
      requests: 14,
      snapshot: "raw/searches/pubmed/pubmed-q/20250401T120000Z",
    });

    const [dir] = await snapshotDirs(root, "pubmed", "pubmed-q");
    const log = await readSearchLog(dir!);
    expect(log).toMatchObject({
      status: "complete",
      database: "pubmed",
      queryId: "pubmed-q",
      endpoint: mock.base,
      querySent:
        '("large language models"[Title/Abstract]) AND ("2022/01/01"[Date - Publication] : "2025/03/31"[Date - Publication])',
      queryTranslation:
        '("large language models"[Title/Abstract]) AND ("2022/01/01"[Date - Publication] : "2025/03/31"[Date - Publication])',
      dateWindow: WINDOW,
      slices: [{ ...WINDOW, hits: 1234 }],
      startedAt: "2025-04-01T12:00:00.000Z",
      finishedAt: "2025-04-01T12:00:00.000Z",
      hitsReported: 1234,
      recordsRetrieved: 1234,
      pageSize: 100,
      messages: [],
      failure: null,
    });
    expect(log.srpipeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(log.pages.map((p) => [p.file, p.role, p.count])).toEqual([
      ["esearch-0001.xml", "search", 1234],
      ...Array.from({ length: 13 }, (_, i) => [
        `efetch-${String(i + 1).padStart(4, "0")}.xml`,
        "records",
        i < 12 ? 100 : 34,
      ]),
    ]);
    for (const page of log.pages) expect(await sha256File(join(dir!, page.file))).toBe(page.sha256);
    expect(log.pages[1]!.request).toMatch(
      /\/efetch\.fcgi\?db=pubmed&query_key=1&WebEnv=MCID_\w+&retstart=0&retmax=100&retmode=xml&tool=srpipe$/,
    );

    const ids = await idsInSnapshot(dir!);
    expect(ids).toHaveLength(1234);
    expect(new Set(ids)).toEqual(new Set(mock.records.map((r) => r.pmid)));
  });

  test("a window over 9,999 hits is split by date into slices that add up, each paged from its own history", async () => {
    const mock = await eutils(10_500);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 5000 })]);
    const log = captureLog();
    const [outcome] = await runFetch(await context(root, log), {}, fastSettings({ SRPIPE_PUBMED_URL: mock.base }));
    expect(outcome).toMatchObject({ status: "complete", hits: 10_500, records: 10_500 });
    const [dir] = await snapshotDirs(root, "pubmed", "pubmed-q");
    const searchLog = await readSearchLog(dir!);
    expect(searchLog.slices).toEqual([
      { from: "2022-01-01", to: "2023-08-16", hits: 5_250 },
      { from: "2023-08-17", to: "2025-03-31", hits: 5_250 },
    ]);
    expect(searchLog.slices.every((s) => s.hits <= 9_999)).toBe(true);
    expect(searchLog.slices.reduce((n, s) => n + s.hits, 0)).toBe(10_500);
    expect(searchLog.pages.filter((p) => p.role === "search").map((p) => [p.file, p.slice])).toEqual([
      ["esearch-0001.xml", undefined],
      ["esearch-0002.xml", 0],
      ["esearch-0003.xml", 1],
    ]);
    expect(log.text()).toContain(
      "splitting pubmed/pubmed-q 2022-01-01 to 2025-03-31: 10,500 hits, more than the 9,999 PubMed serves per search",
    );
    const ids = await idsInSnapshot(dir!);
    expect(ids).toHaveLength(10_500);
    expect(new Set(ids).size).toBe(10_500);
    expect(mock.requests.filter((r) => r.route === "efetch").every((r) => Number(r.params.retstart) <= 9_998)).toBe(
      true,
    );
  });

  test("ESearch's ErrorList and WarningList go into the search log and on stderr", async () => {
    const mock = await eutils(50);
    mock.inject("esearch", { kind: "errorlist", phrase: "clinicl" });
    const root = await makeWorkspace([pubmedQuery()]);
    const log = captureLog();
    await runFetch(await context(root, log), {}, fastSettings({ SRPIPE_PUBMED_URL: mock.base }));
    const searchLog = await readSearchLog((await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!);
    expect(searchLog.messages).toEqual([
      "ErrorList/PhraseNotFound: clinicl",
      "WarningList/OutputMessage: No items found.",
    ]);
    expect(log.lines).toContain("warning: PubMed says for pubmed/pubmed-q: ErrorList/PhraseNotFound: clinicl");
    expect(searchLog.status).toBe("complete");
  });

  test("a search with no hits completes with its ESearch page and no records pages", async () => {
    const mock = await eutils(0);
    const root = await makeWorkspace([pubmedQuery()]);
    const [outcome] = await runFetch(await context(root), {}, fastSettings({ SRPIPE_PUBMED_URL: mock.base }));
    expect(outcome).toMatchObject({ status: "complete", hits: 0, records: 0 });
    const log = await readSearchLog((await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!);
    expect(log.pages.map((p) => p.file)).toEqual(["esearch-0001.xml"]);
    expect(log.slices).toEqual([{ ...WINDOW, hits: 0 }]);
  });

  test("429 with Retry-After, 500, a server that never answers, a truncated body and a cut connection are retried; no bad page is saved", async () => {
    const mock = await eutils(600);
    mock.inject("efetch", { kind: "status", status: 429, retryAfter: "1" });
    mock.inject("efetch", { kind: "status", status: 500 });
    mock.inject("efetch", { kind: "hang" });
    mock.inject("efetch", { kind: "truncate" });
    mock.inject("efetch", { kind: "cut" });
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const log = captureLog();
    // The hang never answers, so the tiny idle timeout fires whatever the load; other pages may
    // time out too on a busy machine, hence the room in attempts and silences.
    const settings = fastSettings(
      { SRPIPE_PUBMED_URL: mock.base },
      { http: { idleTimeoutMs: 300, silentAttempts: 8, attempts: 8, backoffMs: 5, maxBackoffMs: 20 } },
    );
    const [outcome] = await runFetch(await context(root, log), {}, settings);
    expect(outcome).toMatchObject({ status: "complete", records: 600 });
    const retries = log.lines.filter((l) => l.startsWith("warning: retrying"));
    expect(retries.some((l) => l.includes("HTTP 429 (too many requests), Retry-After 1.0 s"))).toBe(true);
    expect(retries.some((l) => l.includes("HTTP 500"))).toBe(true);
    expect(retries.some((l) => l.includes("no data from the server for 0.3 s"))).toBe(true);
    expect(retries.some((l) => l.includes("truncated EFetch page"))).toBe(true);
    expect(retries.some((l) => /truncated body|network error/.test(l))).toBe(true);
    const dir = (await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!;
    for (const page of (await readSearchLog(dir)).pages.filter((p) => p.role === "records")) {
      expect((await readFile(join(dir, page.file), "utf8")).trimEnd().endsWith("</PubmedArticleSet>")).toBe(true);
    }
    const ids = await idsInSnapshot(dir);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
  });

  test("records retrieved must equal the hits reported: a page that stays short fails the fetch loudly", async () => {
    const mock = await eutils(250);
    mock.inject("efetch", { kind: "drop", records: 1 }, Number.POSITIVE_INFINITY);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const log = captureLog();
    const [outcome] = await runFetch(await context(root, log), {}, fastSettings({ SRPIPE_PUBMED_URL: mock.base }));
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(/gave up after 4 attempts: EFetch page holds 99 records, expected 100$/);
    const searchLog = await readSearchLog((await snapshotDirs(root, "pubmed", "pubmed-q"))[0]!);
    expect(searchLog).toMatchObject({ status: "failed", failure: outcome!.message, recordsRetrieved: 0 });
    expect(log.lines.some((l) => l.startsWith("error: failed pubmed/pubmed-q: "))).toBe(true);
  });

  test("NCBI_API_KEY and NCBI_EMAIL are sent but appear in no file under raw/ and in no log line", async () => {
    const key = "0123456789abcdef-test-key";
    const email = "reviewer@example.org";
    const mock = await eutils(300);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 }), pubmedQuery({ id: "pubmed-refused" })]);
    // The second query's search fails with an NCBI error that quotes the key back.
    mock.onRequest = () => {
      if (mock.count("esearch") === 2)
        mock.inject("esearch", { kind: "ncbi-error", message: `API key invalid: ${key} (${email})` });
    };
    const log = captureLog();
    const outcomes = await runFetch(
      await context(root, log),
      {},
      fastSettings({ SRPIPE_PUBMED_URL: mock.base, NCBI_API_KEY: key, NCBI_EMAIL: email }),
    );
    expect(outcomes.map((o) => [o.queryId, o.status])).toEqual([
      ["pubmed-q", "complete"],
      ["pubmed-refused", "failed"],
    ]);
    expect(mock.secretsSeen).toEqual(new Set([key, email]));
    for (const file of await filesBelow(join(root, "raw"))) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toContain(key);
      expect(text, file).not.toContain(email);
      expect(text, file).not.toContain(encodeURIComponent(email));
    }
    expect(log.text()).not.toContain(key);
    expect(log.text()).not.toContain(email);
    expect(log.text()).toContain("API key invalid: [redacted] ([redacted])");
  });

  test("the limiter holds the configured rate for every request the server receives: 10 requests/s over 15 requests", async () => {
    // On a virtual clock that only the limiter moves, the time each request is let go is exact:
    // a busy machine (which only delays requests in real time) cannot make the test pass or fail.
    const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => void (clock.t += Math.max(0, ms)) };
    const mock = await eutils(1_400);
    const sent: number[] = [];
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const settings = fastSettings(
      { SRPIPE_PUBMED_URL: mock.base },
      { clock, onSend: (_url, at) => void sent.push(at), rates: { pubmed: { perSecond: 10, concurrency: 10 } } },
    );
    const [outcome] = await runFetch(await context(root), {}, settings);
    expect(outcome!.status).toBe("complete");
    expect(mock.requests).toHaveLength(15);
    expect(sent).toHaveLength(15);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100);
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(1_400);
  });
});

describe("fetching arXiv", () => {
  test("pages in submission order up to totalResults; the first page is the search", async () => {
    const mock = await arxiv(345);
    const root = await makeWorkspace([arxivQuery({ pageSize: 100 })]);
    const progress = captureLog();
    const [outcome] = await runFetch(
      await context(root, progress),
      {},
      fastSettings({ SRPIPE_ARXIV_URL: mock.queryUrl }),
    );
    expect(outcome).toMatchObject({ status: "complete", hits: 345, records: 345, requests: 4 });
    expect(
      progress.lines.filter((l) => l.startsWith("fetched arxiv/arxiv-q: page")).map((l) => l.replace(/, ETA .*/, "")),
    ).toEqual([
      "fetched arxiv/arxiv-q: page 1/4, 100/345 records",
      "fetched arxiv/arxiv-q: page 2/4, 200/345 records",
      "fetched arxiv/arxiv-q: page 3/4, 300/345 records",
      "fetched arxiv/arxiv-q: page 4/4, 345/345 records",
    ]);
    const dir = (await snapshotDirs(root, "arxiv", "arxiv-q"))[0]!;
    const log = await readSearchLog(dir);
    expect(log).toMatchObject({
      status: "complete",
      querySent: '(abs:"large language models") AND submittedDate:[202201010000 TO 202503312359]',
      queryTranslation: null,
      slices: [{ ...WINDOW, hits: 345 }],
      hitsReported: 345,
      recordsRetrieved: 345,
    });
    expect(log.pages.map((p) => [p.file, p.role, p.count, new URL(p.request).searchParams.get("start")])).toEqual([
      ["page-0001.xml", "records", 100, "0"],
      ["page-0002.xml", "records", 100, "100"],
      ["page-0003.xml", "records", 100, "200"],
      ["page-0004.xml", "records", 45, "300"],
    ]);
    expect(await idsInSnapshot(dir)).toEqual(mock.records.map((r) => r.id));
  });

  test("a spuriously empty page is asked again, not saved", async () => {
    const mock = await arxiv(250);
    mock.onRequest = () => {
      if (mock.count("query") === 2) mock.inject("query", { kind: "empty" });
    };
    const root = await makeWorkspace([arxivQuery({ pageSize: 100 })]);
    const log = captureLog();
    const [outcome] = await runFetch(await context(root, log), {}, fastSettings({ SRPIPE_ARXIV_URL: mock.queryUrl }));
    expect(outcome).toMatchObject({ status: "complete", records: 250 });
    expect(mock.requests.map((r) => r.fault)).toEqual([null, "empty", null, null]);
    expect(log.text()).toContain("spuriously empty arXiv page (start=100)");
    expect(await idsInSnapshot((await snapshotDirs(root, "arxiv", "arxiv-q"))[0]!)).toHaveLength(250);
  });

  test("an error feed is an error: the fetch fails with arXiv's message", async () => {
    const mock = await arxiv(10);
    mock.inject("query", { kind: "error-feed", message: "malformed search query" });
    const root = await makeWorkspace([arxivQuery()]);
    const [outcome] = await runFetch(await context(root), {}, fastSettings({ SRPIPE_ARXIV_URL: mock.queryUrl }));
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(/HTTP 400: arXiv API error: malformed search query$/);
    const log = await readSearchLog((await snapshotDirs(root, "arxiv", "arxiv-q"))[0]!);
    expect(log).toMatchObject({ status: "failed", pages: [] });
  });
});

describe("the stage", () => {
  test("runs every API query, lists the manual exports, and says what import will read", async () => {
    const pubmed = await eutils(120);
    const ax = await arxiv(80);
    const root = await makeWorkspace([
      pubmedQuery(),
      arxivQuery(),
      {
        schemaVersion: 1,
        id: "scopus-q",
        database: "scopus",
        mode: "manual-export",
        query: "TITLE-ABS-KEY(x)",
        dateWindow: WINDOW,
        exportPath: "raw/exports/scopus/scopus-q/",
      },
    ]);
    const log = captureLog();
    const settings = fastSettings({ SRPIPE_PUBMED_URL: pubmed.base, SRPIPE_ARXIV_URL: ax.queryUrl });
    const outcomes = await runFetch(await context(root, log), {}, settings);
    expect(outcomes.map((o) => [o.queryId, o.status, o.records])).toEqual([
      ["arxiv-q", "complete", 80],
      ["pubmed-q", "complete", 120],
    ]);
    expect(log.lines).toContain("skipped manual exports (run by hand, saved under raw/exports/): scopus-q");
    expect(log.lines.at(-1)).toBe("next: `srpipe import` reads the newest complete snapshot of each query");
    expect(fetchStage.name).toBe("fetch");
  });

  test("a second fetch makes a new snapshot beside the first; a stamp already taken is not reused", async () => {
    const mock = await eutils(30);
    const root = await makeWorkspace([pubmedQuery()]);
    await mkdir(join(root, "raw", "searches", "pubmed", "pubmed-q"), { recursive: true });
    await writeFile(join(root, "raw", "searches", "pubmed", "pubmed-q", "README.md"), "notes beside the snapshots\n");
    const settings = fastSettings({ SRPIPE_PUBMED_URL: mock.base }, { now: () => new Date("2025-04-01T12:00:00Z") });
    await runFetch(await context(root), {}, settings);
    await runFetch(await context(root), {}, settings);
    expect((await snapshotDirs(root, "pubmed", "pubmed-q")).map((d) => basename(d))).toEqual([
      "20250401T120000Z",
      "20250401T120001Z",
    ]);
  });
});
