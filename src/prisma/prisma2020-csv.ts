/**
 * processed/prisma/prisma2020.csv: the counts in the input format of the PRISMA2020 R package
 * and Shiny app (Haddaway et al. 2022, https://estech.shinyapps.io/prisma_flowdiagram/), and
 * the reader `srpipe prisma --counts` draws a hand-made one with.
 *
 * The format, as the package's PRISMA_data() reads it: one row per `data` key; `n` is a number
 * ("NA" when unknown, which hides the previous-studies and other-methods columns), or, for the
 * per-database and per-reason keys, `Name, n; Name, n`: split at ";" (an optional space after
 * it), the name runs to the first comma and the rest is the number. So a name must not hold a
 * comma or a semicolon; `safeName` replaces them.
 *
 * srpipe's mapping (the format has no branches and no "awaiting decision" box):
 * - databases: every database, with its records; registers, websites, organisations and
 *   citation searching: NA (srpipe identifies records through databases only);
 * - records_screened / records_excluded: the first (title-abstract) screening phase, all
 *   branches together. PRISMA_data() reads records_excluded as a number only, so the per-reason
 *   breakdown of title-abstract exclusions is in prisma.json and the SVG, not in this file;
 * - with a full-text phase: dbr_sought_reports = records entering it, dbr_notretrieved_reports,
 *   dbr_assessed, and dbr_excluded its reasons (the "Reports excluded" box); with a single phase
 *   those four are NA (no report was assessed);
 * - without screening phases: screened, excluded and included are NA (not reached);
 * - with several branches each reason is named with its branch, `Not focused on LLMs [journals]`;
 * - new/total studies and reports: included at the last phase; previous ones for an update.
 * Records awaiting a decision are in no key, so while any remain the screened and included
 * numbers do not close in this file (prisma.json and the SVG show them).
 */
import { InputError } from "../errors.js";
import { parseCsvTable } from "../io/csv-table.js";
import { csvDocument, type CsvCell } from "../io/csv-write.js";
import type { PrismaCounts } from "./count.js";
import { equation } from "./arithmetic.js";
import { TEXT, type Flow, type FlowBox, type FlowLine, type FlowStage } from "./flow.js";
import {
  LABEL_KEYS,
  LIST_KEYS,
  PRISMA2020_COLUMNS,
  PRISMA2020_TEMPLATE_ROWS,
  TEMPLATE_LABEL_N,
} from "./prisma2020-template.js";

const NA = "NA";

/** A name PRISMA_data() splits back into the same name: no comma, no semicolon, one line. */
export function safeName(name: string): string {
  return name
    .replace(/\s*[,;]\s*/g, " / ")
    .replace(/\s+/g, " ")
    .trim();
}

export interface NamedCount {
  name: string;
  n: number | null;
}

export function formatNamedCounts(items: readonly NamedCount[]): string {
  return items.map((i) => `${safeName(i.name)}, ${i.n === null ? NA : String(i.n)}`).join("; ");
}

/** Counts that share a name are added up, in order of first appearance. */
function merged(items: readonly NamedCount[]): NamedCount[] {
  const out = new Map<string, number>();
  for (const item of items) out.set(item.name, (out.get(item.name) ?? 0) + (item.n ?? 0));
  return [...out].map(([name, n]) => ({ name, n }));
}

