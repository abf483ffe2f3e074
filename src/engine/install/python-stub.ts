// The C source of libpystub.so: TF 2.9's C API lives in its Python extension, which imports Python symbols that Node never calls; the stub defines them so the library loads without a libpython.

/** Python data symbols (type objects, singletons, exception classes) become zero-filled objects; all else an abort-if-called function. */
const isData = (s: string): boolean => /^PyExc_|_Type$|^_Py_(NoneStruct|TrueStruct|FalseStruct|NotImplementedStruct|EllipsisObject)$/.test(s);

/** Undefined `Py*`/`_Py*` names from `nm -D --undefined-only` output (version suffixes dropped, sorted, unique). */
export function pythonImports(nmOutput: string): string[] {
  const names = new Set<string>();
  for (const line of nmOutput.split("\n")) {
    const m = /^\s*U\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/@.*$/, "");
    if (/^_?Py/.test(name)) names.add(name);
  }
  return [...names].sort();
}

export function pythonStubSource(symbols: readonly string[]): string {
  const lines = [
    "#include <stdio.h>",
    "#include <stdlib.h>",
    'static void die(const char *name) { fprintf(stderr, "labops pystub: Python function %s called from libtensorflow\\n", name); abort(); }',
  ];
  for (const s of symbols) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`not a C identifier: ${s}`);
    lines.push(isData(s) ? `char ${s}[4096];` : `void ${s}(void) { die("${s}"); }`);
  }
  return lines.join("\n") + "\n";
}
