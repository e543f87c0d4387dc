/**
 * The controlled vocabularies a catalog implies, derived from its category columns: the stages, the
 * tasks, the (stage, subtask) categories with their exact published labels (trailing spaces included),
 * and the modality values. Order is first appearance in column order, which is the published order.
 */
import type { CategoryColumn } from "./wide-layout.js";

export interface SubtaskCategory {
  stage: string;
  subtask: string;
}

export interface Taxonomy {
  /** Every category column in order: what the wide layout needs to write appear/best. */
  columns: CategoryColumn[];
  stages: string[];
  tasks: string[];
  /** Distinct (stage, subtask) pairs — the paper's "56 subtask categories". */
  categories: SubtaskCategory[];
  /** Single modalities ("text", "image (2D)", …) found in any input or output cell. */
  modalities: string[];
  /** Cell values as written, combinations included ("image (2D)+text"). */
  modalityCombinations: string[];
}

function distinct<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function taxonomyOf(columns: CategoryColumn[]): Taxonomy {
  const cells = columns.flatMap((c) => [c.mandatoryInput, c.optionalInput, c.output]).filter((cell) => cell !== "");
  return {
    columns,
    stages: distinct(
      columns.map((c) => c.stage),
      (s) => s,
    ),
    tasks: distinct(
      columns.map((c) => c.task),
      (t) => t,
    ),
    categories: distinct(
      columns.map((c) => ({ stage: c.stage, subtask: c.subtask })),
      (c) => JSON.stringify([c.stage, c.subtask]),
    ),
    modalities: distinct(
      cells.flatMap((cell) => cell.split("+")),
      (m) => m,
    ),
    modalityCombinations: distinct(cells, (m) => m),
  };
}
