/**
 * What the three CSV adapters (Scopus, IEEE Xplore, generic) share beyond the column aliases
 * (src/io/csv-columns.ts): reading the name lists and keyword lists CSV exports write in one
 * cell, and a CSV's rows as records. Each adapter keeps its own alias table and its own
 * named converters.
 */
import { InputError, formatLocated } from "../errors.js";
import { readCsv, type CsvHeader, type CsvRow } from "../io/csv-read.js";
import { splitList } from "../io/csv-columns.js";
import { cleanText, parseAuthorName, type Author, type ParsedItem, type RecordDraft } from "../record.js";
import type { ParseInput } from "./adapter.js";
import { findCsvHeaderRow, preambleWarning } from "./csv-header-row.js";

/**
 * Keywords separated by `;`, or by commas when the cell has no semicolon (some IEEE author
 * keywords, hand-made CSVs). Not for Scopus, whose keywords contain commas (`Muscle, Skeletal`).
 */
export function splitKeywords(value: string | null | undefined): string[] {
  const text = cleanText(value);
  if (text === null) return [];
  return splitList(text, text.includes(";") ? /;/ : /,/);
}

/** One token of initials: `J.`, `J.C.`, `K.-C.`, `JA`. */
const INITIALS = /^\p{Lu}\.?(?:[-‐]?\p{Lu}\.?)*$/u;
/** Capitals without stops are initials up to three (`RL`, `JMW`); more are a family name in capitals (`HUTTO R.L.`). */
const MAX_BARE_INITIALS = 3;

function isInitials(token: string): boolean {
  return INITIALS.test(token) && (token.includes(".") || token.replace(/[-‐]/g, "").length <= MAX_BARE_INITIALS);
}
const SUFFIX = /^(?:Jr|Sr|II|III|IV)\.?$/i;
/** An initial glued to the next family name, as EndNote-derived exports write author lists: `Adeli K.Lewis G. F.`. */
const GLUED_NAMES = /\p{Lu}\.\p{Lu}\p{Ll}/u;

