/** The artefact registry (src/artefacts/): where each file is, its header, its writer and reader, and the stages' lists. */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { artefactPath, type Artefact } from "../../src/artefacts/artefact.js";
import { writeImportFilesCsv } from "../../src/artefacts/import-files-csv.js";
import { fileNamedInReview } from "../../src/artefacts/protocol-files.js";
import { readRecordsCsv, writeRecordsCsv } from "../../src/artefacts/records-csv.js";
import { countRejects, rejectsCsv, writeRejectsCsv } from "../../src/artefacts/rejects-csv.js";
import { importFilesCsv } from "../../src/artefacts/import-files-csv.js";
import { journalsCsv, writeJournalsCsv } from "../../src/artefacts/eligibility-journals-csv.js";
import {
  unmatchedJournalsCsv,
  writeUnmatchedJournalsCsv,
} from "../../src/artefacts/eligibility-unmatched-journals-csv.js";
import { ClustersRowSchema, clustersCsv } from "../../src/artefacts/dedup-clusters-csv.js";
import { ReviewRowSchema, dedupReviewCsv } from "../../src/artefacts/dedup-review-csv.js";
import { UniqueRowSchema, uniqueCsv } from "../../src/artefacts/dedup-unique-csv.js";
import { ExcludedRowSchema, excludedCsv } from "../../src/artefacts/eligibility-excluded-csv.js";
import { KeptRowSchema, keptCsv } from "../../src/artefacts/eligibility-kept-csv.js";
import { ExtractedModelsRowSchema, extractedModelsCsv } from "../../src/artefacts/extraction-models-csv.js";
import { ExtractionProblemsRowSchema, extractionProblemsCsv } from "../../src/artefacts/extraction-problems-csv.js";
import { ExtractedStudiesRowSchema, extractedStudiesCsv } from "../../src/artefacts/extraction-studies-csv.js";
import { RecordsRowSchema, recordsCsv } from "../../src/artefacts/records-csv.js";
import { ConflictsRowSchema, screeningConflictsCsv } from "../../src/artefacts/screening-conflicts-csv.js";
import { DecisionsRowSchema, screeningDecisionsCsv } from "../../src/artefacts/screening-decisions-csv.js";
import { SheetsRowSchema, screeningSheetsCsv } from "../../src/artefacts/screening-sheets-csv.js";
import { ImportFilesRowSchema } from "../../src/artefacts/import-files-csv.js";
import { RejectsRowSchema } from "../../src/artefacts/rejects-csv.js";
import { JournalsRowSchema } from "../../src/artefacts/eligibility-journals-csv.js";
import { UnmatchedJournalsRowSchema } from "../../src/artefacts/eligibility-unmatched-journals-csv.js";
import { parseCsvRows } from "../../src/io/csv-rows.js";
import { createLogger } from "../../src/log.js";
import type { Record } from "../../src/record.js";
import { STAGES } from "../../src/stages/pipeline.js";
import { fetchStage } from "../../src/stages/fetch.js";
import { openStageContext } from "../../src/stages/stage.js";
import { workspaceAt, type Workspace } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import { copySampleReview } from "../helpers.js";
import { makeRecord } from "../screening/review-workspace.js";

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function emptyWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "srpipe-artefacts-"));
  made.push(dir);
  return workspaceAt(dir);
}

const firstLine = async (workspace: Workspace, artefact: Artefact) =>
  (await readFile(artefactPath(workspace, artefact), "utf8")).split(/\r?\n/)[0];

/** Is `artefact` one of `outputs`, or inside an output folder? */
const madeBy = (artefact: Artefact, outputs: readonly Artefact[]) =>
  outputs.some(
    (o) =>
      o.path === artefact.path ||
      (o.kind === "folder" && artefact.path.startsWith(`${o.path}/`)) ||
      (artefact.kind === "folder" && o.path.startsWith(`${artefact.path}/`)),
  );

