import { spawn } from "node:child_process";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runFetch } from "../../src/fetch/run.js";
import { REPO_DIR } from "../helpers.js";
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
import { type MockArxiv, type MockEutils, mockServersPerTest } from "./mock-server.js";

const { eutils, arxiv } = mockServersPerTest(WINDOW);

/** Run a fetch and abort it (as a kill would stop it) when the server sees the `n`th request on `route`. */
async function interruptedFetch(
  root: string,
  mock: MockEutils | MockArxiv,
  route: string,
  n: number,
  env: { [name: string]: string },
): Promise<void> {
  const controller = new AbortController();
  mock.onRequest = () => {
    if (mock.count(route) === n) controller.abort();
  };
  await expect(runFetch(await context(root), {}, fastSettings(env, { signal: controller.signal }))).rejects.toThrow();
  mock.onRequest = null;
}

/** retstart of every EFetch request the server received after `from`. */
function efetchStarts(mock: MockEutils, from = 0): number[] {
  return mock.requests
    .slice(from)
    .filter((r) => r.route === "efetch")
    .map((r) => Number(r.params.retstart));
}

describe("resuming PubMed", () => {
  test("an interrupted fetch resumes from its last complete page: no page fetched twice, every PMID once", async () => {
    const mock = await eutils(2_000);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    await interruptedFetch(root, mock, "efetch", 9, env);

    const [dir] = await snapshotDirs(root, "pubmed", "pubmed-q");
    const before = await readSearchLog(dir!);
    expect(before.status).toBe("running");
    const saved = before.recordsRetrieved;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(2_000);

    const seen = mock.requests.length;
    const log = captureLog();
    const [outcome] = await runFetch(await context(root, log), { resume: true }, fastSettings(env));
    expect(outcome).toMatchObject({
      status: "complete",
      records: 2_000,
      snapshot: expect.stringContaining("raw/searches/pubmed/pubmed-q/"),
    });
    expect(await snapshotDirs(root, "pubmed", "pubmed-q")).toEqual([dir]);
    expect(log.lines).toContain(
      `resuming pubmed/pubmed-q at ${saved.toLocaleString("en")}/2,000 records (${outcome!.snapshot})`,
    );

    // One new ESearch (a fresh WebEnv, the count and the ids already saved checked), then EFetch from where the snapshot stood.
    const resumed = mock.requests.slice(seen);
    expect(resumed[0]).toMatchObject({ route: "esearch", params: { retstart: "0", retmax: "9999" } });
    const starts = efetchStarts(mock, seen);
    expect(Math.min(...starts)).toBe(saved);
    expect(new Set(starts).size).toBe(starts.length);

    const after = await readSearchLog(dir!);
    expect(after.status).toBe("complete");
    expect(after.pages.filter((p) => p.role === "search").map((p) => p.file)).toEqual([
      "esearch-0001.xml",
      "esearch-0002.xml",
    ]);
    const ids = await idsInSnapshot(dir!);
    expect(ids).toHaveLength(2_000);
    expect(new Set(ids)).toEqual(new Set(mock.records.map((r) => r.pmid)));
  });

  test("a fetch that lost the network fails, keeps its pages, and --resume completes it after", async () => {
    const mock = await eutils(1_000);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    mock.onRequest = () => {
      if (mock.count("efetch") === 5) mock.down = true;
    };
    const [failed] = await runFetch(await context(root), {}, fastSettings(env));
    expect(failed!.status).toBe("failed");
    expect(failed!.message).toMatch(/gave up after 4 attempts: network error/);
    const [dir] = await snapshotDirs(root, "pubmed", "pubmed-q");
    expect((await readSearchLog(dir!)).status).toBe("failed");

    mock.down = false;
    mock.onRequest = null;
    mock.expireHistory(); // hours later: the WebEnv is gone; the resume must not need it
    const [outcome] = await runFetch(await context(root), { resume: true }, fastSettings(env));
    expect(outcome).toMatchObject({ status: "complete", records: 1_000 });
    const ids = await idsInSnapshot(dir!);
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
  });

  test("when PubMed's count has changed, the resume fails and says to start a new snapshot", async () => {
    const mock = await eutils(1_000);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    await interruptedFetch(root, mock, "efetch", 6, env);
    mock.records = [...mock.records, { pmid: "39999999", day: "2024-06-01" }];
    const [outcome] = await runFetch(await context(root), { resume: true }, fastSettings(env));
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toBe(
      "PubMed now reports 1,001 hits for 2022-01-01 to 2025-03-31, the interrupted fetch had 1,000: the result set changed, so its pages cannot be continued; run `srpipe fetch --query pubmed-q` for a new snapshot",
    );
  });

  test("when the record at the join has moved (same count, other order), the resume fails rather than skip or repeat", async () => {
    const mock = await eutils(1_000);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    await interruptedFetch(root, mock, "efetch", 6, env);
    // The newest record is withdrawn and an older one added: 1,000 hits still, every position shifted.
    const newest = mock.records.at(-1)!;
    mock.records = [{ pmid: "29999999", day: "2022-01-01" }, ...mock.records.filter((r) => r !== newest)];
    const [outcome] = await runFetch(await context(root), { resume: true }, fastSettings(env));
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(
      /^PubMed now lists record \d+ at position [\d,]+ of 2022-01-01 to 2025-03-31 where the interrupted fetch saved \d+: the order changed/,
    );
  });

  test("--resume with a complete newest snapshot fetches nothing; a plain fetch beside an unfinished one warns and starts anew", async () => {
    const mock = await eutils(300);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    await runFetch(await context(root), {}, fastSettings(env, { now: () => new Date("2025-01-01T00:00:00Z") }));
    const seen = mock.requests.length;
    const log = captureLog();
    expect((await runFetch(await context(root, log), { resume: true }, fastSettings(env)))[0]!.status).toBe(
      "nothing-to-resume",
    );
    expect(log.lines).toContain(
      "skipped pubmed/pubmed-q: nothing to resume (its newest snapshot raw/searches/pubmed/pubmed-q/20250101T000000Z is complete; `srpipe fetch --query pubmed-q` starts a new one)",
    );
    expect(mock.requests).toHaveLength(seen);

    await interruptedFetch(root, mock, "efetch", mock.count("efetch") + 2, env);
    const second = captureLog();
    await runFetch(await context(root, second), {}, fastSettings(env, { now: () => new Date("2030-01-01T00:00:00Z") }));
    const dirs = await snapshotDirs(root, "pubmed", "pubmed-q");
    expect(dirs).toHaveLength(3);
    expect(
      second.lines.some((l) =>
        /^warning: raw\/searches\/pubmed\/pubmed-q\/\d{8}T\d{6}Z is unfinished; starting a new snapshot/.test(l),
      ),
    ).toBe(true);
    expect((await readSearchLog(dirs[2]!)).status).toBe("complete");
  });

  test("--resume also runs the queries the interrupted fetch never reached, and a query never fetched at all", async () => {
    const pubmed = await eutils(300);
    const ax = await arxiv(120);
    const root = await makeWorkspace([
      pubmedQuery({ pageSize: 100 }),
      arxivQuery({ pageSize: 50 }),
      pubmedQuery({ id: "pubmed-z", pageSize: 100 }),
    ]);
    const env = { SRPIPE_PUBMED_URL: pubmed.base, SRPIPE_ARXIV_URL: ax.queryUrl };
    // An older, complete snapshot of pubmed-q: the new run is interrupted in arxiv-q, before pubmed-q and pubmed-z.
    await runFetch(
      await context(root),
      { queryId: "pubmed-q" },
      fastSettings(env, { now: () => new Date("2025-01-01T00:00:00Z") }),
    );
    await interruptedFetch(root, ax, "query", 2, env);
    expect(await snapshotDirs(root, "pubmed", "pubmed-q")).toHaveLength(1);

    const log = captureLog();
    const outcomes = await runFetch(await context(root, log), { resume: true }, fastSettings(env));
    expect(outcomes.map((o) => [o.queryId, o.status, o.records])).toEqual([
      ["arxiv-q", "complete", 120],
      ["pubmed-q", "complete", 300],
      ["pubmed-z", "complete", 300],
    ]);
    expect(
      log.lines.some((l) =>
        /^starting pubmed\/pubmed-q: the fetch started \S+ was interrupted before it reached this query$/.test(l),
      ),
    ).toBe(true);
    expect(log.lines).toContain("starting pubmed/pubmed-z: it has no snapshot yet");
    expect(await snapshotDirs(root, "pubmed", "pubmed-q")).toHaveLength(2);
  });

  test("a resume refuses a snapshot whose query has changed since", async () => {
    const mock = await eutils(500);
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = { SRPIPE_PUBMED_URL: mock.base };
    await interruptedFetch(root, mock, "efetch", 2, env);
    await writeFile(
      join(root, "queries", "pubmed-q.json"),
      JSON.stringify(pubmedQuery({ pageSize: 100, query: "other" })),
    );
    const [outcome] = await runFetch(await context(root), { resume: true }, fastSettings(env));
    expect(outcome!.status).toBe("failed");
    expect(outcome!.message).toMatch(
      /^cannot resume raw\/searches\/pubmed\/pubmed-q\/\d{8}T\d{6}Z: its query was "\("large language models"\[Title\/Abstract\]\) AND .*", the query file now gives "\(other\) AND/,
    );
  });
});

