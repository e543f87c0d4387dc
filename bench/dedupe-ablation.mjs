// node bench/dedupe-ablation.mjs: the leave-one-set-out evidence for issue 15's rules. Each
// rule or normaliser added for an error class is switched off in turn, and every labelled set
// and variant is scored with and without it (in this process: the same reading, features and
// `deduplicate` as `srpipe dedupe --in`, default policy). A rule designed on one set must show
// its effect — more true links, fewer false ones, or a pair moved to review — on a set it was
// not designed on, and lower nothing. Prints, per step, the sets it changes:
//   set/variant  sens  spec  review  (without → with)
// BENCH_ABLATION_FAULTS=authors-missing,year-typo adds, per set, the stripped variant with that
// fault given to every duplicate (bench/dedupe-faults.mjs), as `set/stripped+fault`: the steps
// written for what bench/dedupe-perturb.mjs found show their effect there, and on the faults
// and sets they were not designed on.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { perturbLaterMembers } from "./dedupe-faults.mjs";
import { BENCH_DIR, dist, readGroups, benchmarkSets, VARIANTS, variantFile } from "./dedupe-sets.mjs";

const { readWith } = await dist("sources/read.js");
const { chooseAdapter } = await dist("sources/registry.js");
const { matchRecord } = await dist("dedupe/features.js");
const { deduplicate, DEFAULT_DEDUPE_OPTIONS } = await dist("dedupe/deduplicate.js");
const { RULES } = await dist("dedupe/rules.js");
const { ownId } = await dist("dedupe/record-id.js");
const { scoreDeduplication } = await dist("dedupe/score.js");
const { NOTICE_PATTERNS } = await dist("dedupe/title.js");

/**
 * The steps added for issue 15's error classes, each with where it was designed (the set
 * whose misses it was written for) and how to switch it off.
 */
const STEPS = [
  { name: "rule meeting-year-differs", designedOn: "bib-dedupe hard pairs", rule: "meeting-year-differs" },
  { name: "rule meeting-and-journal", designedOn: "bib-dedupe hard pairs", rule: "meeting-and-journal" },
  {
    name: "rule short-title-authors-journal-place",
    designedOn: "diabetes record-no",
    rule: "short-title-authors-journal-place",
  },
  {
    name: "rule translated-title-issue-unknown",
    designedOn: "digital_work record-no",
    rule: "translated-title-issue-unknown",
  },
  {
    name: "rule translated-title-languages-differ",
    designedOn: "digital_work record-no",
    rule: "translated-title-languages-differ",
  },
  {
    name: "rule republished-article (republications: merge; the same text, by abstract or page count)",
    designedOn: "digital_work given",
    rule: "republished-article",
  },
  {
    name: "rule same-title-another-issue (review: the same title in another issue, not the same text)",
    designedOn: "digital_work given",
    rule: "same-title-another-issue",
  },
  {
    name: "rule identifier-conflict-same-place (an unreadable volume where abstracts agree)",
    designedOn: "cross-database exports with identifiers kept; the unreadable volume on diabetes given",
    rule: "identifier-conflict-same-place",
  },
  {
    name: "notice medline-notice-unbracketed",
    designedOn: "cytology stripped, punctuation dropped (bench/dedupe-perturb.mjs title-unpunct)",
    notice: "medline-notice-unbracketed",
  },
  {
    name: "notice review-tag-unbracketed",
    designedOn: "cytology stripped, punctuation dropped (bench/dedupe-perturb.mjs title-unpunct)",
    notice: "review-tag-unbracketed",
  },
  { name: "rule no-authors-same-place", designedOn: "diabetes stripped", rule: "no-authors-same-place" },
  {
    name: "rule supplement-abstract-pages-differ (supplementAbstracts: merge; one title; one DOI, or one journal volume and supplement issue)",
    designedOn: "diabetes given (the DOI); diabetes stripped, page-typo (journal, volume and issue)",
    rule: "supplement-abstract-pages-differ",
  },
  {
    name: "notice database-record-tag",
    designedOn: "cytology stripped, authors missing (bench/dedupe-perturb.mjs authors-missing)",
    notice: "database-record-tag",
  },
  {
    name: "rule close-title-same-pages",
    designedOn: "cytology stripped, authors missing (bench/dedupe-perturb.mjs authors-missing)",
    rule: "close-title-same-pages",
  },
  {
    name: "rule title-authors-place-year-differs",
    designedOn: "digital_work stripped, year-off; widened on every set's year-typo (bench/dedupe-perturb.mjs)",
    rule: "title-authors-place-year-differs",
  },
  {
    name: "recurring column titles (title.ts isRecurringTitle)",
    designedOn: "digital_work record-no, special_cases stripped",
    records: (records) => records.map((r) => ({ ...r, titleRecurring: false })),
  },
  {
    name: "meeting venues (journal.ts isMeeting)",
    designedOn: "bib-dedupe hard pairs",
    records: (records) => records.map((r) => ({ ...r, meeting: false })),
  },
];

