// Runs an expectation suite over a ColumnTable to a structured report, learns a reference suite from a dataset,
// and gates: `assertValid` throws a clear error listing every failed expectation.

import { invalidParameter, LabopsError } from "../../core/errors";
import { cellValue, type Column, type ColumnTable } from "../column-table";
import type { Expectation, ExpectationResult, ExpectationSuite, FailingExample, ValidationReport } from "./expectation";

export interface ValidateOptions {
  /** Failing examples kept per expectation (default 5). */
  maxExamples?: number;
}

const exampleValue = (c: Column, row: number): FailingExample["value"] => {
  const v = cellValue(c, row);
  return v instanceof Date ? v.toISOString() : v;
};

function toBound(column: Column, bound: number | string | undefined, name: string): number | undefined {
  if (bound === undefined) return undefined;
  if (column.type === "date") {
    const ms = typeof bound === "number" ? bound : Date.parse(bound);
    if (Number.isNaN(ms)) throw invalidParameter(`expectColumnValuesToBeBetween on '${name}': '${bound}' is not a date.`);
    return ms;
  }
  if (typeof bound !== "number") throw invalidParameter(`expectColumnValuesToBeBetween on '${name}': bound '${bound}' must be a number.`);
  return bound;
}

/** Counts non-null rows failing `bad`, with examples; success when the passing share reaches `mostly`. */
function valueCheck(column: Column, rows: number, mostly: number | undefined, maxExamples: number, bad: (row: number) => boolean, observed: (n: number, unexpected: number) => unknown): Omit<ExpectationResult, "expectation"> {
  const m = mostly ?? 1;
  if (!(m >= 0 && m <= 1)) throw invalidParameter(`mostly must be between 0 and 1; got ${String(mostly)}.`);
  let n = 0, unexpected = 0;
  const examples: FailingExample[] = [];
  for (let i = 0; i < rows; i++) {
    if (column.type === "string" ? column.codes[i]! < 0 : Number.isNaN(column.values[i]!)) continue;
    n++;
    if (bad(i)) {
      unexpected++;
      if (examples.length < maxExamples) examples.push({ row: i, value: exampleValue(column, i) });
    }
  }
  const share = n ? unexpected / n : 0;
  return { success: 1 - share >= m - 1e-12, observed: observed(n, unexpected), elementCount: n, unexpectedCount: unexpected, unexpectedShare: share, examples };
}

