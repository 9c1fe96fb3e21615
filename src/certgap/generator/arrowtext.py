"""Text assembly with Arrow compute, for the biggest logs (okta, proxy).

Every field is either a ``take`` from a small dictionary of strings (dates, times,
hosts, per-person e-mails ...) or a cast of an integer column, and a line is one
``binary_join_element_wise`` over its fields: all of it runs in Arrow's C++ kernels,
with no Python work per row.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Part = pa.Array | pa.ChunkedArray | str


def strings(values: list[str] | np.ndarray) -> pa.Array:
    return pa.array(list(values) if not isinstance(values, list) else values, pa.string())


def take(pool: pa.Array, index: np.ndarray) -> pa.Array:
    return pc.take(pool, pa.array(index.astype(np.int64, copy=False)))


def join(parts: list[Part], sep: str = "") -> pa.Array:
    args = [pa.scalar(p, pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*args, sep)


def ints(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def replace(column: pa.Array, mask: np.ndarray, value: pa.Array | str) -> pa.Array:
    """``column`` with the rows of ``mask`` replaced (by a scalar or aligned values)."""
    if not mask.any():
        return column
    m = pa.array(mask)
    if isinstance(value, str):
        return pc.if_else(m, pa.scalar(value, pa.string()), column)
    return pc.if_else(m, value, column)


def day_strings(start: dt.date, days: int, fmt: str = "%Y-%m-%d") -> pa.Array:
    return strings([(start + dt.timedelta(days=d)).strftime(fmt) for d in range(days)])


def time_strings() -> pa.Array:
    """'HH:MM:SS' for every second of a day (index = second)."""
    sec = np.arange(86400)
    return strings([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in sec.tolist()])


def ms_strings() -> pa.Array:
    return strings([f"{i:03d}" for i in range(1000)])


def newline(lines: pa.Array) -> pa.Array:
    return join([lines, ""], "\n")


def line(fields: list[Part], sep: str) -> pa.Array:
    """Fields joined by ``sep`` and ended by a newline, in one pass."""
    parts: list[Part] = []
    for i, f in enumerate(fields):
        if i:
            parts.append(sep)
        parts.append(f)
    return join([*parts, "\n"]) if parts else join(["\n"])
