import { describe, expect, test } from "vitest";
import { COMMANDS } from "../../src/commands/all.js";
import { runCli, spawnCli } from "../cli-io.js";
import { fixture } from "../helpers.js";

describe("srpipe --help", () => {
  test("lists every command", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command.name} `, "m"));
  });

  test.each(COMMANDS.map((c) => [c.name, c] as const))(
    "`srpipe %s --help` describes every option",
    async (name, command) => {
      const result = await runCli([name, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: srpipe ${name}`);
      for (const option of [...command.options, { name: "workspace" }, { name: "quiet" }])
        expect(result.stdout).toContain(`--${option.name}`);
    },
  );

  test("no command prints the help on stderr and exits 2", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: srpipe <command>");
  });
});

describe("usage errors exit 2 with one message", () => {
  test.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["convert"], /convert: expected at least one FILE/],
    [["convert", "--to", "docx", "x.ris"], /--to expects one of jsonl, csv, ris, bibtex, got "docx"/],
    [["convert", "--no-such-option", "x.ris"], /unknown option '--no-such-option'; options: --format/],
    [["import", "extra.ris"], /import: expected no arguments, got "extra.ris"/],
  ])("srpipe %j", async (argv, message) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe("srpipe convert", () => {
  test("writes one JSON Record per line on stdout and exits 0", async () => {
    const result = await runCli(["convert", fixture("scopus_ris/synthesisr_Scopus_ris_example.ris")]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!) as { provenance: { format: string; position: number } };
    expect(first.provenance).toMatchObject({ format: "ris", position: 1 });
    expect(result.stderr).toContain("converted 1 file: 3 records, 0 rejected");
  });

  test("--to csv writes the records.csv header once for several files", async () => {
    const result = await runCli([
      "convert",
      "--to",
      "csv",
      fixture("scopus_ris/synthesisr_Scopus_ris_example.ris"),
      fixture("medline_nbib/biopython_pubmed_result1.txt"),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^key,database,/gm)).toHaveLength(1);
  });

  test("--format forces an adapter: a RIS file read as MEDLINE yields rejects, exit 1", async () => {
    const result = await runCli([
      "convert",
      "--format",
      "medline",
      fixture("scopus_ris/synthesisr_Scopus_ris_example.ris"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/synthesisr_Scopus_ris_example\.ris/);
  });

  test("the built binary exits 1 on a missing file with one line and no stack trace", () => {
    const result = spawnCli(["convert", "no-such-file.ris"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no-such-file.ris: expected a readable file, got no such file");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("the built binary prints its version", () => {
    const result = spawnCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
