"""Interrupts cells of the kernel named argv[1]: a synchronous loop, an awaiting cell, and loops that run after an
await (a %%track cell, a line magic before the loop, a plain await before it); then checks the kernel still works
and answers comm_info. argv[2] is a tracking store for the %%track cell. Prints one JSON line with what each
request got back."""
import json
import sys
import threading
import time

from jupyter_client.manager import start_new_kernel


def run(kc, code, interrupt_after=None, km=None):
    if interrupt_after is not None:
        threading.Timer(interrupt_after, km.interrupt_kernel).start()
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    errors = []
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            errors.append(msg["content"]["ename"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    c = reply["content"]
    return {"status": c["status"], "ename": c.get("ename"), "iopub_errors": errors}


def main():
    km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=90)
    try:
        started = time.time()
        sync = run(kc, "while (true) {}", 3, km)
        asynchronous = run(kc, "await new Promise((r) => setTimeout(r, 60000));", 3, km)
        setup = run(kc, f"labops.setTrackingUri({json.dumps(sys.argv[2])});\n%experiment interrupts")
        track = run(kc, "%%track --name looping\nlet spins = 0;\nwhile (true) { spins++; }", 4, km)
        line_magic = run(kc, "%experiment interrupts\nwhile (true) {}", 4, km)
        awaited = run(kc, "await Promise.resolve();\nfor (;;) {}", 4, km)
        after = run(kc, "1 + 1")
        kc.comm_info()
        comm = kc.get_shell_msg(timeout=30)
        comm_info = {"msg_type": comm["msg_type"], "content": comm["content"]}
        print(json.dumps({"sync": sync, "async": asynchronous, "setup": setup, "track": track, "line_magic": line_magic, "awaited": awaited, "after": after, "comm_info": comm_info, "seconds": time.time() - started}))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
