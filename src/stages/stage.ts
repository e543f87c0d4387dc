/**
 * A stage is a plain typed object (DESIGN.md: the pipeline order is data, not a chain of
 * calls). `inputs`/`outputs` name the files a stage reads and writes, so `run` can later
 * skip a stage whose inputs have not changed.
 */
import { readFileSync } from "node:fs";
import type { TextEncodingName } from "../io/text-input.js";
import { confinedRealPathSync } from "../io/workspace-path.js";
import type { Logger } from "../log.js";
import type { Workspace } from "../workspace.js";

export interface StageContext {
  workspace: Workspace;
  log: Logger;
  /** `--encoding` of `import`/`run`: how import reads every export, over what the protocol declares. */
  encoding?: TextEncodingName;
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

/**
 * A file review.json names at `keys` (e.g. extraction.taxonomy), resolved against the workspace,
 * for a stage's `inputs` list, which is synchronous and runs before the stage reads review.json
 * properly. null when review.json does not name one or cannot be read: the stage itself then
 * fails or falls back, with a located message.
 */
export function fileNamedInReview(workspace: Workspace, keys: readonly string[]): string | null {
  try {
    let value: unknown = JSON.parse(readFileSync(workspace.reviewFile, "utf8").replace(/^\uFEFF/, ""));
    for (const key of keys) value = typeof value === "object" && value !== null ? (value as { [k: string]: unknown })[key] : undefined;
    // Outside the workspace is no input of a stage: the stage itself refuses it with a located message.
    return typeof value === "string" && value !== "" ? confinedRealPathSync(workspace.root, value) : null;
  } catch {
    return null;
  }
}
