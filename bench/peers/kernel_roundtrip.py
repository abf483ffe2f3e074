"""Median round trip of a trivial cell through jupyter_client, for the kernel named argv[1].
Usage: kernel_roundtrip.py KERNEL_NAME N. Prints one JSON line."""
import json
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel


def main():
    name, n = sys.argv[1], int(sys.argv[2])
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    try:
        kc.execute_interactive("1", timeout=60, output_hook=lambda msg: None)  # warm-up: the first cell compiles the TypeScript service
        times = []
        lost = 0
        for _ in range(n):
            start = time.perf_counter()
            try:
                reply = kc.execute_interactive("1", timeout=5, output_hook=lambda msg: None)
            except TimeoutError:
                lost += 1  # a reply or status the kernel never sent: counted, not timed
                continue
            times.append(time.perf_counter() - start)
            assert reply["content"]["status"] == "ok", reply["content"]
        print(json.dumps({"kernel": name, "cells": n, "lost": lost, "median_ms": statistics.median(times) * 1000, "p90_ms": sorted(times)[int(len(times) * 0.9)] * 1000}))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
