/**
 * Whether a stage must run again: the hashes of its input and output artefacts now, against what
 * processed/.state.json (artefacts/state-json.ts) saved after its last run. A stage's fingerprint
 * is taken after it ran: the screen and extract stages write into their own inputs (the sheets),
 * and the state to compare against next time is the one they left behind.
 */
import { artefactPath } from "../artefacts/artefact.js";
import type { StageState } from "../artefacts/state-json.js";
import { fingerprintPaths } from "../io/fingerprint.js";
import type { ArtefactContext, Stage, StageResult } from "./stage.js";

export interface StageFingerprint {
  inputs: string;
  outputs: string;
}

export async function fingerprintStage(stage: Stage, context: ArtefactContext): Promise<StageFingerprint> {
  const { workspace } = context;
  const paths = (artefacts: ReturnType<Stage["inputs"]>) =>
    artefacts.map((artefact) => artefactPath(workspace, artefact));
  return {
    inputs: await fingerprintPaths(workspace.root, paths(stage.inputs(context))),
    outputs: await fingerprintPaths(workspace.root, paths(stage.outputs(context))),
  };
}

export type Freshness = "up to date" | "never run" | "inputs changed" | "outputs changed" | "srpipe changed";

/** Why a stage must run again, or "up to date". */
export function freshness(saved: StageState | undefined, now: StageFingerprint, version: string): Freshness {
  if (!saved) return "never run";
  if (saved.srpipe !== version) return "srpipe changed";
  if (saved.inputs !== now.inputs) return "inputs changed";
  if (saved.outputs !== now.outputs) return "outputs changed";
  return "up to date";
}

export function stageState(version: string, fingerprint: StageFingerprint, result: StageResult): StageState {
  const saved: StageState = {
    srpipe: version,
    inputs: fingerprint.inputs,
    outputs: fingerprint.outputs,
    result: { summary: result.summary, problems: result.problems },
  };
  if (result.pending !== undefined) saved.result.pending = result.pending;
  return saved;
}
