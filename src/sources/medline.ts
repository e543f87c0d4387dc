/**
 * MEDLINE/PubMed text format (PubMed's "Save → PubMed format", .nbib, .txt): tags
 * left-justified in four characters then "- " (`PMID- 123`, `TI  - …`, `FAU - Smith, John`),
 * continuation lines indented by six spaces, records separated by blank lines.
 * Field descriptions: https://pubmed.ncbi.nlm.nih.gov/help/#pubmed-format
 */
import { InputError } from "../errors.js";
import { excerpt, parseAuthorName, parseLooseDate, type Author, type ParsedItem, type RecordDraft } from "../record.js";
import type { ParseInput, SourceAdapter } from "./adapter.js";
import {
  type BlankLineDialect,
  type BlankLineProgress,
  type TaggedRecord,
  type TaggedRecordRead,
  blankLineRecords,
  issnsByLabel,
  nameWithoutComma,
  unreadableRecordReject,
} from "./tagged-lines.js";
import { MAX_PREAMBLE_LINES, openingLine } from "./preamble.js";

// ------------------------------------------------------------------ reading

/** A tag padded to four characters, then "-" in column 5: `PMID- `, `TI  - `, `FAU - `. */
const TAG_LINE = /^([A-Z][A-Z0-9 ]{3})-(?: (.*))?$/;

export function medlineTagLine(text: string): { tag: string; value: string } | null {
  const match = TAG_LINE.exec(text);
  if (!match) return null;
  const tag = match[1]!.trimEnd();
  if (!/^[A-Z][A-Z0-9]{1,3}$/.test(tag)) return null;
  return { tag, value: (match[2] ?? "").trim() };
}

/** Records separated by blank lines, each opening with PMID; continuation lines are indented. */
const MEDLINE_DIALECT: BlankLineDialect = {
  tagLine: medlineTagLine,
  opensWith: "PMID",
  continues: (text) => /^\s/.test(text),
  // Lines above the first tag (a title, a date) are a preamble, as detectMedline allows.
  preambleLines: MAX_PREAMBLE_LINES,
};

async function* parseMedline(input: ParseInput): AsyncIterable<ParsedItem> {
  let position = 0;
  const progress: BlankLineProgress = { firstText: null, lastLine: 0 };
  let records = 0;
  let recordsEndingWithSource = 0;

  const emit = (read: TaggedRecordRead): ParsedItem => {
    position++;
    const at = { position, line: read.record.line };
    const rejected = unreadableRecordReject(
      input,
      at,
      read,
      'MEDLINE tag lines ("TI  - value") or lines indented to continue one',
    );
    if (rejected) return rejected;
    return input.finish(medlineToDraft(read.record), at);
  };
  const close = (read: TaggedRecordRead): ParsedItem => {
    if (records === 0 && !read.record.has("PMID"))
      throw notMedline(input, progress.firstText?.line ?? read.record.line, progress.firstText?.text ?? "");
    records++;
    if (endsWithSource(read.record)) recordsEndingWithSource++;
    return emit(read);
  };

  for await (const { read, endOfFile } of blankLineRecords(
    input.text.lines(),
    input.text.limits,
    MEDLINE_DIALECT,
    progress,
  )) {
    // Every record PubMed writes ends with SO; a last record without it, in a file whose
    // other records have it, was cut short.
    if (
      endOfFile &&
      !read.unreadable &&
      records > 0 &&
      recordsEndingWithSource === records &&
      !endsWithSource(read.record)
    ) {
      position++;
      yield input.reject(
        { position, line: read.record.line },
        null,
        'a complete MEDLINE record (ending with "SO  - ")',
        `the end of the file at line ${progress.lastLine} (the file is cut short)`,
      );
    } else {
      yield close(read);
    }
  }
  if (position === 0) throw notMedline(input, progress.firstText?.line ?? 1, progress.firstText?.text ?? "");
}

/** The file does not open with a MEDLINE record: it is some other format, or not records at all. */
function notMedline(input: ParseInput, line: number, text: string): InputError {
  return new InputError({
    file: input.text.file,
    line,
    expected: 'MEDLINE records starting with "PMID- "',
    got: text ? `text starting ${excerpt(text)}` : "no text",
  });
}

function endsWithSource(record: TaggedRecord): boolean {
  return record.fields.at(-1)?.tag === "SO";
}

// ------------------------------------------------------------------ detection

