/**
 * Double extraction (review.json extraction.extractors names two): blind sheets per extractor,
 * cell-by-cell conflicts, the resolution sheet, agreement per field, and only agreed or settled
 * values in the data the catalog is built from.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildCatalog } from "../../src/catalog/build.js";
import { fieldAgreement } from "../../src/extraction/extraction-agreement.js";
import { loadTaxonomy, readExtraction } from "../../src/extraction/extraction-data.js";
import { loadReview } from "../../src/protocol.js";
import { workspaceAt } from "../../src/workspace.js";
import { runCli } from "../cli-io.js";
import {
  DOUBLE,
  REVIEW,
  doubleWorkspace,
  extractionWorkspace,
  modelRows,
  modelsSheet,
  pinStampDate,
  readText,
  studiesSheet,
  studyRow,
} from "./extraction-workspace.js";

pinStampDate();

/** Both studies extracted: s1 in two categories, s2 in one. */
const ROWS = [
  studyRow(),
  studyRow({ task: "Text summarization", subtask: "Report summarization", best_models: "" }),
  studyRow({ study_id: "s2", models_used: "GPT-4", best_models: "GPT-4" }),
];

async function extraction(root: string) {
  const workspace = workspaceAt(root);
  const review = await loadReview(workspace.reviewFile);
  return readExtraction(workspace, review, await loadTaxonomy(workspace, review));
}

async function catalogOf(root: string) {
  const workspace = workspaceAt(root);
  const review = await loadReview(workspace.reviewFile);
  const taxonomy = await loadTaxonomy(workspace, review);
  const { data } = await readExtraction(workspace, review, taxonomy);
  return buildCatalog({ columns: taxonomy.columns, gpus: taxonomy.gpus, studies: data.studies, models: data.models });
}

const PROCESSED = ["processed/extraction/studies.csv", "processed/extraction/models.csv"];

describe("the single-sheet workflow", () => {
  test("one extractor named reads and writes exactly what no extractor named does", async () => {
    const files = {
      "raw/extraction/studies.csv": studiesSheet([...ROWS, studyRow({ study_id: "s2", stage: "9" })]),
      "raw/extraction/models.csv": modelsSheet(modelRows()),
    };
    const none = await extractionWorkspace(files);
    const one = await extractionWorkspace(files, {
      ...REVIEW,
      extraction: { ...REVIEW.extraction, extractors: ["ann"] },
    });
    const results = [await runCli(["extract", "--workspace", none]), await runCli(["extract", "--workspace", one])];
    expect(results[1]!.stderr.replaceAll(one, "")).toBe(results[0]!.stderr.replaceAll(none, ""));
    for (const file of [...PROCESSED, "processed/extraction/problems.csv", ...Object.keys(files)])
      expect(await readText(one, file)).toBe(await readText(none, file));
    expect(await readdir(join(one, "processed/extraction"))).toEqual(["models.csv", "problems.csv", "studies.csv"]);
  });
});

