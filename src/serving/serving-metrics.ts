// Request counts per variant and a latency histogram, rendered in the Prometheus text exposition format.

/** Latency bucket upper bounds in seconds (Prometheus' convention is seconds). */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

export class ServingMetrics {
  private readonly requests = new Map<string, number>();
  private readonly predictions = new Map<string, number>();
  private readonly buckets = new Map<string, number[]>();
  private readonly sums = new Map<string, number>();

  /** One HTTP request answered with `status`. */
  countRequest(status: number): void {
    this.requests.set(String(status), (this.requests.get(String(status)) ?? 0) + 1);
  }

  /** One prediction served by `variant` in `seconds`. */
  observe(variant: string, seconds: number): void {
    this.predictions.set(variant, (this.predictions.get(variant) ?? 0) + 1);
    let b = this.buckets.get(variant);
    if (!b) this.buckets.set(variant, (b = new Array<number>(LATENCY_BUCKETS_S.length).fill(0)));
    for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) if (seconds <= LATENCY_BUCKETS_S[i]!) b[i]!++;
    this.sums.set(variant, (this.sums.get(variant) ?? 0) + seconds);
  }

  predictionCount(variant: string): number {
    return this.predictions.get(variant) ?? 0;
  }

  render(): string {
    const out: string[] = [];
    out.push("# HELP labops_http_requests_total HTTP requests to /predict by status code.", "# TYPE labops_http_requests_total counter");
    for (const [status, n] of [...this.requests].sort()) out.push(`labops_http_requests_total{status="${status}"} ${n}`);
    out.push("# HELP labops_predictions_total Predictions served, by variant.", "# TYPE labops_predictions_total counter");
    for (const [v, n] of [...this.predictions].sort()) out.push(`labops_predictions_total{variant="${v}"} ${n}`);
    out.push("# HELP labops_prediction_latency_seconds Time to answer one prediction request, by variant.", "# TYPE labops_prediction_latency_seconds histogram");
    for (const [v, b] of [...this.buckets].sort()) {
      LATENCY_BUCKETS_S.forEach((le, i) => out.push(`labops_prediction_latency_seconds_bucket{variant="${v}",le="${le}"} ${b[i]}`));
      out.push(`labops_prediction_latency_seconds_bucket{variant="${v}",le="+Inf"} ${this.predictions.get(v)}`);
      out.push(`labops_prediction_latency_seconds_sum{variant="${v}"} ${this.sums.get(v)}`);
      out.push(`labops_prediction_latency_seconds_count{variant="${v}"} ${this.predictions.get(v)}`);
    }
    return out.join("\n") + "\n";
  }
}
