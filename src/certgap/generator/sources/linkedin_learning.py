"""``linkedin_learning/``: learningActivityReports pages (INDIVIDUAL + CONTENT, COURSE).

One reporting window per calendar month; each element is a learner x course with
engagement in that month: ``SECONDS_VIEWED``, ``PROGRESS_PERCENTAGE`` (as of the
month's end) and, in the month of completion, ``COMPLETIONS`` whose ``lastEngagedAt``
is the completion instant (epoch ms). Files ``learningActivityReports_YYYY-MM_pNNNN.json``
hold one API page each (``paging{start, count, total, links}``). ``uniqueUserId`` is
the EmployeeId when SSO-provisioned, else null. Program elements are never broken.
"""

from __future__ import annotations

import json

import pandas as pd

from .. import render, vocab
from ..rng import stream
from . import lms
from .common import Context, email_at, h100, name_at

PAGE_SIZE = 100


def write(ctx: Context) -> None:
    cfg, con = ctx.cfg, ctx.con
    rng = stream(cfg.seed, "linkedin")
    enr = lms.enrollments(ctx, "linkedin_learning", len(vocab.LINKEDIN_NOISE), 0.06, rng)
    months = ctx.months()
    frames = []
    for mi, (label, lo, hi) in enumerate(months):
        last_active = enr["enroll_day"] + enr["span"]
        sub = enr[(enr["enroll_day"] <= hi) & (last_active >= lo)].copy()
        sub["month"], sub["mi"], sub["lo"], sub["hi"] = label, mi, lo, hi
        frames.append(sub)
    rows = pd.concat(frames, ignore_index=True)
    con.register("li_rows", rows)
    catalog = [
        (pi, -1, p.linkedin_content_urn, p.program_name)
        for pi, p in enumerate(ctx.learn.programs)
        if p.linkedin_content_urn
    ] + [(-1, ci, urn, title) for ci, (urn, title) in enumerate(vocab.LINKEDIN_NOISE)]
    con.register("li_catalog", pd.DataFrame(catalog, columns=["program", "course", "urn", "title"]))
    start = ctx.start
    variant = h100("r.person", "r.eid")
    email = (
        f"case when r.program >= 0 then {email_at('r.hi', variant)} "
        f"else {email_at('r.hi', variant, allow_amb=True)} end"
    )

    def epoch(day: str, sec: str) -> str:
        return f"(epoch_ms(({start} + ({day})::integer)::timestamp) + ({sec}) * 1000)::bigint"

    first = "greatest(r.enroll_day, r.lo)"
    last = "least(r.enroll_day + r.span, r.hi)"
    done = "(r.complete_day between r.lo and r.hi)"
    progress = (
        "case when r.complete_day >= 0 and r.complete_day <= r.hi then 100 else "
        "round(r.progress * least(1.0, (r.hi - r.enroll_day + 1)::double / "
        "greatest(1, r.span + 1)))::integer end"
    )
    base = f"""
        with x as (
            select r.*, k.urn, k.title,
                coalesce({name_at("r.hi")}, c.first || ' ' || c.last) as lname,
                coalesce({email}, c.email) as lemail,
                case when r.person >= 0 and hash(p.employee_id) % 100 < 80
                     then p.employee_id end as uid,
                coalesce(p.org0, 'Partners') as grp,
                row_number() over (partition by r.mi order by r.person, r.cidx, k.urn, r.eid)
                    - 1 as pos,
                count(*) over (partition by r.mi) as total
            from li_rows r
            join li_catalog k on k.program = r.program and k.course = r.course
            left join people p on p.person = r.person and r.person >= 0
            left join contractors c on c.cidx = r.cidx and r.cidx >= 0
        )
        select 'learningActivityReports_' || month || '_p'
                || lpad(((pos // {PAGE_SIZE}) + 1)::varchar, 4, '0') || '.json' as file,
            *
        from x
    """
    f_first = epoch(first, "r.sec_e")
    f_last = epoch(last, "r.sec_c")
    f_comp = epoch("r.complete_day", "r.sec_c")
    base = base.replace(
        "select r.*, k.urn",
        f"select r.*, {f_first} as t_first, "
        f"{f_last} as t_last, {f_comp} as t_comp, ({progress}) as prog, "
        f"{done} as done_here, k.urn",
    )
    garbles = render.sql_list(["2026-02-30T10:00:00Z", "not-a-date", "31/12/2026"])
    line = f"""
        case when _rn = 1 then '' else ',' end
        || '{{"learnerDetails":{{"name":' || to_json(lname)::varchar
        || ',"email":' || case when _bad = 'missing_required_field' then '""'
                              else to_json(lemail)::varchar end
        || ',"uniqueUserId":' || case when _bad = 'missing_required_field' or uid is null
                                     then 'null' else '"' || uid || '"' end
        || ',"enterpriseGroups":[' || to_json(grp)::varchar || ']}}'
        || ',"contentDetails":{{"contentUrn":"' || urn || '","name":' || to_json(title)::varchar
        || ',"contentProviderName":"LinkedIn"}}'
        || ',"activities":[{{"engagementType":"SECONDS_VIEWED","engagementValue":'
        || (60 + hash(eid || month) % 3000) || ',"engagementMetricQualifier":"TOTAL"'
        || ',"firstEngagedAt":' || case when _bad = 'invalid_timestamp'
              then '"' || pick({garbles}, file || _rn) || '"' else t_first::varchar end
        || ',"lastEngagedAt":' || t_last
        || '}},{{"engagementType":"PROGRESS_PERCENTAGE","engagementValue":' || prog
        || ',"engagementMetricQualifier":"TOTAL","firstEngagedAt":' || t_first
        || ',"lastEngagedAt":' || t_last || '}}'
        || case when done_here then ',{{"engagementType":"COMPLETIONS","engagementValue":1,'
                || '"engagementMetricQualifier":"TOTAL","firstEngagedAt":' || t_comp
                || ',"lastEngagedAt":' || t_comp || '}}' else '' end
        || ']}}'
    """
    spec = render.Spec(
        base=base,
        order_by="pos",
        line=line,
        kinds=render.sql_list(["missing_required_field", "invalid_timestamp"]),
        rate=cfg.bad_rows,
        tag=ctx.tag("linkedin_learning"),
        protect="program >= 0",
    )
    # each element is one line; every element after the first starts with a comma
    table = render.render(con, spec)
    meta = {
        r[0]: (r[1], r[2], r[3])
        for r in con.sql(
            "select file, min(pos), max(total), any_value(month) from _k group by 1"
        ).fetchall()
    }
    ctx.identity.collect(
        con,
        "linkedin_learning",
        """select 'email' as id_type, lemail as id_value, null as src_email from _k
           where _bad is null
           union all select 'unique_user_id', uid, null from _k where _bad is null""",
    )

    def wrap(name: str, count: int) -> tuple[str, str]:
        start_pos, total, month = meta[name]
        nxt = start_pos + count
        links = [
            {
                "rel": "next",
                "type": "application/json",
                "href": "/v2/learningActivityReports?q=criteria&aggregationCriteria.primary="
                f"INDIVIDUAL&aggregationCriteria.secondary=CONTENT&assetType=COURSE"
                f"&timeOffset.unit=MONTH&month={month}&start={nxt}&count={PAGE_SIZE}",
            }
        ]
        paging = {
            "start": int(start_pos),
            "count": PAGE_SIZE,
            "total": int(total),
            "links": links if nxt < total else [],
        }
        return '{"elements":[\n', "],\n" + '"paging":' + json.dumps(paging) + "}\n"

    ctx.writer.write_pages("linkedin_learning", table, wrap)
