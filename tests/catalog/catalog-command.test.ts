import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { runCli } from "../cli-io.js";
import { buildCatalog, writeCatalogFolder } from "../../src/catalog/build.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-catalog-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const reference = (name: string) => fixture(`catalog/${name}`);
const importArgs = (out: string) => [
  "catalog",
  "import",
  "--appear",
  reference("appear.csv"),
  "--best",
  reference("best.csv"),
  "--detail",
  reference("detail.csv"),
  "--out",
  out,
];

describe("srpipe catalog import", () => {
  test("writes the whole catalog folder and warns about what the published files disagree on", async () => {
    const { code, stderr } = await runCli(importArgs("cat"), dir);
    expect(code).toBe(0);
    expect((await readdir(join(dir, "cat"))).sort()).toEqual([
      "appear.csv",
      "best.csv",
      "catalog.csv",
      "categories.csv",
      "detail.csv",
      "models.csv",
      "stats.csv",
    ]);
    expect(stderr).toContain(
      `warning: model row 153: ${reference("appear.csv")} names "Mixtral" "8x7B", ${reference("best.csv")} "Mixtral" "7B" (kept as each file names it)`,
    );
    expect(stderr).toContain("imported catalog: 330 model rows × 67 category columns → 801 tidy rows in cat");
  });

  test("without --detail is a usage error (exit 2)", async () => {
    const args = importArgs("cat").filter((arg, index, all) => arg !== "--detail" && all[index - 1] !== "--detail");
    const { code, stderr } = await runCli(args, dir);
    expect(code).toBe(2);
    expect(stderr).toBe("srpipe catalog: catalog import: expected --detail\nsee `srpipe catalog --help`\n");
  });

  test("a missing published file fails (exit 1) naming the file", async () => {
    const { code, stderr } = await runCli(
      ["catalog", "import", "--appear", "nope.csv", "--best", "b.csv", "--detail", "d.csv", "--out", "cat"],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toBe("srpipe catalog: nope.csv: expected a readable published catalog file, got ENOENT\n");
  });
});

describe("srpipe catalog export", () => {
  test("import then export reproduces the three published files byte for byte", async () => {
    expect((await runCli(importArgs("cat"), dir)).code).toBe(0);
    // Only the tidy files go to export: the wide ones import wrote are removed first.
    for (const name of ["appear.csv", "best.csv", "detail.csv"]) await rm(join(dir, "cat", name));
    const { code, stderr } = await runCli(["catalog", "export", "--catalog", "cat", "--out", "wide"], dir);
    expect(code).toBe(0);
    expect(stderr).toBe("exported catalog: appear.csv, best.csv, detail.csv (330 model rows) in wide\n");
    for (const name of ["appear.csv", "best.csv", "detail.csv"]) {
      expect((await readFile(join(dir, "wide", name))).equals(readFileSync(reference(name)))).toBe(true);
    }
  });

  test("reads processed/catalog of the workspace by default", async () => {
    expect((await runCli(importArgs(join("ws", "processed", "catalog")), dir)).code).toBe(0);
    const { code } = await runCli(["catalog", "export", "--workspace", "ws", "--out", "wide"], dir);
    expect(code).toBe(0);
    expect((await readFile(join(dir, "wide", "appear.csv"))).equals(readFileSync(reference("appear.csv")))).toBe(true);
  });

  test("without --out is a usage error (exit 2)", async () => {
    const { code, stderr } = await runCli(["catalog", "export", "--catalog", "cat"], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("catalog export: expected --out");
  });

  test("a folder that is not a catalog fails (exit 1) naming the missing file", async () => {
    await mkdir(join(dir, "empty"));
    const { code, stderr } = await runCli(["catalog", "export", "--catalog", "empty", "--out", "wide"], dir);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "srpipe catalog: empty/categories.csv: expected a catalog folder file (written by `srpipe catalog import` or `srpipe report`), got no such file\n",
    );
  });
});

describe("srpipe catalog stats", () => {
  beforeEach(async () => {
    expect((await runCli(importArgs("cat"), dir)).code).toBe(0);
  });

  test("prints the figures as tables on stdout", async () => {
    const { code, stdout } = await runCli(["catalog", "stats", "--catalog", "cat"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GPT-4 +\(all sizes\) +36\/56 +30\/56$/m);
    expect(stdout).toMatch(/^3 +all +13 +240 +97 +689 +243 +-$/m);
  });

  test("with --json prints one object per model name and per name × size", async () => {
    const { code, stdout } = await runCli(["catalog", "stats", "--catalog", "cat", "--json"], dir);
    expect(code).toBe(0);
    const objects = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { model: string; size: string | null });
    expect(objects[2]).toEqual({ model: "GPT-3.5", size: null, applied: 29, best: 16, categories: 56 });
    expect(new Set(objects.filter((o) => o.size === null).map((o) => o.model)).size).toBe(270);
  });

  test("counts studies when the catalog was built from extraction (evidence.csv)", async () => {
    const category = {
      stage: "3",
      task: "Disease diagnosis",
      subtask: "Diagnosis conclusion generation",
      mandatoryInput: "text",
      optionalInput: "",
      output: "text",
    };
    const gpt4 = { model: "GPT-4", size: "" };
    const study = (studyId: string) => ({
      studyId,
      doi: "",
      title: "",
      line: 2,
      category,
      used: [gpt4],
      best: [gpt4],
      negativeResult: false,
    });
    const noGpu = { count: null, gpu: "" };
    await writeCatalogFolder(
      join(dir, "built"),
      buildCatalog({
        columns: [category],
        gpus: [],
        studies: [study("a"), study("b")],
        models: [
          { ...gpt4, access: "API", line: 2, phases: { pretraining: noGpu, "fine-tuning": noGpu, inference: noGpu } },
        ],
      }),
    );
    const { code, stdout } = await runCli(["catalog", "stats", "--catalog", "built"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^3 +Disease diagnosis +1 +1 +1 +2 +2 +2$/m);
    expect(stdout).not.toContain("lists no studies");
  });

  test.each([
    [["catalog"], "catalog: expected one of the actions import, export, stats, got nothing"],
    [["catalog", "list"], 'catalog: expected one of the actions import, export, stats, got "list"'],
    [["catalog", "stats", "cat"], 'catalog stats: unexpected argument "cat" (files are given with options)'],
    [["catalog", "stats", "--out", "x"], "catalog stats: --out is not an option of stats"],
    [
      ["catalog", "stats", "--jsn"],
      "catalog: unknown option '--jsn' (did you mean --json?); options: --appear, --best, --detail, --out, --catalog, --json, --workspace, --quiet, --verbose, --help",
    ],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const { code, stderr } = await runCli(argv, dir);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe(`srpipe catalog: ${message}`);
  });
});
