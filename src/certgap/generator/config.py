"""Command-line arguments and planted parameters of the generator."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from certgap.paths import project_dir

BAD_ROW_KINDS = (
    "malformed_json",
    "malformed_csv",
    "missing_required_field",
    "invalid_timestamp",
    "invalid_number",
)

SOURCES = (
    "lrs",
    "coursera",
    "udemy",
    "linkedin_learning",
    "degreed",
    "open_badges",
    "credly",
    "hris",
    "m365_copilot",
    "ai_activity",
    "okta",
    "proxy",
    "identity_crosswalk",
    "ai_seats",
)


@dataclass(frozen=True)
class Planted:
    """Effects and rates the simulation plants; all copied into truth.json."""

    # Training effect: added weekly-active probability on a program's target tools in
    # week 1 after completion; it falls linearly by ``weekly_decay`` per week (floor 0).
    training_effect: float = 0.28
    weekly_decay: float = 0.021
    # Added weekly-active probability (constant after completion) when the completer's
    # manager at the time of training was activated.
    manager_activation_effect: float = 0.07
    # Share of enrolled managers who take the reinforcement module first (activated).
    manager_activated_share: float = 0.45
    # Added weekly-active probability per week since the window start, untrained drift.
    untrained_weekly_drift: float = 0.0006
    # Per-program completion target is drawn uniformly from this range.
    completion_rate_low: float = 0.79
    completion_rate_high: float = 0.84
    # Share of people who never use any AI tool.
    non_user_share: float = 0.38
    # Share of completers who revert to consumer AI (sanctioned use stops).
    reverter_share: float = 0.06
    # Share of starting staff with an M365 Copilot licence.
    m365_licence_share: float = 0.30
    # Share of licensed users whose tenant export conceals names (32-hex hashes).
    m365_concealed_share: float = 0.03
    # Share of M365 report rows restated in the next download.
    m365_restatement_share: float = 0.004
    # Share of daily-file rows written to the next day's file (late files).
    late_share: float = 0.01
    # Annual HR rates (scaled by the window length).
    annual_hire_rate: float = 0.12
    annual_termination_rate: float = 0.10
    rehire_share_of_terminations: float = 0.15
    annual_team_change_rate: float = 0.10
    annual_email_change_rate: float = 0.02
    annual_promotion_rate: float = 0.08
    old_domain_share: float = 0.10
    # Proxy coverage of true active days per tool group.
    proxy_coverage_m365: float = 0.6
    proxy_coverage_console_tools: float = 0.9
    okta_sso_share: float = 0.75
    # Seats of per-seat tools (ai_tool_licences): a share of seat holders never use
    # the tool (idle from the start); a share of seats is unassigned at the start of
    # a month mid-window (use stops there); a share of exported seats shows only
    # the GitHub login (no e-mail: unmatchable, audited).
    seat_idle_from_start_share: float = 0.12
    seat_unassigned_share: float = 0.10
    seat_login_only_share: float = 0.03

    def as_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Config:
    """What the user asked for on the command line."""

    out: Path
    employees: int
    days: int
    seed: int
    start_date: dt.date = dt.date(2026, 1, 5)
    bad_rows: float = 0.0
    prompt_canary: str | None = None
    quiet: bool = False
    repo: Path = field(default_factory=project_dir)
    planted: Planted = field(default_factory=Planted)

    @property
    def end_date(self) -> dt.date:
        return self.start_date + dt.timedelta(days=self.days - 1)

    def cli_dict(self) -> dict[str, object]:
        return {
            "out": str(self.out),
            "employees": self.employees,
            "days": self.days,
            "seed": self.seed,
            "start_date": self.start_date.isoformat(),
            "bad_rows": self.bad_rows,
            "prompt_canary": self.prompt_canary,
            "quiet": self.quiet,
        }


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
    if not 0.0 <= value <= 0.2:
        raise argparse.ArgumentTypeError(f"--bad-rows must be within 0..0.2, got {value}")
    return value


def _positive(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from exc
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _canary(text: str) -> str:
    if not text or any(c in text for c in '\t\r\n"'):
        raise argparse.ArgumentTypeError(
            "--prompt-canary must be non-empty and contain no tab, newline or double quote"
        )
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="certgap generate",
        description=(
            "Write synthetic raw exports of the simulated company Acme in the shapes of "
            "shared/SOURCES.md (thirteen source folders) and an identity crosswalk, plus "
            "truth.json and _truth/ side files with the planted and realised values. "
            "Same arguments give byte-identical output."
        ),
    )
    parser.add_argument(
        "--out", required=True, type=Path, help="output directory (created if missing)"
    )
    parser.add_argument(
        "--employees",
        required=True,
        type=_positive(50),
        help="headcount on the first day of the window (at least 50)",
    )
    parser.add_argument(
        "--days",
        required=True,
        type=_positive(14),
        help="length of the simulated window in days (at least 14)",
    )
    parser.add_argument(
        "--seed", required=True, type=int, help="random seed; fixes every random choice"
    )
    parser.add_argument(
        "--start-date",
        type=_date,
        default=dt.date(2026, 1, 5),
        help="first day of the window, YYYY-MM-DD (default 2026-01-05, a Monday)",
    )
    parser.add_argument(
        "--bad-rows",
        type=_rate,
        default=0.0,
        metavar="RATE",
        help=(
            "share of data rows per source replaced by a broken version (malformed_json, "
            "malformed_csv, missing_required_field, invalid_timestamp, invalid_number); "
            "each is listed in _truth/bad_rows.csv (default 0)"
        ),
    )
    parser.add_argument(
        "--prompt-canary",
        type=_canary,
        default=None,
        metavar="TEXT",
        help=(
            "text embedded in every non-empty proxy prompt, to prove prompts never reach a "
            "model (default: none)"
        ),
    )
    parser.add_argument(
        "--quiet", action="store_true", help="do not print progress lines on stderr"
    )
    return parser


def parse_args(argv: list[str] | None = None) -> Config:
    args = build_parser().parse_args(argv)
    return Config(
        out=args.out,
        employees=args.employees,
        days=args.days,
        seed=args.seed,
        start_date=args.start_date,
        bad_rows=args.bad_rows,
        prompt_canary=args.prompt_canary,
        quiet=args.quiet,
    )
