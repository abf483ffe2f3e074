// Every labops command, by name: the CLI and the magics both dispatch through this list.
import type { Command } from "../command";
import { experimentsList } from "./experiments";
import { MODEL_COMMANDS } from "./models";
import { runsCompare, runsDelete, runsList, runsMetrics, runsRestore, runsShow } from "./runs";

export const COMMANDS: readonly Command[] = [experimentsList, runsList, runsShow, runsMetrics, runsDelete, runsRestore, runsCompare, ...MODEL_COMMANDS];
