import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, test } from "vitest";
import { RECORDS_CSV_HEADER, rowToRecord } from "../../src/record-csv.js";
import { runCli } from "../cli-io.js";
import { fixture } from "../helpers.js";

let ws: string;

async function put(relative: string, source: string | { text: string }): Promise<void> {
  const target = join(ws, relative);
  await mkdir(join(target, ".."), { recursive: true });
  if (typeof source === "string") await cp(fixture(source), target);
  else await writeFile(target, source.text);
}

function rows(csv: string): { [column: string]: string }[] {
  return parse(csv, { columns: true }) as { [column: string]: string }[];
}

beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "srpipe-import-"));
  await put("review.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      title: "test review",
      databases: [
        { id: "pubmed", name: "PubMed" },
        { id: "scopus", name: "Scopus" },
      ],
    }),
  });
  await put("queries/pubmed-q.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      id: "pubmed-q",
      database: "pubmed",
      mode: "api",
      query: "x",
      dateWindow: { from: "2022-01-01", to: "2025-03-31" },
    }),
  });
  await put("queries/scopus-q.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      id: "scopus-q",
      database: "scopus",
      mode: "manual-export",
      query: "x",
      dateWindow: { from: "2022-01-01", to: "2025-03-31" },
      exportPath: "raw/exports/scopus/exports-for-scopus-q/",
    }),
  });
  // Two snapshots of one query: the newer one (two articles) is what import reads.
  await put("raw/searches/pubmed/pubmed-q/20240101T000000Z/efetch-0001.xml", "pubmed_xml/metapub_1979_219391.xml");
  await put("raw/searches/pubmed/pubmed-q/20250401T000000Z/efetch-0001.xml", "pubmed_xml/klortho_efetch_pubmed.xml");
  await put("raw/exports/scopus/exports-for-scopus-q/scopus.csv", "scopus_csv/litstudy_scopus_v2.csv");
  await put("raw/exports/scopus/exports-for-scopus-q/README.md", { text: "notes on the export, not records\n" });
  await put("raw/exports/pubmed/manual.nbib", "medline_nbib/synthesisr_PubMed_example.txt");
});

describe("srpipe import", () => {
  test("writes every record with its provenance, from the newest snapshot only, sorted by key", async () => {
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain("using snapshot raw/searches/pubmed/pubmed-q/20250401T000000Z");
    expect(result.stderr).toContain(
      "imported raw/exports/scopus/exports-for-scopus-q/scopus.csv: 88 records, 0 rejected (scopus-csv)",
    );
    expect(result.code).toBe(0);

    const csv = await readFile(join(ws, "processed/records.csv"), "utf8");
    expect(csv.split("\n", 1)[0]).toBe(RECORDS_CSV_HEADER.join(","));
    const records = rows(csv).map(rowToRecord);
    expect(records).toHaveLength(2 + 88 + 3);
    expect(records.map((r) => r.key)).toEqual([...records.map((r) => r.key)].sort());
    expect(records.some((r) => r.provenance.file.includes("20240101T000000Z"))).toBe(false);

    const fromSnapshot = records.filter((r) => r.provenance.queryId === "pubmed-q");
    expect(fromSnapshot).toHaveLength(2);
    expect(fromSnapshot.every((r) => r.database === "pubmed" && r.provenance.format === "pubmed-xml")).toBe(true);
    const scopus = records.filter((r) => r.provenance.file === "raw/exports/scopus/exports-for-scopus-q/scopus.csv");
    expect(
      scopus.every(
        (r) => r.provenance.queryId === "scopus-q" && r.database === "scopus" && r.key.startsWith("scopus:2-s2.0-"),
      ),
    ).toBe(true);
    const manual = records.filter((r) => r.provenance.file === "raw/exports/pubmed/manual.nbib");
    expect(manual.map((r) => r.provenance.queryId)).toEqual([null, null, null]);
    expect(manual.map((r) => r.provenance.position).sort()).toEqual([1, 2, 3]);

    const files = rows(await readFile(join(ws, "processed/import-files.csv"), "utf8"));
    expect(files.map((f) => [f.file, f.format, f.records])).toEqual([
      ["raw/exports/pubmed/manual.nbib", "medline", "3"],
      ["raw/exports/scopus/exports-for-scopus-q/scopus.csv", "scopus-csv", "88"],
      ["raw/searches/pubmed/pubmed-q/20250401T000000Z/efetch-0001.xml", "pubmed-xml", "2"],
    ]);
  });

  test("skips a snapshot whose search log says the fetch did not finish", async () => {
    await put("raw/searches/pubmed/pubmed-q/20250501T000000Z/efetch-0001.xml", "pubmed_xml/metapub_1979_219391.xml");
    await put("raw/searches/pubmed/pubmed-q/20250501T000000Z/search.json", {
      text: JSON.stringify({ status: "interrupted" }),
    });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain("using snapshot raw/searches/pubmed/pubmed-q/20250401T000000Z");
  });

  test("an unreadable file is one reject naming it, and the other files still import", async () => {
    await put("raw/exports/scopus/exports-for-scopus-q/empty.csv", { text: "" });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "raw/exports/scopus/exports-for-scopus-q/empty.csv: expected records, got an empty file (0 bytes)",
    );
    const rejects = rows(await readFile(join(ws, "processed/rejects.csv"), "utf8"));
    expect(rejects).toEqual([
      {
        file: "raw/exports/scopus/exports-for-scopus-q/empty.csv",
        position: "0",
        line: "",
        field: "",
        reason: "expected records, got an empty file (0 bytes)",
      },
    ]);
    expect(rows(await readFile(join(ws, "processed/records.csv"), "utf8"))).toHaveLength(93);
  });

  test("the same raw/ gives byte-identical processed/ after processed/ is deleted", async () => {
    await runCli(["import", "--workspace", ws]);
    const first = await Promise.all(
      ["records.csv", "rejects.csv", "import-files.csv"].map((f) => readFile(join(ws, "processed", f))),
    );
    await rm(join(ws, "processed"), { recursive: true });
    await runCli(["import", "--workspace", ws]);
    const second = await Promise.all(
      ["records.csv", "rejects.csv", "import-files.csv"].map((f) => readFile(join(ws, "processed", f))),
    );
    expect(second).toEqual(first);
  });

  test("a query file that does not validate stops the import with the file and field", async () => {
    await put("queries/bad.json", {
      text: JSON.stringify({
        schemaVersion: 1,
        id: "bad",
        database: "pubmed",
        mode: "api",
        query: "x",
        dateWindow: { from: "2025-01-01" },
      }),
    });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/queries\/bad\.json:1: dateWindow\.to: expected string/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
