/**
 * Import reads every file below raw/exports/ and nothing outside the workspace: files at any
 * depth are imported or refused loudly, notes beside them are listed once, links that lead out
 * are refused, encodings are declared or recognised, and names are shown escaped.
 */
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, test } from "vitest";
import { rowToRecord } from "../../src/record-csv.js";
import { runCli } from "../cli-io.js";
import { fixture } from "../helpers.js";

let ws: string;
let outside: string;

async function put(relative: string, source: string | { text: string | Buffer }): Promise<string> {
  const target = join(ws, relative);
  await mkdir(join(target, ".."), { recursive: true });
  if (typeof source === "string") await cp(fixture(source), target);
  else await writeFile(target, source.text);
  return target;
}

async function csvRows(relative: string): Promise<{ [column: string]: string }[]> {
  return parse(await readFile(join(ws, relative), "utf8"), { columns: true }) as { [column: string]: string }[];
}

const records = async () => (await csvRows("processed/records.csv")).map(rowToRecord);

const PLAIN_RIS = "TY  - JOUR\nTI  - A record whose export names no database\nPY  - 2023\nER  - \n";

beforeEach(async () => {
  const base = await mkdtemp(join(tmpdir(), "srpipe-import-boundary-"));
  ws = join(base, "review");
  outside = join(base, "elsewhere");
  await mkdir(outside, { recursive: true });
  await put("review.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      title: "t",
      databases: [
        { id: "pubmed", name: "PubMed" },
        { id: "scopus", name: "Scopus" },
      ],
    }),
  });
  await mkdir(join(ws, "queries"), { recursive: true });
});

