/**
 * Merging the extraction sheets keeps every typed byte: rows are only appended and flags only grow.
 */
import { describe, expect, test } from "vitest";
import { mergeModelsSheet, mergeStudiesSheet } from "../../src/extraction/sheet-merge.js";
import { decisionsCsv, DECISIONS, studySet } from "./extraction-workspace.js";
import { includedStudies } from "../../src/extraction/included-studies.js";

const HEADER =
  "study_id,doi,title,flag,stage,task,subtask,mandatory_input,optional_input,output,models_used,best_models,negative_result,note";

describe("the studies sheet", () => {
  test("is written the first time with one blank row per included study, unflagged", () => {
    const merge = mergeStudiesSheet(null, studySet(), "2025-05-01");
    expect(merge.text).toBe(
      `\uFEFF${HEADER}\n` +
        "s1,10.1000/one,LLMs write radiology reports,,,,,,,,,,,\n" +
        's2,10.1000/two,"GPT-4 answers, with a comma",,,,,,,,,,,\n',
    );
    expect(merge).toMatchObject({ created: true, appended: 2, gone: 0, problem: null });
  });

  test("covers a study a single-reviewer phase included (status single), and only the last phase's inclusions", () => {
    const studies = studySet([
      { study: "s5", decision: "include", status: "single" },
      { study: "s6", decision: "include", phase: "pilot" },
      { study: "s7", decision: "pending", status: "conflict" },
    ]);
    expect(studies.included.map((s) => s.studyId)).toEqual(["s5"]);
    expect([...studies.known].sort()).toEqual(["s5", "s6", "s7"]);
  });

  test("keeps every typed cell byte for byte and appends a newly included study flagged new", () => {
    // As a spreadsheet saves it: BOM, CRLF, quotes around plain cells, a trailing space, a line
    // break inside a note, and a column the reviewer added.
    const typed =
      `\uFEFF${HEADER},my column\r\n` +
      's1,10.1000/one,"LLMs write radiology reports",,2,Text generation,"Imaging protocol generation ",text,,text,"GPT-4; Llama 2 [7B]",GPT-4,no,"two\r\nlines",kept \r\n';
    const decisions = [...DECISIONS, { study: "s5", decision: "include" as const, doi: "10.1000/five", title: "New" }];
    const merge = mergeStudiesSheet(
      typed,
      includedStudies(decisionsCsv(decisions), "title-abstract").studies,
      "2025-05-01",
    );
    expect(merge.text).toBe(
      typed +
        's2,10.1000/two,"GPT-4 answers, with a comma",new in 2025-05-01,,,,,,,,,,,\r\n' +
        "s5,10.1000/five,New,new in 2025-05-01,,,,,,,,,,,\r\n",
    );
    expect(merge.appended).toBe(2);
  });

  test("flags the rows of a study no longer included, keeps them, and flags them again when it comes back", () => {
    const typed = `${HEADER}\ns1,,,,2,Text generation,Report generation,text,,text,GPT-4,,,\ns1,,,,3,Disease diagnosis,Disease classification,text,,text,GPT-4,,,\ns2,,,,,,,,,,,,,\n`;
    const without = DECISIONS.map((d) => (d.study === "s1" ? { ...d, decision: "exclude" as const } : d));
    const gone = mergeStudiesSheet(
      typed,
      includedStudies(decisionsCsv(without), "title-abstract").studies,
      "2025-05-01",
    );
    expect(gone.text).toBe(
      `${HEADER}\n` +
        "s1,,,study no longer included in 2025-05-01,2,Text generation,Report generation,text,,text,GPT-4,,,\n" +
        "s1,,,study no longer included in 2025-05-01,3,Disease diagnosis,Disease classification,text,,text,GPT-4,,,\n" +
        "s2,,,,,,,,,,,,,\n",
    );
    expect(gone).toMatchObject({ gone: 2, appended: 0 });
    const again = mergeStudiesSheet(gone.text, studySet(), "2025-06-01");
    expect(again.text.split("\n")[1]).toBe(
      "s1,,,study no longer included in 2025-05-01; study included again in 2025-06-01,2,Text generation,Report generation,text,,text,GPT-4,,,",
    );
    expect(again.back).toBe(2);
  });

  test("is returned as it was when nothing changed", () => {
    const first = mergeStudiesSheet(null, studySet(), "2025-05-01").text;
    const second = mergeStudiesSheet(first, studySet(), "2025-06-01");
    expect(second.text).toBe(first);
    expect(second).toMatchObject({ created: false, appended: 0, gone: 0, back: 0 });
  });

  test("is refused with a located problem when its columns were moved", () => {
    const moved = `${HEADER.replace("doi,title", "title,doi")}\n`;
    const merge = mergeStudiesSheet(moved, studySet(), "2025-05-01");
    expect(merge.problem).toMatchObject({ file: "raw/extraction/studies.csv", line: 1 });
    expect(merge.problem?.message).toMatch(
      /^expected the columns study_id, doi, title, flag, stage, .* in this order \(your own columns may follow "note"\), got the columns in another order: study_id, title, doi, /,
    );
    expect(merge.text).toBe(moved);
  });
});

describe("the models sheet", () => {
  test("gets a row flagged for each model used in studies.csv that it lacks, after the typed rows", () => {
    const typed =
      "model,size,flag,access,pretraining_gpu_count,pretraining_gpu,fine_tuning_gpu_count,fine_tuning_gpu,inference_gpu_count,inference_gpu,note\nGPT-4,,,API,,,,,,,\n";
    const merge = mergeModelsSheet(typed, [{ model: "LLaMA2", size: "13B" }]);
    expect(merge.text).toBe(`${typed}LLaMA2,13B,"used in studies.csv, fill in",,,,,,,,\n`);
  });
});
