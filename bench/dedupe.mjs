// npm run bench:dedupe: `srpipe dedupe --in` on the labelled benchmark sets in
// ../shared/benchmarks/dedup/ (MANIFEST.tsv there says where each came from), scored
// against their gold duplicate groups: pairwise precision and recall, and the removal
// sensitivity/specificity ASySD and bib-dedupe report (src/dedupe/score.ts).
//
// npm run bench:dedupe -- --scale: builds 100,000- and 1,000,000-record workspaces by
// perturbing those records (see `synthesise`) and times `srpipe dedupe` on each: wall time
// and peak memory of the process. Prints figures; asserts nothing. Uses dist/.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (path) => import(pathToFileURL(join(root, "dist", path)).href);
const BENCH_DIR = process.env.SRPIPE_DEDUP_BENCHMARKS ?? join(root, "..", "shared", "benchmarks", "dedup");

// Gold groups name records `id_0000001`; the ASySD file's own ids are the bare numbers
// (MANIFEST.tsv: "matching ID column of records_pre_merged.csv (or ASySD record_id number)").
const SETS = [
  { name: "Diabetes (ASySD)", records: "diabetes_asysd_records.csv", groups: "diabetes_groups.csv", encoding: "latin1", goldId: (id) => String(Number(id.replace(/^id_/, ""))) },
  { name: "Cytology (SRA)", records: "cytology_records.csv", groups: "cytology_groups.csv", encoding: "auto", goldId: (id) => id },
  { name: "digital_work (SRA)", records: "digital_work_records.csv", groups: "digital_work_groups.csv", encoding: "auto", goldId: (id) => id },
];

