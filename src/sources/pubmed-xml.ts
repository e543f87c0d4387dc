/**
 * PubMed EFetch XML (`efetch.fcgi?db=pubmed&retmode=xml`): a <PubmedArticleSet> of
 * <PubmedArticle> (journal articles) and <PubmedBookArticle> (NCBI Bookshelf chapters such
 * as GeneReviews). Element reference: https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html,
 * DTD: https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd.
 *
 * EFetch batches and baseline files reach hundreds of megabytes, so the file is streamed:
 * `splitElements` cuts out one record element at a time and only that element is parsed.
 */
import { countBreaks } from "../io/text-input.js";
import { attr, child, children, parseXml, path, xmlRootName, XmlSyntaxError, type XmlNode } from "../io/xml.js";
import {
  cleanText,
  excerpt,
  isoDate,
  monthNumber,
  parseLooseDate,
  type Author,
  type ParsedItem,
  type RecordDraft,
} from "../record.js";
import { xmlRecords } from "./xml-records.js";
import type { ParseInput, SourceAdapter } from "./adapter.js";

/**
 * EFetch wraps records in a PubmedArticleSet (articles and book chapters mixed); the DTD's
 * PubmedBookArticleSet holds only Bookshelf records (a books-only download).
 */
const SET_ELEMENTS = ["PubmedArticleSet", "PubmedBookArticleSet"] as const;
const RECORD_ELEMENTS = ["PubmedArticle", "PubmedBookArticle"] as const;
/** Roots this adapter reads: either set, or a single record saved on its own. */
const ROOT_ELEMENTS: readonly string[] = [...SET_ELEMENTS, ...RECORD_ELEMENTS];

// ---------------------------------------------------------------- detection

/** An EFetch PubMed set. ESearch results (<eSearchResult>) and E-utilities errors (<eFetchResult><ERROR>) are not records. */
export function detectPubmedXml(sample: string): boolean {
  const root = xmlRootName(sample);
  return root !== null && ROOT_ELEMENTS.includes(root);
}

// ---------------------------------------------------------------- text

/**
 * All text below a node in document order, inline markup (<i>, <b>, <sup>, <sub>, <u>) dropped
 * but not its text. Inside MathML the line breaks and indentation between elements are layout,
 * not content (`<mi>He</mi>\n  <mn>3</mn>` reads "He3"); only <mtext> keeps its spaces.
 */
export function flatText(node: XmlNode | null | undefined, inMath = false): string {
  if (!node) return "";
  if (node.text !== undefined) return node.text;
  const math = inMath || node.name === "math";
  let out = "";
  for (const c of node.children) {
    if (c.text !== undefined) {
      if (math && node.name !== "mtext" && c.text.trim() === "") continue;
      out += c.text;
    } else out += flatText(c, math);
  }
  return out;
}

function text(node: XmlNode | null | undefined): string | null {
  return node ? cleanText(flatText(node)) : null;
}

/** The first of several element paths that holds text. */
function firstText(root: XmlNode, paths: readonly (readonly string[])[]): string | null {
  for (const p of paths) {
    const value = text(path(root, ...p));
    if (value !== null) return value;
  }
  return null;
}

// ---------------------------------------------------------------- named converters

/**
 * JournalIssue/PubDate (or Book/PubDate): Year with Month ("Apr" or "04") and Day, a Season
 * ("Spring"), or a free-text MedlineDate ("1998 Dec-1999 Jan", "2000 Spring", "1976 Jan-Feb")
 * when the issue does not fit those fields. The date is as precise as PubDate is; a season or
 * a range starts at its first month, as the MEDLINE adapter reads the same DP values.
 */
export function pubDate(node: XmlNode | null): { year: string | null; date: string | null; verbatim: string | null } {
  if (!node) return { year: null, date: null, verbatim: null };
  const year = text(child(node, "Year"));
  if (year !== null) {
    const yearNumber = /^\d{4}$/.test(year) ? Number(year) : null;
    const season = text(child(node, "Season"));
    const month = monthNumber(text(child(node, "Month")) ?? season);
    const dayText = text(child(node, "Day"));
    const day = dayText !== null && /^\d{1,2}$/.test(dayText) ? Number(dayText) : null;
    return { year, date: isoDate(yearNumber, month, day), verbatim: season ? `${year} ${season}` : null };
  }
  const medline = text(child(node, "MedlineDate"));
  const parsed = parseLooseDate(medline);
  return { year: parsed ? String(parsed.year) : null, date: parsed?.date ?? null, verbatim: medline };
}

