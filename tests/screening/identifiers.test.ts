import { describe, expect, test } from "vitest";
import { formatIdentifiers, identityOf, parseIdentifiers, sharedWork } from "../../src/screening/identifiers.js";
import { cluster, makeRecord } from "./review-workspace.js";

const pubmed = makeRecord({ sourceId: "123", pmid: "123", doi: "10.1000/ABC", title: "A" });
const scopus = makeRecord({ database: "scopus", eid: "2-s2.0-85000000001", doi: "10.1000/abc", title: "A" });

describe("record identity on a sheet row", () => {
  test("lists the member keys, then the work identifiers of the record and of every member", () => {
    const unique = {
      ...cluster("c-1", [pubmed, scopus]),
      memberIdentifiers: ["doi:10.1000/abc", "eid:2-s2.0-85000000001", "pmid:123"],
    };
    expect(formatIdentifiers(identityOf(unique))).toBe(
      "pubmed:123; scopus:2-s2.0-85000000001; DOI 10.1000/abc; PMID 123; EID 2-s2.0-85000000001",
    );
  });

  test("reads back from the cell what it wrote, telling keys from work identifiers", () => {
    const identity = identityOf(cluster("c-1", [pubmed]));
    expect(parseIdentifiers(" c-1 ", formatIdentifiers(identity))).toEqual(identity);
    expect(parseIdentifiers("c-2", "arxiv:2301.01234; arXiv 2301.01234")).toEqual({
      clusterId: "c-2",
      keys: ["arxiv:2301.01234"],
      works: ["arXiv 2301.01234"],
    });
  });

  test("says why two identities are the same work, preferring a shared key", () => {
    const a = identityOf(cluster("c-1", [pubmed]));
    expect(sharedWork(a, identityOf(cluster("c-2", [scopus])))).toBe("same DOI 10.1000/abc");
    expect(sharedWork(a, identityOf(cluster("c-3", [pubmed, scopus])))).toBe("same record pubmed:123");
    expect(sharedWork(a, identityOf(cluster("c-4", [makeRecord({ sourceId: "9", title: "B" })])))).toBeNull();
  });
});
