/**
 * The PRISMA-S log of manual searches: `srpipe log-search` writes raw/search-log.csv (appending,
 * merging files into the same run, never overwriting hits), and import checks each logged run's
 * records against its hits and lists every search in processed/prisma/searches.csv.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, test } from "vitest";
import { parseSearchLog, type SearchLogEntry } from "../../src/artefacts/search-log-csv.js";
import { isCalendarDate } from "../../src/text/calendar-date.js";
import { EXPORT_LIMITS } from "../../src/searches/export-limits.js";
import { checkHits, latestRuns } from "../../src/searches/hits-check.js";
import type { Query } from "../../src/protocol.js";
import { runCli } from "../cli-io.js";
import { fixture } from "../helpers.js";

let ws: string;

async function put(relative: string, source: string | { text: string }): Promise<void> {
  const target = join(ws, relative);
  await mkdir(join(target, ".."), { recursive: true });
  if (typeof source === "string") await cp(fixture(source), target);
  else await writeFile(target, source.text);
}

const rows = async (relative: string) =>
  parse(await readFile(join(ws, relative), "utf8"), { columns: true }) as { [column: string]: string }[];

function manualQuery(id: string, database: string): object {
  return {
    schemaVersion: 1,
    id,
    database,
    mode: "manual-export",
    query: `${database} query as typed`,
    filters: ["Article type: Research articles"],
    exportPath: `raw/exports/${database}/${id}/`,
  };
}

beforeEach(async () => {
  ws = join(await mkdtemp(join(tmpdir(), "srpipe-search-log-")), "review");
  await put("review.json", {
    text: JSON.stringify({
      schemaVersion: 1,
      title: "t",
      databases: [
        { id: "sciencedirect", name: "ScienceDirect" },
        { id: "scopus", name: "Scopus" },
      ],
    }),
  });
  await put("queries/sd.json", { text: JSON.stringify(manualQuery("sd", "sciencedirect")) });
  await put("queries/sc.json", { text: JSON.stringify(manualQuery("sc", "scopus")) });
});

describe("srpipe log-search", () => {
  test("logs a run with date, interface, hits and files, then merges a second export of the same run into its row", async () => {
    await put("raw/exports/sciencedirect/sd/part1.ris", "sciencedirect_ris/jabref_RisImporterTestScience.ris");
    await put("raw/exports/sciencedirect/sd/part2.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    const first = await runCli([
      "log-search",
      "sd",
      "--hits",
      "4",
      "--date",
      "2025-04-02",
      "--interface",
      "ScienceDirect, Advanced search",
      "--file",
      join(ws, "raw/exports/sciencedirect/sd/part1.ris"),
      "--workspace",
      ws,
    ]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      "logged sd run 2025-04-02 on ScienceDirect, Advanced search: 4 hits, 1 file (raw/search-log.csv:2)",
    );
    const second = await runCli([
      "log-search",
      "sd",
      "--hits",
      "4",
      "--date",
      "2025-04-02",
      "--interface",
      "ScienceDirect, Advanced search",
      "--file",
      join(ws, "raw/exports/sciencedirect/sd/part2.ris"),
      "--workspace",
      ws,
    ]);
    expect(second.code).toBe(0);
    expect(await rows("raw/search-log.csv")).toEqual([
      {
        query_id: "sd",
        date_run: "2025-04-02",
        interface: "ScienceDirect, Advanced search",
        hits_reported: "4",
        files: "raw/exports/sciencedirect/sd/part1.ris; raw/exports/sciencedirect/sd/part2.ris",
        notes: "",
      },
    ]);
  });

  test("a different hit count for a run already logged is refused and the row is left as it was", async () => {
    await runCli(["log-search", "sc", "--hits", "120", "--date", "2025-03-01", "--workspace", ws]);
    const before = await readFile(join(ws, "raw/search-log.csv"), "utf8");
    const again = await runCli(["log-search", "sc", "--hits", "121", "--date", "2025-03-01", "--workspace", ws]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      "raw/search-log.csv:2: hits_reported: expected the 120 hits this row already records",
    );
    expect(again.stderr).toContain("got 121");
    expect(await readFile(join(ws, "raw/search-log.csv"), "utf8")).toBe(before);
  });

  test("a later run of the same query is a new row; a column and a note the reviewer added survive", async () => {
    await put("raw/search-log.csv", {
      text: "query_id,date_run,interface,hits_reported,files,notes,checked_by\nsc,2025-03-01,Scopus web,120,,typed by hand,AB\n",
    });
    const result = await runCli(["log-search", "sc", "--hits", "130", "--date", "2025-06-01", "--workspace", ws]);
    expect(result.code).toBe(0);
    expect(await rows("raw/search-log.csv")).toEqual([
      expect.objectContaining({
        date_run: "2025-03-01",
        hits_reported: "120",
        notes: "typed by hand",
        checked_by: "AB",
      }),
      expect.objectContaining({
        date_run: "2025-06-01",
        hits_reported: "130",
        interface: "scopus website",
        checked_by: "",
      }),
    ]);
  });

  test.each([
    [["sd", "--hits", "many"], 2, '--hits expects the number of results the database reported (digits), got "many"'],
    [
      ["sd", "--hits", "5", "--date", "2025-02-29"],
      2,
      '--date expects a date YYYY-MM-DD that exists, got "2025-02-29"',
    ],
    [["sd", "--hits", "5", "--date", "2999-01-01"], 2, "--date 2999-01-01 is in the future"],
    [["nope", "--hits", "5"], 2, 'no query "nope" in queries/ (queries: sc, sd)'],
    [["sd", "--hits", "5", "--file", "/etc/hostname"], 1, "expected a file inside the workspace"],
    [["sd", "--hits", "5", "--file", "raw/exports/sciencedirect/sd/missing.ris"], 1, "got no such file"],
  ])("bad input %j exits %i saying what was expected and what was got", async (args, code, message) => {
    const result = await runCli(["log-search", ...args, "--workspace", ws], ws);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });
});

describe("import checks logged hits against the records imported", () => {
  test("a run whose files hold as many records as its hits is confirmed; one short of them names ScienceDirect's 100-per-export limit", async () => {
    await put("raw/exports/scopus/sc/scopus.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/exports/sciencedirect/sd/one.ris", "sciencedirect_ris/jabref_RisImporterTestScience.ris");
    await runCli([
      "log-search",
      "sc",
      "--hits",
      "3",
      "--date",
      "2025-03-01",
      "--interface",
      "Scopus web",
      "--workspace",
      ws,
    ]);
    await runCli(["log-search", "sd", "--hits", "230", "--date", "2025-03-02", "--workspace", ws]);
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain(
      "queries/sc run 2025-03-01 on Scopus web: 3 records imported, as many as the hits reported",
    );
    expect(result.stderr).toContain(
      "queries/sd run 2025-03-02 on sciencedirect website: 229 fewer records than the 230 hits reported: sciencedirect exports at most 100 records per file",
    );
    expect(result.stderr).toContain("230 hits need 3 files, 1 was imported");
    expect(await rows("processed/prisma/searches.csv")).toEqual([
      {
        query_id: "sc",
        database: "scopus",
        mode: "manual-export",
        interface: "Scopus web",
        date_run: "2025-03-01",
        query: "scopus query as typed",
        date_window: "",
        limits: "Article type: Research articles",
        hits_reported: "3",
        records_imported: "3",
        check: "match",
      },
      expect.objectContaining({ query_id: "sd", hits_reported: "230", records_imported: "1", check: "fewer" }),
    ]);
    const methods = await readFile(join(ws, "processed/prisma/searches.md"), "utf8");
    expect(methods).toContain(
      "- **scopus** (`sc`) via Scopus web, run 2025-03-01: 3 hits reported, 3 records imported.",
    );
    expect(methods).toContain(
      "- **sciencedirect** (`sd`) via sciencedirect website, run 2025-03-02: 230 hits reported, 1 record imported.",
    );
    expect(methods).toContain("  Limits: Article type: Research articles.");
  });

  test("a bad row in the log is warned about with file:line:field and the other rows are still used", async () => {
    await put("raw/exports/scopus/sc/scopus.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/search-log.csv", {
      text: "query_id,date_run,interface,hits_reported,files,notes\nsc,2025-13-01,Scopus web,3,,\nsc,2025-03-01,Scopus web,3,,\n",
    });
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.stderr).toContain(
      'raw/search-log.csv:2: date_run: expected a date YYYY-MM-DD that exists, got "2025-13-01" (row not used)',
    );
    expect(result.stderr).toContain("queries/sc run 2025-03-01 on Scopus web: 3 records imported");
  });

  test("a query never logged is listed in the PRISMA-S table as not logged", async () => {
    await put("raw/exports/scopus/sc/scopus.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await runCli(["import", "--workspace", ws]);
    expect((await rows("processed/prisma/searches.csv")).map((r) => [r.query_id, r.check])).toEqual([
      ["sc", "not-logged"],
      ["sd", "not-logged"],
    ]);
  });
});

describe("runs recorded in the query file's searchLog", () => {
  const withRuns = (id: string, database: string, searchLog: object[]) => ({
    text: JSON.stringify({ ...manualQuery(id, database), searchLog }),
  });

  test("a run written only in the query file is checked by import and listed in the PRISMA-S table", async () => {
    await put("raw/exports/scopus/sc/scopus.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put(
      "queries/sc.json",
      withRuns("sc", "scopus", [
        { date: "2025-03-01", interface: "Scopus, Advanced search", hits: 3, files: ["raw/exports/scopus/sc/"] },
      ]),
    );
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "queries/sc run 2025-03-01 on Scopus, Advanced search: 3 records imported, as many as the hits reported",
    );
    expect((await rows("processed/prisma/searches.csv")).find((r) => r.query_id === "sc")).toMatchObject({
      interface: "Scopus, Advanced search",
      date_run: "2025-03-01",
      hits_reported: "3",
      records_imported: "3",
      check: "match",
    });
  });

  test("the same run in both places is one row of the table, with the files of both", async () => {
    await put("raw/exports/sciencedirect/sd/part1.ris", "sciencedirect_ris/jabref_RisImporterTestScience.ris");
    await put("raw/exports/sciencedirect/sd/part2.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/search-log.csv", {
      text: "query_id,date_run,interface,hits_reported,files,notes\r\nsd,2025-04-02,ScienceDirect web,4,raw/exports/sciencedirect/sd/part1.ris,\r\n",
    });
    await put(
      "queries/sd.json",
      withRuns("sd", "sciencedirect", [
        { date: "2025-04-02", hits: 4, files: ["raw/exports/sciencedirect/sd/part2.ris"] },
      ]),
    );
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).toBe(0);
    const sd = (await rows("processed/prisma/searches.csv")).filter((r) => r.query_id === "sd");
    // part1 holds 1 record and part2 3: counting both files is what makes the 4 hits match.
    expect(sd).toEqual([
      expect.objectContaining({
        interface: "ScienceDirect web",
        hits_reported: "4",
        records_imported: "4",
        check: "match",
      }),
    ]);
  });

  test("import stops naming both places when the CSV and the query file report different hits for a run", async () => {
    await put("raw/exports/scopus/sc/scopus.ris", "scopus_ris/synthesisr_Scopus_ris_example.ris");
    await put("raw/search-log.csv", {
      text: "query_id,date_run,interface,hits_reported,files,notes\nsc,2025-03-01,Scopus web,3,,\n",
    });
    await put("queries/sc.json", withRuns("sc", "scopus", [{ date: "2025-03-01", hits: 30 }]));
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'raw/search-log.csv:2: hits_reported: expected the 30 hits queries/ (query "sc") searchLog[0] records for sc run 2025-03-01 on Scopus web (the two logs must agree on a run: correct one of them), got 3',
    );
  });

  test("a different interface for the same query and date is refused too", async () => {
    await put("raw/search-log.csv", {
      text: "query_id,date_run,interface,hits_reported,files,notes\nsc,2025-03-01,Scopus web,3,,\n",
    });
    await put("queries/sc.json", withRuns("sc", "scopus", [{ date: "2025-03-01", interface: "Scopus API", hits: 3 }]));
    const result = await runCli(["import", "--workspace", ws]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('raw/search-log.csv:2: interface: expected "Scopus API", the interface');
    expect(result.stderr).toContain('got "Scopus web"');
  });

  test("log-search refuses a hit count the query file already records differently for that day", async () => {
    await put("queries/sc.json", withRuns("sc", "scopus", [{ date: "2025-03-01", hits: 30 }]));
    const result = await runCli(["log-search", "sc", "--hits", "31", "--date", "2025-03-01", "--workspace", ws]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'expected the 30 hits queries/ (query "sc") searchLog[0] records for sc run 2025-03-01',
    );
    await expect(readFile(join(ws, "raw/search-log.csv"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  test("a searchLog run on a date that does not exist fails validation naming the field", async () => {
    await put("queries/sc.json", withRuns("sc", "scopus", [{ date: "2025-02-30", hits: 3 }]));
    const bad = await runCli(["import", "--workspace", ws]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/sc\.json.*searchLog\.0\.date|searchLog\[0\]\.date/);
    expect(bad.stderr).toContain("a date YYYY-MM-DD that exists");
  });
});

describe("the log's rules, without the disk", () => {
  const entry = (over: Partial<SearchLogEntry>): SearchLogEntry => ({
    queryId: "q",
    dateRun: "2025-01-01",
    interface: "web",
    hitsReported: 10,
    files: [],
    notes: "",
    line: 2,
    ...over,
  });
  const query = { id: "q", database: "wos", mode: "manual-export", exportPath: "raw/exports/wos/q/" } as Query;

  test("only calendar dates are dates", () => {
    expect(["2024-02-29", "2025-12-31"].map(isCalendarDate)).toEqual([true, true]);
    expect(["2025-02-29", "2025-1-01", "01/02/2025", ""].map(isCalendarDate)).toEqual([false, false, false, false]);
  });

  test("the latest run of each query is the one checked", () => {
    const runs = [entry({ dateRun: "2025-01-01", line: 2 }), entry({ dateRun: "2025-06-01", line: 3 })];
    expect(latestRuns(runs).map((e) => e.line)).toEqual([3]);
  });

  test("records counted from the files the log names, or else from the query's files; more records than hits is said", () => {
    const files = [
      { file: "raw/exports/wos/q/a.txt", queryId: "q", records: 8, rejected: 0 },
      { file: "raw/exports/wos/q/b.txt", queryId: "q", records: 4, rejected: 0 },
    ];
    expect(checkHits([entry({ files: ["raw/exports/wos/q/a.txt"] })], [query], files)[0]).toMatchObject({
      imported: 8,
      status: "fewer",
    });
    const more = checkHits([entry({})], [query], files)[0]!;
    expect(more).toMatchObject({ imported: 12, status: "more" });
    expect(more.explanation).toMatch(/^2 more records than the 10 hits reported: a file saved twice/);
  });

  test("a shortfall names rejected records and files the log lists that import never saw", () => {
    const files = [{ file: "raw/exports/wos/q/a.txt", queryId: "q", records: 7, rejected: 3 }];
    const check = checkHits(
      [entry({ files: ["raw/exports/wos/q/a.txt", "raw/exports/wos/q/gone.txt"] })],
      [query],
      files,
    )[0]!;
    expect(check.missingFiles).toEqual(["raw/exports/wos/q/gone.txt"]);
    expect(check.explanation).toContain("the log names files import did not find: raw/exports/wos/q/gone.txt");
    expect(check.explanation).toContain("3 records were rejected (see processed/rejects.csv)");
  });

  test("a Scopus shortfall is explained by the 2,000 records an export with abstracts holds, naming the 20,000 citation-only export", () => {
    const scopus = { id: "s", database: "scopus", mode: "manual-export", exportPath: "raw/exports/scopus/s/" } as Query;
    const files = [{ file: "raw/exports/scopus/s/scopus.csv", queryId: "s", records: 2000, rejected: 0 }];
    const check = checkHits([entry({ queryId: "s", hitsReported: 4500 })], [scopus], files)[0]!;
    expect(check.explanation).toBe(
      "2,500 fewer records than the 4,500 hits reported: scopus exports at most 2,000 records per file " +
        "(with abstracts; 20,000 with citation information only): 4,500 hits need 3 files, 1 was imported",
    );
  });

  test("a Web of Science shortfall names the 1,000-record export and the 500 with cited references", () => {
    const files = [{ file: "raw/exports/wos/q/savedrecs.txt", queryId: "q", records: 500, rejected: 0 }];
    const check = checkHits([entry({ hitsReported: 1200 })], [query], files)[0]!;
    expect(check.explanation).toContain(
      "wos exports at most 1,000 records per file (500 with Full Record and Cited References): 1,200 hits need 2 files, 1 was imported",
    );
  });

  test("every export limit either cites where it is stated or says that no statement was found", () => {
    for (const [database, limit] of Object.entries(EXPORT_LIMITS)) {
      const cited = limit.evidence.every((e) => /^https:\/\/\S+$/.test(e.url) && e.says.length > 0);
      expect(cited, database).toBe(true);
      if (limit.evidence.length === 0) expect(limit.conditions, database).toContain("no public statement");
      else expect(limit.conditions, database).not.toContain("no public statement");
    }
  });

  test("a log without our columns is refused naming the missing ones", () => {
    expect(() => parseSearchLog("query,hits\nq,1\n")).toThrow(
      /raw\/search-log\.csv:1: header: expected the columns query_id/,
    );
  });
});
