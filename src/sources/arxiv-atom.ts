/**
 * arXiv API search results (`export.arxiv.org/api/query`): an Atom 1.0 <feed> with one <entry>
 * per paper and arXiv's own elements (arxiv:doi, arxiv:journal_ref, arxiv:comment,
 * arxiv:primary_category). Reference: https://info.arxiv.org/help/api/user-manual.html
 * (3.3 "Outline of an Atom feed", 3.4 "Errors", 5.2 "Details of Atom Results Returned").
 *
 * Two dialects are read: the feed served until about 2016, which declares the opensearch and
 * arxiv namespaces again on every element, and the current one, which declares them once on
 * <feed>. Prefixes are dropped when an entry is parsed, so both map the same way.
 *
 * A harvest can hold many pages, so the file is streamed: `splitElements` cuts out one
 * <entry> at a time. Feed-level elements (opensearch:totalResults, startIndex, itemsPerPage)
 * describe the search, not a paper, and are skipped.
 */
import { attr, child, children, parseXml, textOf, xmlRootName, XmlSyntaxError, type XmlNode } from "../io/xml.js";
import {
  cleanText,
  excerpt,
  parseAuthorName,
  parseLooseDate,
  type Author,
  type ParsedItem,
  type RecordDraft,
} from "../record.js";
import { xmlRecords } from "./xml-records.js";
import type { ParseInput, RecordLocation, SourceAdapter } from "./adapter.js";

const FEED_ELEMENT = "feed";
const ENTRY_ELEMENT = "entry";
const ATOM_NAMESPACE = "http://www.w3.org/2005/Atom";

// ---------------------------------------------------------------- detection

/**
 * An Atom feed that came from the arXiv API: the current feed declares the arxiv namespace on
 * <feed>; the 2016-era feed declares it only on each entry's elements, but its feed <id> and
 * self <link> point at arxiv.org/api, as do error feeds. Other Atom feeds (a blog, a journal's
 * table of contents) have none of these.
 */
