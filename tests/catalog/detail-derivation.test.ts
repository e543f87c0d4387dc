import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { parseDetailWide } from "../../src/catalog/wide-layout.js";
import { deriveGpuTable } from "../../src/catalog/gpu-table.js";
import { derivePhase, type GpuEntry } from "../../src/catalog/build.js";
import { detailRowPhases, formatNumberCell, PHASE_LAYOUT, type PhaseRecord } from "../../src/catalog/models-table.js";

const detail = parseDetailWide(readFileSync(fixture("catalog/detail.csv"), "utf8"), "detail.csv");
const { table } = deriveGpuTable(detail.rows);
const gpus = new Map<string, GpuEntry>(
  table.map((s) => [s.gpu, { model: s.gpu, memoryGb: s.memoryGb, tdpW: s.tdpW, price: s.price }]),
);

describe("detail.csv cells derived from GPU count, GPU and the GPU table", () => {
  // Every published row with any GPU cell: its phases as published, and as the builder derives them
  // from the count and GPU alone.
  const compared = detail.rows.flatMap((row, index) => {
    const published = detailRowPhases(row, (gpu) => gpus.get(gpu)?.memoryGb ?? null);
    const hasGpuData = PHASE_LAYOUT.some(({ phase }) => Object.values(published[phase]).some((cell) => cell !== ""));
    return hasGpuData ? [{ row: index + 1, model: row.label.model, published }] : [];
  });

  test("equal the published cells of every row with GPU data except rows 195, 211 and 293", () => {
    expect(compared).toHaveLength(97);
    const differences: string[] = [];
    for (const { row, model, published } of compared) {
      for (const { phase } of PHASE_LAYOUT) {
        const cells = published[phase];
        const derived = derivePhase({ count: cells.count === "" ? null : Number(cells.count), gpu: cells.gpu }, gpus);
        for (const field of Object.keys(cells) as (keyof PhaseRecord)[]) {
          if (cells[field] !== derived[field])
            differences.push(`${row} ${model} ${phase} ${field}: published ${cells[field]}, derived ${derived[field]}`);
        }
      }
    }
    expect(differences).toEqual([
      // 2 × V100-32GB, but a memory total of 32 GB (one GPU's worth, or a 16 GB card).
      "195 FFA-GPT fine-tuning memoryTotal: published 32, derived 64",
      // 2 × RTX 3090, but the TDP and price totals of one GPU.
      "211 Dia-LLaMA fine-tuning tdpTotal: published 350, derived 700",
      "211 Dia-LLaMA fine-tuning priceTotal: published 1600, derived 3200",
      // The GPUs are given for pretraining only; price and totals sit in the fine-tuning columns.
      "293 EndoChat fine-tuning gpuPrice: published 10600, derived ",
      "293 EndoChat fine-tuning memoryTotal: published 160, derived ",
      "293 EndoChat fine-tuning priceTotal: published 42400, derived ",
    ]);
  });

  test("a phase with a GPU but no count gets the GPU's TDP and price and no totals", () => {
    const cells = derivePhase({ count: null, gpu: "NVIDIA TESLA A100-80GB" }, gpus);
    expect(cells).toEqual({
      count: "",
      gpu: "NVIDIA TESLA A100-80GB",
      gpuTdpW: "300",
      gpuMemoryGb: "80",
      gpuPrice: "18000",
      tdpTotal: "",
      memoryTotal: "",
      priceTotal: "",
    });
  });

  test("a GPU known only by its memory gets a memory total and empty TDP and price cells", () => {
    expect(derivePhase({ count: 3, gpu: "2GB GPU" }, gpus)).toMatchObject({
      count: "3",
      gpuTdpW: "",
      gpuMemoryGb: "2",
      memoryTotal: "6",
      tdpTotal: "",
      priceTotal: "",
    });
  });
});

describe("number cells", () => {
  test.each([
    [18000, "18000"],
    [297600, "297600"],
    [3 * 0.1, "0.3"],
    [12.5, "12.5"],
    [null, ""],
  ])("%s is written as %j, as the published detail.csv writes numbers", (value, cell) => {
    expect(formatNumberCell(value)).toBe(cell);
  });
});
