"""Runs the generator stages in order, with a progress line per stage."""

from __future__ import annotations

import json
import shutil

import duckdb
import numpy as np
import pandas as pd

from . import config, learning, org, render, seats, seeds, truth, usage
from .identity import IdentityAudit
from .progress import Progress
from .sources import (
    ai_activity,
    ai_seats,
    coursera,
    credentials,
    degreed,
    hris,
    identity_crosswalk,
    linkedin_learning,
    lrs,
    m365_copilot,
    okta,
    proxy,
)
from .sources.common import Context, register_people
from .writers import Writer


def _shadow_share(ctx: Context, frames: list[pd.DataFrame]) -> float:
    """Shadow-AI person-weeks / employed person-weeks (Monday weeks)."""
    shadow = pd.concat(frames, ignore_index=True).drop_duplicates() if frames else pd.DataFrame()
    emp = ctx.wf.employed_matrix()
    w0 = ctx.cfg.start_date.weekday()
    n_weeks = (ctx.cfg.days + w0 + 6) // 7
    padded = np.zeros((ctx.wf.n, n_weeks * 7), dtype=bool)
    padded[:, w0 : w0 + ctx.cfg.days] = emp
    employed_weeks = int(padded.reshape(ctx.wf.n, n_weeks, 7).any(axis=2).sum())
    return round(len(shadow) / employed_weeks, 6) if employed_weeks else 0.0


def run(cfg: config.Config) -> dict:
    progress = Progress(cfg.quiet)
    out = cfg.out
    for source in config.SOURCES:
        if (out / source).exists():
            shutil.rmtree(out / source)
    if (out / "_truth").exists():
        shutil.rmtree(out / "_truth")
    out.mkdir(parents=True, exist_ok=True)
    sd = seeds.load(cfg.repo)
    progress.stage(f"seeds read from {cfg.repo / 'seeds'}")
    wf = org.build(cfg)
    progress.stage(f"workforce: {wf.n} people, {len(wf.hris)} HR rows")
    learn = learning.build(cfg, sd, wf)
    progress.stage(f"learning: {len(learn.records)} enrollment records")
    use = usage.build(cfg, sd, wf, learn)
    seat_plan = seats.build(cfg, sd, wf, use)
    progress.stage(f"usage: {len(use.activity)} true person-tool-days")

    con = duckdb.connect()
    con.sql("set threads = 2")
    render.setup(con)
    writer = Writer(out)
    ctx = Context(cfg, sd, wf, learn, use, con, writer, IdentityAudit(), progress, seat_plan)
    register_people(ctx)
    steps = [
        ("hris", hris.write),
        ("lrs", lrs.write),
        ("coursera", coursera.write_coursera),
        ("udemy", coursera.write_udemy),
        ("linkedin_learning", linkedin_learning.write),
        ("degreed", degreed.write),
        ("open_badges", credentials.write_open_badges),
        ("credly", credentials.write_credly),
        ("m365_copilot", m365_copilot.write),
        ("ai_activity", ai_activity.write),
        ("ai_seats", ai_seats.write),
        ("okta", okta.write),
        ("identity_crosswalk", identity_crosswalk.write),
    ]
    for name, fn in steps:
        fn(ctx)
        progress.stage(f"{name}: {writer.rows[name]} rows")
    shadow_frames = proxy.write(ctx)
    progress.stage(f"proxy: {writer.rows['proxy']} rows")

    # ---- truth -------------------------------------------------------------------------
    identities, id_summary = ctx.identity.resolve(
        con, wf, [s for s in config.SOURCES if s != "hris"]
    )
    bad = writer.bad_rows().to_pandas()
    bad = bad.sort_values(["source", "file", "line"]).reset_index(drop=True)
    writer.write_bytes("_truth/bad_rows.csv", bad.to_csv(index=False, lineterminator="\n").encode())
    writer.write_bytes(
        "_truth/identities.csv",
        identities.to_csv(index=False, lineterminator="\n").encode(),
    )
    comp = learn.enrollments.copy()
    comp["employee_id"] = wf.employee_id[comp["person"].to_numpy()]
    comp["program_id"] = [learn.programs[i].program_id for i in comp["program"]]
    start = np.datetime64(cfg.start_date.isoformat())
    comp["enrolled_date"] = np.datetime_as_string(
        start + comp["enroll_day"].to_numpy().astype("timedelta64[D]"), unit="D"
    )
    done = comp["complete_day"].to_numpy() >= 0
    comp["completed_date"] = np.where(
        done,
        np.datetime_as_string(
            start + np.maximum(comp["complete_day"].to_numpy(), 0).astype("timedelta64[D]"),
            unit="D",
        ),
        "",
    )
    comp["manager_activated"] = comp["activated"].map({True: "true", False: "false"})
    comp = comp.sort_values(["program_id", "employee_id"])
    writer.write_bytes(
        "_truth/enrollments.csv",
        comp[["employee_id", "program_id", "enrolled_date", "completed_date", "manager_activated"]]
        .to_csv(index=False, lineterminator="\n")
        .encode(),
    )

    truth.setup(con, sd, wf, learn, use)
    programs = truth.program_metrics(con, learn, cfg.days)
    act_rate, not_rate = truth.manager_rates(con, learn, cfg.days)
    bad_counts: dict[str, dict[str, int]] = {s: {} for s in config.SOURCES}
    for (source, kind), n in bad.groupby(["source", "kind"]).size().items():
        bad_counts[source][kind] = int(n)
    result = {
        "parameters": {
            **cfg.cli_dict(),
            **cfg.planted.as_dict(),
            "completion_targets": learn.completion_targets,
            "planted_reverters": len(use.reverters),
            "activated_managers": len(learn.activated_managers),
        },
        "window": {"start_date": cfg.start_date.isoformat(), "end_date": cfg.end_date.isoformat()},
        "programs": programs,
        "training_effect": {
            "planted": cfg.planted.training_effect,
            "realised_did": truth.did(con, wf, learn, cfg.days),
        },
        "manager_activation_effect": {
            "planted": cfg.planted.manager_activation_effect,
            "wau_90_rate_activated": act_rate,
            "wau_90_rate_not_activated": not_rate,
        },
        "weekly_decay": {
            "planted": cfg.planted.weekly_decay,
            "realised_slope": truth.decay_slope(con, learn, cfg.days),
        },
        "shadow_ai": {
            "share_person_weeks": _shadow_share(ctx, shadow_frames),
            "reverted_people": truth.reverted_people(con, sd, learn, use, cfg.days),
        },
        "seats": seats.truth(cfg, sd, wf, use, seat_plan),
        "usage_depth": seats.depth_truth(cfg, sd, use),
        "identity": id_summary,
        "bad_rows": bad_counts,
        "rows": {s: int(writer.rows.get(s, 0)) for s in config.SOURCES},
        "calibration": truth.calibration(wf, use, cfg.start_date.weekday(), cfg.days),
    }
    writer.write_bytes(
        "truth.json", (json.dumps(result, indent=2, sort_keys=False) + "\n").encode()
    )
    writer.close()
    progress.stage(f"truth written; {len(writer.files)} files under {out}")
    return result
