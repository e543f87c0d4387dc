/**
 * The studies extraction covers: those whose final decision at the last screening phase is
 * `include` (agreed, a single reviewer's, or resolved: `includedAtLastPhase`), read from
 * processed/screening/decisions.csv.
 * Several records (a preprint and its journal version) may share a study id: the study is
 * included when any of them is, and its DOI and title are taken from the first such row by
 * cluster id. Pure: the CSV text in, the studies out.
 */
import { screeningDecisionsCsv } from "../artefacts/screening-decisions-csv.js";
import { DECISIONS_CSV_HEADER, includedAtLastPhase } from "../screening/processed-tables.js";
import { isBlankRow, parseSheetText, SheetTextError } from "../io/sheet-text.js";
import { restoreFormula } from "../io/spreadsheet-safe.js";
import type { ExtractionProblem } from "./extraction-data.js";

const DECISIONS_CSV = screeningDecisionsCsv.path;

export interface IncludedStudy {
  studyId: string;
  doi: string;
  title: string;
  /** The title of every record of the study (a preprint's and its journal version's), which a sheet row may show. */
  titles: string[];
}

export interface StudySet {
  /** Sorted by study id. */
  included: IncludedStudy[];
  /** Every study id decisions.csv mentions, in any phase with any decision. */
  known: Set<string>;
}

export function includedStudies(text: string, lastPhase: string): { studies: StudySet; problems: ExtractionProblem[] } {
  const empty: StudySet = { included: [], known: new Set() };
  let rows;
  try {
    rows = parseSheetText(text).rows;
  } catch (error) {
    if (!(error instanceof SheetTextError)) throw error;
    return {
      studies: empty,
      problems: [
        { file: DECISIONS_CSV, line: error.line, column: "", message: `expected ${error.expected}, got ${error.got}` },
      ],
    };
  }
  const header = (rows[0]?.cells ?? []).map((c) => c.replace(/^\uFEFF/, "").trim());
  const at = Object.fromEntries(DECISIONS_CSV_HEADER.map((name) => [name, header.indexOf(name)])) as {
    [name in (typeof DECISIONS_CSV_HEADER)[number]]: number;
  };
  const missing = DECISIONS_CSV_HEADER.filter((name) => at[name] < 0);
  if (missing.length > 0) {
    return {
      studies: empty,
      problems: [
        {
          file: DECISIONS_CSV,
          line: 1,
          column: "",
          message: `expected the columns ${DECISIONS_CSV_HEADER.join(", ")}, got no ${missing.join(", ")} (run \`srpipe screen\` again)`,
        },
      ],
    };
  }
  const byStudy = new Map<string, { clusterId: string; study: IncludedStudy }>();
  const known = new Set<string>();
  const titles = new Map<string, Set<string>>();
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue;
    const cell = (name: keyof typeof at) => (row.cells[at[name]] ?? "").trim();
    const studyId = cell("study_id") || cell("cluster_id");
    if (studyId === "") continue;
    known.add(studyId);
    // decisions.csv is written for spreadsheets: a formula-looking title or DOI carries a guard.
    const title = restoreFormula(row.cells[at.title] ?? "");
    titles.set(studyId, (titles.get(studyId) ?? new Set()).add(title));
    if (!includedAtLastPhase({ phase: cell("phase"), decision: cell("decision") }, lastPhase)) continue;
    const seen = byStudy.get(studyId);
    if (seen && seen.clusterId <= cell("cluster_id")) continue;
    byStudy.set(studyId, {
      clusterId: cell("cluster_id"),
      study: { studyId, doi: restoreFormula(row.cells[at.doi] ?? ""), title, titles: [] },
    });
  }
  const included = [...byStudy.values()]
    .map((v) => ({ ...v.study, titles: [...(titles.get(v.study.studyId) ?? [])].sort() }))
    .sort((a, b) => (a.studyId < b.studyId ? -1 : a.studyId > b.studyId ? 1 : 0));
  return { studies: { included, known }, problems: [] };
}
