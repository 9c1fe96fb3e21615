"""``identity_crosswalk/``: who each Moodle user is (``moodle_users.csv``), the LMS user
export a company provides so that xAPI accounts carrying Moodle's own numeric user ids
(``lrs/``, homePage ``https://moodle.acme.example``) resolve to people.

Header ``System, Id, EmployeeId, Email``: one row per person, ``System`` = ``moodle``,
``Id`` = the Moodle user id. A third of the rows give only the EmployeeId, a third only
the current work e-mail, a third both. Rows can be broken by ``--bad-rows``; the
accounts of a broken row then resolve to nobody (``not_in_crosswalk``), as the truth
says.
"""

from __future__ import annotations

from .. import render, vocab
from .common import Context

COLUMNS = ["System", "Id", "EmployeeId", "Email"]


def write(ctx: Context) -> None:
    con = ctx.con
    base = f"""
        select 'moodle_users.csv' as file, p.person,
            '{vocab.MOODLE_SYSTEM}' as "System",
            cast(p.person + {vocab.MOODLE_FIRST_ID} as varchar) as "Id",
            case when p.person % 3 <> 0 then p.employee_id end as "EmployeeId",
            case when p.person % 3 <> 1 then p.email_f end as "Email"
        from people p
    """
    spec = render.Spec(
        base=base,
        order_by="person",
        line=render.csv_line(COLUMNS, required=["Id"]),
        kinds=render.csv_kinds(None, None),
        rate=ctx.cfg.bad_rows,
        tag=ctx.tag("identity_crosswalk"),
        header=True,
    )
    table = render.render(con, spec)
    well_formed = """select "System" as system_name, "Id" as account_id,
           "EmployeeId" as employee_id, lower("Email") as email
           from _k where _bad is null"""
    ctx.identity.add_crosswalk(con, well_formed)
    ctx.identity.collect(
        con,
        "identity_crosswalk",
        """select 'system_account' as id_type, "System" || '|' || "Id" as id_value,
           null as src_email from _k where _bad is null""",
    )
    ctx.writer.write_lines("identity_crosswalk", table, render.header(COLUMNS), False)
