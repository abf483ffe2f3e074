"""The Jupyter kernel conformance suite (jupyter_kernel_test) against the kernel named by LABOPS_KERNEL_NAME:
execute, errors, completion, inspection and is_complete."""
import os
import unittest

import jupyter_kernel_test


class LabopsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("LABOPS_KERNEL_NAME", "labops")
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": '"lab" + "ops"', "result": "'labops'"}]
    code_generate_error = 'throw new RangeError("bad range")'

    completion_samples = [{"text": "Math.ma", "matches": {"max"}}]
    complete_code_samples = ["const x = 1;", "%lsmagic", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const a = [1,"]
    invalid_code_samples = []

    code_inspect_sample = "Math.max"

    code_display_data = [
        {"code": 'await widgets.display(widgets.textDisplay("shown"))', "mime": "text/plain"},
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>")', "mime": "text/html"},
    ]
    code_clear_output = "widgets.clearOutput()"


if __name__ == "__main__":
    unittest.main()
