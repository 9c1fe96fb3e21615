"""``hris/``: effective-dated worker records, one CSV per monthly snapshot.

See :mod:`certgap.generator.org` for the snapshot choice. Duplicated rows (identical
re-sent records) are the only ones ever broken by ``--bad-rows``, so the worker
history itself stays complete.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import render, vocab
from ..rng import stream
from .common import Context

COLUMNS = [
    "EmployeeId",
    "PersonId",
    "EffectiveDate",
    "ManagerId",
    "Organization",
    "FunctionType",
    "LevelDesignation",
    "Location",
    "HireDate",
    "TerminationDate",
    "UPN",
    "NetworkLogin",
    "PreviousEmails",
]


def _dates(start: np.datetime64, days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(start + days.astype("timedelta64[D]"), unit="D").astype(object)


def write(ctx: Context) -> None:
    wf, cfg = ctx.wf, ctx.cfg
    rng = stream(cfg.seed, "hris")
    h = wf.hris
    person = h["person"].to_numpy()
    changed = h["em"].to_numpy() == 1
    start = np.datetime64(cfg.start_date.isoformat())
    prev_start = wf.prev_emails_start[person]
    prev_changed = np.where(
        prev_start == "",
        wf.email_initial[person],
        np.char.add(np.char.add(wf.email_initial[person].astype(str), ";"), prev_start.astype(str)),
    )
    term = h["term"].to_numpy()
    mgr = h["manager"].to_numpy()
    rows = pd.DataFrame(
        {
            "EmployeeId": wf.employee_id[person],
            "PersonId": np.where(changed, wf.email_final[person], wf.email_initial[person]),
            "EffectiveDate": _dates(start, h["eff_day"].to_numpy()),
            "ManagerId": np.where(mgr >= 0, wf.employee_id[np.clip(mgr, 0, None)], ""),
            "Organization": np.array([o[0] for o in vocab.ORGANIZATIONS], dtype=object)[
                h["org"].to_numpy()
            ],
            "FunctionType": np.array(vocab.FUNCTIONS, dtype=object)[h["function"].to_numpy()],
            "LevelDesignation": h["level_name"].to_numpy(),
            "Location": np.array([loc[0] for loc in vocab.LOCATIONS], dtype=object)[
                wf.location[person]
            ],
            "HireDate": _dates(start, h["hire"].to_numpy()),
            "TerminationDate": np.where(term >= 0, _dates(start, np.maximum(term, 0)), ""),
            "UPN": np.where(changed, wf.upn_final[person], wf.upn_initial[person]),
            "NetworkLogin": wf.login[person],
            "PreviousEmails": np.where(changed, prev_changed, prev_start),
            "_dup": 0,
        }
    )
    rows["file"] = "workers_" + rows["EffectiveDate"].str.slice(0, 7) + ".csv"
    # re-sent identical rows (the only rows --bad-rows may break here)
    share = max(0.01, cfg.bad_rows * 1.2)
    dup = rows[rng.random(len(rows)) < share].copy()
    dup["_dup"] = 1
    table = pd.concat([rows, dup], ignore_index=True)
    ctx.con.register("hris_rows", table)
    spec = render.Spec(
        base="select * from hris_rows",
        order_by='"EffectiveDate", "EmployeeId", _dup',
        line=render.csv_line(
            COLUMNS, required=["EmployeeId"], timestamp="EffectiveDate", number=None
        ),
        kinds=render.csv_kinds(None),
        rate=cfg.bad_rows,
        tag=ctx.tag("hris"),
        header=True,
        protect="_dup = 0",
    )
    ctx.writer.write_lines("hris", render.render(ctx.con, spec), render.header(COLUMNS), False)