describe("files anywhere under raw/exports/", () => {
  test("a file directly in raw/exports/ is imported, its database taken from its content", async () => {
    await put("raw/exports/scopus-export.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).not.toContain("hold no files");
    expect(result.stderr).toContain("imported raw/exports/scopus-export.ris: 3 records");
    const all = await records();
    expect(all).toHaveLength(3);
    expect(all.every((r) => r.database === "scopus")).toBe(true);
    expect(result.code).toBe(0);
  });

  test("records from a database review.json does not declare are kept under it, with one warning, and PRISMA names it (and says when the file named none)", async () => {
    await put("raw/exports/savedrecs.txt", "wos_tagged/metaknowledge_savedrecs.txt");
    await put("raw/exports/more-wos.isi", "wos_tagged/metaknowledge_TwoPaper.isi");
    await put("raw/exports/scopus-export.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/exports/mine.ris", { text: PLAIN_RIS });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    expect((await records()).filter((r) => r.database === "wos")).toHaveLength(34);
    const warnings = result.stderr.split("\n").filter((l) => l.includes("which review.json's databases do not list"));
    expect(warnings).toEqual([
      'warning: 34 records (raw/exports/more-wos.isi, raw/exports/savedrecs.txt) come from Web of Science ("wos"), ' +
        "which review.json's databases do not list: PRISMA counts them under that name; " +
        'declare { "id": "wos", "name": "…" } to name and order it as your methods do',
    ]);
    await runCli(["dedupe", "--workspace", ws]);
    await runCli(["eligibility", "--workspace", ws]);
    await runCli(["report", "--workspace", ws]);
    const prisma = JSON.parse(await readFile(join(ws, "processed/prisma/prisma.json"), "utf8"));
    expect(
      prisma.identification.databases.map((d: { id: string; name: string; n: number }) => [d.id, d.name, d.n]),
    ).toEqual([
      ["pubmed", "PubMed", 0],
      ["scopus", "Scopus", 3],
      ["unknown", "Database not stated by the file", 1],
      ["wos", "Web of Science", 34],
    ]);
  });

  test("a file whose content names no database is imported as unknown, with one warning saying where to put it", async () => {
    await put("raw/exports/mine.ris", { text: PLAIN_RIS });
    const result = await runCli(["import", "--workspace", ws]);
    expect((await records()).map((r) => r.database)).toEqual(["unknown"]);
    const warnings = result.stderr.split("\n").filter((l) => l.includes("database of its records is unknown"));
    expect(warnings).toEqual([expect.stringContaining("raw/exports/mine.ris")]);
    expect(warnings[0]).toContain("raw/exports/<database>/");
  });

  test("a folder review.json declares gives its database; a deeper folder still counts", async () => {
    await put("raw/exports/pubmed/2024/march/export.ris", { text: PLAIN_RIS });
    await runCli(["import", "--workspace", ws]);
    expect((await records()).map((r) => [r.database, r.provenance.file])).toEqual([
      ["pubmed", "raw/exports/pubmed/2024/march/export.ris"],
    ]);
  });

  test("a folder review.json does not declare is warned about, and its files keep their content's database", async () => {
    await put("raw/exports/scopsu/x.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain(
      "raw/exports/scopsu/ is not named after a database review.json declares (pubmed, scopus)",
    );
    expect(new Set((await records()).map((r) => r.database))).toEqual(new Set(["scopus"]));
  });

  test("a broken export beside good ones is refused loudly, never dropped", async () => {
    await put("raw/exports/scopus/good.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/exports/broken.csv", { text: "this is,not\nan export,at all\n" });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("raw/exports/broken.csv");
    expect((await csvRows("processed/rejects.csv")).map((r) => r.file)).toEqual(["raw/exports/broken.csv"]);
  });
});

describe("notes, READMEs and PDFs beside the exports", () => {
  test("are each listed once as not an export, not rejected, and the run does not fail", async () => {
    await put("raw/exports/scopus/good.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/exports/scopus/search-strategy.pdf", {
      text: Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"),
    });
    await put("raw/exports/scopus/notes.txt", {
      text: "Ran the search on 3 March; 3 hits.\nAsk Maria about the filter.\n",
    });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    for (const name of ["raw/exports/scopus/search-strategy.pdf", "raw/exports/scopus/notes.txt"]) {
      expect(result.stderr.split("\n").filter((l) => l.includes(name))).toEqual([
        expect.stringMatching(new RegExp(`^ignored ${name.replace(/[.]/g, "\\.")}: not an export`)),
      ]);
    }
    expect(await csvRows("processed/rejects.csv")).toEqual([]);
    expect(result.stderr).toContain("2 files ignored (not exports)");
  });

  test("a folder's README (as srpipe init writes one per database) is neither read nor listed, except with --verbose", async () => {
    await put("raw/exports/scopus/good.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/exports/scopus/README.md", { text: "# Scopus exports\nSave each export here.\n" });
    await put("raw/exports/readme.txt", { text: "what is here\n" });
    const quiet = await runCli(["import", "--workspace", ws]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/README|readme/);
    expect(quiet.stderr).not.toContain("ignored (not exports)");
    expect(await csvRows("processed/rejects.csv")).toEqual([]);
    const verbose = await runCli(["import", "--verbose", "--workspace", ws]);
    expect(verbose.stderr).toContain("ignored raw/exports/scopus/README.md: a folder's README");
    expect(verbose.stderr).toContain("ignored raw/exports/readme.txt: a folder's README");
  });

  test("a Web of Science Excel export saved in an export folder is imported, each record at its spreadsheet row", async () => {
    await put("raw/exports/scopus/wos/savedrecs.xlsx", "wos_xlsx/wos_scihub_savedrecs.xlsx");
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain("imported raw/exports/scopus/wos/savedrecs.xlsx: 63 records, 0 rejected (csv)");
    const all = await records();
    expect(all).toHaveLength(63);
    expect(all.find((r) => r.doi === "10.1088/1361-6668/aa9694")?.provenance.line).toBe(2);
  });

  test("a damaged spreadsheet saved where an export belongs is refused loudly, not ignored", async () => {
    await put("raw/exports/scopus/export.xlsx", {
      text: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
    });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "raw/exports/scopus/export.xlsx: expected an Excel workbook (.xlsx) or a text export, got a zip file that is not a readable workbook",
    );
  });
});

