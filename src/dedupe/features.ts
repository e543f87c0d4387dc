/**
 * What dedupe keeps of each record to compare it: identifiers, the normal forms of title,
 * authors, journal, volume/issue/pages, and a fingerprint of the abstract. Compact on
 * purpose (strings, not arrays of strings) so a million records fit in memory; the full
 * records are read again only to write the merged ones.
 */
import type { Record } from "../record.js";
import { fold, isPlainText } from "./fold.js";
import { isMeeting, journalForm, journalWords, venueKind } from "./journal.js";
import { isAccessionNumber, isSupplement, parsePages, unshiftPlace, volumeKey } from "./locator.js";
import { givenNameKeys, surnameKeys } from "./names.js";
import { registryIds } from "./policy.js";
import { isRecurringTitle, TITLE_STOPWORDS, titleForm } from "./title.js";
import { type TitleLanguage, titleLanguage } from "./title-language.js";

export interface MatchRecord {
  /** Position in the input (records.csv order, or the order of the files given). */
  index: number;
  /** The file and database the record came from (`file\u0000database`): the unit whose fields are filled alike. */
  origin: string;
  key: string;
  doi: string | null;
  pmid: string | null;
  pmcid: string | null;
  arxivId: string | null;
  eid: string | null;
  /** Title content words, folded, space-joined (see title.ts); null without a title. */
  title: string | null;
  /** Numbers in the title, space-joined; "" when none. */
  titleNumbers: string;
  /** Notice kinds the title names (`erratum`, `comment`…), space-joined; "" when none. */
  titleNotices: string;
  titleLength: number;
  /** The title names a recurring column (`Editorial`, `Editor's comments`), not a work (see title.ts `isRecurringTitle`). */
  titleRecurring: boolean;
  /** The title read as English or another language by its function words (title-language.ts); "" when it cannot tell. */
  titleLanguage: TitleLanguage;
  /** Trial registry numbers the record names (NCT…, ISRCTN…), space-joined; "" when none. */
  registry: string;
  /** Folded surnames in order, space-joined (at most MAX_AUTHORS); "" without authors. */
  authors: string;
  /** Given names written in full, folded, space-joined; "" when the list gives initials only. */
  givenNames: string;
  year: number | null;
  /** Journal names' content words (see journal.ts `journalForm`); "" without a journal. */
  journal: string;
  /** The journal field names a meeting or a periodical (see journal.ts `venueKind`); "" when it says neither. */
  venue: "meeting" | "periodical" | "";
  /** The venue is a recurring meeting (journal.ts `isMeeting`): its papers carry the meeting's year. */
  meeting: boolean;
  volume: string | null;
  issue: string | null;
  pageStart: string | null;
  pageEnd: string | null;
  /** A supplement issue: where conference abstracts are printed. */
  supplement: boolean;
  /** Sorted distinct hashes of the abstract's first words; null without an abstract. */
  abstract: Uint32Array | null;
  /** A preprint (arXiv, bioRxiv, medRxiv, SSRN…), a different report from its journal version. */
  preprint: boolean;
  /** How many descriptive fields the record fills (see `completeness`): the fullest copy is kept. */
  completeness: number;
}

/** Consortium papers list hundreds of names; the first ones decide. */
export const MAX_AUTHORS = 30;
const ABSTRACT_WORDS = 120;

/**
 * Preprint servers as journal names and DOI prefixes give them: every `…rXiv` (arXiv, bioRxiv,
 * medRxiv, ChemRxiv, PsyArXiv, EarthArXiv, EcoEvoRxiv, SportRxiv…), and the others by name
 * (Copernicus's EGUsphere hosts the EGU journals' discussion versions).
 */
const PREPRINT_SERVERS =
  /^(?:\p{L}*r[xχ]iv|ssrn|research square|preprints|osf preprints|authorea|egusphere|scielo preprints)\b/iu;
const PREPRINT_DOI =
  /^10\.(?:48550\/arxiv|1101\/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+(?:v\d+)?$|2139\/ssrn|21203\/rs|20944\/preprints|26434\/chemrxiv|31234\/osf\.io|36227\/techrxiv|22541\/au|5194\/egusphere-|31223\/)/i;

export function isPreprint(record: Pick<Record, "database" | "arxivId" | "journal" | "doi">): boolean {
  if (record.database === "arxiv" || record.database === "biorxiv" || record.database === "medrxiv") return true;
  const journal = record.journal?.trim() ?? "";
  if (journal !== "" && PREPRINT_SERVERS.test(journal)) return true;
  if (record.doi !== null && PREPRINT_DOI.test(record.doi)) return journal === "" || PREPRINT_SERVERS.test(journal);
  return record.arxivId !== null && journal === "" && record.doi === null;
}

/** 32-bit FNV-1a: a cheap, stable hash for word fingerprints and block keys. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Enough text for ABSTRACT_WORDS words; folding the whole of a long abstract is wasted work. */
const ABSTRACT_CHARS = 1500;

const STOPWORD_HASHES = new Set([...TITLE_STOPWORDS].map(hash32));
const fingerprintBuffer = new Uint32Array(ABSTRACT_WORDS);

