import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import {
  detectDelimiter,
  readCsv,
  sniffHeader,
  type CsvBroken,
  type CsvItem,
  type CsvRow,
} from "../../src/io/csv-read.js";
import { openText } from "../../src/io/text-input.js";
import { fixture } from "../helpers.js";

let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-csv-read-"));
});

async function read(content: string | Buffer): Promise<CsvItem[]> {
  const path = join(dir, `file-${++counter}.csv`);
  await writeFile(path, content);
  const items: CsvItem[] = [];
  for await (const item of readCsv(await openText(path))) items.push(item);
  return items;
}

const rows = (items: CsvItem[]) => items.filter((i): i is CsvRow => i.kind === "row");
const broken = (items: CsvItem[]) => items.filter((i): i is CsvBroken => i.kind === "broken");
/** Each row as [line, cells] for compact assertions. */
const table = (items: CsvItem[]) => rows(items).map((r) => [r.line, Object.fromEntries(r.cells)]);

describe("detectDelimiter", () => {
  test.each([
    ['"Authors","Title","Year"\n', ","],
    ["Rank;Sourceid;Title;Type;Issn\n", ";"],
    ["PT\tAU\tTI\tSO\n", "\t"],
    ['"a;b",c,d\n', ","],
    ["title\n", ","],
  ])("the header %j is delimited by %j", (sample, delimiter) => {
    expect(detectDelimiter(sample)).toBe(delimiter);
  });
});

describe("sniffHeader", () => {
  test("names the columns of the first row, whatever their quoting (IEEE quotes some header names and not others)", () => {
    expect(sniffHeader('"Document Title",Authors,"Author Affiliations",PDF Link\n"x",y,z,w\n')).toEqual({
      delimiter: ",",
      columns: ["Document Title", "Authors", "Author Affiliations", "PDF Link"],
    });
  });

  test("is null for XML, JSON and a quote that breaks the first row", () => {
    expect(sniffHeader('<?xml version="1.0"?>\n<PubmedArticleSet>')).toBeNull();
    expect(sniffHeader('[{"title": "x"}]')).toBeNull();
    expect(sniffHeader('a"b"c,d\n')).toBeNull();
  });
});

describe("readCsv", () => {
  test("yields the header, then each row by column name with the line it starts on", async () => {
    const items = await read("id,title\n1,First\n2,Second\n");
    expect(items[0]).toEqual({ kind: "header", duplicates: [], columns: ["id", "title"], line: 1, delimiter: "," });
    expect(table(items)).toEqual([
      [2, { id: "1", title: "First" }],
      [3, { id: "2", title: "Second" }],
    ]);
  });

  test("a quoted line break stays in the cell and a CRLF inside quotes counts as one line", async () => {
    // The ASySD benchmark writes LF between records but CRLF inside quoted isbn cells.
    const items = await read('isbn,title\n"0957-9672 (Print)\r\n0957-9672",A\n"x\r\ny\r\nz",B\nplain,C\n');
    expect(table(items)).toEqual([
      [2, { isbn: "0957-9672 (Print)\r\n0957-9672", title: "A" }],
      [4, { isbn: "x\r\ny\r\nz", title: "B" }],
      [7, { isbn: "plain", title: "C" }],
    ]);
  });

  test("CR, LF and CRLF record ends in one file each end one record", async () => {
    const items = await read("a,b\r\n1,2\n3,4\r5,6\r\n7,8");
    expect(table(items).map(([line, cells]) => [line, (cells as { a: string }).a])).toEqual([
      [2, "1"],
      [3, "3"],
      [4, "5"],
      [5, "7"],
    ]);
  });

  test("semicolon- and tab-separated files are read by their own delimiter", async () => {
    expect(table(await read('Rank;Title;Issn\n1;"MIS Quarterly";"02767783"\n'))).toEqual([
      [2, { Rank: "1", Title: "MIS Quarterly", Issn: "02767783" }],
    ]);
    expect(table(await read('TI\tPY\nA tab title with a " quote\t2020\n'))).toEqual([
      [2, { TI: 'A tab title with a " quote', PY: "2020" }],
    ]);
  });

  test("a repeated header name keeps the first and numbers the next; an empty one is named by its position", async () => {
    const items = await read("Title,Title,,Year\nA,B,C,2020\n");
    expect(items[0]).toMatchObject({ columns: ["Title", "Title (2)", "column 3", "Year"] });
    expect(table(items)).toEqual([[2, { Title: "A", "Title (2)": "B", "column 3": "C", Year: "2020" }]]);
  });

  test("a short row lacks its last columns; a long row keeps the extra cells aside", async () => {
    const items = await read("a,b,c\n1,2\n1,2,3,4,\n");
    expect(rows(items).map((r) => [Object.fromEntries(r.cells), r.extra, r.cellCount])).toEqual([
      [{ a: "1", b: "2" }, [], 2],
      [{ a: "1", b: "2", c: "3" }, ["4"], 5],
    ]);
  });

  test("blank lines and rows of empty cells are no records but still count for line numbers", async () => {
    const items = await read("a,b\n\n1,2\r\n\r\n,\n  ,  \n3,4\n\n");
    expect(table(items)).toEqual([
      [3, { a: "1", b: "2" }],
      [7, { a: "3", b: "4" }],
    ]);
  });

  test("spaces around a quoted cell are not part of it", async () => {
    expect(table(await read('a, "b" \n"1" , 2\n'))).toEqual([[2, { a: "1", b: "2" }]]);
  });

  test("a second BOM left by re-saving does not stick to the first column name", async () => {
    const items = await read(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("\uFEFFTitle,Year\nA,2020\n")]),
    );
    expect(items[0]).toMatchObject({ columns: ["Title", "Year"] });
  });

  test("the real Scopus export (BOM, every field quoted, 46 columns) reads as 88 rows", async () => {
    const items: CsvItem[] = [];
    for await (const item of readCsv(await openText(fixture("scopus_csv/litstudy_scopus_v2.csv")))) items.push(item);
    expect(items[0]).toMatchObject({ kind: "header", line: 1 });
    expect((items[0] as { columns: string[] }).columns.slice(0, 3)).toEqual([
      "Authors",
      "Author full names",
      "Author(s) ID",
    ]);
    expect(rows(items)).toHaveLength(88);
    expect(
      rows(items)
        .map((r) => r.line)
        .slice(0, 3),
    ).toEqual([2, 3, 4]);
    expect(broken(items)).toEqual([]);
  });

  test("a record longer than one read chunk (256 KiB) arrives whole", async () => {
    const long = "x".repeat(600_000);
    const items = await read(`a,b\n1,"${long}\n${long}"\n2,short\n`);
    expect(rows(items).map((r) => [r.line, r.cells.get("b")!.length])).toEqual([
      [2, 1_200_001],
      [4, 5],
    ]);
  });

  test("100,000 rows stream through with the right line numbers", async () => {
    const lines = ["id,title,abstract"];
    for (let i = 1; i <= 100_000; i++)
      lines.push(i % 1000 === 0 ? `${i},"Title ${i}","two\nlines"` : `${i},Title ${i},`);
    const got = rows(await read(`${lines.join("\n")}\n`));
    expect(got).toHaveLength(100_000);
    expect(got[999]).toMatchObject({ line: 1001 });
    expect(got[1000]).toMatchObject({ line: 1003 });
    expect(got[99_999]!.line).toBe(100_001 + 99);
    expect(got[99_999]!.cells.get("title")).toBe("Title 100000");
  });
});

