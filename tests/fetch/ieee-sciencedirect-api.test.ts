import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { runFetch } from "../../src/fetch/run.js";
import { runCli } from "../cli-io.js";
import {
  captureLog,
  context,
  fastSettings,
  filesBelow,
  ieeeQuery,
  makeWorkspace,
  readSearchLog,
  sciencedirectQuery,
  snapshotDirs,
  WINDOW,
} from "./fetch-workspace.js";
import { jsonApisPerTest } from "./mock-json-apis.js";

const { ieee, sciencedirect } = jsonApisPerTest(WINDOW);
const IEEE_KEY = "ieee-key-a81f3c";
const ELS_KEY = "els-key-0b9d42";
const RATES = {
  rates: { ieee: { perSecond: 1000, concurrency: 3 }, sciencedirect: { perSecond: 1000, concurrency: 2 } },
};

async function secretsOnDisk(root: string, secrets: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesBelow(root)) {
    const text = await readFile(file, "utf8");
    for (const secret of secrets) if (text.includes(secret)) found.push(`${file}: ${secret}`);
  }
  return found;
}

describe("IEEE Xplore Metadata API", () => {
  test("a search is paged with start_record from 1 in 200s, in article-number order, the key never saved", async () => {
    const mock = await ieee(450, IEEE_KEY);
    const root = await makeWorkspace([ieeeQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_IEEE_URL: mock.searchUrl, IEEE_API_KEY: IEEE_KEY }, RATES),
    );
    expect(outcome).toMatchObject({ status: "complete", hits: 450, records: 450 });
    const starts = mock.requests.map((r) => Number(r.params.start_record)).sort((a, b) => a - b);
    expect(starts).toEqual([1, 201, 401]);
    expect(
      mock.requests.every(
        (r) =>
          r.params.start_year === "2022" && r.params.end_year === "2025" && r.params.sort_field === "article_number",
      ),
    ).toBe(true);
    expect(await secretsOnDisk(root, [IEEE_KEY])).toEqual([]);
    const [dir] = await snapshotDirs(root, "ieee", "ieee-q");
    const log = await readSearchLog(dir!);
    expect(log.querySent).toBe(
      'querytext=("Abstract":"large language models") AND ("Abstract":clinical)&start_year=2022&end_year=2025',
    );
    expect(log.pages.every((p) => !p.request.includes(IEEE_KEY))).toBe(true);
    const result = await runCli(["import", "--workspace", root]);
    expect(result.stderr).toMatch(/wrote processed\/records\.csv: 450 records from 3 files, 0 rejected/);
  });

  test("an exhausted daily quota (403 Developer Over Rate) fails at once; --resume continues the snapshot", async () => {
    const mock = await ieee(600, IEEE_KEY);
    const route = "/api/v1/search/articles";
    const root = await makeWorkspace([ieeeQuery()]);
    mock.onRequest = () => {
      if (mock.count(route) === 1) mock.inject(route, { kind: "over-rate" });
    };
    const env = { SRPIPE_IEEE_URL: mock.searchUrl, IEEE_API_KEY: IEEE_KEY };
    const [failed] = await runFetch(await context(root), {}, fastSettings(env, RATES));
    mock.onRequest = null;
    expect(failed?.status).toBe("failed");
    expect(failed?.message).toContain("daily quota is used up (Developer Over Rate)");
    expect(mock.requests.filter((r) => r.status === 403)).toHaveLength(1);
    const [resumed] = await runFetch(await context(root), { resume: true }, fastSettings(env, RATES));
    expect(resumed).toMatchObject({ status: "complete", records: 600 });
    expect(await snapshotDirs(root, "ieee", "ieee-q")).toHaveLength(1);
  });

  test("a 429 with Retry-After, a 500 and a truncated page are asked again", async () => {
    const mock = await ieee(300, IEEE_KEY);
    const route = "/api/v1/search/articles";
    mock.inject(route, { kind: "status", status: 429, retryAfter: "0" });
    mock.inject(route, { kind: "status", status: 500 });
    mock.inject(route, { kind: "truncate" });
    const root = await makeWorkspace([ieeeQuery()]);
    const log = captureLog();
    const [outcome] = await runFetch(
      await context(root, log),
      {},
      fastSettings({ SRPIPE_IEEE_URL: mock.searchUrl, IEEE_API_KEY: IEEE_KEY }, RATES),
    );
    expect(outcome).toMatchObject({ status: "complete", records: 300 });
    expect(log.text()).toContain("IEEE Xplore response is JSON that does not parse");
  });

  test("a wrong key is refused once, with the gateway's own words", async () => {
    const mock = await ieee(10, IEEE_KEY);
    const root = await makeWorkspace([ieeeQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_IEEE_URL: mock.searchUrl, IEEE_API_KEY: "not-the-key" }, RATES),
    );
    expect(outcome?.message).toContain("HTTP 403: IEEE Xplore: Developer Inactive");
    expect(outcome?.message).not.toContain("not-the-key");
  });
});

