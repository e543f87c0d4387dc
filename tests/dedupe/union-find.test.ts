import { describe, expect, test } from "vitest";
import { ClusterForest, identifiersConflict } from "../../src/dedupe/union-find.js";

describe("clusters with guards", () => {
  test("links join records transitively", () => {
    const forest = new ClusterForest(3, () => []);
    expect(forest.union(0, 1)).toBe("joined");
    expect(forest.union(1, 2)).toBe("joined");
    expect(forest.union(0, 2)).toBe("already");
    expect(forest.find(2)).toBe(forest.find(0));
  });

  test("a chain may not join two different DOIs", () => {
    const ids = [["doi:10.1/a"], [], ["doi:10.1/b"]];
    const forest = new ClusterForest(3, (i) => ids[i]!);
    expect(forest.union(0, 1)).toBe("joined");
    expect(forest.union(1, 2)).toBe("identifier-conflict");
    expect(forest.find(2)).not.toBe(forest.find(0));
  });

  test("a chain may not join records a reviewer called different, unless a reviewer says same", () => {
    const forest = new ClusterForest(3, () => []);
    forest.keepApart(0, 2);
    expect(forest.union(0, 1)).toBe("joined");
    expect(forest.union(1, 2)).toBe("reviewer-different");
    expect(forest.union(1, 2, true)).toBe("joined");
  });

  test("identifier sets conflict only when neither holds the other", () => {
    expect(identifiersConflict(["doi:x", "pmid:1"], ["pmid:1"])).toBe(false);
    expect(identifiersConflict(["doi:x"], ["pmid:2"])).toBe(false);
    expect(identifiersConflict(["pmid:1"], ["pmid:2"])).toBe(true);
  });
});