function evaluate(table: ColumnTable, e: Expectation, maxExamples: number): Omit<ExpectationResult, "expectation"> {
  if (e.type === "expectTableRowCountToBeBetween") return { success: (e.min === undefined || table.rowCount >= e.min) && (e.max === undefined || table.rowCount <= e.max), observed: table.rowCount };
  if (e.type === "expectTableColumnsToMatchSet") {
    const missing = e.columns.filter((c) => !table.names.includes(c));
    const extra = table.names.filter((c) => !e.columns.includes(c));
    return { success: missing.length === 0 && (!e.exactMatch || extra.length === 0), observed: { columns: table.names, missing, extra } };
  }
  const column = table.columns[e.column];
  if (e.type === "expectColumnToExist") return { success: Boolean(column), observed: Boolean(column) };
  if (!column) return { success: false, observed: null, error: `column '${e.column}' is missing; the data has: ${table.names.join(", ")}` };
  const n = table.rowCount;
  switch (e.type) {
    case "expectColumnValuesToBeOfType":
      return { success: column.type === e.valueType, observed: column.type };
    case "expectColumnValuesToNotBeNull": {
      let nulls = 0;
      const examples: FailingExample[] = [];
      for (let i = 0; i < n; i++)
        if (column.type === "string" ? column.codes[i]! < 0 : Number.isNaN(column.values[i]!)) {
          nulls++;
          if (examples.length < maxExamples) examples.push({ row: i, value: null });
        }
      const share = n ? nulls / n : 0;
      return { success: 1 - share >= (e.mostly ?? 1) - 1e-12, observed: n ? 1 - share : 1, elementCount: n, unexpectedCount: nulls, unexpectedShare: share, examples };
    }
    case "expectColumnValuesToBeBetween": {
      if (column.type === "string") return { success: false, observed: null, error: `'${e.column}' is a string column; between applies to numbers and dates` };
      const lo = toBound(column, e.min, e.column) ?? -Infinity, hi = toBound(column, e.max, e.column) ?? Infinity;
      const v = column.values;
      let min = Infinity, max = -Infinity;
      const r = valueCheck(column, n, e.mostly, maxExamples, (i) => {
        if (v[i]! < min) min = v[i]!;
        if (v[i]! > max) max = v[i]!;
        return v[i]! < lo || v[i]! > hi;
      }, () => null);
      const show = (x: number) => (!Number.isFinite(x) ? null : column.type === "date" ? new Date(x).toISOString() : x);
      return { ...r, observed: { min: show(min), max: show(max) } };
    }
    case "expectColumnValuesToBeInSet": {
      if (!Array.isArray(e.valueSet)) throw invalidParameter(`expectColumnValuesToBeInSet on '${e.column}': valueSet must be a list.`);
      const allowed = new Set(e.valueSet.map(String));
      if (column.type === "string") {
        const ok = column.categories.map((c) => allowed.has(c));
        return valueCheck(column, n, e.mostly, maxExamples, (i) => !ok[column.codes[i]!], (k, u) => (k ? 1 - u / k : 1));
      }
      return valueCheck(column, n, e.mostly, maxExamples, (i) => !allowed.has(String(cellValue(column, i) instanceof Date ? (cellValue(column, i) as Date).toISOString() : cellValue(column, i))), (k, u) => (k ? 1 - u / k : 1));
    }
    case "expectColumnValuesToBeUnique": {
      const seen = new Map<number | string, number>();
      const dup = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const key = column.type === "string" ? column.codes[i]! : column.values[i]!;
        if (key === -1 && column.type === "string") continue;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else dup[i] = dup[first] = 1;
      }
      return valueCheck(column, n, undefined, maxExamples, (i) => dup[i] === 1, (k, u) => ({ duplicates: u, distinct: seen.size, of: k }));
    }
    case "expectColumnValuesToMatchRegex": {
      let re: RegExp;
      try {
        re = new RegExp(e.regex);
      } catch (err) {
        throw invalidParameter(`expectColumnValuesToMatchRegex on '${e.column}': '${e.regex}' is not a regular expression (${(err as Error).message}).`);
      }
      if (column.type === "string") {
        const ok = column.categories.map((c) => re.test(c));
        return valueCheck(column, n, e.mostly, maxExamples, (i) => !ok[column.codes[i]!], (k, u) => (k ? 1 - u / k : 1));
      }
      return valueCheck(column, n, e.mostly, maxExamples, (i) => !re.test(String(exampleValue(column, i))), (k, u) => (k ? 1 - u / k : 1));
    }
    default:
      throw invalidParameter(`Unknown expectation type '${(e as { type: string }).type}'.`);
  }
}

const KNOWN = new Set(["expectColumnToExist", "expectColumnValuesToBeOfType", "expectColumnValuesToNotBeNull", "expectColumnValuesToBeBetween", "expectColumnValuesToBeInSet", "expectColumnValuesToBeUnique", "expectColumnValuesToMatchRegex", "expectTableRowCountToBeBetween", "expectTableColumnsToMatchSet"]);

/** Runs every expectation (a failing one never stops the others) and summarises. */
export function validate(table: ColumnTable, suite: ExpectationSuite, options: ValidateOptions = {}): ValidationReport {
  if (!suite || !Array.isArray(suite.expectations)) throw invalidParameter(`A suite needs {name, expectations: [...]}.`);
  for (const e of suite.expectations) if (!KNOWN.has(e?.type)) throw invalidParameter(`Unknown expectation type '${String(e?.type)}'; known: ${[...KNOWN].join(", ")}.`);
  const maxExamples = options.maxExamples ?? 5;
  const results = suite.expectations.map((expectation) => ({ expectation, ...evaluate(table, expectation, maxExamples) }));
  const successful = results.filter((r) => r.success).length;
  return {
    suite: suite.name,
    success: successful === results.length,
    rowCount: table.rowCount,
    statistics: { evaluated: results.length, successful, unsuccessful: results.length - successful, successShare: results.length ? successful / results.length : 1 },
    results,
  };
}

