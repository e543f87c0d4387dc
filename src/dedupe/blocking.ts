/**
 * Candidate pairs: only records that share a block key are compared, so the cost grows with
 * the number of records, not its square. Several kinds of key, so that one field's typo or
 * absence does not hide a duplicate (as ASySD's and bib-dedupe's blocking rounds do); see
 * BLOCK_KINDS.
 *
 * A block larger than its kind's `maxBlock` (a common surname in a busy year, a generic
 * title such as `Editorial`) is not compared all against all: its records are sorted by
 * title and each is compared with the next `window` (sorted neighbourhood), which still
 * finds copies with equal or near titles. How many blocks were so treated is reported.
 * Keys that say little on their own (a surname and a year) have a smaller bound.
 *
 * Keys are hashed to 32 bits and sorted as numbers, one kind at a time; a hash collision
 * only adds a pair that the comparison then rejects.
 */
import { compareStrings } from "../record-csv.js";
import { hash32, type MatchRecord } from "./features.js";

export interface BlockingOptions {
  /** Records per block compared all against all; an author-based block gets a quarter of it. */
  maxBlock: number;
  window: number;
}

export const DEFAULT_BLOCKING: BlockingOptions = { maxBlock: 64, window: 12 };

export interface BlockingResult {
  /** Encoded pairs `i * 2^bits + j` (i < j), sorted, distinct; see `decodePair`. */
  pairs: Float64Array;
  bits: number;
  blocks: number;
  largeBlocks: number;
  /** Records in large blocks, summed over those blocks. */
  largeBlockRecords: number;
  /** Large blocks of author keys, not compared within (see BlockKind.large). */
  skippedBlocks: number;
  skippedBlockRecords: number;
}

const TITLE_END_CHARS = 24;

function firstWord(text: string): string {
  const space = text.indexOf(" ");
  return space < 0 ? text : text.slice(0, space);
}

export interface BlockKind {
  name: string;
  /** Share of `maxBlock` a block of this kind may reach before it counts as large. */
  share: number;
  /**
   * What happens to a large block: `neighbours` compares each record with the next `window`
   * by title; `skip` drops it (for keys whose large blocks hold mostly unrelated works, where
   * the title keys already pair the copies).
   */
  large: "neighbours" | "skip";
  keys(r: MatchRecord): string[];
}

const one = (value: string | null): string[] => (value ? [value] : []);
const letters = (r: MatchRecord) => r.title?.replaceAll(" ", "") ?? "";
/** A short title's end key is its second half, at least this long (`Absracts of the EAS Congress`). */
const SHORT_TITLE_END_CHARS = 10;
function titleEnd(text: string, end: "start" | "end"): string[] {
  if (end === "start") return text.length >= 8 ? [text.slice(0, TITLE_END_CHARS)] : [];
  if (text.length > TITLE_END_CHARS) return [text.slice(-TITLE_END_CHARS)];
  // A short title's start key is all of it, so a typo anywhere hides the copy; its second half still
  // pairs a copy whose typo is in the first.
  const half = Math.ceil(text.length / 2);
  return half >= SHORT_TITLE_END_CHARS ? [text.slice(-half)] : [];
}
const firstAuthor = (r: MatchRecord) => (r.authors === "" ? null : firstWord(r.authors));

export const BLOCK_KINDS: readonly BlockKind[] = [
  { name: "record key", share: 1, large: "neighbours", keys: (r) => [r.key] },
  { name: "DOI", share: 1, large: "neighbours", keys: (r) => one(r.doi) },
  { name: "PMID", share: 1, large: "neighbours", keys: (r) => one(r.pmid) },
  { name: "PMCID", share: 1, large: "neighbours", keys: (r) => one(r.pmcid) },
  { name: "arXiv id", share: 1, large: "neighbours", keys: (r) => one(r.arxivId) },
  { name: "EID", share: 1, large: "neighbours", keys: (r) => one(r.eid) },
  // A typo spoils one end of a title only.
  { name: "title start", share: 1, large: "neighbours", keys: (r) => titleEnd(letters(r), "start") },
  { name: "title end", share: 1, large: "neighbours", keys: (r) => titleEnd(letters(r), "end") },
  // For copies whose titles differ at both ends (a translation, a subtitle and a typo).
  {
    name: "first author + year",
    share: 0.25,
    large: "skip",
    keys: (r) => (firstAuthor(r) && r.year !== null ? [`${firstAuthor(r)}|${r.year}`] : []),
  },
  {
    name: "first author + title word",
    share: 0.25,
    large: "skip",
    keys: (r) => (firstAuthor(r) && r.title ? [`${firstAuthor(r)}|${firstWord(r.title)}`] : []),
  },
  {
    name: "journal + volume + page",
    share: 1,
    large: "neighbours",
    keys: (r) =>
      r.volume === null || r.pageStart === null || r.journal === ""
        ? []
        : r.journal.split("|").map(
            (name) =>
              `${name
                .split(" ")
                .map((w) => w[0])
                .join("")}|${r.volume}|${r.pageStart}`,
          ),
  },
  {
    name: "year + volume + page",
    share: 1,
    large: "neighbours",
    keys: (r) =>
      r.volume !== null && r.pageStart !== null && r.year !== null ? [`${r.year}|${r.volume}|${r.pageStart}`] : [],
  },
];

