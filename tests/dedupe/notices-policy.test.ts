/**
 * Notice text in titles (one named pattern each), journal names across languages and
 * acronyms, and review.json's `dedupe.policy`, applied by recognising what two records are.
 */
import { describe, expect, test } from "vitest";
import { parsePolicyOptions } from "../../src/commands/dedupe.js";
import { deduplicate, DEFAULT_DEDUPE_OPTIONS } from "../../src/dedupe/deduplicate.js";
import { matchRecord } from "../../src/dedupe/features.js";
import { journalForm, journalFormSimilarity, venueKind } from "../../src/dedupe/journal.js";
import { englishJournalWords, JOURNAL_WORD_VARIANTS } from "../../src/dedupe/journal-variants.js";
import { DEFAULT_POLICY, registryIds, type DedupePolicy } from "../../src/dedupe/policy.js";
import { decide, mergesAcrossIdentifiers } from "../../src/dedupe/rules.js";
import { compareFields } from "../../src/dedupe/similarity.js";
import { NOTICE_PATTERNS, stripNotices, titleForm } from "../../src/dedupe/title.js";
import { DedupeConfigSchema } from "../../src/protocol/dedupe.js";
import type { Record } from "../../src/record.js";
import { authors, matchAll, record } from "./records.js";

const TITLE = "Liraglutide reduces atherosclerotic lesion development in apolipoprotein E deficient mice";

describe("notice text in titles", () => {
  test.each(NOTICE_PATTERNS.map((p) => [p.name, p] as const))("%s has an example it matches", (_, pattern) => {
    const example = pattern.example.replaceAll("…", "The effect of liraglutide on atherosclerotic lesions in mice");
    const alternatives = example.split(/, (?=[A-Z])/);
    expect(alternatives.some((text) => stripNotices(text).text !== text)).toBe(true);
  });

  test.each([
    [`${TITLE} [published erratum appears in Diabetes 2014;63(2):801]`, []],
    [`${TITLE}. [Review] [45 refs]`, []],
    [`${TITLE}. [Spanish]`, []],
    [`${TITLE} [Article in German]`, []],
    [`Erratum: ${TITLE}`, ["erratum"]],
    [`Correction to: ${TITLE}`, ["erratum"]],
    [`Erratum to - ${TITLE}`, ["erratum"]],
    [`${TITLE} (vol 12, pg 345, 2019)`, ["erratum"]],
    [`${TITLE} (Diabetologia (2019) 62 (345-350))`, ["erratum"]],
    [`Retraction notice to: ${TITLE}`, ["retraction"]],
    [`Comment on: ${TITLE}`, ["comment"]],
    [`Reply to ${TITLE}`, ["reply"]],
    [`Response to: ${TITLE}`, ["reply"]],
    [`Re: ${TITLE}`, ["comment"]],
    [`Expression of concern: ${TITLE}`, ["retraction"]],
    [`RETRACTED: ${TITLE}`, []],
    [`RETRACTED ARTICLE: ${TITLE}`, []],
    [`${TITLE} Erratum appears in Diabetes  2014 Feb 63 2 801`, []],
    [`${TITLE} Erratum appears in Diabetes  201`, []],
    [`${TITLE} Erratum in Diabetes 2014 63 801`, []],
    [`${TITLE}   Review   45 refs`, []],
    [`${TITLE.toUpperCase()} REVIEW 45 REFS`, []],
    [`${TITLE}. Spanish`, []],
    [`${TITLE}   Russian`, []],
    [`${TITLE} (Structured abstract)`, []],
    [`${TITLE} (Provisional abstract)`, []],
    [`${TITLE} (Brief record).`, []],
  ])("%s compares as the title, naming %j", (text, notices) => {
    const form = titleForm(text);
    expect(form.key).toBe(titleForm(TITLE).key);
    expect(form.notices).toEqual(notices);
  });

  test("notice words without brackets are set aside only at the end and before a citation", () => {
    expect(titleForm("Patterns of retraction in biomedical literature 2000 2010").key).toBe(
      "patterns retraction biomedical literature 2000 2010",
    );
    expect(titleForm("Erratum in medical journals: a survey of 300 corrections").key).toBe(
      "erratum medical journals survey 300 corrections",
    );
    expect(titleForm("Reading lists of 45 refs").key).toBe("reading lists 45 refs");
    // A language name after a word is the title's own (`… in Spanish`), not MEDLINE's language tag.
    expect(titleForm("Validation of a depression questionnaire in Spanish").key).toBe(
      "validation depression questionnaire spanish",
    );
    // A database's record tag is set aside only as the whole closing parenthesis.
    expect(titleForm("Training nurses to write a structured abstract (structured abstract versus free text)").key).toBe(
      "training nurses write structured abstract structured abstract free text",
    );
  });

  test("a title that only starts like a notice is an article", () => {
    expect(titleForm("Correction of hypoglycaemia in insulin-treated patients").key).toBe(
      "correction hypoglycaemia insulin treated patients",
    );
    expect(titleForm("Response to treatment in early asthma").notices).toEqual([]);
    expect(titleForm("Re-evaluation of insulin dosing: a cohort study").notices).toEqual([]);
    expect(titleForm("Expression of concern among nurses about workload").notices).toEqual([]);
  });

  test("an original title in capitals after the English one is dropped, an acronym is not", () => {
    expect(titleForm("Diabetes care in the elderly DIABETESBEHANDLUNG BEIM ALTEN MENSCHEN").key).toBe(
      "diabetes care elderly",
    );
    expect(titleForm("Viral load in patients with HIV AND HCV CO INFECTION").key).toBe(
      "viral load patients hiv hcv co infection",
    );
  });

  test("letters an export lost as `?` cost one letter each, not a split word", () => {
    const form = titleForm("Avalia??o da sa?de bucal de idosos");
    expect(form.key).toBe("avaliao da sade bucal de idosos");
    expect(form.length).toBe(titleForm("Avaliação da saúde bucal de idosos").length);
  });

  test("two copies of one correction, worded by two databases, compare equal", () => {
    const wos = titleForm(`${TITLE} (vol 10, pg 353, 2013)`);
    const scopus = titleForm(`Erratum: ${TITLE}`);
    expect([wos.key, wos.notices]).toEqual([scopus.key, scopus.notices]);
  });
});

