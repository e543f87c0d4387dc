/**
 * The one record contract. Every importer produces a RecordDraft (raw strings as
 * the database gave them); `finaliseRecord` normalises it once, here, and either
 * returns a zod-valid Record or a Reject that says which field was wrong.
 * Unknown is `null`, never `""` and never a guess.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { formatLocated } from "./errors.js";

export const FORMAT_IDS = [
  "pubmed-xml",
  "medline",
  "arxiv-atom",
  "scopus-csv",
  "ieee-csv",
  "ris",
  "bibtex",
  "openalex-json",
  "scopus-json",
  "ieee-json",
  "sciencedirect-json",
  "csv",
  "endnote-xml",
  "endnote-tagged",
  "wos-tagged",
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export const AuthorSchema = z.object({
  family: z.string().min(1).nullable(),
  given: z.string().min(1).nullable(),
});
export type Author = z.infer<typeof AuthorSchema>;

const nonEmpty = z.string().min(1);

export const ProvenanceSchema = z.object({
  /** Path as given on the command line, or relative to the workspace root for `import`. */
  file: nonEmpty,
  /** 1-based index of the record in its file, counting rejected records too, so positions are stable. */
  position: z.number().int().positive(),
  /** Line where the record starts, when the format has lines worth citing. */
  line: z.number().int().positive().nullable(),
  format: z.enum(FORMAT_IDS),
  queryId: nonEmpty.nullable(),
});

export const RecordSchema = z.object({
  /** Stable id of the database record: `pubmed:123`, `scopus:2-s2.0-…`, or a content hash when the export has no id. */
  key: nonEmpty,
  database: nonEmpty,
  sourceId: nonEmpty.nullable(),
  doi: z
    .string()
    .regex(/^10\.\d{4,9}\/\S+$/)
    .nullable(),
  pmid: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .nullable(),
  pmcid: z
    .string()
    .regex(/^PMC\d+$/)
    .nullable(),
  arxivId: z
    .string()
    .regex(/^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/)
    .nullable(),
  eid: z
    .string()
    .regex(/^2-s2\.0-\d+$/)
    .nullable(),
  title: nonEmpty.nullable(),
  abstract: nonEmpty.nullable(),
  authors: z.array(AuthorSchema),
  year: z.number().int().min(1000).max(2999).nullable(),
  /** ISO 8601, as precise as the source: `2023`, `2023-04` or `2023-04-17`. */
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .nullable(),
  journal: nonEmpty.nullable(),
  journalAbbrev: nonEmpty.nullable(),
  issn: z
    .string()
    .regex(/^\d{4}-\d{3}[\dX]$/)
    .nullable(),
  eissn: z
    .string()
    .regex(/^\d{4}-\d{3}[\dX]$/)
    .nullable(),
  volume: nonEmpty.nullable(),
  issue: nonEmpty.nullable(),
  pages: nonEmpty.nullable(),
  publicationTypes: z.array(nonEmpty),
  language: nonEmpty.nullable(),
  keywords: z.array(nonEmpty),
  /** Values the importer could not normalise, kept verbatim (e.g. an ISSN whose check digit is wrong). */
  raw: z.record(z.string(), z.string()),
  /** Codes of what was odd about this record (`issn-check-digit`, `doi-unparsed`, …). */
  flags: z.array(nonEmpty),
  provenance: ProvenanceSchema,
});
export type Record = z.infer<typeof RecordSchema>;

/** What an adapter produces: the database's values as strings, before normalisation. */
export interface RecordDraft {
  database?: string | null;
  sourceId?: string | null;
  doi?: string | null;
  pmid?: string | null;
  pmcid?: string | null;
  arxivId?: string | null;
  eid?: string | null;
  title?: string | null;
  abstract?: string | null;
  authors?: Author[];
  year?: string | number | null;
  /** Already ISO (YYYY[-MM[-DD]]) — adapters parse their own date dialects with the helpers below. */
  date?: string | null;
  journal?: string | null;
  journalAbbrev?: string | null;
  /** ISSNs in any form; the finaliser sorts out print/electronic when the draft cannot tell. */
  issn?: string | null;
  eissn?: string | null;
  volume?: string | null;
  issue?: string | null;
  pages?: string | null;
  publicationTypes?: string[];
  language?: string | null;
  keywords?: string[];
  raw?: { [field: string]: string };
  flags?: string[];
}

