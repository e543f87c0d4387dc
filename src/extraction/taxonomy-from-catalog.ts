/**
 * The reference taxonomy (taxonomy/clinical-llm-2025.json), derived from the published catalog of
 * Li, Fu & Python (JMIR 2025): the category columns of appear.csv give the stages, tasks, subtasks
 * and modalities (src/catalog/taxonomy.ts), detail.csv gives the access paths and the GPUs
 * (src/catalog/gpu-table.ts). What the CSVs do not hold — stage names, where and when the GPU
 * figures come from, model aliases — is written here as named tables. Pure: values in, value out;
 * a test checks the committed JSON equals what this derives.
 */
import type { GpuSpec } from "../catalog/gpu-table.js";
import { deriveGpuTable } from "../catalog/gpu-table.js";
import { taxonomyOf } from "../catalog/taxonomy.js";
import type { CategoryColumn, DetailRow } from "../catalog/wide-layout.js";
import type { TaxonomyFile, TaxonomyGpu } from "../protocol/extraction.js";

/** The five stages of the clinical workflow, as the caption of the paper's Figure 2 names them. */
export const STAGE_NAMES: { readonly [id: string]: string } = {
  "1": "Registration and department guidance",
  "2": "Prediagnosis and examination",
  "3": "Diagnosis and treatment planning",
  "4": "Treatment and hospitalization",
  "5": "Discharge and follow-up",
};

/** Access paths in the order the glossary gives them; detail.csv uses exactly these values. */
export const ACCESS_PATHS = ["API", "Restricted", "Open"] as const;

/**
 * Figure 7's caption: "GPU specifications are from NVIDIA documentation; the missing memory for
 * A100 or A800 is assumed as 40 GB. [...] Prices are from eBay (April 2024) and for reference only."
 */
export const GPU_PRICES = {
  currency: "USD",
  date: "2024-04",
  source: "eBay, April 2024 (paper, Figure 7 caption)",
} as const;
export const GPU_VALUES_SOURCE = "values as detail.csv gives them";
export const GPU_SPEC_SOURCE = "specifications from NVIDIA documentation (paper, Figure 7 caption)";
export const ASSUMED_MEMORY_GB = {
  pattern: /\bA(100|800)\b/,
  memoryGb: 40,
  source: "memory missing in detail.csv: assumed 40 GB for an A100 or A800 (paper, Figure 7 caption)",
} as const;

/**
 * Model names that mean one model, canonical name first as the reference catalog spells it.
 * Spellings that differ only in case, spaces, hyphens or underscores already match (`LLaMA2`,
 * `Llama 2`, `llama-2`); this table is for the rest: API snapshot names and "ChatGPT (…)"
 * wordings. A short, honest start — each review adds what its studies write.
 */
export const MODEL_ALIASES: readonly { model: string; aliases: readonly string[] }[] = [
  {
    model: "GPT-4",
    aliases: [
      "gpt-4-0613",
      "gpt-4-0314",
      "gpt-4-32k",
      "ChatGPT (GPT-4)",
      "ChatGPT-4",
      "ChatGPT Plus (GPT-4)",
      "OpenAI GPT-4",
    ],
  },
  // The free ChatGPT ran GPT-3.5 until May 2024, the end of most of the reviewed studies.
  {
    model: "GPT-3.5",
    aliases: [
      "gpt-3.5-turbo",
      "gpt-3.5-turbo-0301",
      "gpt-3.5-turbo-0613",
      "gpt-3.5-turbo-1106",
      "ChatGPT (GPT-3.5)",
      "ChatGPT-3.5",
      "ChatGPT",
    ],
  },
  { model: "GPT-4V", aliases: ["GPT-4 Vision", "GPT-4 with vision", "GPT-4V(ision)", "gpt-4-vision-preview"] },
  { model: "GPT 4o", aliases: ["gpt-4o-2024-05-13", "gpt-4o-2024-08-06", "ChatGPT-4o"] },
  { model: "GPT-4o-mini", aliases: ["gpt-4o-mini-2024-07-18"] },
  { model: "GPT-4o1", aliases: ["o1", "o1-preview", "OpenAI o1"] },
  { model: "GPT3", aliases: ["davinci"] },
  { model: "LLaMA2", aliases: ["Meta Llama 2"] },
  { model: "LLaMA2-Chat", aliases: ["Llama-2-chat-hf", "Llama 2 Chat"] },
  { model: "LLaMA3", aliases: ["Meta-Llama-3", "Meta Llama 3"] },
  { model: "LLaMA3.1", aliases: ["Meta-Llama-3.1", "Meta Llama 3.1"] },
  { model: "Google Bard", aliases: ["Bard"] },
  { model: "Anthropic Claude2", aliases: ["Claude 2", "Claude 2.0", "claude-2.0"] },
  { model: "Claude 3 Opus", aliases: ["claude-3-opus-20240229"] },
  { model: "Claude 3 Sonnet", aliases: ["claude-3-sonnet-20240229"] },
  { model: "Claude 3 Haiku", aliases: ["claude-3-haiku-20240307"] },
  { model: "Claude 3.5 Sonnet", aliases: ["claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"] },
  { model: "Bing Chat", aliases: ["Microsoft Bing Chat", "Bing AI"] },
  { model: "Copilot", aliases: ["Microsoft Copilot"] },
  { model: "PaLM2(bison@001)", aliases: ["text-bison@001", "chat-bison@001"] },
];

