"""Benchmark certgap: wall time and peak memory of a full and an incremental build.

One run measures four steps, each in a child process of its own (its wall time,
and its peak resident memory from os.wait4, children included):

  full         `certgap publish` (what `make build` runs) into a fresh
               DB file, from the sample with each event source's newest file
               held back (okta, proxy, lrs, m365_copilot, ai_activity);
  floor        DuckDB reads every raw file of that same input once, parsed, and
               nothing else (certgap bench-floor): no tool can do less;
  pandas       the peer: WAU@90 per program cohort from that same input with
               pandas, e-mail as the only key (certgap bench-pandas-peer);
  incremental  the held-back files are added and certgap publish runs again on
               the same published DB file: the next day's build, as a user runs it.

It prints a table (wall s, peak RSS GB, ratios full/floor, incremental/full,
pandas/full) and appends it, with the machine, the command, the commit and the
full build's slowest models (target/run_results.json), to bench/results.md.
The sample is generated into --raw-dir first if it holds no truth.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from certgap.generator.config import SOURCES  # the generator writes these folders
from certgap.paths import project_dir

REPO = project_dir()
# each step is `python -m certgap COMMAND` in a child process of its own
CERTGAP = (sys.executable, "-m", "certgap")
STEPS = ("full", "floor", "pandas", "incremental")
# One file per day; "adding one day" = each of these folders' newest file.
EVENT_SOURCES = ("okta", "proxy", "lrs", "m365_copilot", "ai_activity")
# publish_build.py's stderr line for the copy of the published database
COPY_LINE = re.compile(r"copied the published database .* in ([0-9.]+) s")
CONCURRENCY_LINE = re.compile(r"Concurrency: ([0-9]+) threads")
# Issue #16's targets (set for 100,000 x 365; also asked at 10,000 x 365).
TARGETS = "full <= 10 x floor, incremental <= 10 % of full, peak RSS <= 8 GB, faster than pandas"


class BenchError(Exception):
    """The benchmark cannot run; the message says why and where."""


@dataclass
class Measured:
    step: str
    wall_s: float
    peak_rss_gb: float
    log: Path
    details: dict[str, object] = field(default_factory=dict)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="certgap bench",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--employees", type=int, required=True, help="sample headcount")
    parser.add_argument("--days", type=int, required=True, help="sample length in days")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument(
        "--raw-dir",
        type=Path,
        help="the sample; generated here if it has no truth.json "
        "(default bench/raw/e<EMPLOYEES>_d<DAYS>); only read, never written, if it exists",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="builds, logs and the held-back copy of the input (links) "
        "(default target/bench/e<EMPLOYEES>_d<DAYS>; emptied first)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=REPO / "bench" / "results.md",
        help="Markdown file the run is appended to (default %(default)s)",
    )
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="comma-separated subset of %(default)s (incremental needs full)",
    )
    args = parser.parse_args(argv)
    name = f"e{args.employees}_d{args.days}"
    args.raw_dir = (args.raw_dir or REPO / "bench" / "raw" / name).resolve()
    args.work_dir = (args.work_dir or REPO / "target" / "bench" / name).resolve()
    args.steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = sorted(set(args.steps) - set(STEPS))
    if unknown:
        parser.error(f"unknown steps {unknown}; choose from {', '.join(STEPS)}")
    if "incremental" in args.steps and "full" not in args.steps:
        parser.error("the incremental step builds on the full step's DB: add full")
    return args


def progress(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:8.1f}s] {message}", file=sys.stderr, flush=True)


def run_measured(step: str, command: list[str], log: Path, env: dict[str, str]) -> Measured:
    """Run one step as a child process: wall time and its own peak RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-15:])
        raise BenchError(f"step {step} failed (exit {child.returncode}); see {log}:\n{tail}")
    # ru_maxrss is in KiB on Linux: the largest of the child and its descendants.
    return Measured(step, wall, usage.ru_maxrss * 1024 / 1e9, log)


def ensure_sample(args: argparse.Namespace, started: float) -> None:
    if (args.raw_dir / "truth.json").exists():
        progress(f"sample {args.raw_dir} exists", started)
    else:
        if args.raw_dir.exists() and any(args.raw_dir.iterdir()):
            raise BenchError(
                f"{args.raw_dir} holds files but no truth.json: not a finished sample; "
                "remove it or pass another --raw-dir"
            )
        progress(f"generating {args.employees:,} x {args.days} into {args.raw_dir} ...", started)
        command = [
            *CERTGAP,
            "generate",
            "--out",
            str(args.raw_dir),
            "--employees",
            str(args.employees),
            "--days",
            str(args.days),
            "--seed",
            str(args.seed),
            "--quiet",
        ]
        generated = run_measured("generate", command, args.work_dir / "generate.log", child_env())
        progress(f"generated in {generated.wall_s:.1f} s", started)
    missing = [s for s in SOURCES if not (args.raw_dir / s).is_dir()]
    if missing:
        raise BenchError(f"{args.raw_dir} has no folder for {', '.join(missing)}")


