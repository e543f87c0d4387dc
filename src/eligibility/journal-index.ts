/**
 * Finding a record's journal in the list, most reliable evidence first:
 *   1. the record's ISSN, then its eISSN, against every ISSN of a list journal (print,
 *      electronic, linking);
 *   2. the record's journal name against list titles (and OpenAlex's alternate titles) after
 *      `titleKey`;
 *   3. the record's abbreviation (or its journal name) against the list's known abbreviations
 *      (OpenAlex's abbreviated and alternate titles), then the abbreviation (or a journal name
 *      written with dots) against the ISO 4 shape of each list title of two words or more.
 * A step that finds several list journals does not pick one: it answers `ambiguous` with
 * them all, and the decision says what it could and could not decide.
 */
import type { Record } from "../record.js";
import { abbreviates, abbreviationKey, abbreviationWords, initials, titleKey } from "./journal-title.js";
import type { ListJournal } from "./journal-list.js";

export const MATCH_METHODS = ["issn", "eissn", "title", "abbreviation"] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

export type JournalMatch =
  | { kind: "matched"; by: MatchMethod; journal: ListJournal }
  | { kind: "ambiguous"; by: MatchMethod; journals: ListJournal[] }
  | { kind: "none" };

type RecordJournal = Pick<Record, "journal" | "journalAbbrev" | "issn" | "eissn">;

function add(map: Map<string, ListJournal[]>, key: string, journal: ListJournal): void {
  if (key === "") return;
  const list = map.get(key);
  if (list === undefined) map.set(key, [journal]);
  else if (!list.includes(journal)) list.push(journal);
}

export class JournalIndex {
  private readonly byIssn = new Map<string, ListJournal[]>();
  private readonly byTitle = new Map<string, ListJournal[]>();
  private readonly byAbbreviation = new Map<string, ListJournal[]>();
  /** Title words grouped by their initials, so an abbreviation is compared only with titles it could fit. */
  private readonly byInitials = new Map<string, { journal: ListJournal; words: string[] }[]>();
  private readonly cache = new Map<string, JournalMatch>();

  constructor(readonly journals: readonly ListJournal[]) {
    for (const journal of journals) {
      for (const issn of journal.issns) add(this.byIssn, issn, journal);
      for (const title of [journal.title, ...journal.alternateTitles]) add(this.byTitle, titleKey(title), journal);
      for (const abbreviation of [...journal.abbreviations, ...journal.alternateTitles])
        add(this.byAbbreviation, abbreviationKey(abbreviation), journal);
      const words = abbreviationWords(journal.title);
      if (words.length > 0) {
        const key = initials(words);
        const group = this.byInitials.get(key) ?? [];
        group.push({ journal, words });
        this.byInitials.set(key, group);
      }
    }
  }

  /** The record's journal in the list; the same journal fields always give the same answer (cached). */
  match(record: RecordJournal): JournalMatch {
    const key = JSON.stringify([record.issn, record.eissn, record.journal, record.journalAbbrev]);
    let found = this.cache.get(key);
    if (found === undefined) {
      found = this.find(record);
      this.cache.set(key, found);
    }
    return found;
  }

  private find(record: RecordJournal): JournalMatch {
    for (const [by, issn] of [
      ["issn", record.issn],
      ["eissn", record.eissn],
    ] as const) {
      const hit = issn === null ? undefined : this.byIssn.get(issn);
      if (hit) return answer(by, hit);
    }
    const names = [record.journal, record.journalAbbrev].filter((n): n is string => n !== null);
    for (const name of names) {
      const hit = this.byTitle.get(titleKey(name));
      if (hit) return answer("title", hit);
    }
    for (const name of [record.journalAbbrev, record.journal].filter((n): n is string => n !== null)) {
      const known = this.byAbbreviation.get(abbreviationKey(name));
      if (known) return answer("abbreviation", known);
    }
    // A full journal name is only read as an abbreviation when it is written like one ("J. Med. Syst.").
    for (const name of [record.journalAbbrev, record.journal?.includes(".") ? record.journal : null].filter(
      (n): n is string => n !== null,
    )) {
      const hit = this.byShape(abbreviationWords(name));
      if (hit) return answer("abbreviation", hit);
    }
    return { kind: "none" };
  }

  /** ISO 4 leaves one-word titles whole ("Cell" is not "Cells"), so a one-word name never matches by shape. */
  private byShape(words: string[]): ListJournal[] | undefined {
    if (words.length < 2) return undefined;
    const hits = (this.byInitials.get(initials(words)) ?? [])
      .filter((entry) => abbreviates(words, entry.words))
      .map((entry) => entry.journal);
    return hits.length > 0 ? [...new Set(hits)] : undefined;
  }
}

function answer(by: MatchMethod, journals: ListJournal[]): JournalMatch {
  return journals.length === 1
    ? { kind: "matched", by, journal: journals[0]! }
    : { kind: "ambiguous", by, journals: [...journals] };
}
