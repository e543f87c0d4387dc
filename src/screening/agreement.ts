/**
 * Inter-rater agreement of two reviewers over the records both decided, from their q × q
 * table of counts (rows: the first reviewer, columns: the second).
 *
 * - percent agreement  po = Σ n_kk / n
 * - Cohen's kappa      (po − pe) / (1 − pe), pe = Σ p_k· p·_k (Cohen 1960)
 * - PABAK              (q·po − 1) / (q − 1); 2·po − 1 for two categories (Byrt, Bishop & Carlin 1993)
 * - Gwet's AC1         (po − pe) / (1 − pe), pe = Σ π_k (1 − π_k) / (q − 1), π_k = (p_k· + p·_k) / 2 (Gwet 2008)
 *
 * Kappa is undefined when chance agreement is 1 — both reviewers put every record in the same
 * one category — and is then null with the reason, never NaN; with no record decided by both,
 * every statistic is null. Kappa is low when one category dominates even if agreement is high
 * (the "kappa paradox"), which is why PABAK and AC1 are reported beside it.
 */

export interface AgreementTable {
  categories: readonly string[];
  /** counts[a][b]: records the first reviewer put in category a and the second in b. */
  counts: readonly (readonly number[])[];
}

export interface AgreementStatistics {
  n: number;
  agreements: number;
  /** 0–100. */
  percentAgreement: number | null;
  cohensKappa: number | null;
  pabak: number | null;
  gwetsAc1: number | null;
  /** For each statistic that is null, why. */
  undefinedBecause: { [statistic: string]: string };
}

/** The table of two reviewers' categories over the same records. */
export function crossTable(
  pairs: readonly (readonly [string, string])[],
  categories: readonly string[],
): AgreementTable {
  const counts = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) {
    const i = categories.indexOf(a);
    const j = categories.indexOf(b);
    if (i < 0 || j < 0) throw new Error(`category "${i < 0 ? a : b}" is not one of ${categories.join(", ")}`);
    counts[i]![j]!++;
  }
  return { categories, counts };
}

export function agreementStatistics(table: AgreementTable): AgreementStatistics {
  const q = table.categories.length;
  const rowSums = table.counts.map((row) => row.reduce((s, c) => s + c, 0));
  const colSums = table.categories.map((_, j) => table.counts.reduce((s, row) => s + row[j]!, 0));
  const n = rowSums.reduce((s, c) => s + c, 0);
  const agreements = table.counts.reduce((s, row, k) => s + row[k]!, 0);
  if (n === 0) {
    const why = "no record was decided by both reviewers";
    return {
      n,
      agreements,
      percentAgreement: null,
      cohensKappa: null,
      pabak: null,
      gwetsAc1: null,
      undefinedBecause: { percentAgreement: why, cohensKappa: why, pabak: why, gwetsAc1: why },
    };
  }
  const po = agreements / n;
  const undefinedBecause: { [statistic: string]: string } = {};

  // pe = 1 exactly when Σ r_k c_k = n²; tested on the integers so rounding cannot hide it.
  const chanceProduct = rowSums.reduce((s, r, k) => s + r * colSums[k]!, 0);
  let cohensKappa: number | null = null;
  if (chanceProduct === n * n) {
    const k = rowSums.indexOf(n);
    undefinedBecause.cohensKappa = `both reviewers put every record in "${table.categories[k]}": chance agreement is 1, so kappa is 0/0`;
  } else {
    const pe = chanceProduct / (n * n);
    cohensKappa = (po - pe) / (1 - pe);
  }

  const pabak = (q * po - 1) / (q - 1);

  const peGwet =
    rowSums.reduce((s, r, k) => {
      const pi = (r + colSums[k]!) / (2 * n);
      return s + pi * (1 - pi);
    }, 0) /
    (q - 1);
  const gwetsAc1 = (po - peGwet) / (1 - peGwet);

  return { n, agreements, percentAgreement: 100 * po, cohensKappa, pabak, gwetsAc1, undefinedBecause };
}
