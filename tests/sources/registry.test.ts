import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { openText } from "../../src/io/text-input.js";
import { describeUnknownContent, detectAdapter } from "../../src/sources/registry.js";
import { fixture } from "../helpers.js";

/** Each fixture folder and the format its files are; detection must agree for every file. */
const FOLDER_FORMATS: [string, string | null][] = [
  ["pubmed_xml", "pubmed-xml"],
  ["medline_nbib", "medline"],
  ["scopus_csv", "scopus-csv"],
  ["ieee_csv", "ieee-csv"],
  ["scopus_ris", "ris"],
  ["sciencedirect_ris", "ris"],
  ["ovid_ris", "ris"],
  ["embase_ris", "ris"],
  ["ebsco_ris", "ris"],
  ["wos_ris", "ris"],
  ["rayyan_ris", "ris"],
  ["mixed_ris", "ris"],
  ["ieee_ris", "ris"],
  ["scopus_bibtex", "bibtex"],
  ["wos_bibtex", "bibtex"],
  ["openalex_works", "openalex-json"],
  ["endnote_xml", "endnote-xml"],
  ["endnote_tagged", "endnote-tagged"],
  ["wos_tagged", "wos-tagged"],
  ["generic_ris", "ris"],
  // Not records: search results, wrappers and unsupported APIs are detected as nothing.
  ["pubmed_esearch", null],
  ["crossref_json", null],
];

const cases = FOLDER_FORMATS.flatMap(([folder, format]) =>
  readdirSync(fixture(folder))
    .filter((name) => !name.endsWith(".tsv"))
    .map((name) => [`${folder}/${name}`, format] as const),
);
const arxivCases = readdirSync(fixture("arxiv_atom")).map(
  (name) => [`arxiv_atom/${name}`, name.endsWith(".xml") ? "arxiv-atom" : null] as const,
);

describe("format detection by content", () => {
  test.each([...cases, ...arxivCases])("%s is detected as %s", async (file, format) => {
    const text = await openText(fixture(file));
    expect(detectAdapter(text.sample)?.id ?? null).toBe(format);
  });

  test("a MEDLINE file named .ris is MEDLINE", async () => {
    const { mkdtemp, copyFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "srpipe-detect-"));
    const misnamed = join(dir, "pubmed.ris");
    await copyFile(fixture("medline_nbib/synthesisr_PubMed_example.txt"), misnamed);
    const text = await openText(misnamed);
    expect(detectAdapter(text.sample)?.id).toBe("medline");
  });

  test("what no adapter reads is described in a reviewer's words", () => {
    expect(describeUnknownContent('<?xml version="1.0"?>\n<eSearchResult><Count>3</Count>')).toMatch(/ESearch result/);
    expect(describeUnknownContent('{"status":"ok","message-type":"work","message":{}}')).toMatch(/Crossref/);
    expect(describeUnknownContent("hello world\nsecond line")).toBe('text starting "hello world"');
  });
});
