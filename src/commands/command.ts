/**
 * A command is data: its options are one table from which both `parseArgs` and the
 * `--help` text are derived, so the help can never drift from what is accepted.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { closestLabel } from "../extraction/closest-label.js";
import type { Logger } from "../log.js";

export interface OptionSpec {
  name: string;
  type: "string" | "boolean";
  short?: string;
  /** Shown in help as `--name VALUE`. */
  value?: string;
  description: string;
  /** Allowed values, checked before the command runs. */
  choices?: readonly string[];
  default?: string;
  /** May be given more than once; the values arrive as an array, in command-line order. */
  multiple?: boolean;
}

/** Where a command reads and writes: the process's streams, or a test's. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export interface CommandContext {
  io: CliIo;
  log: Logger;
  options: { [name: string]: string | boolean | string[] | undefined };
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Paragraphs after the option list. */
  details?: string;
  options: readonly OptionSpec[];
  /**
   * Help that depends on the workspace (`root`, from --workspace or the current folder), printed
   * after the generic help: e.g. the review's own screening reasons. Must not fail: a workspace
   * that cannot be read is described, not thrown.
   */
  extraHelp?(root: string): Promise<string>;
  /** Returns the exit code: 0 ok, 1 failure (rejects, problems), 2 usage. */
  run(context: CommandContext): Promise<number>;
}

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "workspace", type: "string", short: "C", value: "DIR", description: "the review workspace (default: the current folder)" },
  { name: "quiet", type: "boolean", short: "q", description: "print warnings and errors only" },
  { name: "verbose", type: "boolean", short: "v", description: "print more detail" },
  { name: "help", type: "boolean", short: "h", description: "show this help" },
];

export function parseCommandArgs(command: Command, argv: readonly string[]) {
  const specs = [...command.options, ...GLOBAL_OPTIONS];
  const config: { [name: string]: { type: "string" | "boolean"; short?: string; multiple?: boolean } } = {};
  for (const spec of specs) {
    config[spec.name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  rejectUnknownOptions(command, specs, argv);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}`);
  }
  const options: { [name: string]: string | boolean | string[] | undefined } = { ...parsed.values } as { [name: string]: string | boolean | string[] | undefined };
  for (const spec of specs) {
    if (options[spec.name] === undefined && spec.default !== undefined) options[spec.name] = spec.default;
    const value = options[spec.name];
    if (spec.choices && typeof value === "string" && !spec.choices.includes(value)) {
      throw new UsageError(`${command.name}: --${spec.name} expects one of ${spec.choices.join(", ")}, got "${value}"`);
    }
  }
  return { options, positionals: parsed.positionals };
}

/** A mistyped long option gets the nearest one of this command: `--froce` → `--force`. */
function rejectUnknownOptions(command: Command, specs: readonly OptionSpec[], argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === "--") return;
    if (!arg.startsWith("--")) continue;
    const name = arg.slice(2).split("=")[0] ?? "";
    if (specs.some((s) => s.name === name)) continue;
    const near = closestLabel(name, specs.map((s) => s.name));
    throw new UsageError(`${command.name}: unknown option '--${name}'${near ? ` (did you mean --${near}?)` : ""}; options: ${specs.map((s) => `--${s.name}`).join(", ")}`);
  }
}

function optionLines(specs: readonly OptionSpec[]): string {
  const heads = specs.map((s) => `${s.short ? `-${s.short}, ` : "    "}--${s.name}${s.value ? ` ${s.value}` : ""}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs
    .map((s, i) => {
      let text = s.description;
      if (s.choices) text += ` (${s.choices.join(", ")}${s.default ? `; default ${s.default}` : ""})`;
      else if (s.default) text += ` (default ${s.default})`;
      return `  ${heads[i]!.padEnd(width)}${text}`;
    })
    .join("\n");
}

export function commandHelp(command: Command): string {
  let out = `Usage: ${command.usage}\n\n${command.summary}\n`;
  if (command.options.length) out += `\nOptions:\n${optionLines(command.options)}\n`;
  out += `\nGlobal options:\n${optionLines(GLOBAL_OPTIONS)}\n`;
  if (command.details) out += `\n${command.details.trim()}\n`;
  return out;
}

export function programHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return (
    `srpipe ${version}: a systematic literature review pipeline, from searches to PRISMA 2020 and the model catalog.\n\n` +
    `Usage: srpipe <command> [options]\n\nCommands:\n` +
    commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n") +
    `\n\nGlobal options:\n${optionLines(GLOBAL_OPTIONS)}\n      --version      print the version\n\n` +
    `Run \`srpipe <command> --help\` for a command's options. Exit codes: 0 ok, 1 failure or rejected records, 2 usage error.\n`
  );
}