describe("journal names", () => {
  const similar = (a: string, b: string) => journalFormSimilarity(journalForm(a), journalForm(b));

  test("a name in another language matches its English name through the variant table", () => {
    expect(similar("Zeitschrift für Kardiologie", "Journal of Cardiology")).toBe(1);
    expect(similar("Revista Panamericana de Salud Publica", "Pan American Journal of Public Health")).toBeLessThan(1);
  });

  test("every variant in the table names its language and an English word", () => {
    for (const v of JOURNAL_WORD_VARIANTS)
      expect([v.word, v.english, v.language].every((x) => /^[a-z]/.test(x))).toBe(true);
    expect(englishJournalWords(["zhurnal", "nevrologii"])).toEqual(["journal", "neurology"]);
    expect(englishJournalWords(["lancet"])).toBeNull();
  });

  test("an accented letter an export lost as `?` still matches", () => {
    expect(similar("Revista M?dica de Chile", "Revista Médica de Chile")).toBe(1);
  });

  test("a journal and a workshop sharing words are two venues, an Embase meeting trailer is not the journal's name", () => {
    expect(venueKind("Workshop of Digital Studies")).toBe("meeting");
    expect(venueKind("Journal of Digital Studies")).toBe("periodical");
    expect(venueKind("Diabetologia. Conference: 53rd Annual Meeting of the EASD")).toBe("");
    const a = record({
      title: "Learning-based scheduling for digital work platforms",
      authors: authors("Smith, John"),
      year: 2020,
      journal: "Journal of Digital Studies",
    });
    const b = { ...a, key: "test:workshop", journal: "Workshop of Digital Studies" };
    expect(decide(compareFields(matchRecord(a, 0), matchRecord(b, 1))).verdict).not.toBe("same");
  });

  test("a conference acronym with its year matches the conference's name, another acronym does not", () => {
    expect(similar("AMCIS 2017 Proceedings", "Americas Conference on Information Systems")).toBe(1);
    expect(similar("HICSS", "Hawaii International Conference on System Sciences")).toBe(1);
    expect(similar("ECIS", "Americas Conference on Information Systems")).toBe(0);
  });
});

