"""Training: program waves, enrollments, completions, manager activation, credentials.

Each program of the ``programs`` seed runs staggered waves (regular programs from day
min(28, D/4) on, so the 28-day baseline before enrollment lies inside the window).
People employed on a wave day are assigned with the program's audience share; each
program has its own completion target in [completion_rate_low, completion_rate_high]
and exactly round(target x enrolled) people complete (among those whose completion day
falls inside the window and inside their employment).

Programs with a course id on a second platform (e.g. copilot_foundations on LinkedIn
Learning) are also taken there: some enrollees take both, a few only the second.
The truth keeps one enrollment (earliest) and one completion (earliest) per person and
program, whatever the platform.

The manager-reinforcement program is taken by managers. ``manager_activated_share`` of
them take it right at the start of the window (before any report can complete regular
training), the others in a late wave or never. A manager is *activated* when their
reinforcement completion is strictly before the first training completion of any of
their reports (report = person whose manager on their completion day is that manager).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import Config
from .org import TIER_DIRECTOR, TIER_MANAGER, Workforce
from .rng import stream
from .seeds import Program, Seeds

AUDIENCE_SHARE = {
    "copilot_foundations": 0.22,
    "ai_manager_reinforcement": 0.80,
    "responsible_ai": 0.12,
    "prompt_engineering": 0.05,
    "genai_for_everyone": 0.10,
    "github_copilot_pairing": 0.30,
    "chatgpt_at_work": 0.07,
    "copilot_first_look": 0.07,
    "claude_for_business": 0.04,
    "azure_ai_fundamentals": 0.04,
    "glean_search_skills": 0.05,
    "github_copilot_cert": 0.12,
}
DEFAULT_SHARE = 0.06
CODING_TOOLS = {"github_copilot", "cursor_business"}


@dataclass
class Learning:
    programs: list[Program]
    # one row per (person, program, platform) enrollment record
    records: pd.DataFrame  # person, program, platform, enroll_day, complete_day (-1)
    # one row per (person, program): the truth view
    enrollments: pd.DataFrame  # person, program, enroll_day, complete_day, manager, activated
    credentials: pd.DataFrame  # person, program, name, day, channel, assessed
    completion_targets: dict[str, float]
    activated_managers: np.ndarray  # person indices


def _spell_end(wf: Workforce, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Last employed day of the spell containing ``day`` (-1 if not employed)."""
    sp = wf.spells
    key = sp["person"].to_numpy(np.int64) * 100_000 + sp["start"].to_numpy()
    idx = np.searchsorted(key, person.astype(np.int64) * 100_000 + day, side="right") - 1
    idx = np.clip(idx, 0, None)
    ok = (sp["person"].to_numpy()[idx] == person) & (sp["end"].to_numpy()[idx] >= day)
    return np.where(ok, sp["end"].to_numpy()[idx], -1)


