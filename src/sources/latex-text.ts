/**
 * The LaTeX that BibTeX field values carry, as the plain Unicode a reviewer reads:
 * accents (`{\"u}`, `\'{e}`, `\v s`), named letters (`{\aa}`, `\ss`, `\o`), escaped
 * specials (`\&`, `\%`, `\_`), dashes (`--`, `---`, `{\textendash}`), ties (`~`),
 * ``quotes'' and the protective braces exports wrap around capitals (`{IEEE}`, `{[}`).
 * Text-formatting commands (`\emph{…}`, `\textit{…}`) keep their argument. Math
 * (`$…$`) is left as written: turning it into text would be a guess. A command this
 * table does not know is kept verbatim, so nothing is silently dropped.
 * Tables follow the LaTeX2e font-encoding names (TU/T1) as BibTeX exporters write them.
 */

/** Accent commands and the combining mark each one puts on its argument. */
const ACCENTS: { readonly [command: string]: string } = {
  "`": "\u0300",
  "'": "\u0301",
  "^": "\u0302",
  "~": "\u0303",
  "=": "\u0304",
  u: "\u0306",
  ".": "\u0307",
  '"': "\u0308",
  r: "\u030A",
  H: "\u030B",
  v: "\u030C",
  d: "\u0323",
  c: "\u0327",
  k: "\u0328",
  b: "\u0331",
};

/** Commands that stand for a character (or nothing). */
const SYMBOLS: { readonly [command: string]: string } = {
  aa: "å",
  AA: "Å",
  ae: "æ",
  AE: "Æ",
  oe: "œ",
  OE: "Œ",
  o: "ø",
  O: "Ø",
  l: "ł",
  L: "Ł",
  ss: "ß",
  SS: "SS",
  i: "ı",
  j: "ȷ",
  dh: "ð",
  DH: "Ð",
  th: "þ",
  TH: "Þ",
  ng: "ŋ",
  NG: "Ŋ",
  dj: "đ",
  DJ: "Đ",
  textendash: "–",
  textemdash: "—",
  textquoteleft: "‘",
  textquoteright: "’",
  textquotedblleft: "“",
  textquotedblright: "”",
  textquotesingle: "'",
  textquotedbl: '"',
  guillemotleft: "«",
  guillemotright: "»",
  guilsinglleft: "‹",
  guilsinglright: "›",
  textregistered: "®",
  texttrademark: "™",
  textcopyright: "©",
  copyright: "©",
  textdegree: "°",
  textperiodcentered: "·",
  textbullet: "•",
  textmu: "µ",
  textpm: "±",
  texttimes: "×",
  ldots: "…",
  dots: "…",
  textellipsis: "…",
  S: "§",
  P: "¶",
  pounds: "£",
  euro: "€",
  textsterling: "£",
  textasciitilde: "~",
  textunderscore: "_",
  textbackslash: "\\",
  textbar: "|",
  textless: "<",
  textgreater: ">",
  textexclamdown: "¡",
  textquestiondown: "¿",
  textdagger: "†",
  textdaggerdbl: "‡",
  LaTeX: "LaTeX",
  TeX: "TeX",
  BibTeX: "BibTeX",
  // Spacing and line-break commands read as a space; hyphenation hints and \relax as nothing.
  quad: " ",
  qquad: " ",
  newline: " ",
  linebreak: " ",
  par: " ",
  relax: "",
  noopsort: "",
};

/** Commands whose argument is the text itself (formatting, boxes, case protection). */
const KEEP_ARGUMENT = new Set([
  "emph",
  "textit",
  "textbf",
  "textsc",
  "textrm",
  "textsf",
  "texttt",
  "textmd",
  "textup",
  "textsl",
  "textnormal",
  "mathrm",
  "mathit",
  "mathbf",
  "mathsf",
  "mathtt",
  "text",
  "mbox",
  "hbox",
  "fbox",
  "uppercase",
  "lowercase",
  "MakeUppercase",
  "MakeLowercase",
  "NoCaseChange",
  "nocase",
  "textsuperscript",
  "textsubscript",
  "url",
  "enquote",
  "foreignlanguage",
  "ensuremath",
  "protect",
]);

/** One-character escapes: `\&` is `&`. */
const ESCAPED: { readonly [char: string]: string } = {
  "&": "&",
  "%": "%",
  $: "$",
  "#": "#",
  _: "_",
  "{": "{",
  "}": "}",
  " ": " ",
  "\\": " ",
  "-": "",
  ",": " ",
  ";": " ",
  ":": " ",
  "!": "",
  "/": "",
  "@": "",
};

/** Base letters an accent may sit on, with the dotless i/j TeX needs under an accent. */
function accentBase(text: string): string {
  return text
    .replace(/\\i\b\s*/g, "i")
    .replace(/\\j\b\s*/g, "j")
    .replace(/[{}]/g, "");
}

