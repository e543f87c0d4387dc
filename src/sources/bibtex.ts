/**
 * BibTeX (.bib) as Scopus, Web of Science, IEEE Xplore and ScienceDirect export it, and as
 * reference managers (JabRef, Zotero, Mendeley) write it. Syntax per BibTeX's own reader
 * (Patashnik, "BibTeXing", 1988) and biblatex's field names: `@type{key, name = value, …}`
 * or `@type(…)`; a value is `{…}`, `"…"`, a number or an `@string` macro, joined by `#`;
 * text outside entries, `@comment` and `@preamble` are not data.
 *
 * Not built on @retorquere/bibtex-parser (9.0.29, no engines field; evaluated against the
 * fixtures): it needs the whole file as one string and took 1.6 GB RSS and 157 s for
 * 10,000 Web of Science entries (100,000 must convert in < 300 MB), and on the Scopus
 * sample it stops at the field name `funding_text 1` (an NBSP and a space inside it), so
 * two of the three entries lose issn, language, document_type and source, and a stray
 * `@126.com` in an e-mail address is read as an entry.
 *
 * The reader streams: it groups lines into one entry at a time by counting braces, and
 * resynchronises on the next line that opens an entry, so one broken entry is one reject.
 */
import { InputError } from "../errors.js";
import { DEFAULT_INPUT_LIMITS, type InputLimits, type Line } from "../io/text-input.js";
import {
  cleanText,
  excerpt,
  isoDate,
  monthNumber,
  parseLooseDate,
  splitIssns,
  type Author,
  type ParsedItem,
  type RecordDraft,
  monthDayWithoutYear,
} from "../record.js";
import type { ParseInput, SourceAdapter } from "./adapter.js";
import { latexToUnicode, latexVerbatim } from "./latex-text.js";
import { idsFromUrls } from "./link-ids.js";
import { openingLine } from "./preamble.js";

// ------------------------------------------------------------------ reading entries

