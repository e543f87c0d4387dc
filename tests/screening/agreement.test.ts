import { describe, expect, test } from "vitest";
import { agreementStatistics, crossTable } from "../../src/screening/agreement.js";

const table = (categories: string[], counts: number[][]) => ({ categories, counts });

describe("agreement statistics", () => {
  test("reproduce the textbook 2 × 2 example of Cohen's kappa (po 0.70, pe 0.50, kappa 0.40)", () => {
    // Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by two readers.
    const stats = agreementStatistics(
      table(
        ["yes", "no"],
        [
          [20, 5],
          [10, 15],
        ],
      ),
    );
    expect(stats.n).toBe(50);
    expect(stats.agreements).toBe(35);
    expect(stats.percentAgreement).toBeCloseTo(70, 10);
    expect(stats.cohensKappa).toBeCloseTo(0.4, 10);
    expect(stats.pabak).toBeCloseTo(2 * 0.7 - 1, 10);
    // AC1: pi_yes = (25/50 + 30/50) / 2 = 0.55, pe = 2 · 0.55 · 0.45 = 0.495 → (0.7 − 0.495) / 0.505.
    expect(stats.gwetsAc1).toBeCloseTo(0.205 / 0.505, 10);
    expect(stats.undefinedBecause).toEqual({});
  });

  test("show the kappa paradox: high agreement on a dominant category gives a low kappa but a high PABAK and AC1", () => {
    const stats = agreementStatistics(
      table(
        ["exclude", "include"],
        [
          [80, 10],
          [5, 5],
        ],
      ),
    );
    expect(stats.percentAgreement).toBeCloseTo(85, 10);
    expect(stats.cohensKappa).toBeCloseTo(0.07 / 0.22, 10); // pe = 0.9 · 0.85 + 0.1 · 0.15 = 0.78
    expect(stats.pabak).toBeCloseTo(0.7, 10);
    expect(stats.gwetsAc1).toBeCloseTo(0.63125 / 0.78125, 10); // pe = 2 · 0.875 · 0.125
  });

  test("use q = 3 for PABAK and AC1 when maybe is a category of its own", () => {
    const stats = agreementStatistics(
      table(
        ["include", "exclude", "maybe"],
        [
          [10, 2, 1],
          [3, 20, 2],
          [0, 1, 1],
        ],
      ),
    );
    expect(stats.n).toBe(40);
    expect(stats.percentAgreement).toBeCloseTo(77.5, 10);
    expect(stats.cohensKappa).toBeCloseTo((0.775 - 752 / 1600) / (1 - 752 / 1600), 10);
    expect(stats.pabak).toBeCloseTo((3 * 0.775 - 1) / 2, 10);
    const pe = (0.325 * 0.675 + 0.6 * 0.4 + 0.075 * 0.925) / 2;
    expect(stats.gwetsAc1).toBeCloseTo((0.775 - pe) / (1 - pe), 10);
  });

  test("write kappa as null with the reason when both reviewers put every record in one category", () => {
    const stats = agreementStatistics(
      table(
        ["include", "exclude"],
        [
          [0, 0],
          [0, 12],
        ],
      ),
    );
    expect(stats.percentAgreement).toBe(100);
    expect(stats.cohensKappa).toBeNull();
    expect(stats.undefinedBecause.cohensKappa).toBe(
      'both reviewers put every record in "exclude": chance agreement is 1, so kappa is 0/0',
    );
    expect(stats.pabak).toBe(1);
    expect(stats.gwetsAc1).toBe(1);
  });

  test("give null for every statistic, with the reason, when no record was decided by both", () => {
    const stats = agreementStatistics(
      table(
        ["include", "exclude"],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    );
    expect([stats.percentAgreement, stats.cohensKappa, stats.pabak, stats.gwetsAc1]).toEqual([null, null, null, null]);
    expect(Object.values(stats.undefinedBecause)).toEqual(Array(4).fill("no record was decided by both reviewers"));
  });

  test("never return NaN, whatever the table", () => {
    for (const counts of [
      [
        [1, 0],
        [0, 0],
      ],
      [
        [0, 3],
        [0, 0],
      ],
      [
        [0, 0],
        [4, 0],
      ],
      [
        [2, 2],
        [2, 2],
      ],
    ]) {
      const stats = agreementStatistics(table(["a", "b"], counts));
      for (const value of [stats.percentAgreement, stats.cohensKappa, stats.pabak, stats.gwetsAc1])
        expect(Number.isNaN(value)).toBe(false);
    }
  });

  test("count pairs of categories into a table with the first reviewer in rows", () => {
    const built = crossTable(
      [
        ["include", "exclude"],
        ["include", "include"],
        ["exclude", "include"],
        ["include", "exclude"],
      ],
      ["include", "exclude"],
    );
    expect(built.counts).toEqual([
      [1, 2],
      [1, 0],
    ]);
  });
});
