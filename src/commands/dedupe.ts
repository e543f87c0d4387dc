/**
 * `srpipe dedupe`: the pipeline stage on a workspace, or, with `--in`, the same method on any
 * bibliography (an EndNote, Zotero or database export; a CSV with an id column) without a
 * workspace. Both write clusters.csv, unique.csv and review.csv.
 */
import { openStageContext } from "../stages/stage.js";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { recordFilesBelow } from "../io/list-files.js";
import { TEXT_ENCODINGS, type TextEncodingName } from "../io/text-input.js";
import { counted, type Logger } from "../log.js";
import { FORMAT_IDS, rejectMessage, type FormatId, type Record } from "../record.js";
import { readWith } from "../sources/read.js";
import { chooseAdapter } from "../sources/registry.js";
import { DEFAULT_POLICY, type DedupePolicy } from "../dedupe/policy.js";
import { POLICY_CHOICES, type PolicyChoice } from "../protocol/dedupe.js";
import { dedupeStage } from "../stages/dedupe.js";
import { JOURNAL_WORD_VARIANTS } from "../dedupe/journal-variants.js";
import { RULES } from "../dedupe/rules.js";
import { NOTICE_PATTERNS } from "../dedupe/title.js";
import { runDedupe } from "../dedupe/run-dedupe.js";
import { defineCommand } from "./command.js";
import { dedupFolder } from "../artefacts/dedup-folder.js";
import { duplicatesOverridesCsv } from "../artefacts/duplicates-overrides-csv.js";
import { recordsCsv } from "../artefacts/records-csv.js";

const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as (keyof DedupePolicy)[];

const SHOWN_REJECTS_PER_FILE = 5;

interface InputFile {
  path: string;
  name: string;
}

/** Files as given; a folder stands for the record files inside it. */
async function inputFiles(names: readonly string[], cwd: string): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const name of names) {
    const path = resolve(cwd, name);
    const isDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      out.push({ path, name });
      continue;
    }
    for (const file of await recordFilesBelow(path)) {
      out.push({
        path: file,
        name: `${name.replace(/\/+$/, "")}/${file
          .slice(path.length + 1)
          .split("\\")
          .join("/")}`,
      });
    }
  }
  return out;
}

/** Every record of every file, in the order given; rejects go to stderr as `file:line: …` and are counted. */
async function* readInputs(
  files: readonly InputFile[],
  options: { format: FormatId | "auto"; encoding: TextEncodingName; database: string | null },
  log: Logger,
  tally: { records: number; rejected: number; emptyFiles: number },
): AsyncIterable<Record> {
  for (const file of files) {
    let records = 0;
    let rejected = 0;
    const items = readWith(file.path, (text) => chooseAdapter(text, options.format), {
      displayName: file.name,
      encoding: options.encoding,
      database: options.database,
      forceDatabase: options.database !== null,
      warn: (message) => log.warn(message),
    });
    for await (const item of items) {
      if (item.kind === "record") {
        records++;
        yield item.record;
      } else {
        rejected++;
        if (rejected <= SHOWN_REJECTS_PER_FILE) log.warn(rejectMessage(item.reject));
      }
    }
    if (rejected > SHOWN_REJECTS_PER_FILE)
      log.warn(`… and ${rejected - SHOWN_REJECTS_PER_FILE} more rejects from ${file.name}`);
    if (records === 0 && rejected === 0) {
      tally.emptyFiles++;
      log.warn(`${file.name}: expected records, got none`);
    }
    log.info(`read ${file.name}: ${counted(records, "record")}, ${rejected.toLocaleString("en")} rejected`);
    tally.records += records;
    tally.rejected += rejected;
  }
}

const RULE_LIST = RULES.map(
  (r) => `       ${r.name.padEnd(44)}${r.policy ? "policy" : r.verdict}: ${r.description}`,
).join("\n");
const NOTICE_LIST = NOTICE_PATTERNS.map(
  (p) => `       ${p.name.padEnd(30)}${p.notice ?? "-"}`.padEnd(48) + p.example,
).join("\n");
const LANGUAGE_COUNT = new Set(
  JOURNAL_WORD_VARIANTS.flatMap((v) => v.language.split(/[/ ]/)).filter((l) => /^[a-z]{2}$/.test(l) && l !== "en"),
).size;

