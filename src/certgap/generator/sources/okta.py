"""``okta/``: Okta System Log ``LogEvent``s, one gzip JSON-lines file per day.

- ``user.authentication.sso`` SUCCESS to the AppInstance named by the seed's
  ``okta_app_name`` on a share (``okta_sso_share``) of the true active days of those
  tools (one use each; sometimes a second sign-in the same day);
- many non-AI sign-ins (Workday, Salesforce, Slack, Zoom, ...), ``user.session.start``,
  ``user.authentication.auth_via_mfa`` events, and FAILURE outcomes (never uses);
- contractors who match nobody; a share of events arrives in the next day's file.
"""

from __future__ import annotations

import hashlib
import itertools
import json

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import arrowtext as at
from .. import render, vocab
from ..rng import stream
from .ai_activity import console_tools
from .common import Context, daily_counts, email_index, person_pool, uuid_array

EVENT_TYPES = [
    "user.authentication.sso",
    "user.session.start",
    "user.authentication.auth_via_mfa",
]
BATCH_DAYS = 30
KINDS = ["malformed_json", "missing_required_field", "invalid_timestamp"]


def write(ctx: Context) -> None:
    cfg, seeds = ctx.cfg, ctx.seeds
    rng = stream(cfg.seed, "okta")
    p = cfg.planted
    days = cfg.days
    apps = [a for a, _ in vocab.OKTA_APPS]
    app_w = np.array([w for _, w in vocab.OKTA_APPS], dtype=float)
    ai_apps = {i: seeds.tools[i].okta_app_name for i in console_tools(ctx)}
    ai_apps = {i: a for i, a in ai_apps.items() if a}
    app_names = apps + sorted(set(ai_apps.values()))
    app_of_tool = {i: app_names.index(a) for i, a in ai_apps.items()}

    # AI sign-ins on true active days
    act = ctx.use.activity
    sub = act[act["tool"].isin(list(app_of_tool))]
    sub = sub[rng.random(len(sub)) < p.okta_sso_share]
    again = sub[rng.random(len(sub)) < 0.1]
    ai = pd.concat([sub, again], ignore_index=True)
    lut = np.full(len(seeds.tools), -1)
    for t, a in app_of_tool.items():
        lut[t] = a
    ai_app = lut[ai["tool"].to_numpy()]
    # non-AI sign-ins, sessions, MFA
    sp, sd = daily_counts(ctx, rng, 0.45)
    s_app = rng.choice(len(apps), len(sp), p=app_w / app_w.sum())
    ss_p, ss_d = daily_counts(ctx, rng, 0.08)
    mfa_p, mfa_d = daily_counts(ctx, rng, 0.03)
    person = np.concatenate([ai["person"].to_numpy(), sp, ss_p, mfa_p]).astype(np.int64)
    day = np.concatenate([ai["day"].to_numpy(), sd, ss_d, mfa_d]).astype(np.int64)
    etype = np.concatenate(
        [np.zeros(len(ai) + len(sp)), np.ones(len(ss_p)), np.full(len(mfa_p), 2)]
    ).astype(np.int64)
    app = np.concatenate([ai_app, s_app, np.full(len(ss_p) + len(mfa_p), -1)]).astype(np.int64)
    is_ai = np.concatenate(
        [np.ones(len(ai), bool), np.zeros(len(sp) + len(ss_p) + len(mfa_p), bool)]
    )
    sec = rng.integers(6 * 3600, 20 * 3600, len(person))
    ms = rng.integers(0, 1000, len(person))
    ok = np.ones(len(person), dtype=np.int64)
    # failures before some sign-ins (never a use)
    fail = np.flatnonzero(rng.random(len(person)) < 0.02)
    person = np.concatenate([person, person[fail]])
    day = np.concatenate([day, day[fail]])
    etype = np.concatenate([etype, etype[fail]])
    app = np.concatenate([app, app[fail]])
    is_ai = np.concatenate([is_ai, np.zeros(len(fail), bool)])
    sec = np.concatenate([sec, np.maximum(0, sec[fail] - rng.integers(5, 300, len(fail)))])
    ms = np.concatenate([ms, rng.integers(0, 1000, len(fail))])
    ok = np.concatenate([ok, np.zeros(len(fail), dtype=np.int64)])
    # contractors
    cons = ctx.wf.contractors
    k = max(10, len(cons) * days // 7)
    cidx = np.concatenate([np.full(len(person), -1), rng.integers(0, len(cons), k)])
    person = np.concatenate([person, np.full(k, -1)])
    day = np.concatenate([day, rng.integers(0, days, k)])
    etype = np.concatenate([etype, np.zeros(k, dtype=np.int64)])
    app = np.concatenate([app, rng.choice(len(apps), k)])
    is_ai = np.concatenate([is_ai, np.zeros(k, bool)])
    sec = np.concatenate([sec, rng.integers(6 * 3600, 20 * 3600, k)])
    ms = np.concatenate([ms, rng.integers(0, 1000, k)])
    ok = np.concatenate([ok, np.ones(k, dtype=np.int64)])
    late = rng.random(len(person)) < p.late_share
    fday = np.minimum(day + late, days - 1)
    tsec = sec + ms / 1000.0
    rid = np.arange(len(person))
    order, lineno, bad = render.mark(
        fday, [day, tsec, rid], KINDS, cfg.bad_rows, stream(cfg.seed, "okta-bad"), header=False
    )
    ev = {
        "uuid": uuid_array(stream(cfg.seed, "okta-uuid"), len(order)),
        "rid": rid[order],
        "lineno": lineno,
        "badcode": bad,
        "person": person[order],
        "cidx": cidx[order],
        "day": day[order],
        "fday": fday[order],
        "etype": etype[order],
        "app": app[order],
        "is_ai": is_ai[order],
        "sec": sec[order],
        "ms": ms[order],
        "ok": ok[order],
        "variant": stream(cfg.seed, "okta-variant").integers(0, 100, len(order)),
    }
    pools = _Pools(ctx, app_names)
    cut = np.searchsorted(ev["fday"], np.arange(0, days + BATCH_DAYS, BATCH_DAYS))
    for lo, hi in itertools.pairwise(cut):
        if hi > lo:
            _render(ctx, {k: v[lo:hi] for k, v in ev.items()}, pools)


def _app_id(name: str) -> str:
    return "0oa" + hashlib.sha256(name.encode()).hexdigest()[:17]


def _ua_json(ua: str) -> str:
    os_name = (
        "Windows 10"
        if "Windows" in ua
        else "Mac OS X"
        if "Mac" in ua
        else "iOS"
        if "iPhone" in ua
        else "Linux"
    )
    browser = "FIREFOX" if "Firefox" in ua else "CHROME" if "Chrome" in ua else "SAFARI"
    return json.dumps(
        {"rawUserAgent": ua, "os": os_name, "browser": browser}, separators=(",", ":")
    )


class _Pools:
    """Small string dictionaries the Okta events are assembled from."""

    def __init__(self, ctx: Context, app_names: list[str]) -> None:
        cfg, wf = ctx.cfg, ctx.wf
        self.people, self.n, self.n_con = person_pool(ctx)
        cons = wf.contractors
        ids = [*wf.employee_id.tolist(), *cons["user_id"].tolist()]
        self.actor_id = at.strings(
            ["00u" + hashlib.md5(("okta" + i).encode()).hexdigest()[:17] for i in ids]
        )
        names_i = [f"{f} {x}" for f, x in zip(wf.first, wf.last_initial, strict=True)]
        names_f = [f"{f} {x}" for f, x in zip(wf.first, wf.last_final, strict=True)]
        names_c = [f"{f} {x}" for f, x in zip(cons["first"], cons["last"], strict=True)]
        self.display = at.strings([json.dumps(x) for x in names_i + names_f + names_c])
        who = [*range(self.n), *(1_000_000 + np.arange(self.n_con)).tolist()]
        self.ip = at.strings([f"10.{p % 200}.{p // 200 % 250}.{p % 97 + 1}" for p in who])
        self.ua = at.strings([_ua_json(u) for u in vocab.USER_AGENTS])
        self.targets = at.strings(
            [
                json.dumps(
                    [{"id": _app_id(a), "type": "AppInstance", "alternateId": a, "displayName": a}],
                    separators=(",", ":"),
                )
                for a in app_names
            ]
            + ["[]"]
        )
        self.outcomes = at.strings(
            [
                '{"result":"FAILURE","reason":"INVALID_CREDENTIALS"}',
                '{"result":"FAILURE","reason":"VERIFICATION_ERROR"}',
                '{"result":"SUCCESS","reason":null}',
            ]
        )
        self.event_types = at.strings(EVENT_TYPES)
        self.dates = at.day_strings(cfg.start_date, cfg.days)
        self.times = at.time_strings()
        self.ms = at.ms_strings()
        self.files = at.strings([f"okta_syslog_{d}.jsonl.gz" for d in self.dates.to_pylist()])
        self.kinds = pa.array([*KINDS, None], pa.string())
        self.ts_garbles = at.strings(render.TS_GARBLES)


def _render(ctx: Context, ev: dict[str, np.ndarray], pools: _Pools) -> None:
    person, cidx = ev["person"], ev["cidx"]
    is_person = person >= 0
    p0 = np.maximum(person, 0)
    c0 = np.maximum(cidx, 0)
    idx = email_index(ctx, person, ev["day"], ev["variant"], ~ev["is_ai"])
    alt = at.take(pools.people, np.where(is_person, idx, 7 * pools.n + c0))
    final = ev["day"] >= ctx.wf.email_change_day[p0]
    display = at.take(
        pools.display, np.where(is_person, p0 + np.where(final, pools.n, 0), 2 * pools.n + c0)
    )
    who = np.where(is_person, p0, pools.n + c0)
    bad = ev["badcode"]
    kind = np.array([*KINDS, ""], dtype=object)[bad]
    rid = ev["rid"]
    published = at.join(
        [
            at.take(pools.dates, ev["day"]),
            "T",
            at.take(pools.times, ev["sec"]),
            ".",
            at.take(pools.ms, ev["ms"]),
            "Z",
        ]
    )
    published = at.replace(
        published, kind == "invalid_timestamp", at.take(pools.ts_garbles, rid % 4)
    )
    # Only a sign-in in scope needs a person (base_okta__system_log_events):
    # an out-of-scope event goes without its uuid instead.
    missing = kind == "missing_required_field"
    alt_out = at.replace(alt, missing & ev["is_ai"], "")
    etype = at.take(pools.event_types, ev["etype"])
    uuid = at.replace(ev["uuid"], missing & ~ev["is_ai"], "")
    target = np.where(ev["etype"] == 0, ev["app"], len(pools.targets) - 1)
    outcome = np.where(ev["ok"] == 1, 2, rid % 2)
    line = at.join(
        [
            '{"uuid":"',
            uuid,
            '","published":"',
            published,
            '","eventType":"',
            etype,
            '","actor":{"id":"',
            at.take(pools.actor_id, who),
            '","type":"User","alternateId":"',
            alt_out,
            '","displayName":',
            display,
            '},"target":',
            at.take(pools.targets, target),
            ',"outcome":',
            at.take(pools.outcomes, outcome),
            ',"client":{"ipAddress":"',
            at.take(pools.ip, who),
            '","userAgent":',
            at.take(pools.ua, np.where(is_person, person, 1_000_000 + c0) % len(vocab.USER_AGENTS)),
            "}}\n",
        ]
    )
    cut = kind == "malformed_json"
    if cut.any():
        line = at.replace(
            line,
            cut,
            at.join(
                [
                    '{"uuid":"',
                    uuid,
                    '","published":"',
                    published,
                    '","eventType":"',
                    etype,
                    '","act\n',
                ]
            ),
        )
    table = pa.table(
        {
            "file": at.take(pools.files, ev["fday"]),
            "lineno": pa.array(ev["lineno"], pa.int64()),
            "bad_kind": at.take(pools.kinds, np.where(bad >= 0, bad, len(KINDS))),
            "line": line,
        }
    )
    ids = pd.DataFrame(
        {"id_value": alt.filter(pa.array(bad < 0)).to_numpy(zero_copy_only=False)}
    ).drop_duplicates()
    ids["id_type"] = "email"
    ids["src_email"] = None
    ctx.identity.frames["okta"].append(ids[["id_type", "id_value", "src_email"]])
    ctx.writer.write_lines("okta", table, None, True)