describe("resuming arXiv", () => {
  test("an interrupted fetch continues at the next start, every paper once", async () => {
    const mock = await arxiv(730);
    const root = await makeWorkspace([arxivQuery({ pageSize: 100 })]);
    const env = { SRPIPE_ARXIV_URL: mock.queryUrl };
    await interruptedFetch(root, mock, "query", 4, env);
    const [dir] = await snapshotDirs(root, "arxiv", "arxiv-q");
    const saved = (await readSearchLog(dir!)).recordsRetrieved;
    const seen = mock.requests.length;
    const [outcome] = await runFetch(await context(root), { resume: true }, fastSettings(env));
    expect(outcome).toMatchObject({ status: "complete", records: 730 });
    expect(mock.requests.slice(seen).map((r) => Number(r.params.start))[0]).toBe(saved);
    expect(await idsInSnapshot(dir!)).toEqual(mock.records.map((r) => r.id));
  });
});

describe("the CLI killed mid-fetch", () => {
  test("`srpipe fetch` killed with SIGKILL, then `srpipe fetch --resume`: complete, no duplicate, no gap, no key on disk", async () => {
    // The built CLI with the real PubMed limits (10 requests/s with a key) against the local server.
    const mock = await eutils(1_500, { keyless: 3, keyed: 10 });
    const root = await makeWorkspace([pubmedQuery({ pageSize: 100 })]);
    const env = {
      ...process.env,
      SRPIPE_PUBMED_URL: mock.base,
      NCBI_API_KEY: "spawned-test-key-42",
      NCBI_EMAIL: "kill@example.org",
      NO_COLOR: "1",
    };
    const cli = join(REPO_DIR, "dist", "cli.js");
    const run = (args: string[], killAt?: number) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, "fetch", "--workspace", root, ...args], {
          env,
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
        if (killAt !== undefined) {
          mock.onRequest = () => {
            if (mock.count("efetch") === killAt) child.kill("SIGKILL");
          };
        }
        child.on("close", (code, signal) => resolve({ code, signal, stderr }));
      });

    const killed = await run([], 6);
    expect(killed.stderr).not.toMatch(/unknown command|Error/);
    expect(killed.signal).toBe("SIGKILL");
    mock.onRequest = null;
    const [dir] = await snapshotDirs(root, "pubmed", "pubmed-q");
    expect((await readSearchLog(dir!)).status).toBe("running");

    const resumed = await run(["--resume"]);
    expect(resumed.stderr).toContain("resuming pubmed/pubmed-q at ");
    expect(resumed.code).toBe(0);
    const log = await readSearchLog(dir!);
    expect(log).toMatchObject({ status: "complete", hitsReported: 1_500, recordsRetrieved: 1_500 });
    const ids = await idsInSnapshot(dir!);
    expect(ids).toHaveLength(1_500);
    expect(new Set(ids)).toEqual(new Set(mock.records.map((r) => r.pmid)));
    expect((await readdir(dir!)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(killed.stderr + resumed.stderr).not.toContain("spawned-test-key-42");
    for (const file of await filesBelow(join(root, "raw")))
      expect(await readFile(file, "utf8"), file).not.toMatch(
        /spawned-test-key-42|kill@example\.org|kill%40example\.org/,
      );
  });
});
