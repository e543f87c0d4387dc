import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { scoreDeduplication } from "../../src/dedupe/score.js";
import { RULES } from "../../src/dedupe/rules.js";
import { NOTICE_PATTERNS } from "../../src/dedupe/title.js";
import { fixture } from "../helpers.js";
import { runDedupeCli } from "./records.js";

let dir: string;
const rows = (csv: string) => parse(csv, { columns: true }) as { [column: string]: string }[];
const out = (file: string) => readFile(join(dir, "out", file), "utf8");

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-dedupe-cli-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Gold groups of a slice; the ASySD file's own ids are bare numbers (see tests/fixtures/dedup/MANIFEST.tsv). */
async function gold(name: string, toId: (id: string) => string = (id) => id): Promise<string[][]> {
  const text = await readFile(fixture(`dedup/${name}_slice_groups.csv`), "utf8");
  return text
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => line.replace(/"/g, "").split(";").map(toId));
}

describe("srpipe dedupe --in", () => {
  test.each([
    ["diabetes", ["--encoding", "latin1"], (id: string) => String(Number(id.replace("id_", ""))), 41],
    ["cytology", [], (id: string) => id, 12],
    ["digital_work", [], (id: string) => id, 12],
  ])("the %s benchmark slice is deduplicated without a false merge", async (name, flags, toId, found) => {
    const result = await runDedupeCli(["--in", fixture(`dedup/${name}_slice.csv`), "--out", "out", ...flags], dir);
    expect(result.code).toBe(0);
    const clusters = rows(await out("clusters.csv"));
    const score = scoreDeduplication(
      clusters.map((c) => ({ recordId: c.record_id!, clusterId: c.cluster_id!, retained: c.kept === "yes" })),
      await gold(name, toId),
    );
    expect(score.unknownGoldIds).toBe(0);
    expect(score.removal.fp).toBe(0);
    expect(score.removal.tp).toBeGreaterThanOrEqual(found);
  });

  test("a supplement's one DOI on unrelated abstracts is reported, and flagged on their merged records", async () => {
    const result = await runDedupeCli(
      ["--in", fixture("dedup/diabetes_slice.csv"), "--out", "out", "--encoding", "latin1"],
      dir,
    );
    expect(result.stderr).toContain("shared by records with unrelated titles, not used to link or separate records");
    const unique = rows(await out("unique.csv")).filter((u) => u.doi === "10.1007/s00125-017-4350-z");
    expect(unique.length).toBeGreaterThan(1);
    for (const u of unique) expect(u.flags).toContain("identifier-shared-by-unrelated-records");
  });

  test("record_id is the input's own id: a RIS ID, a CSV ID column", async () => {
    const result = await runDedupeCli(
      [
        "--in",
        fixture("mixed_ris/synthesisr_citesource_issue_24.ris"),
        fixture("dedup/cytology_slice.csv"),
        "--out",
        "out",
      ],
      dir,
    );
    expect(result.code).toBe(0);
    const ids = rows(await out("clusters.csv")).map((c) => c.record_id);
    expect(ids).toContain("243");
    expect(ids).toContain("id_0000001");
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("--in repeated reads every file, as a list after one --in does", async () => {
    const listed = await runDedupeCli(
      [
        "--in",
        fixture("mixed_ris/synthesisr_citesource_issue_24.ris"),
        fixture("dedup/cytology_slice.csv"),
        "--out",
        "out",
      ],
      dir,
    );
    const listedClusters = await out("clusters.csv");
    const repeated = await runDedupeCli(
      [
        "--in",
        fixture("mixed_ris/synthesisr_citesource_issue_24.ris"),
        "--in",
        fixture("dedup/cytology_slice.csv"),
        "--out",
        "out",
      ],
      dir,
    );
    expect([listed.code, repeated.code]).toEqual([0, 0]);
    expect(await out("clusters.csv")).toBe(listedClusters);
    expect(rows(listedClusters).map((c) => c.record_id)).toContain("id_0000001");
  });

  test("the same file given twice: ids made unique by file, every copy merged", async () => {
    const copy = join(dir, "again.csv");
    await writeFile(copy, await readFile(fixture("dedup/cytology_slice.csv")));
    const result = await runDedupeCli(["--in", fixture("dedup/cytology_slice.csv"), "again.csv", "--out", "out"], dir);
    expect(result.code).toBe(0);
    const clusters = rows(await out("clusters.csv"));
    expect(clusters.find((c) => c.record_id === "again.csv:id_0000001")).toBeDefined();
    await runDedupeCli(["--in", fixture("dedup/cytology_slice.csv"), "--out", "single"], dir);
    const single = rows(await readFile(join(dir, "single", "unique.csv"), "utf8"));
    expect(rows(await out("unique.csv"))).toHaveLength(single.length);
  });

  test("an empty file is reported, the other files are still deduplicated, and the exit code is 1", async () => {
    await writeFile(join(dir, "empty.ris"), "");
    const result = await runDedupeCli(["--in", "empty.ris", fixture("dedup/cytology_slice.csv"), "--out", "out"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("empty.ris: expected records, got an empty file");
    expect(rows(await out("clusters.csv")).length).toBe(46);
  });

  test("decisions in --overrides may name records by record_id", async () => {
    await writeFile(
      join(dir, "decisions.csv"),
      "key_a,key_b,verdict,who,when,note\nid_0000001,id_0000002,different,AB,,\n",
    );
    await runDedupeCli(
      ["--in", fixture("dedup/cytology_slice.csv"), "--out", "out", "--overrides", "decisions.csv"],
      dir,
    );
    const clusters = rows(await out("clusters.csv"));
    const clusterOf = (id: string) => clusters.find((c) => c.record_id === id)!.cluster_id;
    expect(clusterOf("id_0000001")).not.toBe(clusterOf("id_0000002"));
  });

  test("records without titles or authors, with a garbage DOI or a placeholder DOI, are reported and never merged", async () => {
    await writeFile(
      join(dir, "bad.csv"),
      [
        "ID,title,doi,author,year",
        "1,,not a doi,,2020",
        "2,,not a doi,,2020",
        "3,Editorial,,,2020",
        "4,Editorial,,,2020",
        "5,Renal outcomes of linagliptin in type 2 diabetes,10.1000/placeholder,,2020",
        "6,Hepatic steatosis after bariatric surgery in adolescents,10.1000/placeholder,,2020",
        "7,Exercise capacity after cardiac rehabilitation in older women,10.1000/placeholder,,2020",
      ].join("\n"),
    );
    const result = await runDedupeCli(["--in", "bad.csv", "--out", "out"], dir);
    expect(new Set(rows(await out("clusters.csv")).map((c) => c.cluster_id)).size).toBe(7);
    expect(result.stderr).toContain("2 records without a title");
    expect(result.stderr).toContain("2 records with a DOI that could not be read");
    expect(result.stderr).toContain(
      "1 identifier shared by records with unrelated titles, not used to link or separate records: doi:10.1000/placeholder",
    );
  });

  test("--in without --out is a usage error", async () => {
    const result = await runDedupeCli(["--in", fixture("dedup/cytology_slice.csv")], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--in needs --out DIR");
  });

  test("--help explains the three files and how to record a decision", async () => {
    const result = await runDedupeCli(["--help"], dir);
    expect(result.stdout).toContain("raw/overrides/duplicates.csv");
    expect(result.stdout).toContain("verdict,who,when,note");
    expect(result.stdout).toContain("identifier-conflict");
  });

  test("--help lists what is tried in order: every notice pattern, then every rule, policies marked", async () => {
    const { stdout } = await runDedupeCli(["--help"], dir);
    const at = (name: string) => stdout.indexOf(`       ${name} `);
    const notices = NOTICE_PATTERNS.map((p) => at(p.name));
    const rules = RULES.map((r) => at(r.name));
    expect([...notices, ...rules].every((position) => position > 0)).toBe(true);
    expect([...notices, ...rules]).toEqual([...notices, ...rules].sort((x, y) => x - y));
    expect(stdout).toMatch(/notice-and-its-publication\s+policy: /);
    expect(stdout).toContain("--policy KEY=CHOICE");
  });

  test("--policy with a choice that is not one is a usage error", async () => {
    const result = await runDedupeCli(
      ["--in", fixture("dedup/cytology_slice.csv"), "--out", "out", "--policy", "errata=yes"],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--policy expects KEY=CHOICE");
  });
});
