/**
 * The reference catalog folder for the selector tests: catalog.csv made from the published
 * appear.csv and best.csv (tests/fixtures/catalog/, copies of williamlhy/Clinical-LLM-select, see
 * its MANIFEST.tsv) with wideToTidy + formatTidyCsv, and detail.csv copied as published. No
 * evidence.csv: the published catalog lists no studies.
 */
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "../helpers.js";
import { formatTidyCsv, wideToTidy } from "../../src/catalog/tidy.js";
import { parseCountsWide } from "../../src/catalog/wide-layout.js";

export async function referenceCatalogFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "srpipe-selector-"));
  const read = (name: string) => readFile(fixture(`catalog/${name}`), "utf8");
  const appear = parseCountsWide(await read("appear.csv"), "appear.csv");
  const best = parseCountsWide(await read("best.csv"), "best.csv");
  await writeFile(join(dir, "catalog.csv"), formatTidyCsv(wideToTidy(appear, best)));
  await copyFile(fixture("catalog/detail.csv"), join(dir, "detail.csv"));
  return dir;
}
