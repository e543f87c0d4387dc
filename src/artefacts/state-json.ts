/**
 * processed/.state.json: what each stage last saw and made, so `srpipe run` can skip a stage whose
 * inputs and outputs are as it left them (R targets' `_targets/meta`); stages/stage-state.ts
 * decides freshness from it.
 *
 * Only content goes in: hashes, the srpipe version and each stage's last result. No clock times,
 * so the file is as reproducible as everything else under processed/.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import type { Workspace } from "../workspace.js";
import { artefactPath, fileArtefact } from "./artefact.js";

export const stateJson = fileArtefact("processed/.state.json");

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

export function emptyState(): PipelineState {
  return { schemaVersion: 1, stages: {} };
}

/** The saved state; an absent file is an empty state, a damaged one is an error naming it. */
export async function readPipelineState(workspace: Workspace): Promise<PipelineState> {
  const path = artefactPath(workspace, stateJson);
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
    throw new InputError({
      file: stateJson.path,
      expected: "the JSON srpipe run writes (delete the file to rebuild everything)",
      got: "text that is not JSON",
    });
  }
  const parsed = PipelineStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError({
      file: stateJson.path,
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
  await writeFileAtomic(
    artefactPath(workspace, stateJson),
    `${JSON.stringify({ schemaVersion: 1, stages }, null, 2)}\n`,
  );
}
