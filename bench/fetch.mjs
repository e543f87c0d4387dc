// npm run bench: `srpipe fetch` against the local E-utilities and arXiv stand-ins
// (tests/fetch/mock-server.ts) with the databases' real rate limits, enforced by the server
// (a 429 for any request past them). Prints wall time against the theoretical minimum,
// requests needed ÷ allowed rate. Uses dist/ (npm run build first); asserts nothing.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PUBMED_RECORDS = Number(process.env.BENCH_PUBMED_RECORDS ?? 20_000);
const ARXIV_RECORDS = Number(process.env.BENCH_ARXIV_RECORDS ?? 5_000);
const WINDOW = { from: "2022-01-01", to: "2025-03-31" };
const work = mkdtempSync(join(tmpdir(), "srpipe-bench-fetch-"));

// The mock is TypeScript (the tests use it); Node 20 cannot run that, so transpile it here. The
// JavaScript goes beside the source, not into the temporary folder: it imports vitest (for the
// tests' per-test helper) and finds tests/fixtures/ relative to itself, both resolved from there.
const mockFile = join(root, "tests", "fetch", `.mock-server.bench-${process.pid}.mjs`);
async function loadMock() {
  const source = readFileSync(join(root, "tests", "fetch", "mock-server.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(mockFile, outputText);
  return import(pathToFileURL(mockFile).href);
}

function workspace(name, query) {
  const dir = join(work, name);
  mkdirSync(join(dir, "queries"), { recursive: true });
  writeFileSync(
    join(dir, "review.json"),
    JSON.stringify({
      schemaVersion: 1,
      title: "bench",
      databases: [
        { id: "pubmed", name: "PubMed" },
        { id: "arxiv", name: "arXiv" },
      ],
    }),
  );
  writeFileSync(join(dir, "queries", `${query.id}.json`), JSON.stringify(query));
  return dir;
}

const { runFetch } = await import(pathToFileURL(join(root, "dist", "fetch", "run.js")).href);
const { workspaceAt } = await import(pathToFileURL(join(root, "dist", "workspace.js")).href);
const { openStageContext } = await import(pathToFileURL(join(root, "dist", "stages", "stage.js")).href);
const { createLogger } = await import(pathToFileURL(join(root, "dist", "log.js")).href);
const mock = await loadMock();
const fixturesDir = join(root, "tests", "fixtures");
// Warnings (a retry, a 429) would show; the per-page progress lines would not.
const log = createLogger("quiet");

async function bench(label, { service, database, query, env, perSecond, records }) {
  const dir = workspace(label.replace(/\W+/g, "-"), query);
  const started = performance.now();
  const [outcome] = await runFetch(await openStageContext(workspaceAt(dir), log), {}, { env });
  const seconds = (performance.now() - started) / 1000;
  const requests = service.requests.length;
  const minimum = requests / perSecond;
  const spacing = (requests - 1) / perSecond;
  const rate = perSecond < 1 ? `1/${(1 / perSecond).toFixed(0)} s` : `${perSecond}/s`;
  console.log(
    `${label.padEnd(24)} ${String(records).padStart(6)} records  ${String(requests).padStart(3)} requests at ${rate.padEnd(5)}` +
      `  wall ${seconds.toFixed(2).padStart(6)} s  minimum ${minimum.toFixed(2).padStart(6)} s  ratio ${(seconds / minimum).toFixed(3)}` +
      `  (starts spaced ${spacing.toFixed(2)} s: ${(seconds / spacing).toFixed(3)})  429s provoked ${service.rateLimited}` +
      `  ${outcome.status}${outcome.records === records ? "" : ` (${outcome.records} of ${records} records!)`}`,
  );
  if (database === "pubmed" && outcome.status !== "complete") console.log(`  ${outcome.message}`);
}

try {
  console.log(
    "srpipe fetch against local servers enforcing the real rate limits (theoretical minimum = requests ÷ allowed rate)",
  );
  for (const keyed of [true, false]) {
    const eutils = await mock.startMockEutils({
      records: mock.pubmedCorpus(PUBMED_RECORDS, WINDOW),
      fixturesDir,
      rates: { keyless: 3, keyed: 10 },
    });
    try {
      await bench(`PubMed ${keyed ? "with" : "without"} API key`, {
        service: eutils,
        database: "pubmed",
        records: PUBMED_RECORDS,
        perSecond: keyed ? 10 : 3,
        query: {
          schemaVersion: 1,
          id: "pubmed-bench",
          database: "pubmed",
          mode: "api",
          query: '"large language models"[Title/Abstract]',
          dateWindow: WINDOW,
        },
        env: {
          SRPIPE_PUBMED_URL: eutils.base,
          NCBI_EMAIL: "bench@example.org",
          ...(keyed ? { NCBI_API_KEY: "bench-key" } : {}),
        },
      });
    } finally {
      await eutils.close();
    }
  }
  const arxiv = await mock.startMockArxiv({
    records: mock.arxivCorpus(ARXIV_RECORDS, WINDOW),
    fixturesDir,
    rate: { limit: 1, windowMs: 3000 },
  });
  try {
    await bench("arXiv", {
      service: arxiv,
      database: "arxiv",
      records: ARXIV_RECORDS,
      perSecond: 1 / 3,
      query: {
        schemaVersion: 1,
        id: "arxiv-bench",
        database: "arxiv",
        mode: "api",
        query: 'abs:"large language models"',
        dateWindow: WINDOW,
      },
      env: { SRPIPE_ARXIV_URL: arxiv.queryUrl },
    });
  } finally {
    await arxiv.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(mockFile, { force: true });
}