/** Records a block of this kind may hold before it counts as large. */
export function blockBound(kind: BlockKind, options: BlockingOptions): number {
  return Math.max(2, Math.round(options.maxBlock * kind.share));
}

/** Every block key of one record, prefixed with its kind (for tests and diagnostics). */
export function blockKeys(r: MatchRecord): string[] {
  return BLOCK_KINDS.flatMap((kind) => kind.keys(r).map((key) => `${kind.name}|${key}`));
}

/** Bits needed to number `n` records. */
export function indexBits(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(n + 1)));
}

export function decodePair(code: number, bits: number): [number, number] {
  const scale = 2 ** bits;
  const i = Math.floor(code / scale);
  return [i, code - i * scale];
}

/** A growable Float64Array. */
class NumberList {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  sortedDistinct(): Float64Array {
    const view = this.data.subarray(0, this.length).sort();
    let out = 0;
    for (let k = 0; k < view.length; k++) if (k === 0 || view[k] !== view[out - 1]) view[out++] = view[k]!;
    return view.slice(0, out);
  }
}

export function candidatePairs(
  records: readonly MatchRecord[],
  options: BlockingOptions = DEFAULT_BLOCKING,
): BlockingResult {
  const n = records.length;
  const bits = indexBits(n);
  if (2 * bits > 53) throw new Error(`too many records to pair (${n})`);
  const hashBits = Math.min(32, 53 - bits);
  const hashScale = 2 ** bits;
  const pairs = new NumberList();
  const addPair = (x: number, y: number) => {
    if (x === y) return;
    pairs.push(x < y ? x * hashScale + y : y * hashScale + x);
  };
  let blocks = 0;
  let largeBlocks = 0;
  let largeBlockRecords = 0;
  let skippedBlocks = 0;
  let skippedBlockRecords = 0;
  const members: number[] = [];
  const entries = new NumberList();
  for (const kind of BLOCK_KINDS) {
    const maxBlock = blockBound(kind, options);
    entries.length = 0;
    for (const record of records) {
      for (const key of kind.keys(record)) entries.push((hash32(key) >>> (32 - hashBits)) * hashScale + record.index);
    }
    const sorted = entries.data.subarray(0, entries.length).sort();
    let start = 0;
    while (start < sorted.length) {
      const hash = Math.floor(sorted[start]! / hashScale);
      let end = start + 1;
      while (end < sorted.length && Math.floor(sorted[end]! / hashScale) === hash) end++;
      if (end - start > 1) {
        blocks++;
        members.length = 0;
        for (let k = start; k < end; k++) members.push(sorted[k]! - hash * hashScale);
        if (members.length <= maxBlock) {
          for (let x = 0; x < members.length; x++)
            for (let y = x + 1; y < members.length; y++) addPair(members[x]!, members[y]!);
        } else if (kind.large === "skip") {
          skippedBlocks++;
          skippedBlockRecords += members.length;
        } else {
          largeBlocks++;
          largeBlockRecords += members.length;
          members.sort((x, y) => compareStrings(records[x]!.title ?? "", records[y]!.title ?? "") || x - y);
          for (let x = 0; x < members.length; x++) {
            const last = Math.min(members.length, x + 1 + options.window);
            for (let y = x + 1; y < last; y++) addPair(members[x]!, members[y]!);
          }
        }
      }
      start = end;
    }
  }
  return {
    pairs: pairs.sortedDistinct(),
    bits,
    blocks,
    largeBlocks,
    largeBlockRecords,
    skippedBlocks,
    skippedBlockRecords,
  };
}
