import { describe, expect, test } from "vitest";
import { parseXml, path, splitElements, textOf, XmlSyntaxError, type ElementChunk } from "../../src/io/xml.js";

async function* chunksOf(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function split(text: string, size = 7): Promise<ElementChunk[]> {
  const out: ElementChunk[] = [];
  for await (const chunk of splitElements(chunksOf(text, size), ["PubmedArticle", "PubmedBookArticle"]))
    out.push(chunk);
  return out;
}

describe("splitElements", () => {
  test("finds each record element across chunk boundaries with the line it starts on", async () => {
    const xml = `<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><a>1</a></PubmedArticle>\n\n<PubmedBookArticle>\n<b/>\n</PubmedBookArticle></PubmedArticleSet>`;
    const got = await split(xml);
    expect(got).toEqual([
      { kind: "element", name: "PubmedArticle", xml: "<PubmedArticle><a>1</a></PubmedArticle>", line: 3 },
      { kind: "element", name: "PubmedBookArticle", xml: "<PubmedBookArticle>\n<b/>\n</PubmedBookArticle>", line: 5 },
    ]);
  });

  test("does not mistake the set element for a record (PubmedArticleSet starts like PubmedArticle)", async () => {
    const got = await split("<PubmedArticleSet></PubmedArticleSet>");
    expect(got).toEqual([]);
  });

  test("reports a record cut off by the end of the file", async () => {
    const got = await split("<PubmedArticleSet>\n<PubmedArticle><a>1</a></PubmedArticle>\n<PubmedArticle><a>2");
    expect(got.map((c) => c.kind)).toEqual(["element", "truncated"]);
    expect(got[1]).toEqual({ kind: "truncated", name: "PubmedArticle", line: 3 });
  });
});

describe("parseXml and textOf", () => {
  test("inline markup flattens to its text in document order, entities decoded", () => {
    const [node] = parseXml(
      "<AbstractText>H<sub>2</sub>O &amp; CO<sub>2</sub> at 10<sup>&#x2212;3</sup> <i>in vivo</i></AbstractText>",
    );
    expect(textOf(node)).toBe("H2O & CO2 at 10\u22123 in vivo");
  });

  test("namespace prefixes are dropped so arxiv:doi reads as doi", () => {
    const [entry] = parseXml(
      '<entry xmlns:arxiv="http://arxiv.org/schemas/atom"><arxiv:doi>10.1/x</arxiv:doi></entry>',
    );
    expect(textOf(path(entry, "doi"))).toBe("10.1/x");
  });

  test("malformed XML throws XmlSyntaxError with the line inside the fragment", () => {
    expect(() => parseXml("<a>\n<b>\n</a>")).toThrow(XmlSyntaxError);
    try {
      parseXml("<a>\n<b>\n</a>");
    } catch (error) {
      expect((error as XmlSyntaxError).line).toBe(3);
    }
  });
});
