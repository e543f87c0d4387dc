import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, test } from "vitest";
import { commandHelp } from "../../src/commands/command.js";
import { eligibilityCommand } from "../../src/commands/eligibility.js";
import { EXCLUDED_EXTRA_COLUMNS, KEPT_EXTRA_COLUMNS } from "../../src/eligibility/tables.js";
import { createLogger } from "../../src/log.js";
import { eligibilityStage } from "../../src/stages/eligibility.js";
import { UNIQUE_CSV_HEADER, uniqueTable } from "../../src/unique-csv.js";
import { runCli } from "../cli-io.js";
import { fixture } from "../helpers.js";
import { uniqueRecord } from "./unique-records.js";
import { stageContextAt } from "../stage-context.js";

let ws: string;
let stderr: string[];

const ELIGIBILITY = {
  lists: [{ file: "raw/journals/scimagojr-2021-lis.csv", format: "auto" }],
  metric: { column: "Total Cites (3years)", year: 2021, windowYears: 3, name: "citations" },
  threshold: 5000,
  subjectAreas: ["Computer Science"],
  retrieved: "2022-09-14",
  branches: [
    { id: "journals", filter: "journal-threshold" },
    { id: "arxiv", databases: ["arxiv"], filter: "none" },
  ],
};

async function writeReview(eligibility: object | null): Promise<void> {
  const review = {
    schemaVersion: 1,
    title: "test review",
    databases: [
      { id: "pubmed", name: "PubMed" },
      { id: "scopus", name: "Scopus" },
      { id: "arxiv", name: "arXiv" },
    ],
    ...(eligibility ? { eligibility } : {}),
  };
  await writeFile(join(ws, "review.json"), JSON.stringify(review, null, 2));
}

const RECORDS = [
  // SCImago 2021: Scientific data has 8,945 citations over 3 years; ISR 1,308; IJIM 10,690.
  uniqueRecord({ id: "c-s1", database: "scopus", journal: "Scientific Data", issn: "2052-4463" }),
  uniqueRecord({ id: "c-s2", database: "pubmed", journal: "Information systems research", eissn: "1526-5536" }),
  uniqueRecord({
    id: "c-s3",
    database: "scopus",
    journal: "Applied Ergonomics",
    journalAbbrev: "Appl. Ergon.",
    issn: "0003-6870",
  }),
  uniqueRecord({
    id: "c-s4",
    database: "scopus",
    journal: "Applied Ergonomics",
    journalAbbrev: "Appl. Ergon.",
    issn: "0003-6870",
  }),
  uniqueRecord({ id: "c-a1", database: "arxiv", arxivId: "2301.01234" }),
  uniqueRecord({
    id: "c-m1",
    database: "pubmed",
    databases: ["arxiv", "pubmed"],
    journal: "International Journal of Information Management",
  }),
  uniqueRecord({ id: "c-t1", database: "pubmed", journalAbbrev: "Int. J. Inf. Manage." }),
];

beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "srpipe-eligibility-"));
  await mkdir(join(ws, "raw", "journals"), { recursive: true });
  await mkdir(join(ws, "processed", "dedup"), { recursive: true });
  await cp(fixture("journal_metrics/scimagojr_2021_LIS.csv"), join(ws, "raw", "journals", "scimagojr-2021-lis.csv"));
  // unique.csv in dedupe's order is not assumed: the stage sorts by cluster id.
  await writeFile(
    join(ws, "processed", "dedup", "unique.csv"),
    uniqueTable([...RECORDS].reverse().map((unique) => ({ unique }))),
  );
  await writeReview(ELIGIBILITY);
  stderr = [];
});

async function run() {
  return eligibilityStage.run(
    await stageContextAt(
      ws,
      createLogger("normal", (line) => stderr.push(line)),
    ),
  );
}

