#!/usr/bin/env python3
"""Generate certgap's synthetic raw sources (see shared/SOURCES.md); ``--help`` for flags."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from certgap_generator.config import parse_args
from certgap_generator.pipeline import run
from certgap_generator.seeds import SeedError


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    try:
        run(cfg)
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
