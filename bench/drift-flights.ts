// Benchmark (part of `npm run bench -- drift`): drift of each month of the 3M-row flights data (Feb..Jun 2001)
// against January, on delay, distance, origin and destination: a profile fitted once on January, then one report
// per month; against scipy's ks_2samp on the numeric columns and Evidently's DataDriftPreset on the same months.
// BENCH_DRIFT_FLIGHTS_EVIDENTLY_MONTHS (default 1) is how many months Evidently runs (all five take minutes).

import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { datasetFile, loadColumns } from "../src/data";
import type { ColumnTable } from "../src/data/column-table";
import { checkDrift, checkDriftParallel, closeDriftWorkers, fitReferenceProfile, fitReferenceProfileParallel, type DataColumns, type DriftReport } from "../src/drift";
import { ks2sampSorted, sortFinite } from "../src/stats";
import { cpuSeconds, evidentlyPython, loadAverage, mib } from "./drift";
import { peerPython, repoRoot } from "./peer";

const EVIDENTLY_MONTHS = Number(process.env.BENCH_DRIFT_FLIGHTS_EVIDENTLY_MONTHS ?? 1);
const THREADS = Number(process.env.BENCH_DRIFT_THREADS ?? Math.min(4, os.availableParallelism()));
const COLUMNS = ["delay", "distance", "origin", "destination"];

interface FlightsPeer {
  peer: string;
  load_seconds: number;
  reference_rows: number;
  ks_seconds: number;
  ks_cpu_seconds: number;
  ks: Record<string, { rows: number; pvalues: number[]; statistics: number[] }>;
  evidently: { peer: string; months: Record<string, { seconds: number; cpu_seconds: number; drifted_count: number; scores: number[]; tests: [string, number][] }> } | null;
  peak_rss_bytes: number;
}

/** Row ranges of each calendar month (UTC) of a date column sorted by time. */
function monthRanges(dates: Float64Array): { month: number; start: number; end: number }[] {
  const out: { month: number; start: number; end: number }[] = [];
  for (let i = 0; i < dates.length; i++) {
    if (i > 0 && dates[i]! < dates[i - 1]!) throw new Error("flights-3m is not sorted by date: month slices would need a gather");
    const m = new Date(dates[i]!).getUTCMonth() + 1;
    if (!out.length || out[out.length - 1]!.month !== m) out.push({ month: m, start: i, end: i });
    out[out.length - 1]!.end = i + 1;
  }
  return out;
}

/** One month's columns: numbers as views of the table (no copy), airport codes as strings (categorical). */
function monthColumns(table: ColumnTable, start: number, end: number): DataColumns {
  const out: DataColumns = {};
  for (const name of COLUMNS) {
    const c = table.columns[name]!;
    if (c.type === "string") out[name] = Array.from(c.codes.subarray(start, end), (k) => (k < 0 ? null : c.categories[k]!));
    else if (c.type === "number") out[name] = c.values.subarray(start, end);
    else throw new Error(`flights-3m column ${name} has type ${c.type}`);
  }
  return out;
}

