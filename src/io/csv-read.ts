/**
 * Delimited exports (Scopus, IEEE Xplore, EndNote/Zotero/Rayyan/ASReview CSV and TSV) read as a
 * stream of rows, with csv-parse kept behind this one module.
 *
 * Real exports are messier than RFC 4180: every field quoted (Scopus), header names quoted
 * inconsistently (IEEE), quoted line breaks inside abstracts, CRLF with LF in the same file,
 * rows with too few or too many cells, and now and then a broken quote. The parser runs strict,
 * so a broken quote is noticed where it happens instead of being glued into a neighbouring
 * field; the broken record becomes one `broken` item and reading resumes on a later line
 * (see `resyncAfter`). csv-parse's own `skip_records_with_error` is not used: after an
 * invalid closing quote it stays inside the quoted field and silently swallows the records
 * that follow (https://csv.js.org/parse/options/skip_records_with_error).
 *
 * Lines are counted here, from the bytes each record used, because csv-parse counts a CRLF
 * inside a quoted field as two lines.
 */
import { parse, type CsvError, type InfoRecord, type Parser } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { InputError } from "../errors.js";
import { DEFAULT_INPUT_LIMITS, type TextInput } from "./text-input.js";

export type CsvDelimiter = "," | ";" | "\t";

export interface CsvHeader {
  kind: "header";
  /** Column names as written (trimmed); an empty name becomes `column N`, a repeated one `Name (2)`. */
  columns: string[];
  line: number;
  delimiter: CsvDelimiter;
  /** Names the header repeats: the 1-based positions of each, the first being the one read as that name. */
  duplicates: { name: string; positions: number[] }[];
}

export interface CsvRow {
  kind: "row";
  /** Line where the record starts. */
  line: number;
  /** Cells by column name; a row shorter than the header simply lacks the last columns. */
  cells: Map<string, string>;
  /** Non-empty cells beyond the header's last column. */
  extra: string[];
  cellCount: number;
}

/** A record that could not be read: one per broken record, however many lines it spoiled. */
export interface CsvBroken {
  kind: "broken";
  line: number;
  /** Last line skipped because of it (the same as `line` when only that line was lost). */
  lastLine: number;
  column: string | null;
  expected: string;
  got: string;
}

export type CsvItem = CsvHeader | CsvRow | CsvBroken;

const CANDIDATE_DELIMITERS: readonly CsvDelimiter[] = [",", "\t", ";"];
const LF = 0x0a;
const CR = 0x0d;

/**
 * The delimiter of the header line: the candidate (comma, tab, semicolon) that occurs most often
 * outside quotes. SCImago and European Excel exports use semicolons, EndNote and WoS tabs.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of sample) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ",";
  for (const candidate of CANDIDATE_DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}

/**
 * Web of Science's tab-delimited export: a header of two-character field tags from PT
 * (`PT AU BA … UT`). Its fields are never quoted, so a quote that opens a field
 * (`"Species-centered Environmental Analysis" (SCEA) is…`) is text, not the start of a quoted cell.
 */
export function isFieldTagHeader(columns: readonly string[], delimiter: CsvDelimiter): boolean {
  return delimiter === "\t" && columns[0] === "PT" && columns.length > 1 && columns.every((c) => FIELD_TAG.test(c));
}

const FIELD_TAG = /^[A-Z][A-Z0-9]$/;

/** Whether the file quotes its cells: every delimited export but a field-tag tab file. */
function quotesCells(sample: string, delimiter: CsvDelimiter): boolean {
  const header = sample.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/, 1)[0] ?? "";
  return !isFieldTagHeader(
    header.split("\t").map((cell) => cell.trim()),
    delimiter,
  );
}

/** csv-parse's max_record_size bounds a record's cells plus the field being read: a CSV row is held to the line limit (text-input.ts InputLimits). */
function parserOptions(delimiter: CsvDelimiter, maxFieldChars = DEFAULT_INPUT_LIMITS.maxLineChars, quoted = true) {
  return {
    delimiter,
    quote: quoted ? '"' : false,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    // Tab-separated exports (WoS, EndNote) rarely quote, so a quote inside a cell is text there.
    relax_quotes: delimiter === "\t",
    ltrim: true,
    rtrim: true,
    skip_empty_lines: true,
    max_record_size: maxFieldChars,
  };
}

