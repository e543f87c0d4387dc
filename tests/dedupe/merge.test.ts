import { describe, expect, test } from "vitest";
import { memberIdentifiers, mergeCluster } from "../../src/dedupe/merge.js";
import { authors, record } from "./records.js";

describe("the merged record of a cluster", () => {
  const kept = record({
    title: "GLP-1 REDUCES INTESTINAL LIPID AVAILABILITY",
    abstract: "Short abstract.",
    authors: [{ family: "Farr S. L.Naples M.", given: null }],
    flags: ["authors-unsplit"],
    year: 2013,
    pages: "A163",
    keywords: ["glp-1"],
    doi: "10.2337/db13-1",
  });
  const other = record({
    title: "GLP-1 reduces intestinal lipid availability",
    abstract: "A much longer abstract that the other database truncated.",
    authors: authors("Farr, S. L.", "Naples, M."),
    journal: "Diabetes",
    volume: "62",
    pages: "A163-A164",
    keywords: ["lipoprotein", "glp-1"],
    pmid: "123",
    raw: { url: "https://example.org" },
  });
  const merged = mergeCluster([kept, other]);

  test("keeps the representative's key and provenance", () => {
    expect(merged.key).toBe(kept.key);
    expect(merged.provenance).toEqual(kept.provenance);
  });

  test("fills missing fields from the other members", () => {
    expect([merged.journal, merged.volume, merged.pmid, merged.doi]).toEqual([
      "Diabetes",
      "62",
      "123",
      "10.2337/db13-1",
    ]);
  });

  test("prefers mixed case over capitals, the longest abstract, a split author list and a full page range", () => {
    expect(merged.title).toBe("GLP-1 reduces intestinal lipid availability");
    expect(merged.abstract).toBe(other.abstract);
    expect(merged.authors).toEqual(other.authors);
    expect(merged.flags).not.toContain("authors-unsplit");
    expect(merged.pages).toBe("A163-A164");
  });

  test("joins keywords and raw values", () => {
    expect(merged.keywords).toEqual(["glp-1", "lipoprotein"]);
    expect(merged.raw).toEqual({ url: "https://example.org" });
  });

  test("lists every member's identifiers", () => {
    expect(memberIdentifiers([kept, other])).toEqual(["doi:10.2337/db13-1", "pmid:123"]);
  });

  test("a cluster of one is its record", () => {
    expect(mergeCluster([other])).toBe(other);
  });
});
