/**
 * EndNote's tagged import format (.enw; also what Google Scholar, Wiley, Oxford Academic,
 * HAL, CNKI and PubMed's "EndNote" citation manager export write): one field per line as
 * `%X value`, a record opened by `%0 <reference type>` and ended by a blank line, a value
 * continued on the lines after its tag. Tags per EndNote's help ("Tagged import format"):
 * %0 type, %T title, %A author, %J journal, %B secondary title, %D year, %8 date, %V volume,
 * %N issue, %P pages, %R DOI, %X abstract, %K keywords, %@ ISSN/ISBN, %G language,
 * %M accession number, %U URL, %I publisher, %W database provider, %~ database name.
 */
import { InputError } from "../errors.js";
import {
  excerpt,
  monthDayWithoutYear,
  parseAuthorName,
  parseLooseDate,
  type Author,
  type ParsedItem,
  type RecordDraft,
} from "../record.js";
import type { ParseInput, SourceAdapter } from "./adapter.js";
import { accessionIds } from "./endnote-ids.js";
import { idsFromUrls } from "./link-ids.js";
import { MAX_PREAMBLE_LINES, openingLine } from "./preamble.js";
import {
  type BlankLineDialect,
  type BlankLineProgress,
  type TaggedRecord,
  type TaggedRecordRead,
  blankLineRecords,
  issnsByLabel,
  unreadableRecordReject,
} from "./tagged-lines.js";

/** `%T value`: a percent sign, one tag character, a space (absent when the value is empty). */
const TAG_LINE = /^%([0-9A-Za-z@!#$&()*+,\-./:;<=>?[\\\]^_{|}~])(?: (.*)|)$/;

export function enwTagLine(text: string): { tag: string; value: string } | null {
  const match = TAG_LINE.exec(text);
  return match ? { tag: match[1]!, value: (match[2] ?? "").trim() } : null;
}

/** The first tag line, after a BOM, blank lines and a short preamble, is `%0 <type>`. */
export function detectEndnoteTagged(sample: string): boolean {
  const first = openingLine(sample, (text) => enwTagLine(text) !== null);
  return first !== null && /^%0 \S/.test(first.text);
}

/** `Family, Given` as EndNote writes names; `Given Family` (some exporters) when there is no comma. */
export function enwAuthors(record: TaggedRecord): Author[] {
  const authors: Author[] = [];
  for (const name of record.texts("A")) {
    const author = parseAuthorName(name, name.includes(",") ? "family-first" : "given-first");
    if (author) authors.push(author);
  }
  return authors;
}

/** %K: one keyword per line, or several on one line separated by semicolons (CNKI, Google Scholar). */
export function enwKeywords(record: TaggedRecord): string[] {
  return record
    .items("K")
    .flatMap((line) => line.split(";"))
    .map((k) => k.trim())
    .filter((k) => k !== "");
}

/** %D is the year; %8 a fuller date (`2022-06-21`, `Apr 9`, `12/7/2023`…) used when it agrees with it. */
export function enwDate(year: string | null, date: string | null): { year: string | null; date: string | null } {
  const yearMatch = year !== null ? /\b(\d{4})\b/.exec(year) : null;
  const yearNumber = yearMatch ? Number(yearMatch[1]) : null;
  if (date !== null && yearNumber !== null) {
    const withoutYear = monthDayWithoutYear(date, yearNumber);
    if (withoutYear !== null) return { year: String(yearNumber), date: withoutYear };
  }
  const parsed = parseLooseDate(date);
  if (parsed !== null && (yearNumber === null || parsed.year === yearNumber))
    return { year: String(parsed.year), date: parsed.date };
  return { year: yearNumber !== null ? String(yearNumber) : year, date: null };
}

export function enwToDraft(record: TaggedRecord): RecordDraft {
  const raw: { [field: string]: string } = {};
  const provider = [record.text("W"), record.text("~")].join(" ");
  const ids = accessionIds(record.text("M"), provider, null);
  const urlIds = idsFromUrls(record.items("U"));
  const issns = issnsByLabel(record.items("@"));
  if (ids.accession !== null) raw.accessionNumber = ids.accession;
  if (issns.isbns.length > 0) raw.isbn = issns.isbns.join("; ");
  const callNumber = record.text("L");
  if (callNumber !== null) raw.callNumber = callNumber;
  const publisher = record.text("I");
  if (publisher !== null) raw.publisher = publisher;
  const type = record.text("0");
  const { year, date } = enwDate(record.text("D"), record.text("8"));
  return {
    doi: record.text("R") ?? urlIds.doi,
    pmid: ids.pmid ?? urlIds.pmid,
    pmcid: urlIds.pmcid,
    eid: ids.eid ?? urlIds.eid,
    arxivId: urlIds.arxivId,
    title: record.text("T"),
    abstract: record.text("X"),
    authors: enwAuthors(record),
    year,
    date,
    // A journal article's %B repeats the journal; a chapter's is its book.
    journal: record.text("J", "B"),
    journalAbbrev: null,
    issn: issns.issn,
    eissn: issns.eissn,
    volume: record.text("V"),
    issue: record.text("N"),
    pages: record.text("P"),
    publicationTypes: type === null ? [] : [type],
    language: record.text("G"),
    keywords: enwKeywords(record),
    raw,
  };
}

/** Records separated by blank lines, each opening with %0; a bare line continues the field above. */
const ENW_DIALECT: BlankLineDialect = {
  tagLine: enwTagLine,
  opensWith: "0",
  continues: () => true,
  preambleLines: MAX_PREAMBLE_LINES,
};

async function* parseEnw(input: ParseInput): AsyncIterable<ParsedItem> {
  let position = 0;
  const progress: BlankLineProgress = { firstText: null, lastLine: 0 };

  const close = (read: TaggedRecordRead): ParsedItem => {
    if (position === 0 && !read.record.has("0")) {
      throw new InputError({
        file: input.text.file,
        line: progress.firstText?.line ?? read.record.line,
        expected: 'EndNote tagged records starting with "%0 <type>"',
        got: `text starting ${excerpt(progress.firstText?.text ?? "")}`,
      });
    }
    position++;
    const at = { position, line: read.record.line };
    const rejected = unreadableRecordReject(
      input,
      at,
      read,
      'EndNote tag lines ("%T value") or lines continuing one',
      (tag) => `%${tag}`,
    );
    if (rejected) return rejected;
    return input.finish(enwToDraft(read.record), at);
  };

  for await (const { read } of blankLineRecords(input.text.lines(), input.text.limits, ENW_DIALECT, progress)) {
    yield close(read);
  }
  if (position === 0) {
    throw new InputError({
      file: input.text.file,
      line: progress.firstText?.line ?? 1,
      expected: 'EndNote tagged records starting with "%0 <type>"',
      got: progress.firstText ? `text starting ${excerpt(progress.firstText.text)}` : "no text",
    });
  }
}

export const endnoteTaggedAdapter: SourceAdapter = {
  id: "endnote-tagged",
  description: "EndNote tagged (.enw: %0 …) from EndNote, Google Scholar, publishers' sites, CNKI",
  defaultDatabase: "unknown",
  detect: detectEndnoteTagged,
  parse: parseEnw,
};
