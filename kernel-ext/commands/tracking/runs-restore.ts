// `labops runs restore RUN_ID`: bring a deleted run back.
import { runLifecycleCommand } from "./run-lifecycle";

export const runsRestore = runLifecycleCommand("restore");
