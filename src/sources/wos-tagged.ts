/**
 * Web of Science "Plain text file" export (also saved as .ciw, and what bibliometrix and
 * VOSviewer read): `FN Clarivate Analytics Web of Science` / `VR 1.0` above the records, each
 * record a run of two-character field tags (`PT J`, `AU Kim, S`, `TI …`) whose values continue on
 * lines indented by three spaces, closed by `ER`; `EF` ends the file. Tags per Clarivate's
 * "Web of Science Core Collection field tags": PT publication type, AU/AF authors (short and
 * full names, one per line), TI title, SO source, J9/JI abbreviations, LA language, DT document
 * type, DE author keywords, ID Keywords Plus, AB abstract, PY year, PD publication date, VL, IS,
 * BP/EP pages, AR article number, DI DOI, SN/EI ISSN/eISSN, BN ISBN, PM PubMed ID, UT accession
 * number (`WOS:…`), EA early access date. CR (cited references) is not kept.
 */
import { InputError } from "../errors.js";
import {
  excerpt,
  monthDayWithoutYear,
  parseAuthorName,
  type Author,
  type ParsedItem,
  type RecordDraft,
} from "../record.js";
import type { ParseInput, SourceAdapter } from "./adapter.js";
import { pageRange } from "./csv.js";
import { MAX_PREAMBLE_LINES, openingLine } from "./preamble.js";
import {
  type BlankLineDialect,
  type BlankLineProgress,
  type TaggedRecord,
  type TaggedRecordRead,
  blankLineRecords,
  unreadableRecordReject,
} from "./tagged-lines.js";

/**
 * `TI value`: two characters (a capital, then a capital or digit), a space, the value. RIS's
 * `TY  - ` has the same start, so a value beginning with `- ` is RIS, not this.
 */
const TAG_LINE = /^([A-Z][A-Z0-9])(?: (.*))?$/;

function wosTagLine(text: string): { tag: string; value: string } | null {
  const match = TAG_LINE.exec(text);
  if (!match || /^ ?- /.test(match[2] ?? "")) return null;
  return { tag: match[1]!, value: (match[2] ?? "").trim() };
}

/** The file header (`FN … Web of Science`, `VR 1.0`) or a first record opening with `PT J|B|S|P`. */
export function detectWosTagged(sample: string): boolean {
  const first = openingLine(sample, (text) => wosTagLine(text) !== null);
  if (first === null) return false;
  if (/^FN .*(Web of Science|Web of Knowledge|ISI Export)/i.test(first.text)) return true;
  // Without the header (a file cut from a larger one): PT, then the record's own tags, closed by ER.
  return /^PT [JBSP]$/.test(first.text) && /^ER\s*$/m.test(sample) && /^(?:AU|TI) /m.test(sample);
}

/** Tags of the file's frame, not of any record. */
const FRAME_TAGS = new Set(["FN", "VR", "EF"]);

function isFrame(record: TaggedRecord): boolean {
  return record.fields.every((f) => FRAME_TAGS.has(f.tag));
}

/** AF holds full names (`Kim, Sangwon`), AU short ones (`Kim, S`): the full ones when given; a group (CA/GP) is a family name. */
function wosAuthors(record: TaggedRecord): Author[] {
  const names = record.items("AF").length > 0 ? record.items("AF") : record.items("AU");
  const authors: Author[] = [];
  for (const name of names) {
    const author = parseAuthorName(name, "family-first");
    if (author) authors.push(author);
  }
  for (const group of [...record.items("CA"), ...record.items("GP")]) authors.push({ family: group, given: null });
  return authors;
}

/** DE and ID are `;`-separated lists whose lines may wrap anywhere: joined, then split. */
function keywordList(record: TaggedRecord, tag: string): string[] {
  const text = record.text(tag);
  if (text === null) return [];
  return text
    .split(";")
    .map((k) => k.trim())
    .filter((k) => k !== "");
}

/**
 * PY is the year; PD the month and day (`MAR`, `MAR 15`, `JAN-FEB`, newer exports `MAR 2020`),
 * or the early-access date (EA) when the issue has none yet.
 */
