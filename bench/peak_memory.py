"""Peak memory of the current process, for the benchmarks' child processes.

ru_maxrss survives fork+exec on Linux (a child would report its parent's peak),
so the children read their own high-water mark, VmHWM, from /proc.
"""

from __future__ import annotations


def peak_rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("VmHWM is not in /proc/self/status (Linux only)")