/**
 * Abstract/AbstractText, one element per section of a structured abstract, joined with their
 * labels ("OBJECTIVE: … DESIGN: …"). OtherAbstract (translations, plain-language summaries) is
 * not the abstract. "UNLABELLED" marks a section PubMed itself shows without a heading.
 */
export function structuredAbstract(abstract: XmlNode | null): string | null {
  const parts: string[] = [];
  for (const section of children(abstract, "AbstractText")) {
    const body = text(section);
    if (body === null) continue;
    const label = cleanText(attr(section, "Label"));
    parts.push(label && label.toUpperCase() !== "UNLABELLED" ? `${label}: ${body}` : body);
  }
  return parts.length > 0 ? parts.join(" ") : null;
}

/**
 * AuthorList entries: LastName with ForeName (Initials when there is no ForeName), or a
 * CollectiveName for a group author. A list typed "editors" (books) names editors, not authors;
 * an entry marked ValidYN="N" was printed wrongly in the article and corrected by NLM.
 */
export function pubmedAuthors(lists: readonly XmlNode[]): Author[] {
  const authors: Author[] = [];
  for (const list of lists) {
    const type = attr(list, "Type");
    if (type !== null && type !== "authors") continue;
    for (const author of children(list, "Author")) {
      if (attr(author, "ValidYN") === "N") continue;
      const collective = text(child(author, "CollectiveName"));
      const family = text(child(author, "LastName"));
      if (family !== null) {
        authors.push({ family, given: text(child(author, "ForeName")) ?? text(child(author, "Initials")) });
      } else if (collective !== null) {
        authors.push({ family: collective, given: null });
      }
    }
  }
  return authors;
}

/** A chapter's own authors; a whole book (or a chapter credited to none) has the book's authors. */
function bookAuthors(document: XmlNode | null): Author[] {
  const own = pubmedAuthors(children(document, "AuthorList"));
  return own.length > 0 ? own : pubmedAuthors(children(path(document, "Book"), "AuthorList"));
}

/** ArticleId values of one IdType from the record's own id lists (not those of its references). */
function articleId(lists: readonly (XmlNode | null)[], type: string): string | null {
  for (const list of lists) {
    for (const id of children(list, "ArticleId")) {
      if (attr(id, "IdType") === type) {
        const value = text(id);
        if (value !== null) return value;
      }
    }
  }
  return null;
}

/** ELocationID EIdType="doi", unless NLM marked it invalid (ValidYN="N"). */
function elocationDoi(parent: XmlNode | null): string | null {
  for (const loc of children(parent, "ELocationID")) {
    if (attr(loc, "EIdType") === "doi" && attr(loc, "ValidYN") !== "N") {
      const value = text(loc);
      if (value !== null) return value;
    }
  }
  return null;
}

/** Journal/ISSN by IssnType; MedlineJournalInfo/ISSNLinking stands in when the journal lists none. */
export function journalIssns(
  journal: XmlNode | null,
  linking: XmlNode | null,
): { issn: string | null; eissn: string | null } {
  let issn: string | null = null;
  let eissn: string | null = null;
  for (const node of children(journal, "ISSN")) {
    const value = text(node);
    if (value === null) continue;
    if (attr(node, "IssnType") === "Electronic") eissn ??= value;
    else issn ??= value;
  }
  if (issn === null && eissn === null) issn = text(linking);
  return { issn, eissn };
}

/** Pagination/MedlinePgn as NLM writes it ("113-25"), or StartPage-EndPage when there is none. */
export function pagination(node: XmlNode | null): string | null {
  const medline = text(child(node, "MedlinePgn"));
  if (medline !== null) return medline;
  const start = text(child(node, "StartPage"));
  const end = text(child(node, "EndPage"));
  if (start === null) return null;
  return end !== null && end !== start ? `${start}-${end}` : start;
}

function textsOf(nodes: readonly XmlNode[]): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const value = text(node);
    if (value !== null) out.push(value);
  }
  return out;
}

function keywordsOf(parent: XmlNode | null): string[] {
  return children(parent, "KeywordList").flatMap((list) => textsOf(children(list, "Keyword")));
}

// ---------------------------------------------------------------- mapping

type TextField = "title" | "journal" | "journalAbbrev" | "volume" | "issue" | "language";
/** For each plain text field, the element paths that may hold it; the first with text wins. */
type PathTable = { readonly [field in TextField]?: readonly (readonly string[])[] };

const ARTICLE_FIELDS: PathTable = {
  title: [
    ["MedlineCitation", "Article", "ArticleTitle"],
    // Non-English articles without an English title keep only the original.
    ["MedlineCitation", "Article", "VernacularTitle"],
  ],
  journal: [["MedlineCitation", "Article", "Journal", "Title"]],
  journalAbbrev: [
    ["MedlineCitation", "Article", "Journal", "ISOAbbreviation"],
    ["MedlineCitation", "MedlineJournalInfo", "MedlineTA"],
  ],
  volume: [["MedlineCitation", "Article", "Journal", "JournalIssue", "Volume"]],
  issue: [["MedlineCitation", "Article", "Journal", "JournalIssue", "Issue"]],
  language: [["MedlineCitation", "Article", "Language"]],
};

