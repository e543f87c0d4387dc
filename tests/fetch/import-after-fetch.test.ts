import { afterEach, expect, test } from "vitest";
import { runFetch } from "../../src/fetch/run.js";
import { runCli } from "../cli-io.js";
import { arxivQuery, context, fastSettings, makeWorkspace, pubmedQuery, WINDOW } from "./fetch-workspace.js";
import { arxivCorpus, pubmedCorpus, startMockArxiv, startMockEutils } from "./mock-server.js";

const services: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

test("srpipe import reads the newest complete snapshot of each fetched query, and says which", async () => {
  const pubmed = await startMockEutils({ records: pubmedCorpus(40, WINDOW), rates: null });
  const arxiv = await startMockArxiv({ records: arxivCorpus(25, WINDOW), rate: null });
  services.push(pubmed, arxiv);
  const root = await makeWorkspace([pubmedQuery({ pageSize: 15 }), arxivQuery({ pageSize: 10 })]);
  const outcomes = await runFetch(
    await context(root),
    {},
    fastSettings({ SRPIPE_PUBMED_URL: pubmed.base, SRPIPE_ARXIV_URL: arxiv.queryUrl }),
  );
  const result = await runCli(["import", "--workspace", root]);
  for (const o of outcomes) expect(result.stderr).toContain(`using snapshot ${o.snapshot}`);
  expect(result.stderr).toMatch(/wrote processed\/records\.csv: 65 records from 6 files, 0 rejected/);
  expect(result.code).toBe(0);
});
