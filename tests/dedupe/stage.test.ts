import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { csvDocument } from "../../src/io/csv-write.js";
import { createLogger } from "../../src/log.js";
import { DedupeConfigSchema } from "../../src/protocol/dedupe.js";
import { dedupeStage } from "../../src/stages/dedupe.js";
import { importStage } from "../../src/stages/import.js";
import { UNIQUE_CSV_HEADER, rowToUniqueRecord } from "../../src/unique-csv.js";
import { fixture } from "../helpers.js";
import { stageContextAt } from "../stage-context.js";

let ws: string;
let messages: string[];
const made: string[] = [];

const rows = (csv: string) => parse(csv, { columns: true }) as { [column: string]: string }[];
const read = (relative: string) => readFile(join(ws, relative), "utf8");
const context = () =>
  stageContextAt(
    ws,
    createLogger("normal", (line) => messages.push(line)),
  );

beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "srpipe-dedupe-stage-"));
  made.push(ws);
  messages = [];
  await writeFile(
    join(ws, "review.json"),
    JSON.stringify({
      schemaVersion: 1,
      title: "t",
      databases: [
        { id: "embase", name: "Embase" },
        { id: "medline", name: "MEDLINE" },
      ],
    }),
  );
  await mkdir(join(ws, "raw", "exports", "embase"), { recursive: true });
  await cp(fixture("dedup/cytology_slice.csv"), join(ws, "raw", "exports", "embase", "cytology.csv"));
  // The title of id_0000001 again a year later, on other pages of another length: a question for a person, not for the rules.
  await writeFile(
    join(ws, "raw", "exports", "embase", "reprint.csv"),
    '"ID","title","year","author","pages","volume","number","ENTRYTYPE","journal"\n' +
      '"id_9000001","Comparison of human papillomavirus distribution in cytologic subgroups of low-grade squamous intraepithelial lesion",2007,"Zuna, R E and Wang, S S and Schiffman, M and Solomon, D","301-306",108,,"article","Cancer"\n',
  );
  await importStage.run(await context());
  messages = [];
});

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("the dedupe stage", () => {
  test("writes every record to clusters.csv and one merged record per cluster to unique.csv", async () => {
    const result = await dedupeStage.run(await context());
    const clusters = rows(await read("processed/dedup/clusters.csv"));
    const records = rows(await read("processed/records.csv"));
    expect((await read("processed/dedup/clusters.csv")).split("\n", 1)[0]!.startsWith("record_id,cluster_id,")).toBe(
      true,
    );
    expect(clusters).toHaveLength(records.length);
    expect(clusters.map((c) => c.record_id).sort()).toEqual(records.map((r) => r.source_id).sort());
    const uniqueText = await read("processed/dedup/unique.csv");
    expect(uniqueText.split("\n", 1)[0]).toBe(UNIQUE_CSV_HEADER.join(","));
    const unique = rows(uniqueText).map(rowToUniqueRecord);
    expect(unique.map((u) => u.clusterId)).toEqual([...new Set(clusters.map((c) => c.cluster_id))].sort());
    const members = unique.flatMap((u) => u.memberKeys);
    expect(members.sort()).toEqual(records.map((r) => r.key).sort());
    const kept = clusters.filter((c) => c.kept === "yes");
    expect(kept).toHaveLength(unique.length);
    // Three copies of id_0000001, id_0000002, id_0000003: one cluster, linked by a rule, with similarities.
    const first = clusters.filter((c) => ["id_0000001", "id_0000002", "id_0000003"].includes(c.record_id ?? ""));
    expect(new Set(first.map((c) => c.cluster_id)).size).toBe(1);
    expect(
      first.filter((c) => c.kept === "no").every((c) => c.rule !== "" && c.sim_title === "1.000" && c.linked_to !== ""),
    ).toBe(true);
    expect(result.summary).toContain(`${unique.length} unique records from ${records.length} records`);
    expect(messages.join("")).toContain("wrote processed/dedup/:");
  });

  test("a second run writes byte-identical files", async () => {
    await dedupeStage.run(await context());
    const first = await Promise.all(["clusters", "unique", "review"].map((f) => read(`processed/dedup/${f}.csv`)));
    await dedupeStage.run(await context());
    const second = await Promise.all(["clusters", "unique", "review"].map((f) => read(`processed/dedup/${f}.csv`)));
    expect(second).toEqual(first);
  });

  test("a reviewer's decisions are honoured and never asked again", async () => {
    await dedupeStage.run(await context());
    const review = rows(await read("processed/dedup/review.csv"));
    expect(review.length).toBeGreaterThan(0);
    const question = review[0]!;
    expect(Object.keys(question).slice(0, 7)).toEqual(["verdict", "who", "when", "note", "key_a", "key_b", "agree"]);
    expect(question.disagree).toContain("first page (288-297 / 301-306)");
    const merged = rows(await read("processed/dedup/clusters.csv")).find((c) => c.record_id === "id_0000002")!;
    await mkdir(join(ws, "raw", "overrides"), { recursive: true });
    await writeFile(
      join(ws, "raw", "overrides", "duplicates.csv"),
      `key_a,key_b,verdict,who,when,note\n${question.key_a},${question.key_b},same,AB,2025-04-01,checked the PDF\nembase:id_0000001,${merged.key},different,AB,2025-04-01,\n`,
    );
    await dedupeStage.run(await context());
    const clusters = rows(await read("processed/dedup/clusters.csv"));
    const clusterOf = (key: string) => clusters.find((c) => c.key === key)!.cluster_id;
    expect(clusterOf(question.key_a!)).toBe(clusterOf(question.key_b!));
    expect(clusterOf("embase:id_0000001")).not.toBe(clusterOf(merged.key!));
    const again = rows(await read("processed/dedup/review.csv"));
    expect(again.some((r) => r.key_a === question.key_a && r.key_b === question.key_b)).toBe(false);
  });

  test("review.csv saved as the overrides with its title cells moved off their keys is refused, nothing applied", async () => {
    await dedupeStage.run(await context());
    const reviewText = await read("processed/dedup/review.csv");
    const question = rows(reviewText)[0]!;
    const columns = Object.keys(question);
    // The title of a record from another row, as a sort that left the keys in place would put there.
    const other = rows(await read("processed/records.csv")).find((r) => r.title !== question.title_a)!;
    const moved: { [column: string]: string } = { ...question, verdict: "same", title_a: other.title! };
    await mkdir(join(ws, "raw", "overrides"), { recursive: true });
    await writeFile(
      join(ws, "raw", "overrides", "duplicates.csv"),
      csvDocument(columns, [columns.map((c) => moved[c] ?? null)]),
    );
    const before = await read("processed/dedup/clusters.csv");
    await expect(dedupeStage.run(await context())).rejects.toThrow(
      /^raw\/overrides\/duplicates\.csv:2: title_a: expected the title of /,
    );
    expect(await read("processed/dedup/clusters.csv")).toBe(before);
  });

  test("methods.md states the counts, the policy in effect and the records each rule joined, as clusters.csv has them", async () => {
    const review = JSON.parse(await read("review.json"));
    await writeFile(join(ws, "review.json"), JSON.stringify({ ...review, dedupe: { policy: { errata: "review" } } }));
    await dedupeStage.run(await context());
    const methods = await read("processed/dedup/methods.md");
    const clusters = rows(await read("processed/dedup/clusters.csv"));
    const unique = new Set(clusters.map((c) => c.cluster_id)).size;
    expect(methods).toContain(`${clusters.length} records were deduplicated with srpipe `);
    expect(methods).toContain(`${unique} unique records remain (${clusters.length - unique} duplicates removed)`);
    expect(methods).toContain("- `errata`: **review** (set in review.json)");
    expect(methods).toContain("- `republications`: **merge** (the default)");
    const byRule = new Map<string, number>();
    for (const c of clusters) if (c.rule) byRule.set(c.rule, (byRule.get(c.rule) ?? 0) + 1);
    expect(byRule.size).toBeGreaterThan(0);
    for (const [rule, count] of byRule) expect(methods).toContain(`| ${rule} | ${count} |`);
  });

  test("review.json's dedupe.policy decides an erratum and its article", async () => {
    const header = '"ID","title","year","author","pages","volume","number","ENTRYTYPE","journal"\n';
    const erratum =
      '"id_9000002","Erratum: Comparison of human papillomavirus distribution in cytologic subgroups of low-grade squamous intraepithelial lesion",2006,"Zuna, R E and Wang, S S","1122",108,,"article","Cancer"\n';
    await writeFile(join(ws, "raw", "exports", "embase", "erratum.csv"), header + erratum);
    const erratumCluster = async () => {
      await importStage.run(await context());
      await dedupeStage.run(await context());
      const clusters = rows(await read("processed/dedup/clusters.csv"));
      const of = (id: string) => clusters.find((c) => c.record_id === id)!;
      return { same: of("id_9000002").cluster_id === of("id_0000001").cluster_id, rule: of("id_9000002").rule };
    };
    expect(await erratumCluster()).toEqual({ same: false, rule: "" });
    const review = JSON.parse(await read("review.json"));
    await writeFile(join(ws, "review.json"), JSON.stringify({ ...review, dedupe: { policy: { errata: "merge" } } }));
    expect(await erratumCluster()).toEqual({ same: true, rule: "notice-and-its-publication (errata: merge)" });
  });

  test("an override naming an unknown key is an error naming file and line", async () => {
    await mkdir(join(ws, "raw", "overrides"), { recursive: true });
    await writeFile(
      join(ws, "raw", "overrides", "duplicates.csv"),
      "key_a,key_b,verdict,who,when,note\nembase:id_0000001,embase:nope,same,AB,,\n",
    );
    await expect(dedupeStage.run(await context())).rejects.toThrow(
      'raw/overrides/duplicates.csv:2: key_b: expected a record key in processed/records.csv, got "embase:nope"',
    );
  });

  test("without processed/records.csv it says to import first", async () => {
    const empty = await mkdtemp(join(tmpdir(), "srpipe-dedupe-empty-"));
    made.push(empty);
    await cp(join(ws, "review.json"), join(empty, "review.json"));
    await expect(dedupeStage.run(await stageContextAt(empty))).rejects.toThrow(
      "processed/records.csv: expected the records `srpipe import` writes, got no such file (run `srpipe import` first)",
    );
  });

  test("a damaged row of records.csv is an error naming its line, column and field, what was expected and what was got", async () => {
    const [header, ...body] = parse(await read("processed/records.csv")) as string[][];
    const year = header!.indexOf("year");
    body[2]![year] = "two thousand";
    await writeFile(join(ws, "processed", "records.csv"), csvDocument(header!, body));
    await expect(dedupeStage.run(await context())).rejects.toThrow(
      `processed/records.csv:4:${year + 1}: year: expected a four-digit year or an empty cell, got "two thousand"`,
    );
  });

  test("a records.csv without a column of the contract is named at its header", async () => {
    const [header, ...body] = parse(await read("processed/records.csv")) as string[][];
    const doi = header!.indexOf("doi");
    const drop = (row: string[]) => row.filter((_, i) => i !== doi);
    await writeFile(join(ws, "processed", "records.csv"), csvDocument(drop(header!), body.map(drop)));
    await expect(dedupeStage.run(await context())).rejects.toThrow(
      `processed/records.csv:1: header: expected a column "doi", got none among the ${header!.length - 1} columns there`,
    );
  });

  test("a records.csv with no rows gives empty tables and a warning", async () => {
    const header = (await read("processed/records.csv")).split("\n", 1)[0]!;
    await writeFile(join(ws, "processed", "records.csv"), `${header}\n`);
    const result = await dedupeStage.run(await context());
    expect(rows(await read("processed/dedup/unique.csv"))).toEqual([]);
    expect(result.problems).toBe(0);
    expect(messages.join("")).toContain("holds no records: nothing to deduplicate");
  });
});

describe("review.json's dedupe section", () => {
  test("links preprints by default and accepts nothing unknown", () => {
    expect(DedupeConfigSchema.parse({})).toEqual({
      linkPreprints: true,
      policy: {
        errata: "separate",
        commentsAndReplies: "separate",
        retractions: "separate",
        registryEntries: "merge",
        supplementAbstracts: "merge",
        republications: "merge",
      },
    });
    expect(DedupeConfigSchema.safeParse({ policy: { errata: "maybe" } }).success).toBe(false);
    expect(DedupeConfigSchema.safeParse({ threshold: 0.9 }).success).toBe(false);
  });
});
