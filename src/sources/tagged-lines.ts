/**
 * What the two tagged-line formats, RIS and MEDLINE (PubMed's .nbib), share once their
 * lines are grouped into records: a field is a tag, the value on its line and the bare
 * lines that continued it; both dialects label ISSNs the same way ("(Print)",
 * "(Electronic)", "(Linking)") and write names as "Family Initials" (MEDLINE's AU,
 * Embase's A1). How lines group into records differs: RIS closes each with ER and keeps its
 * own loop; MEDLINE and EndNote's .enw separate records by blank lines (or by the tag that opens
 * one) and share `blankLineRecords`.
 */
import type { InputLimits, Line } from "../io/text-input.js";
import { cleanText, parseAuthorName, type Author, type ParsedItem } from "../record.js";
import type { ParseInput, RecordLocation } from "./adapter.js";

export interface TaggedField {
  tag: string;
  /** 1-based line of the tag. */
  line: number;
  /** The value on the tag line, then each continuation line; trimmed, blank ones dropped. */
  lines: string[];
}

/** A line or a record past the stated limits (io/text-input.ts InputLimits): the record is one reject. */
export interface OverLong {
  line: number;
  tag: string | null;
  /** `line`: one line too long; `record`: its lines together too long. */
  what: "line" | "record";
  chars: number;
}

/** One record's fields in file order, with the lookups the mappings need. */
export class TaggedRecord {
  readonly fields: TaggedField[] = [];
  /** Characters kept so far, for the record limit. */
  chars = 0;
  /** Set at the first line that breaks a limit; later lines of the record are read past, not kept. */
  overLong: OverLong | null = null;

  constructor(
    /** Line the record starts on. */
    readonly line: number,
  ) {}

  /**
   * Whether `read` (with its tag, when it has one) may join the record: false once the line or
   * the record is past the limits, which is then noted in `overLong`.
   */
  admits(read: Line, tag: string | null, limits: InputLimits): boolean {
    if (this.overLong) return false;
    if (read.tooLong !== undefined) this.overLong = { line: read.line, tag, what: "line", chars: read.tooLong };
    else if (this.chars + read.text.length > limits.maxRecordChars)
      this.overLong = { line: read.line, tag, what: "record", chars: this.chars + read.text.length };
    return this.overLong === null;
  }

  add(tag: string, value: string, line: number): void {
    this.chars += value.length;
    const text = value.trim();
    this.fields.push({ tag, line, lines: text === "" ? [] : [text] });
  }

  /** A bare line continues the last field; false when there is no field to continue. */
  continueLast(text: string): boolean {
    const last = this.fields[this.fields.length - 1];
    if (!last) return false;
    this.chars += text.length;
    const value = text.trim();
    if (value !== "") last.lines.push(value);
    return true;
  }

  has(tag: string): boolean {
    return this.fields.some((f) => f.tag === tag && f.lines.length > 0);
  }

  /** Every field with one of `tags`, in file order. */
  all(...tags: string[]): TaggedField[] {
    return this.fields.filter((f) => tags.includes(f.tag) && f.lines.length > 0);
  }

  /**
   * The value of the first of `tags` (a preference list, not file order) that is present,
   * its lines joined with a space — how wrapped titles and abstracts read.
   */
  text(...tags: string[]): string | null {
    for (const tag of tags) {
      const field = this.fields.find((f) => f.tag === tag && f.lines.length > 0);
      if (field) return field.lines.join(" ");
    }
    return null;
  }

  /** One value per field (lines joined with a space), in file order. */
  texts(...tags: string[]): string[] {
    return this.all(...tags).map((f) => f.lines.join(" "));
  }

  /** Every line of every field as its own value: for tags where a bare line is another value (RIS KW, UR, SN). */
  items(...tags: string[]): string[] {
    return this.all(...tags).flatMap((f) => f.lines);
  }
}

/**
 * Control characters never occur in a text export; a line holding them is a corrupted or
 * binary fragment, not a value to import. Tab, CR and LF are text.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function isUnreadableLine(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** The reject for a record past a limit: where, and how long, so a reviewer can find and cut it. */
