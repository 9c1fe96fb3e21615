"""Identity-audit truth: every distinct identifier a source carries in well-formed rows.

Identifier types: ``email`` and ``mbox`` (compared lower-case), ``upn`` (lower-case),
``network_login`` (DOMAIN\\user, lower-case), ``employee_id`` / ``external_id`` /
``unique_user_id`` (the HR EmployeeId), ``mbox_sha1sum`` (sha1 of
``mailto:`` + a known address), ``email_hash`` (Open Badges ``sha256$...``; the
recipient's address is known to the generator), ``account`` (an xAPI account
``<homePage>|<name>``: on Acme's LMS the name is the EmployeeId; on Moodle it is a Moodle
user id, resolved through the crosswalk's EmployeeId and e-mail, as
seeds/identity_account_systems.csv declares) and ``system_account`` (a crosswalk row
``moodle|<id>``, resolved the same way). Status: ``matched`` (exactly one
employee), ``ambiguous`` (several), ``unmatchable`` (none: contractors, concealed
Copilot UPNs, unknown accounts). Resolution uses only what the HRIS files show:
PersonId, PreviousEmails, UPN, NetworkLogin and EmployeeId of any row.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab
from .org import Workforce

EMAIL_TYPES = ("email", "mbox")
ID_TYPES = ("employee_id", "external_id", "unique_user_id")
# What an account's name carries, per homePage (as the seed declares).
ACCOUNT_CARRIES_EMPLOYEE_ID = vocab.LMS_HOME + "|"


class IdentityAudit:
    def __init__(self) -> None:
        self.frames: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.crosswalk = pd.DataFrame(columns=["key", "employee_id", "email"])

    def add_crosswalk(self, con: duckdb.DuckDBPyConnection, sql: str) -> None:
        """``sql`` selects (system_name, account_id, employee_id, email) of well-formed
        crosswalk rows; each is keyed as its Moodle account and as itself."""
        self.crosswalk = con.sql(
            f"""
            select '{vocab.MOODLE_HOME}|' || account_id as key, employee_id, email
            from ({sql}) x where system_name = '{vocab.MOODLE_SYSTEM}'
            union all
            select system_name || '|' || account_id, employee_id, email from ({sql}) x
            """
        ).df()

    def collect(self, con: duckdb.DuckDBPyConnection, source: str, sql: str) -> None:
        """``sql`` selects (id_type, id_value, src_email) from well-formed rows."""
        df = con.sql(f"select distinct id_type, id_value, src_email from ({sql}) x").df()
        df = df[df["id_value"].fillna("") != ""]
        self.frames[source].append(df)

    def add(
        self,
        source: str,
        table: pa.Table,
        type_col: str | None,
        value_col: str,
        id_type: str = "email",
    ) -> None:
        """Distinct identifiers of the well-formed rows of a rendered Arrow table."""
        ok = table.filter(pc.is_null(table.column("bad_kind")))
        cols = [value_col] if type_col is None else [type_col, value_col]
        uniq = ok.select(cols).group_by(cols).aggregate([]).to_pandas()
        df = pd.DataFrame(
            {
                "id_type": uniq[type_col] if type_col else id_type,
                "id_value": uniq[value_col],
                "src_email": None,
            }
        )
        self.frames[source].append(df[df["id_value"].fillna("") != ""])

    def resolve(
        self, con: duckdb.DuckDBPyConnection, wf: Workforce, sources: list[str]
    ) -> tuple[pd.DataFrame, dict[str, dict]]:
        emails = wf.all_emails()
        emails["employee_id"] = wf.employee_id[emails["person"].to_numpy()]
        hr = wf.hris
        upns = pd.DataFrame(
            {
                "upn": pd.concat(
                    [
                        pd.Series(wf.upn_initial),
                        pd.Series(wf.upn_final),
                    ],
                    ignore_index=True,
                ).str.lower(),
                "employee_id": list(wf.employee_id) * 2,
            }
        ).drop_duplicates()
        logins = pd.DataFrame(
            {"login": pd.Series(wf.login).str.lower(), "employee_id": wf.employee_id}
        )
        ids = pd.DataFrame({"eid": wf.employee_id[hr["person"].unique()]})
        con.register("r_emails", emails[["email", "employee_id"]])
        con.register("r_upns", upns)
        con.register("r_logins", logins)
        con.register("r_ids", ids)
        con.register("r_xwalk", self.crosswalk)
        frames = []
        for source in sources:
            parts = self.frames.get(source, [])
            if not parts:
                continue
            df = pd.concat(parts, ignore_index=True)
            df["source"] = source
            frames.append(df)
        if not frames:
            empty = pd.DataFrame(
                columns=["source", "identifier_type", "identifier", "employee_id", "status"]
            )
            return empty, {}
        allids = pd.concat(frames, ignore_index=True)
        lower = allids["id_type"].isin([*EMAIL_TYPES, "upn", "network_login"])
        allids.loc[lower, "id_value"] = allids.loc[lower, "id_value"].str.lower()
        allids["src_email"] = allids["src_email"].str.lower()
        allids = allids.drop_duplicates(["source", "id_type", "id_value"]).reset_index(drop=True)
        con.register("r_in", allids)
        res = con.sql(
            f"""
            with cand as (
                select i.source, i.id_type, i.id_value, e.employee_id from r_in i
                join r_emails e on i.id_type in {EMAIL_TYPES} and e.email = i.id_value
                union all
                select i.source, i.id_type, i.id_value, e.employee_id from r_in i
                join r_emails e on i.id_type = 'email_hash' and e.email = i.src_email
                union all
                select i.source, i.id_type, i.id_value, e.employee_id from r_in i
                join r_emails e on i.id_type = 'mbox_sha1sum'
                 and sha1('mailto:' || e.email) = i.id_value
                union all
                select i.source, i.id_type, i.id_value, u.employee_id from r_in i
                join r_upns u on i.id_type = 'upn' and u.upn = i.id_value
                union all
                select i.source, i.id_type, i.id_value, l.employee_id from r_in i
                join r_logins l on i.id_type = 'network_login' and l.login = i.id_value
                union all
                select i.source, i.id_type, i.id_value, d.eid from r_in i
                join r_ids d on i.id_type in {ID_TYPES} and d.eid = i.id_value
                union all
                select i.source, i.id_type, i.id_value, d.eid from r_in i
                join r_ids d on i.id_type = 'account'
                 and i.id_value = '{ACCOUNT_CARRIES_EMPLOYEE_ID}' || d.eid
                union all
                select i.source, i.id_type, i.id_value, d.eid from r_in i
                join r_xwalk x on i.id_type in ('account', 'system_account') and x.key = i.id_value
                join r_ids d on d.eid = x.employee_id
                union all
                select i.source, i.id_type, i.id_value, e.employee_id from r_in i
                join r_xwalk x on i.id_type in ('account', 'system_account') and x.key = i.id_value
                join r_emails e on e.email = x.email
            ),
            agg as (
                select source, id_type, id_value, count(distinct employee_id) as n,
                       min(employee_id) as employee_id
                from cand group by all
            )
            select i.source, i.id_type as identifier_type, i.id_value as identifier,
                case when a.n = 1 then a.employee_id else '' end as employee_id,
                case when a.n = 1 then 'matched' when a.n > 1 then 'ambiguous'
                     else 'unmatchable' end as status
            from r_in i left join agg a using (source, id_type, id_value)
            order by 1, 2, 3
            """
        ).df()
        summary: dict[str, dict] = {}
        for source in sources:
            sub = res[res["source"] == source]
            n = len(sub)
            matched = int((sub["status"] == "matched").sum())
            summary[source] = {
                "identifiers": n,
                "matched": matched,
                "unmatchable": int((sub["status"] == "unmatchable").sum()),
                "ambiguous": int((sub["status"] == "ambiguous").sum()),
                "match_rate": round(matched / n, 6) if n else 0.0,
            }
        return res, summary
