"""What every source module needs: the run context and shared SQL helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .. import vocab
from ..config import Config
from ..identity import IdentityAudit
from ..learning import Learning
from ..org import NEVER, Workforce
from ..progress import Progress
from ..seats import Seats
from ..seeds import Seeds
from ..usage import Usage
from ..writers import Writer


@dataclass
class Context:
    cfg: Config
    seeds: Seeds
    wf: Workforce
    learn: Learning
    use: Usage
    con: duckdb.DuckDBPyConnection
    writer: Writer
    identity: IdentityAudit
    progress: Progress
    seats: Seats | None = None

    @property
    def start(self) -> str:
        """SQL date literal of day 0."""
        return f"DATE '{self.cfg.start_date.isoformat()}'"

    def tag(self, source: str) -> str:
        return f"{self.cfg.seed}:{source}"

    def months(self) -> list[tuple[str, int, int]]:
        """(YYYY-MM, first day index, last day index) of every month in the window."""
        out = []
        day = 0
        while day < self.cfg.days:
            d = self.cfg.start_date + dt.timedelta(days=day)
            nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            last = min(self.cfg.days - 1, day + (nxt - d).days - 1)
            out.append((d.strftime("%Y-%m"), day, last))
            day = last + 1
        return out


def title_email(emails: np.ndarray) -> np.ndarray:
    """Mixed-case variant of e-mail addresses (same address, other case)."""
    return pd.Series(emails).astype(str).str.title().to_numpy(dtype=object)


def register_people(ctx: Context) -> None:
    """Register ``people`` (one row per person) and ``contractors`` in DuckDB.

    ``prev_ok`` is a previous address that resolves to exactly this person (old
    domain); ``prev_amb`` is an ambiguous previous address (two people once had it).
    """
    wf = ctx.wf
    first_prev = pd.Series(wf.prev_emails_start).str.split(";").str[0].fillna("")
    amb = set(wf.ambiguous_emails)
    is_amb = first_prev.isin(amb).to_numpy()
    prev = first_prev.to_numpy(dtype=object)
    loc = np.array([loc[1] for loc in vocab.LOCATIONS], dtype=object)[wf.location]
    init = wf.state_index(np.arange(wf.n), np.zeros(wf.n, dtype=np.int64))
    first_row = wf.hris.groupby("person").head(1).set_index("person")
    org_idx = np.where(init >= 0, wf.hris["org"].to_numpy()[np.clip(init, 0, None)], 0)
    org_idx = np.where(init >= 0, org_idx, first_row["org"].reindex(range(wf.n)).to_numpy())
    people = pd.DataFrame(
        {
            "person": np.arange(wf.n, dtype=np.int32),
            "employee_id": wf.employee_id,
            "first": wf.first,
            "last_i": wf.last_initial,
            "last_f": wf.last_final,
            "email_i": wf.email_initial,
            "email_f": wf.email_final,
            "email_mi": title_email(wf.email_initial),
            "email_mf": title_email(wf.email_final),
            "change_day": np.minimum(wf.email_change_day, NEVER).astype(np.int64),
            "upn_i": wf.upn_initial,
            "upn_f": wf.upn_final,
            "login": wf.login,
            "prev_ok": np.where(is_amb | (prev == ""), None, prev),
            "prev_amb": np.where(is_amb, prev, None),
            "tz": loc,
            "loc": wf.location.astype(np.int32),
            "org0": np.array([o[0] for o in vocab.ORGANIZATIONS], dtype=object)[org_idx],
        }
    )
    ctx.con.register("people", pa.Table.from_pandas(people, preserve_index=False))
    ctx.con.register("contractors", ctx.wf.contractors.reset_index(names="cidx"))


def email_at(day: str, variant: str = "0", alias: str = "p", allow_amb: bool = False) -> str:
    """SQL: e-mail of person ``alias`` on ``day``; ``variant`` (0..99) picks mess.

    variant < 8: mixed case; 8..10: a previous address (resolvable; ambiguous only when
    ``allow_amb``); otherwise the plain address.
    """
    cur = f"(case when {day} >= {alias}.change_day then {alias}.email_f else {alias}.email_i end)"
    mixed = (
        f"(case when {day} >= {alias}.change_day then {alias}.email_mf else {alias}.email_mi end)"
    )
    old = (
        f"(case when {day} >= {alias}.change_day then {alias}.email_i "
        f"else coalesce({alias}.prev_ok, {alias}.email_i) end)"
    )
    if allow_amb:
        old = f"coalesce({alias}.prev_amb, {old})"
    return (
        f"(case when ({variant}) < 8 then {mixed} when ({variant}) < 11 then {old} else {cur} end)"
    )


def upn_at(day: str, alias: str = "p") -> str:
    return f"(case when {day} >= {alias}.change_day then {alias}.upn_f else {alias}.upn_i end)"


def name_at(day: str, alias: str = "p") -> str:
    return (
        f"({alias}.first || ' ' || (case when {day} >= {alias}.change_day "
        f"then {alias}.last_f else {alias}.last_i end))"
    )


def last_at(day: str, alias: str = "p") -> str:
    return f"(case when {day} >= {alias}.change_day then {alias}.last_f else {alias}.last_i end)"


def h100(*parts: str) -> str:
    """SQL: a stable 0..99 number from the given SQL expressions."""
    return f"(hash({' || '.join(f'({p})::varchar' for p in parts)}) % 100)"


def uuid_sql(*parts: str) -> str:
    """SQL: a deterministic UUID-shaped string from the given expressions."""
    m = f"md5({' || '.join(f'({p})::varchar' for p in parts)})"
    return (
        f"(substr({m}, 1, 8) || '-' || substr({m}, 9, 4) || '-4' || substr({m}, 14, 3) || '-a'"
        f" || substr({m}, 18, 3) || '-' || substr({m}, 21, 12))"
    )


def ts_iso(day: str, sec: str, start: str, ms: bool = True) -> str:
    """SQL: UTC instant ``start + day + sec`` as 2026-01-05T09:10:18.000Z."""
    fmt = "%Y-%m-%dT%H:%M:%S.%gZ" if ms else "%Y-%m-%dT%H:%M:%SZ"
    return f"strftime(({start} + ({day})::integer)::timestamp + to_seconds({sec}), '{fmt}')"


def day_str(day: str, start: str) -> str:
    return f"strftime({start} + ({day})::integer, '%Y-%m-%d')"


def _narrow(values: np.ndarray | pa.Array) -> np.ndarray | pa.Array:
    """int64 columns that fit go to int32 (halves the memory of big event tables)."""
    if (
        isinstance(values, np.ndarray)
        and values.dtype == np.int64
        and len(values)
        and values.min() >= -(2**31)
        and values.max() < 2**31
    ):
        return values.astype(np.int32)
    return values


def register_arrays(con: duckdb.DuckDBPyConnection, name: str, **cols: np.ndarray) -> None:
    con.register(
        name, pa.table({k: pa.array(_narrow(v), from_pandas=True) for k, v in cols.items()})
    )


def daily_counts(
    ctx: Context, rng: np.random.Generator, lam: float, weekend_factor: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """(person, day) pairs, Poisson(lam) per employed person-workday (vectorised)."""
    emp = ctx.wf.employed_matrix()
    dow = (ctx.cfg.start_date.weekday() + np.arange(ctx.cfg.days)) % 7
    rate = np.where(dow < 5, lam, lam * weekend_factor)
    persons, days = [], []
    for lo in range(0, ctx.cfg.days, 28):
        hi = min(ctx.cfg.days, lo + 28)
        counts = rng.poisson(rate[lo:hi][None, :], size=(ctx.wf.n, hi - lo)).astype(np.int8)
        counts *= emp[:, lo:hi]
        p, d = np.nonzero(counts)
        rep = counts[p, d]
        persons.append(np.repeat(p, rep).astype(np.int32))
        days.append(np.repeat(d + lo, rep).astype(np.int16))
    return np.concatenate(persons), np.concatenate(days)


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def uuid_array(rng: np.random.Generator, n: int) -> pa.Array:
    """n random version-4 UUID strings, built as one buffer (no per-row Python)."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexed = np.empty((n, 32), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 0x0F]
    out = np.full((n, 36), ord("-"), dtype=np.uint8)
    for dst, src in ((0, (0, 8)), (9, (8, 12)), (14, (12, 16)), (19, (16, 20)), (24, (20, 32))):
        out[:, dst : dst + src[1] - src[0]] = hexed[:, src[0] : src[1]]
    offsets = (np.arange(n + 1, dtype=np.int32) * 36).tobytes()
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out.tobytes()))


