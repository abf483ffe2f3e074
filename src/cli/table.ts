// Plain-text tables for terminals: aligned columns, numbers to the right, long cells shortened.

export interface TextColumn {
  header: string;
  align?: "left" | "right";
  maxWidth?: number;
}

export function formatTable(columns: TextColumn[], rows: string[][]): string {
  const cells = rows.map((row) => row.map((cell, i) => clip(cell, columns[i]?.maxWidth ?? 60)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (row: string[]): string =>
    row
      .map((cell, i) => (columns[i]?.align === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function clip(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t]+/g, " ");
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

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