class LatexReader {
  private at = 0;

  constructor(private readonly text: string) {}

  convert(): string {
    let out = "";
    const text = this.text;
    while (this.at < text.length) {
      const c = text[this.at]!;
      if (c === "\\") {
        out += this.command();
      } else if (c === "{" || c === "}") {
        this.at++;
      } else if (c === "$") {
        out += this.math();
      } else if (c === "~") {
        out += " ";
        this.at++;
      } else if (c === "-" && text.startsWith("--", this.at)) {
        const em = text.startsWith("---", this.at);
        out += em ? "—" : "–";
        this.at += em ? 3 : 2;
      } else if (c === "`" && text.startsWith("``", this.at)) {
        out += "“";
        this.at += 2;
      } else if (c === "'" && text.startsWith("''", this.at)) {
        out += "”";
        this.at += 2;
      } else {
        out += c;
        this.at++;
      }
    }
    return out.normalize("NFC");
  }

  /** `$…$` (and `$$…$$`) copied as written. */
  private math(): string {
    const text = this.text;
    const double = text.startsWith("$$", this.at);
    const open = double ? 2 : 1;
    let end = text.indexOf(double ? "$$" : "$", this.at + open);
    while (end > 0 && text[end - 1] === "\\") end = text.indexOf("$", end + 1);
    if (end < 0) {
      // A lone dollar sign is text (a price), not math.
      this.at += 1;
      return "$";
    }
    const math = text.slice(this.at, end + open);
    this.at = end + open;
    return math;
  }

  private command(): string {
    const text = this.text;
    const start = this.at;
    this.at++;
    const next = text[this.at];
    if (next === undefined) return "\\";
    if (/[A-Za-z]/.test(next)) {
      const name = /^[A-Za-z]+/.exec(text.slice(this.at, this.at + 40))![0];
      this.at += name.length;
      const accent = ACCENTS[name];
      if (accent !== undefined && name.length === 1) {
        this.skipSpaces();
        return this.accented(accent);
      }
      if (name in SYMBOLS) {
        // TeX swallows the space that ends a command word (`Stra\ss e` is one word).
        this.skipOneSpace();
        return SYMBOLS[name]!;
      }
      if (KEEP_ARGUMENT.has(name)) {
        this.skipSpaces();
        return text[this.at] === "{" ? this.group() : "";
      }
      if (name === "href") {
        this.skipSpaces();
        if (text[this.at] === "{") this.rawGroup();
        this.skipSpaces();
        return text[this.at] === "{" ? this.group() : "";
      }
      // Unknown: the command and its braced arguments stay as written.
      while (text[this.at] === "{") this.rawGroup();
      return text.slice(start, this.at);
    }
    this.at++;
    const accent = ACCENTS[next];
    if (accent !== undefined) return this.accented(accent);
    const escaped = ESCAPED[next];
    return escaped ?? text.slice(start, this.at);
  }

  /** The argument of an accent: `{e}`, `e`, `{\i}`, `\i`. */
  private accented(mark: string): string {
    const text = this.text;
    let base: string;
    if (text[this.at] === "{") {
      base = accentBase(this.rawGroup());
    } else if (text.startsWith("\\i", this.at) || text.startsWith("\\j", this.at)) {
      base = text[this.at + 1]!;
      this.at += 2;
    } else {
      base = text[this.at] ?? "";
      if (base !== "") this.at++;
    }
    if (base === "") return mark.trim();
    return (base.slice(0, 1) + mark + base.slice(1)).normalize("NFC");
  }

  /** A braced group's converted content; the reader stands after its closing brace. */
  private group(): string {
    return new LatexReader(this.rawGroup()).convert();
  }

  /** A braced group's content as written; the reader stands after its closing brace. */
  private rawGroup(): string {
    const text = this.text;
    let depth = 0;
    const open = this.at;
    for (; this.at < text.length; this.at++) {
      const c = text[this.at];
      if (c === "\\") {
        this.at++;
      } else if (c === "{") {
        depth++;
      } else if (c === "}") {
        depth--;
        if (depth === 0) {
          this.at++;
          return text.slice(open + 1, this.at - 1);
        }
      }
    }
    return text.slice(open + 1);
  }

  private skipSpaces(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  private skipOneSpace(): void {
    if (this.text[this.at] === " ") this.at++;
  }
}

/** LaTeX field text as Unicode, protective braces removed; whitespace is left for cleanText. */
export function latexToUnicode(value: string): string {
  if (!/[\\{}$~`'-]/.test(value)) return value;
  return new LatexReader(value).convert();
}

/**
 * Verbatim fields (DOI, URL, eprint) are not LaTeX, but exporters still escape `_`, `%`,
 * `&` and `#` in them and some wrap them in braces.
 */
export function latexVerbatim(value: string): string {
  return value.replace(/\\([_%&#$])/g, "$1").replace(/[{}]/g, "");
}
