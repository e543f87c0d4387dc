/**
 * Scopus past the 5,000-result start cap in one publication year, paged by cursor against the
 * local stand-in (tests/fetch/mock-json-apis.ts), and the key's quota read from the
 * X-RateLimit-* headers every Elsevier response carries.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runFetch } from "../../src/fetch/run.js";
import { elsevierQuota, elsevierQuotaRefusal } from "../../src/sources/elsevier-api.js";
import {
  captureLog,
  context,
  fastSettings,
  makeWorkspace,
  readSearchLog,
  scopusQuery,
  snapshotDirs,
  WINDOW,
} from "./fetch-workspace.js";
import { daysOver, jsonApisPerTest, type MockScopus, type ScopusRecord } from "./mock-json-apis.js";

const { scopus } = jsonApisPerTest(WINDOW);
const KEY = "els-cursor-key-81b3";
const RATES = { rates: { scopus: { perSecond: 1000, concurrency: 3 } } };
const ROUTE = "/content/search/scopus";

function env(mock: MockScopus, extra: { [name: string]: string } = {}): { [name: string]: string } {
  return { SRPIPE_SCOPUS_URL: mock.searchUrl, ELSEVIER_API_KEY: KEY, SCOPUS_VIEW: "STANDARD", ...extra };
}

/** 100 records in 2022, 5,200 in 2023 (past the start cap), 100 in 2024: in publication order. */
function crowdedYear(): ScopusRecord[] {
  const days = [
    ...daysOver(100, { from: "2022-01-01", to: "2022-12-31" }),
    ...daysOver(5_200, { from: "2023-01-01", to: "2023-12-31" }),
    ...daysOver(100, { from: "2024-01-01", to: "2024-12-31" }),
  ];
  return days.map((day, i) => ({ eid: `2-s2.0-${86_000_000_000 + i}`, day }));
}

async function crowdedMock(): Promise<MockScopus> {
  const mock = await scopus(0, KEY);
  mock.records = crowdedYear();
  return mock;
}

interface SavedPage {
  file: string;
  eids: string[];
  /** The cursor the page was asked with, and the one it named for the next page. */
  asked: string | null;
  next: string | null;
}

async function savedPages(dir: string): Promise<SavedPage[]> {
  const log = await readSearchLog(dir);
  const pages: SavedPage[] = [];
  for (const page of log.pages.filter((p) => p.role === "records")) {
    const json = JSON.parse(await readFile(join(dir, page.file), "utf8"));
    const results = json["search-results"];
    pages.push({
      file: page.file,
      eids: results.entry.filter((e: { eid?: string }) => e.eid).map((e: { eid: string }) => e.eid),
      asked: new URL(page.request).searchParams.get("cursor"),
      next: results.cursor?.["@next"] ?? null,
    });
  }
  return pages;
}

const cursorRequests = (mock: MockScopus) => mock.requests.filter((r) => r.params.cursor !== undefined);

