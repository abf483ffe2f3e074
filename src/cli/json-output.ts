// What `--json` prints: JSON with NaN and +/-Infinity kept apart as the strings "NaN", "Infinity" and
// "-Infinity" (MLflow's REST API writes them so), where JSON.stringify would turn all three into null.

export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2);
}
