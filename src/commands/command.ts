/**
 * A command is data: its options are one table from which both `parseArgs` and the
 * `--help` text are derived, so the help can never drift from what is accepted.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { closestLabel } from "../text/closest-label.js";
import type { Logger } from "../log.js";
import { workspaceAt, type Workspace } from "../workspace.js";

export interface OptionSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Shown in help as `--name VALUE`. */
  readonly value?: string;
  readonly description: string;
  /** Allowed values, checked before the command runs. */
  readonly choices?: readonly string[];
  readonly default?: string;
  /** May be given more than once; the values arrive as an array, in command-line order. */
  readonly multiple?: boolean;
}

/**
 * What a command reads for one option, as parseCommandArgs guarantees it: a flag is a boolean
 * (false when absent), a repeatable option an array (empty when absent), an option with a
 * default always a value, one with choices one of them. A table typed only as OptionSpec[]
 * (the CLI's view of every command) gives the untyped union.
 */
type OptionValue<S extends OptionSpec> = string extends S["name"]
  ? string | boolean | string[] | undefined
  : S["type"] extends "boolean"
    ? boolean
    : S extends { readonly multiple: true }
      ? string[]
      : S extends { readonly default: string }
        ? ChoiceOf<S>
        : ChoiceOf<S> | undefined;

type ChoiceOf<S extends OptionSpec> = S extends { readonly choices: readonly (infer C extends string)[] } ? C : string;

/** An option table's values by option name (bibtex-tidy derives its option types from its one table likewise). */
export type OptionValues<Specs extends readonly OptionSpec[]> = { [S in Specs[number] as S["name"]]: OptionValue<S> };

/** Where a command reads and writes: the process's streams, or a test's. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export const GLOBAL_OPTIONS = [
  {
    name: "workspace",
    type: "string",
    short: "C",
    value: "DIR",
    description: "the review workspace (default: the current folder)",
  },
  { name: "quiet", type: "boolean", short: "q", description: "print warnings and errors only" },
  { name: "verbose", type: "boolean", short: "v", description: "print more detail" },
  { name: "help", type: "boolean", short: "h", description: "show this help" },
] as const satisfies readonly OptionSpec[];

export type GlobalOptionValues = OptionValues<typeof GLOBAL_OPTIONS>;

export type CommandOptions<Specs extends readonly OptionSpec[]> = OptionValues<Specs> & GlobalOptionValues;

export interface CommandContext<Specs extends readonly OptionSpec[] = readonly OptionSpec[]> {
  io: CliIo;
  log: Logger;
  /** The workspace `--workspace`/`-C` names (default the current folder), resolved once by the CLI. */
  workspace: Workspace;
  options: CommandOptions<Specs>;
  positionals: string[];
}

export interface Command<Specs extends readonly OptionSpec[] = readonly OptionSpec[]> {
  name: string;
  summary: string;
  usage: string;
  /** Paragraphs after the option list. */
  details?: string;
  options: Specs;
  /**
   * Help that depends on the workspace (from --workspace or the current folder), printed
   * after the generic help: e.g. the review's own screening reasons. Must not fail: a workspace
   * that cannot be read is described, not thrown.
   */
  extraHelp?(workspace: Workspace): Promise<string>;
  /** Returns the exit code: 0 ok, 1 failure (rejects, problems), 2 usage. */
  run(context: CommandContext<Specs>): Promise<number>;
}

/** A command whose option values are typed from its option table, written inline or as a `const` list. */
export function defineCommand<const Specs extends readonly OptionSpec[]>(command: Command<Specs>): Command<Specs> {
  return command;
}

/** The workspace the global `--workspace` names, relative to the folder srpipe was started in. */
export function commandWorkspace(cwd: string, options: GlobalOptionValues): Workspace {
  return workspaceAt(resolve(cwd, options.workspace ?? "."));
}

export function parseCommandArgs<Specs extends readonly OptionSpec[]>(
  command: Command<Specs>,
  argv: readonly string[],
): { options: CommandOptions<Specs>; positionals: string[] } {
  const specs: readonly OptionSpec[] = [...command.options, ...GLOBAL_OPTIONS];
  const config: { [name: string]: { type: "string" | "boolean"; short?: string; multiple?: boolean } } = {};
  for (const spec of specs) {
    config[spec.name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  rejectUnknownOptions(command, specs, argv);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}`);
  }
  const options: { [name: string]: string | boolean | string[] | undefined } = {};
  for (const spec of specs) {
    const given = parsed.values[spec.name];
    const value =
      given === undefined
        ? spec.type === "boolean"
          ? false
          : spec.multiple
            ? []
            : spec.default
        : Array.isArray(given)
          ? given.map(String)
          : given;
    if (spec.choices && typeof value === "string" && !spec.choices.includes(value)) {
      throw new UsageError(`${command.name}: --${spec.name} expects one of ${spec.choices.join(", ")}, got "${value}"`);
    }
    options[spec.name] = value;
  }
  // The one place the table's promise is made: every value was filled and checked above, as OptionValue describes.
  return { options: options as CommandOptions<Specs>, positionals: parsed.positionals };
}

/** A mistyped long option gets the nearest one of this command: `--froce` → `--force`. */
function rejectUnknownOptions(command: { name: string }, specs: readonly OptionSpec[], argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === "--") return;
    if (!arg.startsWith("--")) continue;
    const name = arg.slice(2).split("=")[0] ?? "";
    if (specs.some((s) => s.name === name)) continue;
    const near = closestLabel(
      name,
      specs.map((s) => s.name),
    );
    throw new UsageError(
      `${command.name}: unknown option '--${name}'${near ? ` (did you mean --${near}?)` : ""}; options: ${specs.map((s) => `--${s.name}`).join(", ")}`,
    );
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

export function commandHelp(command: Command<readonly OptionSpec[]>): string {
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
