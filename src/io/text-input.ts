/**
 * Reading an export as text, the way real exports arrive: with or without a BOM,
 * UTF-8 or UTF-16 (EndNote, some WoS exports), CR, LF or CRLF — sometimes all three
 * in one file (IEEE Xplore RIS) — and occasionally Latin-1 passed off as UTF-8.
 * Files are streamed in chunks so a 100,000-record export never sits in memory whole.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { InputError, describeUnknownError } from "../errors.js";

export type TextEncodingName = "auto" | "utf-8" | "utf-16le" | "utf-16be" | "latin1";
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ["auto", "utf-8", "utf-16le", "utf-16be", "latin1"];

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 256 * 1024;

export interface Line {
  text: string;
  /** 1-based line number, counting CR, LF and CRLF each as one break. */
  line: number;
}

export interface TextInput {
  file: string;
  /** The decoded start of the file (BOM removed), for format detection. */
  sample: string;
  encoding: Exclude<TextEncodingName, "auto">;
  /** Set once the decoder has met bytes that are not valid in the encoding (they decode to U+FFFD). */
  readonly invalidBytes: { line: number; byte: number } | null;
  chunks(): AsyncIterable<string>;
  lines(): AsyncIterable<Line>;
  readAll(): Promise<string>;
}

function detectBom(bytes: Uint8Array): { encoding: Exclude<TextEncodingName, "auto" | "latin1">; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/** UTF-16 without a BOM shows itself by a NUL in every other byte of ASCII text. */
function sniffUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.8 && evenNul === 0) return "utf-16le";
  if (evenNul > pairs * 0.8 && oddNul === 0) return "utf-16be";
  return null;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 7 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return n > 0 && control / n > 0.1;
}

function decoderLabel(encoding: Exclude<TextEncodingName, "auto">): string {
  return encoding === "latin1" ? "windows-1252" : encoding;
}

/** Open a file for reading as text; throws InputError for a file that holds no text at all. */
export async function openText(file: string, options: { encoding?: TextEncodingName; displayName?: string } = {}): Promise<TextInput> {
  const name = options.displayName ?? file;
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw new InputError(
      { file: name, expected: "a readable file", got: (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : describeUnknownError(error) },
      { cause: error },
    );
  }
  if (info.isDirectory()) throw new InputError({ file: name, expected: "a file", got: "a directory" });
  if (info.size === 0) throw new InputError({ file: name, expected: "records", got: "an empty file (0 bytes)" });

  const handle = await open(file, "r");
  const head = new Uint8Array(Math.min(SAMPLE_BYTES, info.size));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }

  const bom = detectBom(head);
  let encoding: Exclude<TextEncodingName, "auto">;
  let skip = 0;
  if (options.encoding && options.encoding !== "auto") {
    encoding = options.encoding;
    if (bom && bom.encoding === encoding) skip = bom.length;
  } else if (bom) {
    encoding = bom.encoding;
    skip = bom.length;
  } else {
    encoding = sniffUtf16(head) ?? "utf-8";
  }
  if (!encoding.startsWith("utf-16") && looksBinary(head.subarray(skip))) {
    throw new InputError({
      file: name,
      expected: "a text export (CSV, RIS, BibTeX, MEDLINE, XML or JSON)",
      got: "a binary file (a PDF, a zip or a spreadsheet? export the records as text)",
    });
  }

  const sample = new TextDecoder(decoderLabel(encoding)).decode(head.subarray(skip));
  if (sample.trim() === "" && info.size <= SAMPLE_BYTES) throw new InputError({ file: name, expected: "records", got: "a file with only blank space" });

  let invalidBytes: { line: number; byte: number } | null = null;

  async function* chunks(): AsyncIterable<string> {
    const decoder = new TextDecoder(decoderLabel(encoding), { fatal: false });
    const stream = createReadStream(file, { start: skip, highWaterMark: CHUNK_BYTES });
    let linesBefore = 1;
    for await (const buffer of stream as AsyncIterable<Buffer>) {
      const text = decoder.decode(buffer, { stream: true });
      if (invalidBytes === null && encoding !== "latin1") noteInvalid(text, buffer, linesBefore);
      linesBefore += countBreaks(text);
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  }

  function noteInvalid(text: string, buffer: Buffer, lineAtStart: number): void {
    const at = text.indexOf("\uFFFD");
    if (at < 0) return;
    // A U+FFFD written in the file itself (EF BF BD) is text, not a decoding failure.
    if (encoding === "utf-8" && buffer.includes(Buffer.from([0xef, 0xbf, 0xbd]))) return;
    const line = lineAtStart + countBreaks(text.slice(0, at));
    const byte = firstInvalidUtf8Byte(buffer);
    invalidBytes = { line, byte: byte ?? 0xfffd };
  }

  async function* lines(): AsyncIterable<Line> {
    let pending = "";
    let line = 1;
    let lastWasCr = false;
    for await (const chunk of chunks()) {
      let text = chunk;
      // A CRLF split across chunks: the LF belongs to the break already counted.
      if (lastWasCr && text.startsWith("\n")) text = text.slice(1);
      lastWasCr = false;
      let start = 0;
      const re = /\r\n|\r|\n/g;
      let match: RegExpExecArray | null;
      const data = pending + text;
      pending = "";
      while ((match = re.exec(data)) !== null) {
        if (match[0] === "\r" && match.index === data.length - 1) {
          lastWasCr = true;
        }
        yield { text: data.slice(start, match.index), line };
        line++;
        start = match.index + match[0].length;
      }
      pending = data.slice(start);
    }
    if (pending !== "") yield { text: pending, line };
  }

  async function readAll(): Promise<string> {
    let all = "";
    for await (const chunk of chunks()) all += chunk;
    return all;
  }

  return {
    file: name,
    sample,
    encoding,
    get invalidBytes() {
      return invalidBytes;
    },
    chunks,
    lines,
    readAll,
  };
}

export function countBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

function firstInvalidUtf8Byte(buffer: Buffer): number | null {
  for (let i = 0; i < buffer.length; i++) {
    const b = buffer[i]!;
    if (b < 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    if (need < 0) return b;
    for (let k = 1; k <= need; k++) {
      const next = buffer[i + k];
      if (next === undefined) return null; // cut by the chunk boundary
      if ((next & 0xc0) !== 0x80) return b;
    }
    i += need;
  }
  return null;
}
