/**
 * PRISMA identification per search string: a query file with `strings` counts each string's
 * records (the line `<query>/<string>` of searches.csv) under its query, the strings add up to
 * the query and the queries to the database, and records no query or string claims are an
 * entry saying so and from which files, never an empty id.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";
import { arithmeticViolations } from "../../src/prisma/arithmetic.js";
import { countPrisma } from "../../src/prisma/count.js";
import { readProcessed } from "../../src/prisma/read-processed.js";
import { runCli } from "../cli-io.js";
import { workspaceAt } from "../../src/workspace.js";
import { fixture } from "../helpers.js";
import { stageContextAt } from "../stage-context.js";

/** 3 records (synthesisr's Scopus RIS example). */
const SCOPUS_RIS = "scopus_ris/synthesisr_Scopus_ris_example.ris";
/** 1 record (JabRef's ScienceDirect RIS test file). */
const ONE_RECORD_RIS = "sciencedirect_ris/jabref_RisImporterTestScience.ris";

interface ListRef {
  file: string;
  where?: { [column: string]: string };
}
interface StringEntry {
  id: string | null;
  label?: string | null;
  search?: string | null;
  unattributed?: string;
  n: number;
  list: ListRef;
}
interface QueryEntry {
  id: string | null;
  unattributed?: string;
  n: number;
  list: ListRef;
  strings?: StringEntry[];
}
interface DatabaseEntry {
  id: string;
  n: number;
  queries: QueryEntry[];
}

async function put(ws: string, relative: string, source: string | { text: string }): Promise<void> {
  const target = join(ws, relative);
  await mkdir(join(target, ".."), { recursive: true });
  if (typeof source === "string") await cp(fixture(source), target);
  else await writeFile(target, source.text);
}

const csvRows = async (ws: string, relative: string) =>
  parse(await readFile(join(ws, relative), "utf8"), { columns: true, bom: true }) as { [column: string]: string }[];

/**
 * A Scopus model-name query with three strings: GPT (3 records), LLaMA (1), Claude (not run
 * yet); one export left in the query's folder outside every string's, and one in
 * raw/exports/scopus/ that no query claims. Plus a PubMed query of one string.
 */
async function stringsWorkspace(): Promise<string> {
  const ws = join(await mkdtemp(join(tmpdir(), "srpipe-prisma-strings-")), "review");
  await put(ws, "review.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      title: "Model-name searches",
      databases: [
        { id: "scopus", name: "Scopus" },
        { id: "sciencedirect", name: "ScienceDirect" },
      ],
    }),
  });
  await put(ws, "queries/scopus-models.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      id: "scopus-models",
      database: "scopus",
      mode: "manual-export",
      strings: [
        { id: "gpt", label: "GPT", query: 'TITLE-ABS-KEY("GPT*" AND clinical)' },
        { id: "llama", label: "LLaMA", query: 'TITLE-ABS-KEY("LLaMA*" AND clinical)' },
        { id: "claude", query: 'TITLE-ABS-KEY("Claude" AND clinical)' },
      ],
      exportPath: "raw/exports/scopus/scopus-models/",
    }),
  });
  await put(ws, "queries/sciencedirect-generic.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      id: "sciencedirect-generic",
      database: "sciencedirect",
      mode: "manual-export",
      query: "large language models AND clinical",
      exportPath: "raw/exports/sciencedirect/sciencedirect-generic/",
    }),
  });
  await put(ws, "raw/exports/scopus/scopus-models/gpt/scopus.ris", SCOPUS_RIS);
  await put(ws, "raw/exports/scopus/scopus-models/llama/part1.ris", ONE_RECORD_RIS);
  await put(ws, "raw/exports/scopus/scopus-models/loose.ris", ONE_RECORD_RIS);
  await put(ws, "raw/exports/scopus/hand-searched.ris", ONE_RECORD_RIS);
  await put(ws, "raw/exports/sciencedirect/sciencedirect-generic/export.ris", ONE_RECORD_RIS);
  return ws;
}

