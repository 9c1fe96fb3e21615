"""Deterministic file writing: plain or gzip (mtime 0, no file name), in a thread pool.

Rendered rows arrive as Arrow tables ``(file, lineno, bad_kind, line)`` sorted by file
and line; each ``line`` already ends with a newline, so a file's body is the slice of
the Arrow string buffer between its first and last row (no per-row Python work).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

GZIP_LEVEL = 1


def _string_view(arr: pa.Array) -> memoryview:
    """The bytes of a string array (chunk), as a view: no per-row work, no copy."""
    if pa.types.is_string_view(arr.type) or pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
        offs = np.frombuffer(arr.buffers()[1], dtype=np.int64)
    else:
        offs = np.frombuffer(arr.buffers()[1], dtype=np.int32)
    if not len(arr):
        return memoryview(b"")
    offs = offs[arr.offset : arr.offset + len(arr) + 1]
    return memoryview(arr.buffers()[2])[int(offs[0]) : int(offs[-1])]


def column_views(col: pa.ChunkedArray | pa.Array) -> list[memoryview]:
    chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
    return [_string_view(chunk) for chunk in chunks if len(chunk)]


def column_bytes(col: pa.ChunkedArray | pa.Array) -> bytes:
    return b"".join(column_views(col))


def file_runs(files: pa.ChunkedArray) -> list[tuple[str, int, int]]:
    """(file, start, stop) runs of a column sorted by file."""
    if len(files) == 0:
        return []
    enc = pc.dictionary_encode(files).combine_chunks()
    idx = enc.indices.to_numpy(zero_copy_only=False)
    names = enc.dictionary.to_pylist()
    cut = np.flatnonzero(np.diff(idx)) + 1
    starts = np.concatenate([[0], cut])
    stops = np.concatenate([cut, [len(idx)]])
    return [(names[idx[s]], int(s), int(e)) for s, e in zip(starts, stops, strict=True)]


class Writer:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.pending: list[Future] = []
        self.rows: Counter[str] = Counter()
        self.bad: list[tuple[str, str, int, str]] = []
        self.bad_tables: list[pa.Table] = []
        self.files: list[str] = []

    # ---- low level -----------------------------------------------------------------
    def _submit(self, rel: str, parts: list[bytes | memoryview], gz: bool) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files.append(rel)

        def job() -> None:
            with path.open("wb") as handle:
                if gz:
                    # zlib's own gzip wrapper: mtime 0, no file name, so bytes are stable
                    z = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
                    for part in parts:
                        handle.write(z.compress(part))
                    handle.write(z.flush())
                else:
                    for part in parts:
                        handle.write(part)

        self.pending.append(self.pool.submit(job))
        if len(self.pending) > 8:
            self.pending.pop(0).result()

    def write_bytes(self, rel: str, data: bytes, gz: bool = False) -> None:
        self._submit(rel, [data], gz)

    # ---- rendered tables -----------------------------------------------------------
    def write_lines(
        self,
        source: str,
        table: pa.Table,
        header: str | Callable[[str], str] | None,
        gz: bool,
    ) -> None:
        """Write every file of a rendered table (columns file, lineno, bad_kind, line)."""
        self._collect_bad(source, table)
        self.rows[source] += table.num_rows
        lines = table.column("line")
        for name, start, stop in file_runs(table.column("file")):
            body = column_views(lines.slice(start, stop - start))
            head = header(name) if callable(header) else header
            parts = [head.encode() + b"\n", *body] if head is not None else body
            self._submit(f"{source}/{name}", parts, gz)

    def write_pages(
        self,
        source: str,
        table: pa.Table,
        wrap: Callable[[str, int], tuple[str, str]],
    ) -> None:
        """Write JSON page files: ``wrap(file, n_elements)`` gives text before/after."""
        self._collect_bad(source, table)
        self.rows[source] += table.num_rows
        lines = table.column("line")
        for name, start, stop in file_runs(table.column("file")):
            body = column_views(lines.slice(start, stop - start))
            before, after = wrap(name, stop - start)
            self._submit(f"{source}/{name}", [before.encode(), *body, after.encode()], False)

    def _collect_bad(self, source: str, table: pa.Table) -> None:
        mask = pc.is_valid(table.column("bad_kind"))
        bad = table.filter(mask).select(["file", "lineno", "bad_kind"])
        if bad.num_rows:
            files = pc.binary_join_element_wise(source, bad.column("file"), "/")
            self.bad_tables.append(
                pa.table(
                    {
                        "source": pa.array([source] * bad.num_rows),
                        "file": files,
                        "line": bad.column("lineno").cast(pa.int64()),
                        "kind": bad.column("bad_kind"),
                    }
                )
            )

    def bad_rows(self) -> pa.Table:
        if not self.bad_tables:
            return pa.table(
                {
                    "source": pa.array([], pa.string()),
                    "file": pa.array([], pa.string()),
                    "line": pa.array([], pa.int64()),
                    "kind": pa.array([], pa.string()),
                }
            )
        return pa.concat_tables(self.bad_tables, promote_options="permissive")

    def close(self) -> None:
        for fut in self.pending:
            fut.result()
        self.pending.clear()
        self.pool.shutdown()
