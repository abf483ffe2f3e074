// Pearson chi-square tests: goodness of fit (scipy.stats.chisquare) and independence (scipy.stats.chi2_contingency).

import { invalidParameter } from "../core/errors";
import { chi2Sf } from "./distributions";

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/**
 * chisquare(f_obs, f_exp, ddof): Σ (o−e)²/e against χ²(k−1−ddof). f_exp defaults to the uniform split; like scipy,
 * the two totals must agree to a relative √eps (1.49e-8). An expected count of 0 with a non-zero observed count gives +∞.
 */
export function chisquare(observed: readonly number[], expected?: readonly number[], ddof = 0): ChiSquareResult {
  const k = observed.length;
  if (k === 0) throw invalidParameter("chisquare needs at least one category.");
  const total = sum(observed);
  const exp = expected ?? observed.map(() => total / k);
  if (exp.length !== k) throw invalidParameter(`chisquare: f_obs has ${k} categories but f_exp has ${exp.length}.`);
  const expTotal = sum(exp);
  if (Math.abs(total - expTotal) > 1.4901161193847656e-8 * Math.max(Math.abs(total), Math.abs(expTotal))) {
    throw invalidParameter(`chisquare: the observed total ${total} and the expected total ${expTotal} differ; rescale f_exp to the observed total.`);
  }
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const d = observed[i]! - exp[i]!;
    stat += (d * d) / exp[i]!;
  }
  const dof = k - 1 - ddof;
  return { statistic: stat, pValue: dof > 0 ? chi2Sf(stat, dof) : NaN, dof };
}

export interface ContingencyResult extends ChiSquareResult {
  expected: number[][];
}

/** chi2_contingency(table, correction=True): Yates' correction applies when dof is 1, as in scipy. */
export function chi2Contingency(table: readonly (readonly number[])[], correction = true): ContingencyResult {
  const r = table.length;
  const c = table[0]?.length ?? 0;
  if (r === 0 || c === 0 || table.some((row) => row.length !== c)) throw invalidParameter("chi2_contingency needs a non-empty rectangular table of counts.");
  for (const row of table) for (const v of row) if (!(v >= 0)) throw invalidParameter(`chi2_contingency: counts must be >= 0, got ${v}.`);
  const rowSums = table.map(sum);
  const colSums = Array.from({ length: c }, (_, j) => sum(table.map((row) => row[j]!)));
  const total = sum(rowSums);
  const expected = rowSums.map((rs) => colSums.map((cs) => (rs * cs) / total));
  for (const row of expected) for (const e of row) if (e === 0) throw invalidParameter("chi2_contingency: a row or a column sums to zero; drop it first.");
  // dof = Π(shape) − Σ(shape) + ndim − 1, the same as scipy's expected_freq-based formula for 2-D tables.
  const dof = r * c - (r + c) + 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof, expected };
  let stat = 0;
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let o = table[i]![j]!;
      const e = expected[i]![j]!;
      if (correction && dof === 1) {
        const diff = e - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      stat += ((o - e) * (o - e)) / e;
    }
  return { statistic: stat, pValue: chi2Sf(stat, dof), dof, expected };
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
