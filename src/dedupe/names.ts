/**
 * Author lists as dedupe compares them: one folded surname per author, in order. Databases
 * disagree on given names (`John` / `J.` / `J.A.`), particles (`van der Berg` / `Berg`),
 * accents and transliteration (`Müller` / `Mueller`), and truncate long lists, so only
 * surnames are kept and compared loosely (see `sameSurname`).
 *
 * Some exports glue a whole list into one cell the importer cannot split safely
 * (`Adeli K.Lewis G. F.`, flagged `authors-unsplit`); here, where a wrong split costs only a
 * weaker similarity, it is split on the initials that end each name.
 */
import type { Author } from "../record.js";
import { fold, words } from "./fold.js";

/** Not a person: placeholders exports write where the author is unknown. */
const NO_AUTHOR = /^(?:anonymous|anon|unknown|not available|n a|na|et al|no authorship indicated)$/;

/** `Adeli K.Lewis G. F.`: a name ends with an initial and its dot, the next begins with a capitalised word. */
const GLUED_BOUNDARY = /(?<=\b\p{Lu}\.)\s*(?=\p{Lu}[\p{Ll}'’-])/u;
const INITIAL_TOKEN = /^\p{Lu}(?:\.|$)|^(?:\p{Lu}\.){2,}$|^\p{Lu}{1,3}$/u;

/**
 * A surname folded to letters and digits only: `van der Berg` → `vanderberg`, `O'Neil` → `oneil`.
 * Particles stay (`De Fronzo` and `DeFronzo` must fold alike); `sameSurname` lets `berg` match.
 */
export function surnameKey(family: string): string | null {
  if (/^[A-Za-z]+$/.test(family)) {
    const key = family.toLowerCase();
    return NO_AUTHOR.test(key) ? null : key;
  }
  const parts = words(fold(family.replace(/['’]/g, "")));
  if (parts.length === 0 || NO_AUTHOR.test(parts.join(" "))) return null;
  return parts.join("");
}

/** Surname of one `Family Initials` piece of a glued list (`Lewis G. F.` → `Lewis`). */
function familyOfPiece(piece: string): string {
  const tokens = piece.trim().split(/\s+/);
  const kept = tokens.filter((t) => !INITIAL_TOKEN.test(t));
  return (kept.length ? kept : tokens).join(" ");
}

/** A cell holding several names the importer left whole. */
export function splitGluedNames(text: string): string[] {
  if (text.includes(";")) return text.split(";").map(familyOfPiece);
  const pieces = text.split(GLUED_BOUNDARY);
  if (pieces.length > 1) return pieces.map(familyOfPiece);
  return [familyOfPiece(text)];
}

/** Folded surnames in list order; an unsplit cell is split here. */
export function surnameKeys(authors: readonly Author[], unsplit: boolean): string[] {
  const out: string[] = [];
  for (const author of authors) {
    const family = author.family ?? author.given;
    if (family === null) continue;
    const names = unsplit && author.given === null ? splitGluedNames(family) : [family];
    for (const name of names) {
      const key = surnameKey(name);
      if (key !== null) out.push(key);
    }
  }
  return out;
}

/**
 * First given names written out in full (not initials), folded, in list order; "" where a
 * name has none. Some sources swap given and family names (`Wang Xiaoguang` filed as family
 * `Xiaoguang`); comparing one list's given names with the other's surnames finds them.
 */
export function givenNameKeys(authors: readonly Author[]): string[] {
  const out: string[] = [];
  for (const author of authors) {
    if (author.family === null || author.given === null) continue;
    const first = words(fold(author.given))[0] ?? "";
    if (first.length >= 2 && !INITIAL_TOKEN.test(author.given.trim().split(/\s+/)[0]!)) out.push(first);
  }
  return out;
}