/** The values srpipe's counts give each data key (absent: the template's label rows, kept as they are). */
export function prisma2020Values(counts: PrismaCounts): Map<string, string> {
  const values = new Map<string, string>();
  const set = (key: string, n: number | null) => values.set(key, n === null ? NA : String(n));
  const several = counts.branches.length > 1;
  const qualified = (label: string, branch: string) => (several ? `${label} [${branch}]` : label);

  set("previous_studies", counts.previous?.studies ?? null);
  set("previous_reports", counts.previous?.reports ?? null);
  set("database_results", counts.identified.n);
  values.set(
    "database_specific_results",
    formatNamedCounts(counts.identified.databases.map((d) => ({ name: d.name, n: d.n }))),
  );
  for (const key of [
    "register_results",
    "register_specific_results",
    "website_results",
    "organisation_results",
    "citations_results",
  ])
    set(key, null);
  set("duplicates", counts.duplicates.n);
  set("excluded_automatic", counts.automation.n);
  set("excluded_other", counts.other.n);

  const first = counts.branches.map((b) => b.phases[0]).filter((p) => p !== undefined);
  const reportPhases = counts.branches.flatMap((b) => b.phases.slice(1).map((p) => ({ branch: b.id, phase: p })));
  const screened = first.length > 0;
  // PRISMA_data() reads records_excluded as a bare number (the "Records excluded" box beside
  // "Records screened"), and dbr_excluded as the reasons of the "Reports excluded" box beside
  // "Reports assessed for eligibility": title-abstract exclusions go in the former only.
  set("records_screened", screened ? first.reduce((s, p) => s + p.entered.n, 0) : null);
  set("records_excluded", screened ? first.reduce((s, p) => s + p.excluded.n, 0) : null);
  if (reportPhases.length > 0) {
    const second = counts.branches.map((b) => b.phases[1]).filter((p) => p !== undefined);
    const sought = second.reduce((s, p) => s + p.entered.n, 0);
    const notRetrieved = reportPhases.reduce((s, r) => s + r.phase.notRetrieved.n, 0);
    set("dbr_sought_reports", sought);
    set("dbr_notretrieved_reports", notRetrieved);
    set("dbr_assessed", sought - notRetrieved);
    const reasons = merged(
      reportPhases.flatMap(({ branch, phase }) =>
        phase.reasons.map((r) => ({ name: qualified(r.label, branch), n: r.n })),
      ),
    );
    // No reasons (nothing excluded at full text): one bare number, which the package draws as a total.
    values.set(
      "dbr_excluded",
      reasons.length ? formatNamedCounts(reasons) : String(reportPhases.reduce((s, r) => s + r.phase.excluded.n, 0)),
    );
  } else {
    // A review with one screening phase assesses no reports: those boxes are NA.
    for (const key of ["dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed"]) set(key, null);
    values.set("dbr_excluded", NA);
  }
  for (const key of ["other_sought_reports", "other_notretrieved_reports", "other_assessed", "other_excluded"])
    set(key, null);
  const update = counts.previous !== null;
  // Without screening the review has not reached inclusion: NA, not 0 studies.
  set("new_studies", screened ? counts.included.newStudies : null);
  set("new_reports", screened ? counts.included.newReports.n : null);
  set(
    "total_studies",
    !screened ? (counts.previous?.studies ?? null) : update ? counts.included.totalStudies : counts.included.newStudies,
  );
  set(
    "total_reports",
    !screened
      ? (counts.previous?.reports ?? null)
      : update
        ? counts.included.totalReports
        : counts.included.newReports.n,
  );
  set("total_studies_ma", null);
  set("total_reports_ma", null);
  return values;
}

export function prisma2020Csv(counts: PrismaCounts): string {
  const values = prisma2020Values(counts);
  const rows: CsvCell[][] = PRISMA2020_TEMPLATE_ROWS.map(([data, node, box, description, text, tooltips, url]) => [
    data,
    node,
    box,
    description,
    text,
    tooltips,
    url,
    values.get(data) ?? TEMPLATE_LABEL_N,
  ]);
  return csvDocument(PRISMA2020_COLUMNS, rows);
}

// ---------------------------------------------------------------------------------------------
// Reading a PRISMA2020 CSV (srpipe's own, or one a reviewer filled in by hand).

export interface Prisma2020Data {
  /** Numbers by data key; null for NA (or a placeholder such as the template's "xxx"). */
  numbers: Map<string, number | null>;
  /** Per-database and per-reason lists by data key; null for NA. */
  lists: Map<string, NamedCount[] | null>;
  /** Box text by data key, and by box for the title boxes (prevstud, newstud, othstud). */
  text: Map<string, string>;
  /** Data keys the file does not have. */
  missing: string[];
}

/**
 * A count cell: digits, optionally grouped with commas or spaces ("15,699"); "NA" or empty when
 * not given. PRISMA_format_number_() would read "5OO" as 5 (it drops every character that is not
 * a digit or a dot), so anything else is refused here rather than drawn wrong.
 */
