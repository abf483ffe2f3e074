// The experiments table, the same in `labops experiments list` and the notebook widget.

import type { Experiment } from "../entities";
import { formatTime } from "./format";
import type { TextColumn } from "./table";

export const EXPERIMENT_COLUMNS: TextColumn[] = [{ header: "ID", align: "right" }, { header: "NAME" }, { header: "STAGE" }, { header: "CREATED" }, { header: "ARTIFACT LOCATION", maxWidth: 80 }];

export function experimentRows(experiments: readonly Experiment[]): string[][] {
  return experiments.map((e) => [e.experimentId, e.name, e.lifecycleStage, formatTime(e.creationTime), e.artifactLocation]);
}
