/**
 * `srpipe extract` on a workspace: sheets created and merged on disk, processed/extraction/
 * written, problems printed one per line as file:line:column and exit code 1.
 */
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readExtraction, loadTaxonomy } from "../../src/extraction/extraction-data.js";
import { createLogger } from "../../src/log.js";
import { runExtract } from "../../src/stages/extract.js";
import { workspaceAt } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import {
  REVIEW,
  extractionWorkspace,
  modelRows,
  modelsSheet,
  pinStampDate,
  readText,
  studiesSheet,
  studyRow,
} from "./extraction-workspace.js";
import { stageContextAt } from "../stage-context.js";

pinStampDate();

const quiet = () => createLogger("quiet", () => {});

describe("srpipe extract", () => {
  test("creates both sheets on the first run, one blank row per included study, and exits 0 with the studies waiting", async () => {
    const root = await extractionWorkspace();
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("created raw/extraction/studies.csv: 2 new study rows");
    expect(result.stderr).toContain(
      "extracted: 2 included studies: 0 extracted (0 valid rows), 2 waiting; 0 models; 0 problems",
    );
    expect((await readText(root, "raw/extraction/studies.csv")).split("\n").slice(1, 3)).toEqual([
      "s1,10.1000/one,LLMs write radiology reports,,,,,,,,,,,",
      's2,10.1000/two,"GPT-4 answers, with a comma",,,,,,,,,,,',
    ]);
    expect(await readText(root, "raw/extraction/models.csv")).toBe(
      "\uFEFFmodel,size,flag,access,pretraining_gpu_count,pretraining_gpu,fine_tuning_gpu_count,fine_tuning_gpu,inference_gpu_count,inference_gpu,note\n",
    );
    expect(await readText(root, "processed/extraction/problems.csv")).toBe("file,line,column,field,severity,message\n");
  });

  test("prints each problem as file:line:column: column: message with the close match, and exits 1", async () => {
    const root = await extractionWorkspace({
      "raw/extraction/studies.csv": studiesSheet([
        studyRow(),
        studyRow({ subtask: "Report summarization", task: "Text summarization", best_models: "" }),
        studyRow({ study_id: "s2", subtask: "Report generaton" }),
      ]),
      "raw/extraction/models.csv": modelsSheet(modelRows()),
    });
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toContainEqual(
      expect.stringMatching(
        /^raw\/extraction\/studies\.csv:4:7: subtask: expected one of "Report generation", .*, got "Report generaton" \(did you mean "Report generation"\?\)$/,
      ),
    );
    const problems = await readText(root, "processed/extraction/problems.csv");
    expect(problems.split("\n")[1]).toMatch(/^raw\/extraction\/studies\.csv,4,7,subtask,error,"expected one of /);
    // The valid rows are written, normalised: canonical names, models sorted.
    expect(await readText(root, "processed/extraction/studies.csv")).toBe(
      "study_id,doi,title,sheet_line,stage,task,subtask,mandatory_input,optional_input,output,models_used,best_models,negative_result\n" +
        "s1,10.1000/one,LLMs write radiology reports,2,2,Text generation,Report generation,text,,text,GPT-4; LLaMA2 [7B],GPT-4,no\n" +
        "s1,10.1000/one,LLMs write radiology reports,3,2,Text summarization,Report summarization,text,,text,GPT-4; LLaMA2 [7B],,no\n",
    );
    expect(await readText(root, "processed/extraction/models.csv")).toBe(
      "model,size,access,pretraining_gpu_count,pretraining_gpu,fine_tuning_gpu_count,fine_tuning_gpu,inference_gpu_count,inference_gpu,sheet_line,studies\n" +
        "GPT-4,,API,,,,,,,2,1\n" +
        "LLaMA2,7B,Open,,,8,NVIDIA TESLA A100-80GB,,,3,1\n",
    );
  });

  test("adds a row flagged for a model used but missing from models.csv, and reports it until it is filled in", async () => {
    const root = await extractionWorkspace({
      "raw/extraction/studies.csv": studiesSheet([studyRow({ models_used: "GPT-4; Llama 2 [7B]; Mistral [7B]" })]),
      "raw/extraction/models.csv": modelsSheet(modelRows()),
    });
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'warning: raw/extraction/models.csv: 1 model used in raw/extraction/studies.csv had no row and got one flagged "used in studies.csv, fill in": Mistral [7B]',
    );
    expect(result.stderr).toContain(
      'raw/extraction/models.csv:4:4: access: expected one of "API", "Restricted", "Open", got an empty cell (srpipe added this row because studies.csv uses the model: fill it in)',
    );
    expect((await readText(root, "raw/extraction/models.csv")).split("\n")[3]).toBe(
      'Mistral,7B,"used in studies.csv, fill in",,,,,,,,',
    );
    const backups = readdirSync(join(root, "raw/extraction/.history"));
    expect(backups).toEqual(["models.20250501T000000Z.csv", "studies.20250501T000000Z.csv"]);
  });

  test("guards a formula-looking model name in the row it appends to models.csv, and reads that row back as the same model", async () => {
    const root = await extractionWorkspace({
      "raw/extraction/studies.csv": studiesSheet([studyRow({ models_used: "GPT-4; Llama 2 [7B]; -Mistral [7B]" })]),
      "raw/extraction/models.csv": modelsSheet(modelRows()),
    });
    await runCli(["extract", "--workspace", root]);
    expect((await readText(root, "raw/extraction/models.csv")).split("\n")[3]).toBe(
      `'-Mistral,7B,"used in studies.csv, fill in",,,,,,,,`,
    );
    const again = await runCli(["extract", "--workspace", root]);
    expect(again.stderr).not.toContain("had no row");
    expect((await readText(root, "raw/extraction/models.csv")).trim().split("\n")).toHaveLength(4);
  });

  test("keeps a studies.csv a reviewer saves while srpipe merges it, and merges that save again", async () => {
    const root = await extractionWorkspace({ "raw/extraction/studies.csv": studiesSheet([]) });
    let saves = 0;
    let log = "";
    // The reviewer's save lands after srpipe read the sheet and before it replaces it.
    const beforeReplace = async (file: string) => {
      if (file !== "raw/extraction/studies.csv" || saves++ > 0) return;
      await writeFile(join(root, file), studiesSheet([studyRow()]));
    };
    await runExtract(
      await stageContextAt(
        root,
        createLogger("normal", (line) => (log += line)),
      ),
      { now: new Date("2025-05-01T00:00:00Z"), beforeReplace },
    );
    expect(log).toContain(
      "raw/extraction/studies.csv was saved while srpipe merged it: kept that save, reading the sheets again",
    );
    const lines = (await readText(root, "raw/extraction/studies.csv")).trim().split("\n");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
      "s1,10.1000/one,LLMs write radiology reports,,2",
      's2,10.1000/two,"GPT-4 answers, with a comma",new in 2025-05-01',
    ]);
  });

  test("leaves the sheets untouched and backs nothing up when nothing changed", async () => {
    const root = await extractionWorkspace();
    await runCli(["extract", "--workspace", root]);
    const before = await readText(root, "raw/extraction/studies.csv");
    const again = await runCli(["extract", "--workspace", root]);
    expect(again.code).toBe(0);
    expect(await readText(root, "raw/extraction/studies.csv")).toBe(before);
    expect(existsSync(join(root, "raw/extraction/.history"))).toBe(false);
  });

  test("refuses a sheet whose columns were moved, writes nothing, and exits 1", async () => {
    const moved =
      "study_id,title,doi,flag,stage,task,subtask,mandatory_input,optional_input,output,models_used,best_models,negative_result,note\n";
    const root = await extractionWorkspace({ "raw/extraction/studies.csv": moved });
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^srpipe extract: raw\/extraction\/studies\.csv:1: expected the columns study_id, doi, title, flag, /,
    );
    expect(await readText(root, "raw/extraction/studies.csv")).toBe(moved);
    expect(existsSync(join(root, "processed/extraction"))).toBe(false);
    expect(existsSync(join(root, "raw/extraction/models.csv"))).toBe(false);
  });

  test("with --check, reports the problems and writes nothing", async () => {
    const root = await extractionWorkspace({
      "raw/extraction/studies.csv": studiesSheet([studyRow({ output: "txt" })]),
    });
    const result = await runCli(["extract", "--check", "--workspace", root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("raw/extraction/studies.csv:2:10: output: expected a modality");
    expect(existsSync(join(root, "raw/extraction/models.csv"))).toBe(false);
    expect(existsSync(join(root, "processed/extraction"))).toBe(false);
  });

  test("is skipped when review.json has no extraction section", async () => {
    const { extraction: _, ...review } = REVIEW;
    const root = await extractionWorkspace({}, review);
    const outcome = await runExtract(await stageContextAt(root, quiet()), { now: new Date("2025-05-01T00:00:00Z") });
    expect(outcome.result).toEqual({ summary: "skipped (review.json has no extraction section)", problems: 0 });
    expect(existsSync(join(root, "raw/extraction/studies.csv"))).toBe(false);
  });

  test("lists the sheets' columns and the model syntax in its help", async () => {
    const result = await runCli(["extract", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("GPT-4; Llama 2 [7B]; Llama 2 [13B]");
    for (const column of ["study_id", "negative_result", "best_models", "pretraining_gpu_count", "inference_gpu"])
      expect(result.stdout).toContain(`  ${column} `);
  });
});

describe("readExtraction", () => {
  test("gives the catalog builder the valid rows and every problem, without touching the sheets", async () => {
    const studies = studiesSheet([studyRow(), studyRow({ study_id: "s2", best_models: "Bard" })]);
    const root = await extractionWorkspace({
      "raw/extraction/studies.csv": studies,
      "raw/extraction/models.csv": modelsSheet(modelRows()),
    });
    const workspace = workspaceAt(root);
    const { data, problems } = await readExtraction(
      workspace,
      (await stageContextAt(root)).review,
      await loadTaxonomy(workspace, (await stageContextAt(root)).review),
    );
    expect(data.studies.map((s) => [s.studyId, s.line, s.category.subtask, s.best])).toEqual([
      ["s1", 2, "Report generation", [{ model: "GPT-4", size: "" }]],
    ]);
    expect(data.models.map((m) => [m.model, m.size, m.access])).toEqual([
      ["GPT-4", "", "API"],
      ["LLaMA2", "7B", "Open"],
    ]);
    expect(problems).toEqual([
      {
        file: "raw/extraction/studies.csv",
        line: 3,
        column: "best_models",
        message: 'expected a model listed in models_used (GPT-4; LLaMA2 [7B]), got "Bard"',
      },
    ]);
    expect(await readText(root, "raw/extraction/studies.csv")).toBe(studies);
  });

  test("reports a missing sheet as a problem: extraction has not started", async () => {
    const root = await extractionWorkspace();
    const workspace = workspaceAt(root);
    const { data, problems } = await readExtraction(
      workspace,
      (await stageContextAt(root)).review,
      await loadTaxonomy(workspace, (await stageContextAt(root)).review),
    );
    expect(data).toEqual({ studies: [], models: [] });
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      "raw/extraction/studies.csv: expected the extraction sheet, got no such file (run `srpipe extract` to create it)",
      "raw/extraction/models.csv: expected the extraction sheet, got no such file (run `srpipe extract` to create it)",
    ]);
  });
});
