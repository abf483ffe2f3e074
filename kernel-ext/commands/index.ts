// Every labops command, in one list: the CLI (`labops ...`), the magics (`%runs list`, `%%track`),
// `%lsmagic`, `labops --help`, `%name?` and the script exporter all read it.
//
// How to add a command (e.g. `labops drift report` and `%drift report`):
//  1. Create kernel-ext/commands/<capability>/<verb>.ts (here drift/drift-report.ts), exporting
//     `defineCommand({ name: "drift report", summary, surfaces: ["cli", "line"], options, positionals, run, text, view })`.
//  2. Declare options as literals ({ name: "max", type: "number", ... }): `args.options.max` is then typed.
//  3. `run` does the work and returns plain data; `text` renders it for a terminal (the CLI prints it),
//     `json` picks what `--json` prints (default: the result), `view` returns a widget for notebooks.
//  4. Load heavy modules (the store, tfjs, tslab, widgets, vega) with require() inside run/view, never at the
//     top of the file: every command file loads when the CLI starts, and `labops --help` must stay fast.
//  5. Import it below and add it to COMMANDS. A two-word name makes a subcommand of the magic %<first word>.

import type { Command } from "../../src/cli/command";
import { collectCommand } from "./data/collect";
import { datasetsList, datasetsShow } from "./data/datasets";
import { featuresFit } from "./data/features-fit";
import { validateCommand } from "./data/validate";
import { doctorCommand } from "./engine/doctor";
import { trainCommand } from "./engine/train";
import { engineInstall } from "./engine/engine-install";
import { engineList } from "./engine/engine-list";
import { engineUninstall } from "./engine/engine-uninstall";
import { evaluateCommand } from "./evaluation/evaluate";
import { driftCommand } from "./drift/drift";
import { monitorCommand } from "./drift/monitor";
import { abCheck } from "./abtest/ab-check";
import { abExpand } from "./abtest/ab-expand";
import { abPromote } from "./abtest/ab-promote";
import { abRollback } from "./abtest/ab-rollback";
import { abStart } from "./abtest/ab-start";
import { abStatus } from "./abtest/ab-status";
import { serveCommand } from "./abtest/serve";
import { exportCommand } from "./notebook/export";
import { kernelInstall } from "./notebook/kernel-install";
import { kernelList } from "./notebook/kernel-list";
import { kernelUninstall } from "./notebook/kernel-uninstall";
import { runCommand } from "./notebook/run";
import { syncCommand } from "./mlflow/sync";
import { modelsAlias } from "./registry/models-alias";
import { modelsDelete } from "./registry/models-delete";
import { modelsHistory } from "./registry/models-history";
import { modelsList } from "./registry/models-list";
import { modelsPromote } from "./registry/models-promote";
import { modelsRegister } from "./registry/models-register";
import { modelsRollback } from "./registry/models-rollback";
import { modelsShow } from "./registry/models-show";
import { experimentMagic } from "./tracking/experiment";
import { experimentsList } from "./tracking/experiments-list";
import { logMetricsMagic } from "./tracking/log-metrics";
import { logParamsMagic } from "./tracking/log-params";
import { runsCompare } from "./tracking/runs-compare";
import { runsDelete } from "./tracking/runs-delete";
import { runsList } from "./tracking/runs-list";
import { runsMetrics } from "./tracking/runs-metrics";
import { runsRestore } from "./tracking/runs-restore";
import { runsShow } from "./tracking/runs-show";
import { trackMagic } from "./tracking/track";
import { tuneCommand } from "./tune/tune";

export const COMMANDS: readonly Command[] = [
  // tracking
  experimentsList,
  runsList,
  runsShow,
  runsMetrics,
  runsDelete,
  runsRestore,
  runsCompare,
  experimentMagic,
  logParamsMagic,
  logMetricsMagic,
  trackMagic,
  // registry
  modelsRegister,
  modelsPromote,
  modelsRollback,
  modelsAlias,
  modelsList,
  modelsShow,
  modelsHistory,
  modelsDelete,
  // data
  datasetsList,
  datasetsShow,
  collectCommand,
  validateCommand,
  featuresFit,
  // engine
  doctorCommand,
  trainCommand,
  engineInstall,
  engineList,
  engineUninstall,
  // evaluation
  evaluateCommand,
  // tuning
  tuneCommand,
  // drift
  driftCommand,
  monitorCommand,
  // A/B rollouts and serving
  serveCommand,
  abStart,
  abCheck,
  abExpand,
  abPromote,
  abRollback,
  abStatus,
  // MLflow server
  syncCommand,
  // notebook
  runCommand,
  exportCommand,
  kernelInstall,
  kernelUninstall,
  kernelList,
];
