// `labops runs delete RUN_ID`: soft-delete a run.
import { runLifecycleCommand } from "./run-lifecycle";

export const runsDelete = runLifecycleCommand("delete");
