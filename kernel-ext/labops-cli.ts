#!/usr/bin/env node
// The `labops` executable: every command of kernel-ext/commands that serves the command line.

import { main } from "../src/cli/main";
import { COMMANDS } from "./commands";

if (require.main === module) main(COMMANDS);
