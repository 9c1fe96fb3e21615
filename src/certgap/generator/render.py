"""Row rendering in DuckDB: numbering, bad-row selection, CSV / TSV / JSON lines.

A source module gives a ``base`` query with a ``file`` column, its own columns and an
ordering; :func:`render` numbers the rows per file (1-based physical line: +1 when the
file has a header), picks the rows to break (deterministic hash of seed, file and row,
never a header line, never a row marked protected) and returns an Arrow table
``(file, lineno, bad_kind, line)`` sorted by file and line. The numbered, marked rows
stay in the temp table ``_k`` so that the identity audit can read the well-formed ones.

Bad-row kinds (staging uses them as reject reasons):
``malformed_json`` (JSON line truncated), ``malformed_csv`` (one field missing: wrong
number of fields), ``missing_required_field`` (identifier / id / date empty),
``invalid_timestamp`` (unparseable date or time), ``invalid_number`` (not a number).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa

TS_GARBLES = ["not-a-date", "2026-02-30", "2026-13-45T25:61:00Z", "31/12/2026 24:00"]
NUM_GARBLES = ["n/a", "twelve", "12,5%", "NaN%"]


def setup(con: duckdb.DuckDBPyConnection) -> None:
    con.sql(
        """
        create or replace macro csvq(x) as
            case when x is null then ''
                 when contains(x, ',') or contains(x, '"') or contains(x, chr(10))
                 then '"' || replace(x, '"', '""') || '"'
                 else x end
        """
    )
    con.sql(
        """
        create or replace macro pick(items, key) as
            list_extract(items, 1 + (hash(key) % len(items))::integer)
        """
    )


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_list(items: list[str]) -> str:
    return "[" + ", ".join(sql_str(i) for i in items) + "]"


@dataclass
class Spec:
    """How to number and break the rows of one render call."""

    base: str  # query with a ``file`` column
    order_by: str  # ordering inside a file (must be total)
    line: str  # SQL expression of the (unbroken or broken) line, may use ``_bad``
    kinds: str  # SQL list expression of the kinds allowed for the row
    rate: float
    tag: str  # seed and source, salted into the hash
    header: bool = False  # physical line 1 is a header
    protect: str = "false"  # SQL boolean: never break this row
    json_line: bool = False  # apply malformed_json truncation generically
    extra_cols: list[str] = field(default_factory=list)


def render(con: duckdb.DuckDBPyConnection, spec: Spec) -> pa.Table:
    con.sql(
        f"""
        create or replace temp table _n as
        select *, row_number() over (partition by file order by {spec.order_by}) as _rn
        from ({spec.base}) b
        """
    )
    rate = spec.rate
    if rate > 0:
        total, breakable = con.sql(
            f"select count(*), count(*) filter (where not ({spec.protect})) from _n"
        ).fetchall()[0]
        rate = min(1.0, rate * total / breakable) if breakable else 0.0
    threshold = int(rate * 1_000_000)
    key = f"file || '#' || _rn || {sql_str('#' + spec.tag)}"
    con.sql(
        f"""
        create or replace temp table _k as
        select *,
            case when {threshold} > 0 and not ({spec.protect})
                  and hash({key}) % 1000000 < {threshold}
                  and len({spec.kinds}) > 0
                 then pick({spec.kinds}, {key} || 'k') end as _bad
        from _n
        """
    )
    con.sql("drop table _n")
    line = spec.line
    if spec.json_line:
        line = (
            f"case when _bad = 'malformed_json' then "
            f"left({line}, greatest(1, length({line}) * 2 // 3)) else {line} end"
        )
    offset = 1 if spec.header else 0
    return con.sql(
        f"""
        select file, (_rn + {offset})::bigint as lineno, _bad as bad_kind,
               ({line}) || chr(10) as line
        from _k order by file, _rn
        """
    ).to_arrow_table()


def csv_line(
    columns: list[str],
    *,
    sep: str = ",",
    quote: bool = True,
    required: list[str] | None = None,
    timestamp: str | None = None,
    number: str | None = None,
    ts_garbles: list[str] | None = None,
    plain: set[str] | None = None,
) -> str:
    """SQL for a CSV/TSV line from base columns named like the header.

    Columns in ``plain`` never need CSV quoting (dates, numbers) and skip it.
    """
    required = required or []
    plain = plain or set()
    parts = []
    for col in columns:
        ident = '"' + col.replace('"', '""') + '"'
        value = f"coalesce(cast({ident} as varchar), '')"
        if quote and col not in plain:
            value = f"csvq({value})"
        cases = []
        if col in required:
            cases.append("when _bad = 'missing_required_field' then ''")
        if col == timestamp:
            garbles = sql_list(ts_garbles or TS_GARBLES)
            cases.append(f"when _bad = 'invalid_timestamp' then pick({garbles}, file || _rn)")
        if col == number:
            cases.append(
                f"when _bad = 'invalid_number' then csvq(pick({sql_list(NUM_GARBLES)}, "
                "file || _rn))"
                if quote
                else f"when _bad = 'invalid_number' then pick({sql_list(NUM_GARBLES)}, file || _rn)"
            )
        parts.append(f"case {' '.join(cases)} else {value} end" if cases else value)
    d = sql_str(sep)
    full = f"concat_ws({d}, {', '.join(parts)})"
    short = f"concat_ws({d}, {', '.join(parts[:-1])})"
    return f"case when _bad = 'malformed_csv' then {short} else {full} end"


def csv_kinds(number: str | None, timestamp: str | None = "x") -> str:
    kinds = ["malformed_csv", "missing_required_field"]
    if timestamp:
        kinds.append("invalid_timestamp")
    if number:
        kinds.append("invalid_number")
    return sql_list(kinds)


def header(columns: list[str], sep: str = ",") -> str:
    if sep == ",":
        return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in columns)
    return sep.join(columns)


# ---- the fast path for the big event logs --------------------------------------------------
#
# Rows are put in their final order by numpy (file first), numbered and marked there,
# and DuckDB only builds the strings in one ordered projection: no temp tables, no
# window functions.


def mark(
    file_key: np.ndarray,
    order_keys: list[np.ndarray],
    kinds: list[str],
    rate: float,
    rng: np.random.Generator,
    header: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (order, line number, bad kind code or -1) for rows sorted by file/keys."""
    order = (
        np.lexsort((*reversed(order_keys), file_key))
        if order_keys
        else np.argsort(file_key, kind="stable")
    )
    fk = file_key[order]
    n = len(fk)
    starts = np.flatnonzero(np.r_[True, fk[1:] != fk[:-1]]) if n else np.zeros(0, np.int64)
    first = np.repeat(starts, np.diff(np.r_[starts, n])) if n else np.zeros(0, np.int64)
    lineno = np.arange(n) - first + (2 if header else 1)
    bad = np.full(n, -1, dtype=np.int64)
    if rate > 0 and n:
        hit = rng.random(n) < rate
        bad[hit] = rng.integers(0, len(kinds), hit.sum())
    return order, lineno, bad


def kind_case(kinds: list[str], column: str = "_badcode") -> str:
    """SQL turning a kind code into the kind name (NULL for -1)."""
    whens = " ".join(f"when {i} then {sql_str(k)}" for i, k in enumerate(kinds))
    return f"(case {column} {whens} end)"


def render_ordered(
    con: duckdb.DuckDBPyConnection, base: str, line: str, extra: list[str] | None = None
) -> pa.Table:
    """``base`` yields file, _rn (line number), _bad, ord and the line's columns."""
    cols = ", ".join(extra or [])
    return con.sql(
        f"""
        with b as materialized ({base})
        select file, _rn::bigint as lineno, _bad as bad_kind, ({line}) || chr(10) as line
            {"," if cols else ""} {cols}
        from b order by ord
        """
    ).to_arrow_table()
