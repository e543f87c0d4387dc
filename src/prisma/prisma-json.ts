/**
 * processed/prisma/prisma.json: every PRISMA count with the list behind it (`list.file` under
 * processed/prisma/, filtered by `list.where` when given) and the PRISMA 2020 box it fills.
 */
import { rejectsCsv } from "../artefacts/rejects-csv.js";
import type { Count, PhaseCounts, PrismaCounts, ReasonCount } from "./count.js";
import { TEXT } from "./flow.js";

export const PRISMA_JSON_SCHEMA_VERSION = 1;

const plain = (c: Count) => ({ n: c.n, list: c.list });
const reasons = (list: readonly ReasonCount[]) =>
  list.map((r) => ({ code: r.code, label: r.label, n: r.n, list: r.list }));

function phase(p: PhaseCounts) {
  const reports = p.kind === "reports";
  return {
    id: p.id,
    title: p.title,
    kind: p.kind,
    screened: { box: reports ? TEXT.sought : TEXT.screened, ...plain(p.entered) },
    ...(reports
      ? {
          notRetrieved: { box: TEXT.notRetrieved, ...plain(p.notRetrieved) },
          assessed: { box: TEXT.assessed, n: p.entered.n - p.notRetrieved.n },
        }
      : {}),
    excluded: { box: reports ? "Reports excluded" : TEXT.excluded, ...plain(p.excluded), reasons: reasons(p.reasons) },
    awaiting: { box: "Awaiting decision (pending, conflict or maybe)", ...plain(p.awaiting) },
    included: plain(p.included),
  };
}

export function prismaJson(counts: PrismaCounts, rejected: number): string {
  const document = {
    schemaVersion: PRISMA_JSON_SCHEMA_VERSION,
    identification: {
      records: { box: "Records identified from: Databases", ...plain(counts.identified) },
      databases: counts.identified.databases.map((d) => ({
        id: d.id,
        name: d.name,
        n: d.n,
        list: d.list,
        queries: d.queries.map((q) => ({
          id: q.id,
          ...(q.unattributed === null ? {} : { unattributed: q.unattributed }),
          n: q.n,
          list: q.list,
          ...(q.strings === null
            ? {}
            : {
                strings: q.strings.map((t) =>
                  t.id === null
                    ? { id: null, unattributed: t.unattributed, n: t.n, list: t.list }
                    : { id: t.id, label: t.label, search: t.search, n: t.n, list: t.list },
                ),
              }),
        })),
      })),
      rejectedAtImport: {
        n: rejected,
        file: rejectsCsv.path,
        note: "records the importer could not read; not counted as identified",
      },
    },
    removedBeforeScreening: {
      duplicates: { box: TEXT.duplicates, ...plain(counts.duplicates) },
      automation: { box: TEXT.automation, ...plain(counts.automation), reasons: reasons(counts.automation.reasons) },
      other: { box: TEXT.other, ...plain(counts.other), reasons: reasons(counts.other.reasons) },
      remaining: counts.unique - counts.automation.n - counts.other.n,
    },
    screening: counts.branches.map((b) => ({
      branch: b.id,
      filter: b.filter,
      phases: b.phases.map(phase),
      ...(b.notScreened ? { notScreened: { box: TEXT.notScreened, ...plain(b.notScreened) } } : {}),
      included: { reports: plain(b.included), studies: b.studies },
    })),
    included: {
      reached: counts.phases.length > 0,
      studies: counts.included.studies,
      reports: plain(counts.included.reports),
      newStudies: counts.included.newStudies,
      newReports: plain(counts.included.newReports),
      totalStudies: counts.included.totalStudies,
      totalReports: counts.included.totalReports,
      previous: counts.previous,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
