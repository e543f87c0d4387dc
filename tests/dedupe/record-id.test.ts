import { describe, expect, test } from "vitest";
import { ownId, uniqueRecordIds } from "../../src/dedupe/record-id.js";
import { record } from "./records.js";

describe("record ids", () => {
  test("the input's own id, by format", () => {
    expect(ownId(record({ sourceId: "id_0000001" }))).toBe("id_0000001");
    const ris = record({ sourceId: "WOS:000123", raw: { id: "17" } });
    expect(ownId({ ...ris, provenance: { ...ris.provenance, format: "ris" } })).toBe("17");
    const bib = record({ raw: { citationKey: "Smith2020" } });
    expect(ownId({ ...bib, provenance: { ...bib.provenance, format: "bibtex" } })).toBe("Smith2020");
    expect(ownId(record({ pmid: "12345" }))).toBe("12345");
    const bare = record({});
    expect(ownId(bare)).toBe(`test.csv:${bare.provenance.position}`);
  });

  test("ids shared by records of two files take the file's name, then the position", () => {
    expect(
      uniqueRecordIds([
        { own: "1", file: "a.ris", position: 1 },
        { own: "1", file: "b.ris", position: 1 },
        { own: "2", file: "a.ris", position: 2 },
        { own: "3", file: "a.ris", position: 3 },
        { own: "3", file: "a.ris", position: 4 },
      ]),
    ).toEqual(["a.ris:1", "b.ris:1", "2", "a.ris:3", "a.ris:4"]);
  });
});
