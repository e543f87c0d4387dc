// npm run bench: records/second and peak memory of `srpipe convert` on a 100,000-record
// PubMed XML file and a 100,000-row Scopus CSV, both built from the real fixtures by
// repeating their records with fresh identifiers. Prints figures; asserts nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, createWriteStream, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { once } from "node:events";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = join(root, "tests", "fixtures");
const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const work = mkdtempSync(join(tmpdir(), "srpipe-bench-"));

async function writeLines(path, produce) {
  const out = createWriteStream(path);
  for (const piece of produce()) if (!out.write(piece)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

function pubmedArticles() {
  const dir = join(fixtures, "pubmed_xml");
  const articles = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".xml"))
    .sort()) {
    const xml = readFileSync(join(dir, name), "utf8");
    for (const m of xml.matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g)) articles.push(m[0]);
  }
  return articles;
}

async function buildPubmed(path) {
  const articles = pubmedArticles();
  await writeLines(path, function* () {
    yield '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n';
    for (let i = 0; i < N; i++) {
      const pmid = 40000000 + i;
      yield articles[i % articles.length].replace(/(<PMID[^>]*>)\d+(<\/PMID>)/, `$1${pmid}$2`) + "\n";
    }
    yield "</PubmedArticleSet>\n";
  });
  return articles.length;
}

async function buildScopus(path) {
  const text = readFileSync(join(fixtures, "scopus_csv", "litstudy_scopus_v2.csv"), "utf8");
  const newline = text.indexOf("\n");
  const header = text.slice(0, newline + 1);
  // Rows may hold quoted newlines; split on the EID-bearing row ends the export always has.
  const body = text.slice(newline + 1);
  const rows = body.split(/(?<="Scopus","2-s2\.0-\d+")\r?\n/).filter((r) => r.trim() !== "");
  await writeLines(path, function* () {
    yield header;
    for (let i = 0; i < N; i++) {
      const eid = `2-s2.0-${90000000000 + i}`;
      yield rows[i % rows.length].replace(/2-s2\.0-\d+/g, eid).trimEnd() + "\n";
    }
  });
  return rows.length;
}

function measure(label, file) {
  const child = join(root, "bench", "measure-child.mjs");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [child, "convert", file, "--to", "jsonl", "--quiet"], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peak = /peak-rss-bytes=(\d+)/.exec(result.stderr);
  const records = /records=(\d+) rejected=(\d+)/.exec(result.stderr);
  const mb = peak ? Number(peak[1]) / 1024 / 1024 : NaN;
  const ok =
    records && Number(records[1]) === N ? "" : `  (expected ${N} records; stderr: ${result.stderr.slice(0, 300)})`;
  console.log(
    `${label.padEnd(26)} ${String(N).padStart(7)} records  ${(statSync(file).size / 1024 / 1024).toFixed(0).padStart(4)} MB in  ${seconds.toFixed(1).padStart(6)} s  ${Math.round(
      N / seconds,
    )
      .toLocaleString("en")
      .padStart(8)} records/s  peak RSS ${mb.toFixed(0)} MB  exit ${result.status}${ok}`,
  );
}

const pubmed = join(work, "pubmed-100k.xml");
const scopus = join(work, "scopus-100k.csv");
const distinctArticles = await buildPubmed(pubmed);
const distinctRows = await buildScopus(scopus);
console.log(
  `node ${process.version}; inputs built from ${distinctArticles} PubMed articles and ${distinctRows} Scopus rows (tests/fixtures)`,
);
measure("convert pubmed-xml → jsonl", pubmed);
measure("convert scopus-csv → jsonl", scopus);
rmSync(work, { recursive: true, force: true });
