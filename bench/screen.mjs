// npm run bench:screen [-- FILE... [--json] [--seeds N] [--batch K] [--retrain-sizes 2000,10000,50000]]
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
// `srpipe screen` adds to a run). Each simulation goes on until the stopping test of
// src/screening/stopping.ts (Callaghan & Müller-Hansen 2020; recall target 95 %, p < 0.05) says
// stop, asked after every batch: recall and work saved at that point are reported next to
// WSS@95. Then the retrain time on synthetic sets (see the end of this file). Prints figures;
// asserts nothing.
// Anchor (issue 17): on every labelled set, WSS@95 at least that of ASReview's own models re-run
// the same way in bench/screen-methods.mjs: its naive Bayes ("nb a3.822 double unigram stop") and
// its current default ELAS u4 ("svm sq-hinge C0.11 ratio 9.8"). Seeds 1-5, full-text labels:
// Nagtegaal 2019 74.3 % (NB 63.9, ELAS 73.4), Menon 2022 60.7 % (51.6, 55.6), Bannach-Brown 2019
// 56.1 % (33.1, 40.6). (Issue 5's anchor: ASReview 2020's 71.7 % on Nagtegaal.)
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { rankByRelevance, relevanceRanker } from "../dist/screening/prioritise.js";
import { DEFAULT_STOPPING, stoppingEstimate } from "../dist/screening/stopping.js";
import { seededRandom } from "../dist/screening/linear-model.js";
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
    // Sizes of the synthetic sets whose retrain time is measured; "" skips that part.
    "retrain-sizes": { type: "string", default: "2000,10000,50000" },
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

/** The app's stopping rule (src/screening/stopping.ts) with its defaults: stop when p < 0.05. */
function stopsNow(labelsInOrder, total) {
  return stoppingEstimate(labelsInOrder, total, DEFAULT_STOPPING).stop;
}

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
      const run = simulate(items, truth, seed, relevanceRanker(items, { seed }), { batch, stopping: stopsNow });
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
    const stopRecall = runs.map((run) => run.stopRecall);
    const stopSaved = runs.map((run) => run.stopWorkSaved);
    const stopBelow = stopRecall.filter((r) => r < DEFAULT_STOPPING.recallTarget).length;
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
          stop_recall_mean: Number(mean(stopRecall).toFixed(4)),
          stop_recall_min: Number(Math.min(...stopRecall).toFixed(4)),
          stop_below_95: stopBelow,
          stop_runs: runs.length,
          stop_work_saved: Number(mean(stopSaved).toFixed(4)),
        }),
      );
    } else {
      console.log(
        `${dataset.padEnd(27)} ${String(items.length).padStart(5)} records ${String(included).padStart(4)} included  ` +
          `WSS@95 ${percent(mean(wss)).padStart(6)} (sd ${percent(spread(wss))}, min ${percent(Math.min(...wss))})  ` +
          `recall@10% ${percent(mean(recall)).padStart(6)}  ordering ${seconds.toFixed(1)} s for ${seedCount} simulations ` +
          `(${batch} record${batch === 1 ? "" : "s"} per retrain), one full ranking ${rankSeconds.toFixed(2)} s\n` +
          `${"".padEnd(27)} stopping test: recall at the stop ${percent(mean(stopRecall))} (worst ${percent(Math.min(...stopRecall))}), ` +
          `below 95 % in ${stopBelow} of ${runs.length} runs, work saved at the stop ${percent(mean(stopSaved))} (WSS@95 ${percent(mean(wss))})`,
      );
    }
  }
}

// Retrain time of the app's background order at review sizes the labelled sets do not reach.
// Synthetic records from a real set (the largest given): record i takes the title of one row
// and the abstract of another, both drawn with a seeded generator, and the abstract's label, so
// the vocabulary and text lengths are real and no two records are copies. Timed: the first
// ranking (features + model) and a retrain with the features cached (what the app repeats after
// each decision batch), with 5 % of the records labelled.
const sizes = values["retrain-sizes"]
  .split(",")
  .map((x) => x.trim())
  .filter(Boolean)
  .map(Number);
if (sizes.length > 0) {
  const source = files
    .map((file) => readLabelledRows(file))
    .sort((x, y) => y.length - x.length)[0]
    .filter((row) => (row.abstract ?? "").trim() !== "");
  for (const size of sizes) {
    const random = seededRandom(size);
    const pick = () => source[Math.floor(random() * source.length)];
    const items = [];
    const truth = [];
    for (let i = 0; i < size; i++) {
      const titled = pick();
      const abstracted = pick();
      items.push({ id: String(i), text: `${titled.title ?? ""}\n${abstracted.abstract ?? ""}` });
      truth.push(String(abstracted[INCLUDED]).trim() === "1" ? 1 : 0);
    }
    const labels = new Map();
    for (let i = 0; i < size; i += 20) labels.set(String(i), truth[i]);
    if (![...labels.values()].includes(1)) labels.set(String(truth.indexOf(1)), 1);
    const ranker = relevanceRanker(items, { seed: 1 });
    const time = (work) => {
      const started = process.hrtime.bigint();
      work();
      return Number(process.hrtime.bigint() - started) / 1e9;
    };
    const firstSeconds = time(() => ranker.scored(labels));
    labels.set(String(1), truth[1]);
    const retrainSeconds = time(() => ranker.scored(labels));
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    if (values.json) {
      console.log(
        JSON.stringify({
          retrain_records: size,
          labelled: labels.size,
          first_ranking_seconds: Number(firstSeconds.toFixed(3)),
          retrain_seconds: Number(retrainSeconds.toFixed(3)),
          heap_mb: Math.round(heapMb),
        }),
      );
    } else {
      console.log(
        `retrain at ${size.toLocaleString("en").padStart(6)} synthetic records (${labels.size} labelled): ` +
          `first ranking ${firstSeconds.toFixed(2)} s (features + model), retrain ${retrainSeconds.toFixed(2)} s, heap ${Math.round(heapMb)} MB`,
      );
    }
  }
}
