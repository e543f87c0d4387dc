/**
 * `srpipe convert FILE...`: any supported file to normalised Records on stdout. The standalone
 * door into the importers, for a reviewer who wants one export as JSON Lines, CSV, RIS or BibTeX.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { recordFilesBelow } from "../io/list-files.js";
import { terminalSafe } from "../io/terminal-text.js";
import { TEXT_ENCODINGS } from "../io/text-input.js";
import { FORMAT_IDS, rejectMessage } from "../record.js";
import { readWith } from "../sources/read.js";
import { ADAPTERS, chooseAdapter } from "../sources/registry.js";
import { WRITERS, writerById } from "../writers/registry.js";
import { counted } from "../log.js";
import { writeOut } from "./output.js";
import { defineCommand } from "./command.js";

/** Folders on the command line stand for the record files inside them. */
async function expandInputs(
  paths: readonly string[],
  cwd: string,
): Promise<{ path: string; name: string; emptyFolder: boolean }[]> {
  const out: { path: string; name: string; emptyFolder: boolean }[] = [];
  for (const name of paths) {
    const path = resolve(cwd, name);
    let isDir = false;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch {
      /* a missing file becomes a reject with the reason when it is opened */
    }
    if (!isDir) {
      out.push({ path, name, emptyFolder: false });
      continue;
    }
    const files = await recordFilesBelow(path);
    if (files.length === 0) out.push({ path, name, emptyFolder: true });
    for (const file of files)
      out.push({
        path: file,
        name: `${name.replace(/\/+$/, "")}/${file
          .slice(path.length + 1)
          .split("\\")
          .join("/")}`,
        emptyFolder: false,
      });
  }
  return out;
}

export const convertCommand = defineCommand({
  name: "convert",
  summary: "read export files of any supported format and write normalised records to stdout",
  usage: "srpipe convert FILE|FOLDER... [--format FORMAT] [--to jsonl|csv|ris|bibtex] [--encoding ENC]",
  options: [
    {
      name: "format",
      type: "string",
      short: "f",
      value: "FORMAT",
      description: "the input format; auto detects it from the content, never the file name",
      choices: ["auto", ...FORMAT_IDS],
      default: "auto",
    },
    {
      name: "to",
      type: "string",
      short: "t",
      value: "FORMAT",
      description: "the output format",
      choices: WRITERS.map((w) => w.id),
      default: "jsonl",
    },
    {
      name: "encoding",
      type: "string",
      value: "ENC",
      description: "the input's text encoding; auto reads a BOM, UTF-16 or UTF-8, else Windows-1252 with a warning",
      choices: TEXT_ENCODINGS,
      default: "auto",
    },
    {
      name: "database",
      type: "string",
      value: "ID",
      description: "record this database id (pubmed, scopus…) instead of the one the content names",
    },
  ],
  details: `
Formats read:
${ADAPTERS.map((a) => `  ${a.id.padEnd(15)}${a.description}`).join("\n")}

Output formats:
${WRITERS.map((w) => `  ${w.id.padEnd(15)}${w.description}`).join("\n")}

Records go to stdout; each rejected record goes to stderr as
"file:line: field: expected …, got …". Exit code 1 when any record was rejected.`,
  async run({ io, log, options, positionals }) {
    if (positionals.length === 0) throw new UsageError("convert: expected at least one FILE");
    const writer = writerById(options.to)!;
    const { format, encoding } = options;
    const database = options.database?.toLowerCase() ?? null;
    let records = 0;
    let rejected = 0;
    const inputs = await expandInputs(positionals, io.cwd);
    const out = writeOut(io.stdout);
    await out.write(writer.header());
    for (const input of inputs) {
      if (input.emptyFolder) {
        rejected++;
        io.stderr.write(
          `${input.name}: expected a file or a folder holding export files, got a folder with no readable file\n`,
        );
        continue;
      }
      let fileRecords = 0;
      let fileRejected = 0;
      let detected: string | null = null;
      const items = readWith(
        input.path,
        (text) => {
          const adapter = chooseAdapter(text, format);
          detected = adapter.id;
          return adapter;
        },
        {
          displayName: input.name,
          encoding,
          database,
          forceDatabase: database !== null,
          warn: (message) => log.warn(terminalSafe(message)),
        },
      );
      for await (const item of items) {
        if (item.kind === "record") {
          fileRecords++;
          if (!(await out.write(writer.write(item.record)))) break;
        } else {
          fileRejected++;
          io.stderr.write(`${terminalSafe(rejectMessage(item.reject))}\n`);
        }
      }
      records += fileRecords;
      rejected += fileRejected;
      log.detail(
        `converted ${input.name}: ${fileRecords} records, ${fileRejected} rejected${detected ? ` (${detected})` : ""}`,
      );
      if (out.closed) break;
    }
    await out.write(writer.footer());
    await out.end();
    log.info(
      `converted ${counted(inputs.length, "file")}: ${counted(records, "record")}, ${rejected.toLocaleString("en")} rejected`,
    );
    return rejected > 0 ? 1 : 0;
  },
});