/** A Bookshelf chapter: the book stands where the journal would; a whole book is titled by its BookTitle. */
const BOOK_FIELDS: PathTable = {
  title: [
    ["BookDocument", "ArticleTitle"],
    ["BookDocument", "Book", "BookTitle"],
  ],
  journal: [["BookDocument", "Book", "BookTitle"]],
  volume: [["BookDocument", "Book", "Volume"]],
  language: [["BookDocument", "Language"]],
};

function textFields(root: XmlNode, table: PathTable): Pick<RecordDraft, TextField> {
  const draft: Pick<RecordDraft, TextField> = {};
  for (const field of Object.keys(table) as TextField[]) draft[field] = firstText(root, table[field] ?? []);
  return draft;
}

function withDate(draft: RecordDraft, node: XmlNode | null): RecordDraft {
  const { year, date, verbatim } = pubDate(node);
  draft.year = year;
  draft.date = date;
  if (verbatim !== null) draft.raw = { ...draft.raw, pubDate: verbatim };
  return draft;
}

export function articleToDraft(record: XmlNode): RecordDraft {
  const citation = child(record, "MedlineCitation");
  const article = child(citation, "Article");
  const journal = child(article, "Journal");
  const idLists = [path(record, "PubmedData", "ArticleIdList")];
  const pmid = text(child(citation, "PMID"));
  const draft: RecordDraft = {
    ...textFields(record, ARTICLE_FIELDS),
    database: "pubmed",
    sourceId: pmid,
    pmid,
    doi: elocationDoi(article) ?? articleId(idLists, "doi"),
    pmcid: articleId(idLists, "pmc"),
    abstract: structuredAbstract(child(article, "Abstract")),
    authors: pubmedAuthors(children(article, "AuthorList")),
    ...journalIssns(journal, path(citation, "MedlineJournalInfo", "ISSNLinking")),
    pages: pagination(child(article, "Pagination")),
    publicationTypes: textsOf(children(child(article, "PublicationTypeList"), "PublicationType")),
    keywords: keywordsOf(citation),
  };
  return withDate(draft, path(journal, "JournalIssue", "PubDate"));
}

/** What a book record says that the Record has no field for, kept for citing it: publisher, ISBN, Bookshelf id. */
function bookRaw(document: XmlNode | null, idLists: readonly (XmlNode | null)[]): { [field: string]: string } {
  const book = child(document, "Book");
  const raw: { [field: string]: string } = {};
  const publisher = text(path(book, "Publisher", "PublisherName"));
  if (publisher !== null) raw.publisher = publisher;
  const isbns = textsOf(children(book, "Isbn"));
  if (isbns.length > 0) raw.isbn = isbns.join("; ");
  const accession = articleId(idLists, "bookaccession");
  if (accession !== null) raw.bookAccession = accession;
  return raw;
}

export function bookArticleToDraft(record: XmlNode): RecordDraft {
  const document = child(record, "BookDocument");
  const idLists = [child(document, "ArticleIdList"), path(record, "PubmedBookData", "ArticleIdList")];
  const pmid = text(child(document, "PMID"));
  const draft: RecordDraft = {
    ...textFields(record, BOOK_FIELDS),
    database: "pubmed",
    sourceId: pmid,
    pmid,
    doi: elocationDoi(document) ?? articleId(idLists, "doi"),
    pmcid: articleId(idLists, "pmc"),
    abstract: structuredAbstract(child(document, "Abstract")),
    authors: bookAuthors(document),
    publicationTypes: textsOf(children(document, "PublicationType")),
    keywords: keywordsOf(document),
    raw: bookRaw(document, idLists),
  };
  return withDate(draft, path(document, "Book", "PubDate"));
}

const TO_DRAFT: { [element in (typeof RECORD_ELEMENTS)[number]]: (node: XmlNode) => RecordDraft } = {
  PubmedArticle: articleToDraft,
  PubmedBookArticle: bookArticleToDraft,
};

// ---------------------------------------------------------------- parsing

/**
 * Sections no field is read from. A current PubMed record is mostly these (the reference list,
 * MeSH, comments/corrections, grants, one affiliation per author per institution), so they are
 * cut from the fragment before it is validated and parsed: parsing then costs what the mapped
 * fields cost. Cut text is replaced by its line breaks so syntax errors keep their line.
 * The price: a syntax error inside a cut section goes unreported, as nothing there is read.
 */