describe("srpipe extract with two extractors", () => {
  test("gives each extractor a blind sheet: a new extractor's sheets hold no value the other typed", async () => {
    const root = await extractionWorkspace(
      {
        "raw/extraction/studies-ann.csv": studiesSheet(ROWS),
        "raw/extraction/models-ann.csv": modelsSheet(modelRows()),
      },
      DOUBLE,
    );
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.stderr).toContain("created raw/extraction/studies-bob.csv: 2 new study rows");
    const bob = await readText(root, "raw/extraction/studies-bob.csv");
    expect(bob.split("\n").slice(1, 3)).toEqual([
      "s1,10.1000/one,LLMs write radiology reports,,,,,,,,,,,",
      's2,10.1000/two,"GPT-4 answers, with a comma",,,,,,,,,,,',
    ]);
    expect(await readText(root, "raw/extraction/models-bob.csv")).toBe(
      "\uFEFFmodel,size,flag,access,pretraining_gpu_count,pretraining_gpu,fine_tuning_gpu_count,fine_tuning_gpu,inference_gpu_count,inference_gpu,note\n",
    );
    // Not extracted by bob yet: both studies wait, nothing is compared, the shared sheets are not created.
    expect(result.stderr).toContain("extracted twice: 0 settled (0 valid rows), 2 pending, 0 not started");
    expect((await extraction(root)).pending.map((p) => `${p.item}: ${p.reason}`)).toEqual([
      "s1: not extracted by bob yet",
      "s2: not extracted by bob yet",
    ]);
    expect(await readText(root, "processed/extraction/studies.csv")).toBe(
      "study_id,doi,title,sheet_line,stage,task,subtask,mandatory_input,optional_input,output,models_used,best_models,negative_result\n",
    );
    await expect(readFile(join(root, "raw/extraction/studies.csv"))).rejects.toThrow();
    await expect(readFile(join(root, "raw/extraction/resolution.csv"))).rejects.toThrow();
  });

  test("two extractors who agree give the catalog and processed rows the single sheet gives", async () => {
    // bob's rows in another order and a model list spelled differently: the same extraction.
    const bob = [ROWS[1]!, { ...ROWS[0]!, models_used: "llama2 [7B]; gpt-4" }, ROWS[2]!];
    const double = await doubleWorkspace(ROWS, bob);
    const single = await extractionWorkspace({
      "raw/extraction/studies.csv": studiesSheet(ROWS),
      "raw/extraction/models.csv": modelsSheet(modelRows()),
    });
    const result = await runCli(["extract", "--workspace", double]);
    await runCli(["extract", "--workspace", single]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "2 settled (3 valid rows), 0 pending, 0 not started; 2 models; 0 conflicting cells",
    );
    for (const file of PROCESSED) expect(await readText(double, file)).toBe(await readText(single, file));
    expect(await catalogOf(double)).toEqual(await catalogOf(single));
    expect(await readText(double, "processed/extraction/conflicts.csv")).toBe(
      "sheet,item,row,field,extractor_1,value_1,extractor_2,value_2,status,final_value,resolution_line\n",
    );
    await expect(readFile(join(double, "raw/extraction/resolution.csv"))).rejects.toThrow();
  });

  test("a settled conflict reaches the catalog with the resolver's value; a study with an unsettled one is left out and pending", async () => {
    const bob = [
      ROWS[0]!,
      { ...ROWS[1]!, negative_result: "yes" },
      { ...ROWS[2]!, output: "image (2D)", models_used: "GPT-4; Llama 2 [7B]" },
    ];
    const root = await doubleWorkspace(ROWS, bob);
    const first = await runCli(["extract", "--workspace", root]);
    expect(first.stderr).toContain("created raw/extraction/resolution.csv: 3 new conflicts");
    const sheet = await readText(root, "raw/extraction/resolution.csv");
    expect(sheet).toBe(
      "\uFEFFsheet,item,row,field,extractor_1,value_1,extractor_2,value_2,flag,final_value,note\n" +
        "studies,s1,2,negative_result,ann,no,bob,yes,,,\n" +
        "studies,s2,1,output,ann,text,bob,image (2D),,,\n" +
        "studies,s2,1,models_used,ann,GPT-4,bob,GPT-4; LLaMA2 [7B],,,\n",
    );
    await writeFile(
      join(root, "raw/extraction/resolution.csv"),
      sheet.replace("ann,no,bob,yes,,,", "ann,no,bob,yes,,Yes,the discussion says it underperforms"),
    );
    const second = await runCli(["extract", "--workspace", root]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("1 settled (2 valid rows), 1 pending");
    expect(second.stderr).toContain("3 conflicting cells (2 not settled)");

    const { data, pending } = await extraction(root);
    expect(data.studies.map((s) => [s.studyId, s.category.subtask, s.negativeResult])).toEqual([
      ["s1", "Report generation", false],
      ["s1", "Report summarization", true],
    ]);
    expect(pending).toEqual([
      { sheet: "studies", item: "s2", reason: "2 conflicting cells not settled in raw/extraction/resolution.csv" },
    ]);
    const catalog = await catalogOf(root);
    expect(catalog.columns.map((c) => c.subtask)).toEqual(["Report summarization", "Report generation"]);
    const conflicts = await readText(root, "processed/extraction/conflicts.csv");
    expect(conflicts.split("\n")[1]).toBe("studies,s1,2,negative_result,ann,no,bob,yes,resolved,Yes,2");
    expect(conflicts.split("\n")[2]).toBe("studies,s2,1,output,ann,text,bob,image (2D),pending,,");
  });

  test("a model whose rows differ is pending until settled, and so is every study that uses it", async () => {
    const bobModels = modelRows().map((m) => (m.model === "GPT-4" ? { ...m, access: "Restricted" } : m));
    const root = await doubleWorkspace(ROWS, ROWS, { "raw/extraction/models-bob.csv": modelsSheet(bobModels) });
    await runCli(["extract", "--workspace", root]);
    expect((await readText(root, "raw/extraction/resolution.csv")).split("\n")[1]).toBe(
      "models,GPT-4,,access,ann,API,bob,Restricted,,,",
    );
    const { data, pending } = await extraction(root);
    expect(data.studies).toEqual([]);
    expect(pending.map((p) => `${p.sheet} ${p.item}: ${p.reason}`)).toEqual([
      "studies s1: uses GPT-4, whose extraction is pending",
      "studies s2: uses GPT-4, whose extraction is pending",
      "models GPT-4: 1 conflicting cell not settled in raw/extraction/resolution.csv",
    ]);
  });

  test("a resolution sheet edited in a spreadsheet (CRLF, a column of its own) is kept byte for byte and a new conflict appended", async () => {
    const bob = [ROWS[0]!, { ...ROWS[1]!, negative_result: "yes" }, ROWS[2]!];
    const root = await doubleWorkspace(ROWS, bob);
    await runCli(["extract", "--workspace", root]);
    const edited =
      "sheet,item,row,field,extractor_1,value_1,extractor_2,value_2,flag,final_value,note,checked by\r\n" +
      'studies,s1,2,negative_result,ann,no,bob,yes,,no,"read again:\r\nno negative result",carol\r\n';
    await writeFile(join(root, "raw/extraction/resolution.csv"), edited);
    const same = await runCli(["extract", "--workspace", root]);
    expect(same.stderr).not.toContain("resolution.csv:");
    expect(await readText(root, "raw/extraction/resolution.csv")).toBe(edited);

    // bob changes s2's output: a new conflict, appended in the sheet's own layout.
    await writeFile(
      join(root, "raw/extraction/studies-bob.csv"),
      studiesSheet([bob[0]!, bob[1]!, { ...ROWS[2]!, output: "image (2D)" }]),
    );
    await runCli(["extract", "--workspace", root]);
    expect(await readText(root, "raw/extraction/resolution.csv")).toBe(
      `${edited}studies,s2,1,output,ann,text,bob,image (2D),new in 2025-05-01,,,\r\n`,
    );
    const { data } = await extraction(root);
    expect(data.studies.filter((s) => s.studyId === "s1").map((s) => s.negativeResult)).toEqual([false, false]);
  });

  test("a settled cell that is no longer a conflict is flagged, not deleted, and its value no longer used", async () => {
    const bob = [ROWS[0]!, { ...ROWS[1]!, negative_result: "yes" }, ROWS[2]!];
    const root = await doubleWorkspace(ROWS, bob);
    await runCli(["extract", "--workspace", root]);
    const sheet = await readText(root, "raw/extraction/resolution.csv");
    await writeFile(join(root, "raw/extraction/resolution.csv"), sheet.replace("bob,yes,,,", "bob,yes,,yes,"));
    await writeFile(join(root, "raw/extraction/studies-bob.csv"), studiesSheet(ROWS));
    await runCli(["extract", "--workspace", root]);
    expect((await readText(root, "raw/extraction/resolution.csv")).split("\n")[1]).toBe(
      "studies,s1,2,negative_result,ann,no,bob,yes,no longer a conflict in 2025-05-01 (its final value is not used),yes,",
    );
    const { data } = await extraction(root);
    expect(data.studies.map((s) => s.negativeResult)).toEqual([false, false, false]);
  });

  test("a final value the taxonomy does not know is an error at resolution.csv:line:column, and its study stays out", async () => {
    const bob = [{ ...ROWS[0]!, task: "Text summarization", subtask: "Report summarization" }, ROWS[1]!, ROWS[2]!];
    const root = await doubleWorkspace([ROWS[0]!, ROWS[2]!], [bob[0]!, ROWS[2]!]);
    await runCli(["extract", "--workspace", root]);
    const sheet = await readText(root, "raw/extraction/resolution.csv");
    expect(sheet.split("\n").slice(1, 3)).toEqual([
      "studies,s1,1,task,ann,Text generation,bob,Text summarization,,,",
      "studies,s1,1,subtask,ann,Report generation,bob,Report summarization,,,",
    ]);
    await writeFile(
      join(root, "raw/extraction/resolution.csv"),
      sheet
        .replace("bob,Text summarization,,,", "bob,Text summarization,,Text generaton,")
        .replace("bob,Report summarization,,,", "bob,Report summarization,,Report generation,"),
    );
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toContainEqual(
      expect.stringMatching(
        /^raw\/extraction\/resolution\.csv:2:10: final_value: task of study s1 row 1: expected one of .*, got "Text generaton" \(did you mean "Text generation"\?\)$/,
      ),
    );
    const { data, pending } = await extraction(root);
    expect(data.studies.map((s) => s.studyId)).toEqual(["s2"]);
    expect(pending).toEqual([{ sheet: "studies", item: "s1", reason: "a final value with a problem" }]);
  });

  test("(empty) as a final value settles a cell as empty; a row only one extractor has can be dropped that way", async () => {
    const root = await doubleWorkspace(ROWS, [ROWS[0]!, ROWS[2]!]);
    await runCli(["extract", "--workspace", root]);
    const sheet = await readText(root, "raw/extraction/resolution.csv");
    const rows = sheet.trim().split("\n").slice(1);
    expect(rows).toHaveLength(9);
    expect(rows[0]).toBe("studies,s1,2,stage,ann,2,bob,(no row),,,");
    await writeFile(
      join(root, "raw/extraction/resolution.csv"),
      sheet.replaceAll("bob,(no row),,,", "bob,(no row),,(empty),"),
    );
    const result = await runCli(["extract", "--workspace", root]);
    expect(result.code).toBe(0);
    const { data, pending } = await extraction(root);
    expect(data.studies.map((s) => s.category.subtask)).toEqual(["Report generation", "Report generation"]);
    expect(pending).toEqual([]);
    const agreement = JSON.parse(await readText(root, "processed/extraction/agreement.json"));
    expect(agreement.studies.compared).toBe(2);
    expect(agreement.studies.onlyOne).toEqual({ ann: 1, bob: 0 });
  });
});