describe("Scopus cursor paging for a year past the 5,000 start cap", () => {
  test("a year with 5,200 hits is fetched completely by cursor, each page asked with the cursor the page before named", async () => {
    const mock = await crowdedMock();
    const root = await makeWorkspace([scopusQuery({ dateWindow: { from: "2022-01-01", to: "2024-12-31" } })]);
    const log = captureLog();
    const [outcome] = await runFetch(await context(root, log), {}, fastSettings(env(mock), RATES));
    expect(outcome).toMatchObject({ status: "complete", hits: 5_400, records: 5_400 });
    const [dir] = await snapshotDirs(root, "scopus", "scopus-q");
    const searchLog = await readSearchLog(dir!);
    expect(searchLog.slices).toEqual([
      { from: "2022-01-01", to: "2022-12-31", hits: 100 },
      { from: "2023-01-01", to: "2023-12-31", hits: 5_200, paging: "cursor" },
      { from: "2024-01-01", to: "2024-12-31", hits: 100 },
    ]);
    const pages = await savedPages(dir!);
    expect(pages.flatMap((p) => p.eids)).toEqual(mock.records.map((r) => r.eid));
    const byCursor = pages.filter((p) => p.asked !== null);
    expect(byCursor).toHaveLength(26);
    expect(byCursor[0]!.asked).toBe("*");
    for (let i = 1; i < byCursor.length; i++) expect(byCursor[i]!.asked).toBe(byCursor[i - 1]!.next);
    // The stand-in refuses start and cursor together, and start past 5,000: neither was sent.
    expect(mock.requests.every((r) => r.status === 200)).toBe(true);
    expect(cursorRequests(mock)).toHaveLength(26);
    expect(log.text()).toContain(
      "scopus/scopus-q 2023-01-01 to 2023-12-31: 5,200 hits, more than the 5,000 Scopus pages by position and not to be split by date, so paged by cursor, one page at a time",
    );
  });

  test("a fetch stopped mid-way through the cursor pages resumes from the cursor in the last saved page, without repeating or skipping one", async () => {
    const mock = await crowdedMock();
    const root = await makeWorkspace([scopusQuery({ dateWindow: { from: "2022-01-01", to: "2024-12-31" } })]);
    mock.onRequest = () => {
      if (cursorRequests(mock).length === 11) mock.inject(ROUTE, { kind: "quota", resetEpochSeconds: 1_767_225_600 });
    };
    const [failed] = await runFetch(await context(root), {}, fastSettings(env(mock), RATES));
    mock.onRequest = null;
    expect(failed?.status).toBe("failed");
    expect(failed?.message).toContain("quota is used up");
    const [dir] = await snapshotDirs(root, "scopus", "scopus-q");
    const before = await savedPages(dir!);
    const lastSaved = before.at(-1)!;
    expect(before.filter((p) => p.asked !== null)).toHaveLength(10);
    const sentBefore = mock.requests.length;

    const log = captureLog();
    const [resumed] = await runFetch(await context(root, log), { resume: true }, fastSettings(env(mock), RATES));
    expect(resumed).toMatchObject({ status: "complete", records: 5_400 });
    expect(await snapshotDirs(root, "scopus", "scopus-q")).toEqual([dir]);
    const resumedRequests = mock.requests.slice(sentBefore);
    expect(resumedRequests[0]!.params.cursor).toBe(lastSaved.next);
    expect(resumedRequests.some((r) => r.params.cursor === "*")).toBe(false);
    const pages = await savedPages(dir!);
    expect(pages.flatMap((p) => p.eids)).toEqual(mock.records.map((r) => r.eid));
    const byCursor = pages.filter((p) => p.asked !== null);
    expect(byCursor).toHaveLength(26);
    for (let i = 1; i < byCursor.length; i++) expect(byCursor[i]!.asked).toBe(byCursor[i - 1]!.next);
  });

  test("a page that names as next the cursor it was asked with fails the fetch clearly and is not saved; --resume asks it again", async () => {
    const mock = await crowdedMock();
    const root = await makeWorkspace([scopusQuery({ dateWindow: { from: "2023-01-01", to: "2023-12-31" } })]);
    mock.onRequest = () => {
      if (cursorRequests(mock).length === 5) mock.inject(ROUTE, { kind: "repeat-cursor" });
    };
    const [failed] = await runFetch(await context(root), {}, fastSettings(env(mock), RATES));
    mock.onRequest = null;
    expect(failed?.status).toBe("failed");
    expect(failed?.message).toMatch(
      /page-0005\.json \(records 801–1,000 of 2023-01-01 to 2023-12-31\): Scopus names the cursor "AoJ[^"]*…" again, which an earlier page of 2023-01-01 to 2023-12-31 was asked with: paging on would repeat records/,
    );
    const [dir] = await snapshotDirs(root, "scopus", "scopus-q");
    const searchLog = await readSearchLog(dir!);
    expect(searchLog.status).toBe("failed");
    expect(searchLog.recordsRetrieved).toBe(800);
    expect(cursorRequests(mock)).toHaveLength(5);

    const [resumed] = await runFetch(await context(root), { resume: true }, fastSettings(env(mock), RATES));
    expect(resumed).toMatchObject({ status: "complete", records: 5_200 });
    const eids = (await savedPages(dir!)).flatMap((p) => p.eids);
    expect(eids).toEqual(mock.records.filter((r) => r.day.startsWith("2023")).map((r) => r.eid));
  });

  test("cursor pages are checked like any page: a truncated one is asked again, a changed total fails naming both counts", async () => {
    const mock = await crowdedMock();
    const root = await makeWorkspace([scopusQuery({ dateWindow: { from: "2023-01-01", to: "2023-12-31" } })]);
    const log = captureLog();
    mock.onRequest = () => {
      const sent = cursorRequests(mock).length;
      if (sent === 3) mock.inject(ROUTE, { kind: "truncate" });
      // A record indexed in 2023 while the fetch runs: the pages no longer line up with the search.
      if (sent === 8) mock.records = [...mock.records, { eid: "2-s2.0-86999999999", day: "2023-12-31" }];
    };
    const [outcome] = await runFetch(await context(root, log), {}, fastSettings(env(mock), RATES));
    expect(log.text()).toMatch(/Scopus response is JSON that does not parse/);
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toContain(
      "Scopus now reports 5201 results for this window, the search reported 5200: the pages would not line up",
    );
    const [dir] = await snapshotDirs(root, "scopus", "scopus-q");
    // Pages 1–6 saved; the third was asked twice, so the eighth request was page 7's.
    expect((await readSearchLog(dir!)).recordsRetrieved).toBe(6 * 200);
  });

  test("a key refused the cursor fails once, with Scopus's words and what to do about the crowded year", async () => {
    const mock = await crowdedMock();
    mock.cursorAllowed = false;
    const root = await makeWorkspace([scopusQuery({ dateWindow: { from: "2023-01-01", to: "2023-12-31" } })]);
    const [outcome] = await runFetch(await context(root), {}, fastSettings(env(mock), RATES));
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toContain(
      "HTTP 403: Scopus: AUTHORIZATION_ERROR: Use of the cursor parameter is restricted (cursor paging, needed for a year with more than 5,000 results, is not enabled for this key: narrow the query until each year has at most 5,000",
    );
    expect(cursorRequests(mock)).toHaveLength(1);
  });

  test("a dry run shows the crowded year's first request by cursor and counts its pages, saving nothing", async () => {
    const mock = await crowdedMock();
    const root = await makeWorkspace([scopusQuery({ dateWindow: { from: "2023-01-01", to: "2023-12-31" } })]);
    let printed = "";
    const [outcome] = await runFetch(
      await context(root),
      { dryRun: true, out: (text) => void (printed += text) },
      fastSettings(env(mock), RATES),
    );
    expect(outcome).toMatchObject({ status: "dry-run", hits: 5_200 });
    expect(printed).toContain("  would fetch  26 pages of up to 200 records:");
    expect(printed).toMatch(/\n {15}http:\/\/127\.0\.0\.1:\d+\/content\/search\/scopus\?[^\n]*&cursor=\*&count=200/);
    expect(printed).toContain("… each with the cursor the page before names");
    // One count-only search, then 26 cursor pages: the search's page is not the cursor's first.
    expect(printed).toContain("  requests     27 at 1000 per second");
    expect(cursorRequests(mock)).toHaveLength(0);
  });
});