export async function benchDriftFlights(): Promise<void> {
  let t = performance.now();
  const table = await loadColumns("flights-3m", { columns: ["date", ...COLUMNS] });
  const loadS = (performance.now() - t) / 1000;
  const dateCol = table.columns.date!;
  if (dateCol.type !== "date") throw new Error("flights-3m: date column expected");
  const ranges = monthRanges(dateCol.values);
  const [jan, ...later] = ranges;
  const reference = monthColumns(table, jan!.start, jan!.end);
  // Months with at least 1,000 rows (the data ends with a few flights of 1 July), as the peer script does.
  const months = later.filter((r) => r.end - r.start >= 1000).map((r) => ({ ...r, data: monthColumns(table, r.start, r.end) }));
  const rss0 = process.memoryUsage().rss;
  const load = loadAverage();

  const run = async (threads: number) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const profile = threads > 1 ? await fitReferenceProfileParallel(reference, { threads, copyColumns: false }) : fitReferenceProfile(reference, { copyColumns: false });
    const fit = (performance.now() - t0) / 1000;
    const reports: DriftReport[] = [];
    for (const m of months) reports.push(threads > 1 ? await checkDriftParallel(profile, m.data, { threads }) : checkDrift(profile, m.data));
    return { fit, total: (performance.now() - t0) / 1000, cpu: cpuSeconds(cpu0), reports, profile };
  };
  const serial = await run(1);
  const peak1 = process.resourceUsage().maxRSS * 1024;
  const parallel = THREADS > 1 ? await run(THREADS) : null;
  await closeDriftWorkers();
  if (parallel && JSON.stringify(parallel.reports) !== JSON.stringify(serial.reports)) throw new Error("the parallel flights reports differ from the serial ones");

  console.log(`flights-3m: loaded ${table.rowCount.toLocaleString()} rows in ${loadS.toFixed(1)} s; reference January ${(jan!.end - jan!.start).toLocaleString()} rows; months ${months.map((m) => `${m.month}: ${(m.end - m.start).toLocaleString()}`).join(", ")}; load average ${load}`);
  const line = (label: string, r: typeof serial) =>
    console.log(`labops ${label}: profile of January ${r.fit.toFixed(2)} s + ${months.length} monthly reports (${COLUMNS.join(", ")}) = ${r.total.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s)`);
  line("1 thread", serial);
  if (parallel) line(`${THREADS} worker threads`, parallel);
  console.log(`labops memory: peak RSS ${mib(peak1)} after the 1-thread run, ${mib(process.resourceUsage().maxRSS * 1024)} after all (rss with the table loaded and sliced by month, before any drift work: ${mib(rss0)}; the loader's own peak counts in both)`);
  serial.reports.forEach((r, i) => {
    const cols = r.columns.map((c) => `${c.column} ${c.test} ${c.score.toPrecision(4)}${c.drifted ? "*" : ""}`).join(", ");
    console.log(`  month ${months[i]!.month}: ${r.numberOfDriftedColumns}/${r.numberOfColumns} drifted (${cols})`);
  });

  const py = evidentlyPython() ?? peerPython(["scipy", "pyarrow", "pandas"]);
  if (!py) return console.log("no Python with scipy, pandas and pyarrow (`npm run peers`): no flights ratio.");
  const r = spawnSync(py, [path.join(repoRoot, "bench/peers/drift_flights_peer.py"), datasetFile("flights-3m"), String(EVIDENTLY_MONTHS)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) return console.log(`flights drift peer failed with ${py}: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`);
  const peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as FlightsPeer;

  // Our KS p-values on the same months, against scipy's.
  let maxRel = 0;
  for (const m of months) {
    const p = peer.ks[String(m.month)]!;
    ["delay", "distance"].forEach((c, j) => {
      const ks = ks2sampSorted(serial.profile.columns.find((x) => x.name === c)!.numeric!.sample.sorted, sortFinite(m.data[c] as Float64Array, new Float64Array(m.end - m.start)));
      if (p.pvalues[j]! > 1e-300) maxRel = Math.max(maxRel, Math.abs(ks.pValue - p.pvalues[j]!) / p.pvalues[j]!);
    });
  }
  const best = parallel && parallel.total < serial.total ? parallel : serial;
  const bestLabel = best === serial ? "1 thread" : `${THREADS} threads`;
  console.log(`${peer.peer}: ${peer.ks_seconds.toFixed(2)} s (CPU ${peer.ks_cpu_seconds.toFixed(2)} s) for delay and distance over the ${months.length} months; labops KS p-values vs scipy: max relative difference ${maxRel.toExponential(1)}`);
  console.log(`ratio scipy KS (2 numeric columns) / labops full reports (4 columns): ${(peer.ks_seconds / best.total).toFixed(1)}x wall (${bestLabel}), ${(peer.ks_cpu_seconds / serial.cpu).toFixed(1)}x CPU (1 thread)`);
  if (!peer.evidently) return console.log("Evidently not installed (scripts/setup-fixture-peers.sh puts it in .venv-evidently): no Evidently ratio on flights.");
  const evMonths = Object.keys(peer.evidently.months).map(Number);
  let evS = 0;
  let evCpu = 0;
  let agree = true;
  for (const m of evMonths) {
    const e = peer.evidently.months[String(m)]!;
    evS += e.seconds;
    evCpu += e.cpu_seconds;
    const ours = serial.reports[months.findIndex((x) => x.month === m)]!;
    agree &&= ours.numberOfDriftedColumns === e.drifted_count && ours.columns.every((c, j) => Math.abs(c.score - e.scores[j]!) <= 1e-9 * Math.max(1, Math.abs(e.scores[j]!)));
    console.log(`  ${peer.evidently.peer} month ${m}: ${e.seconds.toFixed(1)} s (CPU ${e.cpu_seconds.toFixed(1)} s), ${e.drifted_count}/4 drifted (${e.tests.map((x, j) => `${COLUMNS[j]} ${x[0]} ${e.scores[j]!.toPrecision(4)}`).join(", ")})`);
  }
  // labops' time for the same months: the profile fit plus those months' share of the reports.
  const perMonth = (r: typeof serial) => r.fit + ((r.total - r.fit) * evMonths.length) / months.length;
  console.log(`scores and verdicts equal Evidently's on month(s) ${evMonths.join(", ")}: ${agree}`);
  console.log(`ratio Evidently / labops on month(s) ${evMonths.join(", ")} (labops: January profile + those reports): ${(evS / perMonth(best)).toFixed(1)}x wall (${bestLabel}; goal >= 10x), ${(evCpu / ((serial.cpu * perMonth(serial)) / serial.total)).toFixed(1)}x CPU (1 thread)`);
}

if (require.main === module) benchDriftFlights().catch((e) => {
  console.error(e);
  process.exit(1);
});
