"""Enrollments on a course platform: program records plus non-program (noise) courses.

Program rows carry only identifiers that resolve to exactly one employee (the truth of
enrollment and completion must be recoverable); noise rows may carry an ambiguous
previous address, and contractors (who match nobody) take noise courses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import Context


def enrollments(
    ctx: Context, platform: str, n_noise_courses: int, share: float, rng: np.random.Generator
) -> pd.DataFrame:
    """Columns: eid, person, cidx, program, course (noise index, -1 for programs),
    enroll_day, complete_day (-1), span (days of activity), progress (final %),
    sec_e, sec_c (seconds of day)."""
    cfg = ctx.cfg
    days = cfg.days
    rec = ctx.learn.records
    prog = rec[rec["platform"] == platform]
    frames = [
        pd.DataFrame(
            {
                "person": prog["person"].to_numpy(),
                "cidx": -1,
                "program": prog["program"].to_numpy(),
                "course": -1,
                "enroll_day": prog["enroll_day"].to_numpy(),
                "complete_day": prog["complete_day"].to_numpy(),
            }
        )
    ]
    if n_noise_courses:
        emp = ctx.wf.employed_matrix()
        k = int(ctx.wf.n * share)
        person = rng.integers(0, ctx.wf.n, k)
        day = rng.integers(0, days, k)
        ok = emp[person, day]
        person, day = person[ok], day[ok]
        delay = 1 + rng.integers(0, 40, len(person))
        done = (rng.random(len(person)) < 0.5) & (day + delay <= days - 1)
        cday = np.where(done, day + delay, -1)
        # completion must fall inside employment
        ok2 = ~done | emp[person, np.minimum(day + delay, days - 1)]
        cday = np.where(ok2, cday, -1)
        frames.append(
            pd.DataFrame(
                {
                    "person": person,
                    "cidx": -1,
                    "program": -1,
                    "course": rng.integers(0, n_noise_courses, len(person)),
                    "enroll_day": day,
                    "complete_day": cday,
                }
            )
        )
        n_c = max(2, len(ctx.wf.contractors) // 2)
        cd = rng.integers(0, days, n_c)
        frames.append(
            pd.DataFrame(
                {
                    "person": -1,
                    "cidx": rng.integers(0, len(ctx.wf.contractors), n_c),
                    "program": -1,
                    "course": rng.integers(0, n_noise_courses, n_c),
                    "enroll_day": cd,
                    "complete_day": -1,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    # one enrollment per (learner, course)
    out = out.drop_duplicates(["person", "cidx", "program", "course"]).reset_index(drop=True)
    n = len(out)
    out["eid"] = np.arange(n)
    done = out["complete_day"].to_numpy() >= 0
    span = np.where(
        done,
        out["complete_day"].to_numpy() - out["enroll_day"].to_numpy(),
        rng.integers(0, 45, n),
    )
    out["span"] = np.maximum(span, 0)
    out["progress"] = np.where(done, 100.0, np.round(rng.uniform(2, 92, n), 1))
    out["sec_e"] = rng.integers(6 * 3600, 20 * 3600, n)
    out["sec_c"] = rng.integers(6 * 3600, 20 * 3600, n)
    return out


def monthly(ctx: Context, enr: pd.DataFrame) -> pd.DataFrame:
    """Cross enrollments with the months whose end is on/after the enrollment."""
    months = ctx.months()
    frames = []
    for mi, (label, _lo, hi) in enumerate(months):
        sub = enr[enr["enroll_day"] <= hi].copy()
        sub["month"] = label
        sub["mi"] = mi
        sub["me"] = hi
        frames.append(sub)
    out = pd.concat(frames, ignore_index=True)
    out["last_month"] = out["mi"] == len(months) - 1
    return out
