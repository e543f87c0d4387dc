/**
 * `srpipe log-search QUERY --hits N`: record a search a person ran on a database's website in
 * raw/search-log.csv (src/artefacts/search-log-csv.ts), the PRISMA-S items API searches log in
 * search.json: when, on which interface, the hits the database reported, the files exported.
 */
import { resolve } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { addSearchLogEntry, searchLogCsv } from "../artefacts/search-log-csv.js";
import { isCalendarDate } from "../text/calendar-date.js";
import { counted } from "../log.js";
import { defaultInterface, mergeLoggedRuns } from "../searches/logged-runs.js";
import { searchesCsv } from "../artefacts/searches-csv.js";
import { pathExists } from "../io/list-files.js";
import { realPathInside } from "../io/workspace-path.js";
import { openStageContext } from "../stages/stage.js";
import { workspacePath } from "../workspace.js";
import { defineCommand } from "./command.js";

/** Today in UTC: the date a search logged now was run, unless --date says otherwise. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export const logSearchCommand = defineCommand({
  name: "log-search",
  summary: "record a search run on a database's website (date, interface, hits reported, export files) for PRISMA-S",
  usage: "srpipe log-search QUERY --hits N [--date YYYY-MM-DD] [--interface TEXT] [--file F]... [--note TEXT]",
  options: [
    { name: "hits", type: "string", value: "N", description: "the number of results the database reported" },
    {
      name: "date",
      type: "string",
      value: "YYYY-MM-DD",
      description: "the day the search was run (default: today, UTC)",
    },
    {
      name: "interface",
      type: "string",
      value: "TEXT",
      description: 'the platform and search form used, e.g. "Scopus, Advanced search" (default: "<database> website")',
    },
    {
      name: "file",
      type: "string",
      value: "F",
      multiple: true,
      description: "an export file (or folder) saved from this search, inside the workspace; repeatable",
    },
    {
      name: "note",
      type: "string",
      value: "TEXT",
      description: "anything else a reader needs (a filter the query file does not name)",
    },
  ],
  details: `
QUERY is a query id of queries/ whose mode is "manual-export" (for a query file with strings,
<query id>/<string id>: each string is its own search, its files in <exportPath>/<string id>/). The entry goes to
${searchLogCsv.path}, a file you may also edit in a spreadsheet (columns ${searchLogCsv.header.join(", ")}).
Logging the same query, date and interface again adds the new --file values to that row (e.g. the
several 100-record exports of one ScienceDirect search); a different --hits for it is refused, never
written over the row. \`srpipe import\` then checks that the records imported from the files of each
query's latest logged run equal the hits reported, and says why when they do not; the searches,
with date, interface and hits, are listed in ${searchesCsv.path} (the PRISMA-S table).
The same facts may instead be written in the query file, as "searchLog": [{ "date": "2025-04-01",
"interface": "Scopus, Advanced search", "hits": 1234, "files": ["raw/exports/scopus/q/scopus.ris"] }];
import reads both, and stops when they record different hits (or interfaces) for a run.`,
  async run({ workspace, log, io, options, positionals }) {
    if (positionals.length !== 1) {
      throw new UsageError(
        `log-search: expected one query id, got ${positionals.length === 0 ? "none" : positionals.map((p) => `"${p}"`).join(" ")}`,
      );
    }
    const queryId = positionals[0]!;
    // One string of a query file with strings is logged as <query id>/<string id>: each is its own search.
    const [fileId = "", stringId] = queryId.split("/", 2);
    if (options.hits === undefined || !/^\d+$/.test(options.hits.trim())) {
      throw new UsageError(
        `log-search: --hits expects the number of results the database reported (digits), got ${options.hits === undefined ? "nothing" : `"${options.hits}"`}`,
      );
    }
    const dateRun = options.date ?? todayUtc();
    if (!isCalendarDate(dateRun)) {
      throw new UsageError(`log-search: --date expects a date YYYY-MM-DD that exists, got "${dateRun}"`);
    }
    if (dateRun > todayUtc()) {
      throw new UsageError(`log-search: --date ${dateRun} is in the future; give the day the search was run`);
    }
    const context = await openStageContext(workspace, log);
    const query = context.queries.find((q) => q.id === fileId);
    if (!query) {
      throw new UsageError(
        `log-search: no query "${queryId}" in queries/ (queries: ${context.queries.map((q) => q.id).join(", ") || "none"})`,
      );
    }
    if (query.mode === "api") {
      throw new UsageError(
        `log-search: queries/${queryId} is an API search; \`srpipe fetch\` logs it in raw/searches/${query.database}/${queryId}/<stamp>/search.json`,
      );
    }
    const strings = query.strings?.map((s) => s.id) ?? [];
    if (stringId === undefined && strings.length) {
      throw new UsageError(
        `log-search: queries/${fileId} has several strings, each its own search; log each as ${fileId}/<string id> (${strings.map((s) => `${fileId}/${s}`).join(", ")})`,
      );
    }
    if (stringId !== undefined && !strings.includes(stringId)) {
      throw new UsageError(
        `log-search: queries/${fileId} has no string "${stringId}" (${strings.length ? `its strings: ${strings.join(", ")}` : "it has one query: log it as " + fileId})`,
      );
    }
    const files: string[] = [];
    for (const given of options.file) {
      const path = resolve(io.cwd, given);
      const boundary = await realPathInside(workspace.root, path);
      if (!boundary.inside) {
        throw new InputError({
          file: given,
          field: "--file",
          expected: `a file inside the workspace ${workspace.root}`,
          got: boundary.realPath === null ? boundary.reason : `a path outside it (${boundary.realPath})`,
        });
      }
      if (!(await pathExists(path))) {
        throw new InputError({
          file: given,
          field: "--file",
          expected: "an export file saved from this search",
          got: "no such file",
        });
      }
      const name = workspacePath(workspace, path);
      const exportFolder = query.exportPath?.replace(/^\.\//, "").replace(/\/*$/, "/");
      const folder = exportFolder && stringId !== undefined ? `${exportFolder}${stringId}/` : exportFolder;
      if (folder && !`${name}/`.startsWith(folder)) {
        log.warn(
          `${name} is not in ${folder}, the folder queries/${queryId} names: import will not count it for this query`,
        );
      }
      files.push(name);
    }
    const entry = {
      queryId,
      dateRun,
      interface: options.interface?.trim() || defaultInterface(query),
      hitsReported: Number(options.hits.trim()),
      files,
      notes: options.note?.trim() ?? "",
    };
    // The query file may record this run already: a different count for it is refused here, not at import.
    mergeLoggedRuns([{ ...entry, line: 0 }], [query]);
    const change = await addSearchLogEntry(workspace, entry);
    const what =
      change.kind === "appended"
        ? "logged"
        : change.kind === "merged"
          ? `added ${counted(change.added.length, "file")} to`
          : "already logged";
    log.info(
      `${what} ${queryId} run ${change.entry.dateRun} on ${change.entry.interface}: ${change.entry.hitsReported.toLocaleString("en")} hits, ${counted(change.entry.files.length, "file")} (${searchLogCsv.path}:${change.entry.line})`,
    );
    return 0;
  },
});