describe("dedupe.policy", () => {
  const article = (fields: Partial<Record> = {}) =>
    record({
      title: TITLE,
      authors: authors("Gaspari, T.", "Welungoda, I."),
      year: 2013,
      journal: "Diabetes & Vascular Disease Research",
      volume: "10",
      issue: "4",
      pages: "353-360",
      ...fields,
    });
  const erratum = () => article({ title: `Erratum: ${TITLE}`, year: 2014, volume: "11", issue: "1", pages: "72" });
  const judge = (a: Record, b: Record, policy: Partial<DedupePolicy> = {}) =>
    decide(compareFields(matchRecord(a, 0), matchRecord(b, 1)), { ...DEFAULT_POLICY, ...policy });

  test("an erratum and its article are two records by default, without asking", () => {
    expect(judge(article(), erratum())).toEqual({
      verdict: "different",
      rule: "notice-and-its-publication (errata: separate)",
    });
  });

  test("a notice word in one title at the same authors' whole page range is the piece's own title, not a notice", () => {
    const commentary = "The dangers of conflating gambling-related harm with disordered gambling";
    const full = article({ title: `${commentary}: Commentary on: Prevention paradox logic and problem gambling` });
    expect(judge(full, article({ title: commentary })).verdict).toBe("same");
    // Elsewhere in the volume it is a comment on another piece, as before.
    expect(judge(full, article({ title: commentary, pages: "301-305" })).verdict).not.toBe("same");
  });

  test("errata with their article when the policy says so, and a person decides when it says review", () => {
    expect(judge(article(), erratum(), { errata: "merge" }).verdict).toBe("same");
    expect(judge(article(), erratum(), { errata: "review" }).verdict).toBe("review");
  });

  test("the policy is applied by recognising the notice, not by loosening similarity: an erratum of another article stays apart", () => {
    const other = article({
      title: "Erratum: Exenatide improves glycaemic control in adolescents with type 2 diabetes",
    });
    expect(judge(article(), other, { errata: "merge" }).verdict).toBe("different");
  });

  test("a notice's own DOI and PMID do not stop the merge the policy asks for: a notice is published apart by nature", () => {
    const a = article({ doi: "10.1000/dvdr.1", pmid: "111" });
    const b = { ...erratum(), doi: "10.1000/dvdr.2", pmid: "222" };
    expect(judge(a, b, { errata: "merge" }).verdict).toBe("same");
    const merged = deduplicate(matchAll([a, b]), {
      ...DEFAULT_DEDUPE_OPTIONS,
      policy: { ...DEFAULT_POLICY, errata: "merge" },
    });
    expect(merged.clusters).toHaveLength(1);
    expect(judge(a, b, { errata: "review" }).verdict).toBe("review");
    expect(judge(a, b).verdict).toBe("different");
  });

  test("another record sharing neither title nor notice still cannot join across different DOIs", () => {
    const a = article({ doi: "10.1000/dvdr.1" });
    const b = article({ doi: "10.1000/dvdr.2", pages: "361-368" });
    expect(judge(a, b, { errata: "merge" }).verdict).not.toBe("same");
  });

  test("a comment and a reply fall under commentsAndReplies", () => {
    const letter = article({ title: `Comment on: ${TITLE}`, authors: authors("Smith, J.") });
    const reply = article({ title: `Reply to: ${TITLE}` });
    expect(judge(letter, reply, { commentsAndReplies: "merge" })).toMatchObject({
      verdict: "same",
      rule: "notice-and-its-publication (commentsAndReplies: merge)",
    });
  });

  test("repeated registry entries of one trial follow registryEntries; entries of two trials stay apart", () => {
    const entry = (title: string, id: string) =>
      record({ title, journal: `https://clinicaltrials.gov/show/${id}`, year: 2019 });
    const a = entry("Liraglutide in adolescents with obesity", "NCT01234567");
    const b = entry("A trial of liraglutide for obese adolescents (updated)", "NCT01234567");
    expect(judge(a, b).verdict).toBe("same");
    expect(judge(a, b, { registryEntries: "separate" }).verdict).toBe("different");
    expect(judge(a, entry("Liraglutide in adolescents with obesity", "NCT07654321")).rule).toBe(
      "registry-numbers-differ",
    );
  });

  test("registry numbers are read in the formats registries write", () => {
    expect(registryIds("see nct01234567 and ISRCTN12345678", "ACTRN12619000123456; EUCTR2010-012345-12")).toBe(
      "ACTRN12619000123456 EUCTR2010-012345-12 ISRCTN12345678 NCT01234567",
    );
  });

  test("review.json's dedupe.policy: defaults, and nothing but the three choices", () => {
    expect(DedupeConfigSchema.parse({ policy: { errata: "merge" } }).policy).toEqual({
      ...DEFAULT_POLICY,
      errata: "merge",
    });
    const wrong = DedupeConfigSchema.safeParse({ policy: { errata: "yes" } });
    expect(wrong.success).toBe(false);
    expect(DedupeConfigSchema.safeParse({ policy: { letters: "merge" } }).success).toBe(false);
  });

  test("--policy KEY=CHOICE sets a choice over the defaults and refuses anything else", () => {
    expect(parsePolicyOptions(["errata=merge"])).toEqual({ ...DEFAULT_POLICY, errata: "merge" });
    expect(() => parsePolicyOptions(["errata=yes"])).toThrow(
      '--policy expects KEY=CHOICE with KEY one of errata, commentsAndReplies, retractions, registryEntries, supplementAbstracts, republications and CHOICE one of separate, merge, review, got "errata=yes"',
    );
  });

  test("deduplicate applies the policy it is given", () => {
    const records = matchAll([article(), erratum()]);
    expect(deduplicate(records).clusters).toHaveLength(2);
    expect(
      deduplicate(records, { ...DEFAULT_DEDUPE_OPTIONS, policy: { ...DEFAULT_POLICY, errata: "merge" } }).clusters,
    ).toHaveLength(1);
  });
});

