import { describe, expect, test } from "vitest";
import { encodeCell, parseSheetText, renderSheetText, replaceCells, SheetTextError } from "../../src/io/sheet-text.js";

const roundTrip = (text: string) => renderSheetText(parseSheetText(text));

describe("sheet text", () => {
  test.each([
    ["LF, no BOM", "a,b,c\n1,2,3\n"],
    ["a spreadsheet's BOM and CRLF", "\uFEFFa,b,c\r\n1,2,3\r\n"],
    [
      "quoted cells with doubled quotes, commas and line breaks inside",
      'a,b\n"say ""hi"", then go","line one\r\nline two\nline three"\n',
    ],
    ["a trailing space, a leading space and an empty quoted cell", 'a,b,c\n x ,"",y \n'],
    ["no line break after the last row", "a,b\n1,2"],
    ["blank lines and a row of empty cells", "a,b\n\n1,2\n,\n"],
    ["semicolons, as European spreadsheets save", 'a;b;c\r\n1;"x;y";3\r\n'],
    ["a row shorter and a row longer than the header", "a,b,c\n1\n1,2,3,4,5\n"],
    ["old Mac line ends", "a,b\r1,2\r"],
  ])("gives back the same bytes: %s", (_, text) => {
    expect(roundTrip(text)).toBe(text);
  });

  test("reads cell values with quotes undone and the line each row starts on", () => {
    const sheet = parseSheetText('a,b\n"x\r\ny",2\n3,"say ""no"""\n');
    expect(sheet.rows.map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b"]],
      [2, ["x\r\ny", "2"]],
      [4, ["3", 'say "no"']],
    ]);
    expect(sheet.layout).toEqual({ bom: false, delimiter: ",", newline: "\n" });
  });

  test("keeps the file's BOM, delimiter and line break for what it adds", () => {
    expect(parseSheetText("\uFEFFa;b\r\n").layout).toEqual({ bom: true, delimiter: ";", newline: "\r\n" });
  });

  test("replaces one cell and leaves every other cell's text as written", () => {
    const sheet = parseSheetText('a,b,c\n"x","2",  3  \n');
    sheet.rows[1] = replaceCells(sheet.rows[1]!, new Map([[1, "two, 2"]]), sheet.layout);
    expect(renderSheetText(sheet)).toBe('a,b,c\n"x","two, 2",  3  \n');
  });

  test("quotes a new cell only when it holds the delimiter, a quote or a line break", () => {
    expect(encodeCell("plain text ", ",")).toBe("plain text ");
    expect(encodeCell("a, b", ",")).toBe('"a, b"');
    expect(encodeCell('say "x"', ",")).toBe('"say ""x"""');
    expect(encodeCell("a\nb", ",")).toBe('"a\nb"');
    expect(encodeCell("a, b", ";")).toBe("a, b");
  });

  test("refuses a quote that never closes, naming the line where it opened", () => {
    expect(() => parseSheetText('a,b\n1,2\n3,"open\n4,5\n')).toThrowError(SheetTextError);
    try {
      parseSheetText('a,b\n1,2\n3,"open\n4,5\n');
    } catch (error) {
      expect((error as SheetTextError).message).toMatch(
        /^line 3: expected a closing quote, got the end of the file inside a quoted cell \(cell 2 of the row starting on line 3\)/,
      );
    }
  });

  test("refuses text after a closing quote, naming the line", () => {
    expect(() => parseSheetText('a,b\n1,"x"y\n')).toThrowError(
      /^line 2: expected a delimiter \(,\) or a line end after a closing quote/,
    );
  });
});
