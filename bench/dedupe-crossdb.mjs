// node bench/dedupe-crossdb.mjs [folder…]: deduplication on real exports of one search from
// several databases, labelled by nothing but the identifiers the databases gave: a held-out
// check of the rules on data none of them was designed on. For each folder (one search's
// exports; default: every folder in bench/data/crossdb/, MANIFEST.tsv there names their
// origin; `.gz` files are read unzipped) it reads every file as `srpipe dedupe --in` would, keeps the records that carry a
// DOI or a PMID, and takes as gold the groups those identifiers form (records sharing a DOI or
// a PMID are one work). It then deduplicates those records with every identifier and the
// abstract taken away — what an SRA-style library holds — and scores the clusters against
// the gold groups: automatic sensitivity and specificity (bench/dedupe.mjs's removal counts),
// review pairs (and per 1,000 scored records), and each pair the two disagree on and each review
// pair, with the rule that decided it (BENCH_CROSSDB_SHOW=N of each kind, 10 by default). `--json`: one object per search.
//
// The gold is the databases' own: a wrong DOI, or a work whose copies got different DOIs (a
// preprint and its article), counts against srpipe though srpipe may be right; the listed
// pairs are there to be read before a figure is believed. Nothing here is tuned on: the rules
// were written before these files were read.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dist, similarityText } from "./dedupe-sets.mjs";

const { readWith } = await dist("sources/read.js");
const { chooseAdapter } = await dist("sources/registry.js");
const { matchRecord } = await dist("dedupe/features.js");
const { deduplicate, DEFAULT_DEDUPE_OPTIONS } = await dist("dedupe/deduplicate.js");
const { scoreDeduplication } = await dist("dedupe/score.js");
const { compareFields } = await dist("dedupe/similarity.js");
const { decide } = await dist("dedupe/rules.js");
const { runningNumberOrigins, withoutRunningNumbers } = await dist("dedupe/running-numbers.js");

const here = dirname(fileURLToPath(import.meta.url));
const SHOW = Number(process.env.BENCH_CROSSDB_SHOW ?? 10);

const folders = process.argv.slice(2).filter((a) => a !== "--json");
if (folders.length === 0) {
  const root = join(here, "data", "crossdb");
  for (const name of readdirSync(root).sort())
    if (statSync(join(root, name)).isDirectory()) folders.push(join(root, name));
}

const brief = (r) =>
  `${r.title?.slice(0, 110)} | ${r.authors
    .slice(0, 4)
    .map((a) => a.family)
    .join(
      "; ",
    )} | ${r.year} | ${r.journal?.slice(0, 50)} | v ${r.volume} | i ${r.issue} | p ${r.pages} | ${r.database}`;

