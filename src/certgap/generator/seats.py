"""Seats of the per-seat AI tools (``ai_tool_licences`` seed): who holds one, and when.

A person holds a seat of a priced tool from the day they get access (``Usage.access_from``:
at the start, or when a completed program grants the licence). Planted on top:

- idle from the start: a share of seat holders never use the tool (their use is removed);
- unassigned mid-window: a share of seats ends on the first day of a month between day 30
  after the seat started and 14 days before the window ends (use on or after it removed).

A seat is held on the days the person is employed (the Copilot report lists employed,
licensed users only); a seat in a seat-list export ends on its unassignment, or on the
first day of the month after the person left (GitHub bills a cancelled seat to the end
of the cycle). ``held`` days are the truth for ``mart_seat_utilization``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import Config
from .org import NEVER, Workforce
from .rng import stream
from .seeds import Seeds
from .usage import Usage

REPORT_TOOLS = {"m365_copilot"}  # seats read from the usage report, not an export


@dataclass
class SeatSpell:
    tool: int
    person: np.ndarray  # int64
    start: np.ndarray  # first day held (window day index)
    end: np.ndarray  # first day no longer held (NEVER = open)


@dataclass
class Seats:
    spells: list[SeatSpell]  # one per priced tool
    idle_from_start: dict[int, np.ndarray]  # tool -> persons planted idle
    unassigned: dict[int, np.ndarray]  # tool -> persons whose seat was unassigned


def month_starts(cfg: Config) -> np.ndarray:
    """Window day index of the first day of every month that starts inside the window."""
    days = np.arange(cfg.days)
    dates = np.datetime64(cfg.start_date.isoformat()) + days.astype("timedelta64[D]")
    return days[dates.astype("datetime64[D]") == dates.astype("datetime64[M]")]


def _next_month_start(starts: np.ndarray, day: np.ndarray) -> np.ndarray:
    if len(starts) == 0:  # a window shorter than a month may hold no month start
        return np.full(len(day), NEVER, dtype=np.int64)
    idx = np.searchsorted(starts, day, side="right")
    return np.where(idx < len(starts), starts[np.minimum(idx, len(starts) - 1)], NEVER)


def build(cfg: Config, seeds: Seeds, wf: Workforce, use: Usage) -> Seats:
    """Plant idle and unassigned seats; drop the use they rule out from ``use``."""
    rng = stream(cfg.seed, "seats")
    p = cfg.planted
    emp = wf.employed_matrix()
    starts = month_starts(cfg)
    act = use.activity
    drop = np.zeros(len(act), dtype=bool)
    spells, idle, unassigned = [], {}, {}
    for tool_id in seeds.licences:
        if tool_id not in use.tools:
            continue
        ti = use.tools.index(tool_id)
        holders = np.flatnonzero(use.access_from[:, ti] < NEVER)
        start = use.access_from[holders, ti].astype(np.int64)
        # the first employed day on or after access
        emp_h = emp[holders]
        later = emp_h & (np.arange(cfg.days)[None, :] >= start[:, None])
        has = later.any(axis=1)
        holders, start, emp_h = holders[has], later[has].argmax(axis=1), emp_h[has]
        end = np.full(len(holders), NEVER, dtype=np.int64)
        is_idle = rng.random(len(holders)) < p.seat_idle_from_start_share
        # unassignment: a month start >= start + 30 and <= days - 14
        wants = rng.random(len(holders)) < p.seat_unassigned_share
        lo = np.searchsorted(starts, start + 30)
        hi = np.searchsorted(starts, cfg.days - 14, side="right")
        ok = wants & (lo < hi)
        pick = lo + np.floor(rng.random(len(holders)) * np.maximum(hi - lo, 1)).astype(np.int64)
        end[ok] = starts[np.minimum(pick[ok], len(starts) - 1)]
        if tool_id not in REPORT_TOOLS:
            # an exported seat stays billed to the month after the person left
            left = ~emp_h & (np.arange(cfg.days)[None, :] > start[:, None])
            gone = left.any(axis=1)
            left_day = np.where(gone, left.argmax(axis=1), NEVER)
            end = np.minimum(end, _next_month_start(starts, left_day))
        spells.append(SeatSpell(ti, holders.astype(np.int64), start.astype(np.int64), end))
        idle[ti] = holders[is_idle]
        unassigned[ti] = holders[end < NEVER]
        # remove use ruled out by the plant
        on_tool = act["tool"].to_numpy() == ti
        person_end = np.full(wf.n, NEVER, dtype=np.int64)
        person_end[holders[ok]] = end[ok]
        silent = np.zeros(wf.n, dtype=bool)
        silent[holders[is_idle]] = True
        a_person = act["person"].to_numpy()
        drop |= on_tool & (silent[a_person] | (act["day"].to_numpy() >= person_end[a_person]))
    use.activity = act[~drop].reset_index(drop=True)
    return Seats(spells, idle, unassigned)


def held_matrix(cfg: Config, wf: Workforce, spell: SeatSpell) -> np.ndarray:
    """(holder, day) days the seat is held (employment only limits report tools)."""
    days = np.arange(cfg.days)[None, :]
    held = (days >= spell.start[:, None]) & (days < spell.end[:, None])
    return held


def truth(cfg: Config, seeds: Seeds, wf: Workforce, use: Usage, seats: Seats) -> dict:
    """Per tool and calendar month: seats held on a day and idle ones (no use on a held day)."""
    emp = wf.employed_matrix()
    dates = np.datetime64(cfg.start_date.isoformat()) + np.arange(cfg.days).astype("timedelta64[D]")
    month = pd.Series(dates.astype("datetime64[M]").astype(str)).str[:7].to_numpy()
    months = sorted(set(month))
    out: dict[str, dict] = {}
    act = use.activity
    for spell in seats.spells:
        tool_id = use.tools[spell.tool]
        held = held_matrix(cfg, wf, spell)
        if tool_id in REPORT_TOOLS:
            held &= emp[spell.person]
        slot = np.full(wf.n, -1, dtype=np.int64)
        slot[spell.person] = np.arange(len(spell.person))
        a = act[(act["tool"] == spell.tool).to_numpy()]
        s = slot[a["person"].to_numpy()]
        d = a["day"].to_numpy().astype(np.int64)
        used = np.zeros_like(held)
        keep = s >= 0
        used[s[keep], d[keep]] = True
        used &= held
        per_month = {}
        for m in months:
            cols = month == m
            h = held[:, cols].any(axis=1)
            u = used[:, cols].any(axis=1)
            per_month[m] = {"seats_held": int(h.sum()), "idle_seats": int((h & ~u).sum())}
        total = sum(v["seats_held"] for v in per_month.values())
        idle = sum(v["idle_seats"] for v in per_month.values())
        out[tool_id] = {
            "seat_price_usd_per_month": seeds.licences[tool_id],
            "holders": len(spell.person),
            "planted_idle_from_start": len(seats.idle_from_start[spell.tool]),
            "planted_unassigned": len(seats.unassigned[spell.tool]),
            "idle_seat_month_share": round(idle / total, 6) if total else 0.0,
            "months": per_month,
        }
    return out


def depth_truth(cfg: Config, seeds: Seeds, use: Usage) -> dict:
    """Per sanctioned tool, over the 12 Monday weeks ending with the last week that
    ends at least 7 days before the window does: users (an active day in those weeks),
    mean active days per active person-week, and the share of the period's active days
    carried by the top decile of users (the ceil(n / 10) with the most days)."""
    w0 = cfg.start_date.weekday()
    first_monday = (7 - w0) % 7
    last_end = cfg.days - 8  # last day of a week that ends >= 7 days before the end
    n_weeks = (last_end - first_monday + 1) // 7
    if n_weeks < 12:
        return {}
    week_start = first_monday + 7 * (n_weeks - 12)
    lo, hi = week_start, first_monday + 7 * n_weeks  # [lo, hi)
    out: dict[str, dict] = {}
    act = use.activity
    sel = act[(act["day"] >= lo) & (act["day"] < hi)]
    for t in seeds.tools:
        if not t.is_sanctioned or t.tool_id not in use.tools:
            continue
        days = sel[sel["tool"] == use.tools.index(t.tool_id)]
        if days.empty:
            continue
        per_person = np.sort(days.groupby("person").size().to_numpy())[::-1]
        k = -(-len(per_person) // 10)
        weeks = days.assign(week=(days["day"] - first_monday) // 7).groupby(["person", "week"])
        out[t.tool_id] = {
            "users_12_weeks": len(per_person),
            "active_days_per_active_person_week": round(float(weeks.size().mean()), 6),
            "top_decile_active_day_share": round(float(per_person[:k].sum() / per_person.sum()), 6),
        }
    start = np.datetime64(cfg.start_date.isoformat()) + np.timedelta64(hi - 7, "D")
    return {"last_week_start_date": str(start), "tools": out}
