/** Hand-made records for the pure dedupe tests, and a way to run `srpipe dedupe` in-process. */
import { RecordSchema, type Record } from "../../src/record.js";
import { matchRecord, type MatchRecord } from "../../src/dedupe/features.js";
import { runCli, type CliResult } from "../cli-io.js";

let counter = 0;

/** A valid Record: every field empty unless given. */
export function record(fields: Partial<Record> & { title?: string | null } = {}): Record {
  counter++;
  return RecordSchema.parse({
    key: `test:${String(counter).padStart(5, "0")}`,
    database: "test",
    sourceId: null,
    doi: null,
    pmid: null,
    pmcid: null,
    arxivId: null,
    eid: null,
    title: null,
    abstract: null,
    authors: [],
    year: null,
    date: null,
    journal: null,
    journalAbbrev: null,
    issn: null,
    eissn: null,
    volume: null,
    issue: null,
    pages: null,
    publicationTypes: [],
    language: null,
    keywords: [],
    raw: {},
    flags: [],
    provenance: { file: "test.csv", position: counter, line: null, format: "csv", queryId: null },
    ...fields,
  });
}

export function authors(...names: string[]): Record["authors"] {
  return names.map((name) => {
    const [family, given] = name.split(", ");
    return { family: family ?? null, given: given ?? null };
  });
}

export function matchAll(records: readonly Record[]): MatchRecord[] {
  return records.map((r, i) => matchRecord(r, i));
}

/** `srpipe dedupe …` through the real entry point (main()), in-process with captured streams. */
export function runDedupeCli(argv: readonly string[], cwd: string): Promise<CliResult> {
  return runCli(["dedupe", ...argv], cwd);
}
