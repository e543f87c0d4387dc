// The labelled deduplication sets and their variants, shared by bench/dedupe.mjs (figures)
// and bench/dedupe-errors.mjs (the pairs behind them): which sets the benchmark folder holds,
// how gold ids map to the records' own ids, and how the `stripped` and `record-no` variants
// are written.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative as relativePath, resolve } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = process.env.SRPIPE_DIST ? resolve(process.env.SRPIPE_DIST) : join(root, "dist");
export const dist = (path) => import(pathToFileURL(join(DIST, path)).href);
export const BENCH_DIR = process.env.SRPIPE_DEDUP_BENCHMARKS ?? join(root, "..", "shared", "benchmarks", "dedup");

/**
 * bib-dedupe's published automatic sensitivity on the sets it reports (Wagner et al., its
 * README's table), by set name; a set without one is scored all the same, with no target.
 * Sets known by name keep this order; any other set found is listed after them by name.
 */
const PUBLISHED = new Map([
  ["diabetes", { bibDedupe: 1.0 }],
  ["cytology", { bibDedupe: 0.992 }],
  ["digital_work", { bibDedupe: 0.997 }],
  ["special_cases", { bibDedupe: null }],
]);

/**
 * Every labelled set in BENCH_DIR and the folders in it: a `NAME_groups.csv` (one row per gold
 * duplicate group, `;`-joined ids; or one row per record, an id and a duplicate_id/group column) beside `NAME_records.csv` or `NAME_…_records.csv` (or
 * `NAME_records` in any format srpipe reads, its own ids naming the records), or a
 * folder NAME holding bib-dedupe's `records_pre_merged.csv` and `merged_record_ids.csv`. So a
 * set dropped beside ours is scored by the same command, whatever it is called.
 */
export function discoverSets(dir = BENCH_DIR) {
  if (!existsSync(dir)) return [];
  const found = [];
  const visit = (folder, depth) => {
    const names = readdirSync(folder).sort();
    const relative = (name) => relativePath(dir, join(folder, name));
    if (names.includes("merged_record_ids.csv") && names.includes("records_pre_merged.csv"))
      found.push(describeSet(basename(folder), relative("records_pre_merged.csv"), relative("merged_record_ids.csv")));
    for (const name of names) {
      const groups = /^(.+)_groups\.csv$/i.exec(name);
      if (groups) {
        const stem = groups[1];
        const lower = stem.toLowerCase();
        const records =
          names.find((n) => n.toLowerCase() === `${lower}_records.csv`) ??
          names.find((n) => n.toLowerCase().startsWith(`${lower}_`) && /_records\.csv$/i.test(n)) ??
          // Any other format srpipe reads (`NAME_records.ris`, `.xml`, `.txt`): scored as given only.
          names.find((n) => n.toLowerCase().startsWith(`${lower}_records.`) && !/_groups\./i.test(n));
        if (records) found.push(describeSet(stem, relative(records), relative(name)));
      }
      if (depth < 2 && statSync(join(folder, name)).isDirectory()) visit(join(folder, name), depth + 1);
    }
  };
  visit(dir, 0);
  const order = [...PUBLISHED.keys()];
  const rank = (set) => (order.includes(set.name) ? order.indexOf(set.name) : order.length);
  return found.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

function describeSet(name, records, groups) {
  const bytes = readFileSync(join(BENCH_DIR, records));
  const encoding = isUtf8(bytes) ? "auto" : "latin1";
  return {
    name,
    records,
    groups,
    encoding,
    goldId: goldIdMapping(records, groups, bytes, encoding),
    ...(PUBLISHED.get(name) ?? { bibDedupe: null }),
  };
}

function isUtf8(bytes) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * How the groups' ids name records: as the records' own ids (a CSV's ID/id/record_id column,
 * as srpipe reads them), or `id_0000001` for the record numbered 1 (the ASySD file's bare
 * numbers, MANIFEST.tsv). Whichever names more of the records wins; neither is an error.
 */
function goldIdMapping(records, groups, bytes, encoding) {
  const identity = (id) => id;
  const numbered = (id) => (/^id_\d+$/i.test(id) ? String(Number(id.slice(3))) : id);
  if (!/\.csv$/i.test(records)) return identity;
  const text = new TextDecoder(encoding === "latin1" ? "latin1" : "utf-8").decode(bytes).replace(/^\uFEFF/, "");
  const rows = parseCsv(text, { columns: true, relax_column_count: true, relax_quotes: true });
  const column = ["ID", "id", "record_id"].find((c) => rows.length && c in rows[0]);
  if (!column) return identity;
  const own = new Set(rows.map((r) => String(r[column]).trim()));
  const ids = readGroups(join(BENCH_DIR, groups)).flat();
  const hits = (map) => ids.filter((id) => own.has(map(id))).length;
  const [direct, byNumber] = [hits(identity), hits(numbered)];
  if (direct === 0 && byNumber === 0)
    throw new Error(`${groups}: no gold id (e.g. ${ids[0]}) names a record of ${records} (its ${column} column)`);
  return byNumber > direct ? numbered : identity;
}

let discovered;
/** The sets in BENCH_DIR, found on first use (the bench's child processes never look). */
export const benchmarkSets = () => (discovered ??= discoverSets());

/** Columns an SRA-style EndNote export has (the ids stay: the gold groups need them). */
export const STRIPPED_KEEP = new Set([
  "id",
  "record_id",
  "entrytype",
  "title",
  "author",
  "year",
  "journal",
  "booktitle",
  "volume",
  "number",
  "issue",
  "pages",
]);
export const VARIANTS = ["given", "stripped", "record-no"];

export function readGroups(path) {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true });
  const header = (rows[0] ?? []).map((cell) => String(cell).trim().toLowerCase());
  // The long form (ASySD's `record_id,duplicate_id`, or any `id` + `group`/`cluster` table): one
  // row per record, records sharing a group value are one work.
  const idColumn = header.findIndex((c) => ["id", "record_id", "recordid", "key"].includes(c));
  const groupColumn = header.findIndex((c) =>
    /^(duplicate_id|dup_id|group|group_id|cluster|cluster_id|gold_group)$/.test(c),
  );
  if (header.length >= 2 && idColumn >= 0 && groupColumn >= 0) {
    const groups = new Map();
    for (const row of rows.slice(1)) {
      const id = String(row[idColumn] ?? "").trim();
      const group = String(row[groupColumn] ?? "").trim();
      if (id === "" || group === "") continue;
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(id);
    }
    return [...groups.values()].filter((ids) => ids.length > 1);
  }
  if (header.length > 1)
    throw new Error(
      `${path}: expected one column of ";"-joined ids per gold group (bib-dedupe's merged_ids), or a record id column with a duplicate_id/group/cluster column; got ${header.join(", ")}`,
    );
  // bib-dedupe's merged_ids: one gold group per row, its ids `;`-joined (a `,` where no `;` is used).
  return rows
    .slice(1)
    .map((row) => String(row[0] ?? "").trim())
    .filter((cell) => cell !== "")
    .map((cell) =>
      cell
        .split(cell.includes(";") ? ";" : ",")
        .map((id) => id.trim())
        .filter((id) => id !== ""),
    );
}