// Child mode: run one `srpipe dedupe` in this process and report its peak memory, so the
// figures are srpipe's and not the harness's. Runs the command module directly, so the
// bench works whether or not the command is wired into the CLI yet.
if (process.argv[2] === "--child") {
  const { parseCommandArgs } = await dist("commands/command.js");
  const { dedupeCommand } = await dist("commands/dedupe.js");
  const { createLogger } = await dist("log.js");
  const argv = process.argv.slice(3);
  const { options, positionals } = parseCommandArgs(dedupeCommand, argv);
  const log = createLogger(options.verbose ? "verbose" : "normal");
  const started = process.hrtime.bigint();
  let code;
  try {
    code = await dedupeCommand.run({ io: { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }, log, options, positionals });
  } catch (error) {
    process.stderr.write(`srpipe dedupe: ${error.message}\n`);
    code = 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(`bench: seconds=${seconds.toFixed(2)} peak-rss-bytes=${process.resourceUsage().maxRSS * 1024} exit=${code}\n`);
  process.exit(code);
}

function runChild(args, { quiet = true } = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", ...args, ...(quiet ? ["--quiet"] : [])], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const peak = /peak-rss-bytes=(\d+)/.exec(result.stderr);
  return { wall, peakMb: peak ? Number(peak[1]) / 1024 / 1024 : NaN, status: result.status, stderr: result.stderr };
}

function readGroups(path) {
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => line.replace(/"/g, "").split(";").map((id) => id.trim()));
}

async function readClusters(path) {
  const { parse } = await import("csv-parse/sync");
  return parse(readFileSync(path, "utf8"), { columns: true });
}

const pct = (x) => x.toFixed(4);

async function benchmarkSets() {
  const { scoreDeduplication } = await dist("dedupe/score.js");
  if (!existsSync(BENCH_DIR)) {
    console.log(`no benchmark sets at ${BENCH_DIR} (set SRPIPE_DEDUP_BENCHMARKS)`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "srpipe-bench-dedupe-"));
  console.log(`node ${process.version}; sets from ${BENCH_DIR}`);
  console.log(
    `${"set".padEnd(20)}${"records".padStart(8)}${"gold groups".padStart(12)}${"clusters".padStart(9)}${"review".padStart(7)}` +
      `${"pair P".padStart(8)}${"pair R".padStart(8)}${"sensitivity".padStart(12)}${"specificity".padStart(12)}${"TP/FP/TN/FN".padStart(22)}${"time".padStart(7)}${"peak".padStart(8)}`,
  );
  for (const set of SETS) {
    const out = join(work, set.records.replace(/\.csv$/, ""));
    const run = runChild(["--in", join(BENCH_DIR, set.records), "--out", out, "--encoding", set.encoding]);
    if (run.status !== 0 && !existsSync(join(out, "clusters.csv"))) {
      console.log(`${set.name}: srpipe dedupe failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
      continue;
    }
    const rows = await readClusters(join(out, "clusters.csv"));
    const review = readFileSync(join(out, "review.csv"), "utf8").split("\n").filter(Boolean).length - 1;
    const scored = rows.map((r) => ({ recordId: r.record_id, clusterId: r.cluster_id, retained: r.kept === "yes" }));
    const gold = readGroups(join(BENCH_DIR, set.groups)).map((group) => group.map(set.goldId));
    const s = scoreDeduplication(scored, gold);
    const { tp, fp, tn, fn } = s.removal;
    console.log(
      `${set.name.padEnd(20)}${String(s.records).padStart(8)}${String(s.goldGroups).padStart(12)}${String(new Set(scored.map((r) => r.clusterId)).size).padStart(9)}` +
        `${String(review).padStart(7)}${pct(s.pairwise.precision).padStart(8)}${pct(s.pairwise.recall).padStart(8)}` +
        `${pct(s.removal.sensitivity).padStart(12)}${pct(s.removal.specificity).padStart(12)}${`${tp}/${fp}/${tn}/${fn}`.padStart(22)}` +
        `${`${run.wall.toFixed(1)}s`.padStart(7)}${`${run.peakMb.toFixed(0)}MB`.padStart(8)}` +
        (s.unknownGoldIds ? `  (${s.unknownGoldIds} gold ids not among the records)` : ""),
    );
  }
  console.log("anchors (sensitivity / specificity, bib-dedupe's published runs): ASySD 0.998/1.000, 0.973/0.999, 0.832/0.997; bib-dedupe 1.000/1.000, 0.992/1.000, 0.997/1.000");
  rmSync(work, { recursive: true, force: true });
}

// ------------------------------------------------------------------------------ scale

/** mulberry32: a small seeded generator, so the synthetic sets are the same on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function baseRecords() {
  const { readWith } = await dist("sources/read.js");
  const { chooseAdapter } = await dist("sources/registry.js");
  const bases = [];
  for (const set of SETS) {
    const duplicates = new Set(readGroups(join(BENCH_DIR, set.groups)).flatMap((group) => group.slice(1).map(set.goldId)));
    for await (const item of readWith(join(BENCH_DIR, set.records), (text) => chooseAdapter(text, "auto"), { encoding: set.encoding })) {
      // One record per gold group: the bases must be distinct works.
      if (item.kind === "record" && !duplicates.has(item.record.sourceId)) bases.push(item.record);
    }
  }
  return bases;
}

const DATABASES = ["pubmed", "scopus", "embase", "wos", "ieee"];
const SMALL_WORDS = new Set(["of", "the", "and", "in", "on", "for", "a", "an", "to", "with", "by", "at"]);

/**
 * Synthetic works and their copies. A work is a benchmark record whose title keeps each
 * word with probability 0.35 (the others drawn from the corpus's words), with the authors,
 * journal and abstract of other records, its own year, volume, pages and DOI; the first
 * round of works are the records themselves. Each work appears 1–4 times (mean 1.9); every
 * copy after the first is perturbed as exports differ: typos in the title, case, an
 * abbreviated journal, missing fields, shuffled author order, initials for given names,
 * abbreviated page ranges, the year one off.
 */
function synthesise(bases, target, seed) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const vocabulary = [...new Set(bases.flatMap((b) => (b.title ?? "").split(/\s+/).filter((w) => w.length > 3)))];
  const plan = [];
  for (let work = 0; plan.length < target; work++) {
    const r = rnd();
    const copies = r < 0.45 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4;
    for (let c = 0; c < copies && plan.length < target; c++) plan.push(work * 4 + c);
  }
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [plan[i], plan[j]] = [plan[j], plan[i]];
  }
  const works = new Map();
  const workOf = (id) => {
    let w = works.get(id);
    if (w) return w;
    const wr = random(seed * 7919 + id);
    const base = bases[id % bases.length];
    const other = () => bases[Math.floor(wr() * bases.length)];
    if (id < bases.length) w = { ...base };
    else {
      const title = (base.title ?? "untitled work").split(/\s+/).map((word) => (SMALL_WORDS.has(word.toLowerCase()) || wr() < 0.35 ? word : vocabulary[Math.floor(wr() * vocabulary.length)])).join(" ");
      const a = other();
      const j = other();
      const start = 1 + Math.floor(wr() * 2000);
      w = {
        ...base,
        title,
        authors: a.authors,
        flags: a.flags.filter((f) => f === "authors-unsplit"),
        journal: j.journal,
        year: 1990 + Math.floor(wr() * 35),
        volume: String(1 + Math.floor(wr() * 120)),
        issue: String(1 + Math.floor(wr() * 12)),
        pages: `${start}-${start + 3 + Math.floor(wr() * 15)}`,
        doi: base.doi ? `10.9999/synthetic.${id}` : null,
        pmid: base.pmid ? String(30000000 + id) : null,
        abstract: a.abstract,
      };
    }
    works.set(id, w);
    return w;
  };
  return { plan, workOf, rnd, pick };
}

function perturb(record, rnd) {
  const r = { ...record };
  const chance = (p) => rnd() < p;
  if (r.title && chance(0.3)) {
    const chars = [...r.title];
    const at = 1 + Math.floor(rnd() * (chars.length - 2));
    if (chance(0.5)) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
    else chars.splice(at, 1);
    r.title = chars.join("");
  }
  if (r.title && chance(0.15)) r.title = r.title.toUpperCase();
  if (r.journal && chance(0.3)) r.journal = r.journal.split(/\s+/).filter((w) => !SMALL_WORDS.has(w.toLowerCase())).map((w) => (w.length > 5 ? w.slice(0, 4) : w)).join(" ");
  for (const field of ["doi", "abstract", "pages", "volume", "issue", "pmid"]) if (chance(0.2)) r[field] = null;
  if (chance(0.05)) r.authors = [];
  if (r.authors.length > 1 && chance(0.2)) {
    const a = [...r.authors];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    r.authors = a;
  }
  if (chance(0.3)) r.authors = r.authors.map((a) => ({ family: a.family, given: a.given ? a.given.split(/\s+/).map((g) => `${g[0]}.`).join(" ") : null }));
  if (r.pages && chance(0.2)) r.pages = r.pages.replace(/^(\d+)-(\d+)$/, (m, s, e) => (e.length === s.length && e.slice(0, -2) === s.slice(0, -2) ? `${s}-${e.slice(-2)}` : m));
  if (r.year && chance(0.1)) r.year += chance(0.5) ? 1 : -1;
  if (r.year !== null) r.date = null;
  return r;
}

async function buildWorkspace(dir, bases, n, seed) {
  const { recordToRow, RECORDS_CSV_HEADER } = await dist("record-csv.js");
  const { csvLine } = await dist("io/csv-write.js");
  mkdirSync(join(dir, "processed"), { recursive: true });
  writeFileSync(join(dir, "review.json"), JSON.stringify({ schemaVersion: 1, title: "scale bench", databases: DATABASES.map((id) => ({ id, name: id })) }));
  const { plan, workOf, rnd } = synthesise(bases, n, seed);
  const out = createWriteStream(join(dir, "processed", "records.csv"));
  const truth = new Int32Array(plan.length);
  out.write(csvLine(RECORDS_CSV_HEADER));
  for (let i = 0; i < plan.length; i++) {
    const work = Math.floor(plan[i] / 4);
    const copy = plan[i] % 4;
    truth[i] = work;
    const base = workOf(work);
    const record = copy === 0 ? { ...base } : perturb(base, rnd);
    const database = DATABASES[(work + copy) % DATABASES.length];
    Object.assign(record, {
      key: `${database}:syn${String(i).padStart(8, "0")}`,
      database,
      sourceId: `syn${String(i).padStart(8, "0")}`,
      eid: null,
      pmcid: null,
      raw: {},
      provenance: { file: `raw/exports/${database}/synthetic.csv`, position: i + 1, line: null, format: "csv", queryId: null },
    });
    if (!out.write(csvLine(recordToRow(record)))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return truth;
}

async function scale() {
  const { scoreDeduplication } = await dist("dedupe/score.js");
  const sizes = (process.env.BENCH_DEDUPE_SIZES ?? "100000,1000000").split(",").map(Number);
  const bases = await baseRecords();
  console.log(`scale: synthetic workspaces from ${bases.length.toLocaleString("en")} distinct benchmark records; targets 100k < 15 s, 1M < 180 s, peak < 4 GB`);
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `srpipe-bench-dedupe-${n}-`));
    try {
      const truth = await buildWorkspace(dir, bases, n, 20250401);
      const run = runChild(["--workspace", dir], { quiet: false });
      const summary = run.stderr.split("\n").filter((l) => /^(compared|wrote|skipped|\d+ block|warning)/.test(l)).map((l) => `    ${l}`).join("\n");
      let quality = "";
      if (existsSync(join(dir, "processed", "dedup", "clusters.csv"))) {
        const rows = await readClusters(join(dir, "processed", "dedup", "clusters.csv"));
        const groups = new Map();
        const scored = rows.map((r) => {
          const index = Number(r.record_id.replace(/^syn/, ""));
          const work = truth[index];
          if (!groups.has(work)) groups.set(work, []);
          groups.get(work).push(r.record_id);
          return { recordId: r.record_id, clusterId: r.cluster_id, retained: r.kept === "yes" };
        });
        const s = scoreDeduplication(scored, [...groups.values()].filter((g) => g.length > 1));
        quality = `pair P ${pct(s.pairwise.precision)} R ${pct(s.pairwise.recall)}, sensitivity ${pct(s.removal.sensitivity)} specificity ${pct(s.removal.specificity)}`;
      }
      console.log(
        `dedupe ${n.toLocaleString("en").padStart(9)} records: ${run.wall.toFixed(1).padStart(6)} s wall, peak RSS ${run.peakMb.toFixed(0)} MB, exit ${run.status}; ${quality}\n${summary}`,
      );
    } finally {
      if (process.env.BENCH_DEDUPE_KEEP) console.log(`    kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv.includes("--scale")) await scale();
else await benchmarkSets();
