import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { catalogCommand } from "../../src/commands/catalog.js";
import { createLogger } from "../../src/log.js";
import { UsageError } from "../../src/errors.js";
import { formatTidyCsv, wideToTidy } from "../../src/catalog/tidy.js";
import { parseCountsWide } from "../../src/catalog/wide-layout.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-catalog-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(positionals: string[], out?: string): Promise<{ code: number; log: string }> {
  const lines: string[] = [];
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), cwd: dir };
  const code = await catalogCommand.run({ io, log: createLogger("normal", (l) => lines.push(l)), options: { out }, positionals });
  return { code, log: lines.join("") };
}

describe("srpipe catalog import", () => {
  test("writes the tidy catalog.csv of a published catalog folder and warns about differing labels", async () => {
    const { code, log } = await run(["import", fixture("catalog")], "catalog.csv");
    expect(code).toBe(0);
    const read = async (name: string) => parseCountsWide(await readFile(fixture(`catalog/${name}`), "utf8"), name);
    const expected = formatTidyCsv(wideToTidy(await read("appear.csv"), await read("best.csv")));
    expect(await readFile(join(dir, "catalog.csv"), "utf8")).toBe(expected);
    expect(log).toContain('model row 153: appear.csv names "Mixtral" "8x7B", best.csv "Mixtral" "7B"');
    expect(log).toContain("330 model rows × 67 category columns");
  });

  test("without --out is a usage error", async () => {
    await expect(run(["import", fixture("catalog")])).rejects.toThrow(UsageError);
  });

  test("a folder without the catalog files is refused naming the file", async () => {
    await expect(run(["import", "."], "catalog.csv")).rejects.toThrow(/^appear\.csv: expected a readable published catalog file, got ENOENT$/);
  });
});