/** A short description of one expectation, for messages and tables. */
export function describeExpectation(e: Expectation): string {
  const { type, ...args } = e;
  return `${type}(${Object.entries(args).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")})`;
}

/** A line per failed expectation: what was expected, what was observed, examples. */
export function failureLines(report: ValidationReport): string[] {
  return report.results
    .filter((r) => !r.success)
    .map((r) => {
      const detail = r.error ?? (r.unexpectedCount !== undefined ? `${r.unexpectedCount} of ${r.elementCount} values fail` : `observed ${JSON.stringify(r.observed)}`);
      const ex = r.examples?.length ? `; e.g. ${r.examples.map((x) => `row ${x.row}: ${JSON.stringify(x.value)}`).join(", ")}` : "";
      return `${describeExpectation(r.expectation)}: ${detail}${ex}`;
    });
}

/** The gate: throws a LabopsError listing every failed expectation; returns the report when all pass. */
export function assertValid(report: ValidationReport): ValidationReport {
  if (report.success) return report;
  const lines = failureLines(report);
  throw new LabopsError("INVALID_PARAMETER_VALUE", `Data validation failed: ${lines.length} of ${report.statistics.evaluated} expectations in suite '${report.suite}' did not hold:\n- ${lines.join("\n- ")}`);
}

/** validate + assertValid in one call. */
export function validationGate(table: ColumnTable, suite: ExpectationSuite, options?: ValidateOptions): ValidationReport {
  return assertValid(validate(table, suite, options));
}

export interface LearnSuiteOptions {
  name?: string;
  /** String columns with at most this many distinct values get an allowed set (default 20). */
  maxCategories?: number;
  /** Widen numeric and date ranges by this share of their span on each side (default 0). */
  rangeSlack?: number;
}

/** A reference suite learned from a dataset: columns, types, null shares, ranges, allowed sets. */
export function learnSuite(table: ColumnTable, options: LearnSuiteOptions = {}): ExpectationSuite {
  const maxCategories = options.maxCategories ?? 20;
  const slack = options.rangeSlack ?? 0;
  const expectations: Expectation[] = [{ type: "expectTableColumnsToMatchSet", columns: [...table.names] }];
  for (const name of table.names) {
    const c = table.columns[name]!;
    expectations.push({ type: "expectColumnValuesToBeOfType", column: name, valueType: c.type });
    let nulls = 0;
    for (let i = 0; i < table.rowCount; i++) if (c.type === "string" ? c.codes[i]! < 0 : Number.isNaN(c.values[i]!)) nulls++;
    // The observed non-null share, rounded down so the reference data itself passes.
    const share = table.rowCount ? Math.floor(((table.rowCount - nulls) / table.rowCount) * 1000) / 1000 : 1;
    expectations.push(share === 1 ? { type: "expectColumnValuesToNotBeNull", column: name } : { type: "expectColumnValuesToNotBeNull", column: name, mostly: share });
    if (c.type === "number" || c.type === "date") {
      let min = Infinity, max = -Infinity;
      for (const v of c.values) if (!Number.isNaN(v)) (min = Math.min(min, v)), (max = Math.max(max, v));
      if (min <= max) {
        const pad = (max - min) * slack;
        const bound = (x: number) => (c.type === "date" ? new Date(x).toISOString() : x);
        expectations.push({ type: "expectColumnValuesToBeBetween", column: name, min: bound(min - pad), max: bound(max + pad) });
      }
    } else if (c.type === "string") {
      const used = new Set<number>();
      for (const code of c.codes) if (code >= 0) used.add(code);
      if (used.size <= maxCategories) expectations.push({ type: "expectColumnValuesToBeInSet", column: name, valueSet: [...used].map((k) => c.categories[k]!).sort() });
    } else expectations.push({ type: "expectColumnValuesToBeInSet", column: name, valueSet: [true, false] });
  }
  return { name: options.name ?? "learned", expectations };
}