export async function readCsv(path, encoding = "utf8") {
  const { parse } = await import("csv-parse/sync");
  return parse(readFileSync(path, encoding).replace(/^\uFEFF/, ""), { columns: true, relax_column_count: true });
}

/** Whether the set's records are a CSV, so its `stripped` and `record-no` variants can be written. */
export const hasVariants = (set) => /\.csv$/i.test(set.records);

/** The set's file as the variant has it, written to `dir`; the path to read. */
export async function variantFile(set, variant, dir) {
  const source = join(BENCH_DIR, set.records);
  if (variant === "given") return source;
  const { stringify } = await import("csv-stringify/sync");
  const rows = await readCsv(source, set.encoding === "latin1" ? "latin1" : "utf8");
  const columns = Object.keys(rows[0] ?? {}).filter((c) => STRIPPED_KEEP.has(c.toLowerCase()));
  const issueColumn = columns.find((c) => /^(number|issue)$/i.test(c)) ?? "number";
  if (!columns.includes(issueColumn)) columns.push(issueColumn);
  const out = rows.map((row, i) =>
    columns.map((c) => (variant === "record-no" && c === issueColumn ? String(1000 + i) : (row[c] ?? ""))),
  );
  const path = join(dir, `${set.name}-${variant}.csv`);
  writeFileSync(path, stringify([columns, ...out]));
  return path;
}

/**
 * A pair's field similarity as the benches print it: every field both records give, and the
 * place fields (volume, issue, pages) when they disagree too; numbers to two places.
 */
export function similarityText(sim) {
  return Object.entries(sim)
    .filter(([k, v]) => v !== null && (v !== false || ["volume", "issue", "pages"].includes(k)))
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${typeof v === "number" ? v.toFixed(2) : v}`)
    .join(" ");
}
