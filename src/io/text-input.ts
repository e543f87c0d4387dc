/**
 * Reading an export as text, the way real exports arrive: with or without a BOM,
 * UTF-8 or UTF-16 (EndNote, some WoS exports), CR, LF or CRLF — sometimes all three
 * in one file (IEEE Xplore RIS) — and occasionally Latin-1 passed off as UTF-8.
 * Files are streamed in chunks so a 100,000-record export never sits in memory whole.
 */
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { InputError, describeUnknownError } from "../errors.js";

export type TextEncodingName = "auto" | "utf-8" | "utf-16le" | "utf-16be" | "latin1";
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ["auto", "utf-8", "utf-16le", "utf-16be", "latin1"];
/** What review.json and a query file may declare (`auto` is what declaring nothing means). */
export const DECLARED_ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "latin1"] as const;

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 256 * 1024;

/**
 * How much one line, field or record may hold before it is a reject rather than data: far above
 * any real record (a Scopus row with hundreds of references is well under 1 MB), low enough that
 * one corrupted line of hundreds of megabytes costs linear time and bounded memory.
 */
export interface InputLimits {
  /** Characters in one line (RIS, MEDLINE, BibTeX, JSON Lines) or one CSV row (csv-parse counts a row with its quoted line breaks). */
  maxLineChars: number;
  /** Characters in one record (an XML element, an OpenAlex work, a BibTeX entry, a tagged record). */
  maxRecordChars: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxLineChars: 4_000_000, maxRecordChars: 8_000_000 };

/** What a too-long line keeps of itself: enough to read its tag and quote its start. */
const TOO_LONG_LINE_KEPT = 200;

export interface Line {
  text: string;
  /** 1-based line number, counting CR, LF and CRLF each as one break. */
  line: number;
  /**
   * Set when the line was longer than `limits.maxLineChars`: its length in characters. `text`
   * then holds only the line's start; the rest was read past, not kept.
   */
  tooLong?: number;
}

export interface TextInput {
  file: string;
  /** The decoded start of the file (BOM removed), for format detection. */
  sample: string;
  encoding: Exclude<TextEncodingName, "auto">;
  /**
   * Why `encoding` was chosen when it was neither declared nor marked in the file: set when a file
   * that is not valid UTF-8 is valid Windows-1252 and is read as that (one warning per file).
   */
  encodingNote: string | null;
  limits: InputLimits;
  /** Set once the decoder has met bytes that are not valid in the encoding (they decode to U+FFFD). */
  readonly invalidBytes: { line: number; byte: number } | null;
  chunks(): AsyncIterable<string>;
  lines(): AsyncIterable<Line>;
  readAll(): Promise<string>;
}

function detectBom(
  bytes: Uint8Array,
): { encoding: Exclude<TextEncodingName, "auto" | "latin1">; length: number } | null {
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

/**
 * Signatures of the binary files people save beside exports by mistake (a PDF, a zip, an
 * Excel workbook, a gzip): the file is not text at all, whatever bytes follow.
 */
const BINARY_SIGNATURES: readonly (readonly number[])[] = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x50, 0x4b, 0x03, 0x04], // zip, .xlsx, .docx
  [0xd0, 0xcf, 0x11, 0xe0], // OLE2: .xls, .doc
  [0x1f, 0x8b], // gzip
];

/**
 * A binary file, as opposed to a text export with a stray NUL or control byte in one record
 * (which only that record pays for, with its line). NULs and controls must be a real share of
 * the opening, not one byte in it.
 */
function looksBinary(bytes: Uint8Array): boolean {
  if (BINARY_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) return true;
  const n = Math.min(bytes.length, 8192);
  let nul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) nul++;
    else if (b < 7 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return n > 0 && ((nul > 8 && nul / n > 0.01) || (nul + control) / n > 0.1);
}

/** Bytes Windows-1252 leaves undefined; a file holding one is not Windows-1252 either. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Whether the whole file (from `start`) is valid UTF-8 and, if not, whether it is valid
 * Windows-1252. One streamed pass; a multi-byte character cut by a chunk edge is carried over.
 */