async function table(name: string): Promise<{ header: string[]; rows: { [column: string]: string }[] }> {
  const text = await readFile(join(ws, "processed", "eligibility", name), "utf8");
  const rows = parse(text, { columns: true }) as { [column: string]: string }[];
  return { header: text.split("\n", 1)[0]!.split(","), rows };
}

async function failure(): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the stage to fail");
}

describe("srpipe eligibility", () => {
  test("keeps journals at or above the threshold and bypass records, with the branch as the first added column", async () => {
    const result = await run();
    expect(result).toEqual({
      summary:
        "kept 3 of 6 (journal threshold 5,000 citations): 1 journal below threshold, 2 journal not in list; arxiv branch 1",
      problems: 0,
    });
    const kept = await table("kept.csv");
    expect(kept.header).toEqual([...UNIQUE_CSV_HEADER, ...KEPT_EXTRA_COLUMNS]);
    expect(kept.header[UNIQUE_CSV_HEADER.length]).toBe("branch");
    expect(kept.rows.map((r) => [r.cluster_id, r.branch, r.journal_match, r.list_title, r.metric_value])).toEqual([
      ["c-a1", "arxiv", "", "", ""],
      ["c-m1", "journals", "title", "International Journal of Information Management", "10690"],
      ["c-s1", "journals", "issn", "Scientific data", "8945"],
      ["c-t1", "journals", "abbreviation", "International Journal of Information Management", "10690"],
    ]);
    expect(kept.rows.find((r) => r.cluster_id === "c-s1")).toMatchObject({
      list_source_id: "scopus:21100451321",
      list_location: "raw/journals/scimagojr-2021-lis.csv:5",
      detail: "8,945 citations ≥ 5,000",
    });
  });

  test("excludes every other record with its reason", async () => {
    await run();
    const excluded = await table("excluded.csv");
    expect(excluded.header).toEqual([...UNIQUE_CSV_HEADER, ...EXCLUDED_EXTRA_COLUMNS]);
    expect(excluded.rows.map((r) => [r.cluster_id, r.branch, r.reason, r.journal_match, r.detail])).toEqual([
      ["c-s2", "journals", "journal below threshold", "eissn", "1,308 citations < 5,000"],
      [
        "c-s3",
        "journals",
        "journal not in list",
        "",
        'no list journal matches "Applied Ergonomics", "Appl. Ergon.", ISSN 0003-6870',
      ],
      [
        "c-s4",
        "journals",
        "journal not in list",
        "",
        'no list journal matches "Applied Ergonomics", "Appl. Ergon.", ISSN 0003-6870',
      ],
    ]);
  });

  test("lists the journal names that matched nothing, with record counts", async () => {
    await run();
    const unmatched = await table("unmatched-journals.csv");
    expect(unmatched.rows).toEqual([
      {
        journal: "Applied Ergonomics",
        journal_abbrev: "Appl. Ergon.",
        issns: "0003-6870",
        records: "2",
        problem: "no match",
      },
    ]);
    expect(stderr.join("")).toContain(
      "listed 1 journal name the list does not resolve in processed/eligibility/unmatched-journals.csv",
    );
  });

  test("writes the list as read and the counts behind the summary", async () => {
    await run();
    const journals = await table("journals.csv");
    expect(journals.rows).toHaveLength(240);
    expect(journals.rows.filter((r) => r.qualifies === "yes")).toHaveLength(
      JSON.parse(await readFile(join(ws, "processed", "eligibility", "summary.json"), "utf8")).lists.qualifying,
    );
    const summary = JSON.parse(await readFile(join(ws, "processed", "eligibility", "summary.json"), "utf8"));
    expect(summary).toMatchObject({
      schemaVersion: 1,
      threshold: { value: 5000, retrieved: "2022-09-14", subjectAreas: ["Computer Science"] },
      lists: {
        files: [{ file: "raw/journals/scimagojr-2021-lis.csv", format: "scimago-csv", rows: 240 }],
        journals: 240,
      },
      records: {
        total: 7,
        threshold: 6,
        thresholdKept: 3,
        excluded: { "journal below threshold": 1, "journal not in list": 2 },
      },
      branches: [
        { id: "journals", filter: "journal-threshold", kept: 3 },
        { id: "arxiv", filter: "none", kept: 1 },
      ],
    });
  });

  test("gives byte-identical files on a second run", async () => {
    await run();
    const names = ["kept.csv", "excluded.csv", "unmatched-journals.csv", "journals.csv", "summary.json"];
    const first = await Promise.all(names.map((n) => readFile(join(ws, "processed", "eligibility", n))));
    await rm(join(ws, "processed", "eligibility"), { recursive: true });
    await run();
    const second = await Promise.all(names.map((n) => readFile(join(ws, "processed", "eligibility", n))));
    expect(second).toEqual(first);
  });

  test("without an eligibility section keeps every record on the branch main", async () => {
    await writeReview(null);
    const result = await run();
    expect(result.summary).toBe("kept 7 of 7 (no journal threshold in review.json)");
    const kept = await table("kept.csv");
    expect(new Set(kept.rows.map((r) => r.branch))).toEqual(new Set(["main"]));
    expect((await table("excluded.csv")).rows).toEqual([]);
  });
});

