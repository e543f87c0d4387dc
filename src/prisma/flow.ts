/**
 * What the PRISMA 2020 flow diagram says, box by box, independent of where the numbers came
 * from (the workspace's counts, or a PRISMA2020 CSV made by hand) and of how it is drawn
 * (svg.ts). A count of null is one the source does not give (PRISMA2020's NA), drawn as "NA".
 */
import { EXCLUSION_REASON, type ExclusionReason } from "../eligibility/decide.js";
import type { PrismaCounts } from "./count.js";

export interface FlowLine {
  text: string;
  /** Absent: a line without a count. */
  n?: number | null;
  /** Drawn indented under the line before it (per-database and per-reason lines). */
  indent?: boolean;
}

export type BoxStyle = "main" | "grey" | "awaiting";

export interface FlowBox {
  /** Stable id, written as `data-box` in the SVG. */
  id: string;
  title: string;
  n?: number | null;
  lines: FlowLine[];
  style: BoxStyle;
}

/** One step of a column: the box records flow through, and the boxes beside it (excluded, awaiting). */
export interface FlowStage {
  main: FlowBox;
  side: FlowBox[];
}

/** A column of screening: one per eligibility branch. */
export interface FlowLane {
  id: string;
  /** Drawn above the column when the review has several branches. */
  title: string | null;
  stages: FlowStage[];
  /** What the branch contributes, when there are several branches. */
  included: FlowBox | null;
}

export interface Flow {
  header: string;
  identified: FlowBox;
  removed: FlowBox;
  lanes: FlowLane[];
  /** PRISMA 2020's "Identification of new studies via other methods" column (hand-made CSVs only). */
  other: { header: string; identified: FlowBox; stages: FlowStage[] } | null;
  /** Studies of the previous version, for an update. */
  previous: { header: string; box: FlowBox } | null;
  included: FlowBox;
  total: FlowBox | null;
}

export const TEXT = {
  header: "Identification of new studies via databases and registers",
  otherHeader: "Identification of new studies via other methods",
  previousHeader: "Previous studies",
  identified: "Records identified from:",
  databases: "Databases",
  registers: "Registers",
  removed: "Records removed before screening:",
  duplicates: "Duplicate records",
  automation: "Records marked as ineligible by automation tools",
  other: "Records removed for other reasons",
  screened: "Records screened",
  excluded: "Records excluded",
  awaiting: "Awaiting decision (not yet excluded or included)",
  notScreened: "Records not screened (review.json has no screening phases)",
  notReached: "Studies included in review: not reached (no record screened yet)",
  sought: "Reports sought for retrieval",
  notRetrieved: "Reports not retrieved",
  assessed: "Reports assessed for eligibility",
  reportsExcluded: "Reports excluded:",
  previousStudies: "Studies included in previous version of review",
  previousReports: "Reports of studies included in previous version of review",
  studies: "Studies included in review",
  reports: "Reports of included studies",
  newStudies: "New studies included in review",
  newReports: "Reports of new included studies",
  totalStudies: "Total studies included in review",
  totalReports: "Reports of total included studies",
} as const;

/** The eligibility reasons as the diagram prints them. */
const REMOVED_REASON_TEXT: { readonly [reason in ExclusionReason]: string } = {
  [EXCLUSION_REASON.belowThreshold]: "journal below the citation threshold",
  [EXCLUSION_REASON.notInList]: "journal not in the journal list",
};

function reasonLines(reasons: readonly { label: string; n: number }[]): FlowLine[] {
  return reasons.map((r) => ({ text: r.label, n: r.n, indent: true }));
}

function removedReasonText(label: string): string {
  const texts: { readonly [reason: string]: string | undefined } = REMOVED_REASON_TEXT;
  return texts[label] ?? label;
}

function removedLines(title: string, count: PrismaCounts["automation"]): FlowLine[] {
  const lines: FlowLine[] = [{ text: title, n: count.n }];
  for (const reason of count.reasons) lines.push({ text: removedReasonText(reason.label), n: reason.n, indent: true });
  return lines;
}

