"""``lrs/``: xAPI 1.0.3 statements as an LRS returns them, one gzip JSON-lines file per
day of ``stored`` (``statements_YYYY-MM-DD.jsonl.gz``).

Program enrollments on the internal LMS (platform ``xapi``) become cmi5 sessions:
``launched``/``initialized`` at enrollment, sometimes a middle session, then for
completers ``completed`` (and ``passed`` for assessment-backed programs, some after a
``failed``), ``terminated`` and sometimes a course-level ``satisfied``; others
``terminated`` or ``abandoned`` (a few ``waived``: not a completion). The object is the
program IRI itself or an AU ``<IRI>/au/<n>`` with the IRI in
``context.contextActivities.grouping``. An AU's completion is progress, not the
program's (docs: xapi_completion_rule): a cmi5 LMS says the course is done with
``satisfied`` on it, so every AU-shaped completer of a program that declares no AUs gets
one; a program that declares its AUs (``seeds/program_aus.csv``) is completed by all
of them, so its completers take every AU and its non-completers only some
(``_declared_au_rows``), and only some completers get the course's
``satisfied``. Actors: ``mbox`` (sometimes mixed case or a
previous address), ``mbox_sha1sum`` (sha1 of the lower-case ``mailto:`` IRI) or an
``account``: ``{homePage: https://lms.acme.example, name: EmployeeId}`` (Acme's own
LMS) for even-numbered people, ``{homePage: https://moodle.acme.example, name: <Moodle
user id>}`` (a number, resolved through ``identity_crosswalk/``) for odd-numbered ones.

Mess: bogus ``completed`` statements voided later (object ``StatementRef``), one
attempt to void a voiding statement (invalid; the first voiding stands), compliance
courses and team workshops with Group actors (some anonymous, without members),
duplicate statements (same id, identical payload) and a few same-id-different-payload
ones (non-program ``terminated``), ``timestamp`` with the person's offset
(``Z``, ``+05:30``, ``-04:00`` ...), ``stored`` in UTC, late statements stored the next
day. Program statements are never broken by ``--bad-rows``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .. import render, vocab
from ..rng import stream
from ..seeds import SeedError, load_program_aus
from .common import Context, email_at, name_at, register_arrays, uuid_sql

VERBS = [
    ("launched", "http://adlnet.gov/expapi/verbs/launched"),
    ("initialized", "http://adlnet.gov/expapi/verbs/initialized"),
    ("completed", "http://adlnet.gov/expapi/verbs/completed"),
    ("passed", "http://adlnet.gov/expapi/verbs/passed"),
    ("failed", "http://adlnet.gov/expapi/verbs/failed"),
    ("terminated", "http://adlnet.gov/expapi/verbs/terminated"),
    ("abandoned", "https://w3id.org/xapi/adl/verbs/abandoned"),
    ("waived", "https://w3id.org/xapi/adl/verbs/waived"),
    ("satisfied", "https://w3id.org/xapi/adl/verbs/satisfied"),
    ("voided", "http://adlnet.gov/expapi/verbs/voided"),
]
V = {name: i for i, (name, _) in enumerate(VERBS)}
BATCH_DAYS = 60


def _offset_minutes(text: str) -> int:
    if text == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    h, m = text[1:].split(":")
    return sign * (int(h) * 60 + int(m))


class _Rows:
    """Columnar accumulator of statements."""

    def __init__(self) -> None:
        self.cols: dict[str, list[np.ndarray]] = {}

    def add(self, n: int, **cols: np.ndarray | int | float | bool) -> None:
        for k, v in cols.items():
            arr = np.asarray(v)
            self.cols.setdefault(k, []).append(np.broadcast_to(arr, (n,)).copy())

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({k: np.concatenate(v) for k, v in self.cols.items()})


def write(ctx: Context) -> None:
    cfg, con = ctx.cfg, ctx.con
    rng = stream(cfg.seed, "lrs")
    days = cfg.days
    programs = ctx.learn.programs
    rec = ctx.learn.records
    rec = rec[rec["platform"] == "xapi"].reset_index(drop=True)
    n = len(rec)
    person = rec["person"].to_numpy()
    prog = rec["program"].to_numpy()
    e = rec["enroll_day"].to_numpy()
    c = rec["complete_day"].to_numpy()
    done = c >= 0
    assessed = (
        np.array([p.is_assessment_backed for p in programs], dtype=bool)[prog]
        if n
        else (np.zeros(0, bool))
    )
    form = rng.choice(3, n, p=[0.65, 0.10, 0.25])  # mbox, sha1, account
    au = rng.random(n) < 0.7
    au_count = _declared_au_counts(ctx, programs)[prog] if n else np.zeros(0, np.int64)
    s0 = rng.integers(6 * 3600, 18 * 3600, n).astype(float)
    span = np.where(done, c - e, rng.integers(0, 30, n))
    end_day = np.minimum(e + span, days - 1)
    rows = _Rows()
    common = dict(is_program=True)

    def add(mask: np.ndarray, verb: int, day: np.ndarray, sec: np.ndarray, **kw) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        rows.add(
            len(idx),
            rec_id=idx,
            person=person[idx],
            program=prog[idx],
            verb=verb,
            day=day[idx] if np.ndim(day) else np.full(len(idx), day),
            sec=sec[idx] if np.ndim(sec) else np.full(len(idx), sec),
            form=form[idx],
            au=au[idx] & ~kw.pop("course_level", np.zeros(n, bool))[idx],
            au_no=kw.pop("au_no", 1),
            noise=-1,
            group=-1,
            target=-1,
            score=kw.pop("score", np.full(n, np.nan))[idx],
            **common,
        )

    allm = np.ones(n, dtype=bool)
    add(allm, V["launched"], e, s0)
    add(allm, V["initialized"], e, s0 + 3)
    mid = (rng.random(n) < 0.3) & (end_day - e >= 2)
    mday = e + (end_day - e) // 2
    add(mid, V["launched"], mday, s0 + 1800)
    add(mid, V["initialized"], mday, s0 + 1803)
    add(mid, V["terminated"], mday, s0 + 3600)
    fail_first = done & assessed & (rng.random(n) < 0.25) & (c - e >= 2)
    add(fail_first, V["failed"], mday, s0 + 3000, score=np.round(rng.uniform(0.4, 0.69, n), 2))
    sc = rng.integers(6 * 3600, 19 * 3600, n).astype(float)
    add(done, V["completed"], c, sc)
    add(done & assessed, V["passed"], c, sc + 2, score=np.round(rng.uniform(0.7, 1.0, n), 2))
    add(done, V["terminated"], c, sc + 600)
    # the LMS's satisfied on the course: always when it is the only completion signal
    sat = (rng.random(n) < 0.6) | (au & (au_count == 0))
    add(done & sat, V["satisfied"], c, sc + 5, course_level=allm)
    _declared_au_rows(rng, add, au & (au_count > 0), au_count, done, e, c, end_day, s0)
    u = rng.random(n)
    add(~done & (u < 0.55), V["terminated"], end_day, s0 + 2400)
    add(~done & (u >= 0.55) & (u < 0.97), V["abandoned"], end_day, s0 + 2400)
    add(~done & (u >= 0.97), V["waived"], end_day, s0 + 2400)
    # bogus completions, voided later (removed by the voiding statement)
    bogus = (rng.random(n) < 0.03) & (e + 1 <= days - 1)
    add(bogus, V["completed"], e, s0 + 60)
    prog_rows = rows.frame()
    prog_rows["is_bogus"] = False
    if bogus.any():
        # the last len(bogus) completed rows added are the bogus ones
        nb = int(bogus.sum())
        prog_rows.loc[prog_rows.index[-nb:], "is_bogus"] = True

    # ---- noise: compliance courses and team workshops ------------------------------------
    noise = _Rows()
    emp = ctx.wf.employed_matrix()
    k = int(ctx.wf.n * 0.5)
    npers = rng.integers(0, ctx.wf.n, k)
    nday = rng.integers(0, days, k)
    ok = emp[npers, nday]
    npers, nday = npers[ok], nday[ok]
    k = len(npers)
    nact = rng.integers(0, len(vocab.XAPI_NOISE), k)
    nform = rng.choice(3, k, p=[0.7, 0.1, 0.2])
    nsec = rng.integers(6 * 3600, 18 * 3600, k).astype(float)
    ndone = rng.random(k) < 0.7
    nscore = np.where(rng.random(k) < 0.5, np.round(rng.uniform(0.6, 1.0, k), 2), np.nan)
    for verb, mask, dsec, score in (
        (V["launched"], np.ones(k, bool), 0, np.full(k, np.nan)),
        (V["initialized"], np.ones(k, bool), 2, np.full(k, np.nan)),
        (V["completed"], ndone, 900, nscore),
        (V["terminated"], np.ones(k, bool), 960, np.full(k, np.nan)),
    ):
        idx = np.flatnonzero(mask)
        noise.add(
            len(idx),
            rec_id=-1,
            person=npers[idx],
            program=-1,
            verb=verb,
            day=nday[idx],
            sec=nsec[idx] + dsec,
            form=nform[idx],
            au=False,
            au_no=1,
            noise=nact[idx],
            group=-1,
            target=-1,
            score=score[idx],
            is_program=False,
        )
    # team workshops: Group actors (members = people), some anonymous without members
    n_groups = max(2, ctx.wf.n // 60)
    g_day = rng.integers(0, days, n_groups)
    g_lead = rng.integers(0, ctx.wf.n, n_groups)
    anon = rng.random(n_groups) < 0.15
    noise.add(
        n_groups,
        rec_id=-1,
        person=g_lead,
        program=-1,
        verb=V["completed"],
        day=g_day,
        sec=rng.integers(6 * 3600, 18 * 3600, n_groups).astype(float),
        form=np.where(anon, 4, 3),
        au=False,
        au_no=1,
        noise=-2,
        group=np.arange(n_groups),
        target=-1,
        score=np.nan,
        is_program=False,
    )
    size = rng.integers(3, 7, n_groups)
    members = pd.DataFrame(
        {
            "group": np.repeat(np.arange(n_groups), size),
            "member": rng.integers(0, ctx.wf.n, size.sum()),
            "mpos": np.concatenate([np.arange(s) for s in size]) if len(size) else [],
        }
    )
    members = members[~anon[members["group"].to_numpy()]].drop_duplicates(["group", "member"])
    noise_rows = noise.frame()
    noise_rows["is_bogus"] = False
    st = pd.concat([prog_rows, noise_rows], ignore_index=True)
    st["au_no"] = st["au_no"].fillna(1).astype(np.int64)
    st["sid"] = np.arange(len(st))
    st["dup"] = 0

    # ---- voids -------------------------------------------------------------------------
    noise_void = (~st["is_program"]) & (st["form"] < 3) & (rng.random(len(st)) < 0.005)
    targets = st[st["is_bogus"] | noise_void]
    voids = pd.DataFrame(
        {
            "rec_id": -1,
            "person": -1,
            "program": -1,
            "verb": V["voided"],
            "day": np.minimum(targets["day"].to_numpy() + 1, days - 1),
            "sec": targets["sec"].to_numpy() + 7,
            "form": 5,
            "au": False,
            "noise": -3,
            "group": -1,
            "target": targets["sid"].to_numpy(),
            "au_no": 1,
            "score": np.nan,
            "is_program": targets["is_program"].to_numpy(),
            "is_bogus": False,
        }
    )
    voids["sid"] = len(st) + np.arange(len(voids))
    st = pd.concat([st, voids.assign(dup=0)], ignore_index=True)
    if len(voids):
        first_void = voids.iloc[0]
        vv = voids.iloc[:1].copy()
        vv["sid"] = len(st)
        vv["target"] = int(first_void["sid"])
        vv["day"] = min(int(first_void["day"]) + 1, days - 1)
        vv["is_program"] = False
        st = pd.concat([st, vv.assign(dup=0)], ignore_index=True)
    # duplicates: identical copies, a few same-id-different-payload
    dup = st[rng.random(len(st)) < 0.01].copy()
    dup["dup"] = 1
    diff = st[(~st["is_program"]) & (st["verb"] == V["terminated"]) & (st["noise"] >= 0)]
    diff = diff[rng.random(len(diff)) < 0.002].head(max(1, len(diff) // 500)).copy()
    diff["dup"] = 2
    st = pd.concat([st, dup, diff], ignore_index=True)
    st["delay"] = rng.uniform(1, 90, len(st))
    late = rng.random(len(st)) < cfg.planted.late_share
    st.loc[late, "delay"] += 86400 * 0.9
    st.loc[st["dup"] == 1, "delay"] += 86400  # re-delivered the next day
    st.loc[st["dup"] == 2, "delay"] += 3600
    total = st["sec"].to_numpy() + st["delay"].to_numpy()
    raw = st["day"].to_numpy() + total // 86400
    st["sday"] = np.minimum(raw, days - 1).astype(np.int64)
    st["ssec"] = np.where(raw > days - 1, 86399.0, total % 86400)
    st["ms"] = rng.integers(0, 1000, len(st))
    st["variant"] = rng.integers(0, 100, len(st))

    register_arrays(con, "lrs_st", **{k: st[k].to_numpy() for k in st.columns})
    con.register("lrs_members", members)
    con.register(
        "lrs_verbs",
        pd.DataFrame(
            {
                "verb": range(len(VERBS)),
                "vname": [v[0] for v in VERBS],
                "viri": [v[1] for v in VERBS],
            }
        ),
    )
    con.register(
        "lrs_programs",
        pd.DataFrame(
            {
                "program": range(len(programs)),
                "iri": [p.xapi_activity_iri for p in programs],
                "title": [p.program_name for p in programs],
            }
        ),
    )
    con.register(
        "lrs_noise",
        pd.DataFrame(
            {
                "noise": range(len(vocab.XAPI_NOISE)),
                "niri": vocab.XAPI_NOISE,
                "ntitle": [x.rsplit("/", 1)[1].replace("-", " ").title() for x in vocab.XAPI_NOISE],
            }
        ),
    )
    con.register(
        "lrs_tz",
        pd.DataFrame(
            {
                "loc": range(len(vocab.LOCATIONS)),
                "tzs": [x[1] for x in vocab.LOCATIONS],
                "tzm": [_offset_minutes(x[1]) for x in vocab.LOCATIONS],
            }
        ),
    )
    _members_json(ctx)
    sdays = np.unique(st["sday"].to_numpy())
    for lo in range(0, len(sdays), BATCH_DAYS):
        batch = sdays[lo : lo + BATCH_DAYS]
        _render(ctx, int(batch[0]), int(batch[-1]))


def account_sql(person: str, eid: str) -> str:
    """SQL: the '<homePage>|<name>' of a person's xAPI account (see the module doc)."""
    return f"""case when {person} % 2 = 1
        then '{vocab.MOODLE_HOME}|' || ({person} + {vocab.MOODLE_FIRST_ID})
        else '{vocab.LMS_HOME}|' || {eid} end"""


