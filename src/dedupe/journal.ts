/**
 * Journal names as dedupe compares them. One journal is written many ways: `Curr Opin
 * Lipidol` / `Current Opinion in Lipidology` (ISO 4 abbreviation), `BMJ` / `British Medical
 * Journal` (initials), `The Lancet` / `Lancet (London, England)`, `Diabetologia. Conference:
 * 53rd Annual Meeting of the EASD…` (Embase puts the meeting in the journal field). So a
 * name is compared word by word, each abbreviated word against the full word it stands for.
 */
import { fold, words } from "./fold.js";
import { englishJournalWords } from "./journal-variants.js";

/**
 * Words ISO 4 drops from abbreviated titles (articles, prepositions, conjunctions), in the
 * languages journals use. Single letters stay: they are series and initials (`Physics Letters
 * A`, `Proc Natl Acad Sci U S A`).
 */
const JOURNAL_STOPWORDS: ReadonlySet<string> = new Set([
  "the",
  "of",
  "and",
  "for",
  "in",
  "on",
  "at",
  "to",
  "an",
  "de",
  "des",
  "du",
  "la",
  "le",
  "les",
  "der",
  "die",
  "das",
  "und",
  "fur",
  "et",
  "di",
  "del",
  "della",
]);

/** Parts that follow the journal's own name: a place or edition in parentheses, Embase's meeting details. */
const TRAILERS: readonly RegExp[] = [
  /\s*\([^)]*\)\s*$/,
  /[.:]\s+(?:conference|meeting|congress|symposium|supplement)\b.*$/i,
  /\s*\[[^\]]*\]\s*$/,
];
/**
 * Words a conference name carries besides its own: the year, the edition (`50th`, `Sixteenth`,
 * `Thirty First`, `Annual`), `proceedings`.
 */
const PROCEEDINGS_NOISE =
  /^(?:\d+|\d+(?:st|nd|rd|th)|proceedings|proc|annual|biennial|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|twenty|thirty|forty|fifty)$/;

/** Words that make a venue a meeting, and words that make it a periodical. */
const MEETING_WORDS = /\b(?:workshop|conference|symposium|congress|colloquium|proceedings|meeting)\b/;
const PERIODICAL_WORDS =
  /\b(?:journal|review|reviews|transactions|letters|magazine|bulletin|annals|archives|quarterly)\b/;

/**
 * Whether a journal field names a meeting or a periodical, from its own name (Embase's
 * `Diabetologia. Conference: …` trailer is not part of it): `Journal of Digital Studies` and
 * `Workshop of Digital Studies` are two venues however many words they share. "" when the
 * name says neither, or both (`Proceedings … Journal`).
 */
export function venueKind(journal: string | null | undefined): "meeting" | "periodical" | "" {
  const name = journalWords(journal).join(" ");
  const meeting = MEETING_WORDS.test(name);
  const periodical = PERIODICAL_WORDS.test(name);
  return meeting === periodical ? "" : meeting ? "meeting" : "periodical";
}

/** Words only a meeting's name has (not `proceedings`: `Proceedings of the National Academy of Sciences` is a journal). */
const MEETING_ONLY_WORDS = /\b(?:workshop|conference|symposium|congress|colloquium|meeting|convention)\b/;

/**
 * The venue is a meeting held once a year or so (`Americas Conference on Information Systems`,
 * `Proceedings of the Annual Hawaii International Conference on System Sciences`): its papers
 * carry the meeting's year, so the same title a year apart is the next edition's paper or the
 * journal version, never one publication. Embase's `Journal. Conference: …` trailer does not
 * count: that is a journal's supplement.
 */
export function isMeeting(journal: string | null | undefined): boolean {
  return MEETING_ONLY_WORDS.test(journalWords(journal).join(" "));
}

/** Where a subtitle starts: `Journal of Clinical Virology : the official publication of…`, `ICIS - Thirty First International…`. */
const SUBTITLE = /\s*(?::\s|\s-\s|\.\s)/;

/** Content words of a journal name, lower-case and folded; empty when there is no name. */
export function journalWords(journal: string | null | undefined): string[] {
  if (!journal) return [];
  let text = journal;
  for (const trailer of TRAILERS) text = text.replace(trailer, "");
  if (text.trim() === "") text = journal;
  return words(fold(text)).filter((w) => !JOURNAL_STOPWORDS.has(w));
}

