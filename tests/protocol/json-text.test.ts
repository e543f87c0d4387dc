import { describe, expect, test } from "vitest";
import { JsonSyntaxError, parseLocatedJson } from "../../src/protocol/json-text.js";

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseLocatedJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error("expected a syntax error");
}

describe("protocol JSON text", () => {
  test("a trailing comma is reported at the line and column of the bracket after it", () => {
    const error = syntaxError('{\n  "a": 1,\n  "b": [1, 2,],\n}');
    expect(error.position).toEqual({ line: 3, column: 14 });
    expect(error.got).toMatch(/^"\]" \(a trailing comma/);
  });

  test("a missing comma between fields points at the second field's quote", () => {
    expect(syntaxError('{\r\n  "a": 1\r\n  "b": 2\r\n}').position).toEqual({ line: 3, column: 3 });
  });

  test("a // comment is explained: JSON has no comments, $comment fields stand in", () => {
    const error = syntaxError('{\n  // the review\n  "a": 1\n}');
    expect(error.position).toEqual({ line: 2, column: 3 });
    expect(error.got).toContain('"$comment"');
  });

  test("a file cut short is reported at its end", () => {
    const error = syntaxError('{\n  "a": [1,\n');
    expect(error.position).toEqual({ line: 3, column: 1 });
    expect(error.got).toMatch(/end of the file/);
  });

  test("a byte order mark is ignored and does not shift columns", () => {
    expect(parseLocatedJson('\uFEFF{"a": true}').value).toEqual({ a: true });
    expect(syntaxError('\uFEFF{"a": tru}').position).toEqual({ line: 1, column: 7 });
  });

  test("a value's line is found by its path, and a missing field by its nearest written parent", () => {
    const located = parseLocatedJson(
      '{\n  "databases": [\n    { "id": "pubmed" },\n    {\n      "id": "Scopus"\n    }\n  ]\n}\n',
    );
    expect(located.locate(["databases", 1, "id"])).toEqual({ line: 5, column: 13 });
    expect(located.locate(["databases", 0, "name"])).toEqual({ line: 3, column: 5 });
    expect(located.locate([])).toEqual({ line: 1, column: 1 });
  });

  test("keys written with escapes are located under their decoded name", () => {
    const located = parseLocatedJson('{\n"\\u0074itle": 1}');
    expect(located.locate(["title"]).line).toBe(2);
  });
});