/** `@article{`, `@ARTICLE{`, `@article{ WOS:…` (WoS puts a space after the brace), `@book(`. */
const ENTRY_START = /^@[ \t]*([A-Za-z][\w:-]*)[ \t]*([{(])/;
/** A line that opens an entry: where the reader resynchronises after a broken one. */
const ENTRY_LINE = /^\uFEFF?@[ \t]*[A-Za-z][\w:-]*[ \t]*[{(]/;
/** Text after an entry's closing brace that shows the brace closed it too early. */
const FIELD_LIKE = /^\s*(?:[^\s{}"=,#]+\s*=|\}\s*,?\s*$)/;

/** Entry types that hold no record. */
const NON_DATA_TYPES = new Set(["comment", "preamble", "string"]);

/** One entry as the file spells it: type, the text between its delimiters, where it starts. */
export interface RawEntry {
  type: string;
  line: number;
  body: string;
}

/** What the line reader hands on: an entry, or one that could not be read and why. */
export type ScannedEntry =
  | { kind: "entry"; entry: RawEntry }
  | { kind: "broken"; type: string; line: number; expected: string; got: string };

interface OpenEntry {
  type: string;
  line: number;
  close: "}" | ")";
  depth: number;
  inQuote: boolean;
  parts: string[];
  size: number;
}

/**
 * Group lines into entries. Braces are counted as BibTeX counts them (every `{` and `}`,
 * escaped or not); a `(`-delimited entry ends at a `)` outside braces and quotes.
 * A closed entry is held until the next one starts, so that field text after its closing
 * brace (an extra `}` inside a value) turns it into one reject instead of a short record.
 */
/**
 * `limits`: an entry longer than `maxRecordChars` has lost its closing brace (the largest WoS
 * entries are ~30 kB); a line longer than `maxLineChars` is damage, and its entry is left out.
 */
export async function* scanEntries(
  lines: AsyncIterable<Line>,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): AsyncIterable<ScannedEntry> {
  let open: OpenEntry | null = null;
  let held: RawEntry | null = null;
  let heldSpill: { line: number; text: string } | null = null;
  let skipping = false;

  const release = (): ScannedEntry | null => {
    if (!held) return null;
    const entry = held;
    const spill = heldSpill;
    held = null;
    heldSpill = null;
    if (spill) {
      return {
        kind: "broken",
        type: entry.type,
        line: entry.line,
        expected: "one closing } at the end of the entry (braces balanced inside each value)",
        got: `field text after the entry had closed, at line ${spill.line}: ${excerpt(spill.text)}`,
      };
    }
    return { kind: "entry", entry };
  };
  const notOutside = (text: string, line: number): void => {
    if (held && !heldSpill && FIELD_LIKE.test(text)) heldSpill = { line, text };
  };

  for await (const { text: lineText, line, tooLong } of lines) {
    const text = line === 1 ? lineText.replace(/^\uFEFF/, "") : lineText;
    const opensEntry = ENTRY_LINE.test(text);
    if (tooLong !== undefined) {
      const released = release();
      if (released) yield released;
      const type =
        open?.type ?? ENTRY_START.exec(text.slice(Math.max(0, text.indexOf("@"))))?.[1]?.toLowerCase() ?? "entry";
      yield {
        kind: "broken",
        type,
        line: open?.line ?? line,
        expected: `a line of at most ${limits.maxLineChars.toLocaleString("en")} characters`,
        got: `line ${line} of ${tooLong.toLocaleString("en")} characters (a corrupted export? the entry is left out, the rest of the file is read)`,
      };
      open = null;
      skipping = true;
      continue;
    }
    if (open && opensEntry) {
      yield {
        kind: "broken",
        type: open.type,
        line: open.line,
        expected: `a closing ${open.close} before the next entry`,
        got: `a new entry at line ${line} with ${open.depth} brace${open.depth === 1 ? "" : "s"} still open`,
      };
      open = null;
    }
    if (skipping) {
      if (!opensEntry) continue;
      skipping = false;
    }

    let at = 0;
    while (at < text.length) {
      if (!open) {
        const sign = text.indexOf("@", at);
        const before = sign < 0 ? text.slice(at) : text.slice(at, sign);
        if (before.trim() !== "") notOutside(before, line);
        if (sign < 0) break;
        const start = ENTRY_START.exec(text.slice(sign));
        if (!start) {
          // An "@" in free text between entries (an e-mail address in a comment) opens nothing.
          notOutside(text.slice(sign), line);
          at = sign + 1;
          continue;
        }
        const released = release();
        if (released) yield released;
        open = {
          type: start[1]!.toLowerCase(),
          line,
          close: start[2] === "(" ? ")" : "}",
          depth: 0,
          inQuote: false,
          parts: [],
          size: 0,
        };
        at = sign + start[0].length;
        continue;
      }

      const end = findEntryEnd(open, text, at);
      const piece = text.slice(at, end < 0 ? text.length : end);
      open.parts.push(piece);
      open.size += piece.length + 1;
      if (end < 0) {
        open.parts.push("\n");
        if (open.size > limits.maxRecordChars) {
          yield {
            kind: "broken",
            type: open.type,
            line: open.line,
            expected: `an entry that closes within ${limits.maxRecordChars.toLocaleString("en")} characters`,
            got: `no closing ${open.close} by line ${line}`,
          };
          open = null;
          skipping = true;
        }
        break;
      }
      held = { type: open.type, line: open.line, body: open.parts.join("") };
      open = null;
      at = end + 1;
    }
  }

  const released = release();
  if (released) yield released;
  if (open) {
    yield {
      kind: "broken",
      type: open.type,
      line: open.line,
      expected: `the entry to close with ${open.close}`,
      got: `the end of the file with ${open.depth} brace${open.depth === 1 ? "" : "s"} still open (the file is cut off)`,
    };
  }
}

/** Index of the character that closes the open entry on this line, or -1; updates the counts. */
function findEntryEnd(open: OpenEntry, text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      open.depth++;
    } else if (c === 125 /* } */) {
      if (open.depth === 0) {
        if (open.close === "}") return i;
      } else {
        open.depth--;
      }
    } else if (open.close === ")" && open.depth === 0) {
      if (c === 34 /* " */) open.inQuote = !open.inQuote;
      else if (c === 41 /* ) */ && !open.inQuote) return i;
    }
  }
  return -1;
}

// ------------------------------------------------------------------ reading fields

/** BibTeX's predefined month macros. */
const MONTH_MACROS: { readonly [name: string]: string } = {
  jan: "January",
  feb: "February",
  mar: "March",
  apr: "April",
  may: "May",
  jun: "June",
  jul: "July",
  aug: "August",
  sep: "September",
  oct: "October",
  nov: "November",
  dec: "December",
};

export interface BibEntry {
  type: string;
  /** The citation key as written (trimmed), or null when the entry has none. */
  key: string | null;
  /** Field values with `#` concatenation and macros resolved, LaTeX left as written; names lower-case. */
  fields: Map<string, string[]>;
}

export class FieldSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`expected ${expected}, got ${got}`);
  }
}

/**
 * Field names are compared lower-cased with whitespace runs (Scopus writes
 * `funding_text 1` with an NBSP inside) as one space.
 */
export function fieldName(raw: string): string {
  return raw
    .replace(/[\s\u00a0]+/g, " ")
    .trim()
    .toLowerCase();
}

/** A field name holds no delimiter; anything else before `=` is not a field. */
const FIELD_NAME = /^[^\s{}"#,=()]+(?: [^\s{}"#,=()]+)*$/;

/** Read `key, name = value, …` (the text between an entry's delimiters). */
export function parseEntryBody(type: string, body: string, strings: Map<string, string>): BibEntry {
  const reader = new BodyReader(body, strings);
  return { type, ...reader.entry() };
}

class BodyReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly strings: Map<string, string>,
  ) {}

  entry(): { key: string | null; fields: Map<string, string[]> } {
    const text = this.text;
    const comma = text.indexOf(",");
    const head = comma < 0 ? text : text.slice(0, comma);
    let key: string | null = null;
    if (!head.includes("=")) {
      key = cleanText(head);
      this.at = comma < 0 ? text.length : comma + 1;
    }
    const fields = new Map<string, string[]>();
    for (;;) {
      this.skip(/[\s,]/);
      if (this.at >= text.length) break;
      const equals = text.indexOf("=", this.at);
      const nameText = equals < 0 ? text.slice(this.at) : text.slice(this.at, equals);
      const name = fieldName(nameText);
      if (equals < 0 || !FIELD_NAME.test(name)) {
        throw new FieldSyntaxError(this.at, "a field (name = value)", excerpt(text.slice(this.at, this.at + 40)));
      }
      this.at = equals + 1;
      const value = this.value(name);
      const list = fields.get(name);
      if (list) list.push(value);
      else fields.set(name, [value]);
      this.skip(/[ \t\r\n\u00a0]/);
      if (this.at >= text.length) break;
      if (text[this.at] === ",") continue;
      // A missing comma between fields is forgiven when the next thing is plainly a field.
      if (
        /^[^\s{}"#,=()]+\s*=/.test(text.slice(this.at, this.at + 80)) &&
        /\n\s*$/.test(text.slice(Math.max(0, this.at - 80), this.at))
      )
        continue;
      throw new FieldSyntaxError(this.at, `"," after the value of ${name}`, excerpt(text.slice(this.at, this.at + 40)));
    }
    return { key, fields };
  }

  /** `{…}`, `"…"`, a number or a macro, joined by `#`. */
  private value(name: string): string {
    const text = this.text;
    let out = "";
    for (;;) {
      this.skip(/\s/);
      const c = text[this.at];
      if (c === "{") {
        out += this.delimited("}");
      } else if (c === '"') {
        out += this.delimited('"');
      } else {
        const word = /^[^\s,#{}"=()]+/.exec(text.slice(this.at, this.at + 200))?.[0];
        if (!word) {
          throw new FieldSyntaxError(
            this.at,
            `a value for ${name}`,
            c === undefined ? "the end of the entry" : excerpt(text.slice(this.at, this.at + 40)),
          );
        }
        this.at += word.length;
        out += /^\d+$/.test(word)
          ? word
          : (this.strings.get(word.toLowerCase()) ?? MONTH_MACROS[word.toLowerCase()] ?? word);
      }
      this.skip(/\s/);
      if (text[this.at] !== "#") return out;
      this.at++;
    }
  }

  /** Content of `{…}` (inner braces kept) or `"…"` (ends at a `"` outside braces). */
  private delimited(close: string): string {
    const text = this.text;
    const start = this.at + 1;
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0 && close === "}") {
          this.at = i + 1;
          return text.slice(start, i);
        }
        depth--;
      } else if (c === close && depth === 0) {
        this.at = i + 1;
        return text.slice(start, i);
      }
    }
    throw new FieldSyntaxError(this.at, `a closing ${close}`, "the end of the entry");
  }

  private skip(chars: RegExp): void {
    while (this.at < this.text.length && chars.test(this.text[this.at]!)) this.at++;
  }
}