# ---- per-person string pools for the Arrow text path ---------------------------------------
POOL_KINDS = ["email_i", "email_f", "email_mi", "email_mf", "prev_ok", "prev_amb", "login"]


def person_pool(ctx: Context) -> tuple[pa.Array, int, int]:
    """Stacked per-person identifier strings (+ contractors' e-mail and login).

    Layout: for kind k of POOL_KINDS, person p is at k * n + p; contractor c's e-mail
    is at 7n + c and their login at 7n + C + c. Returns (pool, n, C).
    """
    wf = ctx.wf
    n = wf.n
    first_prev = pd.Series(wf.prev_emails_start).str.split(";").str[0].fillna("")
    amb = first_prev.isin(set(wf.ambiguous_emails)).to_numpy()
    prev = first_prev.to_numpy(dtype=object)
    prev_ok = np.where(amb | (prev == ""), wf.email_initial, prev)
    prev_amb = np.where(amb, prev, prev_ok)
    cols = [
        wf.email_initial,
        wf.email_final,
        title_email(wf.email_initial),
        title_email(wf.email_final),
        prev_ok,
        prev_amb,
        wf.login,
        wf.contractors["email"].to_numpy(),
        wf.contractors["login"].to_numpy(),
    ]
    pool = pa.array(np.concatenate([np.asarray(c, dtype=object) for c in cols]), pa.string())
    return pool, n, len(wf.contractors)


def email_index(
    ctx: Context,
    person: np.ndarray,
    day: np.ndarray,
    variant: np.ndarray,
    allow_amb: np.ndarray | bool,
) -> np.ndarray:
    """Index into :func:`person_pool` of each row's e-mail (see :func:`email_at`)."""
    n = ctx.wf.n
    p = np.maximum(person, 0)
    final = day >= ctx.wf.email_change_day[p]
    kind = np.where(final, 1, 0)
    old = np.where(final, 0, np.where(allow_amb, 5, 4))
    kind = np.where(variant < 11, old, kind)
    kind = np.where(variant < 8, np.where(final, 3, 2), kind)
    return kind * n + p
