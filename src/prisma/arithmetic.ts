/**
 * The PRISMA arithmetic, checked before anything is written: a diagram whose boxes do not add
 * up is a bug (or stale processed/ files), reported with the numbers, never drawn.
 */
import { SrpipeError } from "../errors.js";
import type { PrismaCounts } from "./count.js";

export interface Term {
  label: string;
  n: number;
  /** Subtracted when true. */
  minus?: boolean;
}

/** `what: 15,699 identified − 4,931 duplicates = 10,768, but unique clusters is 10,767`, or null when it holds. */
export function equation(what: string, terms: readonly Term[], result: { label: string; n: number }): string | null {
  const value = terms.reduce((sum, t) => sum + (t.minus ? -t.n : t.n), 0);
  if (value === result.n) return null;
  const formula = terms
    .map((t, i) => `${i === 0 ? (t.minus ? "−" : "") : t.minus ? " − " : " + "}${num(t.n)} ${t.label}`)
    .join("");
  return `${what}: ${formula} = ${num(value)}, but ${result.label} is ${num(result.n)}`;
}

const num = (n: number): string => n.toLocaleString("en");

export class PrismaArithmeticError extends SrpipeError {
  readonly violations: readonly string[];

  constructor(source: string, violations: readonly string[]) {
    super(
      "internal",
      `the PRISMA numbers from ${source} do not add up, so nothing was written (a bug, or processed/ files from different runs: run \`srpipe run\` and report it if it persists):\n` +
        violations.map((v) => `  ${v}`).join("\n"),
    );
    this.violations = violations;
  }
}

/** A PRISMA2020 CSV made by hand (`srpipe prisma --counts`) whose numbers do not add up: the reviewer's to fix. */
export class PrismaCountsError extends SrpipeError {
  readonly violations: readonly string[];

  constructor(file: string, violations: readonly string[]) {
    super(
      "input",
      `${file}: the numbers do not add up, so no diagram was drawn:\n${violations.map((v) => `  ${v}`).join("\n")}`,
      { file },
    );
    this.violations = violations;
  }
}

