"""Runs a command, then prints one JSON line: wall seconds and peak memory.

    python3 measure.py COMMAND [ARGS...]

Peak memory is getrusage(RUSAGE_CHILDREN).ru_maxrss: the resident set of the
largest process among the command and its descendants. Node cannot read a
child's rusage, hence this helper. The command's own output goes to stderr so
that stdout carries only the measurement.
"""

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: measure.py COMMAND [ARGS...]", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = subprocess.run(sys.argv[1:], stdout=sys.stderr, stderr=sys.stderr, check=False)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        print(f"measure.py: {sys.argv[1]} exited with {result.returncode}", file=sys.stderr)
        return result.returncode
    # Linux reports ru_maxrss in kilobytes.
    print(json.dumps({"seconds": seconds, "peak_rss_bytes": usage.ru_maxrss * 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
