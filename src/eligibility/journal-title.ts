/**
 * Journal names as keys: the same journal is written "The Lancet", "Lancet, The" (SCImago),
 * "Lancet (London, England)" (PubMed) and "Lancet" (its ISO 4 abbreviation). Titles are
 * compared after `titleKey`; abbreviations word by word after `abbreviationWords`.
 *
 * ISO 4 abbreviates each significant word of a title by truncation or contraction ("Journal"
 * → "J", "National" → "Natl") and drops articles, prepositions and conjunctions
 * (https://www.issn.org/services/online-services/access-to-the-ltwa/). The full List of Title
 * Word Abbreviations is not bundled; `abbreviates` accepts an abbreviated word when it is the
 * title word's start, or a contraction keeping its first two letters and its letters in order.
 */

/**
 * Words ISO 4 leaves out of an abbreviation (English, and the Latin/Romance/German ones titles
 * carry). Single letters stay: they name series ("Physical Review A", "J. Phys. A").
 */
const DROPPED_WORDS: ReadonlySet<string> = new Set([
  "an",
  "the",
  "of",
  "and",
  "for",
  "in",
  "on",
  "at",
  "to",
  "by",
  "with",
  "from",
  "into",
  "et",
  "de",
  "des",
  "du",
  "la",
  "le",
  "les",
  "el",
  "los",
  "las",
  "do",
  "da",
  "dos",
  "das",
  "der",
  "die",
  "und",
  "fur",
  "il",
  "di",
  "della",
  "del",
]);

/** Lower-case, without diacritics (`é` → `e`), `&` read as "and". */
function foldCase(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ");
}

/**
 * "Lancet, The" and "The Lancet" → `lancet`; "Computers & Education" → `computers and education`;
 * punctuation and spacing do not count. Empty for a title with no letters or digits.
 */
export function titleKey(title: string): string {
  return foldCase(title)
    .replace(/\s*,\s*the\s*$/, "") // SCImago's inverted article: "Lancet, The", "Lancet Psychiatry,The"
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^the /, "");
}

/** The significant words of a title or an abbreviation: `Am. J. Speech-Lang. Pathol.` → am, j, speech, lang, pathol. */
export function abbreviationWords(text: string): string[] {
  return foldCase(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "" && !DROPPED_WORDS.has(word));
}

/** `j addict med ther sci` for "J. addict. med. ther. sci.": an abbreviation compared as a whole. */
export function abbreviationKey(text: string): string {
  return abbreviationWords(text).join(" ");
}

/** The first letter of each significant word, so abbreviations are only compared with titles that could fit. */
export function initials(words: readonly string[]): string {
  return words.map((word) => word[0] ?? "").join("");
}

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) {
    if (char === short[at]) at++;
    if (at === short.length) return true;
  }
  return at === short.length;
}

/** Whether `short` can abbreviate `word`: "j" journal, "educ" education, "natl" national; not "edu" for endoscopy. */
export function abbreviatesWord(short: string, word: string): boolean {
  if (short === word || word.startsWith(short)) return true;
  return (
    short.length >= 3 && short.length < word.length && word.startsWith(short.slice(0, 2)) && isSubsequence(short, word)
  );
}

/** Whether the abbreviation's words abbreviate the title's significant words one for one. */
export function abbreviates(abbreviation: readonly string[], title: readonly string[]): boolean {
  if (abbreviation.length === 0 || abbreviation.length !== title.length) return false;
  return abbreviation.every((short, index) => abbreviatesWord(short, title[index]!));
}
