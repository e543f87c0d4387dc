import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, expectTypeOf, test } from "vitest";
import { commandWorkspace, defineCommand, parseCommandArgs } from "../../src/commands/command.js";
import { runCli } from "../cli-io.js";

/** One option of each kind a command table can declare. */
const probe = defineCommand({
  name: "probe",
  summary: "a command with one option of each kind",
  usage: "srpipe probe",
  options: [
    { name: "out", type: "string", short: "o", value: "DIR", description: "a value" },
    { name: "force", type: "boolean", description: "a flag" },
    { name: "in", type: "string", value: "FILE", description: "a repeatable value", multiple: true },
    { name: "to", type: "string", value: "FORMAT", description: "a choice", choices: ["csv", "ris"], default: "csv" },
  ],
  async run() {
    return 0;
  },
});

describe("a command's option values, derived from its option table", () => {
  test("absent options arrive as false for a flag, [] for a repeatable option, the default where there is one, undefined otherwise", () => {
    const { options } = parseCommandArgs(probe, []);
    expect(options).toEqual({
      out: undefined,
      force: false,
      in: [],
      to: "csv",
      workspace: undefined,
      quiet: false,
      verbose: false,
      help: false,
    });
  });

  test("given options arrive with the types the table declares, repeated ones in command-line order", () => {
    const { options, positionals } = parseCommandArgs(probe, [
      "-o",
      "dir",
      "--force",
      "--in",
      "b.ris",
      "x",
      "--in",
      "a.ris",
      "--to",
      "ris",
      "-C",
      "review",
    ]);
    expectTypeOf(options.out).toEqualTypeOf<string | undefined>();
    expectTypeOf(options.force).toEqualTypeOf<boolean>();
    expectTypeOf(options.in).toEqualTypeOf<string[]>();
    expectTypeOf(options.to).toEqualTypeOf<"csv" | "ris">();
    expectTypeOf(options.workspace).toEqualTypeOf<string | undefined>();
    expect(options).toEqual({
      out: "dir",
      force: true,
      in: ["b.ris", "a.ris"],
      to: "ris",
      workspace: "review",
      quiet: false,
      verbose: false,
      help: false,
    });
    expect(positionals).toEqual(["x"]);
  });

  test("a value outside the choices is a usage error naming the option, the choices and what was typed", () => {
    expect(() => parseCommandArgs(probe, ["--to", "bibtex"])).toThrow(
      'probe: --to expects one of csv, ris, got "bibtex"',
    );
  });
});

describe("the workspace a command is handed", () => {
  test("is --workspace taken from the folder srpipe started in, or that folder without it", () => {
    const cwd = resolve("/tmp", "srpipe-start");
    expect(commandWorkspace(cwd, parseCommandArgs(probe, ["--workspace", "../review"]).options).root).toBe(
      resolve("/tmp", "review"),
    );
    expect(commandWorkspace(cwd, parseCommandArgs(probe, ["-C", "/srv/review"]).options).root).toBe(
      resolve("/srv/review"),
    );
    expect(commandWorkspace(cwd, parseCommandArgs(probe, []).options).root).toBe(cwd);
  });
});

describe("an option of the --in form given to dedupe's workspace form", () => {
  test("--policy without --in is a usage error, not a choice silently ignored", async () => {
    const dir = await mkdtemp(join(tmpdir(), "srpipe-policy-"));
    try {
      const result = await runCli(["dedupe", "--policy", "errata=merge"], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("srpipe dedupe: dedupe: --policy goes with --in FILE");
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
