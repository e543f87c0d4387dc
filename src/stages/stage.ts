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
  /** Things a person must look at (rejected records, sheets waiting…); 0 when none. */
  problems: number;
}

export interface Stage {
  name: string;
  description: string;
  inputs(workspace: Workspace): string[];
  outputs(workspace: Workspace): string[];
  run(context: StageContext): Promise<StageResult>;
}