/** Every equation the diagram implies, for the workspace's counts; an empty list when all hold. */
export function arithmeticViolations(counts: PrismaCounts): string[] {
  const out: (string | null)[] = [];
  const { identified } = counts;
  out.push(
    equation(
      "records identified",
      identified.databases.map((d) => ({ label: d.name, n: d.n })),
      { label: "the total identified", n: identified.n },
    ),
  );
  for (const database of identified.databases) {
    out.push(
      equation(
        `records identified from ${database.name}`,
        database.queries.map((q) => ({ label: q.id ?? "(no query)", n: q.n })),
        { label: `${database.name}'s total`, n: database.n },
      ),
    );
    for (const query of database.queries) {
      if (query.strings === null) continue;
      out.push(
        equation(
          `records identified by the strings of query ${query.id ?? "(no query)"}`,
          query.strings.map((s) => ({ label: s.id ?? "(no string)", n: s.n })),
          { label: "the query's total", n: query.n },
        ),
      );
    }
  }
  out.push(
    equation("records deduplicated", [{ label: "records in clusters.csv", n: counts.clustered }], {
      label: "records identified (records.csv)",
      n: identified.n,
    }),
  );
  out.push(
    equation(
      "records after duplicates removed",
      [
        { label: "identified", n: identified.n },
        { label: "duplicates", n: counts.duplicates.n, minus: true },
      ],
      {
        label: "the number of clusters",
        n: counts.unique,
      },
    ),
  );
  out.push(
    equation(
      "eligibility decisions for clusters deduplication does not have",
      [{ label: "clusters", n: counts.eligibilityStray }],
      { label: "expected", n: 0 },
    ),
  );
  out.push(
    equation("clusters eligibility has not decided", [{ label: "clusters", n: counts.eligibilityMissing }], {
      label: "expected",
      n: 0,
    }),
  );
  const firstPhase = counts.branches.map((b) => ({
    label: `${b.id} branch`,
    n: b.phases[0]?.entered.n ?? b.notScreened?.n ?? 0,
  }));
  const screened = firstPhase.reduce((s, t) => s + t.n, 0);
  out.push(
    equation(
      "records screened",
      [
        { label: "identified", n: identified.n },
        { label: "duplicates", n: counts.duplicates.n, minus: true },
        { label: "ineligible by automation", n: counts.automation.n, minus: true },
        { label: "removed for other reasons", n: counts.other.n, minus: true },
      ],
      {
        label: `the records entering screening (${firstPhase.map((t) => `${t.label} ${num(t.n)}`).join(" + ")})`,
        n: screened,
      },
    ),
  );
  out.push(
    equation(
      "records ineligible by automation",
      counts.automation.reasons.map((r) => ({ label: r.label, n: r.n })),
      { label: "the box", n: counts.automation.n },
    ),
  );
  out.push(
    equation(
      "records removed for other reasons",
      counts.other.reasons.map((r) => ({ label: r.label, n: r.n })),
      { label: "the box", n: counts.other.n },
    ),
  );
  for (const branch of counts.branches) {
    branch.phases.forEach((phase, index) => {
      const where = `${branch.id} branch, ${phase.id}`;
      out.push(
        equation(
          `${where}: records leaving the phase`,
          [
            { label: "screened", n: phase.entered.n },
            { label: "not retrieved", n: phase.notRetrieved.n, minus: true },
            { label: "excluded", n: phase.excluded.n, minus: true },
            { label: "awaiting decision", n: phase.awaiting.n, minus: true },
          ],
          { label: "included", n: phase.included.n },
        ),
      );
      out.push(
        equation(
          `${where}: excluded by reason`,
          phase.reasons.map((r) => ({ label: r.label, n: r.n })),
          { label: "excluded", n: phase.excluded.n },
        ),
      );
      out.push(
        equation(
          `${where}: decisions for records that did not enter the phase`,
          [{ label: "decisions", n: phase.stray }],
          { label: "expected", n: 0 },
        ),
      );
      const next = branch.phases[index + 1];
      if (next)
        out.push(
          equation(`${branch.id} branch, ${next.id}`, [{ label: `included at ${phase.id}`, n: phase.included.n }], {
            label: `the records entering ${next.id}`,
            n: next.entered.n,
          }),
        );
    });
    if (branch.notScreened)
      out.push(
        equation(`${branch.id} branch: included without screening`, [{ label: "reports", n: branch.included.n }], {
          label: "expected",
          n: 0,
        }),
      );
    const last = branch.phases[branch.phases.length - 1];
    if (last)
      out.push(
        equation(`${branch.id} branch: included`, [{ label: `included at ${last.id}`, n: last.included.n }], {
          label: "the branch's included reports",
          n: branch.included.n,
        }),
      );
  }
  const { included } = counts;
  out.push(
    equation(
      "reports included",
      counts.branches.map((b) => ({ label: `${b.id} branch`, n: b.included.n })),
      { label: "the reports included", n: included.reports.n },
    ),
  );
  if (included.studies > included.reports.n)
    out.push(
      `studies included: ${num(included.studies)} studies from ${num(included.reports.n)} reports (a study has at least one report)`,
    );
  if (counts.previous === null) {
    out.push(
      equation("new studies", [{ label: "studies included", n: included.studies }], {
        label: "new studies",
        n: included.newStudies,
      }),
    );
    out.push(
      equation("total studies", [{ label: "new studies", n: included.newStudies }], {
        label: "total studies",
        n: included.totalStudies,
      }),
    );
  }
  return out.filter((v): v is string => v !== null);
}

/** Throws PrismaArithmeticError listing every equation that fails. */
export function checkArithmetic(counts: PrismaCounts, source: string): void {
  const violations = arithmeticViolations(counts);
  if (violations.length > 0) throw new PrismaArithmeticError(source, violations);
}
