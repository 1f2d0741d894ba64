"""Named points where a test can make the pipeline stall, to kill it there (crash-safety tests).

``PIPELINES_STALL_AT=<point>`` makes :func:`stall_point` sleep at that point, so a test that
SIGKILLs the process knows it died exactly there (e.g. half-way through writing a snapshot).
Unset, it costs one environment lookup.
"""

from __future__ import annotations

import os
import sys
import time


def stall_point(name: str) -> None:
    if os.environ.get("PIPELINES_STALL_AT") == name:
        print(f"stalled at {name}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("PIPELINES_STALL_SECONDS", "120")))