describe("readCsv on broken quotes", () => {
  test("text after a closing quote makes that one record broken, with its line; the rest is read", async () => {
    const items = await read('id,title\r\n1,Good\r\n"2"x,Bad\r\n3,Good again\r\n');
    expect(table(items)).toEqual([
      [2, { id: "1", title: "Good" }],
      [4, { id: "3", title: "Good again" }],
    ]);
    expect(broken(items)).toEqual([
      {
        kind: "broken",
        line: 3,
        lastLine: 3,
        column: "id",
        expected: "a closing quote followed by a delimiter (,) or a line end",
        got: 'text after a closing quote in column "id": "\\"2\\"x,Bad" (a quote inside a quoted field must be doubled: "")',
      },
    ]);
  });

  test("a stray quote inside a quoted abstract: the lines that still belong to it go with the one broken record", async () => {
    const items = await read(
      '"id","abstract","year"\n"1","ok","2020"\n"2","He said "hi" here\nsecond line of it\nend of it","2021"\n"3","fine","2022"\n',
    );
    expect(table(items).map(([line, cells]) => [line, (cells as { id: string }).id])).toEqual([
      [2, "1"],
      [6, "3"],
    ]);
    expect(broken(items)).toMatchObject([{ line: 3, lastLine: 5, column: "abstract" }]);
  });

  test("a quote opened and never closed in mid-file is one broken record and reading resumes on the next line", async () => {
    const items = await read('a,b\n1,2\n"abc,3\n4,5\n6,7\n');
    expect(table(items)).toEqual([
      [2, { a: "1", b: "2" }],
      [4, { a: "4", b: "5" }],
      [5, { a: "6", b: "7" }],
    ]);
    expect(broken(items)).toMatchObject([{ line: 3, lastLine: 3, column: "a", expected: "a closing quote" }]);
  });

  test("a file cut inside a quoted field keeps its good rows and ends with one broken item where the cut record starts", async () => {
    const items = await read('"id","title","abstract"\n"1","A","x"\n"2","B","first line\nsecond line cut sh');
    expect(table(items)).toEqual([[2, { id: "1", title: "A", abstract: "x" }]]);
    expect(broken(items)).toEqual([
      {
        kind: "broken",
        line: 3,
        lastLine: 4,
        column: "abstract",
        expected: "a closing quote",
        got: 'the end of the file inside a quoted field in column "abstract" of the record starting "\\"2\\",\\"B\\",\\"first line" (the file was cut short, or a quote was never closed)',
      },
    ]);
  });

  test("a file cut in an unquoted cell ends with a broken item saying so", async () => {
    const items = await read("id,title,year\n1,A,2020\n2,B");
    expect(table(items)).toHaveLength(1);
    expect(broken(items)).toEqual([
      {
        kind: "broken",
        line: 3,
        lastLine: 3,
        column: "title",
        expected: "3 cells, like the header",
        got: "2 and the end of the file without a line break (the file seems cut short here)",
      },
    ]);
  });

  test("a quoted field that never closes within 4 million characters is one broken record and reading goes on", async () => {
    const items = await read(`a,b\n1,2\n"${"x".repeat(4_100_000)}\n3,4\n`);
    expect(broken(items)).toMatchObject([
      { line: 3, column: "a", expected: "a closing quote within 4,000,000 characters" },
    ]);
    expect(table(items)).toEqual([
      [2, { a: "1", b: "2" }],
      [4, { a: "3", b: "4" }],
    ]);
  });

  test("a broken header row is an InputError naming its line", async () => {
    await expect(read('"Title"x,Year\nA,2020\n')).rejects.toThrow(InputError);
    await expect(read('\n"Title"x,Year\nA,2020\n')).rejects.toThrow(
      /:2: header: expected a closing quote followed by a delimiter/,
    );
  });
});