describe("symbolic links under raw/", () => {
  test("a link in raw/exports/ to a file elsewhere is refused with one warning, and nothing of it is read", async () => {
    await writeFile(join(outside, "private.ris"), "TY  - JOUR\nTI  - A private record outside the workspace\nER  - \n");
    await mkdir(join(ws, "raw/exports/scopus"), { recursive: true });
    await symlink(join(outside, "private.ris"), join(ws, "raw/exports/scopus/linked.ris"));
    await put("raw/exports/scopus/good.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr.split("\n").filter((l) => l.includes("linked.ris"))).toEqual([
      expect.stringMatching(
        /raw\/exports\/scopus\/linked\.ris: expected a file inside the workspace, got a link that leads outside the workspace/,
      ),
    ]);
    expect((await records()).some((r) => r.title?.includes("private"))).toBe(false);
    expect(await readFile(join(ws, "processed/records.csv"), "utf8")).not.toContain("private");
    expect(result.code).toBe(1);
  });

  test("a link to /etc/passwd puts none of that file in rejects.csv", async () => {
    await mkdir(join(ws, "raw/exports"), { recursive: true });
    await symlink("/etc/passwd", join(ws, "raw/exports/passwd.ris"));
    await runCli(["import", "--workspace", ws]);
    const rejects = await readFile(join(ws, "processed/rejects.csv"), "utf8");
    expect(rejects).toContain("raw/exports/passwd.ris");
    expect(rejects).not.toMatch(/root:/);
  });

  test("a linked folder that leads outside is refused, not walked", async () => {
    await writeFile(join(outside, "a.ris"), PLAIN_RIS);
    await mkdir(join(ws, "raw/exports"), { recursive: true });
    await symlink(outside, join(ws, "raw/exports/scopus"));
    const result = await runCli(["import", "--workspace", ws]);
    expect(await records()).toEqual([]);
    expect(result.stderr).toContain("raw/exports/scopus: expected a file inside the workspace");
  });

  test("a link that stays inside the workspace is followed", async () => {
    await put("shared/export.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await mkdir(join(ws, "raw/exports/scopus"), { recursive: true });
    await symlink(join(ws, "shared/export.ris"), join(ws, "raw/exports/scopus/export.ris"));
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    expect(await records()).toHaveLength(3);
  });

  test("a search page that is a link out of the workspace is refused", async () => {
    await writeFile(join(outside, "page.xml"), await readFile(fixture("pubmed_xml/metapub_1979_219391.xml")));
    await put("queries/q.json", {
      text: JSON.stringify({
        schemaVersion: 1,
        id: "q",
        database: "pubmed",
        mode: "api",
        query: "x",
        dateWindow: { from: "2020-01-01", to: "2020-12-31" },
      }),
    });
    await mkdir(join(ws, "raw/searches/pubmed/q/20250101T000000Z"), { recursive: true });
    await symlink(join(outside, "page.xml"), join(ws, "raw/searches/pubmed/q/20250101T000000Z/efetch-0001.xml"));
    const result = await runCli(["import", "--workspace", ws]);
    expect(await records()).toEqual([]);
    expect(result.stderr).toContain("efetch-0001.xml: expected a file inside the workspace");
  });
});

describe("names shown on the terminal", () => {
  test("a file name with an ESC sequence and a newline cannot repaint the terminal or forge a line", async () => {
    const name = "x\u001b[2J\nimported fake.ris: 999 records.ris";
    await put(`raw/exports/scopus/${name}`, { text: PLAIN_RIS });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).not.toContain("\u001b[2J");
    expect(result.stderr.split("\n").some((l) => l.startsWith("imported fake.ris"))).toBe(false);
    expect(result.stderr).toContain("x\\u001b[2J\\u000aimported fake.ris: 999 records.ris");
    // The record keeps the real name: provenance is data, not terminal output.
    expect((await records())[0]!.provenance.file).toBe(`raw/exports/scopus/${name}`);
  });
});

