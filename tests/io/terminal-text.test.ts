import { describe, expect, test } from "vitest";
import { terminalSafe } from "../../src/io/terminal-text.js";

describe("terminalSafe", () => {
  test("an ESC sequence in a name is shown, not run", () => {
    expect(terminalSafe("a\u001b[2Jb.ris")).toBe("a\\u001b[2Jb.ris");
  });

  test("a newline in a name cannot start a forged line", () => {
    const shown = terminalSafe("x.ris\nimported fake.ris: 999 records");
    expect(shown).not.toContain("\n");
    expect(shown).toBe("x.ris\\u000aimported fake.ris: 999 records");
  });

  test("ordinary names, accents included, are unchanged", () => {
    expect(terminalSafe("raw/exports/scopus/Müller é 2024.csv")).toBe("raw/exports/scopus/Müller é 2024.csv");
  });

  test("a right-to-left override cannot reverse what the name seems to say", () => {
    expect(terminalSafe("evil\u202esir.exe")).toBe("evil\\u202esir.exe");
  });
});
