"""``proxy/``: secure web gateway log (Zscaler NSS style), one gzip TSV per day.

Columns ``datetime, login, dept, cip, host, url, urlcat, appname, action, reqmethod,
respcode, reqsize, respsize, ua, prompt``; ``datetime`` is UTC ``YYYY-MM-DD HH:MM:SS``;
no field is quoted and none holds a tab. Traffic:

- AI requests on true active days of tools with a host in the ``ai_hosts`` seed
  (coverage: m365_copilot ``proxy_coverage_m365``, console tools
  ``proxy_coverage_console_tools``, copilot_chat and consumer tools all days);
  enterprise tools without a host of their own (ChatGPT / Claude Enterprise) use the
  vendor's ambiguous consumer hosts. POST requests carry a prompt (+ the canary);
- blocked attempts to a blocked consumer AI host (``action`` Blocked, 403);
- lots of non-AI traffic, some of it blocked; contractors who match nobody;
- ``login`` is ``user@acme.example`` or ``ACME\\user``; late rows in the next file.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import arrowtext as at
from .. import render, vocab
from ..rng import stream
from .ai_activity import console_tools
from .common import Context, daily_counts, email_index, person_pool

COLUMNS = [
    "datetime",
    "login",
    "dept",
    "cip",
    "host",
    "url",
    "urlcat",
    "appname",
    "action",
    "reqmethod",
    "respcode",
    "reqsize",
    "respsize",
    "ua",
    "prompt",
]
AI_PATHS = ["backend-api/conversation", "api/chat", "v1/completions", "c/session", "chat"]
BATCH_DAYS = 20
KINDS = ["malformed_csv", "missing_required_field", "invalid_timestamp", "invalid_number"]


def hosts_for_tools(ctx: Context) -> pd.DataFrame:
    """(tool index, host, is_shadow) for every AI host a tool's traffic may hit."""
    seeds = ctx.seeds
    t_index = {t.tool_id: i for i, t in enumerate(seeds.tools)}
    rows = []
    for i, tool in enumerate(seeds.tools):
        own = [h for h in seeds.hosts if h.tool_id == tool.tool_id]
        if not own and tool.is_sanctioned:
            own = [
                h
                for h in seeds.hosts
                if h.is_ambiguous and seeds.tool(h.tool_id).vendor == tool.vendor
            ]
        for h in own:
            host_tool = seeds.tools[t_index[h.tool_id]]
            shadow = h.is_consumer and not h.is_ambiguous and not host_tool.is_sanctioned
            rows.append((i, h.host_suffix, shadow))
    return pd.DataFrame(rows, columns=["tool", "host", "is_shadow"])


