// How a store reports what it skipped or repaired (a torn line, a stale lock) without failing the call.

export function storeWarning(message: string): void {
  process.emitWarning(message, { code: "LABOPS_STORE" });
}