export function overLongReject(
  over: OverLong,
  limits: InputLimits,
): { field: string | null; expected: string; got: string } {
  const limit = over.what === "line" ? limits.maxLineChars : limits.maxRecordChars;
  return {
    field: over.tag,
    expected: `a ${over.what} of at most ${limit.toLocaleString("en")} characters`,
    got:
      over.what === "line"
        ? `line ${over.line} of ${over.chars.toLocaleString("en")} characters (a corrupted export? the record is left out, the rest of the file is read)`
        : `a record that reaches ${over.chars.toLocaleString("en")} characters at line ${over.line} (the record is left out, the rest of the file is read)`,
  };
}

/**
 * The reject for a record whose lines cannot be read as one record — a line or the record past
 * the limits, or a line that is neither a tag line nor continues one (`tagLines` says what was
 * expected) — or null when they can. `fieldOf` shows a tag as the format writes it (EndNote's `%T`).
 */
export function unreadableRecordReject(
  input: ParseInput,
  at: RecordLocation,
  read: { record: TaggedRecord; unreadable: { line: number; text: string } | null },
  tagLines: string,
  fieldOf: (tag: string) => string = (tag) => tag,
): ParsedItem | null {
  if (read.record.overLong) {
    const { field, expected, got } = overLongReject(read.record.overLong, input.text.limits);
    return input.reject(at, field === null ? null : fieldOf(field), expected, got);
  }
  if (read.unreadable)
    return input.reject(at, null, tagLines, describeLine(read.unreadable.text, read.unreadable.line));
  return null;
}

/** `got` for a reject naming the line that broke a record. */
export function describeLine(text: string, line: number): string {
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const cut = shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
  return `line ${line}: ${JSON.stringify(cut)}`;
}

// ------------------------------------------------------------------ ISSNs

export interface LabelledIssns {
  issn: string | null;
  eissn: string | null;
  /** Book numbers found where an ISSN was expected (RIS SN holds ISBNs for books). */
  isbns: string[];
}

const ISSN_WITH_LABEL = /(?<![\dXx-])(\d{4}\s*[-‐‑–]?\s*\d{3}[\dXx])(?![\dXx-])\s*(?:\(([^)]*)\))?/g;
const ISBN = /^(?:ISBN[:\s]*)?(97[89][-\s]?)?\d{1,5}[-\s]?\d{1,7}[-\s]?\d{1,7}[-\s]?[\dXx]$/i;

function looksLikeIsbn(value: string): boolean {
  const digits = value.replace(/[^\dXx]/g, "");
  return (digits.length === 10 || digits.length === 13) && ISBN.test(value.replace(/\s*\(.*\)\s*$/, "").trim());
}

/**
 * ISSNs as NLM labels them — `1234-5678 (Print)`, `(Electronic)`, `(Linking)` — or as RIS
 * exporters write them: `20964129 (ISSN)`, several SN lines, or a print ISSN with the
 * electronic one on the next bare line (Web of Science, Dimensions). Unlabelled ones fill
 * print then electronic in file order; the linking ISSN (ISSN-L) is used only when nothing
 * else names the journal.
 */
export function issnsByLabel(values: readonly string[]): LabelledIssns {
  let issn: string | null = null;
  let eissn: string | null = null;
  let linking: string | null = null;
  const unlabelled: string[] = [];
  const isbns: string[] = [];
  for (const value of values) {
    const text = cleanText(value);
    if (text === null) continue;
    if (looksLikeIsbn(text)) {
      isbns.push(text);
      continue;
    }
    for (const match of text.matchAll(ISSN_WITH_LABEL)) {
      const number = match[1]!;
      const label = (match[2] ?? "").trim().toLowerCase();
      if (label === "print") issn ??= number;
      else if (label === "electronic") eissn ??= number;
      else if (label === "linking") linking ??= number;
      else unlabelled.push(number);
    }
  }
  const digits = (v: string | null) => v?.replace(/[^\dXx]/g, "").toUpperCase() ?? null;
  const seen = new Set([digits(issn), digits(eissn)]);
  for (const number of unlabelled) {
    if (seen.has(digits(number))) continue;
    seen.add(digits(number));
    if (issn === null) issn = number;
    else if (eissn === null) eissn = number;
  }
  if (issn === null && eissn === null) issn = linking;
  return { issn, eissn, isbns };
}

