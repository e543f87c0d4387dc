/**
 * GPU cost derivation for detail.csv. Each phase (pretraining, fine-tuning, inference) has a GPU
 * count and model, the per-GPU TDP and price, and published totals (TDP, memory, price). The GPU
 * table — model → memory GB, TDP W, price — is derived from those rows (memory per GPU = memory
 * total ÷ count, since detail.csv has no per-GPU memory column), and the totals are then derived
 * from it: TDP total = count × TDP, memory total = count × memory, price total = count × price.
 *
 * Where published rows disagree about one GPU, the table keeps the value most rows give (ties: the
 * first seen) and the disagreement is reported; derived totals that differ from the published ones
 * are reported too. The published data is never corrected.
 */
import type { DetailColumn, DetailRow } from "./wide-layout.js";

export type Phase = "pretraining" | "fine-tuning" | "inference";

interface PhaseColumns {
  phase: Phase;
  count: DetailColumn;
  gpu: DetailColumn;
  tdp: DetailColumn;
  tdpTotal: DetailColumn;
  memoryTotal: DetailColumn;
  price: DetailColumn;
  priceTotal: DetailColumn;
}

/** Which detail.csv column holds what, per phase. */
export const PHASE_COLUMNS: readonly PhaseColumns[] = [
  {
    phase: "pretraining",
    count: "pre_num",
    gpu: "pre_gpu",
    tdp: "TDP1",
    tdpTotal: "pre_TDP",
    memoryTotal: "pre_m",
    price: "price1",
    priceTotal: "pre_price",
  },
  {
    phase: "fine-tuning",
    count: "fin_num",
    gpu: "fin_gpu",
    tdp: "TDP2",
    tdpTotal: "fin_TDP",
    memoryTotal: "fin_m",
    price: "price2",
    priceTotal: "fin_price",
  },
  {
    phase: "inference",
    count: "infe_num",
    gpu: "infe_gpu",
    tdp: "TDP3",
    tdpTotal: "infe_TDP",
    memoryTotal: "infe_m",
    price: "price3",
    priceTotal: "infe_price",
  },
];

export interface GpuSpec {
  gpu: string;
  memoryGb: number | null;
  tdpW: number | null;
  price: number | null;
}

export type GpuQuantity = "memoryGb" | "tdpW" | "price";

/** A value of one GPU that published rows give differently (row = 1-based model row). */
export interface GpuDisagreement {
  gpu: string;
  quantity: GpuQuantity;
  chosen: number;
  row: number;
  phase: Phase;
  published: number;
}

/**
 * A published total that differs from count × the GPU table's value (or is missing where it can be
 * derived); `derived: null` marks a total published in a phase that names no GPU count to derive it from.
 */
export interface TotalMismatch {
  row: number;
  model: string;
  size: string;
  phase: Phase;
  column: DetailColumn;
  derived: number | null;
  published: string;
}

function numberOf(cell: string): number | null {
  if (cell.trim() === "") return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}

interface Observation {
  row: number;
  phase: Phase;
  value: number;
}

/** Every phase of every row that names a GPU and a count. */
function phasesWithGpu(
  rows: readonly DetailRow[],
): { row: number; detail: DetailRow; columns: PhaseColumns; count: number; gpu: string }[] {
  return rows.flatMap((detail, index) =>
    PHASE_COLUMNS.flatMap((columns) => {
      const gpu = detail.cells[columns.gpu];
      const count = numberOf(detail.cells[columns.count]);
      return gpu !== "" && count !== null && count > 0 ? [{ row: index + 1, detail, columns, count, gpu }] : [];
    }),
  );
}

function mostCommon(observations: readonly Observation[]): number | null {
  const tally = new Map<number, number>();
  for (const o of observations) tally.set(o.value, (tally.get(o.value) ?? 0) + 1);
  let chosen: number | null = null;
  let best = 0;
  for (const [value, n] of tally) {
    if (n > best) {
      chosen = value;
      best = n;
    }
  }
  return chosen;
}

export function deriveGpuTable(rows: readonly DetailRow[]): { table: GpuSpec[]; disagreements: GpuDisagreement[] } {
  const seen = new Map<string, { [q in GpuQuantity]: Observation[] }>();
  for (const { row, detail, columns, count, gpu } of phasesWithGpu(rows)) {
    const entry = seen.get(gpu) ?? { memoryGb: [], tdpW: [], price: [] };
    seen.set(gpu, entry);
    const memoryTotal = numberOf(detail.cells[columns.memoryTotal]);
    const tdp = numberOf(detail.cells[columns.tdp]);
    const price = numberOf(detail.cells[columns.price]);
    if (memoryTotal !== null) entry.memoryGb.push({ row, phase: columns.phase, value: memoryTotal / count });
    if (tdp !== null) entry.tdpW.push({ row, phase: columns.phase, value: tdp });
    if (price !== null) entry.price.push({ row, phase: columns.phase, value: price });
  }
  const table: GpuSpec[] = [];
  const disagreements: GpuDisagreement[] = [];
  for (const [gpu, observed] of [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const spec: GpuSpec = { gpu, memoryGb: null, tdpW: null, price: null };
    for (const quantity of ["memoryGb", "tdpW", "price"] as const) {
      const chosen = mostCommon(observed[quantity]);
      spec[quantity] = chosen;
      if (chosen === null) continue;
      for (const o of observed[quantity]) {
        if (o.value !== chosen)
          disagreements.push({ gpu, quantity, chosen, row: o.row, phase: o.phase, published: o.value });
      }
    }
    table.push(spec);
  }
  return { table, disagreements };
}

/** Derives each phase's totals from the GPU table and lists every published total that differs. */
export function checkDerivedTotals(
  rows: readonly DetailRow[],
  table: readonly GpuSpec[],
): { checked: number; mismatches: TotalMismatch[] } {
  const specs = new Map(table.map((spec) => [spec.gpu, spec]));
  const mismatches: TotalMismatch[] = [];
  let checked = 0;
  for (const { row, detail, columns, count, gpu } of phasesWithGpu(rows)) {
    const spec = specs.get(gpu);
    if (!spec) continue;
    const totals: [DetailColumn, number | null][] = [
      [columns.tdpTotal, spec.tdpW],
      [columns.memoryTotal, spec.memoryGb],
      [columns.priceTotal, spec.price],
    ];
    for (const [column, perGpu] of totals) {
      if (perGpu === null) continue;
      const derived = count * perGpu;
      const published = detail.cells[column];
      checked += 1;
      if (numberOf(published) !== derived) {
        mismatches.push({
          row,
          model: detail.label.model,
          size: detail.label.size,
          phase: columns.phase,
          column,
          derived,
          published,
        });
      }
    }
  }
  rows.forEach((detail, index) => {
    for (const columns of PHASE_COLUMNS) {
      const count = numberOf(detail.cells[columns.count]);
      if (count !== null && count > 0) continue;
      for (const column of [columns.tdpTotal, columns.memoryTotal, columns.priceTotal]) {
        const published = detail.cells[column];
        if (published !== "") {
          mismatches.push({
            row: index + 1,
            model: detail.label.model,
            size: detail.label.size,
            phase: columns.phase,
            column,
            derived: null,
            published,
          });
        }
      }
    }
  });
  mismatches.sort(
    (a, b) =>
      a.row - b.row ||
      PHASE_COLUMNS.findIndex((p) => p.phase === a.phase) - PHASE_COLUMNS.findIndex((p) => p.phase === b.phase),
  );
  return { checked, mismatches };
}
