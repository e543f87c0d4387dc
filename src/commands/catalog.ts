/**
 * `srpipe catalog import|export|stats`: between the published wide catalog (appear.csv, best.csv,
 * detail.csv — the layout of williamlhy/Clinical-LLM-select) and the catalog folder
 * (src/catalog/catalog-folder.ts), and the catalog's statistics. Published data is never
 * corrected: what differs between its files is reported as warnings and kept.
 */
import { readFile } from "node:fs/promises";
import { resolve, join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { counted } from "../log.js";
import { workspaceAt } from "../workspace.js";
import { readCatalogFolder, writeCatalogFolder, writeWideFiles } from "../catalog/catalog-folder.js";
import { importPublished, type PublishedFile } from "../catalog/from-published.js";
import { computeStats, formatStatsJsonLines, formatStatsTable } from "../catalog/stats.js";
import type { Command, CommandContext } from "./command.js";
import { writeOut } from "./output.js";

const ACTIONS = ["import", "export", "stats"] as const;
type Action = (typeof ACTIONS)[number];

/** Which options each action takes (the rest are refused, so a typo is not silently ignored). */
const ACTION_OPTIONS: { [action in Action]: { required: string[]; allowed: string[] } } = {
  import: { required: ["appear", "best", "detail", "out"], allowed: ["appear", "best", "detail", "out"] },
  export: { required: ["out"], allowed: ["catalog", "out"] },
  stats: { required: [], allowed: ["catalog", "json"] },
};

async function readPublished(cwd: string, name: string): Promise<PublishedFile> {
  try {
    return { name, text: await readFile(resolve(cwd, name), "utf8") };
  } catch (error) {
    throw new InputError({ file: name, expected: "a readable published catalog file", got: (error as NodeJS.ErrnoException).code ?? "an unreadable file" }, { cause: error });
  }
}

/** The catalog folder: --catalog as typed (relative to the current folder), else the workspace's processed/catalog. */
function catalogDir({ io, options }: CommandContext): { path: string; display: string } {
  if (typeof options.catalog === "string") return { path: resolve(io.cwd, options.catalog), display: options.catalog };
  const root = typeof options.workspace === "string" ? resolve(io.cwd, options.workspace) : io.cwd;
  return { path: join(workspaceAt(root).processedDir, "catalog"), display: join(typeof options.workspace === "string" ? options.workspace : ".", "processed", "catalog") };
}

function checkOptions(action: Action, options: CommandContext["options"]): void {
  const { required, allowed } = ACTION_OPTIONS[action];
  for (const name of ["appear", "best", "detail", "out", "catalog", "json"]) {
    if (options[name] !== undefined && !allowed.includes(name)) throw new UsageError(`catalog ${action}: --${name} is not an option of ${action}`);
  }
  const missing = required.filter((name) => typeof options[name] !== "string");
  if (missing.length > 0) throw new UsageError(`catalog ${action}: expected ${missing.map((name) => `--${name}`).join(", ")}`);
}

export const catalogCommand: Command = {
  name: "catalog",
  summary: "import a published wide model catalog, export the wide form, print catalog statistics",
  usage: [
    "srpipe catalog import --appear FILE --best FILE --detail FILE --out DIR",
    "       srpipe catalog export [--catalog DIR] --out DIR",
    "       srpipe catalog stats [--catalog DIR] [--json]",
  ].join("\n"),
  options: [
    { name: "appear", type: "string", value: "FILE", description: "import: the published appear.csv" },
    { name: "best", type: "string", value: "FILE", description: "import: the published best.csv" },
    { name: "detail", type: "string", value: "FILE", description: "import: the published detail.csv" },
    { name: "out", type: "string", short: "o", value: "DIR", description: "import, export: the folder to write" },
    { name: "catalog", type: "string", value: "DIR", description: "export, stats: the catalog folder (default: processed/catalog of the workspace)" },
    { name: "json", type: "boolean", description: "stats: one JSON object per line per model name and per name × size" },
  ],
  details: `
import   reads a published wide catalog (six header rows: Stage, Task, Sub-task, Mandatory input,
         Optional input, Output; one row per model × size) and writes a catalog folder:
         catalog.csv (tidy counts: row,model,size,stage,task,subtask,mandatory_input,
         optional_input,output,appear,best), categories.csv, models.csv, the wide appear.csv,
         best.csv, detail.csv written back from them, and stats.csv. Labels that differ between
         the published files, best above appear, and published GPU totals that differ from
         count × the GPU table are reported as warnings and kept as published.
export   writes appear.csv, best.csv and detail.csv from a catalog folder's tidy files.
stats    prints per stage and task the models, uses and studies, and per model the (stage,
         subtask) categories it was applied in and reported best in, out of all categories.
         With --json: {"model","size" (null = all sizes),"applied","best","categories"} per line.`,
  async run(context) {
    const { io, log, options, positionals } = context;
    const [action, ...extra] = positionals;
    if (!ACTIONS.includes(action as Action)) {
      throw new UsageError(`catalog: expected one of the actions ${ACTIONS.join(", ")}, got ${action === undefined ? "nothing" : `"${action}"`}`);
    }
    if (extra.length > 0) throw new UsageError(`catalog ${action}: unexpected argument "${extra[0]}" (files are given with options)`);
    checkOptions(action as Action, options);

    if (action === "import") {
      const out = options.out as string;
      const files = {
        appear: await readPublished(io.cwd, options.appear as string),
        best: await readPublished(io.cwd, options.best as string),
        detail: await readPublished(io.cwd, options.detail as string),
      };
      const { catalog, warnings } = importPublished(files);
      for (const warning of warnings) log.warn(warning);
      await writeCatalogFolder(resolve(io.cwd, out), catalog);
      log.info(
        `imported catalog: ${counted(catalog.models.length, "model row")} × ${counted(catalog.columns.length, "category column")} → ` +
          `${counted(catalog.counts.length, "tidy row")} in ${out}`,
      );
      return 0;
    }

    const folder = catalogDir(context);
    const catalog = await readCatalogFolder(folder.path, folder.display);
    if (action === "export") {
      const out = options.out as string;
      await writeWideFiles(resolve(io.cwd, out), catalog);
      log.info(`exported catalog: appear.csv, best.csv, detail.csv (${counted(catalog.models.length, "model row")}) in ${out}`);
      return 0;
    }

    const stats = computeStats(catalog);
    const stdout = writeOut(io.stdout);
    await stdout.write(options.json === true ? formatStatsJsonLines(stats) : formatStatsTable(stats));
    await stdout.end();
    return 0;
  },
};
