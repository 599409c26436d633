"""Run a command and report its wall time and its own peak memory: `launch.py REPORT.json CMD...`.

Linux counts, in a child's ru_maxrss, the memory of the process it was forked from, so a large
benchmark process would inflate the figure of every command it starts. This small launcher is
started fresh, forks the command from itself, and writes {"seconds", "peak_mb", "code"} to
REPORT.json; the command's figure then includes at most the launcher's own few megabytes.
"""
import json
import os
import sys
import time

report, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
with open(report, "w", encoding="utf-8") as handle:
    json.dump({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "code": code}, handle)
sys.exit(code if code >= 0 else 1)