def _agent_json(form: str, email: str, name: str, eid: str, person: str) -> str:
    account = account_sql(person, eid)
    return f"""case {form}
        when 0 then '{{"objectType":"Agent","name":' || to_json({name})::varchar
            || ',"mbox":"mailto:' || {email} || '"}}'
        when 1 then '{{"objectType":"Agent","name":' || to_json({name})::varchar
            || ',"mbox_sha1sum":"' || sha1('mailto:' || lower({email})) || '"}}'
        else '{{"objectType":"Agent","name":' || to_json({name})::varchar
            || ',"account":{{"homePage":"' || split_part({account}, '|', 1)
            || '","name":"' || split_part({account}, '|', 2) || '"}}}}'
        end"""


def _members_json(ctx: Context) -> None:
    email = email_at("0", "99")
    ctx.con.sql(
        f"""
        create or replace temp table lrs_groups as
        select m."group", string_agg('{{"objectType":"Agent","name":'
                || to_json({name_at("0")})::varchar || ',"mbox":"mailto:' || {email} || '"}}',
                ',' order by m.mpos) as members_json,
            list(lower({email}) order by m.mpos) as member_emails
        from lrs_members m join people p on p.person = m.member
        group by 1
        """
    )


def _render(ctx: Context, lo: int, hi: int) -> None:
    con, start = ctx.con, ctx.start
    seed = ctx.cfg.seed
    email = (
        f"case when s.is_program then {email_at('s.day', 's.variant')} "
        f"else {email_at('s.day', 's.variant', allow_amb=True)} end"
    )
    base = f"""
        select 'statements_' || strftime({start} + s.sday::integer, '%Y-%m-%d') || '.jsonl.gz'
                as file,
            s.*, v.vname, v.viri,
            {uuid_sql(f"'{seed}st'", "s.sid")} as id,
            case when s.target >= 0 then {uuid_sql(f"'{seed}st'", "s.target")} end as target_id,
            {uuid_sql(f"'{seed}reg'", "s.rec_id")} as reg,
            {email} as email, {name_at("s.day")} as name, p.employee_id,
            coalesce(pr.iri, n.niri, '{vocab.XAPI_TEAM}/' || s."group") as iri,
            coalesce(pr.title, n.ntitle, 'Team workshop ' || s."group") as title,
            coalesce(tz.tzs, 'Z') as tzs, coalesce(tz.tzm, 0) as tzm,
            strftime(({start} + s.day::integer)::timestamp + to_seconds(s.sec)
                     + to_milliseconds(s.ms) + to_minutes(coalesce(tz.tzm, 0)),
                     '%Y-%m-%dT%H:%M:%S.%g') as local_ts,
            strftime(({start} + s.sday::integer)::timestamp + to_seconds(s.ssec)
                     + to_milliseconds(s.ms), '%Y-%m-%dT%H:%M:%S.%gZ') as stored,
            g.members_json
        from lrs_st s
        join lrs_verbs v on v.verb = s.verb
        left join people p on p.person = s.person and s.person >= 0
        left join lrs_programs pr on pr.program = s.program and s.program >= 0
        left join lrs_noise n on n.noise = s.noise and s.noise >= 0
        left join lrs_tz tz on tz.loc = p.loc
        left join lrs_groups g on g."group" = s."group" and s.form = 3
        where s.sday between {lo} and {hi}
    """
    agent = _agent_json("form", "email", "name", "employee_id", "person")
    actor = f"""case
        when _bad = 'missing_required_field' then
            '{{"objectType":"Agent","name":' || coalesce(to_json(name)::varchar, '"LRS"') || '}}'
        when form = 5 then '{{"objectType":"Agent","name":"LRS Admin",'
            || '"mbox":"mailto:lrs-admin@acme.example"}}'
        when form = 3 then '{{"objectType":"Group","name":"' || title || '","member":['
            || coalesce(members_json, '') || ']}}'
        when form = 4 then '{{"objectType":"Group","name":"' || title || '"}}'
        else {agent} end"""
    obj = """case
        when target_id is not null then
            '{"objectType":"StatementRef","id":"' || target_id || '"}'
        when au then '{"objectType":"Activity","id":"' || iri || '/au/' || au_no
            || '","definition":'
            || '{"name":{"en-US":' || to_json(title || ' - module ' || au_no)::varchar || '},'
            || '"type":"http://adlnet.gov/expapi/activities/lesson"}}'
        else '{"objectType":"Activity","id":"' || iri || '","definition":{"name":'
            || '{"en-US":' || to_json(title)::varchar || '},'
            || '"type":"https://w3id.org/xapi/cmi5/activitytype/course"}}'
        end"""
    score = """case when _bad = 'invalid_number' then '"n/a"'
        else round(score, 2)::varchar end"""
    result = f"""case
        when vname = 'completed' and score is not null then ',"result":{{"completion":true,'
            || '"score":{{"scaled":' || {score} || '}},"duration":"PT' || (5 + sid % 50) || 'M"}}'
        when vname = 'completed' then ',"result":{{"completion":true,"duration":"PT'
            || (5 + sid % 50) || 'M"}}'
        when vname = 'passed' then ',"result":{{"success":true,"completion":true,"score":'
            || '{{"scaled":' || {score} || ',"raw":' || round(score * 100)::integer
            || ',"min":0,"max":100}}}}'
        when vname = 'failed' then ',"result":{{"success":false,"score":{{"scaled":'
            || {score} || ',"raw":' || round(score * 100)::integer || ',"min":0,"max":100}}}}'
        when vname = 'terminated' then ',"result":{{"duration":"PT'
            || (case when dup = 2 then 90 + sid % 7 else 20 + sid % 70 end) || 'M"}}'
        else '' end"""
    context = """case
        when target_id is not null then ''
        when rec_id >= 0 then ',"context":{"registration":"' || reg || '"'
            || case when au then ',"contextActivities":{"grouping":[{"id":"' || iri || '"}],'
                    || '"category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5"}]}'
                    else ',"contextActivities":{"category":[{"id":'
                    || '"https://w3id.org/xapi/cmi5/context/categories/cmi5"}]}' end
            || '}'
        else ',"context":{"platform":"Acme LMS"}' end"""
    garbles = render.sql_list(["2026-02-30T10:00:00Z", "not-a-date"])
    timestamp = f"""case
        when _bad = 'invalid_timestamp' and hash(id) % 2 = 0 then local_ts || '-00:00'
        when _bad = 'invalid_timestamp' then pick({garbles}, id)
        when tzs = 'Z' and hash(id) % 2 = 0 then local_ts || '+00:00'
        else local_ts || tzs end"""
    line = f"""
        '{{"id":"' || id || '","actor":' || ({actor})
        || ',"verb":{{"id":"' || viri || '","display":{{"en-US":"' || vname || '"}}}}'
        || ',"object":' || ({obj}) || ({result}) || ({context})
        || ',"timestamp":"' || ({timestamp}) || '","stored":"' || stored || '"'
        || ',"authority":{{"objectType":"Agent","name":"Acme LMS","account":{{"homePage":'
        || '"{vocab.LMS_HOME}","name":"lms-client"}}}},"version":"1.0.3"}}'
    """
    kinds = render.sql_list(["malformed_json", "missing_required_field", "invalid_timestamp"])
    kinds_score = render.sql_list(
        ["malformed_json", "missing_required_field", "invalid_timestamp", "invalid_number"]
    )
    spec = render.Spec(
        base=base,
        order_by="stored, id, dup",
        line=line,
        kinds=f"case when score is not null and vname in ('completed', 'passed', 'failed') "
        f"then {kinds_score} else {kinds} end",
        rate=ctx.cfg.bad_rows,
        tag=ctx.tag("lrs"),
        protect="is_program and dup = 0",
        json_line=True,
    )
    table = render.render(con, spec)
    ctx.identity.collect(
        con,
        "lrs",
        f"""
        select case form when 0 then 'mbox' when 1 then 'mbox_sha1sum' when 2 then 'account'
                         else 'mbox' end as id_type,
            case form when 0 then lower(email) when 1 then sha1('mailto:' || lower(email))
                      when 2 then {account_sql("person", "employee_id")}
                      else 'lrs-admin@acme.example' end as id_value,
            null as src_email
        from _k where _bad is null and form in (0, 1, 2, 5)
        union all
        select 'mbox', unnest(g.member_emails), null
        from _k join lrs_groups g on g."group" = _k."group"
        where _bad is null and _k.form = 3
        """,
    )
    ctx.writer.write_lines("lrs", table, None, True)


