// node bench/dedupe-perturb.mjs [set[,set…]] [perturbation[,perturbation…]]: how the rules hold
// up on the faults SRA-style EndNote libraries carry (issue 15's classes) that the labelled sets
// we hold show too rarely to measure. Each set's `stripped` variant (title/authors/journal/
// volume/issue/pages/year only) is read; then, for one fault at a time, every member of a gold
// duplicate group but its first is given that fault, and the set is deduplicated and scored
// (in this process: the same reading, features and `deduplicate` as `srpipe dedupe --in`,
// default policy). A fault the rules absorb leaves sensitivity where `none` has it; one they do
// not shows as a drop (duplicates missed) or as more review pairs. Unique records are left as
// they are, so specificity shows whether a fault makes a record look like another work's copy.
//
// The faults are written from the classes' descriptions, never from the sets' records, and are
// deterministic (no randomness: the same input gives the same figures):
//   none            the stripped set as it is
//   first-author    the author list cut to its first author and "et al."
//   authors-initials every given name cut to its initial
//   page-typo       one digit of the first page changed (the last digit, +1)
//   page-short      a page range written short (2097-2108 as 2097-108)
//   journal-abbrev  the journal name abbreviated as ISO 4 does: articles and prepositions
//                   dropped, words of six letters or more cut to their first four letters (cruder
//                   than ISO 4: `Diabetes` and `Diabetologia` both become `Diab`, so two journals
//                   become one and its specificity is a lower bound)
//   journal-the     "The " put before the journal name and "&" for "and"
//   journal-initials the journal named by its content words' initials (`AJE`, `JCV`)
//   shifted         the issue in the volume column, the pages in the issue column, pages empty
//   year-off        the year one later (online-first against print)
//   title-bracket   the title in square brackets with a full stop, as MEDLINE gives translations
//   title-caps      the title in capitals
//   title-unpunct   the title's punctuation written as spaces (`HPV-16/18` as `HPV 16 18`)
//   title-typo      one letter of the title's longest word dropped
//   subtitle-dropped the title cut at its first ":" (a database that keeps the main title only)
//   title-truncated the title cut to its first two thirds of words (a field-length limit)
//   issue-missing   the issue empty
//   pages-missing   the pages empty
//   authors-missing the author list empty
//   year-typo       the year's decade digit one higher (2004 as 2014)
//   issue-accession an accession number in this copy's issue column only (a mixed file, where
//                   the running-number test, made per file, cannot set the column aside)
//   issue-recno     the same with a record number of three or four digits, which a real issue
//                   number can be
//   author-dropped  the last author left out (a list cut at a database's limit)
//   ahead-of-print  volume, issue and pages empty (MEDLINE's "Epub ahead of print" copy)
// and faults together, as one database's copy of another's record carries them:
//   embase-like     authors-initials + journal-abbrev + page-short
//   garbled-place   page-typo + journal-abbrev + issue-missing
//   year-and-title  year-off + title-typo + first-author
// BENCH_PERTURB_SHOW=N prints, per set and fault, up to N missed pairs (a group's first member
// and a perturbed member left in another cluster) and N wrongly joined ones (JOINED: a cluster
// holding two gold groups' records), with the rule that decided them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PERTURBATIONS, perturbLaterMembers } from "./dedupe-faults.mjs";
import { BENCH_DIR, benchmarkSets, dist, readGroups, similarityText, variantFile } from "./dedupe-sets.mjs";

const { readWith } = await dist("sources/read.js");
const { chooseAdapter } = await dist("sources/registry.js");
const { matchRecord } = await dist("dedupe/features.js");
const { deduplicate, DEFAULT_DEDUPE_OPTIONS } = await dist("dedupe/deduplicate.js");
const { ownId } = await dist("dedupe/record-id.js");
const { scoreDeduplication } = await dist("dedupe/score.js");
const { compareFields } = await dist("dedupe/similarity.js");
const { decide } = await dist("dedupe/rules.js");
const { runningNumberOrigins, withoutRunningNumbers } = await dist("dedupe/running-numbers.js");
const SHOW = Number(process.env.BENCH_PERTURB_SHOW ?? 0);

