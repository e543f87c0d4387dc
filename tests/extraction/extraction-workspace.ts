/**
 * Extraction test inputs: the committed reference taxonomy, a decisions.csv as the screen stage
 * writes it (DECISIONS_CSV_HEADER through csvDocument), sheets built from named cells, and a
 * temporary workspace holding them.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { csvDocument } from "../../src/io/csv-write.js";
import { TaxonomyFileSchema, type TaxonomyFile } from "../../src/protocol/extraction.js";
import { DECISIONS_CSV_HEADER } from "../../src/screening/processed-tables.js";
import {
  MODEL_COLUMNS,
  STUDY_COLUMNS,
  sheetHeader,
  type ExtractionSheetColumns,
} from "../../src/extraction/sheet-columns.js";
import { includedStudies } from "../../src/extraction/included-studies.js";
import { afterAll, beforeAll } from "vitest";
import { REPO_DIR } from "../helpers.js";

export const TAXONOMY_FILE = join(REPO_DIR, "taxonomy", "clinical-llm-2025.json");
export const taxonomy: TaxonomyFile = TaxonomyFileSchema.parse(JSON.parse(readFileSync(TAXONOMY_FILE, "utf8")));

export interface Decision {
  study: string;
  decision: "include" | "exclude" | "pending";
  status?: string;
  phase?: string;
  doi?: string;
  title?: string;
}

/** Four studies: s1 and s2 included (agreed, resolved), s3 excluded, s4 pending. */
export const DECISIONS: readonly Decision[] = [
  { study: "s1", decision: "include", doi: "10.1000/one", title: "LLMs write radiology reports" },
  { study: "s2", decision: "include", status: "resolved", doi: "10.1000/two", title: "GPT-4 answers, with a comma" },
  { study: "s3", decision: "exclude" },
  { study: "s4", decision: "pending", status: "maybe" },
];

export function decisionsCsv(decisions: readonly Decision[] = DECISIONS): string {
  return csvDocument(
    DECISIONS_CSV_HEADER,
    decisions.map((d) => [
      d.phase ?? "title-abstract",
      `c-${d.study}`,
      d.study,
      "journals",
      d.decision,
      d.decision === "exclude" ? "not-llm" : "",
      d.status ?? "agreed",
      "",
      d.doi ?? "",
      d.title ?? `Study ${d.study}`,
    ]),
  );
}

export const studySet = (decisions: readonly Decision[] = DECISIONS) =>
  includedStudies(decisionsCsv(decisions), "title-abstract").studies;

/** A sheet with the given rows, each given by column name (missing cells empty), `\n` line ends, no BOM. */
export function sheet(columns: ExtractionSheetColumns, rows: readonly { [column: string]: string }[]): string {
  const header = sheetHeader(columns);
  return csvDocument(
    header,
    rows.map((row) => header.map((name) => row[name] ?? "")),
  );
}

export const studiesSheet = (rows: readonly { [column: string]: string }[]) => sheet(STUDY_COLUMNS, rows);
export const modelsSheet = (rows: readonly { [column: string]: string }[]) => sheet(MODEL_COLUMNS, rows);

/** A filled, valid study row: stage 2 report generation from text, by GPT-4 and Llama 2 7B; DOI and title those of its study in DECISIONS. */
export function studyRow(cells: { [column: string]: string } = {}): { [column: string]: string } {
  const id = cells.study_id ?? "s1";
  const study = DECISIONS.find((d) => d.study === id);
  return {
    study_id: id,
    doi: study?.doi ?? "",
    title: study?.title ?? `Study ${id}`,
    stage: "2",
    task: "Text generation",
    subtask: "Report generation",
    mandatory_input: "text",
    optional_input: "",
    output: "text",
    models_used: "GPT-4; Llama 2 [7B]",
    best_models: "GPT-4",
    negative_result: "no",
    ...cells,
  };
}

/** Model rows for GPT-4 (API) and LLaMA2 7B (open, fine-tuned on 8 A100s). */
export function modelRows(): { [column: string]: string }[] {
  return [
    { model: "GPT-4", access: "API" },
    {
      model: "LLaMA2",
      size: "7B",
      access: "Open",
      fine_tuning_gpu_count: "8",
      fine_tuning_gpu: "NVIDIA TESLA A100-80GB",
    },
  ];
}

export const REVIEW = {
  schemaVersion: 1,
  title: "Extraction test review",
  databases: [{ id: "pubmed", name: "PubMed" }],
  screening: {
    reviewers: [
      { id: "a", name: "A" },
      { id: "b", name: "B" },
    ],
    reasons: [{ code: "not-llm", label: "Not focused on LLMs" }],
    phases: [{ id: "title-abstract", title: "Title and abstract" }],
  },
  extraction: { taxonomy: "taxonomy/clinical-llm-2025.json" },
};

/** A workspace with review.json, the taxonomy, decisions.csv and, when given, the sheets. */
export async function extractionWorkspace(
  files: { [relative: string]: string } = {},
  review: object = REVIEW,
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "srpipe-extract-"));
  const all: { [relative: string]: string } = {
    "review.json": `${JSON.stringify(review, null, 2)}\n`,
    "taxonomy/clinical-llm-2025.json": readFileSync(TAXONOMY_FILE, "utf8"),
    "processed/screening/decisions.csv": decisionsCsv(),
    ...files,
  };
  for (const [relative, text] of Object.entries(all)) {
    await mkdir(dirname(join(root, relative)), { recursive: true });
    await writeFile(join(root, relative), text);
  }
  return root;
}

export async function readText(root: string, relative: string): Promise<string> {
  return readFile(join(root, relative), "utf8");
}

/** Stamps new sheet rows and events with 2025-05-01 for the file's tests (SOURCE_DATE_EPOCH), restoring it after. */
export function pinStampDate(): void {
  const saved = process.env.SOURCE_DATE_EPOCH;
  beforeAll(() => {
    process.env.SOURCE_DATE_EPOCH = "1746057600"; // 2025-05-01T00:00:00Z
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });
}

/** review.json with two extractors, ann and bob (double extraction). */
export const DOUBLE = { ...REVIEW, extraction: { ...REVIEW.extraction, extractors: ["ann", "bob"] } };

/** A double-extraction workspace: each extractor's sheets given by rows (the same model rows unless given). */
export async function doubleWorkspace(
  ann: readonly { [column: string]: string }[],
  bob: readonly { [column: string]: string }[],
  extra: { [relative: string]: string } = {},
): Promise<string> {
  return extractionWorkspace(
    {
      "raw/extraction/studies-ann.csv": studiesSheet(ann),
      "raw/extraction/models-ann.csv": modelsSheet(modelRows()),
      "raw/extraction/studies-bob.csv": studiesSheet(bob),
      "raw/extraction/models-bob.csv": modelsSheet(modelRows()),
      ...extra,
    },
    DOUBLE,
  );
}
