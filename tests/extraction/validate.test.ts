/**
 * Validation of the extraction sheets, one error at a time: each test breaks one cell of an
 * otherwise valid extraction and checks the located message (file:line:column: name: …).
 */
import { describe, expect, test } from "vitest";
import { formatProblem } from "../../src/extraction/extraction-problem.js";
import { validateExtraction } from "../../src/extraction/validate.js";
import { modelRows, modelsSheet, studyRow, studiesSheet, studySet, taxonomy } from "./extraction-workspace.js";

function validate(studies: { [column: string]: string }[], models: { [column: string]: string }[] = modelRows()) {
  return validateExtraction({
    studiesText: studiesSheet(studies),
    modelsText: modelsSheet(models),
    studies: studySet(),
    taxonomy,
  });
}

/** The formatted problems of a run. */
function messages(studies: { [column: string]: string }[], models?: { [column: string]: string }[]): string[] {
  return validate(studies, models).problems.map(formatProblem);
}

describe("a valid extraction", () => {
  test("gives each row's category with the taxonomy's labels and the models by canonical name", () => {
    const result = validate([
      studyRow({
        stage: "Prediagnosis and examination",
        subtask: "imaging  protocol generation",
        models_used: "gpt-4-0613; llama-2 [7 b]",
        best_models: "ChatGPT (GPT-4)",
      }),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.data.studies).toEqual([
      {
        studyId: "s1",
        doi: "10.1000/one",
        title: "LLMs write radiology reports",
        line: 2,
        category: {
          stage: "2",
          task: "Text generation",
          subtask: "Imaging protocol generation ",
          mandatoryInput: "text",
          optionalInput: "",
          output: "text",
        },
        used: [
          { model: "GPT-4", size: "" },
          { model: "LLaMA2", size: "7B" },
        ],
        best: [{ model: "GPT-4", size: "" }],
        negativeResult: false,
      },
    ]);
    expect(result.data.models).toEqual([
      {
        model: "GPT-4",
        size: "",
        access: "API",
        line: 2,
        phases: {
          pretraining: { count: null, gpu: "" },
          "fine-tuning": { count: null, gpu: "" },
          inference: { count: null, gpu: "" },
        },
      },
      {
        model: "LLaMA2",
        size: "7B",
        access: "Open",
        line: 3,
        phases: {
          pretraining: { count: null, gpu: "" },
          "fine-tuning": { count: 8, gpu: "NVIDIA TESLA A100-80GB" },
          inference: { count: null, gpu: "" },
        },
      },
    ]);
    expect(result.pendingStudies).toEqual(["s2"]);
  });

  test("model names are read through the alias table, ignoring case, spaces, hyphens and the spacing of sizes", () => {
    const models: { [column: string]: string }[] = [
      { model: "ChatGPT (GPT-4)", access: "API" },
      { model: "Llama_2", size: "7 b", access: "Open" },
      { model: "Bard", access: "API" },
    ];
    const result = validate(
      [studyRow({ models_used: "gpt-4-0613; LLAMA 2 [7B]; Google Bard", best_models: "GPT-4" })],
      models,
    );
    expect(result.problems).toEqual([]);
    expect(result.data.studies[0]?.used).toEqual([
      { model: "GPT-4", size: "" },
      { model: "LLaMA2", size: "7B" },
      { model: "Google Bard", size: "" },
    ]);
    expect(result.data.models.map((m) => [m.model, m.size])).toEqual([
      ["GPT-4", ""],
      ["Google Bard", ""],
      ["LLaMA2", "7B"],
    ]);
  });

  test("an input/output combination the taxonomy's columns lack is kept and reported as a notice, not a problem", () => {
    const result = validate([studyRow({ mandatory_input: "audio", optional_input: "text" })]);
    expect(result.problems).toEqual([]);
    expect(result.data.studies).toHaveLength(1);
    expect(result.notices.map(formatProblem)).toEqual([
      'raw/extraction/studies.csv:2:8: mandatory_input: a new input/output combination for "Report generation" in stage 2: audio [+ text] → text (the taxonomy\'s columns have text → text; image (2D) [+ text] → text; image (3D) [+ text] → text); it becomes a new catalog column',
    ]);
  });

  test("the rows of a study screening no longer includes are not read", () => {
    const result = validate([studyRow({ study_id: "s3", subtask: "nonsense" })]);
    expect(result.problems).toEqual([]);
    expect(result.data.studies).toEqual([]);
  });
});

describe("each validation error", () => {
  test("an unknown subtask names the allowed values and the close match", () => {
    const [message] = messages([studyRow(), studyRow({ study_id: "s2", subtask: "Report generaton" })]);
    expect(message).toMatch(
      /^raw\/extraction\/studies\.csv:3:7: subtask: expected one of "Report generation", "ECG report generation", .*"Clinical history generation", got "Report generaton" \(did you mean "Report generation"\?\)$/,
    );
  });

  test("a subtask of another stage says which stage it belongs to", () => {
    expect(messages([studyRow({ subtask: "Discharge summary generation" })])).toEqual([
      expect.stringMatching(
        /^raw\/extraction\/studies\.csv:2:7: subtask: expected one of .*, got "Discharge summary generation" \(a subtask of stage 5, not of stage 2\)$/,
      ),
    ]);
  });

  test("an unknown stage names the stage ids and names and the close match", () => {
    expect(messages([studyRow({ stage: "Prediagnosis and examinaton" })])[0]).toBe(
      'raw/extraction/studies.csv:2:5: stage: expected one of the stage ids 1, 2, 3, 4, 5 or their names ("Registration and department guidance", "Prediagnosis and examination", "Diagnosis and treatment planning", "Treatment and hospitalization", "Discharge and follow-up"), got "Prediagnosis and examinaton" (did you mean "Prediagnosis and examination"?)',
    );
  });

  test("an unknown task names the tasks and the close match", () => {
    expect(messages([studyRow({ task: "Text generaton" })])).toEqual([
      expect.stringMatching(
        /^raw\/extraction\/studies\.csv:2:6: task: expected one of "Textual question answering", .*, got "Text generaton" \(did you mean "Text generation"\?\)$/,
      ),
    ]);
  });

  test("a task that is not the subtask's names the subtask's task", () => {
    expect(messages([studyRow({ task: "Text summarization" })])).toEqual([
      'raw/extraction/studies.csv:2:6: task: expected "Text generation" (the task of subtask "Report generation" in stage 2), got "Text summarization"',
    ]);
  });

  test("a modality the taxonomy lacks names the modalities and the close combination", () => {
    expect(messages([studyRow({ mandatory_input: "image 2D+text" })])).toEqual([
      'raw/extraction/studies.csv:2:8: mandatory_input: expected a modality ("text", "image (2D)", "image (3D)", "ECG", "audio", "time-series", "video") or a + combination of them, got "image 2D+text" (did you mean "image (2D)+text"?)',
    ]);
  });

  test("an empty output is an error, an empty optional input is not", () => {
    expect(messages([studyRow({ output: "", optional_input: "" })])).toEqual([
      expect.stringMatching(/^raw\/extraction\/studies\.csv:2:10: output: expected a modality .* got an empty cell$/),
    ]);
  });

  test("a best model that is not among the models used is an error naming the models used", () => {
    expect(messages([studyRow({ best_models: "Llama 2 [13B]" })])).toEqual([
      'raw/extraction/studies.csv:2:12: best_models: expected a model listed in models_used (GPT-4; LLaMA2 [7B]), got "Llama 2 [13B]" (did you mean "LLaMA2 [7B]"?)',
    ]);
  });

  test("a study reporting a negative result records no best model", () => {
    expect(messages([studyRow({ negative_result: "yes", best_models: "GPT-4" })])).toEqual([
      'raw/extraction/studies.csv:2:12: best_models: expected no best model for a study reporting a negative result (negative_result is yes), got "GPT-4"',
    ]);
    const ok = validate([studyRow({ negative_result: "Yes", best_models: "" })]);
    expect(ok.problems).toEqual([]);
    expect(ok.data.studies[0]?.negativeResult).toBe(true);
  });

  test("negative_result accepts yes, no or empty only", () => {
    expect(messages([studyRow({ negative_result: "y" })])).toEqual([
      'raw/extraction/studies.csv:2:13: negative_result: expected yes, no or an empty cell (= no), got "y" (did you mean "yes"?)',
    ]);
  });

  test("a model used but missing from models.csv is reported, with the close name models.csv has", () => {
    const result = validate([studyRow({ models_used: "GPT-4; Llama 2 [13B]", best_models: "" })]);
    expect(result.problems.map(formatProblem)).toEqual([
      'raw/extraction/studies.csv:2:11: models_used: expected each model to have a row in raw/extraction/models.csv, got none for "LLaMA2 [13B]" (did you mean "LLaMA2 [7B]"?)',
    ]);
    expect(result.missingModels).toEqual([{ model: "LLaMA2", size: "13B" }]);
  });

  test("a model list that does not follow the syntax is an error showing the syntax", () => {
    expect(messages([studyRow({ models_used: "GPT-4; Llama 2 [7B", best_models: "GPT-4" })])).toEqual([
      'raw/extraction/studies.csv:2:11: models_used: expected a model name, with its size in square brackets when known (`Llama 2 [7B]`), models separated by `;`, got "Llama 2 [7B"',
    ]);
  });

  test("a row of a study id that screening never saw is an error with the close included id", () => {
    expect(messages([studyRow({ study_id: "s11" })])).toEqual([
      'raw/extraction/studies.csv:2:1: study_id: expected the id of a study in processed/screening/decisions.csv, got "s11" (did you mean "s1"?)',
    ]);
  });

  test("an unknown access path names the allowed ones and the close match", () => {
    const models = modelRows();
    models[1]!.access = "Opne";
    expect(messages([studyRow()], models)).toEqual([
      'raw/extraction/models.csv:3:4: access: expected one of "API", "Restricted", "Open", got "Opne" (did you mean "Open"?)',
    ]);
  });

  test("a GPU count that is not a whole number is an error", () => {
    const models = modelRows();
    models[1]!.fine_tuning_gpu_count = "eight";
    expect(messages([studyRow()], models)).toEqual([
      'raw/extraction/models.csv:3:7: fine_tuning_gpu_count: expected a whole number of GPUs (1, 2, 8, …) or an empty cell when the study does not say, got "eight"',
    ]);
  });

  test("an unknown GPU is an error with the close GPU of the taxonomy's table", () => {
    const models = modelRows();
    models[1]!.fine_tuning_gpu = "NVIDIA A100-80GB";
    expect(messages([studyRow()], models)).toEqual([
      expect.stringMatching(
        /^raw\/extraction\/models\.csv:3:8: fine_tuning_gpu: expected a GPU of the taxonomy's table \(.*\), got "NVIDIA A100-80GB" \(did you mean "NVIDIA TESLA A100-80GB"\?\)$/,
      ),
    ]);
  });

  test("a GPU count without the GPU's model is an error", () => {
    const models = modelRows();
    models[0]!.inference_gpu_count = "2";
    expect(messages([studyRow()], models)).toEqual([
      "raw/extraction/models.csv:2:10: inference_gpu: expected the model of the 2 GPUs in inference_gpu_count, got an empty cell",
    ]);
  });

  test("two rows for one model and size, spelled through an alias, are an error", () => {
    expect(messages([studyRow()], [...modelRows(), { model: "gpt-4-0613", access: "API" }])).toEqual([
      'raw/extraction/models.csv:4:1: model: expected each model and size on one row, got "GPT-4" again (also on line 2)',
    ]);
  });
});

describe("a row that is not the study it names", () => {
  test("is refused when a sort moved titles and categories but left the study ids in place, and gives no catalog row", () => {
    const s1 = studyRow();
    const s2 = studyRow({
      study_id: "s2",
      subtask: "Report summarization",
      task: "Text summarization",
      best_models: "",
    });
    // "Sort only the selected columns": everything but study_id swapped between the two rows.
    const sorted = [
      { ...s2, study_id: "s1" },
      { ...s1, study_id: "s2" },
    ];
    const result = validate(sorted);
    expect(result.problems.map(formatProblem)).toEqual([
      'raw/extraction/studies.csv:2:3: title: expected the title of study s1, "LLMs write radiology reports", got "GPT-4 answers, with a comma": were the rows sorted or moved without their study_id column, or the title typed over? Put each title back beside its study_id',
      'raw/extraction/studies.csv:3:3: title: expected the title of study s2, "GPT-4 answers, with a comma", got "LLMs write radiology reports": were the rows sorted or moved without their study_id column, or the title typed over? Put each title back beside its study_id',
    ]);
    expect(result.data.studies).toEqual([]);
  });

  test("is accepted with the title of any record of the study, behind srpipe's formula apostrophe, in any case", () => {
    const studies = studySet([{ study: "s1", decision: "include", title: "=1+1 is not a formula" }]);
    const text = studiesSheet([studyRow({ title: "'=1+1 IS NOT A FORMULA" })]);
    const result = validateExtraction({ studiesText: text, modelsText: modelsSheet(modelRows()), studies, taxonomy });
    expect(result.problems).toEqual([]);
  });
});
