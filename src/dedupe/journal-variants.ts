/**
 * Journal title words in the languages journals are published in, each with the English word
 * a translated or bilingual record gives instead (`Zeitschrift für Kardiologie` / `Journal of
 * Cardiology`, `Zhurnal Nevrologii i Psikhiatrii` / `Journal of Neurology and Psychiatry`).
 * Kept as data, compared as a second name of the journal (journal.ts `journalForm`), so a
 * name is never compared worse than it was before.
 *
 * Source: compiled for srpipe from the title words of the ISSN International Centre's List of
 * Title Word Abbreviations (LTWA, ISO 4), which gives each word with its language; only the
 * words medical, social-science and engineering journal titles commonly use, and only their
 * dictionary English equivalent. Transliterated Russian follows the NLM/MEDLINE romanisation
 * (`zhurnal`, `meditsina`); accents are folded before lookup (`médecine` → `medecine`).
 * Add a word with its language; never a word whose English sense differs by field.
 */
export interface JournalWordVariant {
  word: string;
  english: string;
  language: string;
}

export const JOURNAL_WORD_VARIANTS: readonly JournalWordVariant[] = [
  // journal, review, archives, annals, bulletin, proceedings
  ...[
    "zeitschrift",
    "tijdschrift",
    "tidsskrift",
    "tidskrift",
    "revista",
    "revue",
    "rivista",
    "giornale",
    "journal",
    "zhurnal",
    "czasopismo",
    "casopis",
    "dergisi",
    "lehti",
  ].map((word) => ({ word, english: "journal", language: "de/nl/no/sv/es/pt/fr/it/it/fr/ru/pl/cs/tr/fi" })),
  ...[
    ["archiv", "de"],
    ["archives", "fr"],
    ["archivos", "es"],
    ["arquivos", "pt"],
    ["archivio", "it"],
    ["arkhiv", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "archives", language: language! })),
  ...[
    ["annalen", "de"],
    ["annales", "fr/es"],
    ["anais", "pt"],
    ["annali", "it"],
    ["anales", "es"],
  ].map(([word, language]) => ({ word: word!, english: "annals", language: language! })),
  ...[
    ["bulletin", "fr"],
    ["boletin", "es"],
    ["boletim", "pt"],
    ["bollettino", "it"],
    ["byulleten", "ru"],
    ["biuletyn", "pl"],
  ].map(([word, language]) => ({ word: word!, english: "bulletin", language: language! })),
  ...[["vestnik", "ru"]].map(([word, language]) => ({ word: word!, english: "herald", language: language! })),
  // fields
  ...[
    ["medizin", "de"],
    ["medecine", "fr"],
    ["medicina", "es/it/pt"],
    ["meditsina", "ru"],
    ["geneeskunde", "nl"],
    ["medycyna", "pl"],
    ["medicinske", "da"],
    ["medical", "en"],
    ["medicale", "fr"],
    ["medica", "es/it"],
    ["medico", "es/it"],
    ["medizinische", "de"],
    ["meditsinskii", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "medicine", language: language! })),
  ...[
    ["chirurgie", "de/fr"],
    ["cirugia", "es"],
    ["chirurgia", "it/pl"],
    ["cirurgia", "pt"],
    ["khirurgiia", "ru"],
    ["khirurgii", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "surgery", language: language! })),
  ...[
    ["psychiatrie", "de/fr/nl"],
    ["psiquiatria", "es/pt"],
    ["psichiatria", "it"],
    ["psikhiatrii", "ru"],
    ["psihiatrii", "ru"],
    ["psychiatrii", "pl"],
  ].map(([word, language]) => ({ word: word!, english: "psychiatry", language: language! })),
  ...[
    ["neurologie", "de/fr/nl"],
    ["neurologia", "es/it/pt/pl"],
    ["nevrologii", "ru"],
    ["nevrologiia", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "neurology", language: language! })),
  ...[
    ["kardiologie", "de"],
    ["cardiologie", "fr/nl"],
    ["cardiologia", "es/it/pt"],
    ["kardiologiia", "ru"],
    ["kardiologia", "pl"],
  ].map(([word, language]) => ({ word: word!, english: "cardiology", language: language! })),
  ...[
    ["onkologie", "de"],
    ["oncologie", "fr"],
    ["oncologia", "es/it/pt"],
    ["onkologiia", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "oncology", language: language! })),
  ...[
    ["padiatrie", "de"],
    ["pediatrie", "fr"],
    ["pediatria", "es/it/pt/pl"],
    ["pediatriia", "ru"],
    ["kinderheilkunde", "de"],
  ].map(([word, language]) => ({ word: word!, english: "pediatrics", language: language! })),
  ...[
    ["gynakologie", "de"],
    ["gynecologie", "fr"],
    ["ginecologia", "es/it/pt"],
    ["ginekologiia", "ru"],
    ["ginekologia", "pl"],
    ["frauenheilkunde", "de"],
  ].map(([word, language]) => ({ word: word!, english: "gynecology", language: language! })),
  ...[
    ["geburtshilfe", "de"],
    ["obstetrique", "fr"],
    ["obstetricia", "es/pt"],
    ["ostetricia", "it"],
    ["akusherstvo", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "obstetrics", language: language! })),
  ...[
    ["dermatologie", "de/fr"],
    ["dermatologia", "es/it/pt"],
    ["dermatologii", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "dermatology", language: language! })),
  ...[
    ["urologie", "de/fr"],
    ["urologia", "es/it/pt"],
    ["urologiia", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "urology", language: language! })),
  ...[
    ["radiologie", "de/fr"],
    ["radiologia", "es/it/pt"],
  ].map(([word, language]) => ({ word: word!, english: "radiology", language: language! })),
  ...[
    ["enfermeria", "es"],
    ["enfermagem", "pt"],
    ["pflege", "de"],
    ["infermieristica", "it"],
    ["verpleegkunde", "nl"],
  ].map(([word, language]) => ({ word: word!, english: "nursing", language: language! })),
  ...[
    ["gesundheit", "de"],
    ["sante", "fr"],
    ["salud", "es"],
    ["saude", "pt"],
    ["salute", "it"],
    ["zdorovia", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "health", language: language! })),
  ...[
    ["publica", "es/pt"],
    ["publique", "fr"],
    ["pubblica", "it"],
    ["offentliche", "de"],
  ].map(([word, language]) => ({ word: word!, english: "public", language: language! })),
  ...[
    ["klinische", "de"],
    ["clinique", "fr"],
    ["clinica", "es/it/pt"],
    ["klinicheskaia", "ru"],
    ["kliniczna", "pl"],
  ].map(([word, language]) => ({ word: word!, english: "clinical", language: language! })),
  ...[
    ["experimentelle", "de"],
    ["experimentale", "fr"],
    ["experimental", "es/pt"],
    ["sperimentale", "it"],
    ["eksperimentalnoi", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "experimental", language: language! })),
  ...[
    ["wissenschaft", "de"],
    ["sciences", "fr"],
    ["ciencias", "es"],
    ["ciencia", "es/pt"],
    ["scienze", "it"],
    ["nauki", "ru/pl"],
  ].map(([word, language]) => ({ word: word!, english: "science", language: language! })),
  ...[
    ["psychologie", "de/fr/nl"],
    ["psicologia", "es/it/pt"],
    ["psikhologii", "ru"],
    ["psychologia", "pl"],
  ].map(([word, language]) => ({ word: word!, english: "psychology", language: language! })),
  ...[
    ["soziologie", "de"],
    ["sociologie", "fr/nl"],
    ["sociologia", "es/it/pt/pl"],
    ["sotsiologii", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "sociology", language: language! })),
  ...[
    ["wirtschaft", "de"],
    ["economie", "fr/nl"],
    ["economia", "es/it/pt"],
    ["ekonomika", "ru"],
    ["ekonomii", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "economics", language: language! })),
  ...[
    ["arbeit", "de"],
    ["travail", "fr"],
    ["trabajo", "es"],
    ["trabalho", "pt"],
    ["lavoro", "it"],
    ["arbeid", "nl/no"],
    ["truda", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "work", language: language! })),
  ...[
    ["informatik", "de"],
    ["informatique", "fr"],
    ["informatica", "es/it/nl"],
  ].map(([word, language]) => ({ word: word!, english: "informatics", language: language! })),
  ...[
    ["gesellschaft", "de"],
    ["societe", "fr"],
    ["sociedad", "es"],
    ["sociedade", "pt"],
    ["societa", "it"],
    ["obshchestva", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "society", language: language! })),
  ...[
    ["internationale", "de/fr/nl"],
    ["internacional", "es/pt"],
    ["internazionale", "it"],
    ["mezhdunarodnyi", "ru"],
  ].map(([word, language]) => ({ word: word!, english: "international", language: language! })),
  ...[
    ["deutsche", "de"],
    ["deutsches", "de"],
  ].map(([word, language]) => ({ word: word!, english: "german", language: language! })),
  ...[
    ["francaise", "fr"],
    ["francais", "fr"],
  ].map(([word, language]) => ({ word: word!, english: "french", language: language! })),
  ...[
    ["espanola", "es"],
    ["espanol", "es"],
  ].map(([word, language]) => ({ word: word!, english: "spanish", language: language! })),
  ...[
    ["italiana", "it"],
    ["italiano", "it"],
  ].map(([word, language]) => ({ word: word!, english: "italian", language: language! })),
  ...[
    ["brasileira", "pt"],
    ["brasileiro", "pt"],
  ].map(([word, language]) => ({ word: word!, english: "brazilian", language: language! })),
  ...[
    ["chinese", "en"],
    ["zhonghua", "zh (pinyin)"],
    ["zhongguo", "zh (pinyin)"],
  ].map(([word, language]) => ({ word: word!, english: "chinese", language: language! })),
];

const BY_WORD: ReadonlyMap<string, string> = new Map(JOURNAL_WORD_VARIANTS.map((v) => [v.word, v.english]));

/** The words of a journal name with each known foreign (or variant) word in English; null when none is known. */
export function englishJournalWords(words: readonly string[]): string[] | null {
  let changed = false;
  const out = words.map((word) => {
    const english = BY_WORD.get(word);
    if (english === undefined || english === word) return word;
    changed = true;
    return english;
  });
  return changed ? out : null;
}