describe("a notice's wording on the article's own title, without its place", () => {
  const article = record({
    title: "Liraglutide reduces atherosclerotic lesion development in apolipoprotein E deficient mice",
    authors: authors("Gaspari, T.", "Welungoda, I.", "Widdop, R. E."),
    year: 2013,
    journal: "Diabetes and Vascular Disease Research",
    volume: "10",
    issue: "4",
    pages: "353-360",
    doi: "10.1177/1479164113481817",
  });
  const placeless = (title: string, doi: string | null) => ({
    ...article,
    key: "test:other",
    title,
    doi,
    volume: null,
    issue: null,
    pages: null,
  });
  const judge = (other: Record) => decide(compareFields(matchRecord(article, 0), matchRecord(other, 1)));

  test("`RETRACTED: <title>` under the article's DOI is the article, renamed by its publisher, not a notice", () => {
    expect(judge(placeless(`RETRACTED: ${article.title}`, article.doi))).toMatchObject({
      verdict: "same",
      rule: "identifier",
    });
  });

  test("`Response to: <title>` by the article's own authors is their reply, not the article", () => {
    expect(judge(placeless(`Response to: ${article.title}`, null))).toMatchObject({
      verdict: "different",
      rule: "notice-and-its-publication (commentsAndReplies: separate)",
    });
  });
});

describe("one supplement DOI, two pages", () => {
  const judge = (a: Record, b: Record, policy: Partial<DedupePolicy> = {}) =>
    decide(compareFields(matchRecord(a, 0), matchRecord(b, 1)), { ...DEFAULT_POLICY, ...policy });
  const abstract = (fields: Partial<Record>) =>
    record({
      title: "Effects of incretin on artery lesions in a model of atherosclerosis in apolipoprotein E-deficient mice",
      authors: authors("Chen, R.", "Wang, Y.", "Liang, L."),
      year: 2014,
      journal: "Diabetes/Metabolism Research and Reviews",
      volume: "30",
      issue: "S3",
      doi: "10.1002/dmrr.2604",
      ...fields,
    });

  test("one title under one supplement DOI at different pages follows supplementAbstracts (merge by default)", () => {
    const a = abstract({ pages: "51" });
    const b = abstract({ pages: "52", title: `The ${abstract({}).title!.toLowerCase()}` });
    expect(judge(a, b)).toMatchObject({
      verdict: "same",
      rule: "supplement-abstract-pages-differ (supplementAbstracts: merge)",
    });
    expect(judge(a, b, { supplementAbstracts: "review" }).verdict).toBe("review");
    expect(judge(a, b, { supplementAbstracts: "separate" }).verdict).toBe("different");
  });

  test("titles a word apart (another model, another drug) go to a person whatever the policy", () => {
    const a = abstract({ pages: "51" });
    const title = abstract({}).title!;
    for (const other of [title.replace("mice", "rats"), title.replace("incretin", "exenatide")])
      for (const supplementAbstracts of ["merge", "separate"] as const)
        expect(judge(a, abstract({ pages: "52", title: other }), { supplementAbstracts })).toMatchObject({
          verdict: "review",
          rule: "supplement-abstract-titles-close",
        });
  });

  test("without a DOI, one journal volume and supplement issue names the abstract book; authors must be given on both sides", () => {
    const a = abstract({ pages: "51", doi: null });
    const b = abstract({ pages: "52", doi: null });
    expect(judge(a, b)).toMatchObject({
      verdict: "same",
      rule: "supplement-abstract-pages-differ (supplementAbstracts: merge)",
    });
    expect(judge(a, { ...b, volume: "31" }).rule).not.toMatch(/^supplement-abstract/);
    expect(judge(a, { ...b, issue: "S4" }).rule).not.toMatch(/^supplement-abstract/);
    expect(judge(a, { ...b, authors: [] }).rule).not.toMatch(/^supplement-abstract/);
  });

  test("the same DOI at the same page is one record whatever the policy", () => {
    expect(
      judge(abstract({ pages: "51" }), abstract({ pages: "51" }), { supplementAbstracts: "separate" }),
    ).toMatchObject({
      verdict: "same",
      rule: "identifier",
    });
  });
});

