/**
 * RIS, the tagged format nearly every database exports (Scopus, ScienceDirect, Web of
 * Science, Embase, EBSCOhost, Ovid, IEEE Xplore, Dimensions, Lens, Rayyan, EndNote).
 * Tags follow the RIS specification (Research Information Systems, 2011 revision; read
 * alongside the Citation.js, JabRef and Zotero RIS importers); each exporter's own reading of
 * it is a named converter below.
 *
 * Not built on @citation-js/plugin-ris (0.8.2, evaluated against tests/fixtures): it reads a
 * whole file into memory (our 100,000-record exports must stream) and, on the real samples,
 * reads WoS `DA - JUN 13` as the year 13, leaves `2020//`, `2016/09//` and IEEE's
 * `24-27 Sept. 2019` unparsed, joins Rayyan's one-keyword-per-line KW into one keyword,
 * keeps IEEE's repeated AU, and misses EBSCO's DOI (L3) and the Embase/Rayyan record ids.
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
import { idsFromUrls } from "./link-ids.js";
import { openingLine } from "./preamble.js";
import {
  TaggedRecord,
  describeLine,
  isUnreadableLine,
  issnsByLabel,
  nameWithoutComma,
  unreadableRecordReject,
} from "./tagged-lines.js";

// ------------------------------------------------------------------ reading

/**
 * `TY  - JOUR` as the spec writes it, and as exports bend it: `ER  -` without the trailing
 * space, `TY - JOUR` with one space, tabs.
 */
const TAG_LINE = /^([A-Z][A-Z0-9])[ \t]{1,2}-[ \t]?(.*)$/;
const CANONICAL_TAG_LINE = /^[A-Z][A-Z0-9] {2}-(?: |$)/;

/**
 * Tags of the RIS specification and of the exporters we read. A line bent away from the
 * canonical `XX  - ` shape counts as a tag only when its tag is one of these, so an abstract
 * line such as "US - based cohorts" continues the abstract instead of opening a field.
 */
const KNOWN_TAGS = new Set(
  (
    "TY ER A1 A2 A3 A4 AB AD AN AU AV BT C1 C2 C3 C4 C5 C6 C7 C8 CA CN CP CT CY DA DB DO DP ED EP ET " +
    "ID IS J1 J2 JA JF JO KW L1 L2 L3 L4 LA LB LK M1 M2 M3 N1 N2 NV OP PB PP PY RI RN RP SE SN SP ST SV " +
    "T1 T2 T3 TA TI TT U1 U2 U3 U4 U5 UR VL VO Y1 Y2"
  ).split(" "),
);

export function risTagLine(text: string): { tag: string; value: string } | null {
  const match = TAG_LINE.exec(text);
  if (!match) return null;
  const tag = match[1]!;
  if (!KNOWN_TAGS.has(tag) && !CANONICAL_TAG_LINE.test(text)) return null;
  return { tag, value: match[2]!.trim() };
}

/** A record as read: its fields, what its exporter wrote after ER, and what was odd. */
interface ReadRecord {
  record: TaggedRecord;
  /** Text between this record's ER and the next TY (Ovid's "Link to the Ovid Full Text…"). */
  trailer: string[];
  flags: string[];
  /** The first line that cannot be part of a RIS record. */
  unreadable: { line: number; text: string } | null;
}

/** Ovid writes one link line per record; more is not a trailer but stray text, and is not kept. */
const MAX_TRAILER_LINES = 5;

const EXPECTED_RECORD = 'a RIS record starting with "TY  -"';

/** Tag lines outside a record are kept only up to this many: a file of them with no TY is not RIS. */
const MAX_LEADING_FIELDS = 200;

/**
 * Tag lines met outside a record. Followed by TY they belong to that record (an exporter
 * writing M3 ahead of TY); closed by ER they are a record that lost its TY.
 */
interface Leading {
  record: TaggedRecord;
  text: string;
  overflow: boolean;
}

