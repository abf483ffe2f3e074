// Small histograms as Unicode block characters: readable in a terminal, a log and HTML alike.

const BARS = "▁▂▃▄▅▆▇█";

export function sparkline(counts: number[]): string {
  const max = Math.max(0, ...counts);
  if (max === 0) return "";
  // Any non-zero count shows at least the lowest bar, so rare values stay visible.
  return counts.map((c) => (c === 0 ? " " : BARS[Math.min(BARS.length - 1, Math.floor((c / max) * (BARS.length - 1) + 0.5))]!)).join("");
}
