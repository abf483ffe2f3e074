// Tuning quality and overhead against Optuna: best value after 50/100/200 trials on Branin, Hartmann-6 and
// Rosenbrock-5 averaged over seeds (labops TPE vs Optuna TPE vs random), and sampler overhead per trial at
// 1,000 trials. Optuna 4.x comes from `npm run peers` (.venv-fixtures).
// Usage: node dist/bench/tune.js [--quick]   (--quick: 5 seeds instead of 20, overhead at 300 trials)

import { spawnSync } from "node:child_process";
import path from "node:path";
import { createStudy, RandomSampler, TPESampler, type Trial } from "../src/tune";
import { noPeerPython, peerPython, repoRoot } from "./peer";



const HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];

export const PROBLEMS: Record<string, { optimum: number; objective: (t: Trial) => number }> = {
  branin: {
    optimum: 0.397887,
    objective: (t) => {
      const x = t.suggestFloat("x", -5, 10);
      const y = t.suggestFloat("y", 0, 15);
      const b = 5.1 / (4 * Math.PI ** 2);
      const c = 5 / Math.PI;
      return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    },
  },
  hartmann6: {
    optimum: -3.32237,
    objective: (t) => {
      const x = Array.from({ length: 6 }, (_, i) => t.suggestFloat(`x${i}`, 0, 1));
      let total = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j] * 1e-4) ** 2;
        total += HARTMANN_ALPHA[i] * Math.exp(-inner);
      }
      return -total;
    },
  },
  rosenbrock5: {
    optimum: 0,
    objective: (t) => {
      const x = Array.from({ length: 5 }, (_, i) => t.suggestFloat(`x${i}`, -5, 10));
      let s = 0;
      for (let i = 0; i < 4; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return s;
    },
  },
};

function optunaPython(): string {
  const found = peerPython(["optuna"]);
  if (!found) throw new Error(noPeerPython(["optuna"]));
  return found;
}

function runOptuna<T>(args: string[]): T {
  const r = spawnSync(optunaPython(), [path.join(repoRoot, "bench/peers/optuna_peer.py"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`optuna_peer.py ${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

async function labopsCurve(problem: string, sampler: "tpe" | "random", seed: number, trials: number): Promise<number[]> {
  const study = await createStudy({ sampler: sampler === "tpe" ? new TPESampler({ seed }) : new RandomSampler({ seed }) });
  await study.optimize(PROBLEMS[problem].objective, { nTrials: trials });
  let best = Infinity;
  return study.trials.map((t) => (best = Math.min(best, t.values![0])));
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(xs.length - 1, 1));
  return { mean, se: sd / Math.sqrt(xs.length) };
}

export async function benchTune(quick: boolean): Promise<void> {
  const seeds = Array.from({ length: quick ? 5 : 20 }, (_, i) => i);
  const budgets = [50, 100, 200];
  const maxTrials = budgets[budgets.length - 1];
  let peerVersion = "";
  console.log(`seeds: ${seeds.length}; values are mean best-so-far (± standard error); lower is better`);
  for (const problem of Object.keys(PROBLEMS)) {
    const curves: Record<string, number[][]> = { "labops TPE": [], "labops random": [] };
    for (const seed of seeds) {
      curves["labops TPE"].push(await labopsCurve(problem, "tpe", seed, maxTrials));
      curves["labops random"].push(await labopsCurve(problem, "random", seed, maxTrials));
    }
    for (const s of ["tpe", "random"] as const) {
      const out = runOptuna<{ peer: string; curves: number[][] }>(["quality", problem, s, seeds.join(","), String(maxTrials)]);
      curves[`optuna ${s === "tpe" ? "TPE" : "random"}`] = out.curves;
      peerVersion = out.peer.split(" ").slice(0, 2).join(" ");
    }
    console.log(`\n${problem} (optimum ${PROBLEMS[problem].optimum})`);
    console.log(["sampler".padEnd(15), ...budgets.map((b) => `${b} trials`.padStart(22))].join(""));
    for (const [name, cs] of Object.entries(curves)) {
      const cells = budgets.map((b) => {
        const { mean, se } = meanSe(cs.map((c) => c[b - 1]));
        return `${mean.toPrecision(5)} ± ${se.toPrecision(2)}`.padStart(22);
      });
      console.log([name.padEnd(15), ...cells].join(""));
    }
    const diffs = budgets.map((b) => {
      const a = meanSe(curves["labops TPE"].map((c) => c[b - 1]));
      const o = meanSe(curves["optuna TPE"].map((c) => c[b - 1]));
      return ((a.mean - o.mean) / Math.sqrt(a.se ** 2 + o.se ** 2 || 1)).toFixed(2);
    });
    console.log(`labops TPE - optuna TPE, in standard errors (positive: labops worse): ${diffs.join(", ")}`);
  }

  const n = quick ? 300 : 1000;
  const started = process.hrtime.bigint();
  await labopsCurve("hartmann6", "tpe", 0, n);
  const ours = Number(process.hrtime.bigint() - started) / 1e9;
  const peer = runOptuna<{ peer: string; seconds: number }>(["overhead", "hartmann6", String(n)]);
  console.log(`\noverhead at ${n} trials (Hartmann-6, TPE, in-memory): labops ${((ours / n) * 1000).toFixed(2)} ms/trial, ` +
    `${peer.peer} ${((peer.seconds / n) * 1000).toFixed(2)} ms/trial; ratio labops/optuna = ${(ours / peer.seconds).toFixed(2)}`);
  console.log(`peer: ${peerVersion}`);
}

if (require.main === module) {
  benchTune(process.argv.includes("--quick")).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
