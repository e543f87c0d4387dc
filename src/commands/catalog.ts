/**
 * `srpipe catalog import DIR --out FILE`: a published wide catalog (DIR/appear.csv and DIR/best.csv,
 * the layout of williamlhy/Clinical-LLM-select) to the tidy catalog.csv. Rows whose model label
 * differs between the two files are reported as warnings, never corrected.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { counted } from "../log.js";
import { formatTidyCsv, labelDisagreements, wideToTidy } from "../catalog/tidy.js";
import { parseCountsWide } from "../catalog/wide-layout.js";
import type { Command } from "./command.js";

async function readText(path: string, name: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InputError({ file: name, expected: "a readable published catalog file", got: (error as NodeJS.ErrnoException).code ?? "an unreadable file" }, { cause: error });
  }
}

export const catalogCommand: Command = {
  name: "catalog",
  summary: "convert a published wide model catalog (appear.csv, best.csv) to the tidy catalog.csv",
  usage: "srpipe catalog import DIR --out FILE",
  options: [{ name: "out", type: "string", short: "o", value: "FILE", description: "where to write the tidy catalog.csv" }],
  details: `
DIR holds appear.csv and best.csv in the published wide layout (six header rows: Stage, Task,
Sub-task, Mandatory input, Optional input, Output; one row per model × size). The tidy file has
one row per model row × category with a non-zero appear or best count, sorted by model row, then
by category column.`,
  async run({ io, log, options, positionals }) {
    const [action, dir, ...extra] = positionals;
    if (action !== "import") throw new UsageError(`catalog: expected the action "import", got ${action === undefined ? "nothing" : `"${action}"`}`);
    if (dir === undefined || extra.length > 0) throw new UsageError("catalog import: expected exactly one DIR");
    if (typeof options.out !== "string") throw new UsageError("catalog import: expected --out FILE");
    const folder = resolve(io.cwd, dir);
    const appearName = join(dir, "appear.csv");
    const bestName = join(dir, "best.csv");
    const appear = parseCountsWide(await readText(join(folder, "appear.csv"), appearName), appearName);
    const best = parseCountsWide(await readText(join(folder, "best.csv"), bestName), bestName);
    for (const d of labelDisagreements(appear.rows.map((r) => r.label), best.rows.map((r) => r.label))) {
      log.warn(`model row ${d.row}: appear.csv names "${d.a.model}" "${d.a.size}", best.csv "${d.b.model}" "${d.b.size}" (kept as appear.csv names it)`);
    }
    const tidy = wideToTidy(appear, best);
    await writeFileAtomic(resolve(io.cwd, options.out), formatTidyCsv(tidy));
    log.info(`catalog: ${counted(appear.rows.length, "model row")} × ${counted(appear.columns.length, "category column")} → ${counted(tidy.length, "tidy row")} in ${options.out}`);
    return 0;
  },
};
