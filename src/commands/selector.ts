/**
 * `srpipe selector [--catalog DIR] [--out FILE]`: the clinical LLM selector page for a catalog
 * folder (src/selector/). `srpipe report` writes the same page into processed/selector/.
 */
import { catalogFolder } from "../artefacts/catalog-folder.js";
import { selectorPage } from "../artefacts/selector-page.js";
import { join, relative, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { counted } from "../log.js";
import { writeSelectorPage } from "../selector/page.js";
import { defineCommand } from "./command.js";

export const selectorCommand = defineCommand({
  name: "selector",
  summary: "write the clinical LLM selector page (one self-contained HTML file) from a model catalog",
  usage: "srpipe selector [--catalog DIR] [--out FILE]",
  options: [
    {
      name: "catalog",
      type: "string",
      value: "DIR",
      description: "the catalog folder (catalog.csv, detail.csv, evidence.csv when built from extraction)",
      default: catalogFolder.path,
    },
    {
      name: "out",
      type: "string",
      short: "o",
      value: "FILE",
      description: "where to write the page",
      default: selectorPage.path,
    },
  ],
  details: `
The page asks, one question at a time, for the stage of the clinical workflow, whether input and
output are only text, whether the data may be shared with third parties, the clinical tasks and
whether the model must run locally, and lists the models that fit, ranked by how often studies
reported them best and then by use. It loads nothing from the network and works from file://.
Relative paths are taken from the workspace (--workspace, default the current folder).`,
  async run({ io, log, workspace, options, positionals }) {
    if (positionals.length > 0) throw new UsageError(`selector: unexpected argument "${positionals[0]}"`);
    const catalogDir = resolve(workspace.root, options.catalog);
    const outFile = resolve(workspace.root, options.out);
    const shown = (path: string): string => relative(io.cwd, path) || ".";
    const { models } = await writeSelectorPage(catalogDir, outFile, shown(catalogDir));
    log.info(
      `wrote ${shown(outFile)}: selector over ${counted(models, "model row")} from ${shown(join(catalogDir, "catalog.csv"))}`,
    );
    return 0;
  },
});