def build(cfg: Config, seeds: Seeds, wf: Workforce) -> Learning:
    rng = stream(cfg.seed, "learning")
    p = cfg.planted
    days = cfg.days
    first_wave = min(28, days // 4)
    last_wave = max(first_wave, int(days * 0.55))
    emp = wf.employed_matrix()
    init_state = wf.state_index(np.arange(wf.n), np.zeros(wf.n, dtype=np.int64))
    function0 = wf.hris["function"].to_numpy()[init_state]
    from . import vocab

    engineering = function0 == vocab.FUNCTIONS.index("Engineering")
    is_manager = np.isin(wf.tier, [TIER_MANAGER, TIER_DIRECTOR])

    recs: list[pd.DataFrame] = []
    targets: dict[str, float] = {}
    for pi, prog in enumerate(seeds.programs):
        target = float(rng.uniform(p.completion_rate_low, p.completion_rate_high))
        targets[prog.program_id] = round(target, 4)
        share = AUDIENCE_SHARE.get(prog.program_id, DEFAULT_SHARE)
        tools = set(seeds.program_tools.get(prog.program_id, []))
        if prog.is_manager_reinforcement:
            pool = np.flatnonzero(is_manager & emp[:, 0])
            chosen = pool[rng.random(len(pool)) < share]
            act = rng.random(len(chosen)) < p.manager_activated_share
            enroll = np.where(
                act,
                rng.integers(0, max(1, min(5, first_wave // 3)), len(chosen)),
                rng.integers(int(days * 0.3), max(int(days * 0.3) + 1, last_wave + 1), len(chosen)),
            )
            delay = np.where(
                act,
                rng.integers(1, max(2, first_wave // 2), len(chosen)),
                1 + np.round(rng.gamma(2.0, 7.0, len(chosen))).astype(np.int64),
            )
            person, planned_first = chosen, act
        else:
            n_waves = 3 if last_wave - first_wave >= 21 else 1
            offset = int(rng.integers(0, 7))
            waves = np.linspace(first_wave, last_wave, n_waves).astype(np.int64) + offset
            waves = np.clip(waves, 0, days - 1)
            mask = engineering if tools & CODING_TOOLS else np.ones(wf.n, dtype=bool)
            taken = np.zeros(wf.n, dtype=bool)
            persons, enrolls = [], []
            for w in waves:
                pool = np.flatnonzero(mask & emp[:, w] & ~taken)
                pick = pool[rng.random(len(pool)) < share / n_waves]
                taken[pick] = True
                persons.append(pick)
                enrolls.append(np.minimum(w + rng.integers(0, 7, len(pick)), days - 1))
            person = np.concatenate(persons)
            enroll = np.concatenate(enrolls)
            delay = 1 + np.round(rng.gamma(2.0, 7.0, len(person))).astype(np.int64)
            planned_first = np.zeros(len(person), dtype=bool)
        end = _spell_end(wf, person, enroll)
        ok = end >= 0
        person, enroll, delay, end, planned_first = (
            person[ok],
            enroll[ok],
            delay[ok],
            end[ok],
            planned_first[ok],
        )
        complete = enroll + np.minimum(delay, 60)
        able = complete <= np.minimum(end, days - 1)
        n_target = round(target * len(person))
        complete_flag = np.zeros(len(person), dtype=bool)
        first_pick = np.flatnonzero(able & planned_first)[:n_target]
        complete_flag[first_pick] = True
        others = np.flatnonzero(able & ~planned_first)
        need = max(0, n_target - len(first_pick))
        if need and len(others):
            complete_flag[rng.choice(others, size=min(need, len(others)), replace=False)] = True
        complete_day = np.where(complete_flag, complete, -1)

        # platforms: primary, and for a second course id, some take both or only that one
        platforms = prog.platforms
        plat_main = np.zeros(len(person), dtype=np.int64)
        both = np.zeros(len(person), dtype=bool)
        if len(platforms) > 1:
            u = rng.random(len(person))
            both = u < 0.12
            plat_main = np.where((u >= 0.12) & (u < 0.17), 1, 0)
        recs.append(
            pd.DataFrame(
                {
                    "person": person,
                    "program": pi,
                    "platform": np.array(platforms, dtype=object)[plat_main],
                    "enroll_day": enroll,
                    "complete_day": complete_day,
                }
            )
        )
        if both.any():
            bp = np.flatnonzero(both)
            e2 = np.minimum(enroll[bp] + rng.integers(0, 10, len(bp)), end[bp])
            c2 = np.where(
                (complete_day[bp] >= 0) & (rng.random(len(bp)) < 0.5),
                np.maximum(complete_day[bp] + rng.integers(-4, 15, len(bp)), e2 + 1),
                -1,
            )
            c2 = np.where(c2 > np.minimum(end[bp], days - 1), -1, c2)
            recs.append(
                pd.DataFrame(
                    {
                        "person": person[bp],
                        "program": pi,
                        "platform": platforms[1],
                        "enroll_day": e2,
                        "complete_day": c2,
                    }
                )
            )
    records = pd.concat(recs, ignore_index=True)
    records = records.sort_values(["program", "person", "platform"], kind="stable")
    records = records.reset_index(drop=True)

    comp = records["complete_day"].where(records["complete_day"] >= 0)
    enr = (
        records.assign(c=comp)
        .groupby(["person", "program"], as_index=False)
        .agg(enroll_day=("enroll_day", "min"), complete_day=("c", "min"))
    )
    enr["complete_day"] = enr["complete_day"].fillna(-1).astype(np.int64)

    # manager at the completion day, and activation
    done = enr["complete_day"] >= 0
    st = wf.state_index(enr["person"].to_numpy(), np.maximum(enr["complete_day"].to_numpy(), 0))
    enr["manager"] = np.where(done, wf.hris["manager"].to_numpy()[st], -1)
    reinf = [i for i, pr in enumerate(seeds.programs) if pr.is_manager_reinforcement]
    mgr_done = enr[enr["program"].isin(reinf) & done].groupby("person")["complete_day"].min()
    regular = enr[~enr["program"].isin(reinf) & done & (enr["manager"] >= 0)]
    first_report = regular.groupby("manager")["complete_day"].min()
    both_idx = first_report.index.intersection(mgr_done.index)
    activated = both_idx[mgr_done.loc[both_idx].to_numpy() < first_report.loc[both_idx].to_numpy()]
    activated = np.sort(activated.to_numpy())
    enr["activated"] = done & np.isin(enr["manager"], activated) & ~enr["program"].isin(reinf)

    credentials = _credentials(rng, seeds, enr, days)
    return Learning(
        programs=seeds.programs,
        records=records,
        enrollments=enr.sort_values(["program", "person"]).reset_index(drop=True),
        credentials=credentials,
        completion_targets=targets,
        activated_managers=activated,
    )


def _credentials(
    rng: np.random.Generator, seeds: Seeds, enr: pd.DataFrame, days: int
) -> pd.DataFrame:
    """Credentials for completers of programs with a credential name.

    Assessment-backed programs outside the internal LMS issue vendor certifications
    through Credly; the others issue Open Badges (with evidence when assessed).
    """
    frames = []
    for pi, prog in enumerate(seeds.programs):
        if not prog.credential_name:
            continue
        done = enr[(enr["program"] == pi) & (enr["complete_day"] >= 0)]
        share = 0.7 if prog.is_assessment_backed else 0.85
        got = done[rng.random(len(done)) < share]
        day = got["complete_day"].to_numpy() + rng.integers(0, 8, len(got))
        keep = day <= days - 1
        channel = "credly" if prog.is_assessment_backed and prog.platform != "xapi" else "badge"
        frames.append(
            pd.DataFrame(
                {
                    "person": got["person"].to_numpy()[keep],
                    "program": pi,
                    "name": prog.credential_name,
                    "day": day[keep],
                    "channel": channel,
                    "assessed": prog.is_assessment_backed,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["person", "program", "name", "day", "channel", "assessed"])
    return pd.concat(frames, ignore_index=True)