const UNREAD_SECTIONS = [
  "ReferenceList",
  "CommentsCorrectionsList",
  "MeshHeadingList",
  "SupplMeshList",
  "ChemicalList",
  "GeneSymbolList",
  "PersonalNameSubjectList",
  "InvestigatorList",
  "DataBankList",
  "GrantList",
  "AffiliationInfo",
  "Identifier",
  "OtherAbstract",
  "CopyrightInformation",
  "CoiStatement",
  "GeneralNote",
  "OtherID",
  "DateCompleted",
  "DateRevised",
  "DateCreated",
  "ArticleDate",
  "History",
  "ObjectList",
  "Sections",
  "ItemList",
];
const SECTION_TAG = new RegExp(`<(/?)(${UNREAD_SECTIONS.join("|")})(?=[\\s/>])[^>]*>`, "g");

export function cutUnreadSections(xml: string): string {
  SECTION_TAG.lastIndex = 0;
  let out = "";
  let kept = 0; // end of the text already copied to out
  let open: { name: string; start: number; depth: number } | null = null;
  for (let m = SECTION_TAG.exec(xml); m !== null; m = SECTION_TAG.exec(xml)) {
    const closing = m[1] === "/";
    const name = m[2]!;
    if (open === null) {
      if (closing || m[0].endsWith("/>")) continue;
      open = { name, start: m.index, depth: 1 };
    } else if (name === open.name && !m[0].endsWith("/>")) {
      // Sections of one name can nest (a ReferenceList inside a ReferenceList).
      open.depth += closing ? -1 : 1;
      if (open.depth === 0) {
        const end = m.index + m[0].length;
        out += xml.slice(kept, open.start) + lineBreaks(xml, open.start, end);
        kept = end;
        open = null;
      }
    }
  }
  // An unclosed section is left in place for the validator to report.
  return kept === 0 ? xml : out + xml.slice(kept);
}

/** The line breaks (CR, LF, CRLF) between two offsets, as "\n"s. */
function lineBreaks(xml: string, start: number, end: number): string {
  const cut = xml.slice(start, end);
  if (cut.includes("\r")) return "\n".repeat(countBreaks(cut));
  let n = 0;
  for (let at = cut.indexOf("\n"); at >= 0; at = cut.indexOf("\n", at + 1)) n++;
  return "\n".repeat(n);
}

/** The end of a set: its closing tag, or an empty set written as one tag. */
function setEnd(name: string): RegExp {
  return new RegExp(`</${name}\\s*>|<${name}\\b[^>]*/>`);
}

async function* parse(input: ParseInput): AsyncIterable<ParsedItem> {
  const root = xmlRootName(input.text.sample);
  const setElement = SET_ELEMENTS.find((name) => name === root) ?? null;
  // Minified EFetch output puts every record on one line: such records are cited by position
  // (xml-records.ts).
  yield* xmlRecords(
    input,
    {
      elements: RECORD_ELEMENTS,
      end: setEnd(setElement ?? SET_ELEMENTS[0]),
      closing: setElement === null ? null : `</${setElement}>`,
    },
    (xml, name, at) => recordItem(input, xml, name, at),
  );
}

function recordItem(
  input: ParseInput,
  xml: string,
  name: string,
  at: { position: number; line: number | null },
): ParsedItem {
  let nodes: XmlNode[];
  try {
    nodes = parseXml(cutUnreadSections(xml));
  } catch (error) {
    // One malformed record is one reject; the records after it are still read.
    let message = error instanceof Error ? error.message : String(error);
    let where = "";
    if (error instanceof XmlSyntaxError && at.line !== null) {
      const offset = at.line - 1;
      where = ` at line ${error.line + offset}`;
      // The parser counts lines from the start of the record; the reviewer needs the file's.
      message = message.replace(/\b(in line )(\d+)/g, (_, words: string, n: string) => `${words}${Number(n) + offset}`);
    }
    return input.reject(at, null, `a well-formed <${name}> element`, `malformed XML${where}: ${excerpt(message, 120)}`);
  }
  const node = nodes.find((n) => n.name === name);
  if (!node) return input.reject(at, null, `a <${name}> element`, "none");
  return input.finish(TO_DRAFT[name as keyof typeof TO_DRAFT](node), at);
}

export const pubmedXmlAdapter: SourceAdapter = {
  id: "pubmed-xml",
  description: "PubMed XML (EFetch PubmedArticleSet of articles and Bookshelf chapters, or PubmedBookArticleSet)",
  defaultDatabase: "pubmed",
  detect: detectPubmedXml,
  parse,
};
