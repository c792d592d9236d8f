"""Run a command and report the peak resident memory of its whole process tree.

    python -m tests.hostile.peak_memory -- roadmap500 convert … -w 2

Samples /proc every 0.1 s: the sum of RSS over the command and all its descendants (the
main process and its workers), and the largest single process.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

_PAGE_KIB = 4


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo.extend(int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split())
        except OSError:
            pass
    return out


def _rss_kib(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def _is_main(pid: int) -> bool:
    """The roadmap500 main process (not a worker, not multiprocessing's helpers)."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"roadmap500" in cmd and b"multiprocessing" not in cmd and b"peak_memory" not in cmd


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    started = time.monotonic()
    proc = subprocess.Popen(command)
    peak_total = peak_one = peak_main = 0
    while proc.poll() is None:
        tree = _tree(proc.pid)
        sizes = [_rss_kib(p) for p in tree]
        peak_total = max(peak_total, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0))
        peak_main = max(peak_main, max((_rss_kib(p) for p in tree if _is_main(p)), default=0))
        time.sleep(0.1)
    print(f"peak_memory: exit code {proc.returncode}, {time.monotonic() - started:.1f} s wall, "
          f"peak RSS of the process tree {peak_total / 1024:.0f} MiB, largest single process "
          f"{peak_one / 1024:.0f} MiB, main process {peak_main / 1024:.0f} MiB", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