export function flowFromCounts(counts: PrismaCounts): Flow {
  const several = counts.branches.length > 1;
  const lanes: FlowLane[] = counts.branches.map((branch) => {
    const stages: FlowStage[] = [];
    branch.phases.forEach((phase, index) => {
      const id = `${branch.id}-${phase.id}`;
      const awaiting: FlowBox[] =
        phase.awaiting.n > 0
          ? [{ id: `${id}-awaiting`, title: TEXT.awaiting, n: phase.awaiting.n, lines: [], style: "awaiting" }]
          : [];
      if (phase.kind === "records") {
        stages.push({
          main: { id: `${id}-screened`, title: TEXT.screened, n: phase.entered.n, lines: [], style: "main" },
          side: [
            {
              id: `${id}-excluded`,
              title: TEXT.excluded,
              n: phase.excluded.n,
              lines: reasonLines(phase.reasons),
              style: "main",
            },
            ...awaiting,
          ],
        });
        return;
      }
      if (index === 1 || phase.notRetrieved.n > 0) {
        stages.push({
          main: { id: `${id}-sought`, title: TEXT.sought, n: phase.entered.n, lines: [], style: "main" },
          side: [
            { id: `${id}-not-retrieved`, title: TEXT.notRetrieved, n: phase.notRetrieved.n, lines: [], style: "main" },
          ],
        });
      }
      stages.push({
        main: {
          id: `${id}-assessed`,
          title: index === 1 ? TEXT.assessed : `${TEXT.assessed} (${phase.title})`,
          n: phase.entered.n - phase.notRetrieved.n,
          lines: [],
          style: "main",
        },
        side: [
          {
            id: `${id}-excluded`,
            title: TEXT.reportsExcluded,
            n: phase.excluded.n,
            lines: reasonLines(phase.reasons),
            style: "main",
          },
          ...awaiting,
        ],
      });
    });
    if (branch.notScreened) {
      stages.push({
        main: {
          id: `${branch.id}-not-screened`,
          title: TEXT.notScreened,
          n: branch.notScreened.n,
          lines: [],
          style: "awaiting",
        },
        side: [],
      });
    }
    return {
      id: branch.id,
      title: several ? `${branch.id} branch` : null,
      stages,
      included: several
        ? {
            id: `${branch.id}-included`,
            title: `Included from the ${branch.id} branch`,
            lines: [
              { text: "Studies", n: branch.studies },
              { text: "Reports", n: branch.included.n },
            ],
            style: "main",
          }
        : null,
    };
  });
  const { included } = counts;
  const update = counts.previous !== null;
  const reached = counts.phases.length > 0;
  return {
    header: TEXT.header,
    identified: {
      id: "identified",
      title: TEXT.identified,
      lines: [
        { text: TEXT.databases, n: counts.identified.n },
        ...counts.identified.databases.map((d) => ({ text: d.name, n: d.n, indent: true })),
      ],
      style: "main",
    },
    removed: {
      id: "removed",
      title: TEXT.removed,
      lines: [
        { text: TEXT.duplicates, n: counts.duplicates.n },
        ...removedLines(TEXT.automation, counts.automation),
        ...removedLines(TEXT.other, counts.other),
      ],
      style: "main",
    },
    lanes,
    other: null,
    previous: counts.previous
      ? {
          header: TEXT.previousHeader,
          box: {
            id: "previous",
            title: TEXT.previousStudies,
            n: counts.previous.studies,
            lines: [{ text: TEXT.previousReports, n: counts.previous.reports }],
            style: "grey",
          },
        }
      : null,
    included: reached
      ? {
          id: "included",
          title: update ? TEXT.newStudies : TEXT.studies,
          n: update ? included.newStudies : included.studies,
          lines: [
            { text: update ? TEXT.newReports : TEXT.reports, n: update ? included.newReports.n : included.reports.n },
          ],
          style: "main",
        }
      : { id: "included", title: TEXT.notReached, lines: [], style: "awaiting" },
    total:
      update && reached
        ? {
            id: "total",
            title: TEXT.totalStudies,
            n: included.totalStudies,
            lines: [{ text: TEXT.totalReports, n: included.totalReports }],
            style: "grey",
          }
        : null,
  };
}
