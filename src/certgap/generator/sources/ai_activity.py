"""``ai_activity/``: per-user daily use of the other sanctioned AI tools (admin consoles).

One CSV per day (``ai_activity_YYYY-MM-DD.csv``): ``Date, Tool, User, Interactions``.
Every true active day of a sanctioned tool other than m365_copilot / copilot_chat is a
row; ``Tool`` is the seed's tool_name, ``User`` the work e-mail (sometimes mixed case or
a previous address); a share of rows arrives in the next day's file (late files); a few
contractor accounts match nobody.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import render
from ..rng import stream
from .common import Context, email_at, h100, register_arrays

COLUMNS = ["Date", "Tool", "User", "Interactions"]
CONSOLE_EXCLUDED = {"m365_copilot", "copilot_chat"}
KINDS = ["malformed_csv", "missing_required_field", "invalid_timestamp", "invalid_number"]


def console_tools(ctx: Context) -> list[int]:
    return [
        i
        for i, t in enumerate(ctx.seeds.tools)
        if t.is_sanctioned and t.tool_id not in CONSOLE_EXCLUDED
    ]


def write(ctx: Context) -> None:
    cfg, con = ctx.cfg, ctx.con
    rng = stream(cfg.seed, "ai_activity")
    act = ctx.use.activity
    sub = act[act["tool"].isin(console_tools(ctx))]
    n = len(sub)
    late = rng.random(n) < cfg.planted.late_share
    day = sub["day"].to_numpy().astype(np.int64)
    fday = np.minimum(day + late, cfg.days - 1)
    inter = 1 + rng.poisson(12, n)
    # contractors with accounts on a console tool
    cons = ctx.wf.contractors
    tools = console_tools(ctx)
    k = max(5, len(cons) * 10)
    c_idx = rng.integers(0, len(cons), k)
    c_day = rng.integers(0, cfg.days, k)
    c_tool = np.array(tools)[rng.integers(0, len(tools), k)] if tools else np.zeros(k, int)
    person = np.concatenate([sub["person"].to_numpy(), np.full(k, -1)]).astype(np.int64)
    cidx = np.concatenate([np.full(n, -1), c_idx]).astype(np.int64)
    tool = np.concatenate([sub["tool"].to_numpy(), c_tool]).astype(np.int64)
    day = np.concatenate([day, c_day])
    fday = np.concatenate([fday, c_day])
    rid = np.arange(n + k)
    order, lineno, bad = render.mark(
        fday, [day, tool, person, rid], KINDS, cfg.bad_rows, stream(cfg.seed, "aia-bad"), True
    )
    register_arrays(
        con,
        "aia_ev",
        ord=np.arange(n + k),
        _rn=lineno,
        _badcode=bad,
        person=person[order],
        cidx=cidx[order],
        tool=tool[order],
        day=day[order],
        fday=fday[order],
        inter=np.concatenate([inter, 1 + rng.poisson(5, k)])[order],
        rid=rid[order],
    )
    tool_names = pd.DataFrame(
        {
            "tool": np.arange(len(ctx.seeds.tools)),
            "tool_name": [t.tool_name for t in ctx.seeds.tools],
        }
    )
    con.register("tool_names", tool_names)
    user = email_at("e.day", h100("e.person", "e.day", "e.tool"))
    base = f"""
        select 'ai_activity_' || strftime({ctx.start} + e.fday::integer, '%Y-%m-%d') || '.csv'
                as file,
            strftime({ctx.start} + e.day::integer, '%Y-%m-%d') as "Date",
            t.tool_name as "Tool",
            coalesce({user}, c.email) as "User",
            e.inter::varchar as "Interactions",
            e.person, e.cidx, e.tool, e.rid, e.ord, e._rn,
            {render.kind_case(KINDS, "e._badcode")} as _bad
        from aia_ev e join tool_names t on t.tool = e.tool
        left join people p on p.person = e.person
        left join contractors c on c.cidx = e.cidx
    """
    line = render.csv_line(COLUMNS, required=["User"], timestamp="Date", number="Interactions")
    table = render.render_ordered(con, base, line, extra=['"User" as id_user'])
    ctx.identity.add("ai_activity", table, None, "id_user")
    ctx.writer.write_lines(
        "ai_activity", table.drop_columns(["id_user"]), render.header(COLUMNS), False
    )