export const RejectSchema = z.object({
  file: nonEmpty,
  /** 1-based record position; 0 when the whole file is rejected. */
  position: z.number().int().nonnegative(),
  line: z.number().int().positive().nullable(),
  field: nonEmpty.nullable(),
  expected: z.string(),
  got: z.string(),
});
export type Reject = z.infer<typeof RejectSchema>;

/** `file:line: field: expected …, got …`; formats without lines (JSON, minified XML) name the record instead. */
export function rejectMessage(reject: Reject): string {
  const field =
    reject.line === null && reject.position > 0
      ? `record ${reject.position}${reject.field ? `: ${reject.field}` : ""}`
      : reject.field;
  return formatLocated(
    { file: reject.file, line: reject.line ?? undefined, field: field ?? undefined },
    `expected ${reject.expected}, got ${reject.got}`,
  );
}

export type ParsedItem = { kind: "record"; record: Record } | { kind: "reject"; reject: Reject };

// ---------------------------------------------------------------- normalisers

/** Collapse whitespace (incl. NBSP and line breaks), NFC-normalise, and map "" to null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value
    .normalize("NFC")
    .replace(/[\s\u00a0\u2000-\u200b\u2028\u2029\u3000]+/g, " ")
    .trim();
  return cleaned === "" ? null : cleaned;
}

/** Resolver prefixes and labels real exports put in front of a DOI. */
const DOI_PREFIX = /^(?:doi\s*:?\s*|https?:\/\/(?:dx\.)?doi\.org\/|\/\/(?:dx\.)?doi\.org\/|(?:dx\.)?doi\.org\/)/i;

/** Lower-case DOI without resolver prefix, or null when the value holds no DOI. */
export function normaliseDoi(value: string | null | undefined): string | null {
  let text = cleanText(value);
  if (text === null) return null;
  for (let i = 0; i < 3 && DOI_PREFIX.test(text); i++) text = text.replace(DOI_PREFIX, "").trim();
  // Links percent-encode the DOI (`10.1016%2FS0140-6736%2820%2930183-5`); DOIs themselves never hold `%XX`.
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      /* keep the undecoded text; the pattern below decides */
    }
  }
  const match = /10\.\d{4,9}\/\S+/.exec(text);
  if (!match) return null;
  // Trailing sentence punctuation is never part of a DOI in these exports.
  return match[0].replace(/[.,;]+$/, "").toLowerCase();
}

export function normalisePmid(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value)
    .trim()
    .replace(/^pmid\s*:?\s*/i, "");
  const match = /^0*([1-9]\d{0,9})$/.exec(text);
  return match ? match[1]! : null;
}

