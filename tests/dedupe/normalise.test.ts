import { describe, expect, test } from "vitest";
import { fold } from "../../src/dedupe/fold.js";
import { abbreviates, journalForm, journalFormSimilarity } from "../../src/dedupe/journal.js";
import { expandEndPage, parsePages, volumeKey } from "../../src/dedupe/locator.js";
import { givenNameKeys, splitGluedNames, surnameKey, surnameKeys } from "../../src/dedupe/names.js";
import { titleForm } from "../../src/dedupe/title.js";

describe("folding text for comparison", () => {
  test.each([
    ["Müller–Lüdenscheidt", "muller ludenscheidt"],
    ["TNF-α and β-cells", "tnf alpha and beta cells"],
    ["<i>In vivo</i> &amp; in vitro", "in vivo in vitro"],
    ["Œdème: ætiology, Straße", "oedeme aetiology strasse"],
    ["Плaтформ 2020", "плaтформ 2020"],
    ["   ", ""],
  ])("%s folds to %s", (text, folded) => {
    expect(fold(text)).toBe(folded);
  });
});

describe("titles", () => {
  test("case, punctuation, roman numerals and number words do not count", () => {
    expect(titleForm("Type II Diabetes: TWO cohorts").key).toBe(titleForm("type 2 diabetes - 2 cohorts").key);
  });

  test("MEDLINE's erratum link and Embase's review tags are not part of the title", () => {
    const plain = titleForm(
      "Dynamics of HPV16 DNA load reflect the natural history of cervical HPV-associated lesions",
    ).key;
    expect(
      titleForm(
        "Dynamics of HPV16 DNA load reflect the natural history of cervical HPV-associated lesions.[Erratum appears in J Clin Virol. 2006 Oct;37(2):137]",
      ).key,
    ).toBe(plain);
    expect(titleForm("Update on the diagnosis of HPV infection. [Review] [33 refs]").key).toBe(
      titleForm("Update on the diagnosis of HPV infection").key,
    );
  });

  test("a section label in brackets after the title is dropped, a bracketed translated title is kept", () => {
    expect(titleForm("The all-seeing employer - [careers]").key).toBe("all seeing employer");
    expect(titleForm("[Effect of insulin on the heart].").key).toBe("effect insulin heart");
  });

  test("numbers are kept in order, thousands separators joined", () => {
    expect(titleForm("A 7.5-year study of 31,000 women, part 2").numbers).toEqual(["7", "5", "31000", "2"]);
  });

  test("notice words are named by kind", () => {
    expect(titleForm("Corrigendum: Comment on the trial").notices).toEqual(["comment", "erratum"]);
    expect(titleForm("Immune response to vaccination").notices).toEqual([]);
  });

  test("a title of stopwords only is no title", () => {
    expect(titleForm("The and of").key).toBeNull();
  });
});

describe("author names", () => {
  test("surnames fold to letters, particles kept", () => {
    expect(surnameKey("van der Berg")).toBe("vanderberg");
    expect(surnameKey("O'Neil")).toBe("oneil");
    expect(surnameKey("Anonymous")).toBeNull();
  });

  test("a glued EndNote list is split on the initials that end each name", () => {
    expect(splitGluedNames("Adeli K.Lewis G. F.")).toEqual(["Adeli", "Lewis"]);
    expect(splitGluedNames("Jahan-mihan A.Smith C. E.Hamedani A.")).toEqual(["Jahan-mihan", "Smith", "Hamedani"]);
  });

  test("an unsplit author cell yields one surname per person", () => {
    expect(surnameKeys([{ family: "Farr S. L.Naples M.Baker C.Adeli K.", given: null }], true)).toEqual([
      "farr",
      "naples",
      "baker",
      "adeli",
    ]);
  });

  test("given names count only when written out", () => {
    expect(
      givenNameKeys([
        { family: "Wang", given: "Xiaoguang" },
        { family: "Liu", given: "J." },
      ]),
    ).toEqual(["xiaoguang"]);
  });
});

describe("journal names", () => {
  test.each([
    ["Curr Opin Lipidol", "Current Opinion in Lipidology"],
    ["J Am Coll Cardiol", "Journal of the American College of Cardiology"],
    ["Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America"],
    ["BMJ", "British Medical Journal"],
    ["Lancet (London, England)", "The Lancet"],
    ["Diabetologia. Conference: 53rd Annual Meeting of the EASD", "Diabetologia"],
    [
      "Journal of clinical virology : the official publication of the Pan American Society for Clinical Virology",
      "Journal of Clinical Virology",
    ],
    [
      "Revista Panamericana de Salud Publica/Pan American Journal of Public Health",
      "Pan American Journal of Public Health",
    ],
    // A meeting's edition words (ordinal, spelled ordinal, Annual) are not part of its name.
    [
      "50Th Annual Hawaii International Conference On System Sciences",
      "Hawaii International Conference on System Sciences",
    ],
    [
      "Proceedings of the Thirty First International Conference on Information Systems",
      "International Conference on Information Systems",
    ],
  ])("%s is %s", (a, b) => {
    expect(journalFormSimilarity(journalForm(a), journalForm(b))).toBe(1);
  });

  test("two journals that share words are not the same journal", () => {
    expect(
      journalFormSimilarity(
        journalForm("Journal of Clinical Investigation"),
        journalForm("Journal of Clinical Endocrinology"),
      ),
    ).toBeLessThan(0.9);
    expect(journalFormSimilarity(journalForm("Diabetes"), journalForm("Diabetologia"))).toBeLessThan(0.5);
    expect(
      journalFormSimilarity(
        journalForm("Annual Conference on Neural Information Processing Systems"),
        journalForm("Annual Conference on Computational Learning Theory"),
      ),
    ).toBeLessThan(0.9);
  });

  test("an abbreviation keeps the letters of the word in order, from its first", () => {
    expect(abbreviates("natl", "national")).toBe(true);
    expect(abbreviates("diabetes", "diabetologia")).toBe(false);
  });
});

describe("pages, volumes and issues", () => {
  test.each([
    ["1234-45", { start: "1234", end: "1245" }],
    ["221-8", { start: "221", end: "228" }],
    ["376 -- 383", { start: "376", end: "383" }],
    ["S12-S15", { start: "s12", end: "s15" }],
    ["e44-e45", { start: "e44", end: "e45" }],
    ["A27", { start: "a27", end: null }],
    ["pp. 12–15", { start: "12", end: "15" }],
  ])("%s starts at its first page", (pages, expected) => {
    expect(parsePages(pages)).toEqual(expected);
  });

  test("a page field holding the year is no page", () => {
    expect(parsePages("2015", 2015)).toBeNull();
  });

  test("an abbreviated end page takes the start page's leading digits", () => {
    expect(expandEndPage("1491", "504")).toBe("1504");
  });

  test.each([
    ["46 (Supplement 1)", "46"],
    ["Vol. 12", "12"],
    ["SUPPL. 1", "1"],
    ["May", "5"],
    ["1)", null],
    ["2016", null],
  ])("volume or issue %s reads as %s", (value, key) => {
    expect(volumeKey(value, 2016)).toBe(key);
  });
});