describe("PRISMA identification of a review whose query file holds several search strings", () => {
  let ws: string;
  let databases: DatabaseEntry[];
  let identified: { [column: string]: string }[];

  beforeAll(async () => {
    ws = await stringsWorkspace();
    const result = await runCli(["run", "--workspace", ws]);
    expect(result.code, result.stderr).toBe(0);
    const prisma = JSON.parse(await readFile(join(ws, "processed/prisma/prisma.json"), "utf8"));
    databases = prisma.identification.databases;
    identified = await csvRows(ws, "processed/prisma/lists/identified.csv");
  });

  const scopusQuery = (id: string | null) =>
    databases.find((d) => d.id === "scopus")!.queries.find((q) => q.id === id)!;

  test("each string of the query file counts the records of its own folder, in the file's order", () => {
    const strings = scopusQuery("scopus-models").strings!;
    expect(strings.map((s) => [s.id, s.label, s.search, s.n])).toEqual([
      ["gpt", "GPT", "scopus-models/gpt", 3],
      ["llama", "LLaMA", "scopus-models/llama", 1],
      ["claude", null, "scopus-models/claude", 0],
      [null, undefined, undefined, 1],
    ]);
  });

  test("the strings add up to their query, and the queries to their database", () => {
    for (const database of databases) {
      expect(database.queries.reduce((sum, q) => sum + q.n, 0)).toBe(database.n);
      for (const query of database.queries) {
        if (query.strings) expect(query.strings.reduce((sum, s) => sum + s.n, 0)).toBe(query.n);
      }
    }
    expect(scopusQuery("scopus-models").n).toBe(5);
  });

  test("every identification count is the number of identified.csv rows its list selects", () => {
    const selected = (list: ListRef) =>
      identified.filter((row) => Object.entries(list.where ?? {}).every(([column, value]) => row[column] === value))
        .length;
    const entries = databases.flatMap((d) => [d, ...d.queries, ...d.queries.flatMap((q) => q.strings ?? [])]);
    expect(entries.length).toBeGreaterThan(6);
    for (const entry of entries) expect(selected((entry as { list: ListRef }).list)).toBe(entry.n);
  });

  test("records in the query's folder but in no string's are one entry with id null naming the file", () => {
    const loose = scopusQuery("scopus-models").strings!.find((s) => s.id === null)!;
    expect(loose.unattributed).toContain("raw/exports/scopus/scopus-models/loose.ris");
    expect(loose.list.where).toEqual({ database: "scopus", query_id: "scopus-models", string_id: "" });
  });

  test("records no query claims are an entry with id null and the reason, after the queries, not an empty id", () => {
    const scopus = databases.find((d) => d.id === "scopus")!;
    expect(scopus.queries.map((q) => [q.id, q.n])).toEqual([
      ["scopus-models", 5],
      [null, 1],
    ]);
    expect(scopusQuery(null).unattributed).toMatch(
      /^read from files in no query's export folder or search snapshot \(raw\/exports\/scopus\/hand-searched\.ris\)/,
    );
    expect(scopusQuery(null).strings).toBeUndefined();
  });

  test("a query of one string has no per-string breakdown", () => {
    const sciencedirect = databases.find((d) => d.id === "sciencedirect")!;
    expect(sciencedirect.queries).toEqual([expect.not.objectContaining({ strings: expect.anything() })]);
    expect(sciencedirect.queries[0]!.n).toBe(1);
  });

  test("each string's count is the records_imported of its line in searches.csv", async () => {
    const searches = new Map((await csvRows(ws, "processed/prisma/searches.csv")).map((r) => [r.query_id, r]));
    for (const entry of scopusQuery("scopus-models").strings!.filter((s) => s.n > 0 && s.search)) {
      expect(searches.get(entry.search!)?.records_imported).toBe(String(entry.n));
    }
  });

  test("identified.csv names each record's string and file", () => {
    expect(
      identified
        .filter((r) => r.query_id === "scopus-models")
        .map((r) => [r.string_id, r.file])
        .sort(),
    ).toEqual([
      ["", "raw/exports/scopus/scopus-models/loose.ris"],
      ["gpt", "raw/exports/scopus/scopus-models/gpt/scopus.ris"],
      ["gpt", "raw/exports/scopus/scopus-models/gpt/scopus.ris"],
      ["gpt", "raw/exports/scopus/scopus-models/gpt/scopus.ris"],
      ["llama", "raw/exports/scopus/scopus-models/llama/part1.ris"],
    ]);
  });

  test("strings that do not add up to their query are an arithmetic violation naming the query", async () => {
    const context = await stageContextAt(ws);
    const { inputs } = await readProcessed(workspaceAt(ws), context.review);
    const { counts } = countPrisma({ ...inputs, queries: context.queries });
    expect(arithmeticViolations(counts)).toEqual([]);
    const query = counts.identified.databases
      .find((d) => d.id === "scopus")!
      .queries.find((q) => q.id === "scopus-models")!;
    query.strings![0]!.n += 1;
    expect(arithmeticViolations(counts)).toEqual([
      "records identified by the strings of query scopus-models: 4 gpt + 1 llama + 0 claude + 1 (no string) = 6, but the query's total is 5",
    ]);
  });

  test("an import-files.csv from before strings were kept counts the query's records on no string, without failing", async () => {
    const older = join(await mkdtemp(join(tmpdir(), "srpipe-prisma-older-")), "review");
    await cp(ws, older, { recursive: true });
    const files = await csvRows(older, "processed/import-files.csv");
    const header = "file,format,database,query_id,records,rejected";
    const body = files.map((f) => [f.file, f.format, f.database, f.query_id, f.records, f.rejected].join(","));
    await writeFile(join(older, "processed/import-files.csv"), `${[header, ...body].join("\n")}\n`);
    const context = await stageContextAt(older);
    const { inputs } = await readProcessed(workspaceAt(older), context.review);
    const { counts } = countPrisma({ ...inputs, queries: context.queries });
    const query = counts.identified.databases
      .find((d) => d.id === "scopus")!
      .queries.find((q) => q.id === "scopus-models")!;
    expect(query.strings!.map((s) => [s.id, s.n])).toEqual([
      ["gpt", 0],
      ["llama", 0],
      ["claude", 0],
      [null, 5],
    ]);
    expect(arithmeticViolations(counts)).toEqual([]);
  });
});