describe("the Elsevier quota headers", () => {
  test("a fetch whose pages need more requests than the first response says remain fails before its first page", async () => {
    const mock = await scopus(2_000, KEY);
    mock.quotaRemaining = 40;
    const root = await makeWorkspace([scopusQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings(env(mock, { SCOPUS_VIEW: "COMPLETE" }), RATES),
    );
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toBe(
      "Scopus reports 39 of 20,000 requests left on the API key, refilled at 2026-01-01T00:00:00.000Z, and scopus/scopus-q needs 79 page requests: " +
        "not started, so the quota is not spent on a fetch that cannot finish; `srpipe fetch --resume` continues after the reset (or narrow the query)",
    );
    expect(mock.requests).toHaveLength(1);
  });

  test("the quota falling short is warned about once, and the fetch stops before a request the API would refuse; --resume finishes after the reset", async () => {
    const mock = await scopus(250, KEY);
    const root = await makeWorkspace([scopusQuery()]);
    // Someone else spends the shared key: after the third request only three remain for the pages to go.
    mock.onRequest = () => {
      if (mock.requests.length === 3) mock.quotaRemaining = 3;
    };
    const log = captureLog();
    const settings = fastSettings(env(mock, { SCOPUS_VIEW: "COMPLETE" }), {
      rates: { scopus: { perSecond: 1000, concurrency: 1 } },
    });
    const [outcome] = await runFetch(await context(root, log), {}, settings);
    mock.onRequest = null;
    const warnings = log.lines.filter((l) => l.startsWith("warning:") && l.includes("requests left on the API key"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: Scopus reports \d+ of 20,000 requests left on the API key, refilled at 2026-01-01T00:00:00\.000Z; scopus\/scopus-q still needs \d+: the fetch will stop before they run out/,
    );
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toMatch(
      /^Scopus reports 0 of 20,000 requests left on the API key, refilled at 2026-01-01T00:00:00\.000Z: stopped before asking for pages the API would refuse, with \d+ pages of scopus\/scopus-q still to fetch; `srpipe fetch --resume` continues from the last saved page after the reset$/,
    );
    // The quota was used to its last request, and no request was spent on a refusal.
    expect(mock.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(mock.requests).toHaveLength(5);
    expect(mock.quotaRemaining).toBe(0);
    const [dir] = await snapshotDirs(root, "scopus", "scopus-q");
    expect((await readSearchLog(dir!)).recordsRetrieved).toBe(125);

    mock.quotaRemaining = 20_000;
    const [resumed] = await runFetch(await context(root), { resume: true }, settings);
    expect(resumed).toMatchObject({ status: "complete", records: 250 });
    expect(await snapshotDirs(root, "scopus", "scopus-q")).toEqual([dir]);
  });

  test("a dry run shows the quota the search reported, and warns when the fetch would not fit in it", async () => {
    const mock = await scopus(2_000, KEY);
    mock.quotaRemaining = 40;
    const root = await makeWorkspace([scopusQuery()]);
    const log = captureLog();
    let printed = "";
    await runFetch(
      await context(root, log),
      { dryRun: true, out: (text) => void (printed += text) },
      fastSettings(env(mock, { SCOPUS_VIEW: "COMPLETE" }), RATES),
    );
    expect(printed).toContain(
      "  quota        39 of 20,000 requests left on the API key, refilled at 2026-01-01T00:00:00.000Z",
    );
    expect(log.text()).toContain("and scopus/scopus-q would need 79 more: the fetch would stop before its first page");
  });

  test("headers without a readable X-RateLimit-Remaining say nothing of the quota", () => {
    expect(elsevierQuota({})).toBeNull();
    expect(elsevierQuota({ "x-ratelimit-remaining": "many", "x-ratelimit-limit": "20000" })).toBeNull();
    expect(elsevierQuota({ "x-ratelimit-remaining": "12" })).toEqual({ remaining: 12, limit: null, resetsAt: null });
  });

  test("a reset time in epoch milliseconds, as a recorded Scopus answer carried, is read as milliseconds", () => {
    expect(elsevierQuota({ "x-ratelimit-remaining": "19996", "x-ratelimit-reset": "1631249428000" })?.resetsAt).toBe(
      "2021-09-10T04:50:28.000Z",
    );
    expect(elsevierQuota({ "x-ratelimit-remaining": "19996", "x-ratelimit-reset": "1631249428" })?.resetsAt).toBe(
      "2021-09-10T04:50:28.000Z",
    );
  });

  test("a reset time that is not epoch seconds is shown as the API wrote it, not converted", () => {
    expect(
      elsevierQuota({ "x-ratelimit-remaining": "19636", "x-ratelimit-reset": "2019-10-03 07:18:17" })?.resetsAt,
    ).toBe("2019-10-03 07:18:17 (as the API wrote it)");
    expect(
      elsevierQuotaRefusal(429, {
        "x-els-status": "QUOTA_EXCEEDED - Quota Exceeded",
        "x-ratelimit-reset": "2019-08-26 05:51:01",
      }),
    ).toContain("It resets at 2019-08-26 05:51:01 (as the API wrote it);");
  });
});
