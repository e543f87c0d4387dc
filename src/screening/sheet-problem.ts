/**
 * What is wrong with a reviewer's sheet, located to file and line. The stage collects every
 * problem of every sheet before it writes anything, so a reviewer fixes them in one go; the
 * error lists them all (up to a limit), each as `file:line: column: expected …, got …`.
 */
import { SrpipeError, formatLocated } from "../errors.js";

export interface SheetProblem {
  /** Workspace-relative, forward slashes. */
  file: string;
  line: number;
  /** The column at fault, when one is. */
  field?: string;
  expected: string;
  got: string;
}

export function problemMessage(problem: SheetProblem): string {
  return formatLocated(
    { file: problem.file, line: problem.line, field: problem.field },
    `expected ${problem.expected}, got ${problem.got}`,
  );
}

const SHOWN = 20;

export class ScreeningSheetError extends SrpipeError {
  constructor(readonly problems: readonly SheetProblem[]) {
    const shown = problems.slice(0, SHOWN).map(problemMessage);
    const more = problems.length > SHOWN ? [`… and ${problems.length - SHOWN} more`] : [];
    const head =
      problems.length === 1 ? "" : `${problems.length} problems in the screening sheets (nothing was written):\n`;
    const first = problems[0];
    super(
      "input",
      head + [...shown, ...more].join("\n"),
      first ? { file: first.file, line: first.line, field: first.field, expected: first.expected, got: first.got } : {},
    );
  }
}
