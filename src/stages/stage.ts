/**
 * A stage is a plain typed object (DESIGN.md: the pipeline order is data, not a chain of
 * calls). `inputs`/`outputs` name the files a stage reads and writes, so `run` can later
 * skip a stage whose inputs have not changed.
 */
import type { Logger } from "../log.js";
import type { Workspace } from "../workspace.js";

export interface StageContext {
  workspace: Workspace;
  log: Logger;
}

export interface StageResult {
  /** One line for the end-of-run summary, e.g. "1,240 records from 6 files, 2 rejected". */
  summary: string;
  /** Things that went wrong and a person must fix (rejected records, unreadable sheets); 0 when none. */
  problems: number;
  /** Work waiting for a person that is not a fault (rows to screen, conflicts to resolve, pairs to review). */
  pending?: number;
}

export interface Stage {
  name: string;
  description: string;
  inputs(workspace: Workspace): string[];
  outputs(workspace: Workspace): string[];
  run(context: StageContext): Promise<StageResult>;
}
