import { describe, expect, test } from "vitest";
import {
  finaliseRecord,
  issnCheckDigitValid,
  normaliseArxivId,
  normaliseDoi,
  normaliseIssn,
  normaliseLanguage,
  normalisePages,
  normalisePmcid,
  normalisePmid,
  parseAuthorName,
  parseLooseDate,
  splitIssns,
  type FinaliseContext,
  type RecordDraft,
} from "../src/record.js";

const context: FinaliseContext = {
  file: "x.ris",
  position: 3,
  line: 41,
  format: "ris",
  queryId: "q1",
  database: "scopus",
};

function finish(draft: RecordDraft, extra: Partial<FinaliseContext> = {}) {
  return finaliseRecord(draft, { ...context, ...extra });
}

describe("DOI normalisation", () => {
  test.each([
    ["10.1000/ABC.def", "10.1000/abc.def"],
    ["https://doi.org/10.1016/J.X.2020.01.002", "10.1016/j.x.2020.01.002"],
    ["http://dx.doi.org/10.1016/j.cell.2016.12.001", "10.1016/j.cell.2016.12.001"],
    ["doi: 10.1080/00140139.2022.2113152.", "10.1080/00140139.2022.2113152"],
    ["DOI:10.2196/22081", "10.2196/22081"],
    ["https://doi.org/10.1080%2F00140139.2022.2113152", "10.1080/00140139.2022.2113152"],
    ["https://doi.org/10.1016%2FS0140-6736%2820%2930183-5", "10.1016/s0140-6736(20)30183-5"],
  ])("%s becomes %s", (input, expected) => {
    expect(normaliseDoi(input)).toBe(expected);
  });

  test("a value holding no DOI is null, and the record keeps it raw with a flag", () => {
    expect(normaliseDoi("S0140-6736(20)30183-5")).toBeNull();
    const item = finish({ title: "T", doi: "pending" });
    expect(item.kind).toBe("record");
    if (item.kind === "record") {
      expect(item.record.doi).toBeNull();
      expect(item.record.raw.doi).toBe("pending");
      expect(item.record.flags).toContain("doi-unparsed");
    }
  });
});

describe("ISSN normalisation", () => {
  test("an unhyphenated ISSN gets its hyphen and passes the check digit", () => {
    expect(normaliseIssn("00140139")).toEqual({ issn: "0014-0139" });
    expect(normaliseIssn("2096-4129 (ISSN)")).toEqual({ issn: "2096-4129" });
  });

  test("an X check digit is upper-cased and verified", () => {
    expect(normaliseIssn("2434-561x")).toEqual({ issn: "2434-561X" });
    expect(issnCheckDigitValid("2434561X")).toBe(true);
    expect(issnCheckDigitValid("00140139")).toBe(true);
  });

  test("a wrong check digit is kept raw and flagged, not dropped", () => {
    expect(normaliseIssn("0014-0138")).toEqual({ invalid: "0014-0138" });
    const item = finish({ title: "T", issn: "0014-0138", eissn: "1366-5847" });
    expect(item.kind).toBe("record");
    if (item.kind === "record") {
      expect(item.record.issn).toBeNull();
      expect(item.record.eissn).toBe("1366-5847");
      expect(item.record.raw.issn).toBe("0014-0138");
      expect(item.record.flags).toEqual(["issn-invalid"]);
    }
  });

  test("several ISSNs in one cell are split", () => {
    expect(splitIssns("15265536, 10477047")).toEqual(["15265536", "10477047"]);
  });
});

describe("identifier normalisation", () => {
  test.each([
    ["http://arxiv.org/abs/1111.2011v2", "1111.2011"],
    ["arXiv:2301.01234v3", "2301.01234"],
    ["hep-th/9901001v1", "hep-th/9901001"],
    ["math.GT/0309136", "math.GT/0309136"],
    ["https://arxiv.org/pdf/2405.00001v1.pdf", "2405.00001"],
  ])("arXiv id %s becomes %s", (input, expected) => {
    expect(normaliseArxivId(input)).toBe(expected);
  });

  test("PMIDs lose labels and leading zeros; PMCIDs gain their prefix", () => {
    expect(normalisePmid("PMID: 0012091962")).toBe("12091962");
    expect(normalisePmid("12a")).toBeNull();
    expect(normalisePmcid("3531190")).toBe("PMC3531190");
    expect(normalisePmcid("pmc3531190")).toBe("PMC3531190");
  });
});

