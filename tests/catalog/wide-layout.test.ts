import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture } from "../helpers.js";
import { InputError } from "../../src/errors.js";
import {
  formatCountsWide,
  formatDetailWide,
  parseCountsWide,
  parseDetailWide,
  HEADER_ROWS,
} from "../../src/catalog/wide-layout.js";
import { formatWideText, parseWideText } from "../../src/catalog/wide-csv.js";

const read = (name: string): string => readFileSync(fixture(`catalog/${name}`), "utf8");
const bytes = (name: string): Buffer => readFileSync(fixture(`catalog/${name}`));

describe("the published wide layout", () => {
  test.each(["appear.csv", "best.csv"])("%s is read and written back byte for byte", (name) => {
    const written = formatCountsWide(parseCountsWide(read(name), name));
    expect(Buffer.from(written, "utf8").equals(bytes(name))).toBe(true);
  });

  test("detail.csv is read and written back byte for byte", () => {
    const written = formatDetailWide(parseDetailWide(read("detail.csv"), "detail.csv"));
    expect(Buffer.from(written, "utf8").equals(bytes("detail.csv"))).toBe(true);
  });

  test("a catalog built without the source's text traits is written with BOM, CRLF and a final CRLF", () => {
    const { columns, rows } = parseCountsWide(read("appear.csv"), "appear.csv");
    const written = formatCountsWide({ columns, rows });
    expect(written.startsWith("\uFEFFStage,Size,1,")).toBe(true);
    expect(written.endsWith("\r\n")).toBe(true);
    expect(Buffer.from(written, "utf8").equals(bytes("appear.csv"))).toBe(true);
  });

  test("labels are kept exactly as published, trailing space included", () => {
    const { columns } = parseCountsWide(read("appear.csv"), "appear.csv");
    expect(columns.map((c) => c.subtask)).toContain("Imaging protocol generation ");
  });

  test("the stage written only where it changes is carried to the columns on its right", () => {
    const { columns } = parseCountsWide(read("appear.csv"), "appear.csv");
    expect(columns[0]?.stage).toBe("1");
    expect(columns[1]?.stage).toBe("2");
    expect(columns[2]?.stage).toBe("2");
    expect(columns.at(-1)?.stage).toBe("5");
  });

  test("cells with commas or quotes are quoted on write and read back unchanged", () => {
    const wide = {
      bom: true,
      eol: "\r\n" as const,
      finalEol: true,
      lines: [
        ["a,b", 'say "hi"', "plain "],
        ["", "x", ""],
      ],
    };
    const text = formatWideText(wide);
    expect(text).toBe('\uFEFF"a,b","say ""hi""",plain \r\n,x,\r\n');
    expect(parseWideText(text, "t.csv")).toEqual(wide);
  });
});

describe("a malformed wide file", () => {
  const appear = read("appear.csv");
  const lines = appear.split("\r\n");

  function errorOf(text: string, file = "appear.csv"): InputError {
    try {
      parseCountsWide(text, file);
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error("expected an InputError");
  }

  test("a missing header row is named by file:line:column and the row expected", () => {
    const withoutSubtask = [...lines.slice(0, 2), ...lines.slice(3)].join("\r\n");
    const error = errorOf(withoutSubtask);
    expect(error.message).toBe('appear.csv:3:1: header: expected the header row "Sub-task", got "Mandatory input"');
  });

  test("a non-integer count is named by file:line:column and its category", () => {
    const model = lines[HEADER_ROWS]!.split(",");
    model[4] = "1.5";
    const text = [...lines.slice(0, HEADER_ROWS), model.join(","), ...lines.slice(HEADER_ROWS + 1)].join("\r\n");
    const error = errorOf(text);
    expect(error.message).toMatch(
      /^appear\.csv:7:5: 2\/Report summarization: expected a whole number of studies \(0, 1, 2, …\), got "1\.5"$/,
    );
    expect(error.context).toMatchObject({ file: "appear.csv", line: 7, column: 5 });
  });

  test("a model row with a missing cell is named by file:line", () => {
    const model = lines[HEADER_ROWS + 2]!.split(",").slice(0, -1).join(",");
    const text = [...lines.slice(0, HEADER_ROWS + 2), model, ...lines.slice(HEADER_ROWS + 3)].join("\r\n");
    expect(errorOf(text).message).toBe("appear.csv:9:69: expected 69 cells (as many as the header), got 68");
  });

  test("a detail.csv with a renamed field column is refused at that column", () => {
    const text = read("detail.csv").replace("pre_TDP", "pre_tdp");
    expect(() => parseDetailWide(text, "detail.csv")).toThrow(
      'detail.csv:1:6: header: expected "pre_TDP", got "pre_tdp"',
    );
  });
});
