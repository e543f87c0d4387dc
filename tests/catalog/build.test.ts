import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  buildCatalog,
  writeCatalogFolder,
  type CatalogInput,
  type ModelEntry,
  type StudyUse,
} from "../../src/catalog/build.js";
import { readCatalogFolder, wideFiles } from "../../src/catalog/catalog-folder.js";
import { EVIDENCE_COLUMNS } from "../../src/catalog/evidence.js";
import { parseCountsWide, parseDetailWide, type CategoryColumn } from "../../src/catalog/wide-layout.js";
import { computeStats } from "../../src/catalog/stats.js";

// A small hand-made extraction: labels from the reference taxonomy, studies and models invented.
const column = (
  stage: string,
  task: string,
  subtask: string,
  mandatoryInput: string,
  optionalInput: string,
  output: string,
): CategoryColumn => ({ stage, task, subtask, mandatoryInput, optionalInput, output });
const reportText = column("2", "Text generation", "Report generation", "text", "", "text");
const reportImage = column("2", "Text generation", "Report generation", "image (2D)", "text", "text");
const diagnosis = column("3", "Disease diagnosis", "Diagnosis conclusion generation", "text", "", "text");
const extraction = column("4", "Information extraction", "Report extraction", "text", "", "text");
// Not a taxonomy column: a new input combination for a stage-2 subtask.
const reportEcg = column("2", "Text generation", "ECG report generation", "text+ECG", "", "text");

const gpt4 = { model: "GPT-4", size: "" };
const llama7 = { model: "Llama 2", size: "7B" };
const llama13 = { model: "Llama 2", size: "13B" };
const ecgGpt = { model: "ECG-GPT", size: "" };

let line = 1;
const use = (
  studyId: string,
  category: CategoryColumn,
  used: { model: string; size: string }[],
  best: { model: string; size: string }[],
  negativeResult = false,
): StudyUse => ({
  studyId,
  doi: `10.1000/${studyId}`,
  title: `Study ${studyId}`,
  line: ++line,
  category,
  used,
  best,
  negativeResult,
});

const noGpu = { count: null, gpu: "" };
const entry = (
  model: string,
  size: string,
  access: string,
  phases: Partial<ModelEntry["phases"]> = {},
): ModelEntry => ({
  model,
  size,
  access,
  line: ++line,
  phases: { pretraining: noGpu, "fine-tuning": noGpu, inference: noGpu, ...phases },
});

const input: CatalogInput = {
  columns: [reportText, reportImage, diagnosis, extraction],
  gpus: [
    { model: "NVIDIA TESLA A100-80GB", memoryGb: 80, tdpW: 300, price: 18000 },
    { model: "NVIDIA GEFORCE RTX 3090", memoryGb: 24, tdpW: 350, price: 1600 },
  ],
  studies: [
    use("s1", reportText, [gpt4, llama7], [gpt4]),
    use("s1", reportText, [gpt4], [gpt4]), // the same study on a second sheet row
    use("s2", reportText, [gpt4, gpt4], []), // a model named twice
    use("s3", diagnosis, [llama7, llama13], [llama13]),
    use("s4", diagnosis, [gpt4], [], true),
    use("s5", reportEcg, [ecgGpt], [ecgGpt]),
    use("s6", diagnosis, [gpt4], [gpt4], true), // negative result naming a best model anyway
    use("s7", extraction, [], []), // a category with no model
  ],
  models: [
    entry("Unused-BERT", "110M", "Open"),
    entry("Llama 2", "13B", "Open", { inference: { count: null, gpu: "NVIDIA GEFORCE RTX 3090" } }),
    entry("Llama 2", "7B", "Open", {
      "fine-tuning": { count: 2, gpu: "NVIDIA TESLA A100-80GB" },
      inference: { count: 1, gpu: "Mystery GPU" },
    }),
    entry("GPT-4", "", "API"),
  ],
};
const built = buildCatalog(input);
const counts = (model: { model: string; size: string }) =>
  built.counts
    .filter((r) => r.model === model.model && r.size === model.size)
    .map((r) => `${r.category.subtask}: ${r.appear}/${r.best}`);

