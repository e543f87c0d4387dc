/**
 * Building screening inputs for tests: records through the real finaliser, clusters of them
 * as dedupe would write them, kept.csv through uniqueTable (the contract eligibility writes),
 * and a temporary workspace with review.json.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finaliseRecord, type Record, type RecordDraft } from "../../src/record.js";
import type { ScreeningConfig } from "../../src/protocol/screening.js";
import { screeningRecord, type ScreeningRecord } from "../../src/screening/screening-record.js";
import { uniqueTable, type UniqueRecord } from "../../src/unique-csv.js";
import { createLogger } from "../../src/log.js";
import { runScreen } from "../../src/stages/screen.js";
import { runCli, type CliResult } from "../cli-io.js";
import { parseFixture } from "../helpers.js";
import { adapterById } from "../../src/sources/registry.js";
import { stageContextAt } from "../stage-context.js";

let position = 0;

/** A record as an importer would make it; `database` defaults to pubmed. */
export function makeRecord(draft: RecordDraft & { database?: string }): Record {
  const item = finaliseRecord(draft, {
    file: "raw/exports/test.ris",
    position: ++position,
    line: null,
    format: "ris",
    queryId: null,
    database: draft.database ?? "pubmed",
  });
  if (item.kind !== "record") throw new Error(`test record rejected: ${JSON.stringify(item.reject)}`);
  return item.record;
}

/** One cluster: the first record is the merged one, every record a member. */
export function cluster(clusterId: string, members: Record[]): UniqueRecord {
  const sorted = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  return {
    clusterId,
    studyId: clusterId,
    record: members[0]!,
    memberKeys: sorted(members.map((m) => m.key)),
    databases: sorted(members.map((m) => m.database)),
    queryIds: sorted(members.map((m) => m.provenance.queryId)),
  };
}

export function keptCsv(rows: readonly { unique: UniqueRecord; branch: string }[]): string {
  return uniqueTable(
    rows.map((r) => ({ unique: r.unique, extra: [r.branch, "kept"] })),
    ["branch", "eligibility_reason"],
  );
}

export function screening(unique: UniqueRecord, branch = "journals"): ScreeningRecord {
  return screeningRecord(unique, branch);
}

/** The reference review's screening section (/tmp proposal), with a second phase when asked. */
export function referenceConfig(overrides: Partial<ScreeningConfig> = {}): ScreeningConfig {
  return {
    reviewers: [
      { id: "hl", name: "HL" },
      { id: "ap", name: "AP" },
    ],
    decisions: ["include", "exclude", "maybe"],
    reasons: [
      { code: "not-llm", label: "Not focused on large language models", description: "" },
      { code: "not-research", label: "Not research (review, commentary, editorial)", description: "" },
      { code: "no-clinical", label: "No clinical application", description: "" },
      { code: "not-multimodal", label: "Not an innovative multimodal LLM approach", description: "" },
    ],
    phases: [
      {
        id: "title-abstract",
        title: "Title and abstract",
        criteria: {
          journals: {
            include: "LLM research with a clinical application",
            reasons: ["not-llm", "not-research", "no-clinical"],
          },
          arxiv: {
            include: "an innovative multimodal LLM approach with a clinical application",
            reasons: ["not-llm", "no-clinical", "not-multimodal"],
          },
        },
        order: "stable",
        seed: 1,
      },
    ],
    ...overrides,
  };
}

export interface TestWorkspace {
  root: string;
  path(relative: string): string;
  read(relative: string): Promise<string>;
  write(relative: string, text: string | Buffer): Promise<void>;
  setKept(rows: readonly { unique: UniqueRecord; branch: string }[]): Promise<void>;
  /** Run the stage at a fixed time; returns what it logged. */
  screen(now?: string, check?: boolean): Promise<{ log: string; summary: string; problems: number; pending: number }>;
}

/** A workspace whose review.json has this screening section (none when null). */
export async function testWorkspace(config: unknown = referenceConfig()): Promise<TestWorkspace> {
  const root = await mkdtemp(join(tmpdir(), "srpipe-screen-"));
  const path = (relative: string) => join(root, relative);
  const write = async (relative: string, text: string | Buffer) => {
    await mkdir(join(path(relative), ".."), { recursive: true });
    await writeFile(path(relative), text);
  };
  await write(
    "review.json",
    JSON.stringify({
      schemaVersion: 1,
      title: "test review",
      databases: [{ id: "pubmed", name: "PubMed" }],
      ...(config === null ? {} : { screening: config }),
    }),
  );
  return {
    root,
    path,
    read: (relative) => readFile(path(relative), "utf8"),
    write,
    setKept: (rows) => write("processed/eligibility/kept.csv", keptCsv(rows)),
    async screen(now = "2025-04-01T12:00:00Z", check = false) {
      let log = "";
      const logger = createLogger("normal", (line) => (log += line));
      const result = await runScreen(await stageContextAt(root, logger), { now: new Date(now), check });
      return { log, ...result, pending: result.pending ?? 0 };
    },
  };
}

/** Real records from the test fixtures: PubMed articles (journals) and arXiv preprints (arxiv). */
export async function fixtureClusters(): Promise<{ unique: UniqueRecord; branch: string }[]> {
  const out: { unique: UniqueRecord; branch: string }[] = [];
  const sources: [string, "pubmed-xml" | "arxiv-atom", string][] = [
    ["pubmed_xml/klortho_efetch_pubmed.xml", "pubmed-xml", "journals"],
    ["pubmed_xml/metapub_structured_29226023.xml", "pubmed-xml", "journals"],
    ["pubmed_xml/biopython_pubmed4.xml", "pubmed-xml", "journals"],
    ["arxiv_atom/arxiv_2016_au_del_maestro.xml", "arxiv-atom", "arxiv"],
  ];
  for (const [file, format, branch] of sources) {
    const { records } = await parseFixture(adapterById(format), file);
    for (const record of records)
      out.push({ unique: cluster(`c-${record.key.replace(/[^a-z0-9]+/gi, "-")}`, [record]), branch });
  }
  return out;
}

/** `srpipe screen …` through the real entry point (main()), in-process with captured streams. */
export function runScreenCli(argv: string[], cwd: string): Promise<CliResult> {
  return runCli(["screen", ...argv], cwd);
}