describe("the stages' artefact lists", () => {
  test("every file srpipe derives that a stage reads is written by an earlier stage", async () => {
    const root = await copySampleReview();
    made.push(root);
    const context = await openStageContext(
      workspaceAt(root),
      createLogger("quiet", () => {}),
    );
    const earlier: Artefact[] = [];
    for (const stage of STAGES) {
      for (const input of stage.inputs(context).filter((a) => a.owner === "srpipe")) {
        expect(madeBy(input, earlier), `${stage.name} reads ${input.path}`).toBe(true);
      }
      earlier.push(...stage.outputs(context));
    }
  });

  test("no file is written by two stages, and a stage writes only what srpipe owns", async () => {
    const root = await copySampleReview();
    made.push(root);
    const context = await openStageContext(
      workspaceAt(root),
      createLogger("quiet", () => {}),
    );
    const writers = new Map<string, string>();
    for (const stage of STAGES) {
      for (const output of stage.outputs(context)) {
        expect(writers.get(output.path), output.path).toBeUndefined();
        writers.set(output.path, stage.name);
        expect(output.owner, output.path).toBe("srpipe");
      }
    }
    // fetch writes raw evidence (snapshots), which no later run may delete.
    expect(fetchStage.outputs(context).map((a) => a.owner)).toEqual(["reviewer"]);
  });
});

/** Every CSV artefact with a row schema, and whether it is written spreadsheet-safe (formula-looking cells guarded). */
const CSV_ARTEFACTS = [
  { artefact: recordsCsv, schema: RecordsRowSchema, spreadsheet: false },
  { artefact: rejectsCsv, schema: RejectsRowSchema, spreadsheet: false },
  { artefact: importFilesCsv, schema: ImportFilesRowSchema, spreadsheet: false },
  { artefact: clustersCsv, schema: ClustersRowSchema, spreadsheet: false },
  { artefact: dedupReviewCsv, schema: ReviewRowSchema, spreadsheet: false },
  { artefact: uniqueCsv, schema: UniqueRowSchema, spreadsheet: false },
  { artefact: keptCsv, schema: KeptRowSchema, spreadsheet: false },
  { artefact: excludedCsv, schema: ExcludedRowSchema, spreadsheet: false },
  { artefact: journalsCsv, schema: JournalsRowSchema, spreadsheet: true },
  { artefact: unmatchedJournalsCsv, schema: UnmatchedJournalsRowSchema, spreadsheet: true },
  { artefact: screeningDecisionsCsv, schema: DecisionsRowSchema, spreadsheet: true },
  { artefact: screeningConflictsCsv, schema: ConflictsRowSchema, spreadsheet: true },
  { artefact: screeningSheetsCsv, schema: SheetsRowSchema, spreadsheet: true },
  { artefact: extractedStudiesCsv, schema: ExtractedStudiesRowSchema, spreadsheet: false },
  { artefact: extractedModelsCsv, schema: ExtractedModelsRowSchema, spreadsheet: false },
  { artefact: extractionProblemsCsv, schema: ExtractionProblemsRowSchema, spreadsheet: false },
];