describe("agreement per field", () => {
  const label = (text: string) => ({ text, key: text });

  test("Cohen's kappa of a label field is the hand-computed (po − pe) / (1 − pe)", () => {
    // ann: A A B C D, bob: A A B E D. po = 4/5; pe = (2·2 + 1·1 + 1·0 + 0·1 + 1·1) / 25 = 6/25.
    // kappa = (0.8 − 0.24) / 0.76 = 14/19.
    const ann = ["A", "A", "B", "C", "D"];
    const bob = ["A", "A", "B", "E", "D"];
    const result = fieldAgreement(
      "mandatory_input",
      "label",
      ann.map((a, i) => [label(a), label(bob[i]!)] as const),
    );
    expect(result.percentAgreement).toBe(80);
    expect(result.cohensKappa).toBeCloseTo(14 / 19, 6);
  });

  test("a list field gets percent of identical sets and the mean Jaccard similarity, no kappa", () => {
    const set = (...items: string[]) => ({ text: items.join("; "), key: items.join("\n"), set: items });
    const result = fieldAgreement("models_used", "list", [
      [set("a", "b"), set("a", "b")],
      [set("a", "b", "c"), set("a")],
      [set(), set()],
      [set("x"), set("y")],
    ]);
    // Jaccard: 1, 1/3, 1 (both empty), 0 → mean 7/12.
    expect(result).toEqual({
      field: "models_used",
      kind: "list",
      n: 4,
      agreements: 2,
      percentAgreement: 50,
      meanJaccard: Math.round((7 / 12) * 1e6) / 1e6,
    });
  });

  test("kappa is null with the reason when both extractors used one value throughout", () => {
    const result = fieldAgreement("output", "label", [
      [label("text"), label("text")],
      [label("text"), label("text")],
    ]);
    expect(result.percentAgreement).toBe(100);
    expect(result.cohensKappa).toBeNull();
    expect(result.undefinedBecause?.cohensKappa).toContain('same value ("text")');
  });
});
