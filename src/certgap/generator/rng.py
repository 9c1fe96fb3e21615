"""Independent, named random streams derived from the user's seed.

Each stage asks for its own stream by name, so adding draws to one stage never shifts
the numbers another stage sees.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """A generator seeded by (seed, name); stable across runs and platforms."""
    digest = hashlib.sha256(name.encode()).digest()
    key = [seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF] + [
        int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)
    ]
    return np.random.default_rng(np.random.SeedSequence(key))
