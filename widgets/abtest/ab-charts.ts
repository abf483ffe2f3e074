// Vega-Lite v5 specs of A/B results: the lift forest plot, the sequential p-value path and the rollout's traffic
// timeline. Each spec is a pure function of the result; the *Chart functions wrap it with its SVG.

import type { ExperimentAnalysis, MsprtResult, RolloutState } from "../../src/abtest";
import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";

const GOOD = "#2e7d32";
const BAD = "#c0392b";
const NEUTRAL = "#4c78a8";

/** One row per metric: relative lift in the better direction with its CI; 0 marked; colour by outcome. */
export function liftForestSpec(analysis: ExperimentAnalysis): VegaLiteSpec {
  const values = analysis.metrics.map((m) => {
    const sign = m.direction === "increase" ? 1 : -1;
    const [lo, hi] = sign > 0 ? [m.liftCi.lower, m.liftCi.upper] : [-m.liftCi.upper, -m.liftCi.lower];
    const outcome = m.guardrail?.status === "fail" || (m.significant && m.improvement < 0) ? "worse" : m.significant && m.improvement > 0 ? "better" : "not significant";
    return { metric: `${m.name} (${m.role})`, improvement: m.improvement, lower: lo, upper: hi, outcome, p: m.adjustedPValue };
  });
  const color = { field: "outcome", type: "nominal", scale: { domain: ["better", "not significant", "worse"], range: [GOOD, NEUTRAL, BAD] }, title: null };
  const y = { field: "metric", type: "nominal", title: null, sort: null };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: "Relative lift (better direction) with CIs",
    width: 360,
    height: { step: 26 },
    data: { values },
    layer: [
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { y, x: { field: "lower", type: "quantitative", title: "lift", axis: { format: "%" } }, x2: { field: "upper" }, color } },
      { mark: { type: "point", filled: true, size: 60, tooltip: true }, encoding: { y, x: { field: "improvement", type: "quantitative" }, color } },
      { data: { values: [{ zero: 0 }] }, mark: { type: "rule", strokeDash: [4, 3], color: "#888" }, encoding: { x: { field: "zero", type: "quantitative" } } },
    ],
  };
}

export function liftForestChart(analysis: ExperimentAnalysis): Chart {
  const text = analysis.metrics.map((m) => `${m.name}: ${(m.improvement * 100).toFixed(2)}% [${(m.liftCi.lower * 100).toFixed(2)}%, ${(m.liftCi.upper * 100).toFixed(2)}%]`).join("\n");
  return vegaLiteChart(liftForestSpec(analysis), text);
}

/** Always-valid p-value over looks (log scale) against alpha; x is time when the looks have it, else units per arm. */
export function sequentialPathSpec(result: MsprtResult): VegaLiteSpec {
  const timed = result.steps.every((s) => s.time !== undefined);
  const values = result.steps.map((s, i) => ({ look: i + 1, n: s.n, time: timed ? new Date(s.time!).toISOString() : null, pValue: Math.max(s.pValue, 1e-12), rejected: s.rejected }));
  const x = timed ? { field: "time", type: "temporal", title: "time" } : { field: "n", type: "quantitative", title: "units per arm" };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Always-valid p-value (mSPRT, τ² = ${result.tau2.toPrecision(3)})`,
    width: 420,
    height: 180,
    layer: [
      { data: { values }, mark: { type: "line", point: true, tooltip: true, interpolate: "step-after" }, encoding: { x, y: { field: "pValue", type: "quantitative", scale: { type: "log" }, title: "p-value" }, color: { value: NEUTRAL } } },
      { data: { values: [{ alpha: result.alpha }] }, mark: { type: "rule", strokeDash: [4, 3], color: BAD }, encoding: { y: { field: "alpha", type: "quantitative" } } },
    ],
  };
}

export function sequentialPathChart(result: MsprtResult): Chart {
  const last = result.steps.at(-1)!;
  const text = `mSPRT: ${result.steps.length} looks, p = ${last.pValue.toPrecision(3)} at n = ${last.n}; ${result.rejected ? `H0 rejected at look ${result.firstRejection + 1}` : "H0 not rejected"} (alpha ${result.alpha}).`;
  return vegaLiteChart(sequentialPathSpec(result), text);
}

/** The challenger's share of traffic over time, one step per audit entry, points coloured by action. */
export function trafficTimelineSpec(state: RolloutState, now = Date.now()): VegaLiteSpec {
  const values = state.audit.map((a) => ({ time: a.at, share: a.to.share, action: a.action, by: a.by, why: a.reasons.join(" ") }));
  // Extend the last share to now so the current stage is visible.
  const lastAt = Date.parse(state.audit.at(-1)!.at);
  const line = [...values, ...(now > lastAt ? [{ ...values.at(-1)!, time: new Date(now).toISOString(), action: "now" }] : [])];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Rollout ${state.name}: ${state.challenger} vs ${state.champion} (${state.status})`,
    width: 420,
    height: 160,
    layer: [
      { data: { values: line }, mark: { type: "line", interpolate: "step-after", color: NEUTRAL }, encoding: { x: { field: "time", type: "temporal", title: null }, y: { field: "share", type: "quantitative", title: "challenger traffic", axis: { format: "%" }, scale: { domain: [0, 1] } } } },
      {
        data: { values },
        mark: { type: "point", filled: true, size: 80, tooltip: true },
        encoding: {
          x: { field: "time", type: "temporal" },
          y: { field: "share", type: "quantitative" },
          color: { field: "action", type: "nominal", scale: { domain: ["start", "expand", "promote", "rollback"], range: [NEUTRAL, "#f58518", GOOD, BAD] } },
          tooltip: [{ field: "action" }, { field: "time", type: "temporal" }, { field: "by" }, { field: "why" }],
        },
      },
    ],
  };
}

export function trafficTimelineChart(state: RolloutState, now = Date.now()): Chart {
  const text = state.audit.map((a) => `${a.at} ${a.action} ${(a.from.share * 100).toFixed(0)}% -> ${(a.to.share * 100).toFixed(0)}% by ${a.by}: ${a.reasons.join(" ")}`).join("\n");
  return vegaLiteChart(trafficTimelineSpec(state, now), text);
}
