/**
 * processed/.state.json: what each stage last saw and made, so `srpipe run` can skip a stage whose
 * inputs and outputs are as it left them (R targets' `_targets/meta`). A stage's fingerprint is
 * taken after it ran: the screen and extract stages write into their own inputs (the sheets), and
 * the state to compare against next time is the one they left behind.
 *
 * Only content goes in: hashes, the srpipe version and each stage's last result. No clock times,
 * so the file is as reproducible as everything else under processed/.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { fingerprintPaths } from "../io/fingerprint.js";
import { workspacePath, type Workspace } from "../workspace.js";
import type { Stage, StageResult } from "./stage.js";

export const STATE_FILE = ".state.json";

const StageResultSchema = z.object({
  summary: z.string(),
  problems: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative().optional(),
});

const StageStateSchema = z.object({
  srpipe: z.string(),
  inputs: z.string().regex(/^[0-9a-f]{64}$/),
  outputs: z.string().regex(/^[0-9a-f]{64}$/),
  result: StageResultSchema,
});

export const PipelineStateSchema = z.object({
  schemaVersion: z.literal(1),
  stages: z.record(z.string(), StageStateSchema),
});

export type StageState = z.infer<typeof StageStateSchema>;
export type PipelineState = z.infer<typeof PipelineStateSchema>;

export function statePath(workspace: Workspace): string {
  return join(workspace.processedDir, STATE_FILE);
}

export function emptyState(): PipelineState {
  return { schemaVersion: 1, stages: {} };
}

/** The saved state; an absent file is an empty state, a damaged one is an error naming it. */
export async function readPipelineState(workspace: Workspace): Promise<PipelineState> {
  const path = statePath(workspace);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError({ file: workspacePath(workspace, path), expected: "the JSON srpipe run writes (delete the file to rebuild everything)", got: "text that is not JSON" });
  }
  const parsed = PipelineStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError({
      file: workspacePath(workspace, path),
      field: issue?.path.join(".") ?? "",
      expected: `the layout srpipe run writes (${issue?.message ?? "invalid"}; delete the file to rebuild everything)`,
      got: "something else",
    });
  }
  return parsed.data;
}

export async function writePipelineState(workspace: Workspace, state: PipelineState): Promise<void> {
  const stages: PipelineState["stages"] = {};
  for (const name of Object.keys(state.stages).sort()) {
    const entry = state.stages[name];
    if (entry) stages[name] = entry;
  }
  await writeFileAtomic(statePath(workspace), `${JSON.stringify({ schemaVersion: 1, stages }, null, 2)}\n`);
}

export interface StageFingerprint {
  inputs: string;
  outputs: string;
}

export async function fingerprintStage(stage: Stage, workspace: Workspace): Promise<StageFingerprint> {
  return {
    inputs: await fingerprintPaths(workspace.root, stage.inputs(workspace)),
    outputs: await fingerprintPaths(workspace.root, stage.outputs(workspace)),
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
  const saved: StageState = { srpipe: version, inputs: fingerprint.inputs, outputs: fingerprint.outputs, result: { summary: result.summary, problems: result.problems } };
  if (result.pending !== undefined) saved.result.pending = result.pending;
  return saved;
}
