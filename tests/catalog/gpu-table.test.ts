import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { parseDetailWide } from "../../src/catalog/wide-layout.js";
import { checkDerivedTotals, deriveGpuTable } from "../../src/catalog/gpu-table.js";

const detail = parseDetailWide(readFileSync(fixture("catalog/detail.csv"), "utf8"), "detail.csv");
const { table, disagreements } = deriveGpuTable(detail.rows);
const spec = (gpu: string) => table.find((s) => s.gpu === gpu);

describe("the GPU table derived from detail.csv", () => {
  test("covers every GPU named in detail.csv, 22 in all", () => {
    const named = new Set(
      detail.rows.flatMap((r) => [r.cells.pre_gpu, r.cells.fin_gpu, r.cells.infe_gpu]).filter((g) => g !== ""),
    );
    expect(table.map((s) => s.gpu).sort()).toEqual([...named].sort());
    expect(table).toHaveLength(22);
  });

  test("gives per-GPU memory, TDP and price as the published rows state them", () => {
    expect(spec("NVIDIA TESLA A100-80GB")).toEqual({
      gpu: "NVIDIA TESLA A100-80GB",
      memoryGb: 80,
      tdpW: 300,
      price: 18000,
    });
    expect(spec("NVIDIA TESLA A100-40GB")).toEqual({
      gpu: "NVIDIA TESLA A100-40GB",
      memoryGb: 40,
      tdpW: 250,
      price: 6999,
    });
    // Only a memory is known for the GPUs the papers named by memory alone.
    expect(spec("2GB GPU")).toEqual({ gpu: "2GB GPU", memoryGb: 2, tdpW: null, price: null });
  });

  test("reports the one GPU whose published rows disagree, keeping the value most rows give", () => {
    expect(disagreements).toEqual([
      {
        gpu: "NVIDIA TESLA V100-32GB",
        quantity: "memoryGb",
        chosen: 32,
        row: 195,
        phase: "fine-tuning",
        published: 16,
      },
    ]);
  });
});

describe("derived totals (count × per-GPU TDP, memory, price)", () => {
  const { checked, mismatches } = checkDerivedTotals(detail.rows, table);

  test("equal the published totals for every phase with GPU data, except the listed rows", () => {
    expect(checked).toBe(326);
    const brief = mismatches.map(
      (m) => `${m.row} ${m.model} ${m.phase} ${m.column}: derived ${m.derived}, published ${m.published}`,
    );
    expect(brief).toEqual([
      // 2 × V100-32GB but 32 GB in total.
      "195 FFA-GPT fine-tuning fin_m: derived 64, published 32",
      // 2 × RTX 3090 but the TDP and price totals of one GPU (its 24 GB total also makes the table say 12 GB).
      "211 Dia-LLaMA fine-tuning fin_TDP: derived 700, published 350",
      "211 Dia-LLaMA fine-tuning fin_price: derived 3200, published 1600",
      // GPUs given for pretraining, memory and price totals in the fine-tuning columns.
      "293 EndoChat fine-tuning fin_m: derived null, published 160",
      "293 EndoChat fine-tuning fin_price: derived null, published 42400",
    ]);
  });

  test("a row is numbered as a model row (row 1 = file line 7)", () => {
    expect(detail.rows[194]?.label.model).toBe("FFA-GPT");
  });
});
