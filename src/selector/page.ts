/**
 * processed/selector/index.html: one self-contained page (no network, no CDN, works from file://)
 * made of the template below, the catalog as JSON and the page logic, client.ts as `tsc` compiled
 * it. No bundler: client.ts is a single module with no imports, so tsc's output is already what the
 * browser runs, inlined as a module script.
 *
 * The page's bytes depend only on the catalog and the compiled client: the JSON has its object keys
 * sorted and no dates are written.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError, SrpipeError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import type { SelectorData } from "./client.js";
import { readSelectorData } from "./selector-data.js";
import { sortedJson } from "./sorted-json.js";

/**
 * Where the compiled client is: beside this module when it runs from dist/, and in the repository's
 * dist/ when it runs from src/ under vitest (`npm test` builds dist/ first).
 */
export function compiledClientPath(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith(".ts")) return join(dirname(here), "..", "..", "dist", "selector", "client.js");
  return join(dirname(here), "client.js");
}

export async function readCompiledClient(path: string = compiledClientPath()): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new SrpipeError(
      "internal",
      `the selector page's script is missing at ${path}: run \`npm run build\` (it compiles src/selector/client.ts)`,
      { file: path },
      { cause: error },
    );
  }
}

/** JSON inside <script> must not close the element or open a comment; \u003c is the same character to JSON.parse. */
function scriptSafeJson(data: SelectorData): string {
  return sortedJson(data).replace(/</g, "\\u003c");
}

function checkInlineScript(js: string, path: string): string {
  // A module script ends at the first "</script"; tsc never writes one, but a string in client.ts could.
  if (/<\/script|<!--/i.test(js)) {
    throw new SrpipeError("internal", `${path} contains "</script" or "<!--" and cannot be inlined into the page`, {
      file: path,
    });
  }
  return js.replace(/\s+$/, "");
}

/**
 * The page's colours. Every text colour is used on "bg" or "panel" (and "accent-ink" on "accent");
 * tests/selector/page.test.ts checks each pair reaches WCAG AA's 4.5:1, and "line" the 3:1 of
 * non-text contrast for borders.
 */
export const PALETTE = {
  ink: "#1b1b1b",
  muted: "#4a4a4a",
  line: "#767676",
  accent: "#0b4f9c",
  "accent-ink": "#ffffff",
  focus: "#b3261e",
  best: "#7a4a00",
  bg: "#ffffff",
  panel: "#f3f5f8",
} as const;

const STYLE = `
:root { color-scheme: light; ${Object.entries(PALETTE)
  .map(([name, value]) => `--${name}: ${value};`)
  .join(" ")} }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0.25rem 0; }
h2 { font-size: 1.25rem; margin: 0.5rem 0 1rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.25rem; }
p { margin: 0.4rem 0; }
a { color: var(--accent); }
.intro, .hint, .choice-hint, .meta, .note, footer { color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem 1rem; margin: 0; }
legend { font-weight: 700; font-size: 1.1rem; padding: 0 0.25rem; }
.choice { display: grid; grid-template-columns: auto 1fr; column-gap: 0.6rem; align-items: start; padding: 0.45rem 0; }
.choice input { width: 1.2rem; height: 1.2rem; margin: 0.2rem 0 0; accent-color: var(--accent); }
.choice label { font-weight: 600; cursor: pointer; }
.choice-hint { grid-column: 2; font-size: 0.9rem; }
.actions { display: flex; gap: 0.75rem; margin: 1.25rem 0; }
button { font: inherit; font-weight: 600; padding: 0.5rem 1.1rem; border-radius: 6px; border: 2px solid var(--accent); background: var(--accent); color: var(--accent-ink); cursor: pointer; }
button.secondary { background: var(--bg); color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.error { color: var(--focus); font-weight: 600; }
.answers { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; background: var(--panel); padding: 0.75rem 1rem; border-radius: 6px; }
.answers dt { font-weight: 600; }
.answers dd { margin: 0; }
.models { padding-left: 1.5rem; }
.model { border-top: 1px solid var(--line); padding: 0.75rem 0; }
.best { color: var(--best); font-weight: 700; }
.resources { margin: 0.25rem 0; padding-left: 1.25rem; }
.toggle { display: flex; align-items: center; gap: 0.5rem; margin: 0.75rem 0; }
.toggle input { width: 1.2rem; height: 1.2rem; margin: 0; accent-color: var(--accent); }
.studies summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The whole page; `clientJs` is client.ts compiled, `data` the catalog. */
export function renderSelectorPage(data: SelectorData, clientJs: string, clientPath = "client.js"): string {
  const models = data.models.length;
  const studies =
    data.studies === null
      ? "The published catalog lists no studies behind its counts."
      : `Its counts come from ${data.studies.length} studies, linked under each model.`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>Clinical LLM selector</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Clinical LLM selector</h1>
<p class="intro">Answer a few questions about your clinical use case to see the large language models that studies used for it, ranked by how often they were reported best-performing, with their size, access and GPU resources. Generated by srpipe from a catalog of ${models} model rows. ${studies}</p>
</header>
<main>
<p id="selector-status" class="visually-hidden" role="status" aria-live="polite"></p>
<div id="selector"><noscript><p>This selector needs JavaScript, which runs inside this file only; nothing is loaded from the network.</p></noscript></div>
</main>
<footer>
<p>Questions after the interactive guideline of Li, Fu and Python, "Implementing Large Language Models in Healthcare: A Clinician's Review", JMIR 2025 (williamlhy/Clinical-LLM-select). Counts are numbers of study reports per category; studies were not compared with each other.</p>
</footer>
<script type="application/json" id="selector-data">${scriptSafeJson(data)}</script>
<script type="module">
${checkInlineScript(clientJs, clientPath)}
</script>
</body>
</html>
`;
}

/** Writes the selector page for a catalog folder; the integrator's report stage calls this. */
export async function writeSelectorPage(
  catalogDir: string,
  outFile: string,
  shownDir?: string,
): Promise<{ models: number }> {
  const data = await readSelectorData(catalogDir, shownDir);
  if (data.models.length === 0) {
    throw new InputError({
      file: join(shownDir ?? catalogDir, "catalog.csv"),
      expected: "at least one model with a count",
      got: "none",
    });
  }
  const path = compiledClientPath();
  const html = renderSelectorPage(data, await readCompiledClient(path), path);
  await writeFileAtomic(outFile, html);
  return { models: data.models.length };
}