describe("encodings", () => {
  const LATIN1_RIS =
    "TY  - JOUR\r\nTI  - Prävention und Gesundheitsförderung\r\nAU  - Müller, Jürgen\r\nPY  - 2023\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Plain ASCII title\r\nPY  - 2022\r\nER  - \r\n";

  test("a Windows-1252 export is read as such with one warning naming it, and no record is lost", async () => {
    await put("raw/exports/scopus/latin1.ris", { text: Buffer.from(LATIN1_RIS, "latin1") });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    expect((await records()).map((r) => r.title).sort()).toEqual([
      "Plain ASCII title",
      "Prävention und Gesundheitsförderung",
    ]);
    expect(result.stderr.split("\n").filter((l) => l.includes("Windows-1252"))).toEqual([
      expect.stringContaining("raw/exports/scopus/latin1.ris: not valid UTF-8 but valid Windows-1252"),
    ]);
  });

  test("an encoding declared in the query file is used for its exports, without a warning", async () => {
    await put("queries/s.json", {
      text: JSON.stringify({
        schemaVersion: 1,
        id: "s",
        database: "scopus",
        mode: "manual-export",
        query: "x",
        dateWindow: { from: "2020-01-01", to: "2020-12-31" },
        exportPath: "raw/exports/scopus/s/",
        encoding: "latin1",
      }),
    });
    await put("raw/exports/scopus/s/latin1.ris", { text: Buffer.from(LATIN1_RIS, "latin1") });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).not.toContain("Windows-1252");
    expect((await records()).map((r) => r.title)).toContain("Prävention und Gesundheitsförderung");
  });

  test("an encoding declared for a database in review.json is used for its folder", async () => {
    await put("review.json", {
      text: JSON.stringify({
        schemaVersion: 1,
        title: "t",
        databases: [{ id: "scopus", name: "Scopus", encoding: "utf-16le" }],
      }),
    });
    await put("raw/exports/scopus/utf16.ris", { text: Buffer.from(PLAIN_RIS, "utf16le") });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    expect((await records()).map((r) => r.title)).toEqual(["A record whose export names no database"]);
  });

  test("--encoding on import overrides detection, as the reject message advises", async () => {
    await put("raw/exports/scopus/latin1.ris", { text: Buffer.from(LATIN1_RIS, "latin1") });
    const asUtf8 = await runCli(["import", "--workspace", ws, "--encoding", "utf-8"]);
    expect(asUtf8.code).toBe(1);
    expect(asUtf8.stderr).toContain("--encoding latin1");
    const asLatin1 = await runCli(["import", "--workspace", ws, "--encoding", "latin1"]);
    expect(asLatin1.code).toBe(0);
    expect((await records()).map((r) => r.title)).toContain("Prävention und Gesundheitsförderung");
  });

  test("--encoding on run reaches import even when nothing else changed", async () => {
    await put("raw/exports/scopus/latin1.ris", { text: Buffer.from(LATIN1_RIS, "latin1") });
    await runCli(["run", "--workspace", ws, "--encoding", "utf-8"]);
    expect((await records()).map((r) => r.title)).not.toContain("Prävention und Gesundheitsförderung");
    await runCli(["run", "--workspace", ws, "--encoding", "latin1"]);
    expect((await records()).map((r) => r.title)).toContain("Prävention und Gesundheitsförderung");
  });

  test("an encoding on an API query is refused", async () => {
    await put("queries/q.json", {
      text: JSON.stringify({
        schemaVersion: 1,
        id: "q",
        database: "pubmed",
        mode: "api",
        query: "x",
        dateWindow: { from: "2020-01-01", to: "2020-12-31" },
        encoding: "latin1",
      }),
    });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'queries/q.json:1: encoding: expected no encoding on an API query (srpipe saves its pages as UTF-8), got "latin1"',
    );
  });
});

describe("page names in search.json", () => {
  test("a page named ../../… is not read, and nothing of that file (not even its hash) reaches rejects.csv", async () => {
    await writeFile(join(outside, "secret.xml"), "top secret\n");
    await put("queries/q.json", {
      text: JSON.stringify({
        schemaVersion: 1,
        id: "q",
        database: "pubmed",
        mode: "api",
        query: "x",
        dateWindow: { from: "2020-01-01", to: "2020-12-31" },
      }),
    });
    const snapshot = "raw/searches/pubmed/q/20250101T000000Z";
    const log = {
      schemaVersion: 1,
      status: "complete",
      database: "pubmed",
      queryId: "q",
      endpoint: "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/",
      querySent: "x",
      queryTranslation: null,
      dateWindow: { from: "2020-01-01", to: "2020-12-31" },
      slices: [],
      startedAt: "2025-01-01T00:00:00Z",
      finishedAt: "2025-01-01T00:00:01Z",
      hitsReported: 1,
      recordsRetrieved: 1,
      pageSize: 100,
      pages: [
        {
          file: "../../../../../../elsewhere/secret.xml",
          role: "records",
          sha256: "0".repeat(64),
          count: 1,
          request: "efetch",
        },
      ],
      messages: [],
      srpipeVersion: "0.1.0",
      failure: null,
    };
    await put(`${snapshot}/search.json`, { text: JSON.stringify(log) });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain(
      `${snapshot}/search.json: pages.0.file: expected a file name inside the snapshot folder (no "/", "\\", ".." or NUL), got "../../../../../../elsewhere/secret.xml"; snapshot skipped`,
    );
    const rejects = await readFile(join(ws, "processed/rejects.csv"), "utf8");
    expect(rejects).not.toMatch(/sha256 is|no such file|top secret/);
  });
});
