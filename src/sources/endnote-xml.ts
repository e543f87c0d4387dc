/**
 * EndNote XML (File > Export > XML in EndNote; also what Zotero, Mendeley and ASySD write and
 * read): `<xml><records><record>…</record></records></xml>`. Since EndNote 8 every text value
 * may be wrapped in one or more `<style face=… font=… size=…>` runs (rich text), so values are
 * read as all the text below an element. Element names per EndNote's DTD (RSXML.dtd):
 * ref-type (name attribute), titles/title, titles/secondary-title, periodical/full-title,
 * contributors/authors/author, dates/year, dates/pub-dates/date, volume, number, pages,
 * electronic-resource-num, abstract, keywords/keyword, isbn, accession-num, language, urls.
 *
 * Libraries are exported whole (tens of thousands of records), so the file is streamed one
 * <record> at a time, as PubMed XML is.
 */
import { child, children, parseXml, path, textOf, xmlRootName, XmlSyntaxError, type XmlNode } from "../io/xml.js";
import {
  cleanText,
  excerpt,
  monthDayWithoutYear,
  parseAuthorName,
  parseLooseDate,
  type Author,
  type ParsedItem,
  type RecordDraft,
} from "../record.js";
import { xmlRecords } from "./xml-records.js";
import type { ParseInput, SourceAdapter } from "./adapter.js";
import { accessionIds } from "./endnote-ids.js";
import { idsFromUrls } from "./link-ids.js";
import { issnsByLabel } from "./tagged-lines.js";

const RECORD_ELEMENT = "record";

/** The root is <xml> holding <records>: EndNote's own envelope, whichever program wrote it. */
export function detectEndnoteXml(sample: string): boolean {
  return xmlRootName(sample) === "xml" && /<records[\s>]/.test(sample.slice(0, 4096));
}

/** All the text of an element, its <style> runs joined; null when empty. */
function value(node: XmlNode | null): string | null {
  return node ? cleanText(textOf(node)) : null;
}

function at(record: XmlNode, ...names: string[]): string | null {
  return value(path(record, ...names));
}

function valuesOf(nodes: readonly XmlNode[]): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const text = value(node);
    if (text !== null) out.push(text);
  }
  return out;
}

/** contributors/authors/author: `Family, Given` as EndNote stores names; a name without a comma is kept whole. */
export function endnoteAuthors(record: XmlNode): Author[] {
  const authors: Author[] = [];
  for (const name of valuesOf(children(path(record, "contributors", "authors"), "author"))) {
    const author = name.includes(",") ? parseAuthorName(name, "family-first") : { family: name, given: null };
    if (author) authors.push(author);
  }
  return authors;
}

/**
 * dates/year and dates/pub-dates/date. The date is free text: `Apr 9`, `Dec` (no year: the
 * year is dates/year), `2022 May`, `2019/07/20`.
 */
export function endnoteDate(year: string | null, date: string | null): { year: string | null; date: string | null } {
  const yearNumber = year !== null && /^\d{4}$/.test(year) ? Number(year) : null;
  if (date !== null && yearNumber !== null) {
    const withoutYear = monthDayWithoutYear(date, yearNumber);
    if (withoutYear !== null) return { year, date: withoutYear };
  }
  const parsed = parseLooseDate(date);
  if (parsed !== null && (yearNumber === null || parsed.year === yearNumber))
    return { year: year ?? String(parsed.year), date: parsed.date };
  return { year, date: null };
}

/** Every URL of the record (related, PDF, web) for the identifiers their links spell out. */
function urlsOf(record: XmlNode): string[] {
  const urls = child(record, "urls");
  return valuesOf([
    ...children(child(urls, "related-urls"), "url"),
    ...children(child(urls, "web-urls"), "url"),
    ...children(child(urls, "pdf-urls"), "url"),
  ]);
}

export function endnoteRecordToDraft(record: XmlNode): RecordDraft {
  const raw: { [field: string]: string } = {};
  const provider = [at(record, "remote-database-provider"), at(record, "remote-database-name")].join(" ");
  const ids = accessionIds(at(record, "accession-num"), provider, at(record, "custom2"));
  const urlIds = idsFromUrls(urlsOf(record));
  const issns = issnsByLabel(at(record, "isbn")?.split(/[\r\n]+/) ?? []);
  const recordNumber = at(record, "rec-number");
  if (recordNumber !== null) raw.endnoteRecordNumber = recordNumber;
  if (ids.accession !== null) raw.accessionNumber = ids.accession;
  if (issns.isbns.length > 0) raw.isbn = issns.isbns.join("; ");
  const publisher = at(record, "publisher");
  if (publisher !== null) raw.publisher = publisher;
  const type = cleanText(child(record, "ref-type")?.attributes.name);
  const { year, date } = endnoteDate(at(record, "dates", "year"), at(record, "dates", "pub-dates", "date"));
  return {
    doi: at(record, "electronic-resource-num") ?? urlIds.doi,
    pmid: ids.pmid ?? urlIds.pmid,
    pmcid: ids.pmcid ?? urlIds.pmcid,
    eid: ids.eid ?? urlIds.eid,
    arxivId: urlIds.arxivId,
    title: at(record, "titles", "title"),
    abstract: at(record, "abstract"),
    authors: endnoteAuthors(record),
    year,
    date,
    // A journal article's secondary title is its journal; a chapter's, its book.
    journal: at(record, "periodical", "full-title") ?? at(record, "titles", "secondary-title"),
    journalAbbrev: at(record, "periodical", "abbr-1") ?? at(record, "titles", "alt-title"),
    issn: issns.issn,
    eissn: issns.eissn,
    volume: at(record, "volume"),
    // Zotero writes the issue to both <number> and <issue>; EndNote only to <number>.
    issue: at(record, "number") ?? at(record, "issue"),
    pages: at(record, "pages"),
    publicationTypes: type === null ? [] : [type],
    language: at(record, "language"),
    keywords: valuesOf(children(child(record, "keywords"), "keyword")),
    raw,
  };
}

const RECORDS_END = /<\/records\s*>|<records\b[^>]*\/>/;

async function* parse(input: ParseInput): AsyncIterable<ParsedItem> {
  // EndNote writes a whole library on one line; a record sharing its line with the previous
  // one is cited by position (xml-records.ts).
  yield* xmlRecords(input, { elements: [RECORD_ELEMENT], end: RECORDS_END, closing: "</records>" }, (xml, _name, at) =>
    recordItem(input, xml, at),
  );
}

function recordItem(input: ParseInput, xml: string, at: { position: number; line: number | null }): ParsedItem {
  let nodes: XmlNode[];
  try {
    nodes = parseXml(xml);
  } catch (error) {
    let where = "";
    if (error instanceof XmlSyntaxError && at.line !== null) where = ` at line ${error.line + at.line - 1}`;
    const message = error instanceof Error ? error.message : String(error);
    return input.reject(at, null, "a well-formed <record> element", `malformed XML${where}: ${excerpt(message, 120)}`);
  }
  const node = nodes.find((n) => n.name === RECORD_ELEMENT);
  if (!node) return input.reject(at, null, "a <record> element", "none");
  return input.finish(endnoteRecordToDraft(node), at);
}

export const endnoteXmlAdapter: SourceAdapter = {
  id: "endnote-xml",
  description: "EndNote XML (<xml><records>…) from EndNote, Zotero, Mendeley, ASySD",
  defaultDatabase: "unknown",
  detect: detectEndnoteXml,
  parse,
};
