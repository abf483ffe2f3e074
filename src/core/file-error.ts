// One wording for file-system failures everywhere (stores, artifacts, the CLI): a LabopsError of one line that
// names the file, says what went wrong in words, and what to do.

import { LabopsError, type ErrorCode } from "./errors";

export type FileAction = "read" | "write" | "use";

/** A Node system error (it has a string `code` such as "ENOSPC"). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}

/** Any failure as a LabopsError: a LabopsError stays itself, a system error is worded, anything else is internal. */
export function fileError(e: unknown, file: string, doing: FileAction): LabopsError {
  if (e instanceof LabopsError) return e;
  if (!isSystemError(e)) {
    const text = e instanceof Error ? e.message : String(e);
    return new LabopsError("INTERNAL_ERROR", `Could not ${doing} ${file}: ${oneLine(text)}.`, { cause: e });
  }
  const [code, message] = describe(e.code!, file, doing);
  return new LabopsError(code, message, { cause: e });
}

/** Like fileError for system errors (naming `e.path` when it has one), but anything else comes back unchanged. */
export function systemFailure(e: unknown, doing: FileAction, fallbackFile: string): unknown {
  return isSystemError(e) ? fileError(e, e.path ?? fallbackFile, doing) : e;
}

function describe(code: string, file: string, doing: FileAction): [ErrorCode, string] {
  const nothing = doing === "write" ? " Nothing was changed." : "";
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return ["INTERNAL_ERROR", `The disk is full: could not ${doing} ${file} (${code}).${nothing} Free some space on that disk and try again.`];
    case "EACCES":
    case "EPERM":
      return ["PERMISSION_DENIED", `Permission denied to ${doing} ${file} (${code}).${nothing} Make it ${doing === "read" ? "readable" : "writable"} for this user, or use another store (LABOPS_TRACKING_URI).`];
    case "EROFS":
      return ["PERMISSION_DENIED", `Cannot ${doing} ${file}: it is on a read-only file system (EROFS).${nothing} Use a store on a writable disk (LABOPS_TRACKING_URI).`];
    case "ELOOP":
      return ["INVALID_STATE", `Cannot ${doing} ${file}: a symbolic link on the way loops or was refused (ELOOP). Point the link at a real file or folder, or remove it.`];
    case "ENOENT":
      return ["RESOURCE_DOES_NOT_EXIST", `Cannot ${doing} ${file}: it does not exist, or a symbolic link on the way is broken (ENOENT).${nothing} Check the path and its links.`];
    case "ENOTDIR":
    case "EEXIST":
      return ["INVALID_STATE", `Cannot ${doing} ${file} (${code}): a part of its path is not a folder.${nothing} Check the path.`];
    case "EISDIR":
      return ["INVALID_STATE", `Cannot ${doing} ${file}: it is a folder where a file was expected (EISDIR). Move it away.`];
    default:
      return ["INTERNAL_ERROR", `Could not ${doing} ${file} (${code}).${nothing} Check the disk and the folder, then try again.`];
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
