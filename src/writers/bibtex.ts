/**
 * BibTeX for LaTeX users and reference managers. Text stays UTF-8 (biber and modern BibTeX
 * read it); only the characters BibTeX gives a meaning to are escaped.
 */
import type { Author, Record } from "../record.js";
import type { RecordWriter } from "./writer.js";

export function escapeBibtex(value: string): string {
  return value.replace(/[\\{}%&#_$^~]/g, (c) => {
    if (c === "\\") return "\\textbackslash{}";
    if (c === "^") return "\\textasciicircum{}";
    if (c === "~") return "\\textasciitilde{}";
    return `\\${c}`;
  });
}

/** Citation keys allow letters, digits and a few punctuation marks; the record key is unique already. */
export function citationKey(record: Record): string {
  return record.key.replace(/[^A-Za-z0-9_.:-]/g, "_");
}

function bibtexAuthor(author: Author): string {
  if (author.given === null) return `{${escapeBibtex(author.family ?? "")}}`;
  return `${escapeBibtex(author.family ?? "")}, ${escapeBibtex(author.given)}`;
}

export function bibtexEntryType(record: Record): string {
  const types = record.publicationTypes.join(" ").toLowerCase();
  if (/preprint/.test(types) || record.database === "arxiv") return "misc";
  if (/conference|proceeding/.test(types)) return "inproceedings";
  if (/chapter/.test(types)) return "incollection";
  if (/\bbook\b/.test(types)) return "book";
  return "article";
}

export function recordToBibtex(record: Record): string {
  const fields: [string, string | null][] = [
    ["title", record.title],
    ["author", record.authors.length ? record.authors.map(bibtexAuthor).join(" and ") : null],
    ["journal", record.journal],
    ["year", record.year === null ? null : String(record.year)],
    ["month", record.date && record.date.length >= 7 ? String(Number(record.date.slice(5, 7))) : null],
    ["volume", record.volume],
    ["number", record.issue],
    ["pages", record.pages?.replace("-", "--") ?? null],
    ["issn", [record.issn, record.eissn].filter(Boolean).join(", ") || null],
    ["doi", record.doi],
    ["eprint", record.arxivId],
    ["archiveprefix", record.arxivId ? "arXiv" : null],
    ["pmid", record.pmid],
    ["abstract", record.abstract],
    // A keyword holding the separator would split in two on reading; a comma keeps its meaning.
    ["keywords", record.keywords.length ? record.keywords.map((k) => k.replaceAll(";", ",")).join("; ") : null],
    ["language", record.language],
    ["note", record.sourceId ? `${record.database}: ${record.sourceId}` : null],
  ];
  const body = fields
    .filter((f): f is [string, string] => f[1] !== null)
    .map(([name, value]) => {
      // Authors are escaped name by name; DOIs and ids are written verbatim as BibTeX tools expect.
      const verbatim = name === "author" || name === "doi" || name === "eprint";
      return `  ${name} = {${verbatim ? value : escapeBibtex(value)}}`;
    })
    .join(",\n");
  return `@${bibtexEntryType(record)}{${citationKey(record)},\n${body}\n}\n\n`;
}

export const bibtexWriter: RecordWriter = {
  id: "bibtex",
  description: "BibTeX (UTF-8)",
  header: () => "",
  write: recordToBibtex,
  footer: () => "",
};
