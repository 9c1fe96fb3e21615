"""Progress lines on stderr: one per stage, with elapsed wall and CPU time."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()
        self.t_stage = self.t0
        self.c_stage = time.process_time()

    def stage(self, message: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if not self.quiet:
            print(
                f"[{now - self.t0:7.1f}s] {message} "
                f"(+{now - self.t_stage:.1f}s, cpu +{cpu - self.c_stage:.1f}s)",
                file=sys.stderr,
                flush=True,
            )
        self.t_stage, self.c_stage = now, cpu

    def info(self, message: str) -> None:
        if not self.quiet:
            now = time.perf_counter()
            print(f"[{now - self.t0:7.1f}s]   {message}", file=sys.stderr, flush=True)
