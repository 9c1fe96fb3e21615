"""``ai_seats/``: seat lists of the per-seat tools other than Microsoft 365 Copilot.

The shape of GitHub's REST API "List all Copilot seat assignments for an organization"
(GET /orgs/{org}/copilot/billing/seats, docs.github.com/rest/copilot/
copilot-user-management): one response page a file, ``{"total_seats": N, "seats":
[{created_at, updated_at, pending_cancellation_date, last_activity_at,
last_activity_editor, plan_type, assignee{login, id, type, site_admin, email}}]}``, at
most 100 seats a page. Pulled on the 15th of every month and on the window's last day,
listing every seat billed that day; the file name names the tool
(``<tool_id>__seats_<YYYY-MM-DD>_p<NN>.json``). A seat ending within 31 days shows its
``pending_cancellation_date``. Seats assigned before the window were created up to
400 days earlier. A share of assignees shows no e-mail (login only: unmatchable).

Bad records (``--bad-rows``) are extra copies of real seats, each listed in
``_truth/bad_rows.csv``: missing_required_field (no created_at), invalid_timestamp,
unknown_tool (in a file named for a tool the seed does not know),
unassigned_before_assigned, duplicate_seat (the same seat again in its page).
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pyarrow as pa

from ..org import NEVER
from ..rng import stream
from ..seats import REPORT_TOOLS
from .common import Context

PAGE_SIZE = 100
KINDS = [
    "missing_required_field",
    "invalid_timestamp",
    "unknown_tool",
    "unassigned_before_assigned",
    "duplicate_seat",
]
UNKNOWN_TOOL = "retired_ai_tool"


def pull_days(ctx: Context) -> list[int]:
    days = [d for d in range(ctx.cfg.days) if (ctx.cfg.start_date + dt.timedelta(days=d)).day == 15]
    return sorted({*days, ctx.cfg.days - 1})


def _iso(day: dt.date, seconds: int) -> str:
    return f"{day.isoformat()}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"


def write(ctx: Context) -> None:
    cfg, wf, use = ctx.cfg, ctx.wf, ctx.use
    if ctx.seats is None:
        return
    rng = stream(cfg.seed, "ai_seats")
    start = cfg.start_date
    pulls = pull_days(ctx)
    act = use.activity
    # one record per (tool, pull, seat) as a dict, grouped in pages
    files: dict[str, list[dict]] = {}
    totals: dict[str, int] = {}
    ident_rows: list[str] = []
    for spell in ctx.seats.spells:
        tool_id = use.tools[spell.tool]
        if tool_id in REPORT_TOOLS:
            continue
        n = len(spell.person)
        created_day = np.where(spell.start == 0, -rng.integers(1, 401, n), spell.start)
        created_sec = rng.integers(9 * 3600, 17 * 3600, n)
        login_only = rng.random(n) < cfg.planted.seat_login_only_share
        a = act[(act["tool"] == spell.tool).to_numpy()]
        by_person = a.groupby("person")["day"].apply(np.sort).to_dict()
        for day in pulls:
            billed = np.flatnonzero((spell.start <= day) & (day < spell.end))
            emails = wf.email_at(spell.person[billed], np.full(len(billed), day))
            seats = []
            for i, email in zip(billed, emails, strict=True):
                person = int(spell.person[i])
                email = str(email).lower()
                used = by_person.get(person)
                last = None
                if used is not None:
                    before = used[used <= day]
                    last = int(before[-1]) if len(before) else None
                end = int(spell.end[i])
                pending = (
                    (start + dt.timedelta(days=end)).isoformat()
                    if end < NEVER and end - day <= 31
                    else None
                )
                created = _iso(start + dt.timedelta(days=int(created_day[i])), int(created_sec[i]))
                assignee = {
                    "login": email.split("@")[0].replace(".", "-") + "_acme",
                    "id": 1_000_000 + person,
                    "type": "User",
                    "site_admin": False,
                }
                if not login_only[i]:
                    assignee["email"] = email
                seats.append(
                    {
                        "created_at": created,
                        "updated_at": created,
                        "pending_cancellation_date": pending,
                        "last_activity_at": (
                            _iso(start + dt.timedelta(days=last), 12 * 3600)
                            if last is not None
                            else None
                        ),
                        "last_activity_editor": (
                            "vscode/1.98.0/copilot/1.290.0"
                            if last is not None and tool_id == "github_copilot"
                            else None
                        ),
                        "plan_type": "business",
                        "assignee": assignee,
                    }
                )
                ident_rows.append(assignee.get("email", assignee["login"]))
            date = (start + dt.timedelta(days=day)).isoformat()
            for k in range(0, max(len(seats), 1), PAGE_SIZE):
                name = f"{tool_id}__seats_{date}_p{k // PAGE_SIZE + 1:02d}.json"
                files[name] = [{"seat": s, "bad": None} for s in seats[k : k + PAGE_SIZE]]
                totals[name] = len(seats)
    _plant_bad(ctx, rng, files)
    _write(ctx, files, totals)
    ctx.identity.add(
        "ai_seats",
        pa.table({"bad_kind": pa.nulls(len(ident_rows), pa.string()), "id": ident_rows}),
        None,
        "id",
    )


def _plant_bad(ctx: Context, rng: np.random.Generator, files: dict[str, list[dict]]) -> None:
    """Insert broken copies of real seats (the real ones stay as they are)."""
    names = sorted(n for n, recs in files.items() if recs)
    total = sum(len(files[n]) for n in names)
    n_bad = round(ctx.cfg.bad_rows * total)
    for j in range(n_bad):
        kind = KINDS[j % len(KINDS)]
        name = names[int(rng.integers(0, len(names)))]
        recs = files[name]
        pos = int(rng.integers(0, len(recs)))
        while recs[pos]["bad"] is not None:
            pos = (pos + 1) % len(recs)
        seat = json.loads(json.dumps(recs[pos]["seat"]))
        if kind == "missing_required_field":
            del seat["created_at"]
        elif kind == "invalid_timestamp":
            seat["created_at"] = seat["created_at"][:5] + "13-45" + seat["created_at"][10:]
        elif kind == "unassigned_before_assigned":
            created = dt.date.fromisoformat(seat["created_at"][:10])
            seat["pending_cancellation_date"] = (created - dt.timedelta(days=5)).isoformat()
        if kind == "unknown_tool":
            other = UNKNOWN_TOOL + "__" + name.split("__", 1)[1]
            files.setdefault(other, []).append({"seat": seat, "bad": kind})
        else:
            recs.insert(pos + 1, {"seat": seat, "bad": kind})


def _write(ctx: Context, files: dict[str, list[dict]], totals: dict[str, int]) -> None:
    bad_files, bad_lines, bad_kinds = [], [], []
    rows = 0
    for name in sorted(files):
        recs = files[name]
        # seat k on physical line k (the page's head shares the first seat's line), so
        # a seat's position in seats[] is also its line, as the erasure test reads it
        body = ",\n".join(json.dumps(r["seat"], separators=(", ", ": ")) for r in recs)
        total = totals.get(name, len(recs))
        text = f'{{"total_seats": {total}, "seats": [{body}]}}\n'
        ctx.writer.write_bytes(f"ai_seats/{name}", text.encode())
        rows += len(recs)
        for pos, r in enumerate(recs, start=1):
            if r["bad"] is not None:
                bad_files.append(name)
                bad_lines.append(pos)
                bad_kinds.append(r["bad"])
    ctx.writer.rows["ai_seats"] += rows
    ctx.writer._collect_bad(
        "ai_seats",
        pa.table(
            {
                "file": pa.array(bad_files, pa.string()),
                "lineno": pa.array(bad_lines, pa.int64()),
                "bad_kind": pa.array(bad_kinds, pa.string()),
            }
        ),
    )
