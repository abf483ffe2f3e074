// Numbers, times and durations as people read them, the same in the CLI's text and in widgets.

/** Numbers as people read them: up to 6 significant digits, no exponent for ordinary sizes. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const abs = Math.abs(n);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e9) ? n.toExponential(4) : String(Number(n.toPrecision(6)));
}

export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return "";
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

export function formatDuration(startMs: number, endMs: number | undefined): string {
  if (endMs === undefined) return "";
  const s = Math.max(0, (endMs - startMs) / 1000);
  if (s < 60) return `${s.toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