async function* parseRis(input: ParseInput): AsyncIterable<ParsedItem> {
  let position = 0;
  let reading: ReadRecord | null = null;
  /** Ended by ER; held until the next TY so its trailer can be read. */
  let ended: ReadRecord | null = null;
  let leading: Leading | null = null;
  let firstText: { line: number; text: string } | null = null;
  let yielded = false;
  // RIS written by tools rather than databases (synthesisr's and CiteSource's write_refs) may
  // leave TY out altogether: there, every ER-closed run of tags is a record, of no stated type.
  const typeless = isTypelessRis(input.text.sample);

  const emit = (read: ReadRecord): ParsedItem => {
    position++;
    yielded = true;
    const at = { position, line: read.record.line };
    const rejected = unreadableRecordReject(input, at, read, 'RIS tag lines ("XX  - value") or text continuing one');
    if (rejected) return rejected;
    return input.finish(risToDraft(read.record, read.trailer, read.flags), at);
  };
  const start = (value: string, line: number, before: Leading | null): ReadRecord => {
    const carried = before && !before.overflow ? before.record : null;
    const record = new TaggedRecord(carried?.line ?? line);
    if (carried) record.fields.push(...carried.fields);
    record.add("TY", value, line);
    return { record, trailer: [], flags: [], unreadable: null };
  };

  for await (const read of input.text.lines()) {
    const { text: lineText, line } = read;
    const text = lineText.replace(/^\uFEFF/, "").trimEnd();
    if (text.trim() === "") continue;
    firstText ??= { line, text };
    const tagged = risTagLine(text);

    if (reading) {
      if (
        tagged?.tag !== "ER" &&
        tagged?.tag !== "TY" &&
        !reading.record.admits(read, tagged?.tag ?? reading.record.fields.at(-1)?.tag ?? null, input.text.limits)
      ) {
        continue;
      }
      if (tagged?.tag === "ER") {
        ended = reading;
        reading = null;
      } else if (tagged?.tag === "TY") {
        // A record without ER still ends where the next one starts.
        reading.flags.push("ris-no-er");
        yield emit(reading);
        reading = start(tagged.value, line, null);
      } else if (isUnreadableLine(text)) {
        reading.unreadable ??= { line, text };
      } else if (tagged) {
        reading.record.add(tagged.tag, tagged.value, line);
      } else {
        // Untagged text continues the last field (Scopus abstracts, Rayyan keywords, WoS eISSN).
        reading.record.continueLast(text);
      }
      continue;
    }

    if (tagged?.tag === "TY") {
      if (ended) yield emit(ended);
      ended = null;
      reading = start(tagged.value, line, leading);
      leading = null;
    } else if (typeless && tagged && !isUnreadableLine(text)) {
      if (ended) yield emit(ended);
      ended = null;
      reading = { record: new TaggedRecord(line), trailer: [], flags: ["ris-no-ty"], unreadable: null };
      if (reading.record.admits(read, tagged.tag, input.text.limits))
        reading.record.add(tagged.tag, tagged.value, line);
    } else if (tagged?.tag === "ER") {
      if (leading) {
        if (ended) yield emit(ended);
        ended = null;
        position++;
        yielded = true;
        yield input.reject(
          { position, line: leading.record.line },
          null,
          EXPECTED_RECORD,
          describeLine(leading.text, leading.record.line),
        );
        leading = null;
      }
    } else if (tagged) {
      leading ??= { record: new TaggedRecord(line), text, overflow: false };
      if (leading.record.fields.length < MAX_LEADING_FIELDS) leading.record.add(tagged.tag, tagged.value, line);
      else leading.overflow = true;
    } else if (leading) {
      if (!leading.overflow) leading.record.continueLast(text);
    } else if (ended && ended.trailer.length < MAX_TRAILER_LINES) {
      ended.trailer.push(text.trim());
    }
    // Anything else outside a record (Ovid's "1." numbering, notes before the first TY) is not data.
  }

  if (ended) yield emit(ended);
  if (reading) {
    reading.flags.push("ris-no-er");
    yield emit(reading);
  }
  if (!yielded) {
    throw new InputError({
      file: input.text.file,
      line: firstText?.line ?? 1,
      expected: EXPECTED_RECORD,
      got: firstText ? `text starting ${excerpt(firstText.text)}` : "no text",
    });
  }
}

// ------------------------------------------------------------------ detection

/**
 * No TY anywhere in the file's opening but RIS tag lines closed by `ER  -`: RIS as some tools
 * write it, not a database (a MEDLINE file has the same tag lines but no ER).
 */
function isTypelessRis(sample: string): boolean {
  return !/^\uFEFF?TY {2}-/m.test(sample) && /^ER {2}-/m.test(sample);
}

