/**
 * The flow diagram of a small two-branch review with a full-text phase and pending decisions:
 * byte for byte against its golden file (UPDATE_GOLDEN=1 rewrites it), and rendered in
 * headless Chromium, where each box must show its text inside its frame.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countPrisma } from "../../src/prisma/count.js";
import { flowFromCounts } from "../../src/prisma/flow.js";
import { readProcessed } from "../../src/prisma/read-processed.js";
import { escapeXml, renderSvg, wrapText } from "../../src/prisma/svg.js";
import { workspaceAt } from "../../src/workspace.js";
import { launchChromium, type HeadlessBrowser } from "../browser.js";
import { TESTS_DIR } from "../helpers.js";
import { smallWorkspace } from "./synthetic-workspace.js";
import { boxTexts } from "./svg-text.js";
import { stageContextAt } from "../stage-context.js";

const GOLDEN = join(TESTS_DIR, "golden", "prisma", "two-branches-full-text.svg");

const EXPECTED_BOXES: [string, string][] = [
  ["header", "Identification of new studies via databases and registers"],
  [
    "identified",
    "Records identified from: Databases (n = 18) PubMed (n = 5) Scopus (n = 6) ScienceDirect (n = 0) IEEE Xplore (n = 3) arXiv (n = 4)",
  ],
  [
    "removed",
    "Records removed before screening: Duplicate records (n = 4) Records marked as ineligible by automation tools (n = 2) journal below the citation threshold (n = 2) Records removed for other reasons (n = 1) journal not in the journal list (n = 1)",
  ],
  ["journals-title-abstract-screened", "journals branch Records screened (n = 8)"],
  [
    "journals-title-abstract-excluded",
    "Records excluded (n = 2) Not focused on LLMs (n = 1) Reason not settled (reviewers disagree) (n = 1)",
  ],
  ["journals-title-abstract-awaiting", "Awaiting decision (not yet excluded or included) (n = 2)"],
  ["journals-full-text-sought", "Reports sought for retrieval (n = 4)"],
  ["journals-full-text-not-retrieved", "Reports not retrieved (n = 1)"],
  ["journals-full-text-assessed", "Reports assessed for eligibility (n = 3)"],
  ["journals-full-text-excluded", "Reports excluded: (n = 1) No clinical application (n = 1)"],
  ["journals-included", "Included from the journals branch Studies (n = 2) Reports (n = 2)"],
  ["arxiv-title-abstract-screened", "arxiv branch Records screened (n = 3)"],
  ["arxiv-title-abstract-excluded", "Records excluded (n = 1) Not an innovative multimodal LLM approach (n = 1)"],
  ["arxiv-full-text-sought", "Reports sought for retrieval (n = 2)"],
  ["arxiv-full-text-awaiting", "Awaiting decision (not yet excluded or included) (n = 1)"],
  ["arxiv-included", "Included from the arxiv branch Studies (n = 1) Reports (n = 1)"],
  ["included", "Studies included in review (n = 2) Reports of included studies (n = 3)"],
];

let svg: string;

beforeAll(async () => {
  const root = await smallWorkspace();
  const { inputs } = await readProcessed(workspaceAt(root), (await stageContextAt(root)).review);
  svg = renderSvg(
    flowFromCounts(countPrisma(inputs).counts),
    "PRISMA 2020 flow diagram: a small review <with> branches & a full-text phase",
  );
});

describe("the PRISMA SVG", () => {
  test("matches its golden file byte for byte", () => {
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, svg);
    expect(svg).toBe(readFileSync(GOLDEN, "utf8"));
  });

  test("is A4 wide and escapes its text", () => {
    expect(svg).toMatch(
      /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="210mm" height="[\d.]+mm" viewBox="0 0 794 [\d.]+"/,
    );
    expect(svg).toContain(
      "<title>PRISMA 2020 flow diagram: a small review &lt;with&gt; branches &amp; a full-text phase</title>",
    );
    expect(escapeXml(`"a" & 'b'`)).toBe("&quot;a&quot; &amp; &apos;b&apos;");
  });

  test("wraps text at word boundaries and keeps a count whole", () => {
    expect(wrapText("Records marked as ineligible by automation tools (n = 8,027)", 20)).toEqual([
      "Records marked as",
      "ineligible by",
      "automation tools",
      "(n = 8,027)",
    ]);
  });

  test("each box says what it counts", () => {
    const boxes = boxTexts(svg);
    for (const [id, text] of EXPECTED_BOXES) expect([id, boxes.get(id)]).toEqual([id, text]);
  });
});

describe("the PRISMA SVG in headless Chromium", () => {
  let chromium: HeadlessBrowser;
  beforeAll(async () => {
    chromium = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await chromium?.close();
  });

  test("parses as SVG and shows each box's text inside its frame", async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 794, height: 1123 } });
    await page.setContent("<!doctype html><html><body style='margin:0'></body></html>");
    // Runs in the page (a string, as the project compiles without the DOM library).
    const script = `((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror").textContent };
      document.body.appendChild(document.importNode(doc.documentElement, true));
      const boxes = [...document.querySelectorAll("g.box")].map((g) => {
        const rect = g.querySelector("rect").getBBox();
        const overflow = [...g.querySelectorAll("text")].filter((t) => {
          const b = t.getBBox();
          return b.x < rect.x - 0.5 || b.x + b.width > rect.x + rect.width + 0.5 || b.y < rect.y - 0.5 || b.y + b.height > rect.y + rect.height + 0.5;
        });
        return { id: g.getAttribute("data-box"), text: [...g.querySelectorAll("text")].map((t) => t.textContent).join(" "), overflow: overflow.map((t) => t.textContent) };
      });
      return { error: null, boxes, sections: [...document.querySelectorAll("g.section text")].map((t) => t.textContent) };
    })(${JSON.stringify(svg)})`;
    const result = (await page.evaluate(script)) as {
      error: string | null;
      boxes?: { id: string; text: string; overflow: string[] }[];
      sections?: string[];
    };
    await page.close();
    expect(result.error).toBeNull();
    const rendered = new Map(result.boxes!.map((b) => [b.id, b]));
    for (const [id, text] of EXPECTED_BOXES) {
      expect([id, rendered.get(id)?.text]).toEqual([id, text]);
      expect([id, rendered.get(id)?.overflow]).toEqual([id, []]);
    }
    expect(result.sections).toEqual(["Identification", "Screening", "Included"]);
  }, 30_000);
});
