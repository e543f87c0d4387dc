import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { REPO_DIR } from "../helpers.js";
import { runCli } from "../cli-io.js";
import { matchModels, NO_ANSWERS, studiesBehind, type SelectorData } from "../../src/selector/client.js";
import { PALETTE, compiledClientPath, readCompiledClient, writeSelectorPage } from "../../src/selector/page.js";
import { readSelectorData } from "../../src/selector/selector-data.js";
import { referenceCatalogFolder } from "./reference-catalog.js";

let dir: string;
beforeEach(async () => {
  dir = await referenceCatalogFolder();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function embeddedData(html: string): SelectorData {
  const json = /<script type="application\/json" id="selector-data">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json ?? "null") as SelectorData;
}

describe("the selector page", () => {
  test("is written for the reference catalog with one entry per model row that has a count", async () => {
    const out = join(dir, "selector", "index.html");
    expect(await writeSelectorPage(dir, out)).toEqual({ models: 329 });
    const html = await readFile(out, "utf8");
    expect(embeddedData(html)).toEqual(await readSelectorData(dir));
    expect(html).toContain("The published catalog lists no studies behind its counts.");
  });

  test("has the same bytes every time it is written from the same catalog", async () => {
    await writeSelectorPage(dir, join(dir, "a.html"));
    await writeSelectorPage(dir, join(dir, "b.html"));
    expect((await readFile(join(dir, "a.html"))).equals(await readFile(join(dir, "b.html")))).toBe(true);
  });

  test("loads nothing: no external script, style, image or font, and a policy that forbids fetching", async () => {
    await writeSelectorPage(dir, join(dir, "index.html"));
    const html = await readFile(join(dir, "index.html"), "utf8");
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\ssrc=/i);
    expect(/<style>(.*?)<\/style>/s.exec(html)?.[1]).not.toMatch(/@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"`);
  });

  test("embeds the compiled client module from dist", async () => {
    await writeSelectorPage(dir, join(dir, "index.html"));
    const html = await readFile(join(dir, "index.html"), "utf8");
    const client = await readCompiledClient();
    expect(html).toContain(client.trimEnd());
    expect(compiledClientPath(pathToFileURL(join(REPO_DIR, "src", "selector", "page.ts")).href)).toBe(
      join(REPO_DIR, "dist", "selector", "client.js"),
    );
    expect(compiledClientPath(pathToFileURL(join(REPO_DIR, "dist", "selector", "page.js")).href)).toBe(
      join(REPO_DIR, "dist", "selector", "client.js"),
    );
  });

  test("a missing compiled client fails with a message saying to build", async () => {
    const missing = join(dir, "dist", "selector", "client.js");
    await expect(readCompiledClient(missing)).rejects.toThrow(
      `the selector page's script is missing at ${missing}: run \`npm run build\``,
    );
  });

  test("a catalog folder without catalog.csv fails naming the file", async () => {
    await rm(join(dir, "catalog.csv"));
    await expect(writeSelectorPage(dir, join(dir, "index.html"), "cat")).rejects.toThrow(
      "cat/catalog.csv: expected a catalog folder file (written by `srpipe catalog import` or `srpipe report`), got no such file",
    );
  });

  test("a catalog.csv row naming a model row detail.csv lacks fails at that file", async () => {
    const csv = await readFile(join(dir, "catalog.csv"), "utf8");
    await writeFile(join(dir, "catalog.csv"), csv.replace(/\n330,/, "\n331,"));
    await expect(readSelectorData(dir, "cat")).rejects.toThrow(
      "cat/catalog.csv: row: expected a model row that cat/detail.csv has (it has 330), got 331",
    );
  });
});

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("the page's colours", () => {
  test.each([
    ["ink", "bg"],
    ["ink", "panel"],
    ["muted", "bg"],
    ["muted", "panel"],
    ["accent", "bg"],
    ["accent-ink", "accent"],
    ["focus", "bg"],
    ["best", "bg"],
  ] as const)("%s text on %s reaches WCAG AA (4.5:1)", (text, background) => {
    expect(contrast(PALETTE[text], PALETTE[background])).toBeGreaterThanOrEqual(4.5);
  });

  test("borders and the focus ring reach the 3:1 of non-text contrast", () => {
    expect(contrast(PALETTE.line, PALETTE.bg)).toBeGreaterThanOrEqual(3);
    expect(contrast(PALETTE.focus, PALETTE.bg)).toBeGreaterThanOrEqual(3);
  });
});

describe("a catalog built from extraction", () => {
  const HEADER = "model,size,stage,task,subtask,mandatory_input,optional_input,output,study_id,doi,title,best\n";
  const DIAGNOSIS = "3,Disease diagnosis,Diagnosis conclusion generation,text,,text";

  async function smallCatalog(evidence: string): Promise<string> {
    // Two studies behind MMedIns-Llama 3 (8B)'s stage-3 diagnosis counts (appear 2, best 2 in the reference).
    await writeFile(join(dir, "evidence.csv"), HEADER + evidence);
    return dir;
  }

  test("links each model's counts to the studies behind them, by DOI", async () => {
    await smallCatalog(
      `MMedIns-Llama 3,8B,${DIAGNOSIS},s2,10.1000/B,Study B,1\n` +
        `MMedIns-Llama 3,8B,${DIAGNOSIS},s1,https://doi.org/10.1000/a,"Study A, with a comma",0\n`,
    );
    const data = await readSelectorData(dir);
    expect(data.studies).toEqual([
      { id: "s1", doi: "https://doi.org/10.1000/a", title: "Study A, with a comma" },
      { id: "s2", doi: "10.1000/B", title: "Study B" },
    ]);
    const match = matchModels(data, { ...NO_ANSWERS, stage: "3", tasks: ["Disease diagnosis"], mayShare: false }).find(
      (m) => data.models[m.model]!.model === "MMedIns-Llama 3",
    );
    expect(studiesBehind(data, match!)).toEqual([
      { study: { id: "s2", doi: "10.1000/B", title: "Study B" }, best: true },
      { study: { id: "s1", doi: "https://doi.org/10.1000/a", title: "Study A, with a comma" }, best: false },
    ]);
    await writeSelectorPage(dir, join(dir, "index.html"));
    expect(await readFile(join(dir, "index.html"), "utf8")).toContain(
      "Its counts come from 2 studies, linked under each model.",
    );
  });

  test("a best cell other than 0 or 1 fails at file:line:column", async () => {
    await smallCatalog(`MMedIns-Llama 3,8B,${DIAGNOSIS},s1,10.1000/a,A,yes\n`);
    await expect(readSelectorData(dir, "cat")).rejects.toThrow(
      'cat/evidence.csv:2:12: best: expected 1 (reported best) or 0, got "yes"',
    );
  });

  test("a study for a model and category the catalog does not count fails at its line", async () => {
    await smallCatalog(
      `MMedIns-Llama 3,8B,${DIAGNOSIS},s1,10.1000/a,A,1\nNo Such Model,,${DIAGNOSIS},s2,10.1000/b,B,0\n`,
    );
    await expect(readSelectorData(dir, "cat")).rejects.toThrow(
      "cat/evidence.csv:3: model: expected a model × size × category that cat/catalog.csv counts",
    );
  });
});

describe("srpipe selector", () => {
  test("writes the page where --out says and reports the model rows", async () => {
    const { code, stderr } = await runCli(["selector", "--catalog", ".", "--out", "site/index.html"], dir);
    expect(code).toBe(0);
    expect(stderr).toBe("wrote site/index.html: selector over 329 model rows from catalog.csv\n");
    expect(await readFile(join(dir, "site", "index.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
  });

  test("reads processed/catalog and writes processed/selector/index.html of the workspace by default", async () => {
    const workspace = await mkdtemp(join(tmpdir(), "srpipe-selector-ws-"));
    try {
      await mkdir(join(workspace, "processed", "catalog"), { recursive: true });
      for (const name of ["catalog.csv", "detail.csv"])
        await copyFile(join(dir, name), join(workspace, "processed", "catalog", name));
      const { code } = await runCli(["selector", "--workspace", workspace], dir);
      expect(code).toBe(0);
      expect(await readFile(join(workspace, "processed", "selector", "index.html"), "utf8")).toMatch(
        /^<!DOCTYPE html>/,
      );
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  test("an unexpected argument is a usage error (exit 2)", async () => {
    const { code, stderr } = await runCli(["selector", "extra"], dir);
    expect(code).toBe(2);
    expect(stderr).toBe('srpipe selector: selector: unexpected argument "extra"\nsee `srpipe selector --help`\n');
  });
});