export function normalisePmcid(value: string | null | undefined): string | null {
  const text = cleanText(value);
  if (text === null) return null;
  const match = /^(?:pmc)?\s*(\d+)$/i.exec(text.replace(/^https?:\/\/\S+\/pmc\/articles\//i, "").replace(/\/$/, ""));
  return match ? `PMC${match[1]}` : null;
}

/** arXiv id without `arXiv:` prefix, URL or version suffix: `2301.01234`, `hep-th/9901001`. */
export function normaliseArxivId(value: string | null | undefined): string | null {
  let text = cleanText(value);
  if (text === null) return null;
  text = text
    .replace(/^https?:\/\/(?:export\.|www\.)?arxiv\.org\/(?:abs|pdf)\//i, "")
    .replace(/^arxiv\s*:\s*/i, "")
    .replace(/\.pdf$/i, "");
  const modern = /^(\d{4}\.\d{4,5})(?:v\d+)?$/i.exec(text);
  if (modern) return modern[1]!;
  const legacy = /^([a-z-]+(?:\.[a-z]{2})?)\/(\d{7})(?:v\d+)?$/i.exec(text);
  if (legacy) {
    const [archive, subject] = legacy[1]!.split(".");
    return `${archive!.toLowerCase()}${subject ? `.${subject.toUpperCase()}` : ""}/${legacy[2]}`;
  }
  return null;
}

export function normaliseEid(value: string | null | undefined): string | null {
  const text = cleanText(value);
  if (text === null) return null;
  const match = /2-s2\.0-\d+/.exec(text);
  return match ? match[0] : null;
}

export type IssnResult = { issn: string } | { invalid: string } | null;

/**
 * An ISSN with hyphen, check digit verified (ISO 3297: weights 8..2, mod 11, 10 → X).
 * Returns `{ invalid }` for something ISSN-shaped whose check digit is wrong, null for nothing.
 */
export function normaliseIssn(value: string | null | undefined): IssnResult {
  const text = cleanText(value);
  if (text === null) return null;
  const match = /(\d{4})\s*[-‐‑–]?\s*(\d{3}[\dXx])/.exec(text);
  if (!match) return { invalid: text };
  const digits = `${match[1]}${match[2]!.toUpperCase()}`;
  const formatted = `${digits.slice(0, 4)}-${digits.slice(4)}`;
  return issnCheckDigitValid(digits) ? { issn: formatted } : { invalid: formatted };
}

export function issnCheckDigitValid(eightChars: string): boolean {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(eightChars[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  const expected = check === 10 ? "X" : String(check);
  return eightChars[7] === expected;
}

/** All ISSN-shaped tokens in a cell such as `15265536, 10477047` or `0028-4793 (Print)`. */
export function splitIssns(value: string | null | undefined): string[] {
  const text = cleanText(value);
  if (text === null) return [];
  return [...text.matchAll(/\d{4}\s*[-‐‑–]?\s*\d{3}[\dXx]/g)].map((m) => m[0]);
}

const MONTHS: { [name: string]: number } = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};
/** Seasons as PubMed's MedlineDate/Season use them; mapped to their first month. */
const SEASONS: { [name: string]: number } = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 12 };

/** Month number from `Apr`, `April`, `04`, `4`, `Spring`; null otherwise. */
export function monthNumber(value: string | null | undefined): number | null {
  const text = cleanText(value)?.toLowerCase().replace(/\.$/, "");
  if (!text) return null;
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 12 ? n : null;
  }
  return MONTHS[text] ?? SEASONS[text] ?? null;
}

export function isoDate(year: number | null, month: number | null = null, day: number | null = null): string | null {
  if (year === null || !Number.isInteger(year) || year < 1000 || year > 2999) return null;
  const y = String(year);
  if (month === null || month < 1 || month > 12) return y;
  const m = String(month).padStart(2, "0");
  if (day === null || day < 1 || day > daysInMonth(year, month)) return `${y}-${m}`;
  return `${y}-${m}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Free-text dates as exports write them: `2016/09//`, `2019/01/15/`, `1 Jan.-Feb. 2019`,
 * `2000 Spring`, `1998 Dec-1999 Jan`, `JUN 13`, `2023-04-17T10:00:00Z`. Takes the first
 * date the text names, to the precision it gives. Returns null when no year is present.
 */
export function parseLooseDate(value: string | null | undefined): { year: number; date: string } | null {
  const text = cleanText(value);
  if (text === null) return null;
  const iso = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?\/*(?:$|T)/.exec(text);
  if (iso) {
    const year = Number(iso[1]);
    const date = isoDate(year, iso[2] ? Number(iso[2]) : null, iso[3] ? Number(iso[3]) : null);
    return date ? { year, date } : null;
  }
  const yearMatch = /\b(1[0-9]{3}|2[0-9]{3})\b/.exec(text);
  if (!yearMatch) return null;
  const year = Number(yearMatch[1]);
  const before = text.slice(0, yearMatch.index);
  const after = text.slice(yearMatch.index + 4);
  // "1 Jan.-Feb. 2019", "Dec 15 2020": month (and day) before the year; "2000 Spring", "2019 Jan 15": after.
  const words = (before.trim() ? before : after).split(/[\s,./-]+/).filter(Boolean);
  const months = words
    .filter((w) => !/^\d+$/.test(w))
    .map(monthNumber)
    .filter((m): m is number => m !== null);
  const days = words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
  const month = months[0] ?? null;
  // A range of months ("Jan.-Feb.") names an issue, not a day: a number beside it is an issue number.
  const day = month !== null && months.length === 1 && days.length === 1 ? days[0]! : null;
  return { year, date: isoDate(year, month, day)! };
}

/** `JUN 13`, `SEP`, `Apr 15`: Web of Science's DA (also in Rayyan/EndNote copies of it) gives no year. */
export function monthDayWithoutYear(value: string | null, year: number): string | null {
  const match = /^([A-Za-z]{3,9})\.?(?:[-/][A-Za-z]{3,9}\.?)?(?:\s+(\d{1,2}))?$/.exec(value?.trim() ?? "");
  if (!match) return null;
  const month = monthNumber(match[1]);
  if (month === null) return null;
  return isoDate(year, month, match[2] ? Number(match[2]) : null);
}

/** Dashes and doubled hyphens as page separators become one hyphen; `e1234` page ids are kept. */
export function normalisePages(value: string | null | undefined): string | null {
  const text = cleanText(value);
  if (text === null) return null;
  return text.replace(/\s*(?:--|[-‐‑‒–—])\s*/g, "-");
}

/**
 * `Family, Given` (Scopus, RIS, BibTeX) or `Given Family` (arXiv, IEEE). A single word with no
 * comma is a family name; a collective name ("WHO Study Group") should be passed as `{ family }` directly.
 */
export function parseAuthorName(
  value: string | null | undefined,
  order: "family-first" | "given-first" = "family-first",
): Author | null {
  const text = cleanText(value)
    ?.replace(/[;,]+$/, "")
    .trim();
  if (!text) return null;
  const comma = text.indexOf(",");
  if (comma >= 0) {
    const family = cleanText(text.slice(0, comma));
    const given = cleanText(text.slice(comma + 1));
    return family || given ? { family, given } : null;
  }
  if (order === "family-first") return { family: text, given: null };
  const parts = text.split(" ");
  if (parts.length === 1) return { family: text, given: null };
  // Particles stay with the family name: "Ludwig van Beethoven" → van Beethoven.
  let split = parts.length - 1;
  while (
    split > 1 &&
    /^(van|von|der|den|de|del|della|di|da|du|le|la|ter|ten|dos|das|bin|al|el)$/i.test(parts[split - 1]!)
  )
    split--;
  return { family: parts.slice(split).join(" "), given: parts.slice(0, split).join(" ") };
}

const LANGUAGE_CODES: { [name: string]: string } = {
  english: "eng",
  en: "eng",
  eng: "eng",
  french: "fre",
  fr: "fre",
  fre: "fre",
  fra: "fre",
  german: "ger",
  de: "ger",
  ger: "ger",
  deu: "ger",
  spanish: "spa",
  es: "spa",
  spa: "spa",
  portuguese: "por",
  pt: "por",
  por: "por",
  italian: "ita",
  it: "ita",
  ita: "ita",
  chinese: "chi",
  zh: "chi",
  chi: "chi",
  zho: "chi",
  japanese: "jpn",
  ja: "jpn",
  jpn: "jpn",
  korean: "kor",
  ko: "kor",
  kor: "kor",
  russian: "rus",
  ru: "rus",
  rus: "rus",
  dutch: "dut",
  nl: "dut",
  dut: "dut",
  nld: "dut",
  polish: "pol",
  pl: "pol",
  pol: "pol",
  turkish: "tur",
  tr: "tur",
  tur: "tur",
  arabic: "ara",
  ar: "ara",
  ara: "ara",
  persian: "per",
  fa: "per",
  per: "per",
  fas: "per",
};

/** MARC/ISO 639-2 code for the languages reviews meet; any other value kept as written, lower-cased. */
export function normaliseLanguage(value: string | null | undefined): string | null {
  const text = cleanText(value)?.toLowerCase();
  if (!text) return null;
  return LANGUAGE_CODES[text] ?? text;
}

function cleanList(values: readonly (string | null | undefined)[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values ?? []) {
    const cleaned = cleanText(value);
    if (cleaned !== null && !seen.has(cleaned)) {
      seen.add(cleaned);
      out.push(cleaned);
    }
  }
  return out;
}

// ---------------------------------------------------------------- finalising

export interface FinaliseContext {
  file: string;
  position: number;
  line: number | null;
  format: FormatId;
  queryId: string | null;
  /** Database when the draft does not name one (set by the adapter's default or the import folder). */
  database: string;
  /** The database from the import folder overrides the one in the content. */
  forceDatabase?: boolean;
  /** The file held bytes its encoding cannot decode; records carrying U+FFFD are then rejected. */
  undecodable?: boolean;
}

/** The database's own record id, used as the stable part of the record key. */
function sourceKey(
  database: string,
  draft: RecordDraft,
  ids: { pmid: string | null; arxivId: string | null; eid: string | null },
): string | null {
  const own = cleanText(draft.sourceId);
  if (own) return own;
  if (database === "pubmed" && ids.pmid) return ids.pmid;
  if (database === "arxiv" && ids.arxivId) return ids.arxivId;
  if (database === "scopus" && ids.eid) return ids.eid;
  return null;
}

function contentKey(record: Omit<Record, "key" | "provenance">): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify([
      record.doi,
      record.title?.toLowerCase(),
      record.year,
      record.authors.map((a) => a.family?.toLowerCase() ?? ""),
      record.journal?.toLowerCase(),
      record.volume,
      record.pages,
    ]),
  );
  return `h${hash.digest("hex").slice(0, 16)}`;
}

function makeReject(context: FinaliseContext, field: string | null, expected: string, got: string): ParsedItem {
  return {
    kind: "reject",
    reject: { file: context.file, position: context.position, line: context.line, field, expected, got },
  };
}

/** Quote and shorten a value for an error message. */
export function excerpt(value: string, max = 60): string {
  const oneLine = value.replace(/\s+/g, " ").trim();
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine);
}

/** Normalise a draft into a Record, or say why it cannot be one. */
export function finaliseRecord(draft: RecordDraft, context: FinaliseContext): ParsedItem {
  const flags = new Set(draft.flags ?? []);
  const raw: { [field: string]: string } = { ...(draft.raw ?? {}) };

  const database =
    (context.forceDatabase ? context.database : cleanText(draft.database)?.toLowerCase()) ?? context.database;

  const doi = normaliseDoi(draft.doi);
  if (doi === null && cleanText(draft.doi)) {
    flags.add("doi-unparsed");
    raw.doi = cleanText(draft.doi)!;
  }
  const pmid = normalisePmid(draft.pmid);
  const pmcid = normalisePmcid(draft.pmcid);
  const arxivId = normaliseArxivId(draft.arxivId);
  if (arxivId === null && cleanText(draft.arxivId)) {
    flags.add("arxiv-id-unparsed");
    raw.arxivId = cleanText(draft.arxivId)!;
  }
  const eid = normaliseEid(draft.eid);

  let issn: string | null = null;
  let eissn: string | null = null;
  for (const [slot, value] of [
    ["issn", draft.issn],
    ["eissn", draft.eissn],
  ] as const) {
    const result = normaliseIssn(value);
    if (result === null) continue;
    if ("invalid" in result) {
      flags.add("issn-invalid");
      raw[slot] = result.invalid;
    } else if (slot === "issn") issn = result.issn;
    else eissn = result.issn;
  }
  if (issn !== null && issn === eissn) eissn = null;

  let year: number | null = null;
  if (draft.year !== null && draft.year !== undefined && String(draft.year).trim() !== "") {
    const match = /^\s*(\d{4})/.exec(String(draft.year));
    const parsed = match ? Number(match[1]) : NaN;
    if (Number.isInteger(parsed) && parsed >= 1000 && parsed <= 2999) year = parsed;
    else return makeReject(context, "year", "a four-digit year", excerpt(String(draft.year)));
  }
  let date = cleanText(draft.date);
  if (date !== null && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
    return makeReject(context, "date", "an ISO date YYYY[-MM[-DD]]", excerpt(date));
  }
  if (year === null && date !== null) year = Number(date.slice(0, 4));
  if (date !== null && year !== null && Number(date.slice(0, 4)) !== year) {
    // The year field wins; a date from another year (e.g. an online-first date) is kept raw.
    raw.date = date;
    date = null;
  }

  const authors = (draft.authors ?? [])
    .map((a) => ({ family: cleanText(a.family), given: cleanText(a.given) }))
    .filter((a) => a.family !== null || a.given !== null);

  const body = {
    database,
    sourceId: null as string | null,
    doi,
    pmid,
    pmcid,
    arxivId,
    eid,
    title: cleanText(draft.title),
    abstract: cleanText(draft.abstract),
    authors,
    year,
    date,
    journal: cleanText(draft.journal),
    journalAbbrev: cleanText(draft.journalAbbrev),
    issn,
    eissn,
    volume: cleanText(draft.volume),
    issue: cleanText(draft.issue),
    pages: normalisePages(draft.pages),
    publicationTypes: cleanList(draft.publicationTypes),
    language: normaliseLanguage(draft.language),
    keywords: cleanList(draft.keywords),
    raw,
    flags: [...flags].sort(),
  };
  body.sourceId = sourceKey(database, draft, body);

  if (body.title === null && !doi && !pmid && !arxivId && !eid && !body.sourceId) {
    return makeReject(context, "title", "a title or an identifier (DOI, PMID, arXiv id, EID)", "none");
  }

  const replacement = context.undecodable ? findReplacementCharacter(body) : null;
  if (replacement) {
    return makeReject(
      context,
      replacement,
      "UTF-8 text",
      "bytes that are not UTF-8 (the file looks Latin-1/Windows-1252: re-export it as UTF-8 or pass --encoding latin1)",
    );
  }

  const control = findControlCharacter(body);
  if (control) {
    // A NUL or other control byte is damage (a corrupted download, a binary fragment), not text.
    return makeReject(
      context,
      control.field,
      "text without control characters",
      `${control.name} in ${excerpt(control.value)}`,
    );
  }

  const key = `${database}:${body.sourceId ?? contentKey(body)}`;
  const candidate = {
    key,
    ...body,
    provenance: {
      file: context.file,
      position: context.position,
      line: context.line,
      format: context.format,
      queryId: context.queryId,
    },
  };
  const parsed = RecordSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".");
    const value = issue.path.reduce<unknown>(
      (at, step) => (at as { [k: string]: unknown } | undefined)?.[step as string],
      candidate,
    );
    return makeReject(context, field || null, issue.message.replace(/^Invalid input: /, ""), excerpt(String(value)));
  }
  return { kind: "record", record: parsed.data };
}

const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The first field holding a control character (tab, CR and LF are text), and which one it is. */
function findControlCharacter(body: {
  [field: string]: unknown;
}): { field: string; name: string; value: string } | null {
  for (const [field, value] of Object.entries(body)) {
    const texts =
      typeof value === "string"
        ? [value]
        : Array.isArray(value)
          ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
          : [];
    for (const text of texts) {
      const found = CONTROL_CHARACTER.exec(text);
      if (found) {
        const code = found[0].charCodeAt(0);
        return {
          field,
          name:
            code === 0 ? "a NUL byte" : `the control character U+${code.toString(16).padStart(4, "0").toUpperCase()}`,
          value: text,
        };
      }
    }
  }
  return null;
}

/** The decoder maps bytes that are not UTF-8 to U+FFFD; a record carrying one is not to be trusted. */
function findReplacementCharacter(body: { [field: string]: unknown }): string | null {
  for (const [field, value] of Object.entries(body)) {
    if (typeof value === "string" && value.includes("\uFFFD")) return field;
    if (Array.isArray(value)) {
      for (const item of value) {
        const text = typeof item === "string" ? item : JSON.stringify(item);
        if (text.includes("\uFFFD")) return field;
      }
    }
  }
  return null;
}