/** Sorted distinct hashes of the first ABSTRACT_WORDS words of three letters or more (stopwords left out). */
export function abstractFingerprint(abstract: string | null): Uint32Array | null {
  if (!abstract) return null;
  const head = abstract.slice(0, ABSTRACT_CHARS);
  // Plain text (fold.ts `isPlainText`) folds to its lower-case ASCII letters and digits, every
  // other run one space: hashing those as they come gives the same words as folding first,
  // without building two more copies of every abstract.
  const plain = isPlainText(head);
  const text = plain ? head : fold(head);
  let count = 0;
  let h = 0x811c9dc5;
  let length = 0;
  // One pass, hashing each word as it goes.
  for (let i = 0; i <= text.length && count < ABSTRACT_WORDS; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 32;
    if (plain) {
      if (c >= 65 && c <= 90) c += 32;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) c = 32;
    }
    if (c === 32) {
      if (length === 0) continue;
      const word = h >>> 0;
      if (length >= 3 && !STOPWORD_HASHES.has(word)) fingerprintBuffer[count++] = word;
      h = 0x811c9dc5;
      length = 0;
    } else {
      h ^= c;
      h = Math.imul(h, 0x01000193);
      length++;
    }
  }
  const sorted = fingerprintBuffer.subarray(0, count).sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++)
    if (k === 0 || sorted[k] !== sorted[distinct - 1]) sorted[distinct++] = sorted[k]!;
  if (distinct < 5) return null;
  return sorted.slice(0, distinct);
}

/** Fields a reader of the kept record wants filled, counted; a list of authors the importer could not split counts half. */
export function completeness(record: Record): number {
  let filled = 0;
  for (const value of [
    record.doi,
    record.pmid ?? record.pmcid ?? record.eid ?? record.arxivId,
    record.title,
    record.abstract,
    record.year,
    record.journal,
    record.volume,
    record.issue,
    record.pages,
    record.issn ?? record.eissn,
    record.language,
  ]) {
    if (value !== null) filled += 2;
  }
  if (record.authors.length > 0) filled += record.flags.includes("authors-unsplit") ? 1 : 2;
  return filled;
}

/** One string per file and database, shared by their records (a million records name a few origins). */
const ORIGINS = new Map<string, string>();
function originOf(record: Record): string {
  const text = `${record.provenance.file}\u0000${record.database}`;
  const known = ORIGINS.get(text);
  if (known !== undefined) return known;
  if (ORIGINS.size > 10_000) ORIGINS.clear();
  ORIGINS.set(text, text);
  return text;
}

/**
 * A journal's compared form and venue kind, once per distinct name: a few thousand journals
 * name a million records, and the form is the costliest field to derive.
 */
interface JournalForms {
  form: string;
  venue: MatchRecord["venue"];
  meeting: boolean;
  /** The name's words, to tell a column titled after its journal (`Remarks from MIS Quarterly Editor`). */
  words: ReadonlySet<string>;
}
const NO_JOURNAL: JournalForms = { form: "", venue: "", meeting: false, words: new Set() };
const JOURNALS = new Map<string, JournalForms>();
function journalOf(name: string | null): JournalForms {
  if (name === null) return NO_JOURNAL;
  const known = JOURNALS.get(name);
  if (known !== undefined) return known;
  if (JOURNALS.size > 100_000) JOURNALS.clear();
  const derived = {
    form: journalForm(name),
    venue: venueKind(name),
    meeting: isMeeting(name),
    words: new Set(journalWords(name)),
  };
  JOURNALS.set(name, derived);
  return derived;
}

export function matchRecord(record: Record, index: number): MatchRecord {
  const title = titleForm(record.title);
  const authors = surnameKeys(record.authors, record.flags.includes("authors-unsplit")).slice(0, MAX_AUTHORS);
  const place = unshiftPlace({ volume: record.volume, issue: record.issue, pages: record.pages });
  const pages = parsePages(place.pages, record.year);
  const journal = journalOf(record.journal ?? record.journalAbbrev);
  return {
    index,
    origin: originOf(record),
    key: record.key,
    doi: record.doi,
    pmid: record.pmid,
    pmcid: record.pmcid,
    arxivId: record.arxivId,
    eid: record.eid,
    title: title.key,
    titleNumbers: title.numbers.join(" "),
    titleNotices: title.notices.join(" "),
    titleLength: title.length,
    titleRecurring: isRecurringTitle(title.key, journal.words),
    titleLanguage: titleLanguage(record.title),
    registry: registryIds(record.title, record.journal, record.sourceId),
    authors: authors.join(" "),
    givenNames: givenNameKeys(record.authors.slice(0, MAX_AUTHORS)).join(" "),
    year: record.year,
    journal: journal.form,
    venue: journal.venue,
    meeting: journal.meeting,
    volume: volumeKey(place.volume, record.year),
    issue: isAccessionNumber(place) ? null : volumeKey(place.issue, record.year),
    pageStart: pages?.start ?? null,
    pageEnd: pages?.end ?? null,
    supplement: isSupplement(record.volume, record.issue),
    abstract: abstractFingerprint(record.abstract),
    preprint: isPreprint(record),
    completeness: completeness(record),
  };
}
