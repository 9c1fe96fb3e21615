"""``degreed/``: one CSV of completions per month (``completions_YYYY-MM.csv``).

``UserID`` is the HR EmployeeId (contractors carry ids that match nobody). Program
completions of Degreed programs are never broken; articles, videos, books and other
non-program content fill the rest. Degreed exports completions only, so enrollment in
a Degreed program is not observable from these files.
"""

from __future__ import annotations

import pandas as pd

from .. import render, vocab
from ..rng import stream
from . import lms
from .common import Context

COLUMNS = ["UserID", "CourseID", "CompletionDate", "ContentType", "Provider"]


def write(ctx: Context) -> None:
    cfg, con = ctx.cfg, ctx.con
    rng = stream(cfg.seed, "degreed")
    enr = lms.enrollments(ctx, "degreed", len(vocab.DEGREED_NOISE), 0.25, rng)
    # contractors complete their noise content too
    cons = enr["cidx"] >= 0
    enr.loc[cons, "complete_day"] = enr.loc[cons, "enroll_day"]
    done = enr[enr["complete_day"] >= 0]
    con.register("deg_rows", done)
    catalog = [
        (
            pi,
            -1,
            p.degreed_course_id,
            "Course",
            "Microsoft" if "Microsoft" in p.program_name else "Degreed Academy",
        )
        for pi, p in enumerate(ctx.learn.programs)
        if p.degreed_course_id
    ] + [(-1, ci, cid, kind, prov) for ci, (cid, kind, prov) in enumerate(vocab.DEGREED_NOISE)]
    con.register(
        "deg_catalog",
        pd.DataFrame(catalog, columns=["program", "course", "course_id", "kind", "provider"]),
    )
    base = f"""
        select 'completions_' || strftime({ctx.start} + r.complete_day::integer, '%Y-%m')
                || '.csv' as file,
            r.eid, r.program,
            coalesce(p.employee_id, c.user_id) as "UserID",
            k.course_id as "CourseID",
            strftime({ctx.start} + r.complete_day::integer, '%Y%m%d') as "CompletionDate",
            k.kind as "ContentType", k.provider as "Provider"
        from deg_rows r
        join deg_catalog k on k.program = r.program and k.course = r.course
        left join people p on p.person = r.person and r.person >= 0
        left join contractors c on c.cidx = r.cidx and r.cidx >= 0
    """
    spec = render.Spec(
        base=base,
        order_by='"CompletionDate", "UserID", "CourseID", eid',
        line=render.csv_line(
            COLUMNS,
            required=["UserID"],
            timestamp="CompletionDate",
            ts_garbles=["20260230", "20261345", "2026-03-01", "not-a-date"],
        ),
        kinds=render.csv_kinds(None),
        rate=cfg.bad_rows,
        tag=ctx.tag("degreed"),
        header=True,
        protect="program >= 0",
    )
    table = render.render(con, spec)
    ctx.identity.collect(
        con,
        "degreed",
        """select 'employee_id' as id_type, "UserID" as id_value, null as src_email
           from _k where _bad is null""",
    )
    ctx.writer.write_lines("degreed", table, render.header(COLUMNS), False)
