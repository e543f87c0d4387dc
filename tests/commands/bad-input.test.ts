/**
 * Bad input, as reviewers produce it: each case gives one clear message naming the file and
 * the position and what was expected, the good records of the same file still come out, and
 * nothing crashes with a stack trace.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { runCli, type CliResult } from "../cli-io.js";
import { fixture } from "../helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-bad-"));
});

function records(result: CliResult): { title: string | null; provenance: { position: number } }[] {
  return result.stdout
    .trimEnd()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function expectNoStackTrace(result: CliResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe("bad input", () => {
  test("a truncated PubMed XML file keeps its complete articles and names the line where it was cut", async () => {
    const xml = await readFile(fixture("pubmed_xml/biopython_2008_pubmed2.xml"), "utf8");
    const secondStart = xml.indexOf("<PubmedArticle>", xml.indexOf("</PubmedArticle>"));
    const cutLine = xml.slice(0, secondStart).split("\n").length;
    const file = join(dir, "truncated.xml");
    await writeFile(file, xml.slice(0, secondStart + 400));
    const result = await runCli(["convert", file]);
    expect(result.code).toBe(1);
    expect(records(result)).toHaveLength(1);
    expect(result.stderr).toContain(`${file}:${cutLine}:`);
    expect(result.stderr).toMatch(/expected a complete <PubmedArticle>/);
    expectNoStackTrace(result);
  });

  test("a CSV with a broken quote keeps the rows before it and names the line", async () => {
    const csv = await readFile(fixture("ieee_csv/litstudy_ieee.csv"), "utf8");
    const lines = csv.split("\n");
    // Line 4 gets a quote that is opened inside a field and never closed.
    lines[3] = lines[3]!.replace(/^"/, '"Broken "quote here');
    const file = join(dir, "broken-quote.csv");
    await writeFile(file, lines.join("\n"));
    const result = await runCli(["convert", file]);
    expect(result.code).toBe(1);
    expect(records(result).length).toBeGreaterThanOrEqual(2);
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, "\\.")}:4:`));
    expect(result.stderr).toMatch(/quote/i);
    expectNoStackTrace(result);
  });

  test("a Latin-1 file is read as Windows-1252 with one warning naming it, and no record is lost", async () => {
    const ris =
      "TY  - JOUR\r\nTI  - Prävention und Gesundheitsförderung\r\nAU  - Müller, Jürgen\r\nPY  - 2023\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Plain ASCII title\r\nPY  - 2022\r\nER  - \r\n";
    const file = join(dir, "latin1-auto.ris");
    await writeFile(file, Buffer.from(ris, "latin1"));
    const result = await runCli(["convert", file]);
    expect(result.code).toBe(0);
    expect(records(result).map((r) => r.title)).toEqual(["Prävention und Gesundheitsförderung", "Plain ASCII title"]);
    expect(result.stderr.split("\n").filter((line) => line.includes("Windows-1252"))).toHaveLength(1);
    expect(result.stderr).toContain(`${file}: not valid UTF-8 but valid Windows-1252`);
  });

  test("a Latin-1 file read as --encoding utf-8 is caught per record with the fix, and --encoding latin1 reads it right", async () => {
    const ris =
      "TY  - JOUR\r\nTI  - Prävention und Gesundheitsförderung\r\nAU  - Müller, Jürgen\r\nPY  - 2023\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Plain ASCII title\r\nPY  - 2022\r\nER  - \r\n";
    const file = join(dir, "latin1.ris");
    await writeFile(file, Buffer.from(ris, "latin1"));
    const asUtf8 = await runCli(["convert", "--encoding", "utf-8", file]);
    expect(asUtf8.code).toBe(1);
    expect(records(asUtf8).map((r) => r.title)).toEqual(["Plain ASCII title"]);
    expect(asUtf8.stderr).toMatch(
      new RegExp(
        `${file.replace(/[.]/g, "\\.")}:1: title: expected UTF-8 text, got bytes that are not UTF-8.*--encoding latin1`,
      ),
    );
    const asLatin1 = await runCli(["convert", "--encoding", "latin1", file]);
    expect(asLatin1.code).toBe(0);
    expect(records(asLatin1).map((r) => r.title)).toEqual(["Prävention und Gesundheitsförderung", "Plain ASCII title"]);
  });

  test.each([
    ["empty.ris", Buffer.alloc(0), "expected records, got an empty file (0 bytes)"],
    ["blank.csv", Buffer.from("\r\n\r\n   \r\n"), "expected records, got a file with only blank space"],
    [
      "export.ris",
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x21, 0x00]),
      "got a binary file",
    ],
    [
      "export.xlsx",
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]),
      "expected an Excel workbook (.xlsx) or a text export, got a zip file that is not a readable workbook",
    ],
    [
      "notes.txt",
      Buffer.from("These are my notes about the search.\nNothing to import.\n"),
      'expected a supported format (pubmed-xml, arxiv-atom, openalex-json, scopus-json, ieee-json, sciencedirect-json, endnote-xml, medline, ris, endnote-tagged, wos-tagged, bibtex, scopus-csv, ieee-csv, csv), got text starting "These are my notes about the search."',
    ],
  ])("%s gives one message naming the file", async (name, bytes, message) => {
    const file = join(dir, name);
    await writeFile(file, bytes);
    const result = await runCli(["convert", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const problems = result.stderr.split("\n").filter((l) => l.startsWith(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
    expectNoStackTrace(result);
  });

  test("a folder with no readable file is one message naming the folder", async () => {
    const empty = join(dir, "exports");
    await mkdir(join(empty, ".hidden"), { recursive: true });
    await writeFile(join(empty, "README.md"), "notes\n");
    const result = await runCli(["convert", empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${empty}: expected a file or a folder holding export files, got a folder with no readable file`,
    );
    expectNoStackTrace(result);
  });

  test("a folder of exports is converted file by file", async () => {
    const folder = join(dir, "several");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "a.ris"), await readFile(fixture("scopus_ris/synthesisr_Scopus_ris_example.ris")));
    await writeFile(join(folder, "b.txt"), await readFile(fixture("medline_nbib/biopython_pubmed_result2.txt")));
    const result = await runCli(["convert", folder]);
    expect(result.code).toBe(0);
    expect(records(result)).toHaveLength(3 + 4);
  });
});
