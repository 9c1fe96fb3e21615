"""``open_badges/`` (JSON lines, one file per month) and ``credly/`` (API pages).

Open Badges: internal credentials of programs with a credential name (and a few
non-program badges) as 2.0 ``Assertion``s or 3.0 ``OpenBadgeCredential``s; recipients
are hashes of the lower-case work e-mail, mostly salted SHA-256; one in ten is
unsalted and one in five MD5 (OB 2.0 allows both); ``evidence`` only for
assessment-backed credentials; some revoked (2.0: in the assertion, or by a
revocation document in revocations.jsonl) or expired.
Credly: vendor certifications of assessment-backed programs outside the internal LMS
(and other vendors' badges), 100 per page (``credly/badges_pNNNN.json``) with the
API's ``metadata``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from .. import render, vocab
from ..rng import stream
from .common import Context, email_at, h100, ts_iso, uuid_sql

PAGE_SIZE = 100


def _credentials(ctx: Context, channel: str, noise: list[str], share: float) -> pd.DataFrame:
    rng = stream(ctx.cfg.seed, f"cred-{channel}")
    cred = ctx.learn.credentials
    sub = cred[cred["channel"] == channel]
    rows = pd.DataFrame(
        {
            "person": sub["person"].to_numpy(),
            "name": sub["name"].to_numpy(),
            "day": sub["day"].to_numpy(),
            "assessed": sub["assessed"].to_numpy(),
            "program": sub["program"].to_numpy(),
        }
    )
    emp = ctx.wf.employed_matrix()
    k = int(ctx.wf.n * share)
    person = rng.integers(0, ctx.wf.n, k)
    day = rng.integers(0, ctx.cfg.days, k)
    ok = emp[person, day]
    noise_rows = pd.DataFrame(
        {
            "person": person[ok],
            "name": np.array(noise, dtype=object)[rng.integers(0, len(noise), ok.sum())],
            "day": day[ok],
            "assessed": rng.random(ok.sum()) < 0.5,
            "program": -1,
        }
    )
    out = pd.concat([rows, noise_rows], ignore_index=True)
    out["cid"] = np.arange(len(out))
    out["sec"] = rng.integers(6 * 3600, 20 * 3600, len(out))
    out["u"] = rng.random(len(out))
    return out


def write_open_badges(ctx: Context) -> None:
    con, start = ctx.con, ctx.start
    seed = ctx.cfg.seed
    con.register("ob_rows", _credentials(ctx, "badge", vocab.BADGE_NOISE, 0.01))
    email = email_at("r.day", h100("r.cid"))
    base = f"""
        select 'assertions_' || strftime({start} + r.day::integer, '%Y-%m') || '.jsonl' as file,
            r.*, lower({email}) as email,
            case when r.cid % 20 not in (0, 3)
                then substr(md5('salt' || r.cid || '{seed}'), 1, 12) end as salt,
            case when r.cid % 10 in (1, 3) then 'md5' else 'sha256' end as alg,
            {uuid_sql(f"'{seed}ob'", "r.cid")} as aid,
            {ts_iso("r.day", "r.sec", start, ms=False)} as issued,
            {ts_iso("r.day + 730", "r.sec", start, ms=False)} as expires,
            {ts_iso("r.day - 400", "r.sec", start, ms=False)} as expired_at,
            lower(regexp_replace(r.name, '[^A-Za-z0-9]+', '-', 'g')) as slug
        from ob_rows r join people p on p.person = r.person
    """
    garbles = render.sql_list(["2026-02-30T10:00:00Z", "2026-13-01", "not-a-date"])
    digest = (
        "alg || '$' || case alg when 'md5' then md5(email || coalesce(salt, '')) "
        "else sha256(email || coalesce(salt, '')) end"
    )
    ident = f"case when _bad = 'missing_required_field' then '' else {digest} end"
    salt_key = "coalesce(',\"salt\":\"' || salt || '\"', '')"
    issued = (
        f"case when _bad = 'invalid_timestamp' then pick({garbles}, file || _rn) else issued end"
    )
    evidence_v2 = (
        'case when assessed then \',"evidence":[{"id":"https://badges.acme.example/evidence/\''
        ' || aid || \'","narrative":"Passed the proctored assessment"}]\' else \'\' end'
    )
    v2 = f"""
        '{{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":'
        || '"https://badges.acme.example/assertions/' || aid || '"'
        || ',"recipient":{{"type":"email","hashed":true' || {salt_key}
        || ',"identity":"' || {ident} || '"}}'
        || ',"badge":{{"type":"BadgeClass","id":"https://badges.acme.example/badges/' || slug
        || '","name":' || to_json(name)::varchar
        || ',"criteria":{{"narrative":"Complete the ' || replace(name, '"', '') || ' program"}}'
        || ',"issuer":"https://badges.acme.example/issuer"}}'
        || ',"issuedOn":"' || {issued} || '"'
        || case when u < 0.03 then ',"expires":"' || expired_at || '"'
                else ',"expires":"' || expires || '"' end
        || {evidence_v2}
        || case when u > 0.98 then ',"revoked":true,"revocationReason":"Issued in error"'
                else '' end
        || ',"verification":{{"type":"hosted"}}}}'
    """
    v3 = f"""
        '{{"@context":["https://www.w3.org/ns/credentials/v2",'
        || '"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],'
        || '"id":"urn:uuid:' || aid || '","type":["VerifiableCredential","OpenBadgeCredential"]'
        || ',"issuer":{{"id":"https://badges.acme.example/issuer","type":["Profile"],'
        || '"name":"Acme Learning"}}'
        || ',"validFrom":"' || {issued} || '"'
        || case when u < 0.03 then ',"validUntil":"' || expired_at || '"'
                else ',"validUntil":"' || expires || '"' end
        || ',"name":' || to_json(name)::varchar
        || ',"credentialSubject":{{"type":["AchievementSubject"],"identifier":[{{'
        || '"type":"IdentityObject","identityType":"emailAddress","hashed":true,'
        || '"identityHash":"' || {ident} || '"' || {salt_key} || '}}]'
        || ',"achievement":{{"id":"https://badges.acme.example/achievements/' || slug
        || '","type":["Achievement"],"name":' || to_json(name)::varchar
        || ',"achievementType":"' || case when assessed then 'Certification' else 'Badge' end
        || '","criteria":{{"narrative":"Complete the program"}}}}}}'
        || case when assessed then ',"evidence":[{{"id":"https://badges.acme.example/evidence/'
             || aid || '","type":["Evidence"],"narrative":"Passed the proctored assessment"}}]'
             else '' end
        || '}}'
    """
    spec = render.Spec(
        base=base,
        order_by="issued, aid",
        line=f"case when hash(aid) % 10 < 6 then {v2} else {v3} end",
        kinds=render.sql_list(["malformed_json", "missing_required_field", "invalid_timestamp"]),
        rate=ctx.cfg.bad_rows,
        tag=ctx.tag("open_badges"),
        json_line=True,
    )
    table = render.render(con, spec)
    ctx.identity.collect(
        con,
        "open_badges",
        f"""select 'email_hash' as id_type, {digest} as id_value,
                  email as src_email from _k where _bad is null""",
    )
    ctx.writer.write_lines("open_badges", table, None, False)
    # Hosted 2.0 assertions revoked after issue answer with a revocation
    # document ({id, revoked, revocationReason}; the 410 Gone body), which a
    # company's export keeps beside the assertion it fetched earlier.
    revocations = con.sql(
        """
        select 'revocations.jsonl' as file,
            row_number() over (order by issued, aid)::bigint as lineno,
            null::varchar as bad_kind,
            '{"id":"https://badges.acme.example/assertions/' || aid
            || '","revoked":true,"revocationReason":"Superseded"}' || chr(10) as line
        from _k
        where _bad is null and hash(aid) % 10 < 6 and u > 0.94 and u <= 0.98
        order by lineno
        """
    ).to_arrow_table()
    ctx.writer.write_lines("open_badges", revocations, None, False)


def write_credly(ctx: Context) -> None:
    con, start = ctx.con, ctx.start
    seed = ctx.cfg.seed
    noise = [n for n, _ in vocab.CREDLY_NOISE]
    rows = _credentials(ctx, "credly", noise, 0.02)
    issuers = {n: v for n, v in vocab.CREDLY_NOISE}
    for p in ctx.learn.programs:
        if p.credential_name:
            issuers[p.credential_name] = (
                "Microsoft" if "Microsoft" in p.credential_name else p.credential_name.split()[0]
            )
    rows["issuer"] = rows["name"].map(issuers).fillna("Acme")
    con.register("cr_rows", rows)
    email = email_at("r.day", h100("r.cid"))
    base = f"""
        with x as (
            select r.*, {email} as email,
                case when hash(p.employee_id) % 100 < 60 then p.employee_id end as earner,
                {uuid_sql(f"'{seed}credly'", "r.cid")} as bid,
                {uuid_sql("'template'", "r.name")} as tid,
                {ts_iso("r.day", "r.sec", start)} as issued,
                case when r.assessed then {ts_iso("r.day + 1095", "r.sec", start)} end
                    as expires,
                row_number() over (order by r.day, r.sec, r.cid) - 1 as pos,
                count(*) over () as total
            from cr_rows r join people p on p.person = r.person
        )
        select 'badges_p' || lpad(((pos // {PAGE_SIZE}) + 1)::varchar, 4, '0') || '.json'
            as file, * from x
    """
    garbles = render.sql_list(["2026-02-30T10:00:00.000Z", "not-a-date", "31/12/2026"])
    line = f"""
        case when _rn = 1 then '' else ',' end
        || '{{"id":"' || bid || '","issued_at":"'
        || case when _bad = 'invalid_timestamp' then pick({garbles}, file || _rn)
                else issued end
        || '","expires_at":' || coalesce('"' || expires || '"', 'null')
        || ',"recipient_email":' || case when _bad = 'missing_required_field' then 'null'
                                        else to_json(email)::varchar end
        || ',"issuer_earner_id":' || case when _bad = 'missing_required_field' or earner is null
                                         then 'null' else '"' || earner || '"' end
        || ',"badge_template":{{"id":"' || tid || '","name":' || to_json(name)::varchar
        || ',"type_category":"' || case when assessed then 'Certification' else 'Learning' end
        || '"}},"issuer":{{"entities":[{{"label":"Issued by","primary":true,"entity":'
        || '{{"type":"Organization","name":' || to_json(issuer)::varchar || '}}}}]}}}}'
    """
    spec = render.Spec(
        base=base,
        order_by="pos",
        line=line,
        kinds=render.sql_list(["missing_required_field", "invalid_timestamp"]),
        rate=ctx.cfg.bad_rows,
        tag=ctx.tag("credly"),
    )
    table = render.render(con, spec)
    meta = dict(con.sql("select file, max(total) from _k group by 1").fetchall())
    ctx.identity.collect(
        con,
        "credly",
        """select 'email' as id_type, email as id_value, null as src_email from _k
           where _bad is null
           union all select 'employee_id', earner, null from _k where _bad is null""",
    )
    names = sorted(meta)

    def wrap(name: str, count: int) -> tuple[str, str]:
        page = names.index(name) + 1
        total = int(meta[name])
        pages = len(names)
        base_url = "https://api.credly.com/v1/organizations/acme/badges?page="
        metadata = {
            "count": count,
            "current_page": page,
            "total_count": total,
            "total_pages": pages,
            "per": PAGE_SIZE,
            "previous_page_url": base_url + str(page - 1) if page > 1 else None,
            "next_page_url": base_url + str(page + 1) if page < pages else None,
        }
        return '{"data":[\n', '],\n"metadata":' + json.dumps(metadata) + "}\n"

    ctx.writer.write_pages("credly", table, wrap)
