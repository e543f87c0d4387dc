/**
 * Scoring a deduplication against gold duplicate groups, as the benchmarks report it.
 *
 * Pairwise: precision and recall over pairs of records judged the same work.
 *
 * Removal (ASySD, bib-dedupe): each predicted cluster keeps one record and removes the
 * rest. Per gold group (a record in no group is a group of one): its first retained member
 * is a true negative, each further retained member a false negative (a duplicate left in),
 * each removed member a true positive; a group with no member retained counts one false
 * positive (a unique work removed) in place of one of those true positives.
 */
export interface ScoredRecord {
  recordId: string;
  clusterId: string;
  retained: boolean;
}

export interface Score {
  records: number;
  goldGroups: number;
  /** Gold ids that name no scored record (rejected on reading, or a mistyped label). */
  unknownGoldIds: number;
  pairwise: { truePositives: number; predicted: number; gold: number; precision: number; recall: number };
  removal: { tp: number; fp: number; tn: number; fn: number; sensitivity: number; specificity: number };
}

const pairsIn = (k: number) => (k * (k - 1)) / 2;
const ratio = (x: number, y: number) => (y === 0 ? 1 : x / y);

export function scoreDeduplication(
  records: readonly ScoredRecord[],
  goldGroups: readonly (readonly string[])[],
): Score {
  const known = new Map<string, ScoredRecord>();
  for (const r of records) known.set(r.recordId, r);
  const groupOf = new Map<string, number>();
  let unknownGoldIds = 0;
  goldGroups.forEach((group, g) => {
    for (const id of group) {
      if (known.has(id)) groupOf.set(id, g);
      else unknownGoldIds++;
    }
  });
  // Every record belongs to a gold group; the unlisted ones to a group of their own.
  const groups = new Map<string, ScoredRecord[]>();
  const clusterSizes = new Map<string, number>();
  const cells = new Map<string, number>();
  for (const r of records) {
    const g = groupOf.has(r.recordId) ? `g${groupOf.get(r.recordId)}` : `r${r.recordId}`;
    const members = groups.get(g);
    if (members) members.push(r);
    else groups.set(g, [r]);
    clusterSizes.set(r.clusterId, (clusterSizes.get(r.clusterId) ?? 0) + 1);
    const cell = `${g}\u0000${r.clusterId}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
  }
  let predicted = 0;
  for (const size of clusterSizes.values()) predicted += pairsIn(size);
  let gold = 0;
  for (const members of groups.values()) gold += pairsIn(members.length);
  let truePositives = 0;
  for (const size of cells.values()) truePositives += pairsIn(size);

  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const members of groups.values()) {
    const retained = members.filter((m) => m.retained).length;
    if (retained === 0) {
      fp++;
      tp += members.length - 1;
    } else {
      tn++;
      fn += retained - 1;
      tp += members.length - retained;
    }
  }
  return {
    records: records.length,
    goldGroups: goldGroups.length,
    unknownGoldIds,
    pairwise: {
      truePositives,
      predicted,
      gold,
      precision: ratio(truePositives, predicted),
      recall: ratio(truePositives, gold),
    },
    removal: { tp, fp, tn, fn, sensitivity: ratio(tp, tp + fn), specificity: ratio(tn, tn + fp) },
  };
}
