// Turns a file-system failure of a store into one LabopsError line that names the file and says what to do.

import { LabopsError } from "../core/errors";

/** `what` says what the store was doing ("write", "read"); `fallbackFile` is named when the error names none. */
/** Errors without a system error code (a LabopsError, a bug) come back unchanged. */
export function storeFailure(error: unknown, what: "read" | "write", fallbackFile: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof LabopsError || typeof e?.code !== "string") return error;
  const file = e.path ?? fallbackFile;
  const nothing = what === "write" ? " Nothing was changed." : "";
  switch (e.code) {
    case "ENOSPC":
    case "EDQUOT":
      return new LabopsError("INTERNAL_ERROR", `The disk is full: could not ${what} ${file} (${e.code}).${nothing} Free some space on that disk and try again.`, { cause: e });
    case "EACCES":
    case "EPERM":
      return new LabopsError("PERMISSION_DENIED", `Permission denied to ${what} ${file} (${e.code}).${nothing} Make the store folder ${what === "write" ? "writable" : "readable"} for this user, or use another store (LABOPS_TRACKING_URI).`, { cause: e });
    case "EROFS":
      return new LabopsError("PERMISSION_DENIED", `Cannot ${what} ${file}: it is on a read-only file system (EROFS).${nothing} Use a store on a writable disk (LABOPS_TRACKING_URI).`, { cause: e });
    case "ELOOP":
      return new LabopsError("INVALID_STATE", `Cannot ${what} ${file}: it is a symlink loop (ELOOP). Point the symlink at a real folder or remove it.`, { cause: e });
    case "ENOTDIR":
    case "EEXIST":
    case "ENOENT":
      return new LabopsError("INVALID_STATE", `Cannot ${what} ${file} (${e.code}): a part of that path is missing, not a folder, or a broken symlink.${nothing} Check the store path and its symlinks.`, { cause: e });
    case "EISDIR":
      return new LabopsError("INVALID_STATE", `Cannot ${what} ${file}: it is a folder where the store expects a file (EISDIR). Move it away.`, { cause: e });
    default:
      return new LabopsError("INTERNAL_ERROR", `Could not ${what} ${file}: ${oneLine(e.message)}.${nothing} Check the disk and the store folder, then try again.`, { cause: e });
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