/** PubMed's format opens with `PMID- `, after blank lines and at most a short preamble (a saved search's title). */
export function detectMedline(sample: string): boolean {
  const first = openingLine(sample, (text) => medlineTagLine(text) !== null);
  return first !== null && /^PMID- ?\d/.test(first.text);
}

// ------------------------------------------------------------------ mapping

/** Which tags carry which field, in order of preference (NLM's MEDLINE element descriptions). */
export const MEDLINE_TAGS = {
  pmid: ["PMID"],
  // BTI is the title of a book (NCBI Bookshelf records); a chapter has its own TI.
  title: ["TI", "BTI"],
  abstract: ["AB"],
  journal: ["JT"],
  journalAbbrev: ["TA"],
  volume: ["VI"],
  issue: ["IP"],
  pages: ["PG"],
  date: ["DP"],
  issn: ["IS"],
  pmcid: ["PMC"],
  publicationTypes: ["PT"],
  language: ["LA"],
  // OT are the author's keywords; MH (MeSH) is NLM's indexing, not keywords.
  keywords: ["OT"],
  doi: ["LID", "AID"],
} as const;

/**
 * FAU (`Family, Given`) when the record has it, else AU (`Family Initials`); CN, a group
 * author, is a family name alone. Kept in file order, so a group stays where it was listed.
 */
export function medlineAuthors(record: TaggedRecord): Author[] {
  const useFull = record.has("FAU");
  const authors: Author[] = [];
  for (const field of record.all(useFull ? "FAU" : "AU", "CN")) {
    const value = field.lines.join(" ");
    const author =
      field.tag === "CN"
        ? { family: value, given: null }
        : useFull
          ? parseAuthorName(value, "family-first")
          : nameWithoutComma(value);
    if (author) authors.push(author);
  }
  return authors;
}

/** LID/AID values are tagged by kind: `10.1016/j.x.2017.04.075 [doi]`, `S0048-9697(17)30912-9 [pii]`. */
export function medlineDoi(values: readonly string[]): string | null {
  for (const value of values) {
    const match = /^(.+?)\s*\[doi\]$/i.exec(value.trim());
    if (match) return match[1]!;
  }
  return null;
}

/** DP as PubMed writes it: `2002 Sep`, `2017 Nov 15`, `2000 Spring`, `1998 Dec-1999 Jan`. */
export function medlineDate(value: string | null): { year: number | null; date: string | null } {
  const parsed = parseLooseDate(value);
  return parsed ? { year: parsed.year, date: parsed.date } : { year: null, date: null };
}

/** OT marks a major topic with a leading `*`, as MH does; the mark is not part of the keyword. */
export function medlineKeyword(value: string): string {
  return value.replace(/^\*\s*/, "");
}

export function medlineToDraft(record: TaggedRecord): RecordDraft {
  const pmid = record.text(...MEDLINE_TAGS.pmid);
  const issns = issnsByLabel(record.texts(...MEDLINE_TAGS.issn));
  const { year, date } = medlineDate(record.text(...MEDLINE_TAGS.date));
  const languages = record.texts(...MEDLINE_TAGS.language);
  return {
    database: "pubmed",
    sourceId: pmid,
    pmid,
    pmcid: record.text(...MEDLINE_TAGS.pmcid),
    doi: medlineDoi(record.texts(...MEDLINE_TAGS.doi)),
    title: record.text(...MEDLINE_TAGS.title),
    abstract: record.text(...MEDLINE_TAGS.abstract),
    authors: medlineAuthors(record),
    year,
    date,
    journal: record.text(...MEDLINE_TAGS.journal),
    journalAbbrev: record.text(...MEDLINE_TAGS.journalAbbrev),
    issn: issns.issn,
    eissn: issns.eissn,
    volume: record.text(...MEDLINE_TAGS.volume),
    issue: record.text(...MEDLINE_TAGS.issue),
    pages: record.text(...MEDLINE_TAGS.pages),
    publicationTypes: record.texts(...MEDLINE_TAGS.publicationTypes),
    language: languages[0] ?? null,
    keywords: record.texts(...MEDLINE_TAGS.keywords).map(medlineKeyword),
    raw: languages.length > 1 ? { languages: languages.join("; ") } : {},
  };
}

export const medlineAdapter: SourceAdapter = {
  id: "medline",
  description: "MEDLINE/PubMed text format (.nbib, .txt: PMID- …) as PubMed saves it",
  defaultDatabase: "pubmed",
  detect: detectMedline,
  parse: parseMedline,
};