/**
 * A journal's names as compared: bilingual journals give two, separated by `/` or ` = `
 * (`Revista Panamericana de Salud Publica/Pan American Journal of Public Health`), and a
 * name with a subtitle counts with and without it. Each name's content words space-joined,
 * names joined by `|`; "" when there is no name.
 */
export function journalForm(journal: string | null | undefined): string {
  if (!journal) return "";
  const names = new Set<string>();
  // `Revista M?dica`: an export that lost an accented letter; dropping the `?` leaves an abbreviation of `medica`.
  const text = journal.includes("?") ? journal.replace(/(?<=\p{L})\?+(?=\p{L})/gu, "") : journal;
  const add = (content: string[]) => {
    names.add(content.join(" "));
    // `AMCIS 2017 Proceedings`: a conference named by its acronym, edition and year.
    const core = content.filter((w) => !PROCEEDINGS_NOISE.test(w));
    if (core.length > 0 && core.length < content.length) names.add(core.join(" "));
    // The same name in English words (journal-variants.ts), compared as a name of its own.
    const english = englishJournalWords(content);
    if (english) names.add(english.join(" "));
  };
  for (const name of text.split(/\s*\/\s*(?=\p{Lu})|\s+=\s+/u)) {
    add(journalWords(name));
    const head = name.split(SUBTITLE)[0]!;
    if (head !== name) add(journalWords(head));
  }
  names.delete("");
  return [...names].join("|");
}

/** The best similarity between any name of one journal and any name of the other (see `journalSimilarity`). */
export function journalFormSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  let best = 0;
  for (const x of a.split("|")) {
    for (const y of b.split("|")) best = Math.max(best, journalSimilarity(x.split(" "), y.split(" ")));
  }
  return best;
}

/**
 * Whether `short` can abbreviate `full`: its letters appear in order in `full`, starting with
 * the same letter (`curr`/`current`, `natl`/`national`, `j`/`journal`, `assoc`/`association`).
 */
export function abbreviates(short: string, full: string): boolean {
  if (short === full) return true;
  if (short.length > full.length || short[0] !== full[0]) return false;
  if (/^\d/.test(short) || /^\d/.test(full)) return false;
  let at = 1;
  for (let i = 1; i < short.length; i++) {
    at = full.indexOf(short[i]!, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Each word of one list abbreviates (or equals) the word at the same place in the other. */
function wordsAbbreviate(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!abbreviates(x, y) && !abbreviates(y, x)) return false;
  }
  return true;
}

/**
 * `bmj` / `british medical journal`, `jama` / `journal american medical association`, and a
 * conference's acronym, where a word may give more than its initial: `amcis` / `americas
 * conference information systems`, `hicss` / `hawaii international conference system sciences`.
 */
function isInitialism(single: readonly string[], full: readonly string[]): boolean {
  if (single.length !== 1 || full.length < 2) return false;
  const acronym = single[0]!;
  if (acronym === full.map((w) => w[0]).join("")) return true;
  return (
    acronym.length >= 4 &&
    acronym.length <= 2 * full.length &&
    !/\d/.test(acronym) &&
    spellsPrefixes(acronym, 0, full, 0)
  );
}

/** `acronym` from `at` is, word by word from `word`, a non-empty opening of each remaining word. */
function spellsPrefixes(acronym: string, at: number, full: readonly string[], word: number): boolean {
  if (word === full.length) return at === acronym.length;
  const w = full[word]!;
  for (let k = 1; k <= w.length && at + k <= acronym.length; k++) {
    if (acronym[at + k - 1] !== w[k - 1]) break;
    if (spellsPrefixes(acronym, at + k, full, word + 1)) return true;
  }
  return false;
}

/**
 * 1 for the same journal however written; 0.9 when one name is the other's opening words
 * (a section or series added: `Journal of Physics` / `Journal of Physics Conference Series`);
 * otherwise the share of words that match (an abbreviation counts), so two different
 * journals sharing `Journal of` score low.
 */
export function journalSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a.length === b.length && wordsAbbreviate(a, b)) return 1;
  if (isInitialism(a, b) || isInitialism(b, a)) return 1;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (wordsAbbreviate(short, long.slice(0, short.length)) && (short.length >= 2 || short[0]!.length >= 5)) return 0.9;
  let matched = 0;
  const used = new Array<boolean>(long.length).fill(false);
  for (const word of short) {
    for (let j = 0; j < long.length; j++) {
      if (!used[j] && (abbreviates(word, long[j]!) || abbreviates(long[j]!, word))) {
        used[j] = true;
        matched++;
        break;
      }
    }
  }
  return matched / long.length;
}
