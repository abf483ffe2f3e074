"""Runs left active when the kernel named argv[1] restarts or shuts down end KILLED. argv[2] is the tracking store.
1. A run started by a cell and never ended, then a restart (shutdown_request with restart).
2. A %%track cell still awaiting when the kernel is shut down (Jupyter interrupts first, then asks it to end).
Prints one JSON line; the Node test reads the runs' statuses from the store."""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def run(kc, code):
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]["status"]


def main():
    kernel, store = sys.argv[1:3]
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=90)
    result = {}
    try:
        setup = f"labops.setTrackingUri({json.dumps(store)});\n%experiment shutdowns"
        result["setup"] = run(kc, setup)
        result["left_open"] = run(kc, 'await labops.startRun({ runName: "left-open" });\nlabops.logMetric("m", 1);')
        started = time.time()
        km.restart_kernel(now=False)
        result["restart_seconds"] = round(time.time() - started, 1)
        kc.stop_channels()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=90)
        result["setup_after_restart"] = run(kc, setup)
        kc.execute("%%track --name awaiting\nawait new Promise((r) => setTimeout(r, 600000));")
        time.sleep(3)
        started = time.time()
        km.shutdown_kernel(now=False)
        result["shutdown_seconds"] = round(time.time() - started, 1)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
