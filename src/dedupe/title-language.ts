/**
 * Whether a title is written in English or in another language, from its function words:
 * what a translated copy of an article (`Plattformökonomie und Crowdworking als …` against
 * `Platform economy and crowdworking as …`) has that two different articles by one author
 * do not. Two unrelated titles at the same pages of one journal volume are one article in two
 * languages only when the titles are in two languages; in one language they are two articles
 * (where issues are paginated alone) or a garbled record, for a person to judge.
 *
 * Function words, not content words: they are few, frequent in every title of some length,
 * and differ between languages. Only words that are not also English words (or common in
 * English titles: `die`, `con`, `per`, `via`, `pro`, nor an acronym's letters: `IL`-6, `ALS`,
 * `NOS`, `von` Willebrand) count against English. A title in a script other than Latin
 * (Cyrillic, Greek, CJK, Arabic…) is not English.
 */
export type TitleLanguage = "english" | "other" | "";

/** English function words frequent in titles. */
const ENGLISH = new Set([
  "the",
  "of",
  "and",
  "in",
  "for",
  "with",
  "on",
  "to",
  "from",
  "by",
  "an",
  "is",
  "are",
  "among",
  "between",
  "after",
  "during",
  "its",
  "their",
  "how",
  "what",
  "why",
  "does",
  "into",
  "toward",
  "towards",
  "versus",
  "within",
  "without",
]);

/**
 * Function words of the languages European journals publish in (German, French, Spanish,
 * Portuguese, Italian, Dutch, the Scandinavian languages, Polish, Czech, Turkish), in lower
 * case with their accents (`für`, `über`), none of them an English word.
 */
const OTHER = new Set([
  // German
  "der",
  "das",
  "und",
  "für",
  "mit",
  "zum",
  "zur",
  "den",
  "dem",
  "des",
  "ein",
  "eine",
  "einer",
  "eines",
  "über",
  "bei",
  "auf",
  "aus",
  "nach",
  "oder",
  "sowie",
  "zwischen",
  "unter",
  "ist",
  "wie",
  // French
  "le",
  "les",
  "du",
  "et",
  "pour",
  "dans",
  "sur",
  "une",
  "aux",
  "avec",
  "chez",
  "selon",
  "entre",
  // Spanish, Portuguese, Italian
  "el",
  "los",
  "las",
  "del",
  "para",
  "por",
  "una",
  "sobre",
  "como",
  "em",
  "com",
  "uma",
  "dos",
  "das",
  "gli",
  "della",
  "dello",
  "delle",
  "nel",
  "nella",
  "degli",
  // Dutch and the Scandinavian languages
  "het",
  "een",
  "voor",
  "bij",
  "naar",
  "och",
  "ett",
  "til",
  "og",
  "ved",
  "hos",
  // Polish, Czech
  "oraz",
  "dla",
  "przez",
  "jako",
  "pri",
  // Turkish
  "ve",
  "ile",
  "bir",
]);

/** A title needs this many function words before its language is read from them. */
const ENOUGH_WORDS = 2;
const NOT_A_LETTER = /[^\p{L}]+/u;
/** Latin letters with their accents (`é`, `ü`, `ñ`, `ł`): a word that starts with one is in a Latin-script language. */
const LATIN_LETTER = /[a-z\u00c0-\u024f]/;
const LETTER = /\p{L}/u;

export function titleLanguage(title: string | null): TitleLanguage {
  if (!title) return "";
  let english = 0;
  let other = 0;
  let latin = 0;
  let nonLatin = 0;
  // Lower case, not `fold`: the function words are few and listed with their accents, and a
  // million titles are read (fold's normalisation costs twice this whole function).
  for (const word of title.toLowerCase().split(NOT_A_LETTER)) {
    if (word === "") continue;
    if (ENGLISH.has(word)) english++;
    else if (OTHER.has(word)) other++;
    const first = word[0]!;
    if (LATIN_LETTER.test(first)) latin++;
    else if (LETTER.test(first)) nonLatin++;
  }
  if (nonLatin > latin) return "other";
  if (other >= ENOUGH_WORDS && other > english) return "other";
  if (english >= ENOUGH_WORDS && other === 0) return "english";
  return "";
}

/** One title read as English and the other as another language: a translation, if anything. */
export function languagesDiffer(a: TitleLanguage, b: TitleLanguage): boolean {
  return a !== "" && b !== "" && a !== b;
}
