// Deterministic, sticky assignment of a unit id to a variant by a salted hash (GrowthBook's hash v2, FNV-1a 32),
// so the serving side sends the same unit to the same arm on every request and process.

import { invalidParameter } from "../core/errors";

/** FNV-1a 32-bit over the UTF-16 code units of s (as GrowthBook's JS SDK). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A uniform bucket in [0, 1) for (salt, unitId): hash v2 = fnv(str(fnv(salt + id))) mod 10⁴ / 10⁴. */
export function hashUnit(salt: string, unitId: string): number {
  return (fnv1a32(String(fnv1a32(salt + unitId))) % 10000) / 10000;
}

/**
 * The variant of a unit for variant weights (e.g. [0.9, 0.1]: control 90%, challenger 10%); weights are
 * normalised. Expanding the challenger's share only moves units from control to challenger, never back, when the
 * challenger is the last variant: its bucket range grows from the top.
 */
export function assignVariant(unitId: string, salt: string, weights: readonly number[]): number {
  if (typeof unitId !== "string" || unitId.length === 0) throw invalidParameter(`unitId must be a non-empty string, got ${JSON.stringify(unitId)}.`);
  if (weights.length === 0) throw invalidParameter("assignVariant needs at least one weight.");
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w))) throw invalidParameter(`weights must be finite and >= 0, got ${w}.`);
    total += w;
  }
  if (!(total > 0)) throw invalidParameter("weights sum to 0: give at least one variant a positive weight.");
  const u = hashUnit(salt, unitId);
  // Count from the top so the last variant owns [1 − w_last, 1): growing it keeps its earlier units.
  let upper = 1;
  for (let v = weights.length - 1; v > 0; v--) {
    const lower = upper - weights[v]! / total;
    if (u >= lower) return v;
    upper = lower;
  }
  return 0;
}
