"""Run one command as a fresh process and report its wall time and its own peak RSS."""

from __future__ import annotations

import json
import subprocess
import sys
import time

# A fresh interpreter whose only child is the command, so RUSAGE_CHILDREN's peak is that command's alone.
_PROBE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": done.returncode, "out": done.stdout[-4000:], "err": done.stderr[-4000:], "peak": peak}))
"""


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout tail) of `argv`; exits with its stderr when it fails."""
    started = time.perf_counter()
    probe = subprocess.run([sys.executable, "-c", _PROBE, *argv], env=env, capture_output=True, text=True,
                           check=True)
    seconds = time.perf_counter() - started
    result = json.loads(probe.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({result['rc']}):\n{result['err']}")
    return seconds, float(result["peak"]), result["out"]
