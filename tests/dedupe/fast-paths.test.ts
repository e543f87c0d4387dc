// The shortcuts taken for speed (issue 15, scale) must give what the plain definitions give:
// the same fingerprints, the same records back from the spill, the same journal scores
// however often a pair of names recurs.
import { describe, expect, test } from "vitest";
import { abstractFingerprint, hash32 } from "../../src/dedupe/features.js";
import { fold, isPlainText, words } from "../../src/dedupe/fold.js";
import { journalForm, journalFormSimilarity } from "../../src/dedupe/journal.js";
import { RecordSpill } from "../../src/dedupe/record-spill.js";
import { compareFields } from "../../src/dedupe/similarity.js";
import { NOTICE_PATTERNS, TITLE_STOPWORDS } from "../../src/dedupe/title.js";
import { matchRecord } from "../../src/dedupe/features.js";
import { record } from "./records.js";

/** The fingerprint as defined: fold, then hash the first 120 words of three letters or more. */
function fingerprintByFolding(abstract: string): number[] | null {
  const stop = new Set([...TITLE_STOPWORDS].map(hash32));
  const hashes = words(fold(abstract.slice(0, 1500)))
    .slice(0, 10_000)
    .filter((w) => w.length >= 3)
    .map(hash32)
    .filter((h) => !stop.has(h))
    .slice(0, 120);
  const distinct = [...new Set(hashes)].sort((x, y) => x - y);
  return distinct.length < 5 ? null : distinct;
}

describe("shortcuts give what the definitions give", () => {
  const abstracts = [
    "Background: Type 2 diabetes (T2D) affects 9.3% of adults; we studied 1,204 patients -- aged 40-75 -- in 12 centres.",
    "  OBJECTIVE.  To assess HbA1c   after 12 weeks...\r\nMETHODS: randomised, double-blind; n=120.\tRESULTS: p<0.05 & more",
    "Effets de l'insuline sur la glycémie chez les patients âgés: étude prospective multicentrique en France",
    "<p>We report <i>in vivo</i> results &amp; in vitro data for TNF-α and β-cell function in the cohort studied here</p>",
    "The the the and of in on for with by at an a to cohort cohort cohort study study study outcome outcome",
    `${"word ".repeat(400)}tail words after the fifteen hundredth character are not read at all`,
    "a b c",
    "Results \u2013 HbA1c fell by 0.5\u00a0% (\u00b1 0.2) \u2014 \u201cwell tolerated\u201d \u00a9 2019 Elsevier Inc. All rights reserved.",
    "Ⅲ phase trial: ½ dose, ① arm, ﬁnal results of the ﬁrst cohort of patients",
  ];
  test.each(abstracts)("an abstract's fingerprint is the same with or without the ASCII shortcut: %s", (text) => {
    const fingerprint = abstractFingerprint(text);
    expect(fingerprint === null ? null : [...fingerprint]).toEqual(fingerprintByFolding(text));
  });

  test("every punctuation, space and symbol the plain-text shortcut allows folds to a word break, as full folding makes it", () => {
    const general = (text: string) =>
      text
        .toLowerCase()
        .normalize("NFKD")
        .replace(/\p{M}+/gu, "")
        .replace(/[^\p{L}\p{N}]+/gu, " ")
        .trim();
    let checked = 0;
    for (let code = 0x80; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const text = `Alpha${char}beta`;
      if (!isPlainText(text)) continue;
      checked++;
      expect(fold(text), `U+${code.toString(16)}`).toBe(general(text));
    }
    expect(checked).toBeGreaterThan(500);
  });

  test("text with letters beyond ASCII or markup is not plain, and folds as before", () => {
    expect(isPlainText("Glycémie")).toBe(false);
    expect(isPlainText("<i>in vivo</i>")).toBe(false);
    expect(isPlainText("A 1 mg dose – © 2019 Elsevier’s")).toBe(true);
    expect(fold("A 1 mg dose – © 2019 Elsevier’s")).toBe("a 1 mg dose 2019 elsevier s");
    expect(fold("Ⅲ ① ½")).toBe("iii 1 1 2");
  });

  test("a journal pair scores the same the first time and when it recurs, in either order", () => {
    const names = [
      "J Clin Epidemiol",
      "Journal of Clinical Epidemiology",
      "Diabetologia. Conference: 50th EASD Meeting",
      "Diabetes Care",
      "Diabetes Res Clin Pract",
    ];
    const base = record({ title: "Glucose control in older adults with type 2 diabetes", year: 2019 });
    for (const x of names) {
      for (const y of names) {
        const expected = journalFormSimilarity(journalForm(x), journalForm(y));
        const a = matchRecord({ ...base, key: "pubmed:1", journal: x }, 0);
        const b = matchRecord({ ...base, key: "scopus:1", journal: y }, 1);
        expect(compareFields(a, b).journal).toBe(expected);
        expect(compareFields(a, b).journal).toBe(expected);
      }
    }
  });
});

describe("cheap pre-tests of title patterns", () => {
  test("a pattern's pre-test never turns away a title the pattern itself matches", () => {
    const titles = [
      "Diabetes in the elderly DIABETES BEIM ALTEN MENSCHEN",
      "Diabetes in the elderly. DIABETES BEIM ALTEN MENSCHEN. ",
      "Insulin therapy in children = INSULINTHERAPIE BEI KINDERN UND JUGENDLICHEN",
      "Obesity and work ЗАЙНЯТІСТЬ І МОТИВАЦІЯ ПРАЩ В ЕКОНОМІЦІ",
      "A study of things O'BRIEN'S RULE FOR THE ELDERLY PATIENTS-",
      "Glucose control in older adults with type 2 diabetes",
      "HIV AND HCV CO INFECTION in adults",
      "Treatment outcomes 𝐀𝐁𝐂 in mathematics ALPHA BETA GAMMA 𝐃𝐄",
      "",
    ];
    for (const pattern of NOTICE_PATTERNS) {
      if (pattern.canMatch === undefined) continue;
      for (const title of titles) {
        const regex = new RegExp(pattern.pattern.source, pattern.pattern.flags.replace("g", ""));
        if (regex.test(title)) expect(pattern.canMatch(title), `${pattern.name}: ${title}`).toBe(true);
      }
    }
    expect(
      NOTICE_PATTERNS.some((p) => p.canMatch !== undefined && !p.canMatch("Glucose control in older adults")),
    ).toBe(true);
  });
});

describe("the record spill", () => {
  test("records come back as they went in, across flushes and with long and non-ASCII text", async () => {
    const spill = await RecordSpill.create();
    try {
      const records = Array.from({ length: 3000 }, (_, i) =>
        record({
          key: `scopus:${i}`,
          title: i % 7 === 0 ? `Étude ${i} — glycémie, 胰岛素 ${"x".repeat(i % 50)}` : `Study ${i}`,
          abstract: i === 1500 ? "ü".repeat(1_500_000) : `Abstract of record ${i}`,
        }),
      );
      for (const r of records) await spill.add(r);
      await spill.seal();
      for (const i of [0, 7, 1499, 1500, 1501, 2999])
        expect(spill.get(i)).toEqual(JSON.parse(JSON.stringify(records[i])));
    } finally {
      await spill.dispose();
    }
  });
});
