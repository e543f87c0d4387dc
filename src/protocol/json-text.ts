/**
 * JSON for protocol files (review.json, queries/*.json, the taxonomy), read so that every
 * error can point at a place a reviewer finds in an editor: a syntax error at its
 * line:column (Node 20's JSON.parse often names no position at all: "Unexpected token '}',
 * … is not valid JSON"), and a value that fails validation at the line where it is written.
 * Pure: text in, value and positions out.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export type JsonPath = readonly PropertyKey[];

export interface LocatedJson {
  value: unknown;
  /** Where the value at `path` starts, or where its nearest written ancestor starts (a missing field). */
  locate(path: JsonPath): TextPosition;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly position: TextPosition,
    /** What stands at the position, for "expected JSON, got …". */
    readonly got: string,
  ) {
    super(`not JSON at ${position.line}:${position.column}: got ${got}`);
  }
}

class Stop {
  constructor(readonly offset: number) {}
}

const pathKey = (path: JsonPath): string => path.map(String).join("\u0000");

/** Parses `text` (a leading BOM is ignored) or throws a JsonSyntaxError with the line and column. */
export function parseLocatedJson(input: string): LocatedJson {
  const text = input.replace(/^\uFEFF/, "");
  const starts = new Map<string, number>();
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const space = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
  };
  const literal = (word: string) => {
    // A misspelt literal (`tru`, `nul`) is reported where it starts, not at its last letter.
    if (text.slice(i, i + word.length) !== word) fail();
    i += word.length;
  };
  const value = (path: PropertyKey[]): void => {
    if (path.length > 256) fail();
    space();
    starts.set(pathKey(path), i);
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        const key = string();
        space();
        if (text[i] !== ":") fail();
        i++;
        value([...path, key]);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (c === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (let index = 0; ; index++) {
        value([...path, index]);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else {
      const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!match) fail();
      i += match![0].length;
    }
  };
  const positionOf = (offset: number): TextPosition => {
    const before = text.slice(0, offset);
    const lines = before.split(/\r\n|\r|\n/);
    // Columns count characters as an editor shows them; a BOM the reader stripped is not one.
    return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  };
  try {
    value([]);
    space();
    if (i < text.length) fail();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const offset = Math.min(error.offset, text.length);
    throw new JsonSyntaxError(positionOf(offset), describeAt(text, offset));
  }
  const parsed: unknown = JSON.parse(text);
  return {
    value: parsed,
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const start = starts.get(pathKey(path.slice(0, n)));
        if (start !== undefined) return positionOf(start);
      }
      return { line: 1, column: 1 };
    },
  };
}

function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return "the end of the file (a closing bracket, brace or quote is missing)";
  const rest = text.slice(offset);
  const word = /^[^\s,:{}[\]"]+/.exec(rest)?.[0];
  const shown = word && word.length > 1 ? word.slice(0, 40) : rest[0]!;
  if (shown.startsWith("/")) return '"/" (JSON has no comments; use a "$comment" field)';
  if (shown === "'") return "' (JSON strings take double quotes)";
  if (shown === "}" || shown === "]") return `"${shown}" (a trailing comma before it, or a value missing)`;
  return JSON.stringify(shown);
}
