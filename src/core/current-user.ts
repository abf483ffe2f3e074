// Who is acting, for run tags, registry versions and audit entries.

import os from "node:os";

/** LABOPS_USER, else MLFLOW_TRACKING_USERNAME, else the OS user. */
export function currentUser(): string {
  const fromEnv = process.env.LABOPS_USER || process.env.MLFLOW_TRACKING_USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}