function parseCount(
  cell: string,
  where: { file: string; line: number; key: string },
  placeholders: boolean,
): number | null {
  const value = cell.trim();
  if (value === "" || value === NA || (placeholders && /^x+$/i.test(value))) return null;
  const digits = value.replace(/[,\s\u00a0\u202f]/g, "");
  if (/^\d+$/.test(digits) && /^\d{1,3}([,\s\u00a0\u202f]?\d{3})*$|^\d+$/.test(value)) return Number(digits);
  throw new InputError({
    file: where.file,
    line: where.line,
    field: where.key,
    expected: placeholders
      ? 'a whole number after the name\'s comma ("Name, 12"), or NA'
      : "a whole number (15,699 or 15699), or NA",
    got: JSON.stringify(value),
  });
}

function parseList(cell: string, where: { file: string; line: number; key: string }): NamedCount[] | null {
  const value = cell.trim();
  if (value === "" || value === NA) return null;
  // Only digits and commas: one number, no names (PRISMA_parse_reasons_ does the same).
  if (!/[^0-9,]/.test(value)) return [{ name: "", n: parseCount(value, where, false) }];
  return value
    .split(/; ?/)
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const comma = part.indexOf(",");
      if (comma < 0) {
        throw new InputError({
          file: where.file,
          line: where.line,
          field: where.key,
          expected: '"Name, n" items separated by ";"',
          got: `${JSON.stringify(part.trim())} (no comma before its number)`,
        });
      }
      return { name: part.slice(0, comma).trim(), n: parseCount(part.slice(comma + 1), where, true) };
    });
}

export function parsePrisma2020(text: string, file: string): Prisma2020Data {
  const table = parseCsvTable(
    text,
    file,
    "a PRISMA2020 CSV (columns data, node, box, description, boxtext, tooltips, url, n)",
  );
  for (const column of ["data", "box", "boxtext", "n"]) {
    if (!table.header.includes(column)) {
      throw new InputError({
        file,
        line: 1,
        field: column,
        expected: `the PRISMA2020 template's columns (${PRISMA2020_COLUMNS.join(", ")})`,
        got: `no "${column}" column (columns: ${table.header.join(", ")})`,
      });
    }
  }
  const numbers = new Map<string, number | null>();
  const lists = new Map<string, NamedCount[] | null>();
  const textByKey = new Map<string, string>();
  for (const row of table.rows) {
    const data = (row.cells.data ?? "").trim();
    const box = (row.cells.box ?? "").trim();
    const boxtext = (row.cells.boxtext ?? "").trim();
    const key = data === "" || data === NA ? box : data;
    if (key === "") continue;
    if (boxtext !== "" && boxtext !== NA) textByKey.set(key, boxtext);
    if (key !== data) continue;
    const n = row.cells.n ?? "";
    const where = { file, line: row.line, key };
    if (LIST_KEYS.includes(key)) lists.set(key, parseList(n, where));
    else if (LABEL_KEYS.includes(key)) continue;
    else numbers.set(key, parseCount(n, where, false));
  }
  const known = PRISMA2020_TEMPLATE_ROWS.map((r) => r[0]).filter((d) => d !== NA && !LABEL_KEYS.includes(d));
  const missing = known.filter((k) => !numbers.has(k) && !lists.has(k));
  return { numbers, lists, text: textByKey, missing };
}

const sumOf = (items: readonly NamedCount[] | null): number | null =>
  items === null || items.some((i) => i.n === null) ? null : items.reduce((s, i) => s + (i.n ?? 0), 0);

