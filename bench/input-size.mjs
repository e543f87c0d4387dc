// npm run bench:input-size: time and peak memory of `srpipe convert` on hostile input, one very
// long line or field of 10, 20, 40 and 80 MB, in each format that has lines or fields (issue 14:
// doubling the input must no more than double the time). Each file also holds one ordinary
// record after the long one, which must still be read. Prints figures; asserts nothing.
// BENCH_SIZES=10,20 picks sizes (MB).
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sizes = (process.env.BENCH_SIZES ?? "10,20,40,80").split(",").map(Number);
const only = process.env.BENCH_FORMATS?.split(",");
const work = mkdtempSync(join(tmpdir(), "srpipe-bench-input-"));
const MB = 1024 * 1024;

/** Write `before`, `bytes` bytes of a repeated word, then `after`, without holding it all in memory. */
async function writeLong(path, before, bytes, after) {
  const out = createWriteStream(path);
  const piece = "lorem ipsum dolor sit amet ".repeat(40_000); // ~1 MB
  out.write(before);
  for (let left = bytes; left > 0; left -= piece.length) {
    if (!out.write(left >= piece.length ? piece : piece.slice(0, left))) await once(out, "drain");
  }
  out.write(after);
  out.end();
  await once(out, "finish");
}

const ORDINARY_RIS = "TY  - JOUR\nTI  - An ordinary record after the long one\nPY  - 2024\nER  - \n";
const CASES = {
  "ris-title-line": (n) => ["file.ris", "TY  - JOUR\nTI  - ", n, `\nPY  - 2024\nER  - \n\n${ORDINARY_RIS}`],
  "csv-quoted-field": (n) => ["file.csv", 'title,year\n"', n, '",2024\n"An ordinary record after the long one",2024\n'],
  "csv-unquoted-field": (n) => ["file.csv", "title,year\n", n, ',2024\n"An ordinary record after the long one",2024\n'],
  "pubmed-xml-line": (n) => [
    "file.xml",
    '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>',
    n,
    "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>An ordinary record after the long one</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n",
  ],
  "medline-abstract-line": (n) => [
    "file.nbib",
    "PMID- 1\nTI  - t\nAB  - ",
    n,
    "\n\nPMID- 2\nTI  - An ordinary record after the long one\n",
  ],
  "openalex-json-field": (n) => [
    "file.json",
    '{"results":[{"id":"https://openalex.org/W1","publication_year":2024,"title":"',
    n,
    '"},{"id":"https://openalex.org/W2","publication_year":2024,"title":"An ordinary record after the long one"}]}\n',
  ],
  "openalex-jsonl-line": (n) => [
    "file.jsonl",
    '{"id":"https://openalex.org/W1","publication_year":2024,"title":"',
    n,
    '"}\n{"id":"https://openalex.org/W2","publication_year":2024,"title":"An ordinary record after the long one"}\n',
  ],
  "bibtex-field": (n) => [
    "file.bib",
    "@article{a,\n title={",
    n,
    "},\n year={2024}\n}\n@article{b,\n title={An ordinary record after the long one},\n year={2024}\n}\n",
  ],
};

console.log(
  `srpipe convert on one very long line or field (${sizes.join(", ")} MB); time, peak RSS, records read / rejected`,
);
console.log(["case", "MB", "seconds", "peak MB", "records", "rejected", "time ratio to half size"].join("\t"));
for (const [name, make] of Object.entries(CASES)) {
  if (only && !only.includes(name)) continue;
  let previous = null;
  for (const size of sizes) {
    const [file, before, n, after] = make(size * MB);
    const path = join(work, file);
    await writeLong(path, before, n, after);
    const started = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      ["--max-old-space-size=4096", join(root, "bench", "measure-child.mjs"), "convert", path],
      {
        encoding: "utf8",
        maxBuffer: 1024 * MB,
        timeout: 600_000,
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stats = /records=(\d+) rejected=(\d+) peak-rss-bytes=(\d+)/.exec(result.stderr ?? "");
    const cells = stats ? [stats[1], stats[2], (Number(stats[3]) / MB).toFixed(0)] : ["?", "?", "?"];
    console.log(
      [
        name,
        size,
        seconds.toFixed(2),
        cells[2],
        cells[0],
        cells[1],
        previous ? (seconds / previous).toFixed(2) : "—",
      ].join("\t"),
    );
    if (!stats) console.log(`  (no figures: ${result.error?.message ?? (result.stderr ?? "").slice(-300)})`);
    previous = seconds;
    rmSync(path);
  }
}
rmSync(work, { recursive: true, force: true });