describe("CSV artefacts", () => {
  test("every CSV artefact's header is the keys of the row schema its module exports, in order", () => {
    for (const { artefact, schema } of CSV_ARTEFACTS) {
      expect(artefact.header, artefact.path).toEqual(Object.keys(schema.shape));
    }
  });

  test("every row the sample review's run wrote reads back through its artefact's row schema", async () => {
    // A fresh copy run here: the repository's own processed/ is gitignored, absent on a fresh clone.
    const dir = await copySampleReview();
    made.push(dir);
    const run = await runCli(["run"], dir);
    expect(run.stderr).not.toContain("internal error");
    const workspace = workspaceAt(dir);
    for (const { artefact, schema, spreadsheet } of CSV_ARTEFACTS) {
      const text = await readFile(artefactPath(workspace, artefact), "utf8");
      expect(() => parseCsvRows(text, artefact.path, schema, { spreadsheet }), artefact.path).not.toThrow();
    }
  });
  test("a table's header is its row schema's columns, and its writer puts it first even with no rows", async () => {
    const workspace = await emptyWorkspace();
    await writeRejectsCsv(workspace, []);
    await writeImportFilesCsv(workspace, []);
    await writeUnmatchedJournalsCsv(workspace, []);
    await writeJournalsCsv(workspace, null);
    expect(await firstLine(workspace, rejectsCsv)).toBe("file,position,line,field,reason");
    expect(await firstLine(workspace, importFilesCsv)).toBe("file,format,database,query_id,string_id,records,rejected");
    expect(await firstLine(workspace, unmatchedJournalsCsv)).toBe(unmatchedJournalsCsv.header.join(","));
    expect(await firstLine(workspace, journalsCsv)).toBe(journalsCsv.header.join(","));
  });

  test("records.csv reads back the records it was written with, sorted, and rejects.csv counts its rows", async () => {
    const workspace = await emptyWorkspace();
    const records: Record[] = [
      makeRecord({ title: "Zebra, a title with a comma", doi: "10.1/z", year: 2021 }),
      makeRecord({ title: 'Quoted "title"\nover two lines', doi: "10.1/a", year: 2020 }),
    ];
    await writeRecordsCsv(workspace, records);
    const read: Record[] = [];
    for await (const record of readRecordsCsv(workspace)) read.push(record);
    // Sorted by key, whatever order they were written in: the same raw/ gives the same bytes.
    expect(read).toEqual([...records].sort((a, b) => (a.key < b.key ? -1 : 1)));
    expect(await countRejects(workspace)).toBe(0);
    await writeRejectsCsv(workspace, [
      { file: "raw/exports/a.ris", position: 3, line: 12, field: "year", expected: "a year", got: '"19xx"' },
    ]);
    expect(await countRejects(workspace)).toBe(1);
  });

  test("reading records.csv before import ran says to run import", async () => {
    const workspace = await emptyWorkspace();
    const read = async () => {
      for await (const _ of readRecordsCsv(workspace)) void _;
    };
    await expect(read()).rejects.toThrow(
      "processed/records.csv: expected the records `srpipe import` writes, got no such file (run `srpipe import` first)",
    );
  });
});

describe("files review.json names", () => {
  test("one inside the workspace is an input by its workspace path; one outside, or a link out, is none", async () => {
    const workspace = await emptyWorkspace();
    await mkdir(join(workspace.root, "raw", "previous"), { recursive: true });
    await writeFile(join(workspace.root, "raw", "previous", "included.csv"), "study_id\n");
    expect(fileNamedInReview(workspace, "raw/previous/included.csv")).toEqual({
      path: "raw/previous/included.csv",
      kind: "file",
      owner: "reviewer",
    });
    expect(fileNamedInReview(workspace, "../outside.csv")).toBeNull();
    expect(fileNamedInReview(workspace, "/etc/passwd")).toBeNull();
    expect(fileNamedInReview(workspace, undefined)).toBeNull();
    const outside = await mkdtemp(join(tmpdir(), "srpipe-outside-"));
    made.push(outside);
    await writeFile(join(outside, "secret.csv"), "x\n");
    await symlink(join(outside, "secret.csv"), join(workspace.root, "raw", "previous", "linked.csv"));
    expect(fileNamedInReview(workspace, "raw/previous/linked.csv")).toBeNull();
  });
});

describe("the stage context", () => {
  test("holds the validated review and queries, read once for the command", async () => {
    const root = await copySampleReview();
    made.push(root);
    const context = await openStageContext(
      workspaceAt(root),
      createLogger("quiet", () => {}),
    );
    expect(context.review.databases.length).toBeGreaterThan(0);
    expect(context.queries.map((q) => q.id).length).toBeGreaterThan(0);
  });

  test("a folder without review.json is refused before anything is read", async () => {
    const workspace = await emptyWorkspace();
    await expect(
      openStageContext(
        workspace,
        createLogger("quiet", () => {}),
      ),
    ).rejects.toThrow(/review\.json/);
  });
});