/**
 * The first tag line is TY, after a BOM, blank lines, Ovid's "1." numbering and a short
 * preamble; or the file is typeless RIS (above) whose first line is a tag line.
 */
export function detectRis(sample: string): boolean {
  const first = openingLine(
    sample,
    (text) => risTagLine(text) !== null,
    (text) => /^\d+\.$/.test(text),
  );
  if (first === null) return false;
  return risTagLine(first.text)?.tag === "TY" || (first.preamble === 0 && isTypelessRis(sample));
}

// ------------------------------------------------------------------ mapping

/** Which tags carry which field, in order of preference (RIS 2011; Citation.js; JabRef). */
export const RIS_TAGS = {
  title: ["TI", "T1", "CT"],
  abstract: ["AB", "N2"],
  authors: ["AU", "A1"],
  // JF/JO name the journal itself; T2 is the generic "secondary title" (EBSCO puts a translated title there).
  journal: ["JF", "JO", "T2"],
  journalAbbrev: ["JA", "J2", "J1"],
  volume: ["VL", "VO"],
  issue: ["IS", "CP"],
  doi: ["DO"],
  url: ["UR"],
  keywords: ["KW"],
  language: ["LA"],
  issn: ["SN"],
  sourceId: ["AN"],
  articleNumber: ["C7"],
} as const;

/** TY codes (RIS 2011 reference types) as the publication types other sources use. */
export const RIS_TYPES: { readonly [code: string]: string } = {
  JOUR: "Journal Article",
  EJOUR: "Journal Article",
  JFULL: "Journal",
  MGZN: "Magazine Article",
  NEWS: "Newspaper Article",
  ABST: "Abstract",
  INPR: "In Press",
  CONF: "Conference Paper",
  CPAPER: "Conference Paper",
  BOOK: "Book",
  EBOOK: "Book",
  EDBOOK: "Edited Book",
  CHAP: "Book Chapter",
  ECHAP: "Book Chapter",
  UNPB: "Preprint",
  THES: "Thesis",
  RPRT: "Report",
  SER: "Serial",
  STAND: "Standard",
  PAT: "Patent",
  DATA: "Dataset",
  ELEC: "Web Page",
};

/** Types whose BT is the work's own title rather than the book it sits in (RIS 2011, BT). */
const WHOLE_BOOK_TYPES = new Set(["BOOK", "EBOOK", "EDBOOK", "UNPB"]);

/** `GEN` says nothing; an unknown code is kept as written rather than guessed. */
export function risTypes(code: string | null, workTypes: readonly string[]): string[] {
  const types: string[] = [];
  const upper = code?.trim().toUpperCase();
  if (upper && upper !== "GEN") types.push(RIS_TYPES[upper] ?? upper);
  return [...types, ...workTypes];
}

/**
 * AU and A1 in file order; IEEE Xplore repeats an author line verbatim, so an identical
 * repeat is dropped (and flagged, since two co-authors can share a name).
 */
export function risAuthors(values: readonly string[]): { authors: Author[]; repeated: boolean } {
  const seen = new Set<string>();
  const authors: Author[] = [];
  let repeated = false;
  for (const value of values) {
    const key = value.trim();
    if (seen.has(key)) {
      repeated = true;
      continue;
    }
    seen.add(key);
    const author = key.includes(",") ? parseAuthorName(key, "family-first") : nameWithoutComma(key);
    if (author) authors.push(author);
  }
  return { authors, repeated };
}

/** SP may already hold the range (`359-368`); a one-page article has SP = EP. */
export function risPages(start: string | null, end: string | null): string | null {
  if (start === null) return null;
  if (/[-–]/.test(start) || end === null || end === start) return start;
  return `${start}-${end}`;
}

/**
 * Year from PY, else Y1, else DA; the date is the most precise of DA, PY and Y1 that agrees
 * with that year (`2016/12//`, `2018/05/04/`, IEEE's `1 Jan.-Feb. 2019`, WoS's `JUN 13`).
 */
export function risDate(record: TaggedRecord): { year: number | null; date: string | null } {
  const daText = record.text("DA");
  const py = parseLooseDate(record.text("PY"));
  const y1 = parseLooseDate(record.text("Y1"));
  const da = parseLooseDate(daText);
  const year = py?.year ?? y1?.year ?? da?.year ?? null;
  if (year === null) return { year: null, date: null };
  const candidates = [da?.date, py?.date, y1?.date, monthDayWithoutYear(daText, year)];
  let date: string | null = null;
  for (const candidate of candidates) {
    if (candidate && Number(candidate.slice(0, 4)) === year && candidate.length > (date?.length ?? 0)) date = candidate;
  }
  return { year, date };
}

