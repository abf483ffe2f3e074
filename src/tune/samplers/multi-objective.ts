// Pareto helpers shared by NSGA-II, bestTrials and the Pareto-front chart: constrained domination,
// non-dominated sorting and crowding distance (Deb et al. 2002, as in Optuna).

import { type FrozenTrial, type StudyDirection, violation } from "../frozen-trial";

/** a dominates b on minimised vectors. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictly = true;
  }
  return strictly;
}

export function minimised(t: FrozenTrial, directions: readonly StudyDirection[]): number[] {
  return t.values!.map((v, i) => (directions[i] === "maximize" ? -v : v));
}

/** Feasible beats infeasible; of two infeasible, the smaller violation wins; of two feasible, Pareto dominance. */
export function constrainedDominates(a: FrozenTrial, b: FrozenTrial, directions: readonly StudyDirection[]): boolean {
  const va = violation(a);
  const vb = violation(b);
  if (va === 0 && vb > 0) return true;
  if (va > 0 && vb === 0) return false;
  if (va > 0 && vb > 0) return va < vb;
  return dominates(minimised(a, directions), minimised(b, directions));
}

/** Fronts of indices: front 0 is non-dominated, front 1 is non-dominated once front 0 is removed, ... */
export function nonDominatedSort(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): number[][] {
  const n = trials.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (constrainedDominates(trials[i], trials[j], directions)) {
        dominating[i].push(j);
        dominatedBy[j]++;
      } else if (constrainedDominates(trials[j], trials[i], directions)) {
        dominating[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = dominatedBy.map((c, i) => (c === 0 ? i : -1)).filter((i) => i >= 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    current = next;
  }
  return fronts;
}

/** Crowding distance of each member of one front (boundary points get Infinity). */
export function crowdingDistance(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): number[] {
  const n = trials.length;
  const dist = new Array<number>(n).fill(0);
  if (n <= 2) return dist.fill(Infinity);
  const m = directions.length;
  const vals = trials.map((t) => minimised(t, directions));
  for (let k = 0; k < m; k++) {
    const order = vals.map((_, i) => i).sort((a, b) => vals[a][k] - vals[b][k]);
    const lo = vals[order[0]][k];
    const hi = vals[order[n - 1]][k];
    dist[order[0]] = Infinity;
    dist[order[n - 1]] = Infinity;
    if (hi === lo) continue;
    for (let r = 1; r < n - 1; r++) dist[order[r]] += (vals[order[r + 1]][k] - vals[order[r - 1]][k]) / (hi - lo);
  }
  return dist;
}
