import { describe, expect, test } from "vitest";
import { abbreviates, abbreviationKey, abbreviationWords, titleKey } from "../../src/eligibility/journal-title.js";

describe("titleKey", () => {
  test.each([
    ["The Lancet", "lancet"],
    ["Lancet, The", "lancet"],
    ["Lancet Respiratory Medicine,The", "lancet respiratory medicine"],
    ["Computers & Education", "computers and education"],
    ["Computers and Education", "computers and education"],
    ["Revista Española de Cardiología", "revista espanola de cardiologia"],
    ["Cyberpsychology, Behavior, and Social Networking", "cyberpsychology behavior and social networking"],
    ["  Journal of Medical Internet Research. ", "journal of medical internet research"],
    ["Games for health journal", "games for health journal"],
    ["Theoretical Computer Science", "theoretical computer science"],
  ])("reads %j as %j", (title, key) => {
    expect(titleKey(title)).toBe(key);
  });
});

describe("abbreviations", () => {
  test("drop articles, prepositions and conjunctions but keep series letters", () => {
    expect(abbreviationWords("The Journal of Physics A")).toEqual(["journal", "physics", "a"]);
    expect(abbreviationKey("J. Phys. A")).toBe("j phys a");
  });

  test.each([
    ["Cyberpsychol. Behav. Soc. Networking", "Cyberpsychology, Behavior, and Social Networking"],
    ["Appl. Ergon.", "Applied Ergonomics"],
    ["Accid. Anal. Prev.", "Accident Analysis and Prevention"],
    ["Int. J. Injury Cont. Saf. Promot.", "International Journal of Injury Control and Safety Promotion"],
    ["Am. J. Speech-Lang. Pathol.", "American Journal of Speech-Language Pathology"],
    ["Sci Total Environ", "The Science of the total environment"],
    ["Biochim. Biophys. Acta", "Biochimica et biophysica acta"],
    ["J Natl Cancer Inst", "Journal of the National Cancer Institute"],
    ["GMS J. Med. Edu.", "GMS Journal for Medical Education"],
  ])("%j abbreviates %j", (abbreviation, title) => {
    expect(abbreviates(abbreviationWords(abbreviation), abbreviationWords(title))).toBe(true);
  });

  test.each([
    ["J. Surg. Educ.", "Journal of Surgical Endoscopy"],
    ["Nurse Educ. Pract.", "Nurse Education Today"],
    ["J. Phys. A", "Journal of Physics B"],
    ["Games Health J.", "Games for Health"],
  ])("%j does not abbreviate %j", (abbreviation, title) => {
    expect(abbreviates(abbreviationWords(abbreviation), abbreviationWords(title))).toBe(false);
  });
});
