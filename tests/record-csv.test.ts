import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { csvDocument } from "../src/io/csv-write.js";
import { finaliseRecord, type Record, type RecordDraft } from "../src/record.js";
import { RECORDS_CSV_HEADER, compareRecords, recordToRow, rowToRecord } from "../src/record-csv.js";

function record(draft: RecordDraft, position = 1): Record {
  const item = finaliseRecord(draft, {
    file: "raw/exports/scopus/q/s.csv",
    position,
    line: position + 1,
    format: "scopus-csv",
    queryId: "q",
    database: "scopus",
  });
  if (item.kind !== "record") throw new Error(JSON.stringify(item.reject));
  return item.record;
}

const full = record({
  eid: "2-s2.0-85136453267",
  doi: "10.1080/00140139.2022.2113152",
  pmid: "35975555",
  title: 'Gender-specific "visual" perturbation, effects; a study',
  abstract: "Line one.\nLine two, with a comma.",
  authors: [
    { family: "Hao", given: "Jie" },
    { family: "WHO Study Group", given: null },
    { family: "Siu", given: "Ka-Chun" },
  ],
  year: "2023",
  date: "2023-05",
  journal: "Ergonomics",
  journalAbbrev: "Ergonomics",
  issn: "00140139",
  eissn: "1366-5847",
  volume: "66",
  issue: "5",
  pages: "704–715",
  publicationTypes: ["Article"],
  language: "English",
  keywords: ["virtual reality", "EMG; muscle"],
  raw: { scopusAuthorIds: "57221302630; 6701683718" },
} as RecordDraft);

describe("records.csv", () => {
  test("a record survives writing and reading back unchanged", () => {
    const text = csvDocument(RECORDS_CSV_HEADER, [recordToRow(full)]);
    const rows = parse(text, { columns: true }) as { [column: string]: string }[];
    const back = rowToRecord(rows[0]!);
    expect(back).toEqual({ ...full, keywords: ["virtual reality", "EMG, muscle"] });
  });

  test("null cells are empty and lists are joined with '; '", () => {
    const row = recordToRow(record({ title: "Only a title" }));
    const cells = Object.fromEntries(RECORDS_CSV_HEADER.map((name, i) => [name, row[i]]));
    expect(cells.doi).toBeNull();
    expect(recordToRow(full)[RECORDS_CSV_HEADER.indexOf("authors")]).toBe("Hao, Jie; WHO Study Group; Siu, Ka-Chun");
  });

  test("a row with a value the schema refuses names the column", () => {
    const text = csvDocument(RECORDS_CSV_HEADER, [recordToRow(full)]);
    const rows = parse(text, { columns: true }) as { [column: string]: string }[];
    expect(() => rowToRecord({ ...rows[0]!, issn: "0014-0139X" })).toThrow(/^issn: /);
    const { doi: _, ...withoutDoi } = rows[0]!;
    expect(() => rowToRecord(withoutDoi)).toThrow(/doi: expected a column "doi"/);
  });

  test("rows sort by key, then file and position", () => {
    const a = record({ title: "A", eid: "2-s2.0-2" }, 5);
    const b = record({ title: "B", eid: "2-s2.0-1" }, 9);
    const c = record({ title: "B", eid: "2-s2.0-1" }, 2);
    expect([a, b, c].sort(compareRecords).map((r) => [r.key, r.provenance.position])).toEqual([
      ["scopus:2-s2.0-1", 2],
      ["scopus:2-s2.0-1", 9],
      ["scopus:2-s2.0-2", 5],
    ]);
  });
});
