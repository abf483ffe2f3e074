#!/usr/bin/env node
// The `labops` executable: the tracking commands plus the notebook ones (run, export, kernel).

import { COMMANDS } from "../src/cli/commands";
import { main } from "../src/cli/main";
import { exportCommand } from "./commands/export";
import { kernelInstall, kernelList, kernelUninstall } from "./commands/kernel";
import { runCommand } from "./commands/run";

export const ALL_COMMANDS = [...COMMANDS, runCommand, exportCommand, kernelInstall, kernelUninstall, kernelList];

if (require.main === module) main(ALL_COMMANDS);