export function wosDate(year: string | null, published: string | null, earlyAccess: string | null) {
  const yearMatch = year === null ? null : /\b(\d{4})\b/.exec(year);
  const value = (published ?? earlyAccess)?.replace(/\s+\d{4}$/, "") ?? null;
  const fromEarlyAccess = published === null ? /\b(\d{4})\b/.exec(earlyAccess ?? "") : null;
  const yearNumber = yearMatch ? Number(yearMatch[1]) : fromEarlyAccess ? Number(fromEarlyAccess[1]) : null;
  if (yearNumber === null) return { year, date: null };
  return { year: String(yearNumber), date: monthDayWithoutYear(value, yearNumber) };
}

function wosToDraft(record: TaggedRecord): RecordDraft {
  const raw: { [field: string]: string } = {};
  const accession = record.text("UT");
  if (accession !== null) raw.accessionNumber = accession;
  const isbn = record.text("BN");
  if (isbn !== null) raw.isbn = isbn;
  const publisher = record.text("PU");
  if (publisher !== null) raw.publisher = publisher;
  const conference = record.text("CT");
  if (conference !== null) raw.conference = conference;
  const articleNumber = record.text("AR");
  if (articleNumber !== null) raw.articleNumber = articleNumber;
  const types = (record.text("DT") ?? "")
    .split(";")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  const { year, date } = wosDate(record.text("PY"), record.text("PD"), record.text("EA"));
  return {
    database: "wos",
    sourceId: accession,
    doi: record.text("DI"),
    pmid: record.text("PM"),
    title: record.text("TI"),
    abstract: record.text("AB"),
    authors: wosAuthors(record),
    year,
    date,
    journal: record.text("SO"),
    journalAbbrev: record.text("JI", "J9"),
    issn: record.text("SN"),
    eissn: record.text("EI"),
    volume: record.text("VL"),
    issue: record.text("IS"),
    // An online-only article has an article number in place of pages.
    pages: pageRange(record.text("BP"), record.text("EP")) ?? articleNumber,
    publicationTypes: types,
    language: record.text("LA"),
    keywords: [...keywordList(record, "DE"), ...keywordList(record, "ID")],
    raw,
  };
}

/** Records open with PT; a line indented by spaces continues the field above; a blank line or PT ends one. */
const WOS_DIALECT: BlankLineDialect = {
  tagLine: wosTagLine,
  opensWith: "PT",
  continues: (text) => /^\s/.test(text),
  preambleLines: MAX_PREAMBLE_LINES,
};

function notWos(input: ParseInput, line: number, text: string): InputError {
  return new InputError({
    file: input.text.file,
    line,
    expected: 'Web of Science plain-text records ("PT J" … "ER")',
    got: text === "" ? "no text" : `text starting ${excerpt(text)}`,
  });
}

async function* parseWos(input: ParseInput): AsyncIterable<ParsedItem> {
  let position = 0;
  const progress: BlankLineProgress = { firstText: null, lastLine: 0 };

  const close = (read: TaggedRecordRead, endOfFile: boolean): ParsedItem => {
    position++;
    const at = { position, line: read.record.line };
    const rejected = unreadableRecordReject(
      input,
      at,
      read,
      'Web of Science tag lines ("TI value") or lines indented to continue one',
    );
    if (rejected) return rejected;
    // Every record Web of Science writes ends with ER; a last one without it was cut short.
    if (endOfFile && !read.record.fields.some((f) => f.tag === "ER")) {
      return input.reject(
        at,
        null,
        'a complete Web of Science record (ending with "ER")',
        `the end of the file at line ${progress.lastLine} (the file is cut short)`,
      );
    }
    return input.finish(wosToDraft(read.record), at);
  };

  for await (const { read, endOfFile } of blankLineRecords(
    input.text.lines(),
    input.text.limits,
    WOS_DIALECT,
    progress,
  )) {
    if (isFrame(read.record) && !read.unreadable) continue;
    if (position === 0 && !read.record.has("PT") && !read.record.has("TI")) {
      throw notWos(input, read.record.line, progress.firstText?.text ?? "");
    }
    yield close(read, endOfFile);
  }
  if (position === 0) throw notWos(input, progress.firstText?.line ?? 1, progress.firstText?.text ?? "");
}

export const wosTaggedAdapter: SourceAdapter = {
  id: "wos-tagged",
  description: "Web of Science plain text (FN … / PT J … ER; also .ciw) as bibliometrix and VOSviewer read it",
  defaultDatabase: "wos",
  detect: detectWosTagged,
  parse: parseWos,
};
