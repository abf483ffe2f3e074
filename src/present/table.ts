// Plain-text tables for terminals and the text/plain of widgets: aligned columns, numbers to the right,
// long cells shortened. Widgets draw the same columns and rows as HTML.

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