def link_input(raw_dir: Path, input_dir: Path) -> list[Path]:
    """Mirror raw_dir as symlinks, minus each event source's newest file.

    Returns the held-back files' links-to-be (added later by add_held_back).
    """
    if input_dir.exists():
        shutil.rmtree(input_dir)
    held_back = []
    for source in SOURCES:
        files = sorted(p for p in (raw_dir / source).iterdir() if p.is_file())
        if not files:
            raise BenchError(f"{raw_dir / source} holds no files")
        if source in EVENT_SOURCES:
            if len(files) < 2:
                raise BenchError(f"{raw_dir / source} needs two days of files to hold one back")
            held_back.append(files.pop())
        (input_dir / source).mkdir(parents=True)
        for path in files:
            (input_dir / source / path.name).symlink_to(path)
    return held_back


def add_held_back(held_back: list[Path], input_dir: Path) -> None:
    for path in held_back:
        (input_dir / path.parent.name / path.name).symlink_to(path)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(REPO / "profiles")
    env.update(extra)
    return env


def build_step(step: str, args: argparse.Namespace, db: Path, target: Path) -> Measured:
    command = [
        *CERTGAP,
        "publish",
        "--db",
        str(db),
        "--",
        "--target-path",
        str(target),
    ]
    env = child_env(
        CERTGAP_RAW_DIR=str(args.work_dir / "input"),
        CERTGAP_DB=str(db),
        DBT_LOG_PATH=str(args.work_dir / "logs"),
    )
    return run_measured(step, command, args.work_dir / f"{step}.log", env)


def build_profile(run_results: Path, log: Path, count: int = 10) -> dict[str, object]:
    """Where a build's time goes: seconds per node type, the slowest models, and from
    the build's log dbt's thread count and certgap publish's copy of the database."""
    results = json.loads(run_results.read_text())["results"]
    by_type: dict[str, list[float]] = {}
    for result in results:
        kind = result["unique_id"].split(".", 1)[0]
        by_type.setdefault(kind, []).append(result.get("execution_time") or 0)
    models = [r for r in results if r["unique_id"].startswith("model.")]
    models.sort(key=lambda r: r.get("execution_time") or 0, reverse=True)
    profile: dict[str, object] = {
        "by_type": {kind: (len(times), sum(times)) for kind, times in sorted(by_type.items())},
        "slowest_models": [
            (r["unique_id"].split(".", 2)[-1], round(r.get("execution_time") or 0, 1))
            for r in models[:count]
        ],
    }
    text = log.read_text() if log.exists() else ""
    if threads := CONCURRENCY_LINE.search(text):
        profile["dbt_threads"] = int(threads.group(1))
    if copied := COPY_LINE.search(text):
        profile["copy_s"] = float(copied.group(1))
    return profile