/**
 * The header row at the start of a sample, for `detect`: its delimiter and column names,
 * or null when the start does not parse as a delimited row.
 */
export function sniffHeader(sample: string): { delimiter: CsvDelimiter; columns: string[] } | null {
  const start = sample.replace(/^\uFEFF/, "");
  if (start.trim() === "" || /^\s*[<{[]/.test(start)) return null;
  const delimiter = detectDelimiter(start);
  try {
    const records = parseSync(start, { ...parserOptions(delimiter), to: 1 }) as string[][];
    const first = records[0];
    if (!first || first.every((cell) => cell.trim() === "")) return null;
    return { delimiter, columns: headerNames(first) };
  } catch {
    return null;
  }
}

function headerDuplicates(cells: readonly string[]): { name: string; positions: number[] }[] {
  const positions = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const name = cell
      .replace(/^\uFEFF/, "")
      .replace(/\s+/g, " ")
      .trim();
    if (name !== "") positions.set(name, [...(positions.get(name) ?? []), index + 1]);
  });
  return [...positions].filter(([, at]) => at.length > 1).map(([name, at]) => ({ name, positions: at }));
}

function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const name =
      cell
        .replace(/^\uFEFF/, "")
        .replace(/\s+/g, " ")
        .trim() || `column ${index + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/** The bytes read but not yet attributed to a record, and the line number where they start. */
class ByteWindow {
  private buffer = Buffer.alloc(0);
  private offset = 0;
  /** Absolute byte offset of the first unattributed byte. */
  start = 0;
  /** Line number at `start`. */
  line = 1;

  append(chunk: Buffer): void {
    this.buffer =
      this.offset === 0
        ? Buffer.concat([this.buffer, chunk])
        : Buffer.concat([this.buffer.subarray(this.offset), chunk]);
    this.offset = 0;
  }

  /** Absolute offset just past the buffered bytes. */
  get end(): number {
    return this.start + this.buffer.length - this.offset;
  }

  rest(): Buffer {
    return this.buffer.subarray(this.offset);
  }

  at(absolute: number): number | undefined {
    return this.buffer[this.offset + absolute - this.start];
  }

  /** Attribute the bytes up to `absolute` to one record: where it starts and whether it ends in a line break. */
  take(absolute: number): { line: number; endsWithBreak: boolean } {
    let line = this.line;
    let leading = true;
    let endsWithBreak = false;
    for (let i = this.start; i < absolute; i++) {
      const byte = this.at(i);
      if (byte === LF || byte === CR) {
        if (byte === CR && this.at(i + 1) === LF && i + 1 < absolute) i++;
        this.line++;
        if (leading) line++;
        endsWithBreak = i === absolute - 1;
      } else {
        leading = false;
      }
    }
    this.offset += absolute - this.start;
    this.start = absolute;
    return { line, endsWithBreak };
  }

  /**
   * Attribute every buffered byte to the broken record (all but a final CR, whose LF may come
   * next): how many line breaks were passed and the last line that held text.
   */
  passAll(eof: boolean): { breaks: number; lastText: number } {
    let end = this.end;
    if (!eof && end > this.start && this.at(end - 1) === CR) end--;
    const before = this.line;
    const lastText = this.lastLineBefore(end);
    this.take(end);
    return { breaks: this.line - before, lastText };
  }

  private lastLineBefore(end: number): number {
    let line = this.line;
    let lastText = this.line;
    for (let i = this.start; i < end; i++) {
      const byte = this.at(i);
      if (byte === LF || byte === CR) {
        if (byte === CR && this.at(i + 1) === LF && i + 1 < end) i++;
        line++;
      } else lastText = line;
    }
    return lastText;
  }

  /** The last line holding text among the buffered bytes. */
  lastLine(): number {
    let line = this.line;
    let lastText = this.line;
    for (let i = this.start; i < this.end; i++) {
      const byte = this.at(i);
      if (byte === LF || byte === CR) {
        if (byte === CR && this.at(i + 1) === LF) i++;
        line++;
      } else {
        lastText = line;
      }
    }
    return lastText;
  }

  /** Absolute offset of the first byte after the blank lines at `start`. */
  recordStart(): number {
    let i = this.start;
    while (i < this.end && (this.at(i) === LF || this.at(i) === CR)) i++;
    return i;
  }

  /** The text around an absolute offset, for messages: what came just before, and the rest of that line. */
  near(absolute: number, before = 40, after = 20): string {
    const decode = (from: number, to: number) =>
      // A cut through a multi-byte character decodes to U+FFFD at either edge.
      this.buffer
        .subarray(this.offset + from - this.start, this.offset + to - this.start)
        .toString("utf8")
        .replace(/^\uFFFD+|\uFFFD+$/g, "");
    const from = Math.max(this.start, absolute - before);
    const to = Math.min(this.end, absolute + after);
    const head = decode(from, absolute);
    const tail = decode(absolute, to);
    const lineEnd = tail.search(/[\r\n]/);
    return `${from > this.start ? "…" : ""}${head}${lineEnd >= 0 ? tail.slice(0, lineEnd) : `${tail}${to < this.end ? "…" : ""}`}`;
  }

  /**
   * Absolute offset just past the `count`-th line break from `start`, or null when the buffered
   * bytes hold fewer (a CR at the very end counts only once the next byte is known).
   */
  afterBreaks(count: number, eof: boolean): number | null {
    let seen = 0;
    for (let i = this.start; i < this.end; i++) {
      const byte = this.at(i);
      if (byte !== LF && byte !== CR) continue;
      if (byte === CR) {
        if (i + 1 >= this.end && !eof) return null;
        if (this.at(i + 1) === LF) i++;
      }
      if (++seen === count) return i + 1;
    }
    return null;
  }
}

interface Emitted {
  cells: string[];
  /** Absolute byte offset just past the record (its line break included). */
  end: number;
}

/** One csv-parse instance over the bytes from `origin` on; records are queued synchronously as each chunk is written. */
class Segment {
  readonly queue: Emitted[] = [];
  private readonly parser: Parser;

  constructor(
    readonly origin: number,
    delimiter: CsvDelimiter,
    maxFieldChars: number,
    quoted: boolean,
  ) {
    this.parser = parse({
      ...parserOptions(delimiter, maxFieldChars, quoted),
      raw: true,
      // With `raw` on, csv-parse hands over { record, raw }; the raw text is only wanted in errors.
      on_record: (record: string[] | { record: string[] }, context: InfoRecord) => {
        this.queue.push({ cells: Array.isArray(record) ? record : record.record, end: origin + context.bytes });
        return null;
      },
    });
    // Errors are taken from the write callbacks; the listener keeps the stream from throwing.
    this.parser.on("error", () => undefined);
  }

  write(bytes: Buffer): Promise<CsvError | null> {
    if (bytes.length === 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.parser.write(bytes, (error) => resolve((error as CsvError | null | undefined) ?? null));
    });
  }

  end(): Promise<CsvError | null> {
    return new Promise((resolve) => {
      this.parser.once("error", (error) => resolve(error as CsvError));
      this.parser.once("finish", () => resolve(null));
      this.parser.end();
    });
  }

  destroy(): void {
    this.parser.destroy();
  }
}

/** What went wrong, in a reviewer's words: `near` is the text where csv-parse stopped, `opening` the start of the broken record. */
function describeCsvError(
  error: CsvError,
  maxFieldChars: number,
  delimiter: CsvDelimiter,
  column: string | null,
  near: string,
  opening: string,
): { expected: string; got: string } {
  const where = column ? ` in column ${JSON.stringify(column)}` : "";
  const shown = delimiter === "\t" ? "tab" : delimiter;
  const tail = near.replace(/\s+/g, " ");
  switch (error.code) {
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return {
        expected: `a closing quote followed by a delimiter (${shown}) or a line end`,
        got: `text after a closing quote${where}: ${JSON.stringify(tail)} (a quote inside a quoted field must be doubled: "")`,
      };
    case "INVALID_OPENING_QUOTE":
      return {
        expected: `a quote only at the start of a field`,
        got: `a quote inside an unquoted value${where}: ${JSON.stringify(tail)}`,
      };
    case "CSV_QUOTE_NOT_CLOSED":
      return {
        expected: "a closing quote",
        got: `the end of the file inside a quoted field${where} of the record starting ${JSON.stringify(opening)} (the file was cut short, or a quote was never closed)`,
      };
    case "CSV_MAX_RECORD_SIZE":
      return !endsInsideQuotes(typeof error.raw === "string" ? error.raw : "", delimiter)
        ? {
            expected: `a record of at most ${maxFieldChars.toLocaleString("en")} characters`,
            got: `an unquoted field${where} that takes it past that (no line break or delimiter in it: a corrupted export?), in the record starting ${JSON.stringify(opening)}`,
          }
        : {
            expected: `a closing quote within ${maxFieldChars.toLocaleString("en")} characters`,
            got: `a quoted field${where} with no closing quote within that (a quote never closed?), in the record starting ${JSON.stringify(opening)}`,
          };
    default:
      return { expected: "a well-formed CSV record", got: error.message };
  }
}

/**
 * Whether csv-parse's raw text of a record stops inside a quoted field: what tells "a quote was
 * never closed" from "one enormous unquoted value" (csv-parse's own `quoting` flag says only
 * whether the previous field was quoted).
 */
function endsInsideQuotes(raw: string, delimiter: CsvDelimiter): boolean {
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inQuotes) {
      if (c === '"') {
        if (raw[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (c === delimiter || c === "\n" || c === "\r") fieldStart = true;
    else if (c === '"' && fieldStart) inQuotes = true;
    else if (c !== " " && c !== "\t") fieldStart = false;
  }
  return inQuotes;
}

/** Line breaks in csv-parse's raw text of the broken record up to where it stopped (CRLF counted once). */
function breaksIn(raw: string): { leading: number; total: number } {
  const count = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;
  return { leading: count(/^[\r\n]*/.exec(raw)?.[0] ?? ""), total: count(raw) };
}

/**
 * How many line breaks past the start of a broken record reading resumes. After a stray quote
 * the record is known to be broken on the line where csv-parse stopped, so reading resumes on
 * the next line. An unclosed quote runs to the end of the file (or to the size limit), so that
 * says nothing about where the record ends: reading resumes on the line after the record's
 * first line. Either way the rows that follow are checked (`CsvReader.handle`) before they count.
 */
function resyncAfter(error: CsvError, leading: number, total: number): number {
  switch (error.code) {
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
    case "INVALID_OPENING_QUOTE":
      return total + 1;
    default:
      return leading + 1;
  }
}

class CsvReader {
  private readonly window = new ByteWindow();
  private readonly chunks: AsyncIterator<string>;
  private eof = false;
  private firstChunk = true;
  private header: CsvHeader | null = null;
  /** A broken record whose item waits until reading is back in step. */
  private pending: CsvBroken | null = null;
  private lastCellCount: number | null = null;
  private readonly quoted: boolean;

  constructor(
    private readonly text: TextInput,
    private readonly delimiter: CsvDelimiter,
    private readonly skipLines: number,
  ) {
    this.chunks = text.chunks()[Symbol.asyncIterator]();
    this.quoted = skipLines > 0 || quotesCells(text.sample, delimiter);
  }

  private async pull(): Promise<Buffer | null> {
    if (this.eof) return null;
    const next = await this.chunks.next();
    if (next.done) {
      this.eof = true;
      return null;
    }
    // TextInput drops the BOM; a second one (re-saved exports) would otherwise stick to the first column name.
    const chunk = Buffer.from(this.firstChunk ? next.value.replace(/^\uFEFF/, "") : next.value, "utf8");
    this.firstChunk = false;
    this.window.append(chunk);
    return chunk;
  }

  async *items(): AsyncGenerator<CsvItem> {
    await this.passPreamble();
    for (;;) {
      const segment = new Segment(this.window.start, this.delimiter, this.text.limits.maxLineChars, this.quoted);
      let error = await segment.write(this.window.rest());
      for (;;) {
        for (const emitted of segment.queue.splice(0)) yield* this.handle(emitted);
        if (error) break;
        const chunk = await this.pull();
        if (chunk === null) {
          error = await segment.end();
          for (const emitted of segment.queue.splice(0)) yield* this.handle(emitted);
          break;
        }
        error = await segment.write(chunk);
      }
      segment.destroy();
      if (!error) break;
      if (!(await this.skipBroken(error))) break;
    }
    if (this.pending !== null) yield this.pending;
  }

  /** Move past the lines above the header (a title or date line), keeping the line count the file's. */
  private async passPreamble(): Promise<void> {
    if (this.skipLines === 0) return;
    for (;;) {
      const target = this.window.afterBreaks(this.skipLines, this.eof);
      if (target !== null) {
        this.window.take(target);
        return;
      }
      if ((await this.pull()) === null) return;
    }
  }

  /** Note the broken record and move past it; false when the rest of the file went with it. */
  private async skipBroken(error: CsvError): Promise<boolean> {
    const raw = typeof error.raw === "string" ? error.raw : "";
    const { leading, total } = breaksIn(raw);
    const line = this.window.line + leading;
    const columnIndex = typeof error.column === "number" ? error.column : null;
    const near = this.window.near(this.window.start + Buffer.byteLength(raw, "utf8"));
    const opening = this.window.near(this.window.recordStart(), 0, 60);
    if (this.header === null) {
      const { expected, got } = describeCsvError(
        error,
        this.text.limits.maxLineChars,
        this.delimiter,
        null,
        near,
        opening,
      );
      throw new InputError({ file: this.text.file, line, field: "header", expected, got });
    }
    const column = columnIndex === null ? null : (this.header.columns[columnIndex] ?? null);
    const described = describeCsvError(error, this.text.limits.maxLineChars, this.delimiter, column, near, opening);
    // Move past `skip` line breaks, dropping the bytes passed as more are read: a broken
    // record of hundreds of megabytes is scanned once, never held whole.
    let remaining = resyncAfter(error, leading, total);
    let lastLine = this.window.line;
    for (;;) {
      const target = this.window.afterBreaks(remaining, this.eof);
      if (target !== null) {
        this.window.take(target);
        lastLine = this.window.line - 1;
        break;
      }
      const passed = this.window.passAll(this.eof);
      remaining -= passed.breaks;
      lastLine = Math.max(lastLine, passed.lastText);
      if ((await this.pull()) === null && this.window.end === this.window.start) {
        lastLine = Math.max(lastLine, this.window.lastLine());
        this.notePending(line, lastLine, column, described);
        return false;
      }
    }
    this.notePending(line, lastLine, column, described);
    return true;
  }

  private notePending(
    line: number,
    lastLine: number,
    column: string | null,
    described: { expected: string; got: string },
  ): void {
    if (this.pending === null) this.pending = { kind: "broken", line, lastLine, column, ...described };
    else this.pending.lastLine = Math.max(this.pending.lastLine, lastLine);
  }

  private *handle(emitted: Emitted): Generator<CsvItem> {
    const { line, endsWithBreak } = this.window.take(emitted.end);
    const cells = emitted.cells;
    if (cells.every((cell) => cell.trim() === "")) return;
    if (this.header === null) {
      this.header = {
        kind: "header",
        columns: headerNames(cells),
        line,
        delimiter: this.delimiter,
        duplicates: headerDuplicates(cells),
      };
      yield this.header;
      return;
    }
    const width = this.header.columns.length;
    const lastLine = this.window.line - (endsWithBreak ? 1 : 0);
    if (this.pending !== null) {
      // Lines right after a broken quote may be the rest of the broken record: they go with
      // its item until a row has the shape of the rows before it.
      if (cells.length !== width && cells.length !== this.lastCellCount) {
        this.pending.lastLine = Math.max(this.pending.lastLine, lastLine);
        return;
      }
      yield this.pending;
      this.pending = null;
    }
    if (!endsWithBreak && cells.length < width) {
      yield {
        kind: "broken",
        line,
        lastLine,
        column: this.header.columns[cells.length - 1] ?? null,
        expected: `${width} cells, like the header`,
        got: `${cells.length} and the end of the file without a line break (the file seems cut short here)`,
      };
      return;
    }
    this.lastCellCount = cells.length;
    const map = new Map<string, string>();
    for (let i = 0; i < width && i < cells.length; i++) map.set(this.header.columns[i]!, cells[i]!);
    yield {
      kind: "row",
      line,
      cells: map,
      extra: cells.slice(width).filter((cell) => cell.trim() !== ""),
      cellCount: cells.length,
    };
  }
}

/**
 * The rows of a delimited file: first one `header` item, then `row` and `broken` items in file
 * order. Throws InputError when the header row itself cannot be read. `headerAt` says where the
 * header is when lines above it are not records (src/sources/csv-header-row.ts finds them).
 */
export function readCsv(
  text: TextInput,
  headerAt?: { skipLines: number; delimiter: CsvDelimiter },
): AsyncIterable<CsvItem> {
  const delimiter = headerAt?.delimiter ?? detectDelimiter(text.sample.replace(/^\uFEFF/, ""));
  return new CsvReader(text, delimiter, headerAt?.skipLines ?? 0).items();
}