export const dedupeCommand = defineCommand({
  name: "dedupe",
  summary: `find records of the same work: ${recordsCsv.path}, or any bibliography with --in`,
  usage:
    "srpipe dedupe [--workspace DIR]  |  srpipe dedupe --in FILE [FILE...] --out DIR [--format FORMAT] [--overrides FILE]",
  options: [
    {
      name: "in",
      type: "string",
      short: "i",
      value: "FILE",
      description:
        "deduplicate these files instead of a workspace (repeat --in, or list more files after it; a folder stands for its files)",
      multiple: true,
    },
    {
      name: "out",
      type: "string",
      short: "o",
      value: "DIR",
      description: "with --in: the folder to write clusters.csv, unique.csv and review.csv to",
    },
    {
      name: "format",
      type: "string",
      short: "f",
      value: "FORMAT",
      description: "with --in: the input format; auto detects it from the content",
      choices: ["auto", ...FORMAT_IDS],
      default: "auto",
    },
    {
      name: "encoding",
      type: "string",
      value: "ENC",
      description: "with --in: the inputs' text encoding (latin1 for old EndNote/ASySD CSVs)",
      choices: TEXT_ENCODINGS,
      default: "auto",
    },
    {
      name: "database",
      type: "string",
      value: "ID",
      description: "with --in: record this database id instead of the one the content names",
    },
    {
      name: "overrides",
      type: "string",
      value: "FILE",
      description: "with --in: decisions on pairs (columns key_a,key_b,verdict,…; records named by key or record_id)",
    },
    {
      name: "policy",
      type: "string",
      value: "KEY=CHOICE",
      description: `with --in: a dedupe.policy choice, as review.json's (${POLICY_KEYS.join(", ")} = ${POLICY_CHOICES.join("|")}); repeat for more`,
      multiple: true,
    },
    {
      name: "preprints",
      type: "string",
      value: "MODE",
      description: "with --in: link a preprint and its publication as one study, or keep them separate studies",
      choices: ["link", "separate"],
      default: "link",
    },
  ],
  details: `
Writes, in ${dedupFolder.path}/ (or the --out folder):
  clusters.csv  every record: record_id (the input's own id: a CSV's ID/id/record_id column,
                a RIS ID or AN, a BibTeX key, a PMID; else file:position), cluster_id (equal for
                records of the same work), study_id, key, kept (the representative), the record
                it was linked to, the rule and the field similarities of that link
  unique.csv    one merged record per cluster: the most complete copy, its missing fields filled
                from the other members; member keys, record ids, identifiers and files listed
  review.csv    pairs the rules cannot settle: empty columns verdict,who,when,note for a person
                first, the two keys, what agrees, disagrees and is missing in words, then the
                two records side by side

Deciding pairs: copy rows of review.csv into ${duplicatesOverridesCsv.path} (or save review.csv
there whole) and fill verdict with "same" or "different" (who, when and note are yours). Rows
without a verdict are ignored; for one pair the last row wins. Every later run honours the
decisions and never asks about those pairs again. A key the records do not hold, or a
title_a/title_b cell that is not the title of the record its key names (a sheet sorted by
some columns only), is an error naming the file and line, and no decision is applied. With
--in, pass such a file as --overrides; records may be named by key or by record_id.

Method, in this order:
  1. each record's fields normalised:
     titles: these notice texts set aside, in order (a notice kind is kept to compare):
${NOTICE_LIST}
       (before them, character names written out, \`horizontal ellipsis\`, dropped; after them,
       a title made only of column words or its journal's name, as Editorial, Editor's comments,
       a meeting track's introduction, marked recurring: one only in the same issue)
     journals: abbreviations, initials, conference acronyms and edition words (AMCIS 2017
       Proceedings, 50th Annual …, Thirty First …), a subtitle after ":" or "=", bilingual
       names, "?" for a lost accent, and title words in ${LANGUAGE_COUNT} languages read in
       English (src/dedupe/journal-variants.ts, with its source)
     place: a volume written "V (I)" with the pages empty means the issue column holds the
       pages (with pages, an issue repeating them or none is I); a page range in the issue
       column is the pages; pages empty and the issue the other record's first page (A27,
       e103114, 113; not 1 or 12) means the columns are shifted: that issue is compared as
       the pages, the volume as the issue; an issue of seven digits or more (2005123456,
       2005-12345-001) is an accession number, no issue; issues of different scale (3 / 1234)
       are not compared: one is a record number
     titles contained: the other's opening or closing words, within a few edits once spaces
       are set aside (CO 2 / CO2, p16(INK4a) / p16INK4a)
     pages: short ranges (2097-108 = 2097-2108), e-pages (e0143396 = 143396); a one-digit
       typo, ranges that touch, an article number against a page: not a conflict (except in
       a supplement, where abstracts sit a page apart); one range with a one-digit typo in its
       first page (41-50 / 42-50): the same pages; two lettered series (S334 / A254, two
       abstract books): a conflict
     DOIs: versions and parts of one work by their scheme (Cochrane .pubN, F1000 versions,
       eLife, PLOS components, bioRxiv/medRxiv, Research Square, Preprints.org)
  2. identifiers (DOI, PMID, PMCID, arXiv id, EID) shared by unrelated titles set aside; an
     issue column whose values are distinct for nearly every record of a file (a record or
     accession number, as EndNote writes) — in a file of fewer than 30, numbers rising with
     every record — not compared for that file
  3. candidate pairs by blocking (title start and end — a short title's second half —, first
     author + year, author + title word, journal + volume + page, identifiers)
  4. field-by-field similarity (title, authors, year, journal, volume, issue, pages,
     abstract; a missing field is unknown, never different)
  5. these rules, first match decides (policy rules follow review.json's "dedupe": {"policy":
     …}: errata, commentsAndReplies, retractions, registryEntries, supplementAbstracts, republications =
     separate|merge|review;
     with --in, --policy KEY=CHOICE):
${RULE_LIST}
Clusters are formed by union-find, refusing a link that would join different identifiers or
records a reviewer called different. A preprint and its journal version stay two clusters
(two reports) sharing a study_id, unless review.json says "dedupe": {"linkPreprints": false}.

Exit code: workspace form, 1 when pairs wait in review.csv; --in form, 1 when a record or file
was rejected (the outputs are still written).`,
  async run({ io, log, workspace, options, positionals }) {
    const inputs = options.in;
    if (inputs.length === 0) {
      if (positionals.length)
        throw new UsageError(`dedupe: expected no arguments without --in, got "${positionals[0]}"`);
      for (const name of ["out", "overrides", "database"] as const) {
        if (options[name] !== undefined) throw new UsageError(`dedupe: --${name} goes with --in FILE`);
      }
      // Untyped, a repeated --policy (an array) slipped past the check above and was ignored.
      if (options.policy.length > 0)
        throw new UsageError(
          'dedupe: --policy goes with --in FILE (a workspace\'s policy is review.json\'s "dedupe": {"policy": …})',
        );
      const result = await dedupeStage.run(await openStageContext(workspace, log));
      return result.problems > 0 ? 1 : 0;
    }
    const outDir = options.out;
    if (outDir === undefined) throw new UsageError("dedupe: --in needs --out DIR, the folder to write to");
    const files = await inputFiles([...inputs, ...positionals], io.cwd);
    if (files.length === 0)
      throw new UsageError(`dedupe: no record files in ${[...inputs, ...positionals].join(", ")}`);
    const tally = { records: 0, rejected: 0, emptyFiles: 0 };
    let overrides = null;
    if (options.overrides !== undefined) {
      const path = resolve(io.cwd, options.overrides);
      const name = options.overrides;
      const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new InputError({
          file: name,
          expected: "a CSV of decisions (key_a,key_b,verdict,who,when,note)",
          got: error.code === "ENOENT" ? "no such file" : error.message,
        });
      });
      overrides = { file: name, text, byRecordId: true };
    }
    await runDedupe({
      records: readInputs(
        files,
        { format: options.format, encoding: options.encoding, database: options.database?.toLowerCase() ?? null },
        log,
        tally,
      ),
      outDir: resolve(io.cwd, outDir),
      outName: outDir.replace(/\/+$/, ""),
      overrides,
      linkPreprints: options.preprints !== "separate",
      policy: parsePolicyOptions(options.policy),
      log,
    });
    return tally.rejected > 0 || tally.emptyFiles > 0 ? 1 : 0;
  },
});

/** `--policy errata=merge --policy registryEntries=separate` over the defaults. */
export function parsePolicyOptions(given: readonly string[]): DedupePolicy {
  const policy: DedupePolicy = { ...DEFAULT_POLICY };
  for (const item of given) {
    const [key, choice] = item.split("=").map((part) => part.trim());
    if (
      !POLICY_KEYS.includes(key as keyof DedupePolicy) ||
      !(POLICY_CHOICES as readonly string[]).includes(choice ?? "")
    ) {
      throw new UsageError(
        `dedupe: --policy expects KEY=CHOICE with KEY one of ${POLICY_KEYS.join(", ")} and CHOICE one of ${POLICY_CHOICES.join(", ")}, got "${item}"`,
      );
    }
    policy[key as keyof DedupePolicy] = choice as PolicyChoice;
  }
  return policy;
}