def _declared_au_counts(ctx: Context, programs: list) -> np.ndarray:
    """How many AUs each program declares in ``program_aus.csv`` (0: none).

    The generator writes a program's AUs as ``<IRI>/au/1`` .. ``/au/<k>``, so the
    seed must declare exactly those.
    """
    folder = ctx.cfg.repo / "seeds"
    declared = load_program_aus(folder)
    counts = np.zeros(len(programs), dtype=np.int64)
    for i, p in enumerate(programs):
        aus = declared.get(p.program_id, [])
        expected = [f"{p.xapi_activity_iri}/au/{k}" for k in range(1, len(aus) + 1)]
        if aus and aus != expected:
            raise SeedError(f"{folder / 'program_aus.csv'}: {p.program_id} must declare {expected}")
        counts[i] = len(aus)
    return counts


def _declared_au_rows(
    rng: np.random.Generator,
    add: Callable[..., None],
    mask: np.ndarray,
    au_count: np.ndarray,
    done: np.ndarray,
    e: np.ndarray,
    c: np.ndarray,
    end_day: np.ndarray,
    s0: np.ndarray,
) -> None:
    """AUs 2..k of the cmi5 enrollments of programs that declare k AUs (AU 1 is the
    common session flow). Completers complete each of them before their completion
    day, so the last AU satisfied is AU 1 on that day; non-completers complete only
    some, fewer than k - 1, so that even with AU 1 (waived for a few) one AU is left:
    partial courses, enrolled but not completed, as the truth says.
    """
    partial = rng.integers(0, np.maximum(au_count - 1, 1))
    for k in range(2, int(au_count.max(initial=0)) + 1):
        todo = mask & (au_count >= k) & (done | (k - 1 <= partial))
        day = np.where(
            done, e + ((c - e) * (k - 1)) // np.maximum(au_count, 1), e + (end_day - e) // 2
        )
        sec = s0 + 900 * k
        for verb, dsec in (
            ("launched", 0),
            ("initialized", 3),
            ("completed", 1500),
            ("terminated", 1560),
        ):
            add(todo, V[verb], day, sec + dsec, au_no=k)
