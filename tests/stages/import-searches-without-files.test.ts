import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runCli } from "../cli-io.js";
import { copySampleReview, fixture } from "../helpers.js";

let ws = "";
beforeEach(async () => {
  ws = await copySampleReview();
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
});

const QUERY = "sciencedirect-generic-large-language-models";

test("a manual search whose export folder holds no file is named in a warning and in the import summary", async () => {
  const result = await runCli(["import", "--workspace", ws]);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(
    `warning: queries/${QUERY}: a manual export with no file in raw/exports/sciencedirect/${QUERY}/ yet; run it on the database's website and save the export there (its records are in no count until then)`,
  );
  expect(result.stderr).toMatch(
    new RegExp(`wrote processed/records.csv: .*, 1 search with no files yet \\(${QUERY}\\)`),
  );
});

test("once the export is saved in the query's folder, the warning is gone", async () => {
  await mkdir(join(ws, "raw/exports/sciencedirect", QUERY), { recursive: true });
  await cp(
    fixture("sciencedirect_ris/jabref_RisImporterTestScience.ris"),
    join(ws, "raw/exports/sciencedirect", QUERY, "export.ris"),
  );
  const result = await runCli(["import", "--workspace", ws]);
  expect(result.stderr).not.toContain(`queries/${QUERY}:`);
  expect(result.stderr).not.toContain("with no files yet");
});

test("an API search with no complete snapshot says to run srpipe fetch", async () => {
  await rm(join(ws, "raw/searches/pubmed"), { recursive: true, force: true });
  const result = await runCli(["import", "--workspace", ws]);
  expect(result.stderr).toContain(
    "warning: queries/pubmed-generic: an API search with no complete snapshot under raw/searches/pubmed/pubmed-generic/ yet; run `srpipe fetch`",
  );
});

test("two searches with no files are counted as searches in the summary", async () => {
  await rm(join(ws, "raw/searches/pubmed"), { recursive: true, force: true });
  const result = await runCli(["import", "--workspace", ws]);
  expect(result.stderr).toMatch(
    new RegExp(`wrote processed/records.csv: .*, 2 searches with no files yet \\(pubmed-generic, ${QUERY}\\)`),
  );
});