const brief = (r) =>
  `${r.title} | ${r.authors.map((a) => a.family).join("; ")} | ${r.year} | ${r.journal} | v ${r.volume} | i ${r.issue} | p ${r.pages}`;

const [setArg, kindArg] = process.argv.slice(2);
const sets = (setArg ? benchmarkSets().filter((s) => setArg.split(",").includes(s.name)) : benchmarkSets()).filter(
  (s) => s.name !== "special_cases",
);
const kinds = kindArg ? kindArg.split(",") : Object.keys(PERTURBATIONS);
for (const kind of kinds) if (!PERTURBATIONS[kind]) throw new Error(`no perturbation ${kind}`);

const f = (x) => x.toFixed(4);
const work = mkdtempSync(join(tmpdir(), "srpipe-dedupe-perturb-"));
try {
  console.log(
    `${"set".padEnd(14)}${"fault".padEnd(18)}${"sens".padStart(8)}${"spec".padStart(8)}${"review".padStart(8)}${"rev dup".padStart(8)}`,
  );
  for (const set of sets) {
    const file = await variantFile(set, "stripped", work);
    const records = [];
    for await (const item of readWith(file, (text) => chooseAdapter(text, "auto"), { encoding: "auto" }))
      if (item.kind === "record") records.push(item.record);
    const ids = records.map(ownId);
    const gold = readGroups(join(BENCH_DIR, set.groups)).map((group) => group.map(set.goldId));
    for (const kind of kinds) {
      const faulty = perturbLaterMembers(records, ids, gold, kind);
      const { later, goldOf } = faulty;
      const matches = faulty.records.map((r, i) => matchRecord(r, i));
      const result = deduplicate(matches, DEFAULT_DEDUPE_OPTIONS);
      const rows = [];
      for (const cluster of result.clusters)
        cluster.members.forEach((m, k) => rows.push({ recordId: ids[m], clusterId: cluster.id, retained: k === 0 }));
      const s = scoreDeduplication(rows, gold).removal;
      if (SHOW > 0) {
        const compared = withoutRunningNumbers(matches, runningNumberOrigins(matches));
        const firstOf = new Map();
        for (const [i, g] of goldOf) if (!later.has(i)) firstOf.set(g, i);
        let shown = 0;
        for (const i of later) {
          const first = firstOf.get(goldOf.get(i));
          if (first === undefined || result.clusterOf[i] === result.clusterOf[first] || shown >= SHOW) continue;
          shown++;
          const sim = compareFields(compared[first], compared[i]);
          console.log(
            `  MISS [${decide(sim).rule}] ${similarityText(sim)}\n    a ${brief(records[first])}\n    b ${brief(faulty.records[i])}`,
          );
        }
        // Wrong merges: a cluster holding records of two gold groups (a record in no group is its own).
        const groupOf = (m) => (goldOf.has(m) ? `g${goldOf.get(m)}` : `r${m}`);
        shown = 0;
        for (const cluster of result.clusters) {
          const seen = new Map();
          for (const m of cluster.members) if (!seen.has(groupOf(m))) seen.set(groupOf(m), m);
          if (seen.size < 2 || shown >= SHOW) continue;
          shown++;
          // Each member's link toward the representative: the chain that joined the two groups.
          console.log(`  JOINED ${cluster.members.length} records of ${seen.size} gold groups:`);
          for (const m of cluster.members) {
            const to = result.linkedTo[m];
            const link = to < 0 ? "representative" : `[${result.linkOf[m]?.rule}] to ${to}`;
            console.log(`    ${m} ${groupOf(m)} ${link}: ${brief(faulty.records[m])}`);
          }
        }
      }
      const reviewDup = result.review.filter((p) => goldOf.has(p.a) && goldOf.get(p.a) === goldOf.get(p.b)).length;
      console.log(
        `${set.name.padEnd(14)}${kind.padEnd(18)}${f(s.sensitivity).padStart(8)}${f(s.specificity).padStart(8)}${String(result.review.length).padStart(8)}${String(reviewDup).padStart(8)}`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
