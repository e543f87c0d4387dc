/**
 * The committed reference taxonomy equals what the generator derives from the published catalog
 * (tests/fixtures/catalog/, bytes as published). Set UPDATE_TAXONOMY=1 to rewrite
 * taxonomy/clinical-llm-2025.json after changing the generator's tables.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCountsWide, parseDetailWide } from "../../src/catalog/wide-layout.js";
import { TaxonomyFileSchema } from "../../src/protocol/extraction.js";
import { formatTaxonomyFile, taxonomyFromCatalog } from "../../src/extraction/taxonomy-from-catalog.js";
import { ModelNames } from "../../src/extraction/model-names.js";
import { fixture, REPO_DIR } from "../helpers.js";

const read = (name: string) => readFileSync(fixture(`catalog/${name}`), "utf8");
const appear = parseCountsWide(read("appear.csv"), "appear.csv");
const detail = parseDetailWide(read("detail.csv"), "detail.csv");
const derived = taxonomyFromCatalog(appear.columns, detail.rows);
const committedPath = join(REPO_DIR, "taxonomy", "clinical-llm-2025.json");
if (process.env.UPDATE_TAXONOMY) writeFileSync(committedPath, formatTaxonomyFile(derived));
const committed = TaxonomyFileSchema.parse(JSON.parse(readFileSync(committedPath, "utf8")));

describe("the reference taxonomy file", () => {
  test("equals what the generator derives from the reference catalog", () => {
    expect(committed).toEqual(derived);
  });

  test("has the 5 stages named as in the caption of Figure 2", () => {
    expect(committed.stages).toEqual([
      { id: "1", name: "Registration and department guidance" },
      { id: "2", name: "Prediagnosis and examination" },
      { id: "3", name: "Diagnosis and treatment planning" },
      { id: "4", name: "Treatment and hospitalization" },
      { id: "5", name: "Discharge and follow-up" },
    ]);
  });

  test("has 8 tasks, 56 (stage, subtask) categories with the published labels and 67 columns in published order", () => {
    expect(committed.tasks).toHaveLength(8);
    expect(committed.subtasks).toHaveLength(56);
    expect(committed.subtasks).toContainEqual({
      stage: "2",
      task: "Text generation",
      subtask: "Imaging protocol generation ",
    });
    expect(committed.columns).toEqual(appear.columns);
    expect(committed.columns).toHaveLength(67);
  });

  test("lists the seven single modalities and the three access paths", () => {
    expect([...committed.modalities].sort()).toEqual([
      "ECG",
      "audio",
      "image (2D)",
      "image (3D)",
      "text",
      "time-series",
      "video",
    ]);
    expect(committed.accessPaths).toEqual(["API", "Restricted", "Open"]);
  });

  test("has a GPU entry for every GPU named in detail.csv", () => {
    const named = new Set(
      detail.rows.flatMap((r) => [r.cells.pre_gpu, r.cells.fin_gpu, r.cells.infe_gpu]).filter((g) => g !== ""),
    );
    expect(named.size).toBe(22);
    expect(committed.gpus.map((g) => g.model).sort()).toEqual([...named].sort());
  });

  test("assumes 40 GB for the A800 whose memory detail.csv leaves out, and dates every price April 2024 in USD", () => {
    const a800 = committed.gpus.find((g) => g.model === "NVIDIA TESLA A800-40GB");
    expect(a800).toMatchObject({ memoryGb: 40, tdpW: 240, price: null, priceDate: null });
    expect(a800?.source).toContain("assumed 40 GB");
    const a100 = committed.gpus.find((g) => g.model === "NVIDIA TESLA A100-80GB");
    expect(a100).toMatchObject({ memoryGb: 80, tdpW: 300, price: 18000, priceCurrency: "USD", priceDate: "2024-04" });
    expect(
      committed.gpus
        .filter((g) => g.price !== null)
        .every((g) => g.priceDate === "2024-04" && g.priceCurrency === "USD"),
    ).toBe(true);
  });

  test("its aliases give each spelling one model, and the canonical names are the catalog's", () => {
    const names = new ModelNames(committed.aliases);
    expect(names.of("gpt-4-0613")).toBe("GPT-4");
    expect(names.of("ChatGPT (GPT-4)")).toBe("GPT-4");
    expect(names.of("Llama 2")).toBe("LLaMA2");
    const published = new Set(detail.rows.map((r) => r.label.model));
    expect(committed.aliases.map((a) => a.model).filter((m) => !published.has(m))).toEqual([]);
  });
});
