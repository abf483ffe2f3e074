// Tiny inline SVG bar charts (sparklines) of a distribution's shares, for table cells: no script, no renderer.

import { escapeHtml } from "../html";

export interface SparklineOptions {
  width?: number;
  height?: number;
  color?: string;
  /** Shares of the other dataset drawn to the same scale, so two sparklines side by side compare. */
  scaleWith?: readonly number[];
  title?: string;
}

/** Bars of `shares` (any non-negative numbers) as an <svg> element string. */
export function sparklineSvg(shares: readonly number[], options: SparklineOptions = {}): string {
  const { width = 90, height = 24, color = "#4c78a8", scaleWith = [], title } = options;
  const max = Math.max(...shares.filter(Number.isFinite), ...scaleWith.filter(Number.isFinite), 0);
  const n = Math.max(shares.length, 1);
  const w = width / n;
  const bars = shares
    .map((v, i) => {
      const h = max > 0 && Number.isFinite(v) ? Math.max((v / max) * height, v > 0 ? 1 : 0) : 0;
      return `<rect x="${(i * w).toFixed(2)}" y="${(height - h).toFixed(2)}" width="${Math.max(w - 1, 0.5).toFixed(2)}" height="${h.toFixed(2)}" fill="${color}"/>`;
    })
    .join("");
  const label = title ? `<title>${escapeHtml(title)}</title>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${label}${bars}</svg>`;
}
