#!/usr/bin/env node
/**
 * The `srpipe` command line: argument parsing and dispatch only (DESIGN.md). Data goes to
 * stdout or files, progress and messages to stderr; a failure prints one message, never a
 * stack trace, and exits 1 (2 for a usage error).
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SrpipeError, describeUnknownError } from "./errors.js";
import { createLogger } from "./log.js";
import { commandHelp, parseCommandArgs, programHelp, type CliIo, type Command } from "./commands/command.js";
import { catalogCommand } from "./commands/catalog.js";
import { convertCommand } from "./commands/convert.js";
import { dedupeCommand } from "./commands/dedupe.js";
import { eligibilityCommand } from "./commands/eligibility.js";
import { fetchCommand } from "./commands/fetch.js";
import { screenCommand } from "./commands/screen.js";
import { extractCommand } from "./commands/extract.js";
import { srpipeVersion } from "./version.js";
import { lockForCommand } from "./io/workspace-lock.js";
import { importCommand, reportCommand } from "./commands/stage-commands.js";
import { runCommand, statusCommand } from "./commands/run.js";
import { exportCommand } from "./commands/export.js";
import { prismaCommand } from "./commands/prisma.js";
import { selectorCommand } from "./commands/selector.js";

export const COMMANDS: readonly Command[] = [
  runCommand,
  statusCommand,
  fetchCommand,
  importCommand,
  dedupeCommand,
  eligibilityCommand,
  screenCommand,
  extractCommand,
  catalogCommand,
  convertCommand,
  exportCommand,
  reportCommand,
  prismaCommand,
  selectorCommand,
];

/** Commands that run stages on a workspace: one at a time per workspace (src/io/workspace-lock.ts). */
const STAGE_COMMANDS = new Set(["run", "fetch", "import", "dedupe", "eligibility", "screen", "extract", "report"]);

export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const target = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io[name === undefined ? "stderr" : "stdout"].write(target ? commandHelp(target) : programHelp(COMMANDS, srpipeVersion()));
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${srpipeVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`srpipe: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(", ")} (see srpipe --help)\n`);
    return 2;
  }
  try {
    const { options, positionals } = parseCommandArgs(command, rest);
    if (options.help) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const verbosity = options.quiet ? "quiet" : options.verbose ? "verbose" : "normal";
    const log = createLogger(verbosity, (line) => io.stderr.write(line));
    // --check and --criteria only read: a reviewer may use them while a long run holds the workspace.
    const unlock = STAGE_COMMANDS.has(command.name) && options.check !== true && options.criteria !== true ? await lockForCommand(resolve(io.cwd, typeof options.workspace === "string" ? options.workspace : "."), command.name, log) : null;
    try {
      return await command.run({ io, log, options, positionals });
    } finally {
      await unlock?.();
    }
  } catch (error) {
    if (error instanceof SrpipeError) {
      io.stderr.write(`srpipe ${name}: ${error.message}\n`);
      if (error.code === "usage") io.stderr.write(`see \`srpipe ${name} --help\`\n`);
      return error.code === "usage" ? 2 : 1;
    }
    // A bug: say so plainly, with the message only; SRPIPE_DEBUG=1 shows the stack.
    io.stderr.write(`srpipe ${name}: internal error: ${describeUnknownError(error)}\n`);
    if (process.env.SRPIPE_DEBUG) io.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
