"""``m365_copilot/``: one Copilot usage-user-detail CSV (period D7) per daily download.

Download day X (X = 1 .. D) is written as ``CopilotUsageUserDetail_D7_<X>.csv``; its
``Report Refresh Date`` is X minus a lag of 1-3 days. Rows: users holding a licence on
the refresh date and employed then. Each date column is the last true active day on
that app up to the refresh date (empty when never). Every true m365_copilot active day
is spread over 1-2 apps (Teams, Word, Excel, PowerPoint, Outlook, OneNote, Loop);
copilot_chat days fill ``Copilot Chat Last Activity Date``. Planted mess: restatement
(a share of rows shows one app date one day too late; the next download corrects it)
and concealed tenants' rows (UPN and Display Name as 32-hex hashes, never matchable).
Also writes ``_truth/copilot_true_days.csv.gz``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import render
from ..org import NEVER
from ..rng import stream
from .common import Context, day_str, name_at, upn_at

APPS = ["Microsoft Teams", "Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Loop"]
APP_WEIGHTS = np.array([0.3, 0.2, 0.12, 0.08, 0.2, 0.05, 0.05])
COLUMNS = [
    "Report Refresh Date",
    "Report Period",
    "User Principal Name",
    "Display Name",
    "Last Activity Date",
    *[f"{a} Copilot Last Activity Date" for a in APPS],
    "Copilot Chat Last Activity Date",
]
BATCH_FILES = 30
KINDS = ["malformed_csv", "missing_required_field", "invalid_timestamp", "invalid_number"]


def write(ctx: Context) -> None:
    cfg, use, wf = ctx.cfg, ctx.use, ctx.wf
    rng = stream(cfg.seed, "m365")
    days = cfg.days
    tools = use.tools
    t_m365 = tools.index("m365_copilot") if "m365_copilot" in tools else -1
    t_chat = tools.index("copilot_chat") if "copilot_chat" in tools else -1
    act = use.activity
    _write_true_days(ctx, act, t_m365, t_chat)
    if t_m365 < 0:
        return
    lic_from = use.access_from[:, t_m365]
    # a seat unassigned mid-window (seats.py) leaves the report from that day
    lic_until = np.full(wf.n, NEVER, dtype=np.int64)
    for spell in ctx.seats.spells if ctx.seats else []:
        if spell.tool == t_m365:
            lic_until[spell.person] = spell.end
    licensed = np.flatnonzero(lic_from < NEVER)
    slot = np.full(wf.n, -1, dtype=np.int64)
    slot[licensed] = np.arange(len(licensed))
    n_l = len(licensed)

    # app events: (slot, app 0..7, day)
    m = act[(act["tool"] == t_m365) & (slot[act["person"].to_numpy()] >= 0)]
    ms = slot[m["person"].to_numpy()]
    md = m["day"].to_numpy().astype(np.int64)
    a1 = rng.choice(7, len(ms), p=APP_WEIGHTS)
    a2 = rng.choice(7, len(ms), p=APP_WEIGHTS)
    two = rng.random(len(ms)) < 0.35
    c = act[(act["tool"] == t_chat) & (slot[act["person"].to_numpy()] >= 0)]
    ev_s = np.concatenate([ms, ms[two], slot[c["person"].to_numpy()]])
    ev_a = np.concatenate([a1, a2[two], np.full(len(c), 7)])
    ev_d = np.concatenate([md, md[two], c["day"].to_numpy().astype(np.int64)])
    order = np.argsort(ev_d, kind="stable")
    ev_s, ev_a, ev_d = ev_s[order], ev_a[order], ev_d[order]
    day_cut = np.searchsorted(ev_d, np.arange(days + 1))

    # downloads and their refresh dates
    x = np.arange(1, days + 1)
    lag = rng.integers(1, 4, len(x))
    refresh = x - lag
    keep = refresh >= 0
    x, refresh = x[keep], refresh[keep]

    # employment on the refresh date, licence from
    emp = wf.employed_matrix()[licensed]
    last = np.full((n_l, 8), -1, dtype=np.int16)
    snaps: list[np.ndarray] = [None] * len(x)  # type: ignore[list-item]
    by_refresh: dict[int, list[int]] = {}
    for i, r in enumerate(refresh):
        by_refresh.setdefault(int(r), []).append(i)
    for d in range(days):
        lo, hi = day_cut[d], day_cut[d + 1]
        if hi > lo:
            last[ev_s[lo:hi], ev_a[lo:hi]] = d
        for i in by_refresh.get(d, []):
            snaps[i] = last.copy()

    concealed = rng.random(n_l) < cfg.planted.m365_concealed_share
    bad_rng = stream(cfg.seed, "m365-bad")
    frames = []
    for i, (xi, r) in enumerate(zip(x, refresh, strict=True)):
        users = np.flatnonzero((lic_from[licensed] <= r) & (r < lic_until[licensed]) & emp[:, r])
        snap = snaps[i][users].copy()
        restate = rng.random(len(users)) < cfg.planted.m365_restatement_share
        if restate.any():
            app = rng.integers(0, 8, restate.sum())
            rows = np.flatnonzero(restate)
            cur = snap[rows, app]
            ok = (cur >= 0) & (cur < r)
            snap[rows[ok], app[ok]] = cur[ok] + 1
        cols = {"xfile": np.full(len(users), xi, np.int16), "refresh": np.full(len(users), r)}
        cols["person"] = licensed[users].astype(np.int32)
        cols["_rn"] = np.arange(len(users)) + 2
        badcode = np.full(len(users), -1)
        if cfg.bad_rows > 0:
            hit = bad_rng.random(len(users)) < cfg.bad_rows
            badcode[hit] = bad_rng.integers(0, len(KINDS), hit.sum())
        cols["_badcode"] = badcode
        cols["concealed"] = concealed[users]
        for a in range(8):
            cols[f"a{a}"] = snap[:, a]
        frames.append(pd.DataFrame(cols))
        if len(frames) == BATCH_FILES or i == len(x) - 1:
            batch = pd.concat(frames, ignore_index=True)
            batch["ord"] = np.arange(len(batch))
            _render(ctx, batch)
            frames = []


def _render(ctx: Context, batch: pd.DataFrame) -> None:
    con, start = ctx.con, ctx.start
    con.register("m365_batch", pa.Table.from_pandas(batch, preserve_index=False))
    dates = [
        f"case when b.a{a} >= 0 then {day_str(f'b.a{a}', start)} else '' end" for a in range(8)
    ]
    greatest = "greatest(" + ", ".join(f"b.a{a}" for a in range(8)) + ")"
    upn = upn_at("b.refresh")
    name = name_at("b.refresh")
    base = f"""
        select 'CopilotUsageUserDetail_D7_' || {day_str("b.xfile", start)} || '.csv' as file,
            {day_str("b.refresh", start)} as "Report Refresh Date",
            '7' as "Report Period",
            case when b.concealed then upper(md5('upn:' || {upn})) else {upn} end
                as "User Principal Name",
            case when b.concealed then upper(md5('name:' || {name})) else {name} end
                as "Display Name",
            case when {greatest} >= 0 then {day_str(greatest, start)} else '' end
                as "Last Activity Date",
            {", ".join(f'{d} as "{c}"' for d, c in zip(dates, COLUMNS[5:], strict=True))},
            b.person, b.ord, b._rn, {render.kind_case(KINDS, "b._badcode")} as _bad
        from m365_batch b join people p on p.person = b.person
    """
    line = render.csv_line(
        COLUMNS,
        required=["User Principal Name"],
        timestamp="Report Refresh Date",
        number="Report Period",
        plain=set(COLUMNS) - {"User Principal Name", "Display Name"},
    )
    table = render.render_ordered(con, base, line, extra=['"User Principal Name" as id_upn'])
    ctx.identity.add("m365_copilot", table, None, "id_upn", id_type="upn")
    ctx.writer.write_lines(
        "m365_copilot", table.drop_columns(["id_upn"]), render.header(COLUMNS), False
    )


def _write_true_days(ctx: Context, act: pd.DataFrame, t_m365: int, t_chat: int) -> None:
    con = ctx.con
    sub = act[act["tool"].isin([t_m365, t_chat])]
    con.register("true_days", sub)
    rel = con.sql(
        f"""
        select '_truth' as file, p.employee_id || ',' ||
            case when t.tool = {t_m365} then 'm365_copilot' else 'copilot_chat' end || ',' ||
            {day_str("t.day", ctx.start)} || chr(10) as line
        from true_days t join people p on p.person = t.person
        order by p.employee_id, t.tool, t.day
        """
    ).to_arrow_table()
    from ..writers import column_bytes

    body = column_bytes(rel.column("line"))
    ctx.writer.write_bytes(
        "_truth/copilot_true_days.csv.gz", b"employee_id,tool_id,activity_date\n" + body, gz=True
    )
