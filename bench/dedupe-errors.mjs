// node bench/dedupe-errors.mjs [set[,set…]] [variant[,variant…]]: the error analysis behind
// bench/dedupe.mjs's figures. For each labelled set and variant it deduplicates the records in
// this process (the same reading, features and `deduplicate` as `srpipe dedupe --in`) and prints
// every pair the gold groups and srpipe disagree on:
//   FN  a gold group split over clusters: for each two of its clusters, the closest pair of
//       records, the rule that decided it (or `not compared` when blocking never paired them)
//       and both records' title/authors/year/journal/volume/issue/pages/DOI
//   FP  a cluster joining records of different gold groups: the link that joined them
//   REV a review pair, with the gold answer
// so misses can be sorted into general classes before a rule is written for any of them.
// BENCH_DEDUPE_POLICY="errata=merge" lists them under that dedupe.policy, as bench/dedupe.mjs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_DIR, dist, readGroups, benchmarkSets, VARIANTS, variantFile } from "./dedupe-sets.mjs";

const [setArg, variantArg] = process.argv.slice(2);
const sets = setArg ? benchmarkSets().filter((s) => setArg.split(",").includes(s.name)) : benchmarkSets();
const variants = variantArg ? variantArg.split(",") : VARIANTS;

const { readWith } = await dist("sources/read.js");
const { chooseAdapter } = await dist("sources/registry.js");
const { matchRecord } = await dist("dedupe/features.js");
const { deduplicate, DEFAULT_DEDUPE_OPTIONS } = await dist("dedupe/deduplicate.js");
const { compareFields } = await dist("dedupe/similarity.js");
const { decide } = await dist("dedupe/rules.js");
const { ownId } = await dist("dedupe/record-id.js");
const { runningNumberOrigins, withoutRunningNumbers } = await dist("dedupe/running-numbers.js");
const { ambiguousIdentifiers, withoutIdentifiers, RELATED_FOR_IDENTIFIER } = await dist("dedupe/identifiers.js");
const { titleSimilarity } = await dist("dedupe/similarity.js");
const { candidatePairs, DEFAULT_BLOCKING } = await dist("dedupe/blocking.js");

// The policy choices as `--policy KEY=CHOICE` takes them, over the defaults.
const policy = { ...DEFAULT_DEDUPE_OPTIONS.policy };
for (const choice of (process.env.BENCH_DEDUPE_POLICY ?? "").split(",").filter((c) => c.trim())) {
  const [key, value] = choice.trim().split("=");
  if (!(key in policy))
    throw new Error(`BENCH_DEDUPE_POLICY: no policy ${key} (expected one of ${Object.keys(policy)})`);
  policy[key] = value;
}
const options = { ...DEFAULT_DEDUPE_OPTIONS, policy };

const short = (text, n = 110) => (text && text.length > n ? `${text.slice(0, n - 1)}…` : (text ?? ""));

function describe(r) {
  const authors = r.authors
    .slice(0, 4)
    .map((a) => a.family ?? a.literal ?? "")
    .join("; ");
  return `${short(r.title)}\n          ${short(authors, 60)}${r.authors.length > 4 ? " et al." : ""} | ${r.year ?? "-"} | ${short(r.journal ?? r.journalAbbrev ?? "-", 50)} | v ${r.volume ?? "-"} | i ${r.issue ?? "-"} | p ${r.pages ?? "-"} | doi ${r.doi ?? "-"}`;
}

function simText(s) {
  const parts = [];
  for (const [k, v] of Object.entries(s)) {
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    parts.push(`${k}=${typeof v === "number" ? v.toFixed(2) : Array.isArray(v) ? v.join("+") : v}`);
  }
  return parts.join(" ");
}

const work = mkdtempSync(join(tmpdir(), "srpipe-dedupe-errors-"));
try {
  for (const set of sets) {
    for (const variant of variants) {
      const file = await variantFile(set, variant, work);
      const records = [];
      for await (const item of readWith(file, (text) => chooseAdapter(text, "auto"), {
        encoding: variant === "given" ? set.encoding : "auto",
      }))
        if (item.kind === "record") records.push(item.record);
      const input = records.map((r, i) => matchRecord(r, i));
      const result = deduplicate(input, options);
      // The forms `deduplicate` compared (ambiguous identifiers and running-number issues set aside).
      const related = (a, b) => titleSimilarity(a, b) >= RELATED_FOR_IDENTIFIER || a.startsWith(b) || b.startsWith(a);
      const compared = withoutRunningNumbers(
        withoutIdentifiers(input, ambiguousIdentifiers(input, related)),
        runningNumberOrigins(input),
      );
      const blocked = new Set();
      const { pairs, bits } = candidatePairs(compared, DEFAULT_BLOCKING);
      for (const p of pairs) blocked.add(p);
      const isBlocked = (a, b) => blocked.has(Math.min(a, b) * 2 ** bits + Math.max(a, b));
      const indexOf = new Map(records.map((r, i) => [ownId(r), i]));
      const gold = readGroups(join(BENCH_DIR, set.groups)).map((g) => g.map(set.goldId).map((id) => indexOf.get(id)));
      const goldOf = new Map();
      gold.forEach((g, k) => g.forEach((i) => i !== undefined && goldOf.set(i, k)));
      console.log(`\n=== ${set.name} ${variant}: ${records.length} records, ${result.review.length} review pairs`);
      const pairLine = (tag, a, b) => {
        const s = compareFields(compared[a], compared[b]);
        const d = decide(s, policy);
        console.log(`${tag} [${isBlocked(a, b) ? d.rule : "not compared"}] ${simText(s)}`);
        console.log(`     a ${ownId(records[a])}: ${describe(records[a])}`);
        console.log(`     b ${ownId(records[b])}: ${describe(records[b])}`);
      };
      // FN: gold groups split over clusters.
      for (const group of gold) {
        const members = group.filter((i) => i !== undefined);
        const byCluster = new Map();
        for (const i of members) byCluster.set(result.clusterOf[i], [...(byCluster.get(result.clusterOf[i]) ?? []), i]);
        const clusters = [...byCluster.values()];
        for (let x = 0; x < clusters.length; x++)
          for (let y = x + 1; y < clusters.length; y++) {
            let best = null;
            for (const a of clusters[x])
              for (const b of clusters[y]) {
                const t = compareFields(compared[a], compared[b]).title ?? 0;
                if (!best || t > best.t) best = { a, b, t };
              }
            pairLine("FN ", best.a, best.b);
          }
      }
      // FP: links joining records of different gold groups.
      for (let i = 0; i < records.length; i++) {
        const link = result.linkOf[i];
        if (!link) continue;
        const other = result.linkedTo[i];
        const gi = goldOf.get(i);
        if (gi !== undefined && gi === goldOf.get(other)) continue;
        pairLine("FP ", other, i);
      }
      for (const link of result.review) {
        const right = goldOf.has(link.a) && goldOf.get(link.a) === goldOf.get(link.b);
        pairLine(right ? "REV+" : "REV-", link.a, link.b);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