async function readSet(set, variant, work) {
  const file = await variantFile(set, variant, work);
  const records = [];
  for await (const item of readWith(file, (text) => chooseAdapter(text, "auto"), {
    encoding: variant === "given" ? set.encoding : "auto",
  }))
    if (item.kind === "record") records.push(item.record);
  const gold = readGroups(join(BENCH_DIR, set.groups)).map((group) => group.map(set.goldId));
  return { records, matches: records.map((r, i) => matchRecord(r, i)), ids: records.map(ownId), gold };
}

function score({ matches, ids, gold }) {
  const result = deduplicate(matches, DEFAULT_DEDUPE_OPTIONS);
  const rows = [];
  for (const cluster of result.clusters)
    cluster.members.forEach((m, k) => rows.push({ recordId: ids[m], clusterId: cluster.id, retained: k === 0 }));
  const s = scoreDeduplication(rows, gold);
  return { sens: s.removal.sensitivity, spec: s.removal.specificity, review: result.review.length };
}

/** The records' match forms read again with the named notice pattern taken out of title.ts's list. */
function withoutNotice(name, d) {
  const at = NOTICE_PATTERNS.findIndex((p) => p.name === name);
  if (at < 0) throw new Error(`no notice pattern ${name}`);
  const [pattern] = NOTICE_PATTERNS.splice(at, 1);
  try {
    return score({ ...d, matches: d.records.map((r, i) => matchRecord(r, i)) });
  } finally {
    NOTICE_PATTERNS.splice(at, 0, pattern);
  }
}

/** Runs `fn` with the named rule taken out of the list `decide` walks. */
function withoutRule(name, fn) {
  const at = RULES.findIndex((r) => r.name === name);
  if (at < 0) throw new Error(`no rule ${name}`);
  const [rule] = RULES.splice(at, 1);
  try {
    return fn();
  } finally {
    RULES.splice(at, 0, rule);
  }
}

const f = (x) => x.toFixed(4);
const work = mkdtempSync(join(tmpdir(), "srpipe-dedupe-ablation-"));
try {
  const data = [];
  const faults = (process.env.BENCH_ABLATION_FAULTS ?? "").split(",").filter(Boolean);
  for (const set of benchmarkSets()) {
    for (const variant of VARIANTS) data.push({ set, variant, ...(await readSet(set, variant, work)) });
    if (set.name === "special_cases") continue;
    const stripped = data.find((d) => d.set === set && d.variant === "stripped");
    for (const fault of faults) {
      const { records } = perturbLaterMembers(stripped.records, stripped.ids, stripped.gold, fault);
      data.push({
        ...stripped,
        variant: `stripped+${fault}`,
        records,
        matches: records.map((r, i) => matchRecord(r, i)),
      });
    }
  }
  const full = data.map((d) => score(d));
  console.log(
    `${"set".padEnd(14)}${"variant".padEnd(24)}${"sens".padStart(8)}${"spec".padStart(8)}${"review".padStart(8)}`,
  );
  data.forEach((d, i) =>
    console.log(
      `${d.set.name.padEnd(14)}${d.variant.padEnd(24)}${f(full[i].sens).padStart(8)}${f(full[i].spec).padStart(8)}${String(full[i].review).padStart(8)}`,
    ),
  );
  for (const step of STEPS) {
    console.log(`\n${step.name} (designed on ${step.designedOn}): without → with`);
    let changed = 0;
    data.forEach((d, i) => {
      const off = step.rule
        ? withoutRule(step.rule, () => score(d))
        : step.notice
          ? withoutNotice(step.notice, d)
          : score({ ...d, matches: step.records(d.matches) });
      const on = full[i];
      if (off.sens === on.sens && off.spec === on.spec && off.review === on.review) return;
      changed++;
      console.log(
        `    ${`${d.set.name}/${d.variant}`.padEnd(38)} sens ${f(off.sens)} → ${f(on.sens)}   spec ${f(off.spec)} → ${f(on.spec)}   review ${off.review} → ${on.review}`,
      );
    });
    if (changed === 0) console.log("    no set changes");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
