// npm run bench:screen [-- FILE... [--json] [--seeds N] [--batch K]]
//
// Simulates prioritised screening on labelled sets (every CSV in ../shared/benchmarks/screening/,
// or the files given; each needs `title`, `abstract` and `label_included` columns) the way
// ASReview's simulation mode does: start from one random relevant and one random irrelevant
// record (the prior knowledge), train, "screen" the top-ranked unlabelled record(s), reveal their
// labels, retrain, and so on. Metrics follow ASReview Insights with priors excluded:
//   WSS@95 = (TN + FN) / N − (1 − 0.95), read at the first point where ≥ 95 % of the inclusions
//            are found (counted as ceil(0.95 × R); Insights reads floor, which flatters slightly);
//   recall@10 = share of the inclusions found after screening 10 % (floor) of the records.
// N and R exclude the two prior records. Each figure is the mean over --seeds runs (default 5;
// seed s picks the priors and seeds the model). The model is retrained from scratch after every
// --batch screened records (default 1, as ASReview). The loop stops once both metrics are fixed:
// screening further cannot change them. `seconds` is the wall time of all that set's
// simulations; `rank_seconds` the time of one rankByRelevance call with every record labelled
// (about what `srpipe screen` adds to a run). Prints figures; asserts nothing.
// Anchor (issue 5): ASReview's 2020 default (TF-IDF + naive Bayes) reached WSS@95 = 71.7 % on
// Nagtegaal 2019 (Ferdinands 2020, 15 runs, 1 + 1 priors).
import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { rankByRelevance, relevanceRanker } from "../dist/screening/prioritise.js";
import { seededRandom } from "../dist/screening/linear-model.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: "boolean", default: false },
    seeds: { type: "string", default: "5" },
    batch: { type: "string", default: "1" },
  },
});
const seedCount = Number(values.seeds);
const batch = Number(values.batch);
const defaultDir = join(root, "..", "shared", "benchmarks", "screening");
const files =
  positionals.length > 0
    ? positionals
    : readdirSync(defaultDir)
        .filter((name) => name.endsWith(".csv"))
        .sort()
        .map((name) => join(defaultDir, name));

function readLabelledSet(file) {
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  for (const column of ["title", "abstract", "label_included"]) {
    if (rows.length > 0 && !(column in rows[0])) throw new Error(`${file}: no column "${column}"`);
  }
  const items = rows.map((row, i) => ({ id: String(i), text: `${row.title ?? ""}\n${row.abstract ?? ""}` }));
  const truth = rows.map((row) => (String(row.label_included).trim() === "1" ? 1 : 0));
  return { items, truth };
}

function simulate(items, truth, seed) {
  const random = seededRandom(seed);
  const positives = truth.flatMap((label, i) => (label === 1 ? [i] : []));
  const negatives = truth.flatMap((label, i) => (label === 0 ? [i] : []));
  if (positives.length < 2 || negatives.length < 1) return null;
  const priors = [positives[Math.floor(random() * positives.length)], negatives[Math.floor(random() * negatives.length)]];
  const labels = new Map(priors.map((i) => [items[i].id, truth[i]]));

  const records = items.length - priors.length;
  const inclusions = positives.length - 1;
  const target = Math.ceil(0.95 * inclusions);
  const tenPercent = Math.floor(0.1 * records);
  const ranker = relevanceRanker(items, { seed });
  let screened = 0;
  let found = 0;
  let screenedAt95 = null;
  let foundAtTen = tenPercent === 0 ? 0 : null;
  while (screenedAt95 === null || foundAtTen === null) {
    const order = ranker.rank(labels);
    let taken = 0;
    for (const id of order) {
      if (taken === batch) break;
      if (labels.has(id)) continue;
      const label = truth[Number(id)];
      labels.set(id, label);
      taken++;
      screened++;
      found += label;
      if (screenedAt95 === null && found >= target) screenedAt95 = screened;
      if (screened === tenPercent) foundAtTen = found;
    }
    if (taken === 0) break;
  }
  return { wss95: (records - screenedAt95) / records - 0.05, recallAt10: foundAtTen / inclusions };
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const percent = (x) => `${(100 * x).toFixed(1)}%`;

for (const file of files) {
  const { items, truth } = readLabelledSet(file);
  const included = truth.reduce((a, b) => a + b, 0);
  const dataset = basename(file).replace(/\.csv$/i, "");
  const started = process.hrtime.bigint();
  const runs = [];
  for (let seed = 1; seed <= seedCount; seed++) {
    const run = simulate(items, truth, seed);
    if (run !== null) runs.push(run);
  }
  if (runs.length === 0) {
    console.error(`${dataset}: skipped, needs at least 2 included and 1 excluded record`);
    continue;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const allLabels = new Map(items.map((item, i) => [item.id, truth[i]]));
  const rankStarted = process.hrtime.bigint();
  rankByRelevance(items, allLabels, { seed: 1 });
  const rankSeconds = Number(process.hrtime.bigint() - rankStarted) / 1e9;

  const wss = runs.map((run) => run.wss95);
  const recall = runs.map((run) => run.recallAt10);
  if (values.json) {
    console.log(
      JSON.stringify({
        dataset,
        records: items.length,
        included,
        wss95: Number(mean(wss).toFixed(4)),
        recall_at_10: Number(mean(recall).toFixed(4)),
        seconds: Number(seconds.toFixed(2)),
        rank_seconds: Number(rankSeconds.toFixed(3)),
        seeds: seedCount,
        batch,
        wss95_runs: wss.map((x) => Number(x.toFixed(4))),
      }),
    );
  } else {
    console.log(
      `${dataset.padEnd(22)} ${String(items.length).padStart(5)} records ${String(included).padStart(4)} included  ` +
        `WSS@95 ${percent(mean(wss)).padStart(6)} (sd ${percent(spread(wss))}, min ${percent(Math.min(...wss))})  ` +
        `recall@10% ${percent(mean(recall)).padStart(6)}  ordering ${seconds.toFixed(1)} s for ${seedCount} simulations ` +
        `(${batch} record${batch === 1 ? "" : "s"} per retrain), one full ranking ${rankSeconds.toFixed(2)} s`,
    );
  }
}