export const TAXONOMY_SOURCE = {
  paper:
    "Li H, Fu JF, Python A. Implementing Large Language Models in Health Care: Clinician-Focused Review With Interactive Guideline. JMIR 2025 (CC BY)",
  catalog:
    "williamlhy/Clinical-LLM-select data/appear.csv and data/detail.csv, commit 902963e6382869137c033d775ff8aaee430738b8",
  generator:
    "src/extraction/taxonomy-from-catalog.ts (stage names from Figure 2's caption; GPU sources from Figure 7's caption)",
} as const;

function gpuEntry(spec: GpuSpec): TaxonomyGpu {
  const assumeMemory = spec.memoryGb === null && ASSUMED_MEMORY_GB.pattern.test(spec.gpu);
  // The generic entries ("24GB GPU", a TPU cluster) carry what a study said, not NVIDIA's figures.
  const sources = spec.tdpW === null ? [GPU_VALUES_SOURCE] : [GPU_VALUES_SOURCE, GPU_SPEC_SOURCE];
  if (assumeMemory) sources.push(ASSUMED_MEMORY_GB.source);
  if (spec.price !== null) sources.push(`price: ${GPU_PRICES.source}`);
  return {
    model: spec.gpu,
    memoryGb: assumeMemory ? ASSUMED_MEMORY_GB.memoryGb : spec.memoryGb,
    tdpW: spec.tdpW,
    price: spec.price,
    priceCurrency: spec.price === null ? null : GPU_PRICES.currency,
    priceDate: spec.price === null ? null : GPU_PRICES.date,
    source: sources.join("; "),
  };
}

/** The taxonomy file a published catalog implies: `columns` from appear.csv (or best.csv), `detail` from detail.csv. */
export function taxonomyFromCatalog(columns: readonly CategoryColumn[], detail: readonly DetailRow[]): TaxonomyFile {
  const derived = taxonomyOf([...columns]);
  const subtasks = derived.categories.map(({ stage, subtask }) => {
    const task = columns.find((c) => c.stage === stage && c.subtask === subtask)!.task;
    return { stage, task, subtask };
  });
  const published = new Set(detail.map((row) => row.cells.access));
  const accessPaths = [
    ...ACCESS_PATHS,
    ...[...published].filter((a) => a !== "" && !(ACCESS_PATHS as readonly string[]).includes(a)).sort(),
  ];
  return {
    // taxonomy/<name>.json sits one folder below the workspace's schemas/.
    $schema: "../schemas/taxonomy.schema.json",
    schemaVersion: 1,
    source: { ...TAXONOMY_SOURCE },
    stages: derived.stages.map((id) => ({ id, name: STAGE_NAMES[id] ?? `Stage ${id}` })),
    tasks: derived.tasks,
    subtasks,
    columns: columns.map((c) => ({ ...c })),
    modalities: derived.modalities,
    accessPaths,
    gpus: deriveGpuTable(detail).table.map(gpuEntry),
    aliases: MODEL_ALIASES.map((a) => ({ model: a.model, aliases: [...a.aliases] })),
  };
}

/** The file's text: two-space JSON and a final line break, so the committed file diffs cleanly. */
export function formatTaxonomyFile(taxonomy: TaxonomyFile): string {
  return `${JSON.stringify(taxonomy, null, 2)}\n`;
}
