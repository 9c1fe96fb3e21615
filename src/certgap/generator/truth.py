"""Realised metrics from the simulated truth, and ``truth.json``.

Definitions (DESIGN.md), all on the TRUE simulated activity (any channel):

- completion: first completion per (person, program) on any platform (voided removed);
  enrolled = people with an enrollment record of the program.
- WAU@N / MAU@N: completers with an active day on a target tool of the program in days
  N-6..N (MAU: N-29..N) after the completion day (day 0); denominator: completers
  employed on day N whose day N is inside the window.
- baseline: enrolled people with an active day on a target tool in the 28 days before
  enrollment (days before the window count as inactive: nothing is observable there).
- training_effect.realised_did: for every (completer, regular program) with 4 full
  weeks before and 12 after the completion week (weeks of the window, Monday-based by
  default), the mean over post weeks 1..12 minus the mean over pre weeks -4..-1 of
  (weekly-active on the program's target tools - the same rate among not-yet-trained
  peers of the same Organization and LevelDesignation in that week); averaged over
  pairs. Not-yet-trained: no completion of a regular program up to the end of the week.
- weekly_decay.realised_slope: OLS slope over k = 1..12 of the share of (completer,
  regular program) pairs active on target tools in days 7k-6..7k after completion,
  among pairs employed on days 0 and 84 with day 84 inside the window.
- shadow_ai.reverted_people: completers of a regular program with a sanctioned active
  day in the 28 days after their first completion, none in the last 28 days of the
  window, at least one shadow-AI day (unsanctioned, non-ambiguous consumer tool) in
  those last 28 days, employed on the last day, first completion >= 56 days before
  the end.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from .learning import Learning
from .org import Workforce
from .seeds import Seeds
from .usage import Usage


def _register(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register(name, frame)


def _r(x: float | None) -> float:
    return float(round(x, 6)) if x is not None and not np.isnan(x) else 0.0


def setup(
    con: duckdb.DuckDBPyConnection, seeds: Seeds, wf: Workforce, learn: Learning, use: Usage
) -> None:
    """Register the truth tables used by the metric queries."""
    t_index = {t: i for i, t in enumerate(use.tools)}
    pt = pd.DataFrame(
        [
            (pi, t_index[t])
            for pi, pr in enumerate(learn.programs)
            for t in seeds.program_tools.get(pr.program_id, [])
        ],
        columns=["program", "tool"],
    )
    _register(con, "t_program_tools", pt)
    _register(con, "t_activity", use.activity)
    _register(
        con,
        "t_enr",
        learn.enrollments[["person", "program", "enroll_day", "complete_day", "activated"]],
    )
    _register(con, "t_spells", wf.spells)
    con.sql(
        """
        create or replace temp table t_act_prog as
        select distinct a.person, pt.program, a.day
        from t_activity a join t_program_tools pt on a.tool = pt.tool
        """
    )


def program_metrics(con: duckdb.DuckDBPyConnection, learn: Learning, days: int) -> dict:
    out: dict[str, dict] = {}
    base = con.sql(
        """
        select e.program, count(*) as enrolled,
               count(*) filter (where e.complete_day >= 0) as completers,
               count(*) filter (where exists (
                   select 1 from t_act_prog a where a.person = e.person
                   and a.program = e.program
                   and a.day between e.enroll_day - 28 and e.enroll_day - 1)) as baseline_n
        from t_enr e group by 1 order by 1
        """
    ).fetchall()
    windows = con.sql(
        f"""
        with n_values(n) as (values (30), (60), (90)),
        elig as (
            select e.person, e.program, e.complete_day as c, v.n, e.activated
            from t_enr e cross join n_values v
            where e.complete_day >= 0 and e.complete_day + v.n <= {days - 1}
              and exists (select 1 from t_spells s where s.person = e.person
                          and e.complete_day + v.n between s.start and s."end")
        )
        select program, n, count(*) as eligible,
            count(*) filter (where exists (select 1 from t_act_prog a
                where a.person = elig.person and a.program = elig.program
                and a.day between elig.c + elig.n - 6 and elig.c + elig.n)) as wau,
            count(*) filter (where exists (select 1 from t_act_prog a
                where a.person = elig.person and a.program = elig.program
                and a.day between elig.c + elig.n - 29 and elig.c + elig.n)) as mau
        from elig group by 1, 2 order by 1, 2
        """
    ).fetchall()
    win = {(p, n): (e, w, m) for p, n, e, w, m in windows}
    for program, enrolled, completers, baseline_n in base:
        pid = learn.programs[program].program_id
        row = {
            "enrolled": int(enrolled),
            "completers": int(completers),
            "completion_rate": _r(completers / enrolled if enrolled else 0.0),
            "baseline_wau_rate": _r(baseline_n / enrolled if enrolled else 0.0),
        }
        for kind, idx in (("wau", 1), ("mau", 2)):
            for n in (30, 60, 90):
                e, *vals = win.get((program, n), (0, 0, 0))
                row[f"{kind}_{n}_rate"] = _r(vals[idx - 1] / e if e else 0.0)
        row["wau_90_eligible"] = int(win.get((program, 90), (0, 0, 0))[0])
        out[pid] = {
            k: row[k]
            for k in (
                "enrolled",
                "completers",
                "completion_rate",
                "baseline_wau_rate",
                "wau_30_rate",
                "wau_60_rate",
                "wau_90_rate",
                "mau_30_rate",
                "mau_60_rate",
                "mau_90_rate",
                "wau_90_eligible",
            )
        }
    for prog in learn.programs:
        out.setdefault(
            prog.program_id,
            {
                "enrolled": 0,
                "completers": 0,
                "completion_rate": 0.0,
                "baseline_wau_rate": 0.0,
                "wau_30_rate": 0.0,
                "wau_60_rate": 0.0,
                "wau_90_rate": 0.0,
                "mau_30_rate": 0.0,
                "mau_60_rate": 0.0,
                "mau_90_rate": 0.0,
                "wau_90_eligible": 0,
            },
        )
    return out


def manager_rates(
    con: duckdb.DuckDBPyConnection, learn: Learning, days: int
) -> tuple[float, float]:
    reinf = [i for i, p in enumerate(learn.programs) if p.is_manager_reinforcement] or [-1]
    rows = con.sql(
        f"""
        select e.activated, count(*) as n,
            count(*) filter (where exists (select 1 from t_act_prog a
                where a.person = e.person and a.program = e.program
                and a.day between e.complete_day + 84 and e.complete_day + 90)) as active
        from t_enr e
        where e.complete_day >= 0 and e.complete_day + 90 <= {days - 1}
          and e.program not in ({",".join(map(str, reinf))})
          and exists (select 1 from t_spells s where s.person = e.person
                      and e.complete_day + 90 between s.start and s."end")
        group by 1
        """
    ).fetchall()
    rates = {bool(a): (act / n if n else 0.0) for a, n, act in rows}
    return _r(rates.get(True, 0.0)), _r(rates.get(False, 0.0))


def decay_slope(con: duckdb.DuckDBPyConnection, learn: Learning, days: int) -> float:
    reinf = [i for i, p in enumerate(learn.programs) if p.is_manager_reinforcement] or [-1]
    rows = con.sql(
        f"""
        with pairs as (
            select e.person, e.program, e.complete_day as c from t_enr e
            where e.complete_day >= 0 and e.complete_day + 84 <= {days - 1}
              and e.program not in ({",".join(map(str, reinf))})
              and exists (select 1 from t_spells s where s.person = e.person
                and e.complete_day between s.start and s."end"
                and e.complete_day + 84 between s.start and s."end")
        ),
        weeks as (select range as k from range(1, 13)),
        hits as (
            select distinct p.person, p.program, ((a.day - p.c - 1) // 7) + 1 as k
            from pairs p join t_act_prog a
              on a.person = p.person and a.program = p.program
             and a.day between p.c + 1 and p.c + 84
        )
        select w.k, (select count(*) from hits h where h.k = w.k)::double
                    / greatest(1, (select count(*) from pairs)) as share
        from weeks w order by 1
        """
    ).fetchall()
    k = np.array([r[0] for r in rows], dtype=float)
    share = np.array([r[1] for r in rows], dtype=float)
    if share.sum() == 0:
        return 0.0
    return _r(float(np.polyfit(k, share, 1)[0]))


def did(con: duckdb.DuckDBPyConnection, wf: Workforce, learn: Learning, days: int) -> float:
    n_weeks = days // 7
    if n_weeks < 17:
        return 0.0
    reinf = [i for i, p in enumerate(learn.programs) if p.is_manager_reinforcement]
    enr = learn.enrollments
    reg = enr[(enr["complete_day"] >= 0) & ~enr["program"].isin(reinf)]
    first = reg.groupby("person")["complete_day"].min()
    trained_day = np.full(wf.n, 10**9, dtype=np.int64)
    trained_day[first.index.to_numpy()] = first.to_numpy()
    emp = wf.employed_matrix()
    person = np.repeat(np.arange(wf.n), n_weeks)
    week = np.tile(np.arange(n_weeks), wf.n)
    st = wf.state_index(person, week * 7)
    ok = (st >= 0) & emp[:, : n_weeks * 7].reshape(wf.n, n_weeks, 7).any(axis=2).ravel()
    ok &= trained_day[person] > week * 7 + 6
    ctrl = pd.DataFrame(
        {
            "person": person[ok],
            "week": week[ok],
            "org": wf.hris["org"].to_numpy()[st[ok]],
            "level": wf.hris["level"].to_numpy()[st[ok]],
        }
    )
    con.register("t_ctrl", ctrl)
    treated = reg[["person", "program", "complete_day"]].copy()
    tst = wf.state_index(treated["person"].to_numpy(), treated["complete_day"].to_numpy())
    treated["org"] = wf.hris["org"].to_numpy()[tst]
    treated["level"] = wf.hris["level"].to_numpy()[tst]
    treated["cw"] = treated["complete_day"] // 7
    treated = treated[(treated["cw"] >= 4) & (treated["cw"] + 12 <= n_weeks - 1)]
    con.register("t_treated", treated)
    res = con.sql(
        """
        with wk as (select distinct person, program, day // 7 as week from t_act_prog),
        ctrl_n as (select org, level, week, count(*) as n from t_ctrl group by all),
        ctrl_a as (
            select c.org, c.level, c.week, w.program, count(*) as a
            from t_ctrl c join wk w on w.person = c.person and w.week = c.week
            group by all
        ),
        rel as (
            select t.person, t.program, t.org, t.level, t.cw + r.rel as week, r.rel
            from t_treated t
            cross join (select range as rel from range(-4, 13) where range <> 0) r
        ),
        scored as (
            select rel.person, rel.program, rel.rel,
                (case when w.person is null then 0 else 1 end)
                - coalesce(ca.a, 0)::double / n.n as diff
            from rel
            join ctrl_n n on n.org = rel.org and n.level = rel.level and n.week = rel.week
            left join ctrl_a ca on ca.org = rel.org and ca.level = rel.level
                and ca.week = rel.week and ca.program = rel.program
            left join wk w on w.person = rel.person and w.program = rel.program
                and w.week = rel.week
        ),
        per_pair as (
            select person, program,
                avg(diff) filter (where rel > 0) - avg(diff) filter (where rel < 0) as d
            from scored group by 1, 2
        )
        select avg(d), count(*) from per_pair where d is not null
        """
    ).fetchall()
    return _r(res[0][0])


def reverted_people(
    con: duckdb.DuckDBPyConnection, seeds: Seeds, learn: Learning, use: Usage, days: int
) -> int:
    ambiguous = {h.tool_id for h in seeds.hosts if h.is_ambiguous}
    sanctioned = [i for i, t in enumerate(seeds.tools) if t.is_sanctioned]
    shadow = [
        i for i, t in enumerate(seeds.tools) if not t.is_sanctioned and t.tool_id not in ambiguous
    ]
    reinf = [i for i, p in enumerate(learn.programs) if p.is_manager_reinforcement] or [-1]
    res = con.sql(
        f"""
        with firsts as (
            select person, min(complete_day) as c from t_enr
            where complete_day >= 0 and program not in ({",".join(map(str, reinf))})
            group by 1
        )
        select count(*) from firsts f
        where f.c <= {days - 1 - 56}
          and exists (select 1 from t_spells s where s.person = f.person
                      and {days - 1} between s.start and s."end")
          and exists (select 1 from t_activity a where a.person = f.person
                      and a.tool in ({",".join(map(str, sanctioned))})
                      and a.day between f.c + 1 and f.c + 28)
          and not exists (select 1 from t_activity a where a.person = f.person
                      and a.tool in ({",".join(map(str, sanctioned))})
                      and a.day >= {days - 28})
          and exists (select 1 from t_activity a where a.person = f.person
                      and a.tool in ({",".join(map(str, shadow or [-1]))})
                      and a.day >= {days - 28})
        """
    ).fetchall()
    return int(res[0][0])


def calibration(wf: Workforce, use: Usage, start_weekday: int, days: int) -> dict[str, float]:
    """Field calibration figures: ever tried any AI tool, active on a typical workday."""
    emp = wf.employed_matrix()
    ever_employed = emp.any(axis=1)
    act = use.activity
    tried = np.zeros(wf.n, dtype=bool)
    tried[act["person"].to_numpy()] = True
    daily = np.zeros((wf.n, days), dtype=bool)
    daily[act["person"].to_numpy(), act["day"].to_numpy()] = True
    workday = ((start_weekday + np.arange(days)) % 7) < 5
    per_day = daily[:, workday].sum(axis=0) / np.maximum(1, emp[:, workday].sum(axis=0))
    return {
        "ever_tried_ai_share": _r(tried[ever_employed].mean()),
        "workday_active_share": _r(float(per_day.mean()) if len(per_day) else 0.0),
    }
