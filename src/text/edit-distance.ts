/**
 * Levenshtein distance, two ways: bounded (Ukkonen's band: only distances up to `max` are
 * computed exactly, beyond it the answer is `max + 1`), for short strings such as surnames;
 * and bit-parallel (Myers 1999, blocks of 32 rows), for titles, where it is several times
 * faster than any table.
 */
let previousRow = new Int32Array(256);
let currentRow = new Int32Array(256);

export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > max) return max + 1;
  if (a.length === 0) return b.length;
  return bandedDistance(a, b, max, WHOLE);
}

/**
 * The least Levenshtein distance between `short` and any opening of `long` (or, `fromEnd`,
 * any closing), bounded as `boundedLevenshtein` is: one banded pass over `long`, reading the
 * last row at every cut within `max` of `short`'s length, instead of one distance per cut.
 */
export function affixLevenshtein(short: string, long: string, max: number, fromEnd = false): number {
  if (short.length === 0) return 0;
  return bandedDistance(short, long, max, fromEnd ? CLOSING : OPENING);
}

/** What `bandedDistance` measures `a` against: all of `b`, or the best opening or closing of it. */
const WHOLE = 0;
const OPENING = 1;
const CLOSING = 2;

/** Ukkonen's band over `b`'s characters (read from the end for CLOSING); `a` is not empty. */
function bandedDistance(a: string, b: string, max: number, against: number): number {
  const n = a.length;
  const m = against === WHOLE ? b.length : Math.min(b.length, n + max);
  const fromEnd = against === CLOSING;
  if (previousRow.length <= n) {
    previousRow = new Int32Array(n + 1);
    currentRow = new Int32Array(n + 1);
  }
  let prev = previousRow;
  let cur = currentRow;
  const big = max + 1;
  for (let i = 0; i <= n; i++) prev[i] = i <= max ? i : big;
  let best = n <= max ? n : big;
  for (let j = 1; j <= m; j++) {
    const from = Math.max(1, j - max);
    const to = Math.min(n, j + max);
    cur[from - 1] = from === 1 ? (j <= max ? j : big) : big;
    let rowMin = cur[from - 1]!;
    const bj = b.charCodeAt(fromEnd ? b.length - j : j - 1);
    for (let i = from; i <= to; i++) {
      const cost = a.charCodeAt(fromEnd ? n - i : i - 1) === bj ? 0 : 1;
      let v = prev[i - 1]! + cost;
      const del = prev[i]! + 1;
      if (del < v) v = del;
      const ins = cur[i - 1]! + 1;
      if (ins < v) v = ins;
      if (v > big) v = big;
      cur[i] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < n) cur[to + 1] = big;
    if (to === n && cur[n]! < best) best = cur[n]!;
    if (rowMin > max) return against === WHOLE ? big : Math.min(best, big);
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return Math.min(against === WHOLE ? prev[n]! : best, big);
}

/** Per block of 32 pattern characters, per character code, the rows where it occurs. */
let peq = new Int32Array(0x10000);
let peqBlocks = 1;
let blockPv = new Int32Array(1);
let blockMv = new Int32Array(1);

/** Exact Levenshtein distance by Myers' bit-vector algorithm, in ⌈|a|/32⌉·|b| word steps. */
export function myersDistance(a: string, b: string): number {
  if (a.length > b.length) [a, b] = [b, a];
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  const blocks = Math.ceil(n / 32);
  if (blocks > peqBlocks) {
    peq = new Int32Array(0x10000 * blocks);
    peqBlocks = blocks;
    blockPv = new Int32Array(blocks);
    blockMv = new Int32Array(blocks);
  }
  for (let i = 0; i < n; i++) {
    const at = (i >>> 5) * 0x10000 + a.charCodeAt(i);
    peq[at] = peq[at]! | (1 << (i & 31));
  }
  blockPv.fill(-1, 0, blocks);
  blockMv.fill(0, 0, blocks);
  const lastHigh = 1 << ((n - 1) & 31);
  let score = n;
  for (let j = 0; j < m; j++) {
    const c = b.charCodeAt(j);
    // The top row of the table counts up: every column starts with a +1 step.
    let hin = 1;
    for (let k = 0; k < blocks; k++) {
      const high = k === blocks - 1 ? lastHigh : 1 << 31;
      const pv = blockPv[k]!;
      const mv = blockMv[k]!;
      let eq = peq[k * 0x10000 + c]!;
      const xv = eq | mv;
      if (hin < 0) eq |= 1;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      let hout = 0;
      if ((ph & high) !== 0) hout = 1;
      else if ((mh & high) !== 0) hout = -1;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) mh |= 1;
      else if (hin > 0) ph |= 1;
      blockPv[k] = mh | ~(xv | ph);
      blockMv[k] = ph & xv;
      hin = hout;
    }
    score += hin;
  }
  for (let i = 0; i < n; i++) peq[(i >>> 5) * 0x10000 + a.charCodeAt(i)] = 0;
  return score;
}

const bagCounts = new Int32Array(128);

/**
 * A lower bound of the edit distance, in linear time: characters one string has more of than
 * the other must each be edited (counted in 128 classes; merging classes only lowers it).
 */
export function bagDistance(a: string, b: string): number {
  bagCounts.fill(0);
  for (let i = 0; i < a.length; i++) bagCounts[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < b.length; i++) bagCounts[b.charCodeAt(i) & 127]!--;
  let surplus = 0;
  let deficit = 0;
  for (let c = 0; c < 128; c++) {
    const v = bagCounts[c]!;
    if (v > 0) surplus += v;
    else deficit -= v;
  }
  return Math.max(surplus, deficit);
}

/** 1 − distance / longer length, or 0 when below `floor` (the band is set from it). */
export function levenshteinSimilarity(a: string, b: string, floor = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const max = Math.floor((1 - floor) * longer);
  if (Math.abs(a.length - b.length) > max || bagDistance(a, b) > max) return 0;
  const distance = myersDistance(a, b);
  if (distance > max) return 0;
  return 1 - distance / longer;
}
