"""`certgap generate`: synthetic raw sources (shared/SOURCES.md); ``--help`` for flags."""

from __future__ import annotations

import sys

from certgap.generator.config import parse_args
from certgap.generator.pipeline import run
from certgap.generator.seeds import SeedError


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
