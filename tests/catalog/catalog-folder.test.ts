import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { importPublished } from "../../src/catalog/from-published.js";
import { readCatalogFolder, wideFiles, writeCatalogFolder } from "../../src/catalog/catalog-folder.js";
import { MODELS_COLUMNS } from "../../src/catalog/models-table.js";

const published = (name: string) => ({ name, text: readFileSync(fixture(`catalog/${name}`), "utf8") });
const bytes = (name: string): Buffer => readFileSync(fixture(`catalog/${name}`));
const reference = importPublished({
  appear: published("appear.csv"),
  best: published("best.csv"),
  detail: published("detail.csv"),
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-catalog-folder-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("importing the published reference catalog", () => {
  test.each(["appear.csv", "best.csv", "detail.csv"] as const)(
    "gives tidy content whose wide %s is the published file byte for byte",
    (name) => {
      const text = wideFiles(reference.catalog)[name.replace(".csv", "") as "appear" | "best" | "detail"];
      expect(Buffer.from(text, "utf8").equals(bytes(name))).toBe(true);
    },
  );

  test("keeps the labels best.csv and detail.csv give differently, row by row, as published", () => {
    const differing = reference.catalog.models
      .filter((m) => m.bestLabel || m.detailLabel)
      .map((m) => ({ row: m.row, best: m.bestLabel, detail: m.detailLabel }));
    expect(differing).toEqual([
      { row: 125, best: { model: "BenTsao", size: "" }, detail: { model: "BenTsao", size: "" } },
      { row: 141, best: null, detail: { model: "LongFormer", size: "" } },
      { row: 153, best: { model: "Mixtral", size: "7B" }, detail: null },
      { row: 201, best: { model: "DFCIImagingBERT", size: "" }, detail: null },
      { row: 240, best: null, detail: { model: "Openchat-3.5-1210", size: "" } },
      { row: 267, best: { model: "Gemma", size: "27B" }, detail: null },
    ]);
  });

  test("warns about differing labels, best above appear and published GPU totals that differ, correcting none", () => {
    const rows = reference.warnings.map((w) => /^model row (\d+)/.exec(w)?.[1]);
    expect(rows).toEqual([
      "125",
      "153",
      "201",
      "267",
      "125",
      "141",
      "240",
      "149",
      "195",
      "195",
      "211",
      "211",
      "293",
      "293",
    ]);
    expect(reference.warnings).toContain(
      "model row 149 (BioLinkBERT), 3/Disease classification: best 1 exceeds appear 0 (kept as published)",
    );
    expect(reference.catalog.counts.find((r) => r.row === 149 && r.best > r.appear)).toMatchObject({
      appear: 0,
      best: 1,
    });
  });

  test("fills each phase's per-GPU memory from the GPU table the published rows imply", () => {
    const gatortron = reference.catalog.models[7]!;
    expect([gatortron.model, gatortron.size]).toEqual(["GatorTron", "8.9B"]);
    expect(gatortron.phases.pretraining).toEqual({
      count: "992",
      gpu: "NVIDIA TESLA A100-80GB",
      gpuTdpW: "300",
      gpuMemoryGb: "80",
      gpuPrice: "18000",
      tdpTotal: "297600",
      memoryTotal: "79360",
      priceTotal: "17856000",
    });
  });

  test("refuses a best.csv whose category columns differ from appear.csv, naming the column", () => {
    const best = published("best.csv");
    const renamed = { name: "best.csv", text: best.text.replace("Report summarization", "Report summarisation") };
    expect(() =>
      importPublished({ appear: published("appear.csv"), best: renamed, detail: published("detail.csv") }),
    ).toThrow(
      "best.csv:1:4: category: expected the category columns of appear.csv (2/Report summarization), got 2/Report summarisation",
    );
  });

  test("refuses a detail.csv number cell that is not a number, at file:line:column", () => {
    const detail = published("detail.csv");
    const broken = { name: "detail.csv", text: detail.text.replace("EHR-KnowGen,,2,", "EHR-KnowGen,,two,") };
    expect(() =>
      importPublished({ appear: published("appear.csv"), best: published("best.csv"), detail: broken }),
    ).toThrow('detail.csv:9:3: pre_num: expected a number or an empty cell, got "two"');
  });
});

describe("the catalog folder", () => {
  test("written and read back gives the same content, and its wide files are the published bytes", async () => {
    await writeCatalogFolder(dir, reference.catalog);
    const read = await readCatalogFolder(dir);
    expect(read).toEqual(reference.catalog);
    for (const name of ["appear.csv", "best.csv", "detail.csv"]) {
      expect((await readFile(join(dir, name))).equals(bytes(name))).toBe(true);
    }
  });

  test("models.csv has the contract's columns: labels, access, and per phase count, GPU, per-GPU figures and totals", async () => {
    await writeCatalogFolder(dir, reference.catalog);
    const [header, first] = (await readFile(join(dir, "models.csv"), "utf8")).split("\n");
    expect(header).toBe(MODELS_COLUMNS.join(","));
    expect(header?.split(",").slice(0, 16)).toEqual([
      "row",
      "model",
      "size",
      "best_model",
      "best_size",
      "detail_model",
      "detail_size",
      "access",
      "pre_count",
      "pre_gpu",
      "pre_gpu_tdp_w",
      "pre_gpu_memory_gb",
      "pre_gpu_price",
      "pre_tdp_total",
      "pre_memory_total",
      "pre_price_total",
    ]);
    expect(first).toBe("1,GPT-3.5,175B,,,,,API" + ",".repeat(24));
  });

  test("written without evidence removes an evidence.csv an earlier build left", async () => {
    await writeFile(join(dir, "evidence.csv"), "stale\n");
    await writeCatalogFolder(dir, reference.catalog);
    await expect(readFile(join(dir, "evidence.csv"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("a catalog.csv row naming a model differently from models.csv is refused at file:line", async () => {
    await writeCatalogFolder(dir, reference.catalog);
    const path = join(dir, "catalog.csv");
    await writeFile(path, (await readFile(path, "utf8")).replace("\n2,GPT-4,,", "\n2,GPT-5,,"));
    await expect(readCatalogFolder(dir, "cat")).rejects.toThrow(
      /^cat\/catalog\.csv:\d+:2: model: expected model row 2 as models\.csv names it, "GPT-4 ", got "GPT-5 "$/,
    );
  });

  test("a catalog.csv row with a category missing from categories.csv is refused at file:line", async () => {
    await writeCatalogFolder(dir, reference.catalog);
    const path = join(dir, "catalog.csv");
    const lines = (await readFile(path, "utf8")).split("\n");
    lines[1] = lines[1]!.replace("Outpatient registration recommendation", "Outpatient registration");
    await writeFile(path, lines.join("\n"));
    await expect(readCatalogFolder(dir, "cat")).rejects.toThrow(
      /^cat\/catalog\.csv:2:4: category: expected one of the categories in categories\.csv, got /,
    );
  });

  test("a models.csv with a non-number GPU count is refused at file:line:column", async () => {
    await writeCatalogFolder(dir, reference.catalog);
    const path = join(dir, "models.csv");
    await writeFile(
      path,
      (await readFile(path, "utf8")).replace("3,EHR-KnowGen,,,,,,Restricted,2,", "3,EHR-KnowGen,,,,,,Restricted,2x,"),
    );
    await expect(readCatalogFolder(dir, "cat")).rejects.toThrow(
      'cat/models.csv:4:9: pre_count: expected a number (digits, optional decimals) or an empty cell, got "2x"',
    );
  });

  test("an evidence.csv that does not add up to catalog.csv's counts is refused", async () => {
    await writeCatalogFolder(dir, reference.catalog);
    await writeFile(
      join(dir, "evidence.csv"),
      "model,size,stage,task,subtask,mandatory_input,optional_input,output,study_id,doi,title,best\n",
    );
    await expect(readCatalogFolder(dir, "cat")).rejects.toThrow(
      "cat/evidence.csv: GPT-3.5 175B in 1/Outpatient registration recommendation: expected as many study rows (and best = 1 rows) as catalog.csv counts, got 1 fewer rows and 0 fewer best rows",
    );
  });

  test("a folder without its tidy files is refused naming the missing file", async () => {
    await expect(readCatalogFolder(dir, "cat")).rejects.toThrow(
      "cat/categories.csv: expected a catalog folder file (written by `srpipe catalog import` or `srpipe report`), got no such file",
    );
  });
});

describe("a catalog with a model name a spreadsheet would run", () => {
  const hostileAppear = published("appear.csv");
  const hostile = importPublished({
    appear: {
      name: "appear.csv",
      text: hostileAppear.text.replace("\nGPT-3.5,175B,", '\n=HYPERLINK("http://x"),175B,'),
    },
    best: published("best.csv"),
    detail: published("detail.csv"),
  });

  test("is warned about at import: the wide files keep the published layout and cannot guard it", () => {
    expect(hostile.warnings).toContain(
      'model row 1: "=HYPERLINK(\\"http://x\\")" would run as a formula in a spreadsheet; appear.csv, best.csv and detail.csv keep the published layout and write it as it is (the tidy files guard it)',
    );
    expect(reference.warnings.some((w) => w.includes("would run as a formula"))).toBe(false);
  });

  test("guards it in the tidy files and reads it back exactly", async () => {
    await writeCatalogFolder(dir, hostile.catalog);
    expect((await readFile(join(dir, "models.csv"), "utf8")).split("\n")[1]).toMatch(
      /^1,"'=HYPERLINK\(""http:\/\/x""\)",175B,/,
    );
    expect(await readFile(join(dir, "catalog.csv"), "utf8")).toContain(`,"'=HYPERLINK(""http://x"")",175B,`);
    expect(await readCatalogFolder(dir)).toEqual(hostile.catalog);
    expect(await readFile(join(dir, "appear.csv"), "utf8")).toContain('\n"=HYPERLINK(""http://x"")",175B,');
  });
});