describe("one article published twice in one journal", () => {
  const judge = (a: Record, b: Record, policy: Partial<DedupePolicy> = {}) =>
    decide(compareFields(matchRecord(a, 0), matchRecord(b, 1)), { ...DEFAULT_POLICY, ...policy });
  const published = (fields: Partial<Record>) =>
    record({
      title: "Sponsorship and IT vendor management of projects",
      authors: authors("Liu, L.", "Yetton, P."),
      year: 2009,
      journal: "Journal of Information Technology",
      volume: "24",
      issue: "1",
      pages: "46-54",
      ...fields,
    });
  const again = published({ year: 2010, volume: "25", pages: "56-64" });

  test("the same title, authors and length in the same journal a year later at another place follow republications (merge by default)", () => {
    expect(judge(published({}), again)).toMatchObject({
      verdict: "same",
      rule: "republished-article (republications: merge)",
    });
    expect(judge(published({}), again, { republications: "review" }).verdict).toBe("review");
    expect(judge(published({}), again, { republications: "separate" }).verdict).toBe("different");
  });

  test("the same text is told by abstracts that agree, whatever the pages say where one has none", () => {
    const text = "We examine how sponsorship shapes vendor management in information technology projects across firms.";
    const withAbstract = published({ abstract: text, pages: "46" });
    expect(judge(withAbstract, { ...again, abstract: text }).rule).toBe("republished-article (republications: merge)");
    const otherText =
      "A correction: the second table of this article misstated the number of projects sampled in each year.";
    expect(judge(withAbstract, { ...again, abstract: otherText }).rule).toBe("same-title-another-issue");
  });

  test("another length and no abstract is not the same text: a correction without the word, a series' section, an update — a person decides", () => {
    for (const republications of ["merge", "separate"] as const) {
      expect(judge(published({}), { ...again, pages: "90" }, { republications })).toMatchObject({
        verdict: "review",
        rule: "same-title-another-issue",
      });
      expect(judge(published({}), { ...again, pages: "56-59" }, { republications }).verdict).toBe("review");
    }
  });

  test("each publication's own DOI does not stop the merge the policy asks for", () => {
    const a = published({ doi: "10.1057/jit.2009.2" });
    const b = { ...again, doi: "10.1057/jit.2008.23" };
    expect(judge(a, b, { republications: "merge" }).verdict).toBe("same");
    expect(mergesAcrossIdentifiers({ verdict: "same", rule: "republished-article (republications: merge)" })).toBe(
      true,
    );
  });

  test("not recognised with an author list that differs, another journal, or a meeting's next edition", () => {
    const otherAuthors = { ...again, authors: authors("Liu, L.", "Smith, J.") };
    expect(judge(published({}), otherAuthors).rule).not.toMatch(/^republished-article/);
    const otherJournal = { ...again, journal: "European Journal of Information Systems" };
    expect(judge(published({}), otherJournal).rule).not.toMatch(/^republished-article/);
    const meeting = (year: number) =>
      published({
        journal: "International Conference on Information Systems",
        year,
        volume: null,
        pages: `${year - 1990}-9`,
      });
    expect(judge(meeting(2017), meeting(2018)).rule).not.toMatch(/^republished-article/);
  });
});
