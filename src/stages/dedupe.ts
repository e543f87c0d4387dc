/**
 * The dedupe stage: processed/records.csv → processed/dedup/{clusters,unique,review}.csv,
 * honouring the reviewer's decisions in raw/overrides/duplicates.csv and the `dedupe`
 * section of review.json. The work is src/dedupe/'s; this module finds the files.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse";
import { InputError } from "../errors.js";
import { counted } from "../log.js";
import { loadReview } from "../protocol.js";
import { rowToRecord } from "../record-csv.js";
import type { Record } from "../record.js";
import { DEFAULT_POLICY } from "../dedupe/policy.js";
import { DEDUP_FILES, runDedupe } from "../dedupe/run-dedupe.js";
import { workspacePath, type Workspace } from "../workspace.js";
import type { Stage, StageResult } from "./stage.js";

export function dedupeInputs(workspace: Workspace) {
  return {
    records: join(workspace.processedDir, "records.csv"),
    overrides: join(workspace.rawDir, "overrides", "duplicates.csv"),
  };
}

export function dedupeOutputs(workspace: Workspace) {
  const dir = join(workspace.processedDir, "dedup");
  return {
    dir,
    clusters: join(dir, DEDUP_FILES.clusters),
    unique: join(dir, DEDUP_FILES.unique),
    review: join(dir, DEDUP_FILES.review),
  };
}

/** processed/records.csv, row by row, each validated back into a Record; a bad row names its line. */
export async function* readRecordsCsv(path: string, name: string): AsyncIterable<Record> {
  try {
    await stat(path);
  } catch {
    throw new InputError({ file: name, expected: "the records `srpipe import` writes", got: "no such file (run `srpipe import` first)" });
  }
  // Rows as arrays, named here by the header: csv-parse's own `columns` costs a fifth of the reading.
  const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(parse({ info: true, bom: true, relax_column_count: false }));
  let header: string[] | null = null;
  try {
    for await (const { record: cells, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === null) {
        header = cells;
        continue;
      }
      const record: { [column: string]: string } = {};
      for (let c = 0; c < header.length; c++) record[header[c]!] = cells[c]!;
      try {
        yield rowToRecord(record);
      } catch (error) {
        throw new InputError({ file: name, line: info.lines, expected: "a row as `srpipe import` writes it", got: (error as Error).message });
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new InputError({ file: name, line, expected: "CSV as `srpipe import` writes it", got: (error as Error).message });
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export const dedupeStage: Stage = {
  name: "dedupe",
  description: "find records of the same work in processed/records.csv and write processed/dedup/ (clusters, unique records, pairs to review)",
  inputs: (workspace) => [workspace.reviewFile, ...Object.values(dedupeInputs(workspace))],
  outputs: (workspace) => {
    const { dir: _dir, ...files } = dedupeOutputs(workspace);
    return Object.values(files);
  },
  async run({ workspace, log }): Promise<StageResult> {
    const review = await loadReview(workspace.reviewFile);
    const inputs = dedupeInputs(workspace);
    const outputs = dedupeOutputs(workspace);
    const overridesText = await readIfExists(inputs.overrides);
    const summary = await runDedupe({
      records: readRecordsCsv(inputs.records, workspacePath(workspace, inputs.records)),
      outDir: outputs.dir,
      outName: workspacePath(workspace, outputs.dir),
      overrides: overridesText === null ? null : { file: workspacePath(workspace, inputs.overrides), text: overridesText, byRecordId: false },
      linkPreprints: review.dedupe?.linkPreprints ?? true,
      policy: review.dedupe?.policy ?? DEFAULT_POLICY,
      log,
    });
    if (summary.records === 0) log.warn(`${workspacePath(workspace, inputs.records)} holds no records: nothing to deduplicate`);
    return {
      summary: `${counted(summary.clusters, "unique record")} from ${counted(summary.records, "record")}, ${counted(summary.reviewPairs, "pair")} to review`,
      problems: 0,
      // Pairs waiting in review.csv are work for a person, not a failure.
      pending: summary.reviewPairs,
    };
  },
};
