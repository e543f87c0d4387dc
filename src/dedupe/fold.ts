/**
 * Text folding for comparison: the same words written by two databases should fold to the
 * same string. Lower case, diacritics stripped (NFKD), HTML tags and entities removed, Greek
 * letters spelt out (`TNF-α` = `TNF-alpha`), ligatures and special letters mapped
 * (`æ` → `ae`, `ß` → `ss`), every run of punctuation or space one space. Letters of other
 * scripts (Cyrillic, CJK) are kept, so titles in them still compare.
 *
 * The peers do the same in their own ways (ASySD upper-cases and strips punctuation;
 * bib-dedupe also removes accents and HTML); this is one function for every field.
 */

/** Letters NFKD does not decompose. */
const SPECIAL_LETTERS: { readonly [char: string]: string } = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  ł: "l",
  ı: "i",
  ŀ: "l",
  ĳ: "ij",
};

/** Greek letters as biomedical titles write them in words (`β-cell` = `beta-cell`). */
const GREEK: { readonly [char: string]: string } = {
  α: "alpha",
  β: "beta",
  γ: "gamma",
  δ: "delta",
  ε: "epsilon",
  ζ: "zeta",
  η: "eta",
  θ: "theta",
  ι: "iota",
  κ: "kappa",
  λ: "lambda",
  μ: "mu",
  ν: "nu",
  ξ: "xi",
  ο: "omicron",
  π: "pi",
  ρ: "rho",
  σ: "sigma",
  ς: "sigma",
  τ: "tau",
  υ: "upsilon",
  φ: "phi",
  χ: "chi",
  ψ: "psi",
  ω: "omega",
  µ: "mu",
};

const NAMED_ENTITIES: { readonly [name: string]: string } = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "-",
  mdash: "-",
};

const HTML_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;
const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi;
const COMBINING = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const NEEDS_MAP = /[ßæœøđðþłıŀĳα-ωµ]/;
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_NOT_WORD = /[^a-z0-9]+/g;

function decodeEntity(match: string, body: string): string {
  if (body[0] === "#") {
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? match;
}

/** Markup and entities as exports leave them in titles and abstracts (`<i>in vivo</i>`, `&amp;`). */
export function stripMarkup(text: string): string {
  let out = text;
  if (out.includes("<")) out = out.replace(HTML_TAG, " ");
  if (out.includes("&")) out = out.replace(ENTITY, decodeEntity);
  return out;
}

/**
 * Text whose letters and digits are all ASCII, without markup: beyond ASCII it holds only
 * punctuation, spaces and a few symbols none of which decomposes into a letter or digit (`–`,
 * `’`, `©`, `±`), so folding it is lower-casing and splitting at everything else. Most titles
 * and abstracts are such text; decomposing them (NFKD) was a tenth of a large run.
 */
const NOT_PLAIN = /[<&]|[^\x00-\x7f\p{P}\p{Zs}©®±°×÷]/u;

export function isPlainText(text: string): boolean {
  return !NOT_PLAIN.test(text);
}

/** Folded words joined by single spaces; "" when nothing is left. */
export function fold(text: string | null | undefined): string {
  if (!text) return "";
  if (isPlainText(text)) return text.toLowerCase().replace(ASCII_NOT_WORD, " ").trim();
  let out = stripMarkup(text).toLowerCase();
  // Most text is ASCII: nothing to decompose or map.
  if (!NON_ASCII.test(out)) return out.replace(ASCII_NOT_WORD, " ").trim();
  out = out.normalize("NFKD").replace(COMBINING, "");
  if (NEEDS_MAP.test(out)) {
    let mapped = "";
    for (const char of out) mapped += SPECIAL_LETTERS[char] ?? (GREEK[char] !== undefined ? ` ${GREEK[char]} ` : char);
    out = mapped;
  }
  return out.replace(NOT_WORD, " ").trim();
}

/** Words of folded text. */
export function words(folded: string): string[] {
  return folded === "" ? [] : folded.split(" ");
}
