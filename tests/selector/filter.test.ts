import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  NO_ANSWERS,
  accessKind,
  answerStep,
  describePhase,
  formatNumber,
  hiddenRestricted,
  matchModels,
  modelName,
  nearestRelaxation,
  questionFor,
  relaxations,
  stageOptions,
  stepProblem,
  taskOptions,
  type Answers,
  type SelectorData,
} from "../../src/selector/client.js";
import { readSelectorData } from "../../src/selector/selector-data.js";
import { referenceCatalogFolder } from "./reference-catalog.js";

let dir: string;
let data: SelectorData;
beforeAll(async () => {
  dir = await referenceCatalogFolder();
  data = await readSelectorData(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const STAGE3_TEXT: Answers = { ...NO_ANSWERS, stage: "3", inputTextOnly: true, outputTextOnly: true };
const STAGE3_TEXT_TASKS = [
  "Disease diagnosis",
  "Information extraction",
  "Textual question answering",
  "Text generation",
];
const names = (answers: Answers): string[] => matchModels(data, answers).map((m) => modelName(data.models[m.model]!));

/** catalog.csv and detail.csv read with csv-parse directly, not through the selector's reader. */
function independentlyRead(): {
  counts: { row: number; stage: string; task: string; input: string; output: string; appear: number; best: number }[];
  access: Map<number, string>;
} {
  const catalog = parse(readFileSync(join(dir, "catalog.csv"), "utf8"), { columns: true }) as { [k: string]: string }[];
  const detail = parse(readFileSync(join(dir, "detail.csv"), "utf8"), { bom: true }) as string[][];
  const accessColumn = detail[0]!.indexOf("access");
  return {
    counts: catalog.map((r) => ({
      row: Number(r.row),
      stage: r.stage!,
      task: r.task!,
      input: r.mandatory_input!,
      output: r.output!,
      appear: Number(r.appear),
      best: Number(r.best),
    })),
    access: new Map(detail.slice(6).map((cells, index) => [index + 1, cells[accessColumn]!])),
  };
}

describe("the filter on the reference catalog", () => {
  const DIAGNOSIS_PRIVATE: Answers = { ...STAGE3_TEXT, mayShare: false, deploy: "local", tasks: ["Disease diagnosis"] };

  test("stage 3, text → text, data may not be shared, disease diagnosis returns only open-source models", () => {
    const matches = matchModels(data, DIAGNOSIS_PRIVATE);
    expect(matches).toHaveLength(76);
    expect(new Set(matches.map((m) => data.models[m.model]!.access))).toEqual(new Set(["Open"]));
  });

  test("each listed model's use and best counts are the sums of its catalog.csv rows for that stage, task and modality", () => {
    const { counts, access } = independentlyRead();
    const expected = new Map<number, { appear: number; best: number }>();
    for (const r of counts) {
      if (r.stage !== "3" || r.task !== "Disease diagnosis" || r.input !== "text" || r.output !== "text") continue;
      if (access.get(r.row) !== "Open") continue;
      const sum = expected.get(r.row) ?? { appear: 0, best: 0 };
      expected.set(r.row, { appear: sum.appear + r.appear, best: sum.best + r.best });
    }
    const got = new Map(
      matchModels(data, DIAGNOSIS_PRIVATE).map((m) => [data.models[m.model]!.row, { appear: m.appear, best: m.best }]),
    );
    expect(got).toEqual(expected);
  });

  test("models are ranked by best-performing reports, then by use, then by name", () => {
    const matches = matchModels(data, DIAGNOSIS_PRIVATE);
    const keys = matches.map((m) => [m.best, m.appear, data.models[m.model]!.model] as const);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    expect(keys).toEqual(sorted);
    expect(modelName(data.models[matches[0]!.model]!)).toBe("MMedIns-Llama 3 (8B)");
    expect(matches[0]).toMatchObject({ best: 2, appear: 2 });
  });

  test("all four stage-3 text tasks together, data shareable, in the cloud give GPT-4 and GPT-3.5, as the published guideline does", () => {
    expect(names({ ...STAGE3_TEXT, mayShare: true, deploy: "cloud", tasks: STAGE3_TEXT_TASKS })).toEqual([
      "GPT-4",
      "GPT-3.5 (175B)",
    ]);
  });

  test("the same four tasks run locally match no model, as in the published guideline, and the nearest relaxation needs any one task", () => {
    const answers: Answers = { ...STAGE3_TEXT, mayShare: true, deploy: "local", tasks: STAGE3_TEXT_TASKS };
    expect(matchModels(data, answers)).toEqual([]);
    expect(relaxations(data, answers).map((r) => [r.id, r.matches.length])).toEqual([
      ["any-chosen-task", 153],
      ["any-task", 153],
      ["deploy", 2],
    ]);
    expect(nearestRelaxation(data, answers)?.label).toBe("any one of the chosen tasks instead of all of them");
  });

  test("diagnosis, extraction and question answering run locally list the published guideline's open models", () => {
    const got = names({ ...STAGE3_TEXT, mayShare: true, deploy: "local", tasks: STAGE3_TEXT_TASKS.slice(0, 3) });
    // The published leaf names these nine; the catalog also lists Clinical Camel (70B) there.
    const published = [
      "Clinical-longformer (150M)",
      "GatorTron (345M)",
      "GatorTron (3.9B)",
      "GatorTron (8.9B)",
      "LLaMA2 (70B)",
      "BERT",
      "BioBERT",
      "BioMegatron",
      "ClinicalBERT (110M)",
    ];
    expect(got).toEqual(expect.arrayContaining(published));
    expect(got.filter((name) => !published.includes(name))).toEqual(["Clinical Camel (70B)"]);
  });

  test("running locally rules out API models even when the data may be shared", () => {
    const cloud = matchModels(data, { ...STAGE3_TEXT, mayShare: true, deploy: "cloud", tasks: ["Disease diagnosis"] });
    const local = matchModels(data, { ...STAGE3_TEXT, mayShare: true, deploy: "local", tasks: ["Disease diagnosis"] });
    const kinds = (ms: typeof cloud) => new Set(ms.map((m) => accessKind(data.models[m.model]!.access)));
    expect(kinds(cloud)).toEqual(new Set(["open", "api"]));
    expect(kinds(local)).toEqual(new Set(["open"]));
  });

  test("access-restricted models are left out unless asked for, and the page can say how many", () => {
    const answers: Answers = { ...STAGE3_TEXT, mayShare: true, deploy: "cloud", tasks: ["Disease diagnosis"] };
    const withRestricted = matchModels(data, { ...answers, includeRestricted: true });
    const restricted = withRestricted.filter((m) => data.models[m.model]!.access === "Restricted");
    expect(restricted.length).toBeGreaterThan(0);
    expect(hiddenRestricted(data, answers)).toBe(restricted.length);
    expect(matchModels(data, answers)).toHaveLength(withRestricted.length - restricted.length);
  });

  test("text input with a non-text output matches nothing in stage 3, and allowing any input is the nearest relaxation", () => {
    const answers: Answers = { ...STAGE3_TEXT, outputTextOnly: false, mayShare: false, deploy: "local" };
    expect(taskOptions(data, answers)).toEqual([]);
    expect(matchModels(data, answers)).toEqual([]);
    const nearest = relaxations(data, answers);
    expect(nearest.map((r) => r.id)).toEqual(["output", "input"]);
    expect(nearest[1]!.matches.map((m) => modelName(data.models[m.model]!))).toHaveLength(1);
  });
});

describe("the questions", () => {
  test("the stage question offers the catalog's five stages with their task and model counts", () => {
    expect(stageOptions(data).map((s) => [s.stage, s.tasks])).toEqual([
      ["1", 1],
      ["2", 6],
      ["3", 8],
      ["4", 6],
      ["5", 4],
    ]);
    expect(questionFor("stage", data, NO_ANSWERS).choices[2]).toMatchObject({
      value: "3",
      label: "Stage 3: Diagnosis and treatment planning",
    });
  });

  test("the task question offers only the tasks that fit the stage, input and output, with their subtasks", () => {
    expect(taskOptions(data, STAGE3_TEXT)).toEqual([
      { task: "Disease diagnosis", subtasks: ["Diagnosis conclusion generation", "Disease classification"] },
      { task: "Information extraction", subtasks: ["Disease feature extraction", "Disease phenotype extraction"] },
      { task: "Textual question answering", subtasks: ["Multi-choice question answering", "Open question answering"] },
      {
        task: "Text generation",
        subtasks: [
          "Treatment plan recommendations",
          "Clinical decision support (CDS) improving suggestions",
          "Clinical letter generation",
        ],
      },
    ]);
  });

  test("a non-text input in stage 3 offers the multimodal tasks", () => {
    const tasks = taskOptions(data, { ...STAGE3_TEXT, inputTextOnly: false }).map((t) => t.task);
    expect(tasks).toEqual([
      "Disease diagnosis",
      "Multimodal question answering",
      "Text summarization",
      "Disease prediction",
    ]);
  });

  test("changing the stage clears the chosen tasks, which belong to the old stage", () => {
    const answered = answerStep("tasks", STAGE3_TEXT, ["Disease diagnosis"]);
    expect(answerStep("stage", answered, ["3"]).tasks).toEqual(["Disease diagnosis"]);
    expect(answerStep("stage", answered, ["4"]).tasks).toEqual([]);
  });

  test("going on without an answer is refused with a message", () => {
    expect(stepProblem(questionFor("sharing", data, NO_ANSWERS))).toBe("Choose one answer.");
    expect(stepProblem(questionFor("tasks", data, STAGE3_TEXT))).toBe("Choose at least one clinical task.");
    expect(stepProblem(questionFor("sharing", data, { ...NO_ANSWERS, mayShare: false }))).toBeNull();
  });
});

describe("the wording", () => {
  test("GPU figures read as count × GPU, memory, power and price", () => {
    expect(
      describePhase({
        phase: "fine-tuning",
        gpuCount: 2,
        gpu: "NVIDIA TESLA A100-40GB",
        memoryGb: 80,
        tdpW: 500,
        priceUsd: 13998,
      }),
    ).toBe("Fine-tuning: 2 × NVIDIA TESLA A100-40GB, 80 GB GPU memory, 500 W, $13,998");
    expect(formatNumber(17856000.5)).toBe("17,856,000.5");
  });

  test("the phases of a model come from detail.csv's published totals", () => {
    const bert = data.models.find((m) => m.model === "BioBERT");
    expect(bert?.phases).toEqual([
      { phase: "fine-tuning", gpuCount: 1, gpu: "NVIDIA TESLA A100-40GB", memoryGb: 40, tdpW: 250, priceUsd: 6999 },
    ]);
  });
});