/** DB (name of database) values that name a database; the platform (DP) is asked only when DB does not. */
const DATABASE_NAMES: readonly [RegExp, string][] = [
  [/^scopus\b/i, "scopus"],
  [/embase/i, "embase"],
  [/web of science|web of knowledge|^wos\b/i, "wos"],
  // "Ovid MEDLINE(R)": the platform is named in DB itself.
  [/\bovid\b/i, "ovid"],
  [/^(?:pubmed|medline)\b/i, "pubmed"],
  [/ieee/i, "ieee"],
  [/sciencedirect/i, "sciencedirect"],
  [/dimensions/i, "dimensions"],
  [/^(?:the )?lens\b/i, "lens"],
  [/openalex/i, "openalex"],
];
const PROVIDERS: readonly [RegExp, string][] = [
  [/ebsco/i, "ebsco"],
  [/ovid/i, "ovid"],
  [/sciencedirect/i, "sciencedirect"],
  [/ieee/i, "ieee"],
  [/scopus/i, "scopus"],
  [/clarivate|web of science/i, "wos"],
];
/** Record pages of a database, in UR. */
const RECORD_HOSTS: readonly [RegExp, string][] = [
  [/scopus\.com\/inward\/record/i, "scopus"],
  [/sciencedirect\.com\/science\/article/i, "sciencedirect"],
  [/app\.dimensions\.ai\/details/i, "dimensions"],
  [/\/\/(?:www\.)?lens\.org\//i, "lens"],
  [/ieeexplore\.ieee\.org\/document/i, "ieee"],
  [/embase\.com\//i, "embase"],
];

function firstMatch(values: readonly string[], table: readonly [RegExp, string][]): string | null {
  for (const value of values) {
    for (const [pattern, id] of table) if (pattern.test(value)) return id;
  }
  return null;
}

/**
 * Which database the record says it came from: a WoS or Dimensions accession number, DB,
 * then DP, then Ovid's link after the record, then a database's record page in UR.
 * Files mix sources (an EndNote library exported as one RIS), so this is per record.
 */
export function risDatabase(record: TaggedRecord, trailer: readonly string[]): string | null {
  const accession = record.text("AN") ?? "";
  if (/^WOS:/i.test(accession)) return "wos";
  if (/^pub\.\d+$/.test(accession)) return "dimensions";
  return (
    firstMatch(record.texts("DB"), DATABASE_NAMES) ??
    firstMatch(record.texts("DP"), PROVIDERS) ??
    (trailer.some((line) => /ovidsp\.ovid\.com|Link to the Ovid Full Text/i.test(line)) ? "ovid" : null) ??
    databaseFromLink(record)
  );
}

/**
 * A database's record page in UR. A ScienceDirect article link is the full text of any Elsevier
 * article, so it names ScienceDirect only in ScienceDirect's own export: a record carrying a
 * reference manager's record number (ID, as EndNote writes a library — CAB's here) got it elsewhere.
 */
function databaseFromLink(record: TaggedRecord): string | null {
  const found = firstMatch(record.items("UR"), RECORD_HOSTS);
  return found === "sciencedirect" && record.text("ID") !== null ? null : found;
}

// ---------------------------------------------------------- database dialects

type Dialect = (record: TaggedRecord, draft: RecordDraft) => RecordDraft;

/** C6 is the early-access date in WoS exports (the 2011 spec's NIHMSID slot); kept, not used as the year. */
export const wosDialect: Dialect = (record, draft) => {
  const earlyAccess = record.text("C6");
  return earlyAccess ? { ...draft, raw: { ...draft.raw, earlyAccess } } : draft;
};

/**
 * Embase: the accession number (`L373791783`) is in U2, and C5 holds the MEDLINE PMID —
 * present exactly on records that also carry `DB - Medline`.
 */
export const embaseDialect: Dialect = (record, draft) => {
  const pmid = record.text("C5");
  return {
    ...draft,
    sourceId: draft.sourceId ?? record.text("U2"),
    pmid: draft.pmid ?? (pmid && /^\d+$/.test(pmid) ? pmid : null),
  };
};

/** EBSCOhost appends the publisher's copyright notice to the abstract as a second AB. */
export function ebscoAbstract(values: readonly string[]): string | null {
  const kept = values.filter((value) => !/^Copyright of .+ is the property of /i.test(value));
  return kept.length > 0 ? kept.join(" ") : null;
}

/** EBSCOhost has no AN: the accession number opens N1 (`Accession Number: 117372971; …`). */
export function ebscoAccessionNumber(notes: readonly string[]): string | null {
  for (const note of notes) {
    const match = /^Accession Number:\s*([^;\s]+)/i.exec(note);
    if (match) return match[1]!;
  }
  return null;
}

/** EBSCOhost: DOI in L3, accession number in N1, a translated title in T2. */
export const ebscoDialect: Dialect = (record, draft) => {
  const l3 = record.text("L3");
  const translatedTitle = record.text("T2");
  const raw = { ...draft.raw };
  if (translatedTitle && draft.journal !== translatedTitle) raw.translatedTitle = translatedTitle;
  return {
    ...draft,
    doi: draft.doi ?? (l3 && /^10\.\d{4,9}\//.test(l3) ? l3 : null),
    sourceId: draft.sourceId ?? ebscoAccessionNumber(record.texts("N1")),
    abstract: ebscoAbstract(record.texts("AB")) ?? record.text("N2"),
    raw,
  };
};

/**
 * The accession number in Ovid's own link (`ovidweb.cgi?…&D=medp&…&AN=39012781`) and whether
 * that segment is MEDLINE (`medl`, `medp`, `mesz`, `prem`, `pmnm` PubMed-not-MEDLINE, `medall`…), whose accession number is
 * the PMID.
 */
function ovidLinkAccession(urls: readonly string[]): { accession: string; medline: boolean } | null {
  for (const url of urls) {
    const match = /https?:\/\/[^\s]*ovid\.com\/ovidweb\.cgi\?[^\s]*/i.exec(url);
    if (!match) continue;
    let params: URLSearchParams;
    try {
      params = new URL(match[0]).searchParams;
    } catch {
      continue;
    }
    const accession = params.get("AN");
    if (!accession) continue;
    return { accession, medline: /^(?:med|mes|prem|pmnm)/i.test(params.get("D") ?? "") && /^\d{1,8}$/.test(accession) };
  }
  return null;
}

/**
 * Ovid: ID is the database's accession number (the `AN=` of Ovid's own link), not an EndNote
 * record number; without ID the link's AN is, and in a MEDLINE segment it is the PMID.
 */
export const ovidDialect: Dialect = (record, draft) => {
  const { id, ...raw } = draft.raw ?? {};
  const link = ovidLinkAccession(record.items("L2", "UR", "L1"));
  return {
    ...draft,
    sourceId: draft.sourceId ?? id ?? link?.accession ?? null,
    pmid: draft.pmid ?? (link?.medline ? link.accession : null),
    raw: draft.sourceId ? draft.raw : raw,
  };
};

/** ScienceDirect's id is the PII in its article link (`…/science/article/pii/S1359645416307273`). */
export const sciencedirectDialect: Dialect = (record, draft) => ({
  ...draft,
  sourceId: draft.sourceId ?? idsFromUrls(record.items(...RIS_TAGS.url)).sciencedirectPii,
});

/** Lens lists its own record link among the others (`https://lens.org/068-725-641-418-93X`). */
export const lensDialect: Dialect = (record, draft) => ({
  ...draft,
  sourceId: draft.sourceId ?? idsFromUrls(record.items(...RIS_TAGS.url)).lensId,
});

const DIALECTS: { readonly [database: string]: Dialect } = {
  wos: wosDialect,
  embase: embaseDialect,
  ebsco: ebscoDialect,
  ovid: ovidDialect,
  sciencedirect: sciencedirectDialect,
  lens: lensDialect,
};

/** `23690738[pmid]` in a user field (U1–U5, N1), as PMC's and some publishers' RIS write the PubMed id. */
function taggedPmid(record: TaggedRecord): string | null {
  for (const value of record.items("U1", "U2", "U3", "U4", "U5", "N1")) {
    const match = /^(\d{1,9})\s*\[pmid\]$/i.exec(value.trim());
    if (match) return match[1]!;
  }
  return null;
}

/** With the full name in JF, a different JO is the abbreviation (AIP, Crossref and EndNote write `JO  - J. Chem. Phys.`). */
function joAsAbbreviation(record: TaggedRecord): string | null {
  const full = record.text("JF");
  const jo = record.text("JO");
  return full !== null && jo !== null && jo.toLowerCase() !== full.toLowerCase() ? jo : null;
}

/** The record as the database gave it; normalising is finaliseRecord's job. */
export function risToDraft(
  record: TaggedRecord,
  trailer: readonly string[] = [],
  flags: readonly string[] = [],
): RecordDraft {
  const type = record.text("TY");
  const database = risDatabase(record, trailer);
  const urls = record.items(...RIS_TAGS.url);
  const ids = idsFromUrls(urls);
  const { authors, repeated } = risAuthors(record.items(...RIS_TAGS.authors));
  const issns = issnsByLabel(record.items(...RIS_TAGS.issn));
  const { year, date } = risDate(record);
  const articleNumber = record.text(...RIS_TAGS.articleNumber);
  const isWholeBook = WHOLE_BOOK_TYPES.has(type?.toUpperCase() ?? "");

  const raw: { [field: string]: string } = {};
  if (urls.length > 0) raw.url = urls.join(" ");
  if (issns.isbns.length > 0) raw.isbn = issns.isbns.join("; ");
  if (articleNumber) raw.articleNumber = articleNumber;
  const referenceId = record.text("ID");
  if (referenceId) raw.id = referenceId;
  const endPage = record.text("EP");
  const c2 = record.text("C2");

  // R's writers (synthesisr, CiteSource, revtools) put `AB  - NA` where a record has no abstract.
  const abstracts = record.texts("AB").filter((text) => text !== "NA");
  const fullTitle = record.text(...RIS_TAGS.title) ?? (isWholeBook ? record.text("BT") : null);
  // ST is the short title: with no full title (some EndNote and library exports), it is the
  // best name the record has, flagged, rather than losing the record.
  const shortTitle = fullTitle === null ? record.text("ST") : null;
  const allFlags = [
    ...flags,
    ...(repeated ? ["ris-author-repeated"] : []),
    ...(shortTitle !== null ? ["title-from-short-title"] : []),
  ];
  const draft: RecordDraft = {
    database,
    sourceId: record.text(...RIS_TAGS.sourceId),
    doi: record.text(...RIS_TAGS.doi) ?? ids.doi,
    pmid: ids.pmid ?? taggedPmid(record),
    // C2 is "PMCID" in the RIS 2011 journal article type, but a free custom field elsewhere.
    pmcid: c2 && /^PMC\d+$/i.test(c2) ? c2 : ids.pmcid,
    arxivId: ids.arxivId,
    eid: ids.eid,
    title: fullTitle ?? shortTitle,
    abstract: abstracts.length > 0 ? abstracts.join(" ") : record.texts("N2").join(" ") || null,
    authors,
    year,
    date,
    journal: record.text(...RIS_TAGS.journal) ?? (isWholeBook ? null : record.text("BT")) ?? record.text("T3"),
    journalAbbrev: record.text(...RIS_TAGS.journalAbbrev) ?? joAsAbbreviation(record),
    issn: issns.issn,
    eissn: issns.eissn,
    volume: record.text(...RIS_TAGS.volume),
    issue: record.text(...RIS_TAGS.issue),
    // An article number (C7) stands where an online-only article has no pages, as PubMed's PG does.
    pages: risPages(record.text("SP"), endPage) ?? (endPage === null ? articleNumber : null),
    publicationTypes: risTypes(type, record.texts("M3")),
    language: record.text(...RIS_TAGS.language),
    keywords: record.items(...RIS_TAGS.keywords),
    raw,
    flags: allFlags,
  };
  const dialect = database ? DIALECTS[database] : undefined;
  return dialect ? dialect(record, draft) : draft;
}

export const risAdapter: SourceAdapter = {
  id: "ris",
  description:
    "RIS (.ris) from Scopus, ScienceDirect, Web of Science, Embase, EBSCOhost, Ovid, IEEE Xplore, Dimensions, Lens, Rayyan, EndNote",
  defaultDatabase: "unknown",
  detect: detectRis,
  parse: parseRis,
};
