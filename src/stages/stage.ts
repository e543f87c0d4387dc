/**
 * A stage is a plain typed object (DESIGN.md: the pipeline order is data, not a chain of
 * calls). `inputs`/`outputs` list the artefacts a stage reads and writes (src/artefacts/), so
 * `run` can skip a stage whose inputs have not changed and `status` can say which are stale.
 */
import type { Artefact } from "../artefacts/artefact.js";
import type { TextEncodingName } from "../io/text-input.js";
import type { Logger } from "../log.js";
import { loadQueries, loadReview, type Query, type Review } from "../protocol.js";
import type { Workspace } from "../workspace.js";

/**
 * What every stage is given: the workspace and the protocol, read and validated once per command
 * (openStageContext), so no stage reads review.json or queries/ again.
 */
export interface StageContext {
  workspace: Workspace;
  review: Review;
  queries: readonly Query[];
  log: Logger;
  /** `--encoding` of `import`/`run`: how import reads every export, over what the protocol declares. */
  encoding?: TextEncodingName;
}

/** What a stage's input and output lists depend on: where the workspace is and what the protocol names. */
export type ArtefactContext = Pick<StageContext, "workspace" | "review">;

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
  inputs(context: ArtefactContext): readonly Artefact[];
  outputs(context: ArtefactContext): readonly Artefact[];
  run(context: StageContext): Promise<StageResult>;
}

/**
 * The one place a command builds a stage context: review.json and queries/*.json are read and
 * validated here, once; a workspace without a valid review.json stops the command before
 * anything is read or written.
 */
export async function openStageContext(
  workspace: Workspace,
  log: Logger,
  options: { encoding?: TextEncodingName } = {},
): Promise<StageContext> {
  const review = await loadReview(workspace.reviewFile);
  const queries = (await loadQueries(workspace.queriesDir, review)).map((q) => q.query);
  return { workspace, review, queries, log, ...(options.encoding ? { encoding: options.encoding } : {}) };
}