/** The equations a PRISMA2020 CSV must satisfy, where every number in them is given. */
export function prisma2020Violations(data: Prisma2020Data): string[] {
  const num = (key: string) => data.numbers.get(key) ?? null;
  const out: (string | null)[] = [];
  const check = (what: string, terms: [string, number | null, boolean?][], result: [string, number | null]) => {
    if ([...terms.map((t) => t[1]), result[1]].some((v) => v === null)) return;
    out.push(
      equation(
        what,
        terms.map(([label, n, minus]) => ({ label, n: n!, minus })),
        { label: result[0], n: result[1]! },
      ),
    );
  };
  const specific = data.lists.get("database_specific_results") ?? null;
  if (specific?.some((s) => s.name !== ""))
    check(
      "database_specific_results",
      [["listed per database", sumOf(specific)]],
      ["database_results", num("database_results")],
    );
  check(
    "records_screened",
    [
      ["database_results", num("database_results")],
      ["register_results", num("register_results") ?? 0],
      ["duplicates", num("duplicates"), true],
      ["excluded_automatic", num("excluded_automatic"), true],
      ["excluded_other", num("excluded_other"), true],
    ],
    ["records_screened", num("records_screened")],
  );
  check(
    "dbr_sought_reports",
    [
      ["records_screened", num("records_screened")],
      ["records_excluded", num("records_excluded"), true],
    ],
    ["dbr_sought_reports", num("dbr_sought_reports")],
  );
  check(
    "dbr_assessed",
    [
      ["dbr_sought_reports", num("dbr_sought_reports")],
      ["dbr_notretrieved_reports", num("dbr_notretrieved_reports"), true],
    ],
    ["dbr_assessed", num("dbr_assessed")],
  );
  check(
    "other_assessed",
    [
      ["other_sought_reports", num("other_sought_reports")],
      ["other_notretrieved_reports", num("other_notretrieved_reports"), true],
    ],
    ["other_assessed", num("other_assessed")],
  );
  const registers = data.lists.get("register_specific_results") ?? null;
  if (registers?.some((s) => s.name !== ""))
    check(
      "register_specific_results",
      [["listed per register", sumOf(registers)]],
      ["register_results", num("register_results")],
    );
  if (num("previous_studies") !== null)
    check(
      "total_studies",
      [
        ["previous_studies", num("previous_studies")],
        ["new_studies", num("new_studies")],
      ],
      ["total_studies", num("total_studies")],
    );
  if (num("previous_reports") !== null)
    check(
      "total_reports",
      [
        ["previous_reports", num("previous_reports")],
        ["new_reports", num("new_reports")],
      ],
      ["total_reports", num("total_reports")],
    );
  // What cannot be more than the box it comes out of.
  const atMost = (part: string, partN: number | null, whole: string, wholeN: number | null) => {
    if (partN !== null && wholeN !== null && partN > wholeN)
      out.push(`${part}: ${partN.toLocaleString("en")} is more than ${whole} (${wholeN.toLocaleString("en")})`);
  };
  atMost("records_excluded", num("records_excluded"), "records_screened", num("records_screened"));
  atMost("dbr_notretrieved_reports", num("dbr_notretrieved_reports"), "dbr_sought_reports", num("dbr_sought_reports"));
  atMost("dbr_excluded", listTotal(data.lists.get("dbr_excluded") ?? null), "dbr_assessed", num("dbr_assessed"));
  atMost(
    "other_excluded",
    listTotal(data.lists.get("other_excluded") ?? null),
    "other_assessed",
    num("other_assessed"),
  );
  atMost("new_studies", num("new_studies"), "new_reports (a study has at least one report)", num("new_reports"));
  return out.filter((v): v is string => v !== null);
}

function listLines(items: readonly NamedCount[] | null, indent: boolean): FlowLine[] {
  return (items ?? []).filter((i) => i.name !== "").map((i) => ({ text: i.name, n: i.n, indent }));
}

/** A list's total: the single number it may be, or the sum of its lines. */
function listTotal(items: readonly NamedCount[] | null): number | null {
  if (items === null) return null;
  if (items.length === 1 && items[0]!.name === "") return items[0]!.n;
  return sumOf(items);
}