def write(ctx: Context) -> list[pd.DataFrame]:
    """Write the proxy files; return (person, week_start_day) frames of shadow AI."""
    cfg, seeds = ctx.cfg, ctx.seeds
    rng = stream(cfg.seed, "proxy")
    p = cfg.planted
    days = cfg.days
    th = hosts_for_tools(ctx)
    tools = seeds.tools
    console = set(console_tools(ctx))
    coverage = np.array(
        [
            p.proxy_coverage_m365
            if t.tool_id == "m365_copilot"
            else p.proxy_coverage_console_tools
            if i in console
            else 1.0
            for i, t in enumerate(tools)
        ]
    )
    has_host = np.zeros(len(tools), dtype=bool)
    has_host[th["tool"].unique()] = True
    blocked_tools = [i for i, t in enumerate(tools) if t.tool_id == "deepseek_consumer"]

    # host table: AI hosts first, then web hosts, then blocked web hosts
    host_rows = [
        (h, "Generative AI", vocab.AI_APPNAMES.get(tools[t].tool_id, tools[t].tool_name), s)
        for t, h, s in th.itertuples(index=False)
    ]
    ai_host_ids = {}
    hosts: list[tuple[str, str, str, bool, bool]] = []
    for h, cat, app, shadow in host_rows:
        if h not in ai_host_ids:
            ai_host_ids[h] = len(hosts)
            hosts.append((h, cat, app, bool(shadow), True))
    web0 = len(hosts)
    hosts += [(h, c, a, False, False) for h, c, a, _ in vocab.WEB_HOSTS]
    blk0 = len(hosts)
    hosts += [(h, c, a, False, False) for h, c, a in vocab.BLOCKED_HOSTS]
    web_w = np.array([w for *_, w in vocab.WEB_HOSTS], dtype=float)

    # AI requests
    act = ctx.use.activity
    a = act[has_host[act["tool"].to_numpy()]]
    a = a[rng.random(len(a)) < coverage[a["tool"].to_numpy()]]
    reps = 1 + rng.poisson(0.8, len(a))
    ap = np.repeat(a["person"].to_numpy(), reps).astype(np.int64)
    at = np.repeat(a["tool"].to_numpy(), reps).astype(np.int64)
    ad = np.repeat(a["day"].to_numpy(), reps).astype(np.int64)
    tool_hosts = {t: th[th["tool"] == t]["host"].map(ai_host_ids).to_numpy() for t in th["tool"]}
    ah = np.zeros(len(ap), dtype=np.int64)
    u = rng.random(len(ap))
    for t, hs in tool_hosts.items():
        m = at == t
        ah[m] = hs[(u[m] * len(hs)).astype(np.int64)]
    a_blocked = np.zeros(len(ap), dtype=bool)
    # blocked attempts to a blocked AI host
    users = np.flatnonzero(ctx.use.ever_user)
    if blocked_tools and blocked_tools[0] in tool_hosts and len(users):
        k = max(3, len(users) // 50) * max(1, days // 30)
        bp = users[rng.integers(0, len(users), k)]
        bd = rng.integers(0, days, k)
        emp = ctx.wf.employed_matrix()[bp, bd]
        bp, bd = bp[emp], bd[emp]
        hs = tool_hosts[blocked_tools[0]]
        ap = np.concatenate([ap, bp])
        ad = np.concatenate([ad, bd])
        ah = np.concatenate([ah, hs[rng.integers(0, len(hs), len(bp))]])
        a_blocked = np.concatenate([a_blocked, np.ones(len(bp), dtype=bool)])
    # non-AI traffic
    wp, wd = daily_counts(ctx, rng, 0.30)
    wh = web0 + rng.choice(len(web_w), len(wp), p=web_w / web_w.sum())
    wblk = rng.random(len(wp)) < 0.01
    wh = np.where(wblk, blk0 + rng.integers(0, len(vocab.BLOCKED_HOSTS), len(wp)), wh)
    # contractors: some web and some consumer AI traffic
    cons = ctx.wf.contractors
    k = max(10, len(cons) * days // 3)
    c_idx = rng.integers(0, len(cons), k)
    c_day = rng.integers(0, days, k)
    ai_hosts_all = np.arange(web0)
    c_host = np.where(
        rng.random(k) < 0.3,
        ai_hosts_all[rng.integers(0, max(1, web0), k)] if web0 else web0,
        web0 + rng.integers(0, len(web_w), k),
    )
    person = np.concatenate([ap, wp.astype(np.int64), np.full(k, -1)])
    cidx = np.concatenate([np.full(len(ap) + len(wp), -1), c_idx])
    day = np.concatenate([ad, wd.astype(np.int64), c_day])
    host = np.concatenate([ah, wh, c_host])
    blocked = np.concatenate([a_blocked, wblk, np.zeros(k, dtype=bool)])
    n = len(person)
    sec = rng.integers(6 * 3600, 20 * 3600, n)
    post = rng.random(n) < 0.6
    prompt_idx = rng.integers(0, len(vocab.PROMPTS), n)
    late = rng.random(n) < p.late_share
    fday = np.minimum(day + late, days - 1)
    # organisation on the day (dept)
    st = ctx.wf.state_index(np.maximum(person, 0), day)
    org = np.where((person >= 0) & (st >= 0), ctx.wf.hris["org"].to_numpy()[np.maximum(st, 0)], -1)
    rid = np.arange(n)
    order, lineno, bad = render.mark(
        fday, [day, sec, rid], KINDS, cfg.bad_rows, stream(cfg.seed, "proxy-bad"), header=True
    )
    who = np.where(person >= 0, person, 1_000_000 + cidx)
    ev = {
        "lineno": lineno,
        "badcode": bad,
        "rid": rid[order],
        "person": person[order],
        "cidx": cidx[order],
        "who": who[order],
        "day": day[order],
        "fday": fday[order],
        "sec": sec[order],
        "host": host[order],
        "blocked": blocked[order],
        "post": post[order],
        "prompt_idx": prompt_idx[order],
        "org": org[order],
        "sizes": rng.integers(200, 60000, n)[order],
    }
    vrng = stream(cfg.seed, "proxy-login")
    ev["variant"] = vrng.integers(0, 100, n)
    ev["flip"] = vrng.random(n) < 0.1
    canary = ctx.cfg.prompt_canary
    prompts = [f"{t} {canary}" if canary else t for t in vocab.PROMPTS]
    pools = _Pools(ctx, hosts, prompts)
    shadow: list[pd.DataFrame] = []
    cut = np.searchsorted(ev["fday"], np.arange(0, days + BATCH_DAYS, BATCH_DAYS))
    for lo, hi in itertools.pairwise(cut):
        if hi > lo:
            shadow.append(_render(ctx, {k: v[lo:hi] for k, v in ev.items()}, pools))
    return shadow


class _Pools:
    """Small string dictionaries the proxy lines are assembled from."""

    def __init__(self, ctx: Context, hosts: list, prompts: list[str]) -> None:
        cfg = ctx.cfg
        self.people, self.n, self.n_con = person_pool(ctx)
        rng = stream(cfg.seed, "proxy-device")
        # about 30 % of people browse from a domain-joined device (DOMAIN\user login)
        self.net_person = rng.random(self.n) < 0.3
        self.dates = at.day_strings(cfg.start_date, cfg.days)
        self.times = at.time_strings()
        self.files = at.strings([f"zscaler_weblog_{d}.tsv.gz" for d in self.dates.to_pylist()])
        self.host_name = at.strings([h[0] for h in hosts])
        self.urlcat = at.strings([h[1] for h in hosts])
        self.appname = at.strings([h[2] for h in hosts])
        self.is_shadow = np.array([h[3] for h in hosts], dtype=bool)
        self.is_ai = np.array([h[4] for h in hosts], dtype=bool)
        self.paths = at.strings(AI_PATHS + [f"page/{i}" for i in range(1000)])
        self.orgs = at.strings([o[0] for o in vocab.ORGANIZATIONS] + ["Unknown"])
        self.ua = at.strings(vocab.USER_AGENTS)
        self.prompts = at.strings([*prompts, ""])
        self.ip_people = at.strings(
            [f"10.{p % 200}.{p // 200 % 250}.{p % 97 + 1}" for p in range(self.n)]
        )
        w = 1_000_000 + np.arange(self.n_con)
        self.ip_con = at.strings(
            [f"10.{p % 200}.{p // 200 % 250}.{p % 97 + 1}" for p in w.tolist()]
        )
        self.kinds = pa.array([*KINDS, None], pa.string())
        self.ts_garbles = at.strings(render.TS_GARBLES)
        self.num_garbles = at.strings(render.NUM_GARBLES)


def _render(ctx: Context, ev: dict[str, np.ndarray], pools: _Pools) -> pd.DataFrame:
    person, cidx, host = ev["person"], ev["cidx"], ev["host"]
    is_ai = pools.is_ai[host]
    is_person = person >= 0
    # login: e-mail (with its mess) or DOMAIN\user; contractors: either form
    idx = email_index(ctx, person, ev["day"], ev["variant"], ~is_ai)
    net = pools.net_person[np.maximum(person, 0)] ^ ev["flip"]
    idx = np.where(net, 6 * pools.n + np.maximum(person, 0), idx)
    con_idx = 7 * pools.n + np.where(cidx % 2 == 0, 0, pools.n_con) + np.maximum(cidx, 0)
    idx = np.where(is_person, idx, con_idx)
    login = at.take(pools.people, idx)
    bad = ev["badcode"]
    kind = np.array([*KINDS, ""], dtype=object)[bad]
    datetime = at.join([at.take(pools.dates, ev["day"]), at.take(pools.times, ev["sec"])], " ")
    rid = ev["rid"]
    path = np.where(is_ai, rid % len(AI_PATHS), len(AI_PATHS) + rid % 1000)
    hname = at.take(pools.host_name, host)
    post = is_ai & ev["post"] & ~ev["blocked"]
    reqsize = at.ints(ev["sizes"] // 7 + 300)
    miss = kind == "missing_required_field"
    badts = kind == "invalid_timestamp"
    badnum = kind == "invalid_number"
    login_out = at.replace(login, miss, "")
    datetime = at.replace(datetime, badts, at.take(pools.ts_garbles, rid % 4))
    reqsize = at.replace(reqsize, badnum, at.take(pools.num_garbles, rid % 4))
    who_ip = np.where(
        is_person,
        at.take(pools.ip_people, np.maximum(person, 0)).to_numpy(zero_copy_only=False),
        at.take(pools.ip_con, np.maximum(cidx, 0)).to_numpy(zero_copy_only=False),
    )
    fields = [
        datetime,
        login_out,
        at.take(pools.orgs, np.where(ev["org"] >= 0, ev["org"], len(vocab.ORGANIZATIONS))),
        pa.array(who_ip, pa.string()),
        hname,
        at.join(["https://", hname, "/", at.take(pools.paths, path)]),
        at.take(pools.urlcat, host),
        at.take(pools.appname, host),
        at.take(at.strings(["Allowed", "Blocked"]), ev["blocked"].astype(np.int64)),
        at.take(at.strings(["GET", "POST"]), post.astype(np.int64)),
        at.take(at.strings(["200", "403"]), ev["blocked"].astype(np.int64)),
        reqsize,
        at.ints(ev["sizes"]),
        at.take(pools.ua, ev["who"] % len(vocab.USER_AGENTS)),
        at.take(pools.prompts, np.where(post, ev["prompt_idx"], len(pools.prompts) - 1)),
    ]
    line = at.line(fields, "\t")
    short = kind == "malformed_csv"
    if short.any():
        line = at.replace(line, short, at.line(fields[:-1], "\t"))
    table = pa.table(
        {
            "file": at.take(pools.files, ev["fday"]),
            "lineno": pa.array(ev["lineno"], pa.int64()),
            "bad_kind": at.take(pools.kinds, np.where(bad >= 0, bad, len(KINDS))),
            "line": line,
        }
    )
    good = bad < 0
    ids = pd.DataFrame(
        {"id_value": login.filter(pa.array(good)).to_numpy(zero_copy_only=False)}
    ).drop_duplicates()
    ids["id_type"] = np.where(
        ids["id_value"].str.contains("\\", regex=False), "network_login", "email"
    )
    ids["src_email"] = None
    ctx.identity.frames["proxy"].append(ids[["id_type", "id_value", "src_email"]])
    ok = good & pools.is_shadow[host] & ~ev["blocked"] & is_person
    weekday0 = ctx.cfg.start_date.weekday()
    shadow = pd.DataFrame(
        {"person": person[ok], "week": (ev["day"][ok] + weekday0) // 7}
    ).drop_duplicates()
    ctx.writer.write_lines("proxy", table, "\t".join(COLUMNS), True)
    return shadow
