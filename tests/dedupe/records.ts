/** Hand-made records for the pure dedupe tests, and a way to run `srpipe dedupe` in-process. */
import { PassThrough } from "node:stream";
import { commandHelp, commandWorkspace, parseCommandArgs } from "../../src/commands/command.js";
import { dedupeCommand } from "../../src/commands/dedupe.js";
import { SrpipeError } from "../../src/errors.js";
import { createLogger } from "../../src/log.js";
import { RecordSchema, type Record } from "../../src/record.js";
import { matchRecord, type MatchRecord } from "../../src/dedupe/features.js";

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

export interface DedupeCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `srpipe dedupe …` in-process, with main()'s handling of errors and exit codes. */
export async function runDedupeCli(argv: string[], cwd: string): Promise<DedupeCliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  stderr.on("data", (b: Buffer) => err.push(b));
  let code: number;
  try {
    const { options, positionals } = parseCommandArgs(dedupeCommand, argv);
    if (options.help) {
      stdout.write(commandHelp(dedupeCommand));
      code = 0;
    } else {
      const log = createLogger(options.quiet ? "quiet" : options.verbose ? "verbose" : "normal", (line) => stderr.write(line));
      code = await dedupeCommand.run({ io: { stdout, stderr, cwd }, log, workspace: commandWorkspace(cwd, options), options, positionals });
    }
  } catch (error) {
    if (!(error instanceof SrpipeError)) throw error;
    stderr.write(`srpipe dedupe: ${error.message}\n`);
    code = error.code === "usage" ? 2 : 1;
  }
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