describe("ScienceDirect Search API", () => {
  test("pages are PUT with offset/show in the JSON body, recorded with it, the key only in a header", async () => {
    const mock = await sciencedirect(250, ELS_KEY);
    const root = await makeWorkspace([sciencedirectQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_SCIENCEDIRECT_URL: mock.searchUrl, ELSEVIER_API_KEY: ELS_KEY }, RATES),
    );
    expect(outcome).toMatchObject({ status: "complete", hits: 250, records: 250 });
    const bodies = mock.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.display.offset).sort((a: number, b: number) => a - b)).toEqual([0, 100, 200]);
    expect(bodies.every((b) => b.date === "2022-2025" && b.display.show === 100)).toBe(true);
    expect(mock.requests.every((r) => r.method === "PUT" && r.headers["x-els-apikey"] === ELS_KEY)).toBe(true);
    const [dir] = await snapshotDirs(root, "sciencedirect", "sciencedirect-q");
    const log = await readSearchLog(dir!);
    expect(log.querySent).toBe('{"qs":"\\"large language models\\" AND (clinical OR medicine)","date":"2022-2025"}');
    expect(log.pages.map((p) => p.request)).toContain(
      `PUT ${mock.searchUrl} {"qs":"\\"large language models\\" AND (clinical OR medicine)","date":"2022-2025","display":{"offset":100,"show":100,"sortBy":"date"}}`,
    );
    expect(await secretsOnDisk(root, [ELS_KEY])).toEqual([]);
    const result = await runCli(["import", "--workspace", root]);
    expect(result.stderr).toMatch(/wrote processed\/records\.csv: 250 records from 3 files, 0 rejected/);
  });

  test("a window over the 6,000 offset cap is split at year boundaries", async () => {
    const mock = await sciencedirect(6_300, ELS_KEY);
    const root = await makeWorkspace([sciencedirectQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_SCIENCEDIRECT_URL: mock.searchUrl, ELSEVIER_API_KEY: ELS_KEY }, RATES),
    );
    expect(outcome).toMatchObject({ status: "complete", hits: 6_300, records: 6_300 });
    const [dir] = await snapshotDirs(root, "sciencedirect", "sciencedirect-q");
    expect((await readSearchLog(dir!)).slices.map((s) => s.to)).toEqual(["2023-12-31", "2025-03-31"]);
    expect(
      mock.requests.every((r) => {
        const { display } = JSON.parse(r.body);
        return display.offset + display.show <= 6_000;
      }),
    ).toBe(true);
  });

  test("a fetch whose pages need more requests than the search's response says remain is not started", async () => {
    const mock = await sciencedirect(450, ELS_KEY);
    mock.quotaRemaining = 3;
    const root = await makeWorkspace([sciencedirectQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_SCIENCEDIRECT_URL: mock.searchUrl, ELSEVIER_API_KEY: ELS_KEY }, RATES),
    );
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toBe(
      "ScienceDirect reports 2 of 20,000 requests left on the API key, refilled at 2026-01-01T00:00:00.000Z, and sciencedirect/sciencedirect-q needs 4 page requests: " +
        "not started, so the quota is not spent on a fetch that cannot finish; `srpipe fetch --resume` continues after the reset (or narrow the query)",
    );
    expect(mock.requests).toHaveLength(1);
  });

  test("a quota that runs out during the fetch stops it before a request the API would refuse; --resume finishes after the reset", async () => {
    const mock = await sciencedirect(650, ELS_KEY);
    const root = await makeWorkspace([sciencedirectQuery()]);
    // The shared key is spent elsewhere: after the second request two remain for the five pages to go.
    mock.onRequest = () => {
      if (mock.requests.length === 2) mock.quotaRemaining = 2;
    };
    const log = captureLog();
    // One request at a time (two asked ahead), so the stand-in's count is the client's to see before it asks more.
    const settings = fastSettings(
      { SRPIPE_SCIENCEDIRECT_URL: mock.searchUrl, ELSEVIER_API_KEY: ELS_KEY },
      { rates: { sciencedirect: { perSecond: 1000, concurrency: 1 } } },
    );
    const [outcome] = await runFetch(await context(root, log), {}, settings);
    mock.onRequest = null;
    expect(
      log.lines.filter((l) => l.startsWith("warning:") && l.includes("requests left on the API key")),
    ).toHaveLength(1);
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toMatch(
      /^ScienceDirect reports 0 of 20,000 requests left on the API key, refilled at 2026-01-01T00:00:00\.000Z: stopped before asking for pages the API would refuse, with \d+ pages? of sciencedirect\/sciencedirect-q still to fetch;/,
    );
    expect(mock.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(mock.quotaRemaining).toBe(0);
    const [dir] = await snapshotDirs(root, "sciencedirect", "sciencedirect-q");
    const saved = (await readSearchLog(dir!)).recordsRetrieved;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(650);

    mock.quotaRemaining = 20_000;
    const [resumed] = await runFetch(await context(root), { resume: true }, settings);
    expect(resumed).toMatchObject({ status: "complete", records: 650 });
    expect(await snapshotDirs(root, "sciencedirect", "sciencedirect-q")).toEqual([dir]);
  });

  test("an exhausted weekly quota fails at once with its reset time", async () => {
    const mock = await sciencedirect(50, ELS_KEY);
    mock.inject("/content/search/sciencedirect", { kind: "quota", resetEpochSeconds: 1_767_225_600 });
    const root = await makeWorkspace([sciencedirectQuery()]);
    const [outcome] = await runFetch(
      await context(root),
      {},
      fastSettings({ SRPIPE_SCIENCEDIRECT_URL: mock.searchUrl, ELSEVIER_API_KEY: ELS_KEY }, RATES),
    );
    expect(outcome?.status).toBe("failed");
    expect(outcome?.message).toContain("resets at 2026-01-01T00:00:00.000Z");
    expect(mock.requests).toHaveLength(1);
  });
});
