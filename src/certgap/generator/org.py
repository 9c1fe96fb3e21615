"""The workforce of Acme: org tree, HR events, employment spells and identities.

Days are integers relative to the window start (day 0 = ``--start-date``); hire dates
before the window are negative.

HRIS snapshot choice: ``hris/workers_YYYY-MM.csv`` holds the effective-dated rows whose
EffectiveDate falls in that calendar month. The first file also holds everyone's
starting row: people employed on day 0 get a row with EffectiveDate = the window start
(their original HireDate is kept in HireDate). A few rows are re-sent verbatim in the
same file (identical duplicates, as HR feeds do); staging deduplicates them by
(EmployeeId, EffectiveDate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import vocab
from .config import Config
from .rng import stream

TIER_CEO, TIER_VP, TIER_DIRECTOR, TIER_MANAGER, TIER_IC = 0, 1, 2, 3, 4
NEVER = 1_000_000  # a day index meaning "not within the window"


@dataclass
class Workforce:
    """Everyone employed at some point of the window, plus non-employee identities."""

    n_days: int
    employee_id: np.ndarray  # str per person
    first: np.ndarray
    last_initial: np.ndarray
    last_final: np.ndarray
    email_initial: np.ndarray
    email_final: np.ndarray
    email_change_day: np.ndarray  # NEVER when unchanged
    upn_initial: np.ndarray
    upn_final: np.ndarray
    login: np.ndarray  # ACME\flast
    prev_emails_start: np.ndarray  # ';'-joined, '' when none
    tier: np.ndarray
    location: np.ndarray  # index into vocab.LOCATIONS
    hris: pd.DataFrame  # effective-dated rows (state after each change)
    spells: pd.DataFrame  # person, start, end (inclusive, clipped to the window)
    contractors: pd.DataFrame  # first, last, email, login, user_id (match nobody)
    ambiguous_emails: list[str]  # previous e-mails that two people once had

    @property
    def n(self) -> int:
        return len(self.employee_id)

    def email_at(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Work e-mail of each person on each day (vectorised)."""
        changed = day >= self.email_change_day[person]
        return np.where(changed, self.email_final[person], self.email_initial[person])

    def upn_at(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        changed = day >= self.email_change_day[person]
        return np.where(changed, self.upn_final[person], self.upn_initial[person])

    def display_name(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        changed = day >= self.email_change_day[person]
        last = np.where(changed, self.last_final[person], self.last_initial[person])
        return np.char.add(np.char.add(self.first[person].astype(str), " "), last.astype(str))

    def state_index(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Row of ``hris`` in force for (person, day); -1 before the first row."""
        keys = self.hris["person"].to_numpy(np.int64) * 10_000_000 + (
            self.hris["eff_day"].to_numpy(np.int64) + 5_000_000
        )
        probe = person.astype(np.int64) * 10_000_000 + (day.astype(np.int64) + 5_000_000)
        idx = np.searchsorted(keys, probe, side="right") - 1
        ok = (idx >= 0) & (self.hris["person"].to_numpy()[np.clip(idx, 0, None)] == person)
        return np.where(ok, idx, -1)

    def employed_matrix(self) -> np.ndarray:
        """Boolean (person, day) matrix of employment within the window."""
        sp = self.spells
        delta = np.zeros((self.n, self.n_days + 1), dtype=np.int8)
        np.add.at(delta, (sp["person"].to_numpy(), sp["start"].to_numpy()), 1)
        np.add.at(delta, (sp["person"].to_numpy(), sp["end"].to_numpy() + 1), -1)
        return np.cumsum(delta, axis=1, dtype=np.int8)[:, : self.n_days] > 0

    def all_emails(self) -> pd.DataFrame:
        """(email lower-case, person) for every e-mail a person ever had."""
        frames = [
            pd.DataFrame({"email": self.email_initial, "person": np.arange(self.n)}),
            pd.DataFrame({"email": self.email_final, "person": np.arange(self.n)}),
        ]
        prev = pd.Series(self.prev_emails_start).str.split(";").explode()
        prev = prev[prev.fillna("") != ""]
        frames.append(pd.DataFrame({"email": prev.to_numpy(), "person": prev.index.to_numpy()}))
        out = pd.concat(frames, ignore_index=True)
        out["email"] = out["email"].str.lower()
        return out.drop_duplicates().reset_index(drop=True)


def _slug(values: np.ndarray) -> np.ndarray:
    return (
        pd.Series(values).str.lower().str.replace(r"[^a-z]", "", regex=True).to_numpy(dtype=object)
    )


def _dedupe(base: np.ndarray) -> np.ndarray:
    """Append 2, 3, ... to repeated values, keeping the first occurrence as is."""
    s = pd.Series(base)
    n = s.groupby(s).cumcount().to_numpy()
    suffix = np.where(n > 0, (n + 1).astype(str), "")
    return np.char.add(base.astype(str), suffix).astype(object)


def _choose_in_group(
    rng: np.random.Generator, groups: np.ndarray, candidates: dict[int, np.ndarray]
) -> np.ndarray:
    """For each element, a uniform random candidate of its group."""
    out = np.full(len(groups), -1, dtype=np.int64)
    for g, cand in candidates.items():
        mask = groups == g
        if mask.any() and len(cand):
            out[mask] = cand[rng.integers(0, len(cand), mask.sum())]
    return out


def build(cfg: Config) -> Workforce:
    rng = stream(cfg.seed, "org")
    p = cfg.planted
    n0, days = cfg.employees, cfg.days
    orgs = vocab.ORGANIZATIONS
    n_org = len(orgs)
    org_w = np.array([o[2] for o in orgs])
    org_w = org_w / org_w.sum()

    # ---- starting tree ------------------------------------------------------------
    n_vp = n_org
    n_dir = max(n_org, n0 // 150)
    n_mgr = max(2 * n_org, n0 // 9)
    n_ic0 = n0 - 1 - n_vp - n_dir - n_mgr
    years = days / 365.0
    n_hire = round(n0 * p.annual_hire_rate * years)
    n = n0 + n_hire
    tier = np.concatenate(
        [
            [TIER_CEO],
            np.full(n_vp, TIER_VP),
            np.full(n_dir, TIER_DIRECTOR),
            np.full(n_mgr, TIER_MANAGER),
            np.full(n_ic0 + n_hire, TIER_IC),
        ]
    ).astype(np.int8)
    is_hire = np.zeros(n, dtype=bool)
    is_hire[n0:] = True

    org = np.empty(n, dtype=np.int64)
    org[0] = orgs.index(next(o for o in orgs if o[0] == "Corporate IT"))
    org[1 : 1 + n_vp] = np.arange(n_vp)
    rest = np.arange(1 + n_vp, n)
    org[rest] = rng.choice(n_org, size=len(rest), p=org_w)
    # every org gets at least one director and one manager
    d0, m0 = 1 + n_vp, 1 + n_vp + n_dir
    org[d0 : d0 + n_org] = np.arange(n_org)
    org[m0 : m0 + n_org] = np.arange(n_org)

    func_names = vocab.FUNCTIONS
    function = np.empty(n, dtype=np.int64)
    for o, (_, fmix, _) in enumerate(orgs):
        mask = org == o
        f_idx = np.array([func_names.index(f) for f in fmix])
        f_w = np.array(list(fmix.values()))
        function[mask] = f_idx[rng.choice(len(f_idx), size=mask.sum(), p=f_w / f_w.sum())]
    function[0] = func_names.index("Operations")

    level_names = ["CEO", "VP", "Director", *vocab.M_LEVELS, *vocab.IC_LEVELS]
    level = np.empty(n, dtype=np.int64)
    level[tier == TIER_CEO] = 0
    level[tier == TIER_VP] = 1
    level[tier == TIER_DIRECTOR] = 2
    level[tier == TIER_MANAGER] = 3 + rng.choice(
        3, (tier == TIER_MANAGER).sum(), p=[0.5, 0.35, 0.15]
    )
    ic = tier == TIER_IC
    level[ic] = 6 + rng.choice(5, ic.sum(), p=vocab.IC_LEVEL_WEIGHTS)
    level[is_hire] = 6 + rng.choice(3, is_hire.sum(), p=[0.45, 0.4, 0.15])

    loc_w = np.array([loc[2] for loc in vocab.LOCATIONS])
    location = rng.choice(len(loc_w), size=n, p=loc_w / loc_w.sum())

    manager = np.full(n, -1, dtype=np.int64)
    vps = np.arange(1, 1 + n_vp)
    manager[vps] = 0
    dirs = np.arange(d0, d0 + n_dir)
    manager[dirs] = vps[org[dirs]]
    mgrs = np.arange(m0, m0 + n_mgr)
    dir_by_org = {o: dirs[org[dirs] == o] for o in range(n_org)}
    manager[mgrs] = _choose_in_group(rng, org[mgrs], dir_by_org)

    # managers leaving during the window (their reports are reassigned)
    n_term = round(n0 * p.annual_termination_rate * years)
    n_mgr_term = min(len(mgrs) // 4, round(n_term * 0.05))
    mgr_term = rng.choice(mgrs, size=n_mgr_term, replace=False) if n_mgr_term else mgrs[:0]
    stable_mgrs = np.setdiff1d(mgrs, mgr_term)
    stable_by_org = {o: stable_mgrs[org[stable_mgrs] == o] for o in range(n_org)}
    for o in range(n_org):  # an org whose managers all leave keeps one
        if not len(stable_by_org[o]):
            keep = mgrs[org[mgrs] == o][:1]
            mgr_term = np.setdiff1d(mgr_term, keep)
            stable_mgrs = np.union1d(stable_mgrs, keep)
            stable_by_org[o] = keep
    all_by_org = {o: mgrs[org[mgrs] == o] for o in range(n_org)}
    ics = np.flatnonzero(ic)
    starting_ics = ics[~is_hire[ics]]
    manager[starting_ics] = _choose_in_group(rng, org[starting_ics], all_by_org)
    hires = np.flatnonzero(is_hire)
    manager[hires] = _choose_in_group(rng, org[hires], stable_by_org)

    # ---- names and identities --------------------------------------------------------
    first = rng.choice(np.array(vocab.FIRST_NAMES, dtype=object), n)
    last = rng.choice(np.array(vocab.LAST_NAMES, dtype=object), n)
    n_email_change = max(1, round(n0 * p.annual_email_change_rate * years))
    changers = rng.choice(np.arange(1, n), size=min(n - 1, n_email_change), replace=False)
    last_final = last.copy()
    new_last = rng.choice(np.array(vocab.LAST_NAMES, dtype=object), len(changers))
    same = new_last == last[changers]
    new_last[same] = np.where(last[changers][same] == "Smith", "Jones", "Smith")
    last_final[changers] = new_last

    base_initial = np.char.add(np.char.add(_slug(first).astype(str), "."), _slug(last).astype(str))
    base_final = np.char.add(
        np.char.add(_slug(first).astype(str), "."), _slug(last_final).astype(str)
    )
    both = _dedupe(np.concatenate([base_initial, base_final[changers]]))
    local_initial = both[:n]
    local_final = local_initial.copy()
    local_final[changers] = both[n:]
    email_initial = np.char.add(local_initial.astype(str), "@" + vocab.DOMAIN).astype(object)
    email_final = np.char.add(local_final.astype(str), "@" + vocab.DOMAIN).astype(object)

    login_base = np.char.add(
        np.array([f[0].lower() for f in first], dtype=str), _slug(last).astype(str)
    )
    login = np.char.add(vocab.NETBIOS + "\\", _dedupe(login_base).astype(str)).astype(object)
    upn_is_login = rng.random(n) < 0.05
    login_upn = np.char.add(
        np.char.lower(np.char.partition(login.astype(str), "\\")[:, 2]), "@" + vocab.DOMAIN
    ).astype(object)
    upn_initial = np.where(upn_is_login, login_upn, email_initial)
    upn_final = np.where(upn_is_login, login_upn, email_final)

    prev = np.full(n, "", dtype=object)
    old = (rng.random(n) < p.old_domain_share) & ~is_hire
    prev[old] = np.char.add(local_initial[old].astype(str), "@" + vocab.OLD_DOMAIN)
    # ambiguous: a previous address that two people once had
    n_amb = max(2, n0 // 2500)
    amb_people = rng.choice(np.flatnonzero(~is_hire & ~old)[1:], size=2 * n_amb, replace=False)
    ambiguous: list[str] = []
    for k in range(n_amb):
        a, b = amb_people[2 * k], amb_people[2 * k + 1]
        address = f"{_slug(first[a : a + 1])[0]}.{_slug(last[a : a + 1])[0]}.x@{vocab.OLD_DOMAIN}"
        prev[a] = address
        prev[b] = address
        ambiguous.append(address)

    employee_ids = np.array([f"E{i:06d}" for i in rng.permutation(n) + 1], dtype=object)
    employee_ids[0] = "E000000"  # the CEO

    # ---- HR events ------------------------------------------------------------------
    hire_day = np.where(is_hire, rng.integers(1, max(2, days - 1), n), -rng.integers(30, 3650, n))
    hire_day[0] = -5000
    term_day = np.full(n, NEVER, dtype=np.int64)
    term_pool = np.setdiff1d(ics, []) if len(ics) else ics
    n_ic_term = min(len(term_pool), max(0, n_term - n_mgr_term))
    ic_term = rng.choice(term_pool, size=n_ic_term, replace=False)
    lo = np.maximum(1, hire_day[ic_term] + 14)
    ok = lo < days - 1
    ic_term = ic_term[ok]
    term_day[ic_term] = rng.integers(lo[ok], days - 1)
    term_day[mgr_term] = rng.integers(max(1, days // 6), max(2, days - 1), len(mgr_term))

    events: list[pd.DataFrame] = []
    ev_cols = ["person", "day", "seq", "manager", "org", "function", "level", "hire", "term", "em"]

    def add(person: np.ndarray, day: np.ndarray, seq: int, **values: np.ndarray) -> None:
        frame = pd.DataFrame({"person": person, "day": day, "seq": seq})
        for col in ev_cols[3:]:
            frame[col] = values.get(col, np.nan)
        events.append(frame)

    everyone = np.arange(n)
    start_row_day = np.where(is_hire, hire_day, 0)
    add(
        everyone,
        start_row_day,
        0,
        manager=manager.astype(float),
        org=org.astype(float),
        function=function.astype(float),
        level=level.astype(float),
        hire=hire_day.astype(float),
        term=np.full(n, -1.0),
        em=np.zeros(n),
    )
    first_end = np.minimum(term_day, days - 1)

    def pick_days(people: np.ndarray, margin: int = 3) -> tuple[np.ndarray, np.ndarray]:
        lo = np.maximum(start_row_day[people] + margin, 1)
        hi = first_end[people] - 1
        ok = hi > lo
        people = people[ok]
        return people, rng.integers(lo[ok], hi[ok] + 1)

    # team / manager changes (ICs move to a manager who stays)
    n_move = round(n0 * p.annual_team_change_rate * years)
    movers, move_day = pick_days(rng.choice(ics, size=min(len(ics), n_move), replace=False))
    same_org = rng.random(len(movers)) < 0.7
    target_org = np.where(same_org, org[movers], rng.choice(n_org, len(movers), p=org_w))
    new_mgr = _choose_in_group(rng, target_org, stable_by_org)
    new_mgr = np.where(new_mgr == manager[movers], stable_mgrs[0], new_mgr)
    new_org = org[new_mgr]
    new_func = function[new_mgr]  # adopt the receiving team's function
    add(
        movers,
        move_day,
        1,
        manager=new_mgr.astype(float),
        org=new_org.astype(float),
        function=new_func.astype(float),
    )
    # promotions
    n_promo = round(n0 * p.annual_promotion_rate * years)
    promo_pool = ics[level[ics] < 10]
    promoted, promo_day = pick_days(
        rng.choice(promo_pool, size=min(len(promo_pool), n_promo), replace=False)
    )
    add(promoted, promo_day, 2, level=(level[promoted] + 1).astype(float))
    # e-mail (name) changes
    changers_ok, change_day = pick_days(np.sort(changers), margin=10)
    email_change_day = np.full(n, NEVER, dtype=np.int64)
    email_change_day[changers_ok] = change_day
    unchanged = np.setdiff1d(changers, changers_ok)
    last_final[unchanged] = last[unchanged]
    email_final[unchanged] = email_initial[unchanged]
    upn_final[unchanged] = upn_initial[unchanged]
    add(changers_ok, change_day, 3, em=np.ones(len(changers_ok)))
    # terminations
    leavers = np.flatnonzero(term_day < days)
    add(leavers, term_day[leavers], 4, term=term_day[leavers].astype(float))
    # rehires (same EmployeeId, new HireDate, new spell)
    rehire_pool = ic_term[term_day[ic_term] <= days - 45]
    n_rehire = round(len(ic_term) * p.rehire_share_of_terminations)
    rehired = np.sort(rng.choice(rehire_pool, size=min(n_rehire, len(rehire_pool)), replace=False))
    rehire_day = term_day[rehired] + rng.integers(30, 121, len(rehired))
    keep = rehire_day <= days - 1
    rehired, rehire_day = rehired[keep], rehire_day[keep]
    back_mgr = _choose_in_group(rng, org[rehired], stable_by_org)
    add(
        rehired,
        rehire_day,
        5,
        manager=back_mgr.astype(float),
        org=org[back_mgr].astype(float),
        function=function[back_mgr].astype(float),
        hire=rehire_day.astype(float),
        term=np.full(len(rehired), -1.0),
    )

    ev = pd.concat(events, ignore_index=True).sort_values(["person", "day", "seq"], kind="stable")
    filled = ev.groupby("person", sort=False)[ev_cols[3:]].ffill()
    ev[ev_cols[3:]] = filled
    # reports of leaving managers move to the leaver's director on the leaving day
    if len(mgr_term):
        state = ev.drop_duplicates(["person", "day"], keep="last")
        extra = []
        for m in np.sort(mgr_term):
            t = term_day[m]
            before = state[state["day"] <= t].drop_duplicates("person", keep="last")
            reports = before.loc[(before["manager"] == m) & (before["term"] < 0), "person"]
            reports = reports.to_numpy()
            reports = reports[first_end[reports] > t]
            if len(reports):
                extra.append((reports, np.full(len(reports), t), manager[m]))
        for reports, day_arr, boss in extra:
            add(reports, day_arr, 6, manager=np.full(len(reports), float(boss)))
        ev = pd.concat(events, ignore_index=True).sort_values(
            ["person", "day", "seq"], kind="stable"
        )
        ev[ev_cols[3:]] = ev.groupby("person", sort=False)[ev_cols[3:]].ffill()
    ev = ev.drop_duplicates(["person", "day"], keep="last").reset_index(drop=True)
    for col in ev_cols[3:]:
        ev[col] = ev[col].astype(np.int64)
    # a row after termination and before rehire only exists as the termination row
    hris = ev.rename(columns={"day": "eff_day"}).drop(columns=["seq"])
    hris["level_name"] = np.array(level_names, dtype=object)[hris["level"].to_numpy()]

    # ---- spells ---------------------------------------------------------------------
    sp1 = pd.DataFrame(
        {"person": everyone, "start": np.maximum(start_row_day, 0), "end": first_end}
    )
    sp2 = pd.DataFrame(
        {"person": rehired, "start": rehire_day, "end": np.full(len(rehired), days - 1)}
    )
    spells = pd.concat([sp1, sp2], ignore_index=True).sort_values(["person", "start"])
    spells = spells[spells["end"] >= spells["start"]].reset_index(drop=True)

    # ---- contractors and other unknown people ----------------------------------------
    n_con = max(3, n0 // 200)
    c_first = rng.choice(np.array(vocab.FIRST_NAMES, dtype=object), n_con)
    c_last = rng.choice(np.array(vocab.LAST_NAMES, dtype=object), n_con)
    c_local = _dedupe(
        np.char.add(np.char.add(_slug(c_first).astype(str), "."), _slug(c_last).astype(str))
    )
    contractors = pd.DataFrame(
        {
            "first": c_first,
            "last": c_last,
            "email": np.char.add(c_local.astype(str), "@partner.example").astype(object),
            "login": np.char.add(
                vocab.NETBIOS + "\\ext-", _dedupe(_slug(c_last)).astype(str)
            ).astype(object),
            "user_id": np.array([f"C{i:05d}" for i in range(1, n_con + 1)], dtype=object),
        }
    )

    return Workforce(
        n_days=days,
        employee_id=employee_ids,
        first=first,
        last_initial=last,
        last_final=last_final,
        email_initial=email_initial,
        email_final=email_final,
        email_change_day=email_change_day,
        upn_initial=upn_initial,
        upn_final=upn_final,
        login=login,
        prev_emails_start=prev,
        tier=tier,
        location=location,
        hris=hris,
        spells=spells,
        contractors=contractors,
        ambiguous_emails=ambiguous,
    )