/** Records sharing a DOI or a PMID, joined: the databases' own answer. */
function identifierGroups(records) {
  const parent = records.map((_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map();
  records.forEach((r, i) => {
    for (const key of [r.doi && `doi:${r.doi.toLowerCase()}`, r.pmid && `pmid:${r.pmid}`]) {
      if (!key) continue;
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map();
  records.forEach((_, i) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(i);
  });
  return [...groups.values()];
}

const stripped = (r) => ({
  ...r,
  doi: null,
  pmid: null,
  pmcid: null,
  arxivId: null,
  eid: null,
  abstract: null,
  sourceId: null,
  url: null,
});

const f = (x) => x.toFixed(4);
const json = process.argv.includes("--json");
if (!json)
  console.log(
    `${"search".padEnd(34)}${"files".padStart(6)}${"records".padStart(8)}${"with id".padStart(8)}${"dups".padStart(6)}${"sens".padStart(8)}${"spec".padStart(8)}${"review".padStart(8)}${"/1000".padStart(7)}${"rev dup".padStart(8)}`,
  );
for (const folder of folders) {
  const files = readdirSync(folder)
    .filter((name) => !name.startsWith(".") && !/^MANIFEST/i.test(name))
    .sort();
  const all = [];
  const unzipped = mkdtempSync(join(tmpdir(), "srpipe-crossdb-"));
  try {
    for (const name of files) {
      let path = join(folder, name);
      if (name.endsWith(".gz")) {
        path = join(unzipped, name.slice(0, -3));
        writeFileSync(path, gunzipSync(readFileSync(join(folder, name))));
      }
      for await (const item of readWith(path, (text) => chooseAdapter(text, "auto"), { encoding: "auto" }))
        if (item.kind === "record") all.push(item.record);
    }
  } finally {
    rmSync(unzipped, { recursive: true, force: true });
  }
  const records = all.filter((r) => r.doi || r.pmid);
  const gold = identifierGroups(records);
  const goldOf = new Map();
  gold.forEach((group, g) => {
    for (const i of group) goldOf.set(i, g);
  });
  const ids = records.map((_, i) => `r${i}`);
  const matches = records.map((r, i) => matchRecord(stripped(r), i));
  const result = deduplicate(matches, DEFAULT_DEDUPE_OPTIONS);
  const rows = [];
  for (const cluster of result.clusters)
    cluster.members.forEach((m, k) => rows.push({ recordId: ids[m], clusterId: cluster.id, retained: k === 0 }));
  const goldIds = gold.filter((g) => g.length > 1).map((g) => g.map((i) => ids[i]));
  const s = scoreDeduplication(rows, goldIds).removal;
  const reviewDup = result.review.filter((p) => goldOf.get(p.a) === goldOf.get(p.b)).length;
  const dups = goldIds.reduce((n, g) => n + g.length - 1, 0);
  const per1000 = (1000 * result.review.length) / Math.max(1, records.length);
  if (json) {
    const search = folder.split("/").pop();
    console.log(
      JSON.stringify({
        search,
        files: files.length,
        records: all.length,
        scored: records.length,
        duplicates: dups,
        sensitivity: s.sensitivity,
        specificity: s.specificity,
        reviewPairs: result.review.length,
        reviewPer1000: per1000,
        reviewPairsThatAreDuplicates: reviewDup,
      }),
    );
    continue;
  }
  console.log(
    `${folder.split("/").pop().slice(0, 33).padEnd(34)}${String(files.length).padStart(6)}${String(all.length).padStart(8)}${String(records.length).padStart(8)}${String(dups).padStart(6)}` +
      `${f(s.sensitivity).padStart(8)}${f(s.specificity).padStart(8)}${String(result.review.length).padStart(8)}${per1000.toFixed(1).padStart(7)}${String(reviewDup).padStart(8)}`,
  );
  if (SHOW <= 0) continue;
  const compared = withoutRunningNumbers(matches, runningNumberOrigins(matches));
  const why = (a, b) => {
    const sim = compareFields(compared[a], compared[b]);
    return `[${decide(sim).rule}] ${similarityText(sim)}`;
  };
  let shown = 0;
  for (const group of gold) {
    for (const i of group.slice(1)) {
      if (result.clusterOf[i] === result.clusterOf[group[0]] || shown >= SHOW) continue;
      shown++;
      console.log(`  MISS ${why(group[0], i)}\n    a ${brief(records[group[0]])}\n    b ${brief(records[i])}`);
    }
  }
  shown = 0;
  for (const cluster of result.clusters) {
    const groups = new Set(cluster.members.map((m) => goldOf.get(m)));
    if (groups.size < 2 || shown >= SHOW) continue;
    shown++;
    const [a, b] = cluster.members.filter((m, k, all) => all.findIndex((x) => goldOf.get(x) === goldOf.get(m)) === k);
    console.log(`  JOINED ${why(a, b)}\n    a ${brief(records[a])}\n    b ${brief(records[b])}`);
  }
  // The reviewer's cost, pair by pair: REVIEW+ the gold calls one work, REVIEW- two.
  for (const pair of result.review.slice(0, SHOW)) {
    const sign = goldOf.get(pair.a) === goldOf.get(pair.b) ? "+" : "-";
    console.log(
      `  REVIEW${sign} ${why(pair.a, pair.b)}\n    a ${brief(records[pair.a])}\n    b ${brief(records[pair.b])}`,
    );
  }
}