// ------------------------------------------------------------------ names

/** `JC`, `J`, `D.G.`, `M.-A.`: a given name written as initials after the family name. */
const TRAILING_INITIALS = /^(?:[A-Z]\.?-?){1,4}$/;
/** `G.`, `A.`: IEEE's leading initials always carry their dot (so "WHO Study Group" is not one). */
const LEADING_INITIAL = /^(?:[A-Z]\.-?){1,4}$/;

/**
 * A name without a comma, as tagged exports write them: MEDLINE's AU and Embase's A1 put
 * the initials last (`Smith JC`, `Adler D.G.`), IEEE Xplore first (`A. S. Z. Belloum`).
 * A name that is neither is kept whole as the family name rather than guessed.
 */
export function nameWithoutComma(value: string): Author | null {
  const text = cleanText(value);
  if (text === null) return null;
  if (text.includes(",")) return parseAuthorName(text, "family-first");
  const words = text.split(" ");
  if (words.length > 1 && TRAILING_INITIALS.test(words[words.length - 1]!)) {
    return { family: words.slice(0, -1).join(" "), given: words[words.length - 1]! };
  }
  if (words.length > 1 && LEADING_INITIAL.test(words[0]!)) return parseAuthorName(text, "given-first");
  return { family: text, given: null };
}

/** One record's lines, grouped: its fields, and the first line that was neither a tag nor a continuation. */
export interface TaggedRecordRead {
  record: TaggedRecord;
  unreadable: { line: number; text: string } | null;
}

export interface BlankLineDialect {
  /** The line's tag and value, or null when it is not a tag line. */
  tagLine(text: string): { tag: string; value: string } | null;
  /** The tag every record opens with: exports that drop the blank line between records still start each with it. */
  opensWith: string;
  /** Whether a line that is not a tag line continues the field above it. */
  continues(text: string): boolean;
  /** How many untagged lines above the first tag are a preamble (a title, a date) rather than an error. */
  preambleLines: number;
}

/** What the reader has seen so far, for the format's messages: the first non-blank line and the last line read. */
export interface BlankLineProgress {
  firstText: { line: number; text: string } | null;
  lastLine: number;
}

/**
 * Groups a MEDLINE-style text into records: a blank line, or a line with the dialect's opening
 * tag, ends a record. Untagged lines above the first record are skipped as a preamble, up to
 * `preambleLines`. Yields each record when it ends; `endOfFile` marks a last record that no blank
 * line closed (the file may have been cut short inside it).
 */
export async function* blankLineRecords(
  lines: AsyncIterable<Line>,
  limits: InputLimits,
  dialect: BlankLineDialect,
  progress: BlankLineProgress,
): AsyncIterable<{ read: TaggedRecordRead; endOfFile: boolean }> {
  let reading: TaggedRecordRead | null = null;
  let yielded = false;
  let preambleLeft = dialect.preambleLines;
  for await (const read of lines) {
    const { text: lineText, line } = read;
    progress.lastLine = line;
    const text = lineText.replace(/^\uFEFF/, "").trimEnd();
    if (text.trim() === "") {
      if (reading) {
        yielded = true;
        yield { read: reading, endOfFile: false };
      }
      reading = null;
      continue;
    }
    progress.firstText ??= { line, text };
    const tagged = isUnreadableLine(text) ? null : dialect.tagLine(text);
    if (reading === null && !yielded && tagged === null && preambleLeft-- > 0) continue;
    if (reading && tagged?.tag === dialect.opensWith && reading.record.fields.length > 0) {
      yielded = true;
      yield { read: reading, endOfFile: false };
      reading = null;
    }
    reading ??= { record: new TaggedRecord(line), unreadable: null };
    if (!reading.record.admits(read, tagged?.tag ?? reading.record.fields.at(-1)?.tag ?? null, limits)) continue;
    if (tagged) reading.record.add(tagged.tag, tagged.value, line);
    else if (!isUnreadableLine(text) && dialect.continues(text) && reading.record.continueLast(text)) continue;
    else reading.unreadable ??= { line, text };
  }
  if (reading) yield { read: reading, endOfFile: true };
}
