// npm run bench:screen [-- FILE... [--json] [--seeds N] [--batch K]]
//
// Simulates prioritised screening on labelled sets (every CSV in ../shared/benchmarks/screening/,
// or the files given; each needs `title`, `abstract` and `label_included` columns) with the
// ranker `srpipe screen` uses, the way ASReview's simulation mode does (see
// bench/screen-simulation.mjs for the procedure and the WSS@95 / recall@10 definitions).
// label_included is the FULL-TEXT decision; a set that also has `label_abstract_screening`
// (Nagtegaal 2019 does) is measured a second time against the title/abstract decision, reported
// as "<set>:abstract". Each figure is the mean over --seeds runs (default 5; seed s picks the
// priors and seeds the model). The model is retrained from scratch after every --batch screened
// records (default 1, as ASReview). `seconds` is the wall time of all that set's simulations;
// `rank_seconds` the time of one rankByRelevance call with every record labelled (about what
// `srpipe screen` adds to a run). Prints figures; asserts nothing.
// Anchor (issue 5): ASReview's 2020 default (TF-IDF + naive Bayes) reached WSS@95 = 71.7 % on
// Nagtegaal 2019 (Ferdinands 2020, 15 runs, 1 + 1 priors). bench/screen-methods.mjs compares the
// alternatives that were tried.
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { rankByRelevance, relevanceRanker } from "../dist/screening/prioritise.js";
import {
  ABSTRACT_SCREENING,
  INCLUDED,
  labelledSet,
  mean,
  percent,
  readLabelledRows,
  simulate,
  spread,
} from "./screen-simulation.mjs";

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

for (const file of files) {
  const rows = readLabelledRows(file);
  const columns = rows.length > 0 && ABSTRACT_SCREENING in rows[0] ? [INCLUDED, ABSTRACT_SCREENING] : [INCLUDED];
  for (const column of columns) {
    const { items, truth } = labelledSet(rows, column);
    const included = truth.reduce((a, b) => a + b, 0);
    const dataset = basename(file).replace(/\.csv$/i, "") + (column === INCLUDED ? "" : ":abstract");
    const started = process.hrtime.bigint();
    const runs = [];
    for (let seed = 1; seed <= seedCount; seed++) {
      const run = simulate(items, truth, seed, relevanceRanker(items, { seed }), { batch });
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
          label: column,
          rank_seconds: Number(rankSeconds.toFixed(3)),
          seeds: seedCount,
          batch,
          wss95_runs: wss.map((x) => Number(x.toFixed(4))),
        }),
      );
    } else {
      console.log(
        `${dataset.padEnd(27)} ${String(items.length).padStart(5)} records ${String(included).padStart(4)} included  ` +
          `WSS@95 ${percent(mean(wss)).padStart(6)} (sd ${percent(spread(wss))}, min ${percent(Math.min(...wss))})  ` +
          `recall@10% ${percent(mean(recall)).padStart(6)}  ordering ${seconds.toFixed(1)} s for ${seedCount} simulations ` +
          `(${batch} record${batch === 1 ? "" : "s"} per retrain), one full ranking ${rankSeconds.toFixed(2)} s`,
      );
    }
  }
}