/** `@string{name = value}` definitions, for the entries after them. */
function defineStrings(body: string, strings: Map<string, string>): void {
  const { fields } = new BodyReader(`,${body}`, strings).entry();
  for (const [name, values] of fields) strings.set(name, values[0]!);
}

// ------------------------------------------------------------------ parsing a file

async function* parseBibtex(input: ParseInput): AsyncIterable<ParsedItem> {
  const strings = new Map<string, string>();
  let position = 0;
  let seenEntry = false;

  for await (const scanned of scanEntries(input.text.lines(), input.text.limits)) {
    seenEntry = true;
    if (scanned.kind === "broken") {
      if (NON_DATA_TYPES.has(scanned.type)) continue;
      position++;
      yield input.reject({ position, line: scanned.line }, null, scanned.expected, scanned.got);
      continue;
    }
    const { type, line, body } = scanned.entry;
    if (type === "comment" || type === "preamble") continue;
    if (type === "string") {
      try {
        defineStrings(body, strings);
      } catch {
        // A macro that cannot be read leaves later uses of it as their name; not a record.
      }
      continue;
    }
    position++;
    let entry: BibEntry;
    try {
      entry = parseEntryBody(type, body, strings);
    } catch (error) {
      if (!(error instanceof FieldSyntaxError)) throw error;
      const errorLine = line + countNewlines(body, error.offset);
      yield input.reject({ position, line }, null, error.expected, `${error.got} at line ${errorLine}`);
      continue;
    }
    yield input.finish(bibtexToDraft(entry), { position, line });
  }

  if (!seenEntry) {
    throw new InputError({
      file: input.text.file,
      line: 1,
      expected: "BibTeX entries (@article{key, …})",
      got: `text starting ${excerpt(input.text.sample.trimStart().slice(0, 80))}`,
    });
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

// ------------------------------------------------------------------ detection

/**
 * An entry (`@type{` or `@type(`) opens the file, after blank lines, `%` comment lines and a
 * short preamble such as Scopus's `Scopus` / `EXPORT DATE: …` (text outside entries is not data).
 */
export function detectBibtex(sample: string): boolean {
  return (
    openingLine(
      sample,
      (text) => ENTRY_START.test(text),
      (text) => text.startsWith("%"),
    ) !== null
  );
}

// ------------------------------------------------------------------ mapping

/** Which fields carry which Record field, in order of preference (BibTeX, biblatex, and the exporters' own). */
export const BIBTEX_FIELDS = {
  title: ["title"],
  abstract: ["abstract"],
  authors: ["author"],
  // Conference papers and chapters name their container in booktitle (IEEE, WoS, ScienceDirect).
  journal: ["journal", "journaltitle", "booktitle"],
  journalAbbrev: ["journal-iso", "shortjournal", "abbrev_source_title", "journalabbrev", "journal_abbrev"],
  volume: ["volume"],
  issue: ["number", "issue"],
  pages: ["pages"],
  articleNumber: ["art_number", "article-number", "articleno", "eid"],
  issn: ["issn"],
  eissn: ["eissn"],
  isbn: ["isbn"],
  doi: ["doi"],
  pmid: ["pmid"],
  pmcid: ["pmcid"],
  url: ["url"],
  keywords: ["author_keywords", "keywords"],
  language: ["language", "langid"],
  documentTypes: ["document_type", "type"],
  year: ["year"],
  month: ["month"],
  date: ["date"],
} as const;

/** Entry types as the publication types other sources use; `@misc` says nothing. */
export const BIBTEX_TYPES: { readonly [type: string]: string } = {
  article: "Article",
  inproceedings: "Conference Paper",
  conference: "Conference Paper",
  proceedings: "Proceedings",
  book: "Book",
  mvbook: "Book",
  inbook: "Book Chapter",
  incollection: "Book Chapter",
  bookinbook: "Book Chapter",
  collection: "Edited Book",
  phdthesis: "Thesis",
  mastersthesis: "Thesis",
  thesis: "Thesis",
  techreport: "Report",
  report: "Report",
  manual: "Manual",
  unpublished: "Unpublished",
  online: "Web Page",
  electronic: "Web Page",
  patent: "Patent",
  dataset: "Dataset",
  software: "Software",
  standard: "Standard",
};

/** The first non-empty value of the first of `names` present, LaTeX as written. */
function rawValue(entry: BibEntry, ...names: readonly string[]): string | null {
  for (const name of names) {
    for (const value of entry.fields.get(name) ?? []) if (value.trim() !== "") return value;
  }
  return null;
}

/** Field text as a reader sees it: LaTeX converted, whitespace collapsed. */
export function fieldText(entry: BibEntry, ...names: readonly string[]): string | null {
  const value = rawValue(entry, ...names);
  return value === null ? null : cleanText(latexToUnicode(value));
}

function verbatimText(entry: BibEntry, ...names: readonly string[]): string | null {
  const value = rawValue(entry, ...names);
  return value === null ? null : cleanText(latexVerbatim(value));
}

/** Split at `separator` where it stands outside braces. */
function splitOutsideBraces(value: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      separator.lastIndex = i;
      const match = separator.exec(value);
      if (match && match.index === i) {
        parts.push(value.slice(start, i));
        i += match[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Words of a name at brace depth 0; a braced group stays one word. */
function nameWords(value: string): string[] {
  // `~` is a tie between words, but `\~{n}` is an accent.
  return splitOutsideBraces(value.trim(), /\s+|(?<!\\)~/y).filter((w) => w !== "");
}

/**
 * BibTeX's "von" part: a word whose first letter (outside braces) is lower-case. A lone
 * lower-case initial (`A. d. {Benedictis}`, IEEE's abbreviated "de") is read as part of the
 * given names, since IEEE braces the whole family name.
 */
function isVonWord(word: string): boolean {
  if (/^[a-z]\.$/.test(word)) return false;
  const first = /[A-Za-z\u00C0-\u024F]/.exec(word);
  if (!first) return false;
  // A braced word is protected: `{Van Doren}` is a surname, not a particle.
  if (word.slice(0, first.index).includes("{")) return false;
  return first[0] === first[0].toLowerCase() && first[0] !== first[0].toUpperCase();
}

function nameText(words: readonly string[]): string | null {
  return cleanText(latexToUnicode(words.join(" ")));
}

/**
 * One BibTeX name: `Family, Given`, `von Family, Jr, Given`, `Given von Family`, or a
 * wholly braced `{Collective Name}` kept whole as a family name.
 */
export function bibtexName(value: string): Author | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const parts = splitOutsideBraces(trimmed, /,/y).map((p) => p.trim());
  if (parts.length > 1) {
    const family = parts.length > 2 ? `${parts[0]} ${parts[1]}` : parts[0]!;
    const given = parts[parts.length - 1]!;
    const author = { family: nameText([family]), given: nameText([given]) };
    return author.family || author.given ? author : null;
  }
  const words = nameWords(trimmed);
  if (words.length === 1) return { family: nameText(words), given: null };
  const last = words.length - 1;
  let von = words.findIndex((w, i) => i > 0 && i < last && isVonWord(w));
  if (von < 0) von = last;
  return { family: nameText(words.slice(von)), given: nameText(words.slice(0, von)) };
}

/** `SL`, `N.H.`, `J-P`: a given name written as initials. */
const INITIALS = /^(?:[A-Z]\.?-?\s?){1,4}$/;

/**
 * `Huey, SL, Mehta, NH` — several `Family, Initials` pairs where BibTeX wants `and` between
 * names (the Cochrane Library's export joins all but the last with commas) — as its pairs;
 * any other name (`Ford, Jr., Henry`, `Smith, John`) as it is.
 */
function commaJoinedNames(name: string): string[] {
  const whole = name.trim().replace(/,\s*$/, "");
  const parts = splitOutsideBraces(whole, /,/y).map((p) => p.trim());
  if (parts.length < 4 || parts.length % 2 !== 0) return [whole];
  const pairs: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const [family, given] = [parts[i]!, parts[i + 1]!];
    if (family === "" || /\d/.test(family) || !INITIALS.test(given)) return [whole];
    pairs.push(`${family}, ${given}`);
  }
  return pairs;
}

/** `A and B and {C and D Ltd}`: split on " and " outside braces; `others` (et al.) is not a name. */
export function bibtexAuthors(value: string | null): Author[] {
  if (value === null) return [];
  return splitOutsideBraces(value, /\s+and\s+/iy)
    .filter((name) => !/^\s*others\s*$/i.test(name))
    .flatMap(commaJoinedNames)
    .map(bibtexName)
    .filter((a): a is Author => a !== null);
}

/** `a; b` (Scopus, WoS, IEEE) or `a, b` (ScienceDirect, Zotero): `;` wins when present. */
export function bibtexKeywords(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const text = cleanText(latexToUnicode(value));
    if (!text) continue;
    const parts = text.includes(";") ? text.split(";") : text.split(",");
    for (const part of parts) {
      const keyword = cleanText(part);
      if (keyword) out.push(keyword);
    }
  }
  return out;
}

/** `jul` (macro, now `July`), `JUL 15` (WoS), `Sep.` (IEEE), `7`, `07`: ISO date in `year`. */
export function bibtexMonthDate(month: string | null, year: number): string | null {
  const text = cleanText(month);
  if (text === null) return isoDate(year);
  const numeric = /^(\d{1,2})(?:[ ./-](\d{1,2}))?$/.exec(text);
  if (numeric) {
    const m = monthNumber(numeric[1]);
    return m === null ? isoDate(year) : isoDate(year, m, numeric[2] ? Number(numeric[2]) : null);
  }
  return monthDayWithoutYear(text, year) ?? isoDate(year);
}

/** Year from `year` (else biblatex `date`); the date is `date` when it agrees, else year + month. */
export function bibtexDate(entry: BibEntry): { year: string | null; date: string | null } {
  const yearText = fieldText(entry, ...BIBTEX_FIELDS.year);
  const dateField = parseLooseDate(fieldText(entry, ...BIBTEX_FIELDS.date));
  const yearMatch = yearText ? /\b(1\d{3}|2\d{3})\b/.exec(yearText) : null;
  if (!yearMatch) {
    // A year that is not a year ("in press") is passed on for the finaliser to reject by name.
    return { year: yearText ?? (dateField ? String(dateField.year) : null), date: dateField?.date ?? null };
  }
  const year = Number(yearMatch[1]);
  if (dateField && dateField.year === year && dateField.date.length > 4)
    return { year: String(year), date: dateField.date };
  return { year: String(year), date: bibtexMonthDate(fieldText(entry, ...BIBTEX_FIELDS.month), year) };
}

/** Entry type, then the exporter's own type fields (Scopus `document_type`, WoS `Type = {Article; Proceedings Paper}`). */
export function bibtexTypes(entry: BibEntry): string[] {
  const types: string[] = [];
  const mapped = BIBTEX_TYPES[entry.type];
  if (mapped) types.push(mapped);
  else if (entry.type !== "misc") types.push(entry.type);
  for (const name of BIBTEX_FIELDS.documentTypes) {
    for (const value of entry.fields.get(name) ?? []) {
      for (const part of (cleanText(latexToUnicode(value)) ?? "").split(";")) {
        const type = cleanText(part);
        if (type) types.push(type);
      }
    }
  }
  return types;
}

/** `issn = {1234-5678, 8765-4321}` holds print and electronic; a separate eissn field wins. */
export function bibtexIssns(entry: BibEntry): { issn: string | null; eissn: string | null } {
  const issnText = fieldText(entry, ...BIBTEX_FIELDS.issn);
  const eissnText = fieldText(entry, ...BIBTEX_FIELDS.eissn);
  const found = splitIssns(issnText);
  return {
    issn: found[0] ?? issnText,
    eissn: eissnText ?? found[1] ?? null,
  };
}

/** arXiv's own BibTeX (and Zotero, JabRef): `eprint` with `archiveprefix`/`eprinttype` arXiv, or `arxivid` (Mendeley). */
export function bibtexArxivId(entry: BibEntry): string | null {
  const archive = fieldText(entry, "archiveprefix", "eprinttype");
  const eprint = verbatimText(entry, "eprint");
  if (eprint && (archive === null ? /^(?:arxiv:)?\d{4}\.\d{4,5}/i.test(eprint) : /^arxiv$/i.test(archive)))
    return eprint;
  return verbatimText(entry, "arxivid", "arxiv");
}

// ---------------------------------------------------------- database dialects

interface DatabaseEvidence {
  key: string | null;
  source: string | null;
  uniqueId: string | null;
  urls: readonly string[];
  doi: string | null;
}

/** Web of Science: key and `Unique-ID` are the accession number (`WOS:000278542800018`). */
export function wosAccession(evidence: DatabaseEvidence): string | null {
  for (const value of [evidence.uniqueId, evidence.key]) {
    if (value && /^WOS:\S+$/i.test(value)) return value;
  }
  return null;
}

/**
 * IEEE Xplore keys its export by the article number (`@INPROCEEDINGS{8068545,`) and gives no
 * URL; together with an IEEE DOI (10.1109, or 10.23919 for IEEE-hosted proceedings) that key
 * is IEEE's record id.
 */
export function ieeeArticleNumber(evidence: DatabaseEvidence): string | null {
  if (!evidence.key || !/^\d{4,9}$/.test(evidence.key)) return null;
  return evidence.doi && /^10\.(?:1109|23919)\//.test(evidence.doi) ? evidence.key : null;
}

/** Which database the entry says it came from, and its id there when the entry gives it. */
export function bibtexDatabase(evidence: DatabaseEvidence): { database: string | null; sourceId: string | null } {
  const wos = wosAccession(evidence);
  if (wos) return { database: "wos", sourceId: wos };
  const urlIds = idsFromUrls(evidence.urls);
  // Scopus: `source = {Scopus}` and a record link with the EID (which the finaliser makes the id).
  if (
    (evidence.source && /^scopus$/i.test(evidence.source)) ||
    evidence.urls.some((u) => /scopus\.com\/inward\/record/i.test(u))
  ) {
    return { database: "scopus", sourceId: null };
  }
  if (urlIds.sciencedirectPii) return { database: "sciencedirect", sourceId: urlIds.sciencedirectPii };
  const ieee = ieeeArticleNumber(evidence);
  if (ieee) return { database: "ieee", sourceId: ieee };
  return { database: null, sourceId: null };
}

/** The entry as the database gave it; normalising is finaliseRecord's job. */
export function bibtexToDraft(entry: BibEntry): RecordDraft {
  const urlText = verbatimText(entry, ...BIBTEX_FIELDS.url);
  const urls = urlText ? urlText.split(/\s+/) : [];
  const urlIds = idsFromUrls(urls);
  const doi = verbatimText(entry, ...BIBTEX_FIELDS.doi);
  const { database, sourceId } = bibtexDatabase({
    key: entry.key,
    source: fieldText(entry, "source"),
    uniqueId: fieldText(entry, "unique-id"),
    urls,
    doi: doi?.replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, "") ?? null,
  });
  const { year, date } = bibtexDate(entry);
  const { issn, eissn } = bibtexIssns(entry);
  const articleNumber = fieldText(entry, ...BIBTEX_FIELDS.articleNumber);
  // biblatex's `eid` is an article number; a Scopus EID there is the record id instead.
  const scopusEid = articleNumber && /^2-s2\.0-\d+$/.test(articleNumber) ? articleNumber : null;

  const raw: { [field: string]: string } = {};
  if (entry.key) raw.citationKey = entry.key;
  if (urlText) raw.url = urlText;
  const isbn = fieldText(entry, ...BIBTEX_FIELDS.isbn);
  if (isbn) raw.isbn = isbn;
  if (articleNumber && !scopusEid) raw.articleNumber = articleNumber;

  const keywords: string[] = [];
  for (const name of BIBTEX_FIELDS.keywords) keywords.push(...bibtexKeywords(entry.fields.get(name) ?? []));

  return {
    database,
    sourceId,
    doi,
    pmid: fieldText(entry, ...BIBTEX_FIELDS.pmid) ?? urlIds.pmid,
    pmcid: fieldText(entry, ...BIBTEX_FIELDS.pmcid) ?? urlIds.pmcid,
    arxivId: bibtexArxivId(entry) ?? urlIds.arxivId,
    eid: urlIds.eid ?? scopusEid,
    title: fieldText(entry, ...BIBTEX_FIELDS.title),
    abstract: fieldText(entry, ...BIBTEX_FIELDS.abstract),
    authors: bibtexAuthors(rawValue(entry, ...BIBTEX_FIELDS.authors)),
    year,
    date,
    journal: fieldText(entry, ...BIBTEX_FIELDS.journal),
    journalAbbrev: fieldText(entry, ...BIBTEX_FIELDS.journalAbbrev),
    issn,
    eissn,
    volume: fieldText(entry, ...BIBTEX_FIELDS.volume),
    issue: fieldText(entry, ...BIBTEX_FIELDS.issue),
    // An article number stands where an online-only article has no pages (Scopus art_number).
    pages: fieldText(entry, ...BIBTEX_FIELDS.pages) ?? (scopusEid ? null : articleNumber),
    publicationTypes: bibtexTypes(entry),
    language: fieldText(entry, ...BIBTEX_FIELDS.language),
    keywords,
    raw,
  };
}

export const bibtexAdapter: SourceAdapter = {
  id: "bibtex",
  description: "BibTeX (.bib) from Scopus, Web of Science, IEEE Xplore, ScienceDirect, JabRef, Zotero, Mendeley",
  defaultDatabase: "unknown",
  detect: detectBibtex,
  parse: parseBibtex,
};