function tokens(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** `Hao J.`, `Siu K.-C.`, `P. Kogge`, `R. F. da Silva`: a name with initials on one side. */
function looksInitialled(text: string): boolean {
  const parts = tokens(text);
  return parts.length >= 2 && (isInitials(parts[0]!) || isInitials(parts[parts.length - 1]!));
}

/**
 * One author's name whichever way round it is written. A comma means `Family, Given`;
 * without one, initials tell the order (`Hao J.` family-first as Scopus and Vancouver write
 * it, `J. Smith` given-first as IEEE does); a full name with neither (`Jane Smith`) follows
 * `order`.
 */
export function parseLooseName(value: string, order: "given-first" | "family-first" = "given-first"): Author | null {
  const text = cleanText(value)
    ?.replace(/[;,]+$/, "")
    .trim();
  if (!text) return null;
  if (text.includes(",")) return parseAuthorName(text, "family-first");
  const parts = tokens(text);
  if (parts.length === 1) return { family: text, given: null };
  let split = parts.length;
  while (split > 1 && isInitials(parts[split - 1]!)) split--;
  if (split < parts.length && !isInitials(parts[0]!)) {
    return { family: parts.slice(0, split).join(" "), given: parts.slice(split).join(" ") };
  }
  if (isInitials(parts[0]!)) return parseAuthorName(text, "given-first");
  return parseAuthorName(text, order);
}

export interface NameList {
  authors: Author[];
  /** The cell could not be split into names safely and is kept whole as one family name. */
  unsplit: boolean;
}

/**
 * An author cell as CSV exports write it: `A; B` (Scopus, Zotero), BibTeX's
 * `Zuna, R E and Wang, S S`, `D. Pavlinac, R. Langer and L. Deftos`, or Vancouver's
 * `Hao J., Siu K.-C.`. What cannot be split safely (names glued together, a comma list
 * that could be either `Family, Given` pairs or a list of names) is kept whole rather
 * than guessed.
 */
export function splitNameList(
  value: string | null | undefined,
  order: "given-first" | "family-first" = "given-first",
): NameList {
  const text = cleanText(value);
  if (text === null) return { authors: [], unsplit: false };
  const whole = { authors: [{ family: text, given: null }], unsplit: true };
  let parts: string[];
  if (text.includes(";")) {
    parts = text.split(";");
  } else if (/\sand\s/.test(text)) {
    const pieces = text.split(/\s+and\s+/);
    const bibtexStyle = pieces.every((piece) => {
      const commas = piece.split(",").length - 1;
      return commas === 0 || (commas === 1 && !isInitials(tokens(piece)[0] ?? ""));
    });
    parts = bibtexStyle ? pieces : pieces.flatMap((piece) => piece.split(","));
  } else if (text.includes(",")) {
    const pieces = text.split(",");
    if (pieces.every((piece) => looksInitialled(piece) || SUFFIX.test(piece.trim()))) parts = pieces;
    else if (pieces.length === 2) parts = [text];
    else return whole;
  } else if (GLUED_NAMES.test(text)) {
    return whole;
  } else {
    parts = [text];
  }
  const authors: Author[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    const previous = authors[authors.length - 1];
    if (SUFFIX.test(trimmed) && previous?.family) {
      previous.family = `${previous.family} ${trimmed}`;
      continue;
    }
    const author = parseLooseName(trimmed, order);
    if (author) authors.push(author);
  }
  return { authors, unsplit: false };
}

/**
 * The parse loop the three CSV adapters share: the header picks the row mapper (or throws
 * InputError when the file is not the adapter's kind of CSV), each row becomes a record,
 * each broken record one reject. Positions count rejects too.
 */
export async function* csvRecords(
  input: ParseInput,
  mapperFor: (header: CsvHeader) => (row: CsvRow) => RecordDraft,
): AsyncIterable<ParsedItem> {
  let mapper: ((row: CsvRow) => RecordDraft) | null = null;
  let position = 0;
  const headerRow = findCsvHeaderRow(input.text.sample);
  const headerAt = headerRow !== null && headerRow.skipLines > 0 ? headerRow : undefined;
  if (headerAt) {
    input.warn(
      formatLocated(
        { file: input.text.file, line: headerAt.skipLines + 1, field: "header" },
        preambleWarning(headerAt),
      ),
    );
  }
  for await (const item of readCsv(input.text, headerAt)) {
    if (item.kind === "header") {
      mapper = mapperFor(item);
      for (const { name, positions } of item.duplicates) {
        const others = positions
          .slice(1)
          .map((p, i) => `column ${p} as ${JSON.stringify(`${name} (${i + 2})`)}`)
          .join(", ");
        input.warn(
          `${formatLocated({ file: input.text.file, line: item.line, field: "header" }, `the column name ${JSON.stringify(name)} appears ${positions.length} times (columns ${positions.join(", ")}): column ${positions[0]} is read as ${JSON.stringify(name)}, ${others}`)}`,
        );
      }
      continue;
    }
    position++;
    const at = { position, line: item.line };
    if (item.kind === "broken") {
      const skipped = item.lastLine > item.line ? ` (lines ${item.line}–${item.lastLine} skipped)` : "";
      yield input.reject(at, item.column, item.expected, `${item.got}${skipped}`);
      continue;
    }
    if (mapper === null) throw new Error("csv-read yields the header before any row");
    const draft = mapper(item);
    if (item.extra.length > 0) {
      // More cells than header columns: usually an unquoted delimiter inside a value, so the cells may be shifted.
      draft.flags = [...(draft.flags ?? []), "csv-extra-cells"];
      draft.raw = { ...(draft.raw ?? {}), extraCells: item.extra.map((cell) => cleanText(cell) ?? "").join(" | ") };
    }
    yield input.finish(draft, at);
  }
  if (mapper === null)
    throw new InputError({ file: input.text.file, line: 1, expected: "a header row", got: "no rows" });
}
