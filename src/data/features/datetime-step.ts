// Datetime features (UTC): calendar parts as numbers, or as sin/cos pairs for cyclical parts (month, weekday, hour...).

import { invalidParameter } from "../../core/errors";
import type { ColumnTable } from "../column-table";
import type { DatePart, DatetimeStepSpec } from "./feature-spec";
import { inputColumn, type FittedStep } from "./step";

const DAY_MS = 86_400_000;
/** Period and zero point of each part, for the sin/cos encoding: angle = 2π (part - start) / period. */
const CYCLE: Record<DatePart, { period: number; start: number } | null> = {
  year: null,
  month: { period: 12, start: 1 },
  day: { period: 31, start: 1 },
  dayOfWeek: { period: 7, start: 0 },
  dayOfYear: { period: 366, start: 1 },
  hour: { period: 24, start: 0 },
  minute: { period: 60, start: 0 },
};

/** Year, month (1-12), day (1-31) from days since 1970-01-01: Howard Hinnant's civil_from_days, no Date objects. */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The part of a date given as epoch ms; pandas' conventions (dayOfWeek 0 = Monday). */
export function datePart(ms: number, part: DatePart): number {
  if (Number.isNaN(ms)) return NaN;
  const days = Math.floor(ms / DAY_MS);
  const inDay = ms - days * DAY_MS;
  switch (part) {
    case "hour":
      return Math.floor(inDay / 3_600_000);
    case "minute":
      return Math.floor(inDay / 60_000) % 60;
    case "dayOfWeek":
      return (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    default: {
      const [y, m, d] = civil(days);
      if (part === "year") return y;
      if (part === "month") return m;
      if (part === "day") return d;
      return CUMULATIVE[m - 1]! + d + (m > 2 && leap(y) ? 1 : 0);
    }
  }
}

const PARTS = Object.keys(CYCLE) as DatePart[];

export function fitDatetime(spec: DatetimeStepSpec, table: ColumnTable): FittedStep {
  const parts = spec.parts ?? [];
  const cyclical = spec.cyclical ?? [];
  for (const p of [...parts, ...cyclical]) if (!PARTS.includes(p)) throw invalidParameter(`datetime step: unknown part '${p}'; use ${PARTS.join(", ")}.`);
  for (const p of cyclical) if (!CYCLE[p]) throw invalidParameter(`datetime step: '${p}' has no cycle; encode it as a plain part.`);
  if (!parts.length && !cyclical.length) throw invalidParameter(`datetime step on ${spec.columns.join(", ")}: name some parts or cyclical parts.`);
  for (const c of spec.columns) inputColumn(table, c, ["date"], "datetime");
  return datetimeStep(spec);
}

export function datetimeStep(spec: DatetimeStepSpec): FittedStep {
  const parts = spec.parts ?? [];
  const cyclical = spec.cyclical ?? [];
  const perColumn = (c: string) => [...parts.map((p) => `${c}_${p}`), ...cyclical.flatMap((p) => [`${c}_${p}_sin`, `${c}_${p}_cos`])];
  const width = parts.length + 2 * cyclical.length;
  return {
    spec,
    names: spec.columns.flatMap(perColumn),
    state: () => null,
    write(table, out, stride, offset) {
      spec.columns.forEach((name, j) => {
        const values = (inputColumn(table, name, ["date"], "datetime") as { values: Float64Array }).values;
        const base = offset + j * width;
        for (let i = 0, row = base; i < values.length; i++, row += stride) {
          const ms = values[i]!;
          let k = row;
          for (const p of parts) out[k++] = datePart(ms, p);
          for (const p of cyclical) {
            const { period, start } = CYCLE[p]!;
            const angle = (2 * Math.PI * (datePart(ms, p) - start)) / period;
            out[k++] = Math.sin(angle);
            out[k++] = Math.cos(angle);
          }
        }
      });
    },
  };
}
