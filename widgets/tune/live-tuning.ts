// Live progress of a tuning job: a progress bar whose line is the status (trials complete / pruned / failed and
// the best value) and, where a notebook shows updates, the optimisation history with its best-so-far line,
// redrawn in place after each trial. In a terminal or a log only the bar draws (on stderr).

import type { FrozenTrial } from "../../src/tune";
import { currentDisplaySink } from "../display-sink";
import { LiveDisplay, type Clock } from "../live-display";
import { MIME, type MimeBundle } from "../mime-bundle";
import { ProgressBar, type TextStream } from "../progress-bar";
import { renderSvg } from "../vega-svg";
import { optimizationHistoryData, optimizationHistorySpec } from "./optimization-history";
import type { StudyLike } from "./study-data";
import { fmt } from "./study-data";

export interface LiveTuningOptions {
  /** Trials the job runs; without it (a timeout only) the bar runs over `timeout` seconds. */
  trials?: number;
  timeout?: number;
  studyName?: string;
  /** Name of the objective in the status, e.g. val_loss. */
  objective?: string;
  stream?: TextStream;
  clock?: Clock;
}

export interface TuningStatus {
  finished: number;
  complete: number;
  pruned: number;
  failed: number;
  best: { number: number; value: number } | null;
}

/** The status of a study: finished trials by state, and the best complete one. */
export function tuningStatus(study: StudyLike): TuningStatus {
  const trials = study.getTrials();
  const by = (s: FrozenTrial["state"]) => trials.filter((t) => t.state === s).length;
  const maximize = study.directions[0] === "maximize";
  let best: TuningStatus["best"] = null;
  for (const t of trials) {
    if (t.state !== "COMPLETE" || !t.values || !Number.isFinite(t.values[0]!)) continue;
    if (!best || (maximize ? t.values[0]! > best.value : t.values[0]! < best.value)) best = { number: t.number, value: t.values[0]! };
  }
  const complete = by("COMPLETE"), pruned = by("PRUNED"), failed = by("FAIL");
  return { finished: complete + pruned + failed, complete, pruned, failed, best };
}

export function statusLine(s: TuningStatus, total: number | undefined, objective: string): string {
  const best = s.best ? `; best ${objective} ${fmt(s.best.value)} (trial ${s.best.number})` : "";
  return `${s.finished}${total !== undefined ? `/${total}` : ""} trials: ${s.complete} complete, ${s.pruned} pruned, ${s.failed} failed${best}`;
}

export class LiveTuning {
  readonly bar: ProgressBar;
  private readonly chart: LiveDisplay | null;
  private readonly options: LiveTuningOptions;
  private readonly started: number;
  private readonly clock: Clock | undefined;
  private last: { study: StudyLike; status: TuningStatus } | null = null;

  constructor(options: LiveTuningOptions) {
    this.options = options;
    this.clock = options.clock;
    this.started = (options.clock ?? { now: () => Date.now() }).now();
    const total = options.trials ?? options.timeout;
    if (total === undefined) throw new RangeError("LiveTuning needs trials or timeout.");
    this.bar = new ProgressBar({ total, label: `Tuning${options.studyName ? ` ${options.studyName}` : ""}`, stream: options.stream, clock: options.clock });
    const sink = currentDisplaySink();
    this.chart = sink && sink.live !== false ? new LiveDisplay({ sink, clock: options.clock }) : null;
  }

  /** Whether the history is drawn live (in a notebook): its last state then stays, and a final report omits it. */
  get showsHistory(): boolean {
    return this.chart !== null;
  }

  /** After each trial: moves the bar and redraws the history. */
  update(study: StudyLike): void {
    const status = tuningStatus(study);
    this.last = { study, status };
    const position = this.options.trials !== undefined ? status.finished : Math.min(this.options.timeout!, ((this.clock ?? { now: () => Date.now() }).now() - this.started) / 1000);
    this.bar.update(position, { complete: status.complete, pruned: status.pruned, failed: status.failed, ...(status.best ? { best: status.best.value } : {}) });
    this.chart?.show(() => this.bundle(study, status));
  }

  /** The last state, with the chart's SVG for reports and frontends without Vega-Lite. */
  async close(): Promise<void> {
    this.bar.close();
    if (!this.chart || !this.last) return;
    const bundle = this.bundle(this.last.study, this.last.status);
    bundle[MIME.svg] = await renderSvg(bundle[MIME.vegaLite] as never);
    this.chart.show(bundle);
    this.chart.close();
  }

  /** The history chart with the status as its subtitle (JupyterLab shows the Vega-Lite key alone). */
  bundle(study: StudyLike, status: TuningStatus): MimeBundle {
    const line = statusLine(status, this.options.trials, this.options.objective ?? "value");
    const spec = optimizationHistorySpec(optimizationHistoryData(study));
    spec.title = { text: "Optimization history", subtitle: line };
    return { [MIME.text]: `Optimization history: ${line}`, [MIME.vegaLite]: spec };
  }
}