describe("srpipe eligibility errors", () => {
  test("a missing unique.csv says which stage makes it", async () => {
    await rm(join(ws, "processed", "dedup", "unique.csv"));
    expect(await failure()).toBe(
      "processed/dedup/unique.csv: expected the deduplicated records (run `srpipe dedupe` first), got no such file",
    );
  });

  test("a unique.csv row that does not read is named by its line and column", async () => {
    const path = join(ws, "processed", "dedup", "unique.csv");
    const lines = (await readFile(path, "utf8")).split("\n");
    lines[2] = lines[2]!.replace(/^c-m1,/, ","); // line 3: the rows are written in reverse
    await writeFile(path, lines.join("\n"));
    expect(await failure()).toBe(
      "processed/dedup/unique.csv:3:1: cluster_id: expected a cluster id, got an empty cell",
    );
  });

  test("a missing journal list is named", async () => {
    await rm(join(ws, "raw", "journals", "scimagojr-2021-lis.csv"));
    expect(await failure()).toBe(
      "raw/journals/scimagojr-2021-lis.csv: expected the journal list review.json names (eligibility.lists), got no such file (save the downloaded list there, or build one from OpenAlex with `srpipe journals fetch`)",
    );
  });

  test("a branch database review.json does not declare is refused", async () => {
    await writeReview({
      ...ELIGIBILITY,
      branches: [
        { id: "journals", filter: "journal-threshold" },
        { id: "preprints", databases: ["medrxiv"], filter: "none" },
      ],
    });
    expect(await failure()).toBe(
      'review.json: eligibility.branches.1.databases: expected one of the databases in review.json (pubmed, scopus, arxiv), got "medrxiv"',
    );
  });

  test("a metric column the list does not have names the columns found", async () => {
    await writeReview({ ...ELIGIBILITY, metric: { column: "Citation Count", year: 2021, windowYears: 4 } });
    expect(await failure()).toMatch(
      /^raw\/journals\/scimagojr-2021-lis\.csv:1: metric column: expected a column "Citation Count" .*, got the columns "Rank", "Sourceid", "Title", "Type", "Issn", "SJR", /,
    );
  });
});

describe("the eligibility command", () => {
  test("runs the stage on --workspace and exits 0", async () => {
    const { code } = await runCli(["eligibility", "--workspace", ws], tmpdir());
    expect(code).toBe(0);
    expect((await table("kept.csv")).rows).toHaveLength(4);
  });

  test("documents its outputs and the branch rule in --help", () => {
    const help = commandHelp(eligibilityCommand);
    expect(help).toContain("Usage: srpipe eligibility [--workspace DIR]");
    expect(help).toContain("processed/eligibility/unmatched-journals.csv");
    expect(help).toContain("goes down the journal branch when its journal qualifies");
  });
});
