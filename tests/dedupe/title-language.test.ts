/** Reading a title's language from its function words: what tells a translated copy from another article. */
import { describe, expect, test } from "vitest";
import { languagesDiffer, titleLanguage } from "../../src/dedupe/title-language.js";

describe("a title's language", () => {
  test.each([
    ["Platform economy and crowdworking as challenges for the German model of industrial relations", "english"],
    [
      "Plattformökonomie und Crowdworking als Herausforderungen für das deutsche Modell der Arbeitsbeziehungen",
      "other",
    ],
    ["Review-Artikel: Zum aktuellen Stand des Plattformkapitalismus.", "other"],
    ["Avaliação da saúde bucal de idosos em uma comunidade", "other"],
    ["Efecto de la metformina sobre el peso corporal en pacientes con diabetes", "other"],
    ["Le diabète de type 2 chez les personnes âgées et leur prise en charge", "other"],
    ["Платформенная занятость: масштабы и признаки неустойчивости", "other"],
  ])("%s reads as %s", (title, language) => {
    expect(titleLanguage(title)).toBe(language);
  });

  test("acronyms that spell a foreign function word do not make an English title foreign", () => {
    expect(titleLanguage("IL-6 and NOS expression in ALS patients: a study of von Willebrand factor")).toBe("english");
  });

  test("a title with too few function words is not read at all", () => {
    expect(titleLanguage("Diabetes mellitus")).toBe("");
    expect(titleLanguage(null)).toBe("");
  });

  test("only a title read as English against one read as another language differs", () => {
    expect(languagesDiffer("english", "other")).toBe(true);
    expect(languagesDiffer("english", "english")).toBe(false);
    expect(languagesDiffer("english", "")).toBe(false);
  });
});
