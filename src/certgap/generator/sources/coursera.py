"""``coursera/`` and ``udemy/``: one cumulative usage report CSV per month.

Each monthly file (``usage_YYYY-MM.csv`` / ``user_course_activity_YYYY-MM.csv``) lists
every learner x course enrolled up to the month's end (or the window's end), with
progress and completion as of then, so a learner x course appears in several files and
the later file is newer. Coursera carries one custom attribute column at the end
(``Cost Center``), and its second month swaps ``Course Slug`` and ``University``.
Program rows of the last month are never broken (they hold the final state).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import render, vocab
from ..rng import stream
from . import lms
from .common import Context, email_at, h100, last_at, name_at, ts_iso

COURSERA_COLUMNS = [
    "Name",
    "Email",
    "External Id",
    "Course",
    "Course ID",
    "Course Slug",
    "University",
    "Enrollment Time",
    "Class Start Time",
    "Class End Time",
    "Last Course Activity Time",
    "Overall Progress",
    "Estimated Learning Hours",
    "Completed",
    "Removed From Program",
    "Program Slug",
    "Program Name",
    "Enrollment Source",
    "Completion Time",
    "Course Grade",
    "Course Certificate URL",
    "For Credit",
    "Course Type",
    "Job Title",
    "Job Type",
    "Location City",
    "Location Region",
    "Location Country",
    "Cost Center",
]
UDEMY_COLUMNS = [
    "User First Name",
    "User Last Name",
    "User Email",
    "External ID",
    "User Groups",
    "Course ID",
    "Course Title",
    "Course Locale",
    "Course Duration",
    "% Marked Completed",
    "Minutes Video Consumed",
    "Date Enrolled",
    "Date Started",
    "First Date Completed",
    "Date Completed",
    "Date Last Accessed",
    "Course Category",
    "Assigned",
    "Assigned By",
    "User Is Deactivated",
]


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _catalog(ctx: Context, platform: str) -> pd.DataFrame:
    """(program, course, course_id, title, extra) for program and noise courses."""
    rows = []
    for pi, prog in enumerate(ctx.learn.programs):
        cid = prog.course_id(platform)
        if cid:
            extra = "DeepLearning.AI" if platform == "coursera" else "IT & Software"
            rows.append((pi, -1, cid, prog.program_name, extra))
    noise = vocab.COURSERA_NOISE if platform == "coursera" else vocab.UDEMY_NOISE
    for ci, (cid, title, extra) in enumerate(noise):
        rows.append((-1, ci, cid, title, extra))
    return pd.DataFrame(rows, columns=["program", "course", "course_id", "title", "extra"])


def _locations(ctx: Context) -> None:
    ctx.con.register(
        "locations",
        pd.DataFrame(
            {
                "loc": range(len(vocab.LOCATIONS)),
                "city": [x[3] for x in vocab.LOCATIONS],
                "region": [x[4] for x in vocab.LOCATIONS],
                "country": [x[5] for x in vocab.LOCATIONS],
            }
        ),
    )


def _prepare(ctx: Context, platform: str, share: float) -> None:
    rng = stream(ctx.cfg.seed, platform)
    noise = vocab.COURSERA_NOISE if platform == "coursera" else vocab.UDEMY_NOISE
    enr = lms.enrollments(ctx, platform, len(noise), share, rng)
    rows = lms.monthly(ctx, enr)
    ctx.con.register(f"{platform}_rows", rows)
    ctx.con.register(f"{platform}_catalog", _catalog(ctx, platform))
    _locations(ctx)


def _identity_sql(email_col: str, ext_col: str) -> str:
    return f"""
        select 'email' as id_type, "{email_col}" as id_value, null as src_email
        from _k where _bad is null
        union all
        select 'external_id', "{ext_col}", null from _k where _bad is null
    """


def write_coursera(ctx: Context) -> None:
    _prepare(ctx, "coursera", 0.04)
    start = ctx.start
    me = "r.me"
    variant = h100("r.person", "r.eid", "r.mi // 3")
    email = (
        f"case when r.program >= 0 then {email_at(me, variant)} "
        f"else {email_at(me, variant, allow_amb=True)} end"
    )
    done = "(r.complete_day >= 0 and r.complete_day <= r.me)"
    last_day = "least(r.me, r.enroll_day + r.span)"
    progress = (
        f"case when {done} then 100.0 else round(r.progress * least(1.0, "
        f"(r.me - r.enroll_day + 1)::double / greatest(1, r.span + 1)), 1) end"
    )
    base = f"""
        select 'usage_' || r.month || '.csv' as file, r.eid, r.program, r.last_month,
            coalesce({name_at(me)}, c.first || ' ' || c.last) as "Name",
            coalesce({email}, c.email) as "Email",
            case when r.person >= 0 and hash(p.employee_id) % 100 < 85 then p.employee_id
                 else '' end as "External Id",
            k.title as "Course", k.course_id as "Course ID",
            {_sql_slug("k.title")} as "Course Slug", k.extra as "University",
            {ts_iso("r.enroll_day", "r.sec_e", start)} as "Enrollment Time",
            {ts_iso("r.enroll_day", "r.sec_e", start)} as "Class Start Time",
            {ts_iso("r.enroll_day + 42", "0", start)} as "Class End Time",
            {ts_iso(last_day, "r.sec_c", start)} as "Last Course Activity Time",
            ({progress})::varchar as "Overall Progress",
            round(({progress}) / 100.0 * 11.5, 2)::varchar as "Estimated Learning Hours",
            case when {done} then 'Yes' else 'No' end as "Completed",
            'No' as "Removed From Program",
            case when r.program >= 0 then 'acme-ai-academy' else 'acme-open-learning' end
                as "Program Slug",
            case when r.program >= 0 then 'Acme AI Academy' else 'Acme Open Learning' end
                as "Program Name",
            case when r.program >= 0 then 'Assigned by Admin' else 'Self-enrolled' end
                as "Enrollment Source",
            case when {done} then {ts_iso("r.complete_day", "r.sec_c", start)} else '' end
                as "Completion Time",
            case when {done} then (80 + hash(r.eid) % 200 / 10.0)::varchar else '' end
                as "Course Grade",
            case when {done} then 'https://coursera.org/verify/'
                || upper(substr(md5('cert' || r.eid), 1, 12)) else '' end
                as "Course Certificate URL",
            'No' as "For Credit", 'Course' as "Course Type",
            coalesce(p.org0 || ' staff', 'Contractor') as "Job Title",
            case when r.person >= 0 then 'Full-time' else 'Contractor' end as "Job Type",
            coalesce(l.city, '') as "Location City",
            coalesce(l.region, '') as "Location Region",
            coalesce(l.country, '') as "Location Country",
            coalesce('CC-' || (hash(p.org0) % 900 + 100), '') as "Cost Center",
            r.mi
        from coursera_rows r
        join coursera_catalog k on k.program = r.program and k.course = r.course
        left join people p on p.person = r.person and r.person >= 0
        left join contractors c on c.cidx = r.cidx and r.cidx >= 0
        left join locations l on l.loc = p.loc
    """
    months = ctx.months()
    swapped = list(COURSERA_COLUMNS)
    i, j = swapped.index("Course Slug"), swapped.index("University")
    swapped[i], swapped[j] = swapped[j], swapped[i]
    for cols, cond in ((COURSERA_COLUMNS, "mi <> 1"), (swapped, "mi = 1")):
        if cond == "mi = 1" and len(months) < 2:
            continue
        spec = render.Spec(
            base=f"select * from ({base}) x where {cond}",
            order_by='lower("Email"), "Course ID", eid',
            line=render.csv_line(
                cols,
                required=["Email", "External Id"],
                timestamp="Enrollment Time",
                number="Overall Progress",
            ),
            kinds=render.csv_kinds("Overall Progress"),
            rate=ctx.cfg.bad_rows,
            tag=ctx.tag("coursera"),
            header=True,
            protect="program >= 0 and last_month",
        )
        table = render.render(ctx.con, spec)
        ctx.identity.collect(ctx.con, "coursera", _identity_sql("Email", "External Id"))
        ctx.writer.write_lines("coursera", table, render.header(cols), False)


def _sql_slug(expr: str) -> str:
    return f"trim(regexp_replace(lower({expr}), '[^a-z0-9]+', '-', 'g'), '-')"


def write_udemy(ctx: Context) -> None:
    _prepare(ctx, "udemy", 0.05)
    start = ctx.start
    me = "r.me"
    variant = h100("r.person", "r.eid", "r.mi // 3")
    email = (
        f"case when r.program >= 0 then {email_at(me, variant)} "
        f"else {email_at(me, variant, allow_amb=True)} end"
    )
    done = "(r.complete_day >= 0 and r.complete_day <= r.me)"

    def d(expr: str) -> str:
        return f"strftime({start} + ({expr})::integer, '%Y-%m-%d')"

    progress = (
        f"case when {done} then 100 else round(r.progress * least(1.0, "
        f"(r.me - r.enroll_day + 1)::double / greatest(1, r.span + 1)))::integer end"
    )
    base = f"""
        select 'user_course_activity_' || r.month || '.csv' as file, r.eid, r.program,
            r.last_month,
            coalesce(p.first, c.first) as "User First Name",
            coalesce({last_at(me)}, c.last) as "User Last Name",
            coalesce({email}, c.email) as "User Email",
            case when r.person >= 0 and hash(p.employee_id) % 100 < 80 then p.employee_id
                 else '' end as "External ID",
            coalesce(p.org0, 'Partners') as "User Groups",
            k.course_id as "Course ID", k.title as "Course Title", 'en_US' as "Course Locale",
            (2 + hash(k.course_id) % 9 + 0.5)::varchar as "Course Duration",
            ({progress})::varchar as "% Marked Completed",
            (({progress}) * (3 + hash(k.course_id) % 5))::varchar as "Minutes Video Consumed",
            {d("r.enroll_day")} as "Date Enrolled",
            {d("r.enroll_day + (r.eid % 3)")} as "Date Started",
            case when {done} then {d("r.complete_day")} else '' end as "First Date Completed",
            case when {done} then {
        d("least(r.me, r.complete_day + case when r.eid % 20 = 0 then 9 else 0 end)")
    } else '' end as "Date Completed",
            {d("least(r.me, r.enroll_day + r.span)")} as "Date Last Accessed",
            k.extra as "Course Category",
            case when r.program >= 0 then 'Yes' else 'No' end as "Assigned",
            case when r.program >= 0 then 'learning.admin@acme.example' else '' end
                as "Assigned By",
            case when r.person < 0 then 'No' when exists (
                select 1 from spells s where s.person = r.person
                and r.me between s.start and s."end") then 'No' else 'Yes' end
                as "User Is Deactivated"
        from udemy_rows r
        join udemy_catalog k on k.program = r.program and k.course = r.course
        left join people p on p.person = r.person and r.person >= 0
        left join contractors c on c.cidx = r.cidx and r.cidx >= 0
    """
    ctx.con.register("spells", ctx.wf.spells)
    spec = render.Spec(
        base=base,
        order_by='lower("User Email"), "Course ID", eid',
        line=render.csv_line(
            UDEMY_COLUMNS,
            required=["User Email", "External ID"],
            timestamp="Date Enrolled",
            number="% Marked Completed",
            ts_garbles=["not-a-date", "2026-02-30", "2026-13-01", "31/12/2026"],
        ),
        kinds=render.csv_kinds("% Marked Completed"),
        rate=ctx.cfg.bad_rows,
        tag=ctx.tag("udemy"),
        header=True,
        protect="program >= 0 and last_month",
    )
    table = render.render(ctx.con, spec)
    ctx.identity.collect(ctx.con, "udemy", _identity_sql("User Email", "External ID"))
    ctx.writer.write_lines("udemy", table, render.header(UDEMY_COLUMNS), False)


__all__ = ["np", "write_coursera", "write_udemy"]
