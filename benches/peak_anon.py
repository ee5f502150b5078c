#!/usr/bin/env python3
"""Peak private memory of a command: the largest RssAnon (heap, stacks,
anonymous maps) seen in /proc/PID/status while it runs, sampled every few
milliseconds, plus the kernel's VmHWM (peak RSS, which also counts mapped
file pages: page cache, not memory the process owns).

    usage: benches/peak_anon.py COMMAND [ARGS...]
    prints: peak_rss_anon_kib <n>  vm_hwm_kib <n>  exit <code>

Used by `benches/compare.sh --mem`. stdout/stderr of the command are
discarded. The sampling can miss a spike shorter than the interval; the
numbers are a floor, which is why VmHWM is printed beside them.
"""
import subprocess
import sys
import time


def status_kib(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return None


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    anon = hwm = 0
    while p.poll() is None:
        a = status_kib(p.pid, "RssAnon")
        h = status_kib(p.pid, "VmHWM")
        anon = max(anon, a or 0)
        hwm = max(hwm, h or 0)
        time.sleep(0.002)
    print(f"peak_rss_anon_kib {anon} vm_hwm_kib {hwm} exit {p.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