def compare_with_mart(db: Path, peer_csv: Path) -> dict[str, object]:
    """The peer's WAU@90 next to the mart's, cohort by cohort (expected to differ)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.sql(
            f"""
            with peer as (
                select program_id, cast(cohort_month as date) as cohort_month,
                       wau_90_rate, wau_90_eligible_count
                from read_csv('{peer_csv}', header = true)
            ),
            mart as (
                select program_id, cohort_month, wau_90_rate, wau_90_eligible_count
                from marts.mart_program_adoption
            )
            select
                count(*) filter (where mart.wau_90_rate is not null),
                count(*) filter (where peer.wau_90_rate is not null),
                count(*) filter (
                    where mart.wau_90_rate is not null and peer.wau_90_rate is not null
                ),
                avg(abs(peer.wau_90_rate - mart.wau_90_rate)),
                sum(mart.wau_90_eligible_count),
                sum(peer.wau_90_eligible_count)
            from mart
            full join peer using (program_id, cohort_month)
            """
        ).fetchall()[0]
    finally:
        con.close()
    keys = (
        "mart_cohorts_with_wau90",
        "peer_cohorts_with_wau90",
        "cohorts_in_both",
        "mean_abs_wau90_difference",
        "mart_wau90_eligible",
        "peer_wau90_eligible",
    )
    return dict(zip(keys, row, strict=True))


def machine() -> dict[str, object]:
    meminfo = Path("/proc/meminfo").read_text().split("\n")
    total_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    return {"cores": os.cpu_count(), "memory_gb": round(total_kib * 1024 / 1e9, 1)}


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" (uncommitted changes)" if dirty else "")


def ratio(numerator: Measured | None, denominator: Measured | None) -> float | None:
    if numerator is None or denominator is None or denominator.wall_s == 0:
        return None
    return numerator.wall_s / denominator.wall_s


def table(measured: dict[str, Measured]) -> list[str]:
    ratios = {
        "full": ("full/floor", ratio(measured.get("full"), measured.get("floor"))),
        "incremental": (
            "incremental/full",
            ratio(measured.get("incremental"), measured.get("full")),
        ),
        "pandas": ("pandas/full", ratio(measured.get("pandas"), measured.get("full"))),
    }
    lines = [
        "| step | wall s | peak RSS GB | ratio |",
        "|---|---:|---:|---|",
    ]
    for step in STEPS:
        if step not in measured:
            continue
        m = measured[step]
        label, value = ratios.get(step, ("", None))
        shown = f"{label} = {value:.2f}" if value is not None else ""
        lines.append(f"| {step} | {m.wall_s:.1f} | {m.peak_rss_gb:.2f} | {shown} |")
    return lines


def target_checks(measured: dict[str, Measured]) -> list[str]:
    """Where each target stands for this run (the targets are set at 100,000 x 365)."""
    checks = []
    full_floor = ratio(measured.get("full"), measured.get("floor"))
    if full_floor is not None:
        checks.append(("full build <= 10 x floor", f"{full_floor:.2f} x", full_floor <= 10))
    incr_full = ratio(measured.get("incremental"), measured.get("full"))
    if incr_full is not None:
        checks.append(("incremental <= 10 % of full", f"{incr_full:.1%}", incr_full <= 0.10))
    builds = [measured[s] for s in ("full", "incremental") if s in measured]
    if builds:
        peak = max(m.peak_rss_gb for m in builds)
        checks.append(("peak RSS of a build <= 8 GB", f"{peak:.2f} GB", peak <= 8))
    pandas_full = ratio(measured.get("pandas"), measured.get("full"))
    if pandas_full is not None:
        checks.append(("faster than pandas", f"pandas/full {pandas_full:.2f}", pandas_full > 1))
    if not checks:
        return ["- none measurable without the full build"]
    return [f"- {name}: {value} — {'met' if ok else 'MISSED'}" for name, value, ok in checks]


def report(
    args: argparse.Namespace,
    measured: dict[str, Measured],
    command: str,
    load: tuple[float, float],
) -> str:
    host = machine()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {args.employees:,} employees x {args.days} days — {now}",
        "",
        f"- command: `{command}`",
        f"- commit: `{git_commit()}`",
        f"- machine: {host['cores']} cores, {host['memory_gb']} GB RAM; "
        f"load average {load[0]:.1f} at start, {load[1]:.1f} at end (shared machine)",
        f"- input: `{args.raw_dir}`; every step but incremental reads it minus each event "
        f"source's newest file ({', '.join(EVENT_SOURCES)}); incremental adds those files",
        "- builds: `certgap publish --db <work>/certgap.duckdb` (what `make build` "
        "runs), profile settings (DuckDB memory_limit "
        f"{os.environ.get('CERTGAP_DUCKDB_MEMORY', '6GB')}, "
        f"threads {os.environ.get('CERTGAP_DUCKDB_THREADS', '2')})",
        "",
        *table(measured),
        "",
        f"Targets (set for 100,000 x 365: {TARGETS}):",
        "",
        *target_checks(measured),
    ]
    if "floor" in measured:
        lines += [
            "",
            "Floor per source (records, s): "
            + ", ".join(
                f"{f['source']} {f['records']:,} {f['seconds']}"
                for f in measured["floor"].details["sources"]
            ),
        ]
    if "pandas" in measured:
        peer = measured["pandas"].details
        lines += [
            "",
            f"Pandas peer: {peer['cohort_rows']} program x cohort rows, "
            f"{peer['completers']:,} completers, WAU@90 {peer['wau_90_active']:,} of "
            f"{peer['wau_90_eligible']:,} eligible; {peer['activity_days']:,} active "
            f"person-tool-days; last observed day {peer['last_observed_day']}.",
        ]
        if "mart" in peer:
            mart = peer["mart"]
            diff = mart["mean_abs_wau90_difference"]
            lines.append(
                f"Against `marts.mart_program_adoption` of the full build: "
                f"{mart['cohorts_in_both']} cohorts with a WAU@90 in both (mart "
                f"{mart['mart_cohorts_with_wau90']}, peer {mart['peer_cohorts_with_wau90']}), "
                f"mean |peer - mart| WAU@90 "
                f"{'n/a' if diff is None else f'{diff:.3f}'}; eligible completers mart "
                f"{mart['mart_wau90_eligible']}, peer {mart['peer_wau90_eligible']} "
                "(e-mail alone joins fewer people)."
            )
    for step in ("full", "incremental"):
        if step not in measured:
            continue
        profile = measured[step].details
        per_type = ", ".join(
            f"{kind} {n} nodes {seconds:.0f} s" for kind, (n, seconds) in profile["by_type"].items()
        )
        copy = (
            f" Before dbt, certgap publish copied the published database in "
            f"{profile['copy_s']:.0f} s."
            if "copy_s" in profile
            else ""
        )
        lines += [
            "",
            f"{step.capitalize()} build profile (its target/run_results.json; node times "
            f"overlap on {profile.get('dbt_threads', 'the profile')} dbt threads): "
            f"{per_type}.{copy} Slowest models:",
            "",
            "| model | s |",
            "|---|---:|",
            *(f"| {name} | {seconds} |" for name, seconds in profile["slowest_models"]),
        ]
    return "\n".join(lines) + "\n"


def append_results(path: Path, section: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(
            "# certgap benchmark results\n\n"
            "Appended by `make bench` (`certgap bench`); see its `--help` for what each "
            "step measures.\n"
        )
    with path.open("a") as out:
        out.write("\n" + section)


def bench(args: argparse.Namespace, command: str) -> dict[str, Measured]:
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    args.work_dir.mkdir(parents=True, exist_ok=True)
    ensure_sample(args, started)
    for stale in ("input", "target", "logs", "certgap.duckdb", ".building"):
        path = args.work_dir / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    input_dir = args.work_dir / "input"
    held_back = link_input(args.raw_dir, input_dir)
    progress(f"input {input_dir}: the sample minus {', '.join(p.name for p in held_back)}", started)
    db = args.work_dir / "certgap.duckdb"
    target = args.work_dir / "target"
    measured: dict[str, Measured] = {}

    if "full" in args.steps:
        progress(f"full build into {db} (log {args.work_dir / 'full.log'}) ...", started)
        full = build_step("full", args, db, target)
        # the incremental build writes its own run_results.json to the same target
        run_results = args.work_dir / "run_results_full.json"
        shutil.copy(target / "run_results.json", run_results)
        full.details = build_profile(run_results, full.log)
        measured["full"] = full
        progress(f"full build: {full.wall_s:.1f} s, {full.peak_rss_gb:.2f} GB", started)

    if "floor" in args.steps:
        progress("floor: DuckDB reads every file once ...", started)
        out_json = args.work_dir / "floor.json"
        command_floor = [
            *CERTGAP,
            "bench-floor",
            "--raw-dir",
            str(input_dir),
            "--out-json",
            str(out_json),
        ]
        floor = run_measured("floor", command_floor, args.work_dir / "floor.log", child_env())
        floor.details["sources"] = json.loads(out_json.read_text())
        measured["floor"] = floor
        progress(f"floor: {floor.wall_s:.1f} s, {floor.peak_rss_gb:.2f} GB", started)

    if "pandas" in args.steps:
        progress("pandas peer: WAU@90 per program cohort ...", started)
        out_json, out_csv = args.work_dir / "pandas.json", args.work_dir / "pandas_wau90.csv"
        command_peer = [
            *CERTGAP,
            "bench-pandas-peer",
            "--raw-dir",
            str(input_dir),
            "--out-csv",
            str(out_csv),
            "--out-json",
            str(out_json),
        ]
        peer = run_measured("pandas", command_peer, args.work_dir / "pandas.log", child_env())
        peer.details = json.loads(out_json.read_text())
        if db.exists():
            peer.details["mart"] = compare_with_mart(db, out_csv)
        measured["pandas"] = peer
        progress(
            f"pandas peer: {peer.wall_s:.1f} s, {peer.peak_rss_gb:.2f} GB, "
            f"{peer.details['cohort_rows']} cohort rows",
            started,
        )

    if "incremental" in args.steps:
        add_held_back(held_back, input_dir)
        progress(f"incremental build on {db}, one more day ...", started)
        incremental = build_step("incremental", args, db, target)
        incremental.details = build_profile(target / "run_results.json", incremental.log)
        measured["incremental"] = incremental
        progress(
            f"incremental build: {incremental.wall_s:.1f} s, {incremental.peak_rss_gb:.2f} GB",
            started,
        )

    section = report(args, measured, command, (load_start, os.getloadavg()[0]))
    append_results(args.results, section)
    print("\n" + section)
    progress(f"appended to {args.results}", started)
    return measured


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raw_argv = sys.argv[1:] if argv is None else argv
    command = shlex.join(["certgap", "bench", *raw_argv])
    try:
        bench(args, command)
    except BenchError as error:
        print(f"certgap bench: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