async function scanEncoding(file: string, start: number): Promise<{ utf8: boolean; windows1252: boolean }> {
  let utf8 = true;
  let windows1252 = true;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { start, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (windows1252) {
      for (const byte of UNDEFINED_IN_1252) {
        if (chunk.includes(byte)) {
          windows1252 = false;
          break;
        }
      }
    }
    if (utf8) {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = incompleteTail(bytes);
      utf8 = isUtf8(bytes.subarray(0, bytes.length - cut));
      carry = Buffer.from(bytes.subarray(bytes.length - cut));
    }
    if (!utf8 && !windows1252) break;
  }
  if (carry.length) utf8 = false;
  if (!utf8 && windows1252) windows1252 = await mostlySingleBytes(file, start);
  return { utf8, windows1252 };
}

/**
 * A file that is not valid UTF-8 may still be mostly UTF-8 with a few stray bytes (two files
 * pasted together); reading it as Windows-1252 would garble every accent in it. Only a file
 * whose bytes above 0x7F are mostly *not* UTF-8 sequences is taken for Windows-1252.
 */
async function mostlySingleBytes(file: string, start: number): Promise<boolean> {
  let sequences = 0;
  let strays = 0;
  for await (const chunk of createReadStream(file, { start, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b < 0x80) continue;
      const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : 0;
      let ok = need > 0;
      for (let k = 1; ok && k <= need; k++) ok = i + k < chunk.length && (chunk[i + k]! & 0xc0) === 0x80;
      if (ok) {
        sequences++;
        i += need;
      } else strays++;
    }
  }
  return strays > sequences;
}

/** How many bytes at the end of `bytes` start a UTF-8 character that the next chunk completes (0–3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

function decoderLabel(encoding: Exclude<TextEncodingName, "auto">): string {
  return encoding === "latin1" ? "windows-1252" : encoding;
}

/** Open a file for reading as text; throws InputError for a file that holds no text at all. */
export async function openText(
  file: string,
  options: { encoding?: TextEncodingName; displayName?: string; limits?: Partial<InputLimits> } = {},
): Promise<TextInput> {
  const limits: InputLimits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const name = options.displayName ?? file;
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw new InputError(
      {
        file: name,
        expected: "a readable file",
        got: (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : describeUnknownError(error),
      },
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

  // Only a scan of the whole file can tell: one accented letter on the last line decides.
  let encodingNote: string | null = null;
  if (encoding === "utf-8" && !bom && (!options.encoding || options.encoding === "auto")) {
    const scan = await scanEncoding(file, 0);
    if (!scan.utf8 && scan.windows1252) {
      encoding = "latin1";
      encodingNote =
        "not valid UTF-8 but valid Windows-1252 (Latin-1): read as Windows-1252 (declare the encoding in its query file or review.json to silence this)";
    }
  }
  const sample = new TextDecoder(decoderLabel(encoding)).decode(head.subarray(skip));
  if (sample.trim() === "" && info.size <= SAMPLE_BYTES)
    throw new InputError({ file: name, expected: "records", got: "a file with only blank space" });

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
    // The unfinished line is kept as parts and joined once it ends, and only new text is
    // searched for breaks, so one line of many megabytes costs linear time, not quadratic;
    // past the limit only its length is counted.
    let parts: string[] = [];
    let length = 0;
    let line = 1;
    let lastWasCr = false;
    const re = /\r\n|\r|\n/g;
    const add = (piece: string) => {
      if (length <= limits.maxLineChars) parts.push(piece);
      length += piece.length;
      if (length > limits.maxLineChars && parts.length) parts = [parts.join("").slice(0, TOO_LONG_LINE_KEPT)];
    };
    const finish = (): Line => {
      const text = parts.length === 1 ? parts[0]! : parts.join("");
      const done: Line = length > limits.maxLineChars ? { text, line, tooLong: length } : { text, line };
      parts = [];
      length = 0;
      return done;
    };
    for await (const chunk of chunks()) {
      let text = chunk;
      // A CRLF split across chunks: the LF belongs to the break already counted.
      if (lastWasCr && text.startsWith("\n")) text = text.slice(1);
      lastWasCr = false;
      let start = 0;
      re.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = re.exec(text)) !== null) {
        if (match[0] === "\r" && match.index === text.length - 1) lastWasCr = true;
        add(text.slice(start, match.index));
        yield finish();
        line++;
        start = match.index + match[0].length;
      }
      if (start < text.length) add(text.slice(start));
    }
    if (length > 0) yield finish();
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
    encodingNote,
    limits,
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