describe("buildCatalog on a hand-made extraction", () => {
  test("appear counts distinct studies: a study on two sheet rows or naming a model twice counts once", () => {
    expect(counts(gpt4)).toEqual(["Report generation: 2/1", "Diagnosis conclusion generation: 2/0"]);
  });

  test("best counts distinct studies that reported the model best", () => {
    expect(counts(llama13)).toEqual(["Diagnosis conclusion generation: 1/1"]);
    expect(counts(llama7)).toEqual(["Report generation: 1/0", "Diagnosis conclusion generation: 1/0"]);
  });

  test("a negative-result study counts as a use, never as best, and a best model it names is reported", () => {
    const diagnosisGpt4 = built.evidence.filter(
      (e) => e.model === "GPT-4" && e.category.subtask === "Diagnosis conclusion generation",
    );
    expect(diagnosisGpt4.map((e) => [e.studyId, e.best])).toEqual([
      ["s4", false],
      ["s6", false],
    ]);
    expect(built.warnings).toContainEqual({
      source: "studies",
      line: 8,
      message: "study s6 has a negative result but names a best model; not counted as best",
    });
  });

  test("a best model missing from the models used counts as used, so best never exceeds appear, and is reported", () => {
    const odd = buildCatalog({ ...input, studies: [{ ...input.studies[3]!, used: [llama7], best: [llama13] }] });
    expect(odd.counts.map((r) => `${r.model} ${r.size}: ${r.appear}/${r.best}`)).toEqual([
      "Llama 2 13B: 1/1",
      "Llama 2 7B: 1/0",
    ]);
    expect(odd.warnings[0]?.message).toBe(
      'study s3: best model "Llama 2" "13B" is not among the models used; counted as used',
    );
  });

  test("columns are the used taxonomy columns in taxonomy order, a new combination after its stage's last taxonomy column", () => {
    expect(built.columns).toEqual([reportText, reportEcg, diagnosis]);
  });

  test("model rows go by total appear, then best, then name and size; unused models keep a zero row at the end", () => {
    expect(built.models.map((m) => `${m.row} ${m.model} ${m.size}`.trim())).toEqual([
      "1 GPT-4",
      "2 Llama 2 7B",
      "3 ECG-GPT",
      "4 Llama 2 13B",
      "5 Unused-BERT 110M",
    ]);
    expect(built.counts.filter((r) => r.model === "Unused-BERT")).toEqual([]);
  });

  test("a model used but missing from models.csv gets a row with empty detail cells, and is reported", () => {
    const ecg = built.models.find((m) => m.model === "ECG-GPT");
    expect(ecg?.access).toBe("");
    expect(Object.values(ecg?.phases ?? {}).every((p) => Object.values(p).every((cell) => cell === ""))).toBe(true);
    expect(built.warnings.map((w) => w.message)).toContain(
      'model "ECG-GPT" "" is used but not in models.csv; its detail cells are empty',
    );
  });

  test("detail.csv totals are count × the GPU table's TDP, memory and price; unknown factors leave cells empty", () => {
    const detail = parseDetailWide(wideFiles(built).detail, "detail.csv");
    const llama = detail.rows[1]!;
    expect(llama.label).toEqual(llama7);
    expect(llama.cells).toMatchObject({
      fin_num: "2",
      fin_gpu: "NVIDIA TESLA A100-80GB",
      TDP2: "300",
      fin_TDP: "600",
      fin_m: "160",
      price2: "18000",
      fin_price: "36000",
      // an unknown GPU: the count and name as extracted, nothing derived
      infe_num: "1",
      infe_gpu: "Mystery GPU",
      TDP3: "",
      infe_TDP: "",
      infe_m: "",
      price3: "",
      infe_price: "",
      pre_num: "",
      pre_gpu: "",
      access: "Open",
    });
    // a GPU without a count: per-GPU TDP and price, no totals
    expect(detail.rows[3]!.cells).toMatchObject({
      infe_num: "",
      infe_gpu: "NVIDIA GEFORCE RTX 3090",
      TDP3: "350",
      infe_TDP: "",
      infe_m: "",
      price3: "1600",
      infe_price: "",
    });
    expect(built.warnings.map((w) => w.message)).toContain(
      'model "Llama 2" "7B", inference: GPU "Mystery GPU" is not in the GPU table; its TDP, memory and price cells are empty',
    );
  });

  test("the wide appear and best files carry the same counts in the published layout", () => {
    const appear = parseCountsWide(wideFiles(built).appear, "appear.csv");
    const best = parseCountsWide(wideFiles(built).best, "best.csv");
    expect(appear.columns).toEqual(built.columns);
    expect(appear.rows.map((r) => r.counts)).toEqual([
      [2, 0, 2],
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(best.rows.map((r) => r.counts)).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(wideFiles(built).appear.startsWith("\uFEFFStage,Size,2,,3\r\n")).toBe(true);
  });

  test("every count is the number of evidence rows behind it", () => {
    for (const row of built.counts) {
      const behind = built.evidence.filter(
        (e) => e.model === row.model && e.size === row.size && e.category === row.category,
      );
      expect([behind.length, behind.filter((e) => e.best).length]).toEqual([row.appear, row.best]);
    }
    expect(built.evidence).toHaveLength(8);
  });

  test("the same extraction always builds the same catalog", () => {
    expect(
      buildCatalog({ ...input, studies: [...input.studies].reverse(), models: [...input.models].reverse() }),
    ).toEqual(built);
  });

  test("stats count the distinct studies per stage from the evidence", () => {
    const stats = computeStats(built);
    expect(stats.groups.filter((g) => g.scope !== "stage-task").map((g) => [g.stage, g.studies, g.models])).toEqual([
      [null, 6, 4],
      ["2", 3, 3],
      ["3", 3, 3],
    ]);
  });
});

describe("the folder written from a built catalog", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test("holds evidence.csv with the contract's columns and reads back as the same catalog", async () => {
    const dir = await mkdtemp(join(tmpdir(), "srpipe-built-"));
    dirs.push(dir);
    await writeCatalogFolder(dir, built);
    const evidence = await readFile(join(dir, "evidence.csv"), "utf8");
    expect(evidence.split("\n")[0]).toBe(EVIDENCE_COLUMNS.join(","));
    expect(evidence.split("\n")[1]).toBe(
      "GPT-4,,2,Text generation,Report generation,text,,text,s1,10.1000/s1,Study s1,1",
    );
    const { warnings: _warnings, ...content } = built;
    expect(await readCatalogFolder(dir)).toEqual(content);
  });
});
