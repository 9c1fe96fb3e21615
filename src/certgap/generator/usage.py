"""True AI activity: one row per person x tool x active day.

The model works in weeks of the window (week w = days 7w .. 7w+6) and then in days:

1. Each person has a usage level (none / light / medium / heavy: weekly-active
   propensity L), a primary and a secondary tool among the tools they can reach
   (consumer tools are open to all; sanctioned tools need access), and a day intensity.
   Base weekly-active probability: L on the primary tool, 0.35 L on the secondary,
   0.04 L on other reachable tools.
2. Untrained drift: every reachable sanctioned tool gains
   ``untrained_weekly_drift`` x w weekly-active probability (users only).
3. Training: after a completion (day c), in the week starting s > c (k = weeks since
   completion, k = ceil((s - c) / 7)) the completer is weekly-active on one reachable
   target tool of the program with probability
   max(0, training_effect - weekly_decay (k - 1)) + manager_activation_effect
   (when the manager at completion was activated). Completing a program also grants
   access to its target tools (licence) with probability 0.85.
4. Reverters (a share of completers): from 3-6 weeks after their first completion
   their sanctioned use stops and their favourite non-ambiguous consumer tool is used
   most weeks.
5. An active (person, tool, week) gets 1 + Binomial(4, intensity) workdays, plus a
   weekend day now and then; days outside employment or the window are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import vocab
from .config import Config
from .learning import Learning
from .org import NEVER, TIER_DIRECTOR, TIER_MANAGER, Workforce
from .rng import stream
from .seeds import Seeds

# popularity as primary/secondary tool, and initial access share
TOOL_PROFILE: dict[str, tuple[float, float]] = {
    "m365_copilot": (0.07, -1.0),  # access: licence (see Planted.m365_licence_share)
    "copilot_chat": (0.04, 1.0),
    "github_copilot": (0.45, -2.0),  # access: engineering 0.7, others 0.02
    "chatgpt_enterprise": (0.07, 0.22),
    "claude_enterprise": (0.07, 0.08),
    "glean": (0.03, 0.45),
    "cursor_business": (0.20, -3.0),  # access: engineering 0.2
    "chatgpt_consumer": (0.34, 1.0),
    "claude_consumer": (0.07, 1.0),
    "gemini_consumer": (0.09, 1.0),
    "perplexity_consumer": (0.06, 1.0),
    "deepseek_consumer": (0.0, 0.0),  # blocked at the gateway: attempts only
    "mistral_consumer": (0.015, 1.0),
    "copilot_consumer": (0.05, 1.0),
    "poe_consumer": (0.015, 1.0),
}
DEFAULT_PROFILE = (0.05, 0.2)
LEVELS = np.array([0.0, 0.03, 0.40, 0.85])  # none, light, medium, heavy
LEVEL_INTENSITY = np.array([0.0, 0.08, 0.3, 0.65])


@dataclass
class Usage:
    tools: list[str]
    activity: pd.DataFrame  # person int32, tool int16, day int16
    access_from: np.ndarray  # (person, tool) first day of access, NEVER if none
    reverters: np.ndarray  # person indices planted as reverters
    favourite_consumer: np.ndarray  # tool index per person
    ever_user: np.ndarray  # person has a usage level above none


def build(cfg: Config, seeds: Seeds, wf: Workforce, learn: Learning) -> Usage:
    rng = stream(cfg.seed, "usage")
    p = cfg.planted
    days = cfg.days
    tools = [t.tool_id for t in seeds.tools]
    t_index = {t: i for i, t in enumerate(tools)}
    n, n_t = wf.n, len(tools)
    sanctioned = np.array([t.is_sanctioned for t in seeds.tools])
    ambiguous_tools = {h.tool_id for h in seeds.hosts if h.is_ambiguous}
    blocked = np.array([t == "deepseek_consumer" for t in tools])

    init = wf.state_index(np.arange(n), np.zeros(n, dtype=np.int64))
    init = np.where(init < 0, 0, init)
    eng = wf.hris["function"].to_numpy()[init] == vocab.FUNCTIONS.index("Engineering")
    managerish = np.isin(wf.tier, [TIER_MANAGER, TIER_DIRECTOR])

    # ---- access -----------------------------------------------------------------------
    access = np.full((n, n_t), NEVER, dtype=np.int64)
    for ti, tool in enumerate(tools):
        _pop, acc = TOOL_PROFILE.get(tool, DEFAULT_PROFILE)
        if acc == -1.0:
            share = np.where(managerish, 0.5, p.m365_licence_share)
        elif acc == -2.0:
            share = np.where(eng, 0.7, 0.02)
        elif acc == -3.0:
            share = np.where(eng, 0.2, 0.0)
        else:
            share = np.full(n, acc)
        access[rng.random(n) < share, ti] = 0
    access[:, blocked] = NEVER
    enr = learn.enrollments
    done = enr[enr["complete_day"] >= 0]
    for pi, prog in enumerate(learn.programs):
        d = done[done["program"] == pi]
        for tool in seeds.program_tools.get(prog.program_id, []):
            ti = t_index[tool]
            grant = rng.random(len(d)) < (0.6 if tool == "m365_copilot" else 0.85)
            who = d["person"].to_numpy()[grant]
            when = d["complete_day"].to_numpy()[grant]
            access[who, ti] = np.minimum(access[who, ti], when)

    # ---- person traits ----------------------------------------------------------------
    nonuser = p.non_user_share
    rest = 1.0 - nonuser
    level = rng.choice(4, size=n, p=[nonuser, 0.30 * rest, 0.42 * rest, 0.28 * rest])
    big_l = LEVELS[level]
    intensity = np.clip(LEVEL_INTENSITY[level] + rng.normal(0, 0.05, n), 0.02, 0.95)
    pops = np.array([TOOL_PROFILE.get(t, DEFAULT_PROFILE)[0] for t in tools])
    reachable_any = access < NEVER
    weights = np.where(reachable_any, pops[None, :], 0.0)
    g = rng.gumbel(size=(n, n_t))
    score = np.where(weights > 0, np.log(np.maximum(weights, 1e-12)) + g, -np.inf)
    order = np.argsort(-score, axis=1)
    primary, secondary = order[:, 0], order[:, 1]
    base = np.zeros((n, n_t))
    base[:] = 0.04 * big_l[:, None]
    rows = np.arange(n)
    base[rows, secondary] = 0.35 * big_l
    base[rows, primary] = big_l
    consumer_ok = np.array(
        [
            (not s) and (t not in ambiguous_tools) and not b
            for t, s, b in zip(tools, sanctioned, blocked, strict=True)
        ]
    )
    fav_pool = np.flatnonzero(consumer_ok)
    consumer_rank = np.where(consumer_ok[None, :], score, -np.inf)
    favourite = np.argmax(consumer_rank, axis=1) if len(fav_pool) else np.zeros(n, dtype=int)

    # ---- completions, activation, reverters ---------------------------------------------
    reinf = {i for i, pr in enumerate(learn.programs) if pr.is_manager_reinforcement}
    comp_person = done["person"].to_numpy()
    comp_prog = done["program"].to_numpy()
    comp_day = done["complete_day"].to_numpy()
    comp_act = done["activated"].to_numpy().astype(bool)
    prog_tools = [
        np.array([t_index[t] for t in seeds.program_tools.get(pr.program_id, [])], dtype=np.int64)
        for pr in learn.programs
    ]
    regular = ~np.isin(comp_prog, list(reinf))
    first_comp = (
        pd.DataFrame({"person": comp_person[regular], "day": comp_day[regular]})
        .groupby("person")["day"]
        .min()
    )
    cand = first_comp[first_comp <= days - 56]
    n_rev = round(len(first_comp) * p.reverter_share)
    rev_people = np.sort(
        rng.choice(cand.index.to_numpy(), size=min(n_rev, len(cand)), replace=False)
    )
    revert_day = np.full(n, NEVER, dtype=np.int64)
    revert_day[rev_people] = first_comp.loc[rev_people].to_numpy() + 7 * rng.integers(
        3, 7, len(rev_people)
    )
    favourite_rev = favourite.copy()

    # ---- weekly simulation -------------------------------------------------------------
    emp = wf.employed_matrix()
    n_weeks = (days + 6) // 7
    cells_p, cells_t, cells_w = [], [], []
    drift_mask = sanctioned[None, :] & (big_l[:, None] > 0)
    for w in range(n_weeks):
        s = 7 * w
        emp_w = emp[:, s : s + 7].any(axis=1)
        has = access <= s + 6
        q = np.where(has, base + np.where(drift_mask, p.untrained_weekly_drift * w, 0.0), 0.0)
        q[:, blocked] = 0.0
        reverted = revert_day <= s
        q[np.ix_(reverted, sanctioned)] = 0.0
        rv = np.flatnonzero(reverted)
        q[rv, favourite_rev[rv]] = np.maximum(q[rv, favourite_rev[rv]], 0.75)
        active = rng.random((n, n_t)) < q
        # training lift
        k = np.ceil((s - comp_day) / 7.0)
        live = k >= 1
        lift = np.maximum(0.0, p.training_effect - p.weekly_decay * (k - 1))
        lift = lift + p.manager_activation_effect * comp_act
        # reverters: sanctioned use in the first weeks, none after the revert day
        forced = (k >= 1) & (k <= 2) & np.isin(comp_person, rev_people)
        lift = np.where(forced, 1.0, lift)
        hit = live & (rng.random(len(k)) < lift) & (revert_day[comp_person] > s)
        hp, hprog = comp_person[hit], comp_prog[hit]
        if len(hp):
            u2 = rng.random(len(hp))
            for pi in np.unique(hprog):
                sel = np.flatnonzero(hprog == pi)
                tt = prog_tools[pi]
                if not len(tt):
                    continue
                who = hp[sel]
                reach = access[who][:, tt] <= s + 6
                # choose a reachable target tool (uniform), maybe a second one
                r = np.where(reach, rng.random((len(sel), len(tt))), -1.0)
                best = np.argmax(r, axis=1)
                okr = reach[np.arange(len(sel)), best]
                active[who[okr], tt[best[okr]]] = True
                if len(tt) > 1:
                    also = okr & (u2[sel] < 0.3)
                    r[np.arange(len(sel)), best] = -1.0
                    second = np.argmax(r, axis=1)
                    ok2 = also & reach[np.arange(len(sel)), second]
                    active[who[ok2], tt[second[ok2]]] = True
        active &= emp_w[:, None]
        pp, tt_ = np.nonzero(active)
        cells_p.append(pp.astype(np.int32))
        cells_t.append(tt_.astype(np.int16))
        cells_w.append(np.full(len(pp), w, dtype=np.int16))
    cp = np.concatenate(cells_p)
    ct = np.concatenate(cells_t)
    cw = np.concatenate(cells_w)

    # ---- days within active weeks ---------------------------------------------------------
    n_days_w = 1 + rng.binomial(4, intensity[cp])
    ranks = np.argsort(rng.random((len(cp), 5)), axis=1)
    pick = ranks < n_days_w[:, None]
    weekend = rng.random((len(cp), 2)) < 0.06 * (1 + intensity[cp, None])
    # day offsets relative to the week start; the window may start on any weekday,
    # workdays are the weekdays Mon-Fri of the calendar
    dow0 = cfg.start_date.weekday()
    offs = np.arange(7)
    is_workday = ((dow0 + offs) % 7) < 5
    work_offs = offs[is_workday]
    wend_offs = offs[~is_workday]
    sel = np.concatenate([pick[:, : len(work_offs)], weekend[:, : len(wend_offs)]], axis=1)
    all_offs = np.concatenate([work_offs, wend_offs])
    r_idx, c_idx = np.nonzero(sel)
    person = cp[r_idx]
    tool = ct[r_idx]
    day = cw[r_idx].astype(np.int64) * 7 + all_offs[c_idx]
    keep = day < days
    person, tool, day = person[keep], tool[keep], day[keep]
    keep = emp[person, day]
    # reverters: nothing sanctioned on or after the revert day
    keep &= ~(sanctioned[tool] & (day >= revert_day[person]))
    # not before access
    keep &= day >= access[person, tool]
    activity = pd.DataFrame(
        {
            "person": person[keep].astype(np.int32),
            "tool": tool[keep].astype(np.int16),
            "day": day[keep].astype(np.int16),
        }
    ).sort_values(["person", "tool", "day"], kind="stable")
    return Usage(
        tools=tools,
        activity=activity.reset_index(drop=True),
        access_from=access,
        reverters=rev_people,
        favourite_consumer=favourite_rev,
        ever_user=big_l > 0,
    )