describe("dates", () => {
  test.each([
    ["2016/09//", { year: 2016, date: "2016-09" }],
    ["2019/01/15/", { year: 2019, date: "2019-01-15" }],
    ["1 Jan.-Feb. 2019", { year: 2019, date: "2019-01" }],
    ["2000 Spring", { year: 2000, date: "2000-03" }],
    ["1998 Dec-1999 Jan", { year: 1998, date: "1998-12" }],
    ["2017 Jan 15", { year: 2017, date: "2017-01-15" }],
    ["2023-04-17T10:00:00Z", { year: 2023, date: "2023-04-17" }],
    ["2021/02/30", { year: 2021, date: "2021-02" }],
  ])("%s reads as %o", (input, expected) => {
    expect(parseLooseDate(input)).toEqual(expected);
  });

  test("text without a year is no date", () => {
    expect(parseLooseDate("JUN 13")).toBeNull();
    expect(parseLooseDate("")).toBeNull();
  });

  test("a year that is not a year rejects the record naming the field", () => {
    const item = finish({ title: "T", year: "in press" });
    expect(item).toEqual({
      kind: "reject",
      reject: { file: "x.ris", position: 3, line: 41, field: "year", expected: "a four-digit year", got: '"in press"' },
    });
  });

  test("a date from another year than the year field is kept raw, not guessed", () => {
    const item = finish({ title: "T", year: "2020", date: "2019-12-01" });
    expect(item.kind === "record" && item.record.date).toBeNull();
    expect(item.kind === "record" && item.record.raw.date).toBe("2019-12-01");
  });
});

describe("names, pages and languages", () => {
  test("family-first and given-first names split the way the exports write them", () => {
    expect(parseAuthorName("Hao, Jie")).toEqual({ family: "Hao", given: "Jie" });
    expect(parseAuthorName("Adrian Del Maestro", "given-first")).toEqual({ family: "Del Maestro", given: "Adrian" });
    expect(parseAuthorName("Ludwig van Beethoven", "given-first")).toEqual({
      family: "van Beethoven",
      given: "Ludwig",
    });
    expect(parseAuthorName("Hao J.")).toEqual({ family: "Hao J.", given: null });
  });

  test("page ranges use one plain hyphen", () => {
    expect(normalisePages("704–715")).toBe("704-715");
    expect(normalisePages("1234--45")).toBe("1234-45");
    expect(normalisePages("e105767")).toBe("e105767");
  });

  test("languages become MARC codes when known and stay as written otherwise", () => {
    expect(normaliseLanguage("English")).toBe("eng");
    expect(normaliseLanguage("eng")).toBe("eng");
    expect(normaliseLanguage("Klingon")).toBe("klingon");
  });
});

describe("finaliseRecord", () => {
  test("empty strings become null and lists drop blanks and repeats", () => {
    const item = finish({ title: "  A  title\n with breaks ", abstract: "", keywords: ["LLM", " ", "LLM", "health"] });
    expect(item.kind).toBe("record");
    if (item.kind === "record") {
      expect(item.record.title).toBe("A title with breaks");
      expect(item.record.abstract).toBeNull();
      expect(item.record.keywords).toEqual(["LLM", "health"]);
      expect(item.record.provenance).toEqual({ file: "x.ris", position: 3, line: 41, format: "ris", queryId: "q1" });
    }
  });

  test("a record with neither title nor identifier is rejected", () => {
    const item = finish({ abstract: "only an abstract" });
    expect(item.kind === "reject" && item.reject.field).toBe("title");
  });

  test("the key is the database's own id when there is one, a content hash otherwise", () => {
    const withId = finish({ title: "T", eid: "2-s2.0-85136453267" });
    expect(withId.kind === "record" && withId.record.key).toBe("scopus:2-s2.0-85136453267");
    const a = finish({ title: "Same", year: "2020" }, { database: "ieee" });
    const b = finish({ title: "Same", year: "2020" }, { database: "ieee", position: 9 });
    const c = finish({ title: "Other", year: "2020" }, { database: "ieee" });
    expect(a.kind === "record" && a.record.key).toMatch(/^ieee:h[0-9a-f]{16}$/);
    expect(a.kind === "record" && b.kind === "record" && a.record.key === b.record.key).toBe(true);
    expect(a.kind === "record" && c.kind === "record" && a.record.key === c.record.key).toBe(false);
  });

  test("the import folder's database wins over the file's own claim only when forced", () => {
    const claimed = finish({ title: "T", database: "Embase" });
    expect(claimed.kind === "record" && claimed.record.database).toBe("embase");
    const forced = finish({ title: "T", database: "Embase" }, { forceDatabase: true });
    expect(forced.kind === "record" && forced.record.database).toBe("scopus");
  });

  test("text decoded from bytes that are not UTF-8 rejects the record only when the file had such bytes", () => {
    const draft = { title: "Caf\uFFFD society" };
    const bad = finish(draft, { undecodable: true });
    expect(bad.kind === "reject" && bad.reject.field).toBe("title");
    expect(bad.kind === "reject" && bad.reject.got).toMatch(/--encoding latin1/);
    expect(finish(draft).kind).toBe("record");
  });
});