export function detectArxivAtom(sample: string): boolean {
  if (xmlRootName(sample) !== FEED_ELEMENT || !sample.includes(ATOM_NAMESPACE)) return false;
  return (
    /xmlns:arxiv\s*=\s*["']http:\/\/arxiv\.org\/schemas\/atom["']/.test(sample) ||
    /https?:\/\/(?:export\.)?arxiv\.org\/(?:api\/|abs\/)/.test(sample)
  );
}

// ---------------------------------------------------------------- named converters

/** `http://arxiv.org/abs/1707.08567v1` → id `1707.08567`, version `v1`; old-style `hep-th/9901001v2` too. */
export function arxivEntryId(idUrl: string | null): { id: string | null; version: string | null } {
  const text = cleanText(idUrl);
  if (text === null) return { id: null, version: null };
  const match = /^(?:https?:\/\/(?:export\.|www\.)?arxiv\.org\/abs\/)?(.+?)(v\d+)?$/i.exec(text);
  if (!match) return { id: text, version: null };
  return { id: match[1]!, version: match[2]?.toLowerCase() ?? null };
}

/**
 * The API reports a bad query as a feed holding one entry whose <id> is
 * `http://arxiv.org/api/errors#<code>`, titled "Error", with the message in <summary>
 * (User's Manual 3.4). Returns the message for such an entry, null for a paper.
 */
export function arxivApiError(entry: XmlNode): string | null {
  const id = cleanText(textOf(child(entry, "id")));
  if (id === null || !/^https?:\/\/(?:export\.)?arxiv\.org\/api\/errors\b/i.test(id)) return null;
  return cleanText(textOf(child(entry, "summary"))) ?? id;
}

/** Words that make an author name a group ("H1 Collaboration", "LIGO Scientific Collaboration"), not a person. */
const COLLECTIVE_WORDS = /\b(?:collaboration|consortium|group|team|collaborators|project|survey|network|initiative)\b/i;

/** arXiv writes names given-first ("Adrian Del Maestro"); a collaboration is kept whole as the family name. */
export function arxivAuthor(name: string): Author | null {
  const text = cleanText(name);
  if (text === null) return null;
  if (COLLECTIVE_WORDS.test(text)) return { family: text, given: null };
  return parseAuthorName(text, "given-first");
}

/**
 * arxiv:doi may hold several DOIs separated by spaces (an erratum, a split publication): the
 * first is the record's DOI; the full value is kept raw when there is more than one.
 */
export function arxivDois(value: string | null): { doi: string | null; all: string | null } {
  const text = cleanText(value);
  if (text === null) return { doi: null, all: null };
  const dois = text.split(/[\s,;]+/).filter((d) => /^10\.\d{4,9}\//.test(d) || /doi\.org\//i.test(d));
  return { doi: dois[0] ?? text, all: dois.length > 1 ? text : null };
}

function text(node: XmlNode | null | undefined): string | null {
  return node ? cleanText(textOf(node)) : null;
}

/** The DOI the 2016-era feed also gives as `<link title="doi" href="http://dx.doi.org/…">`. */
function doiLink(entry: XmlNode): string | null {
  const link = children(entry, "link").find((l) => attr(l, "title") === "doi");
  return cleanText(attr(link, "href"));
}

// ---------------------------------------------------------------- mapping

/** arXiv extension elements kept verbatim: free text a reviewer may want, not fields to guess from. */
const RAW_ELEMENTS: readonly (readonly [element: string, rawField: string])[] = [
  ["journal_ref", "journalRef"],
  ["comment", "comment"],
  ["updated", "updated"],
];

export function entryToDraft(entry: XmlNode): RecordDraft {
  const { id, version } = arxivEntryId(text(child(entry, "id")));
  const raw: { [field: string]: string } = {};
  for (const [element, field] of RAW_ELEMENTS) {
    const value = text(child(entry, element));
    if (value !== null) raw[field] = value;
  }
  if (version !== null) raw.version = version;
  const primary = cleanText(attr(child(entry, "primary_category"), "term"));
  if (primary !== null) raw.primaryCategory = primary;
  const { doi, all } = arxivDois(text(child(entry, "doi")) ?? doiLink(entry));
  if (all !== null) raw.dois = all;

  const published = parseLooseDate(text(child(entry, "published")));
  const categories = children(entry, "category").map((c) => cleanText(attr(c, "term")));
  return {
    database: "arxiv",
    sourceId: id,
    arxivId: id,
    doi,
    title: text(child(entry, "title")),
    abstract: text(child(entry, "summary")),
    authors: children(entry, "author")
      .map((a) => arxivAuthor(textOf(child(a, "name"))))
      .filter((a): a is Author => a !== null),
    year: published ? String(published.year) : null,
    date: published?.date ?? null,
    publicationTypes: ["Preprint"],
    keywords: [primary, ...categories].filter((c): c is string => c !== null),
    raw,
  };
}

// ---------------------------------------------------------------- parsing

async function* parse(input: ParseInput): AsyncIterable<ParsedItem> {
  const expectFeedEnd = xmlRootName(input.text.sample) === FEED_ELEMENT;
  // The User's Manual's own examples put the whole feed on one line: an entry sharing its line
  // with the previous one is cited by position (xml-records.ts). The closing tag, namespaced or
  // not, may be split between two envelope pieces.
  yield* xmlRecords(
    input,
    {
      elements: [ENTRY_ELEMENT],
      end: new RegExp(`</(?:[\\w.-]+:)?${FEED_ELEMENT}>`),
      closing: expectFeedEnd ? `</${FEED_ELEMENT}>` : null,
    },
    (xml, _name, at) => entryItem(input, xml, at),
  );
}

function entryItem(input: ParseInput, xml: string, at: RecordLocation): ParsedItem {
  let nodes: XmlNode[];
  try {
    nodes = parseXml(xml);
  } catch (error) {
    // One malformed entry is one reject; the entries after it are still read.
    const message = error instanceof Error ? error.message : String(error);
    const where = error instanceof XmlSyntaxError && at.line !== null ? ` at line ${at.line + error.line - 1}` : "";
    return input.reject(
      at,
      null,
      `a well-formed <${ENTRY_ELEMENT}> element`,
      `malformed XML${where}: ${excerpt(message, 120)}`,
    );
  }
  const entry = nodes.find((n) => n.name === ENTRY_ELEMENT);
  if (!entry) return input.reject(at, null, `an <${ENTRY_ELEMENT}> element`, "none");
  const apiError = arxivApiError(entry);
  if (apiError !== null) return input.reject(at, null, "an arXiv paper entry", `arXiv API error: ${apiError}`);
  return input.finish(entryToDraft(entry), at);
}

export const arxivAtomAdapter: SourceAdapter = {
  id: "arxiv-atom",
  description: "arXiv API search results (Atom XML from export.arxiv.org/api/query)",
  defaultDatabase: "arxiv",
  detect: detectArxivAtom,
  parse,
};
