/**
 * Golden files for every writer: the exact bytes `convert --to …` produces for two records
 * that carry the characters each format must escape. Set UPDATE_GOLDEN=1 to rewrite them
 * after a deliberate change, then read the diff.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { finaliseRecord, type Record, type RecordDraft } from "../src/record.js";
import { WRITERS } from "../src/writers/registry.js";
import { TESTS_DIR } from "./helpers.js";
import { join } from "node:path";

function record(draft: RecordDraft, database: string, position: number): Record {
  const item = finaliseRecord(draft, {
    file: "raw/exports/x/export.ris",
    position,
    line: position * 10,
    format: "ris",
    queryId: "q1",
    database,
  });
  if (item.kind !== "record") throw new Error(JSON.stringify(item.reject));
  return item.record;
}

const RECORDS: Record[] = [
  record(
    {
      sourceId: "2-s2.0-85136453267",
      eid: "2-s2.0-85136453267",
      doi: "https://doi.org/10.1080/00140139.2022.2113152",
      pmid: "35975555",
      title: 'Large language models & "clinical" notes: 100% {accuracy}? A_study',
      abstract: "BACKGROUND: Line one,\nline two; with a comma.",
      authors: [
        { family: "Müller", given: "Jürgen" },
        { family: "WHO Study Group", given: null },
      ],
      year: "2023",
      date: "2023-05-17",
      journal: "Journal of Medical Internet Research",
      journalAbbrev: "J Med Internet Res",
      issn: "14388871",
      volume: "25",
      issue: "5",
      pages: "e1234–e1240",
      publicationTypes: ["Article"],
      language: "English",
      keywords: ["LLM", "GPT-4; ChatGPT"],
    },
    "scopus",
    1,
  ),
  record(
    {
      arxivId: "http://arxiv.org/abs/2303.08774v6",
      title: "GPT-4 Technical Report",
      authors: [{ family: "OpenAI", given: null }],
      year: 2023,
      date: "2023-03-15",
      publicationTypes: ["Preprint"],
    },
    "arxiv",
    2,
  ),
];

const EXTENSIONS: { [id: string]: string } = { jsonl: "jsonl", csv: "csv", ris: "ris", bibtex: "bib" };

describe("writers match their golden files", () => {
  test.each(WRITERS.map((w) => [w.id, w] as const))("%s", (id, writer) => {
    const text = writer.header() + RECORDS.map((r) => writer.write(r)).join("") + writer.footer();
    const golden = join(TESTS_DIR, "golden", "writers", `two-records.${EXTENSIONS[id]}`);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });
});
