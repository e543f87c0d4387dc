import { mkdtemp, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { openText, type Line } from "../../src/io/text-input.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "srpipe-text-"));
});

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function lines(path: string, encoding?: "latin1"): Promise<Line[]> {
  const out: Line[] = [];
  const text = await openText(path, encoding ? { encoding } : {});
  for await (const line of text.lines()) out.push(line);
  return out;
}

describe("openText", () => {
  test("a UTF-8 BOM is removed from the sample and the text", async () => {
    const path = await file("bom.ris", "\uFEFFTY  - JOUR\nER  - \n");
    const text = await openText(path);
    expect(text.sample.startsWith("TY")).toBe(true);
    expect((await lines(path))[0]).toEqual({ text: "TY  - JOUR", line: 1 });
  });

  test("CR, LF and CRLF line ends in one file each count as one line", async () => {
    const path = await file("mixed.ris", "a\r\nb\rc\nd\r\n\r\ne");
    expect(await lines(path)).toEqual([
      { text: "a", line: 1 },
      { text: "b", line: 2 },
      { text: "c", line: 3 },
      { text: "d", line: 4 },
      { text: "", line: 5 },
      { text: "e", line: 6 },
    ]);
  });

  test("UTF-16 with a BOM (EndNote, some Web of Science exports) decodes to text", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("TY  - JOUR\r\nTI  - Café\r\n", "utf16le")]);
    const path = await file("utf16.ris", utf16);
    expect((await lines(path)).map((l) => l.text)).toEqual(["TY  - JOUR", "TI  - Café"]);
  });

  test("a CRLF split across two read chunks is one line break", async () => {
    const first = "x".repeat(256 * 1024 - 1);
    const path = await file("split.txt", `${first}\r\nsecond\r\nthird`);
    const got = await lines(path);
    expect(got.map((l) => [l.line, l.text.length])).toEqual([
      [1, first.length],
      [2, 6],
      [3, 5],
    ]);
  });

  test("Latin-1 bytes read as UTF-8 are reported with their line, and decode with --encoding latin1", async () => {
    const path = await file("latin1.csv", Buffer.from("title\nplain\nCaf\xe9 society\n", "latin1"));
    const text = await openText(path, { encoding: "utf-8" });
    for await (const _ of text.lines()) void _;
    expect(text.invalidBytes).toEqual({ line: 3, byte: 0xe9 });
    expect((await lines(path, "latin1"))[2]!.text).toBe("Café society");
  });

  test("a file that is not UTF-8 but is valid Windows-1252 is read as Windows-1252, with a note", async () => {
    const path = await file(
      "cp1252.csv",
      Buffer.from("title\nplain\nCaf\xe9 \x93society\x94 \x96 na\xefve\n", "latin1"),
    );
    const text = await openText(path);
    expect(text.encoding).toBe("latin1");
    expect(text.encodingNote).toMatch(/not valid UTF-8 but valid Windows-1252/);
    expect((await lines(path))[2]!.text).toBe("Café \u201csociety\u201d \u2013 naïve");
  });

  test("the accent that decides Windows-1252 may sit past the sample, on the last line", async () => {
    const filler = "title\n" + "plain ascii line\n".repeat(10_000);
    const path = await file(
      "late-latin1.csv",
      Buffer.concat([Buffer.from(filler), Buffer.from("M\xfcller\n", "latin1")]),
    );
    const all = await lines(path);
    expect(all[all.length - 1]!.text).toBe("Müller");
  });

  test("UTF-8 with one stray byte stays UTF-8 (its accents are not garbled), and the stray byte is reported", async () => {
    const bytes = Buffer.concat([
      Buffer.from("title\nMüller café ñandú\nGödel\n", "utf8"),
      Buffer.from([0x41, 0xe9, 0x0a]),
    ]);
    const path = await file("mostly-utf8.csv", bytes);
    const text = await openText(path);
    expect(text.encoding).toBe("utf-8");
    expect(text.encodingNote).toBeNull();
    const got = [];
    for await (const line of text.lines()) got.push(line.text);
    expect(got[1]).toBe("Müller café ñandú");
    expect(text.invalidBytes).toMatchObject({ line: 4 });
  });

  test("a file with a byte Windows-1252 leaves undefined is not taken for Windows-1252", async () => {
    const path = await file("not-1252.csv", Buffer.from([0x74, 0x0a, 0x61, 0x81, 0xe9, 0x0a]));
    expect((await openText(path)).encoding).toBe("utf-8");
  });

  test("a UTF-8 character cut by a chunk edge does not make a UTF-8 file look like Windows-1252", async () => {
    const head = "x".repeat(256 * 1024 - 1);
    const path = await file("cut-utf8.csv", Buffer.from(`title\n${head}é\n`, "utf8"));
    expect((await openText(path)).encoding).toBe("utf-8");
  });

  test("an empty file, a blank file, a binary file and a directory are each one clear InputError", async () => {
    const empty = await file("empty.ris", "");
    const blank = await file("blank.ris", "\n\n   \n");
    const binary = await file("export.pdf", Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff]));
    const folder = join(dir, "folder");
    await mkdir(folder, { recursive: true });
    await expect(openText(empty)).rejects.toThrow(/empty\.ris: expected records, got an empty file/);
    await expect(openText(blank)).rejects.toThrow(/blank\.ris: expected records, got a file with only blank space/);
    await expect(openText(binary)).rejects.toThrow(/export\.pdf: expected a text export .*got a binary file/);
    await expect(openText(folder)).rejects.toThrow(InputError);
    await expect(openText(join(dir, "missing.ris"))).rejects.toThrow(
      /missing\.ris: expected a readable file, got no such file/,
    );
  });
});
