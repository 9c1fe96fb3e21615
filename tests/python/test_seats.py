"""mart_seat_utilization recovers the seats the generator planted (truth.json "seats"),
and mart_usage_depth the depth of use (truth.json "usage_depth").

Per tool, over the months wholly inside the observation window (the first and last
month are cut: the window starts and ends a few days apart from the generator's), the
share of seat-months that are idle is within binomial tolerance of the truth: three
standard errors of a share at the measured number of seat-months, plus half a point.
The mart sees fewer seats than were planted (hashed Copilot UPNs, GitHub logins
without an e-mail, ~3 % each, match nobody) but which ones is unrelated to use, so
the share is unbiased; seats of a suppressed pool are left out of both counts.

The top decile's share of the 12 weeks' active days, company-wide, is within 2
points of the truth for every tool with at least `min_users` users in those weeks:
the mart loses the same few unresolved identities, and with fewer users one lost
heavy user moves the share by more than that.
"""

from __future__ import annotations

import json
import math

from certgap_testkit import Build


def measured_idle_shares(build: Build) -> dict[str, tuple[int, int, list[str]]]:
    rows = build.query(
        """
        with months as (
            select min(month_start_date) as first_month, max(month_start_date) as last_month
            from marts.mart_seat_utilization
        )
        select
            tool_id,
            sum(seats_held),
            sum(idle_seats),
            list(distinct strftime(month_start_date, '%Y-%m') order by 1)
        from marts.mart_seat_utilization
        cross join months
        where
            not is_suppressed
            and month_start_date > months.first_month
            and month_start_date < months.last_month
        group by tool_id
        """
    )
    return {tool: (held, idle, months) for tool, held, idle, months in rows}


def assert_idle_share_recovers_truth(build: Build, truth: dict) -> None:
    measured = measured_idle_shares(build)
    assert set(measured) == set(truth["seats"]), "every priced tool has seats"
    for tool, (held, idle, months) in measured.items():
        planted = truth["seats"][tool]["months"]
        true_held = sum(planted[m]["seats_held"] for m in months)
        true_idle = sum(planted[m]["idle_seats"] for m in months)
        p = true_idle / true_held
        tolerance = 3 * math.sqrt(p * (1 - p) / held) + 0.005
        assert abs(idle / held - p) <= tolerance, (tool, idle / held, p, tolerance)
        # and most planted seats are seen (identities resolve for ~95 %)
        assert 0.9 * true_held <= held <= true_held, (tool, held, true_held)


def assert_top_decile_share_recovers_truth(build: Build, truth: dict, min_users: int) -> None:
    depth = truth["usage_depth"]
    rows = dict(
        build.query(
            "select tool_id, top_decile_active_day_share from marts.mart_usage_depth "
            "where is_all_organizations and week_start_date = "
            f"date '{depth['last_week_start_date']}'"
        )
    )
    checked = 0
    for tool, expected in depth["tools"].items():
        if expected["users_12_weeks"] < min_users:
            continue
        checked += 1
        got = rows[tool]
        assert got is not None and abs(got - expected["top_decile_active_day_share"]) <= 0.02, (
            tool,
            got,
            expected,
        )
    assert checked >= 2


def test_top_decile_share_recovers_truth(built_sample: Build, sample_raw_dir) -> None:
    truth = json.loads((sample_raw_dir / "truth.json").read_text())
    assert_top_decile_share_recovers_truth(built_sample, truth, min_users=100)


def test_idle_share_per_tool_recovers_truth(built_sample: Build, sample_raw_dir) -> None:
    truth = json.loads((sample_raw_dir / "truth.json").read_text())
    assert_idle_share_recovers_truth(built_sample, truth)


def test_planted_idle_and_unassigned_seats_are_in_truth(sample_raw_dir) -> None:
    seats = json.loads((sample_raw_dir / "truth.json").read_text())["seats"]
    assert sum(t["planted_idle_from_start"] for t in seats.values()) > 0
    assert sum(t["planted_unassigned"] for t in seats.values()) > 0


def test_idle_cost_adds_up_to_the_priced_seat_days(built_sample: Build) -> None:
    """In tool-months with nothing suppressed, the mart's idle cost is every idle
    seat's price for its held days (int_seat_months), so pooling loses nothing."""
    rows = built_sample.query(
        """
        with shown as (
            select tool_id, month_start_date, sum(idle_cost_usd) as idle_cost_usd
            from marts.mart_seat_utilization
            group by 1, 2
            having not bool_or(is_suppressed)
        ),

        seat_months as (
            select
                tool_id,
                month_start_date,
                sum(case when is_idle then seat_cost_usd else 0 end) as idle_cost_usd
            from intermediate.int_seat_months
            group by 1, 2
        )

        select shown.idle_cost_usd, seat_months.idle_cost_usd
        from shown
        inner join seat_months using (tool_id, month_start_date)
        """
    )
    assert len(rows) >= 20
    for mart, recomputed in rows:
        assert abs(mart - recomputed) < 0.01