/** The diagram a PRISMA2020 CSV describes, laid out as the workspace's is. */
export function flowFromPrisma2020(data: Prisma2020Data): Flow {
  const num = (key: string) => data.numbers.get(key) ?? null;
  const text = (key: string, fallback: string) => data.text.get(key) ?? fallback;
  const given = (...keys: string[]) => keys.some((k) => num(k) !== null);
  const line = (key: string, fallback: string): FlowLine[] =>
    num(key) === null ? [] : [{ text: text(key, fallback), n: num(key) }];

  const identifiedLines: FlowLine[] = [];
  const databases = data.lists.get("database_specific_results") ?? null;
  identifiedLines.push(...line("database_results", TEXT.databases), ...listLines(databases, true));
  const registers = data.lists.get("register_specific_results") ?? null;
  identifiedLines.push(
    ...line("register_results", TEXT.registers),
    ...(num("register_results") === null ? [] : listLines(registers, true)),
  );

  const dbrExcluded = data.lists.get("dbr_excluded") ?? null;
  const reportsGiven = given("dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed");
  const stages: FlowStage[] = [
    {
      main: {
        id: "screened",
        title: text("records_screened", TEXT.screened),
        n: num("records_screened"),
        lines: [],
        style: "main",
      },
      side: [
        {
          id: "excluded",
          title: text("records_excluded", TEXT.excluded),
          n: num("records_excluded"),
          lines: reportsGiven ? [] : listLines(dbrExcluded, true),
          style: "main",
        },
      ],
    },
  ];
  if (reportsGiven) {
    stages.push(
      {
        main: {
          id: "sought",
          title: text("dbr_sought_reports", TEXT.sought),
          n: num("dbr_sought_reports"),
          lines: [],
          style: "main",
        },
        side: [
          {
            id: "not-retrieved",
            title: text("dbr_notretrieved_reports", TEXT.notRetrieved),
            n: num("dbr_notretrieved_reports"),
            lines: [],
            style: "main",
          },
        ],
      },
      {
        main: {
          id: "assessed",
          title: text("dbr_assessed", TEXT.assessed),
          n: num("dbr_assessed"),
          lines: [],
          style: "main",
        },
        side: [
          {
            id: "reports-excluded",
            title: `${text("dbr_excluded", "Reports excluded")}:`,
            n: listTotal(dbrExcluded),
            lines: listLines(dbrExcluded, true),
            style: "main",
          },
        ],
      },
    );
  }
  const otherGiven = given("website_results", "organisation_results", "citations_results");
  const otherExcluded = data.lists.get("other_excluded") ?? null;
  const previousGiven = given("previous_studies", "previous_reports");
  const box = (
    id: string,
    titleKey: string,
    title: string,
    linesOf: [string, string][],
    style: FlowBox["style"],
  ): FlowBox => ({
    id,
    title: text(titleKey, title),
    n: num(titleKey),
    lines: linesOf.map(([key, fallback]) => ({ text: text(key, fallback), n: num(key) })),
    style,
  });
  return {
    header: text("newstud", TEXT.header),
    identified: { id: "identified", title: TEXT.identified, lines: identifiedLines, style: "main" },
    removed: {
      id: "removed",
      title: TEXT.removed,
      lines: [
        ...line("duplicates", TEXT.duplicates),
        ...line("excluded_automatic", TEXT.automation),
        ...line("excluded_other", TEXT.other),
      ],
      style: "main",
    },
    lanes: [{ id: "databases", title: null, stages, included: null }],
    other: otherGiven
      ? {
          header: text("othstud", TEXT.otherHeader),
          identified: {
            id: "other-identified",
            title: TEXT.identified,
            lines: [
              ...line("website_results", "Websites"),
              ...line("organisation_results", "Organisations"),
              ...line("citations_results", "Citation searching"),
            ],
            style: "grey",
          },
          stages: [
            {
              main: {
                id: "other-sought",
                title: text("other_sought_reports", TEXT.sought),
                n: num("other_sought_reports"),
                lines: [],
                style: "grey",
              },
              side: [
                {
                  id: "other-not-retrieved",
                  title: text("other_notretrieved_reports", TEXT.notRetrieved),
                  n: num("other_notretrieved_reports"),
                  lines: [],
                  style: "grey",
                },
              ],
            },
            {
              main: {
                id: "other-assessed",
                title: text("other_assessed", TEXT.assessed),
                n: num("other_assessed"),
                lines: [],
                style: "grey",
              },
              side: [
                {
                  id: "other-excluded",
                  title: `${text("other_excluded", "Reports excluded")}:`,
                  n: listTotal(otherExcluded),
                  lines: listLines(otherExcluded, true),
                  style: "grey",
                },
              ],
            },
          ],
        }
      : null,
    previous: previousGiven
      ? {
          header: text("prevstud", TEXT.previousHeader),
          box: box(
            "previous",
            "previous_studies",
            TEXT.previousStudies,
            [["previous_reports", TEXT.previousReports]],
            "grey",
          ),
        }
      : null,
    included: box("included", "new_studies", TEXT.newStudies, [["new_reports", TEXT.newReports]], "main"),
    total: previousGiven
      ? box("total", "total_studies", TEXT.totalStudies, [["total_reports", TEXT.totalReports]], "grey")
      : null,
  };
}
