"""The report, opened in a real browser (Debian's headless chromium via selenium).

Builds reports/certification_gap.html from the shared sample build, loads it in
chromium and checks: no console errors, every chart drawn with as many marks as
the marts have values, and every headline number equal to what the marts say
(queried here independently of the report's own SQL where the marts allow).
A screenshot goes to target/report.png. Without chromium the tests fail (run
`make browser`), they never skip.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from certgap_testkit import REPO, Build
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from certgap.report import cli as build_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = REPO / "target" / "report.png"
MIN_GROUP_SIZE = 5
CHARTS = ("gap", "curve", "effect", "managers", "shadow", "platforms", "freshness", "seats")


@pytest.fixture(scope="module")
def report(built_sample: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "certification_gap.html"
    code = build_report.main(
        [
            "--db",
            str(built_sample.db_path),
            "--out",
            str(out),
            "--quiet",
            "--min-group-size",
            str(MIN_GROUP_SIZE),
        ]
    )
    assert code == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: run `make browser` (installs Debian's "
            "chromium and chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1000,1200",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(report: Path, browser: WebDriver) -> WebDriver:
    browser.get(report.as_uri())
    return browser


def test_report_is_self_contained(report: Path) -> None:
    """Nothing is fetched from elsewhere: it must open offline."""
    html = report.read_text(encoding="utf-8")
    for reference in ("http://", "https://", "<script src", "<link", "@import", "url("):
        assert reference not in html, f"{report} refers to an outside resource: {reference}"


def test_no_console_errors_and_screenshot(page: WebDriver) -> None:
    errors = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], f"console errors: {errors}"
    height = page.execute_script("return document.documentElement.scrollHeight")
    page.set_window_size(1000, height + 100)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert page.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000, "the screenshot is (nearly) empty"


def rendered(page: WebDriver) -> dict[str, dict[str, Any]]:
    """Per chart: its SVG's size, its number of marks, and how many have a size."""
    return page.execute_script(
        """
        const out = {};
        for (const svg of document.querySelectorAll('svg[data-chart]')) {
          const box = svg.getBoundingClientRect();
          const marks = [...svg.querySelectorAll('.mark')];
          out[svg.dataset.chart] = {
            width: box.width, height: box.height, marks: marks.length,
            drawn: marks.filter(m => { const b = m.getBoundingClientRect();
                                       return b.width > 0 && b.height > 0; }).length,
            title: svg.querySelector('title') ? svg.querySelector('title').textContent : ''
          };
        }
        return out;
        """
    )


def expected_marks(build: Build) -> dict[str, int]:
    """How many values each chart must plot, counted from the marts."""
    cycle = headline_cycle(build)
    gap = build.scalar(
        f"""
        select sum((p.has_enrollment_data and a.enrolled > 0)::int + (a.eligible > 0)::int)
        from (select program_id, sum(enrolled_count) as enrolled,
                     sum(wau_90_eligible_count) as eligible
              from marts.mart_program_adoption where cycle_start_date = '{cycle}'
              group by program_id) as a
        join marts.dim_programs as p using (program_id)
        where not p.is_manager_reinforcement
        """
    )
    curve = build.scalar(
        f"""
        select count(*) from (
            select weeks_since_completion from marts.mart_adoption_curve
            where program_id in (select program_id from marts.dim_programs
                                 where not is_manager_reinforcement)
            group by 1 having sum(eligible_count) >= {MIN_GROUP_SIZE})
        """
    )
    effect = build.scalar(
        """
        select 1 + count(*) from marts.mart_training_effect
        where effect is not null and cycle_start_date = (
            select max(cycle_start_date) from marts.mart_executive_scorecard
            where training_effect is not null)
        """
    )
    managers = build.scalar(
        f"""
        select count(completion_rate) + count(wau_90_rate) from marts.mart_manager_activation
        where cycle_start_date = '{cycle}'
        """
    )
    shadow = build.scalar(
        """
        select count(t) + count(u) + count(r) from (
            select week_start_date,
                sum(trained_shadow_ai_people) filter (not is_training_split_suppressed) as t,
                sum(untrained_shadow_ai_people) filter (not is_training_split_suppressed) as u,
                sum(reverted_people) filter (not is_training_split_suppressed) as r
            from marts.mart_shadow_ai where is_fully_observed group by 1)
        """
    )
    platforms = build.scalar(
        """
        select count(*) filter (completions > 0) + count(*) filter (adopters > 0)
        from (select platform, sum(completion_count) as completions,
                     sum(adopter_count) as adopters
              from marts.mart_platform_portfolio group by 1)
        """
    )
    freshness = build.scalar(
        "select count(*) + count(newest_tool_release_date) from marts.mart_content_freshness"
    )
    seats = build.scalar(
        """
        select count(cost) + count(idle) from (
            select tool_id, sum(seat_cost_usd) as cost, sum(idle_cost_usd) as idle
            from marts.mart_seat_utilization group by 1)
        """
    )
    return {
        "seats": seats,
        "gap": gap,
        "curve": curve,
        "effect": effect,
        "managers": managers,
        "shadow": shadow,
        "platforms": platforms,
        "freshness": freshness,
    }


def test_every_chart_rendered_with_its_marks(page: WebDriver, built_sample: Build) -> None:
    charts = rendered(page)
    assert sorted(charts) == sorted(CHARTS)
    expected = expected_marks(built_sample)
    for name, chart in charts.items():
        assert chart["width"] > 300 and chart["height"] > 100, f"{name} has no size: {chart}"
        assert chart["title"], f"{name} has no <title> for screen readers"
        assert chart["marks"] == expected[name], (
            f"{name}: {chart['marks']} marks, the marts have {expected[name]} values"
        )
        # A 0 % bar is legitimately zero-wide; most marks must still be visible.
        assert chart["drawn"] >= chart["marks"] / 2, f"{name}: only {chart['drawn']} drawn"


def headline_values(page: WebDriver) -> dict[str, tuple[str, str]]:
    """{name: (raw value, text shown)} of every headline number on the page."""
    pairs = page.execute_script(
        "return [...document.querySelectorAll('[data-value]')]"
        ".map(e => [e.dataset.value, e.dataset.raw, e.textContent]);"
    )
    values = {name: (raw, text) for name, raw, text in pairs}
    assert len(values) == len(pairs), "a headline number name is used twice"
    return values


def headline_cycle(build: Build) -> str:
    return str(
        build.scalar(
            """
            select cycle_start_date from marts.mart_executive_scorecard
            where wau_90_eligible_count > 0
            order by is_wau_90_fully_observed desc, cycle_start_date desc limit 1
            """
        )
    )


def truth(build: Build) -> dict[str, Any]:
    """The headline numbers, recomputed from the marts' counts."""
    cycle = headline_cycle(build)
    regular = (
        "program_id in (select program_id from marts.dim_programs "
        "where not is_manager_reinforcement)"
    )
    enrolled, completers, measured, active = build.query(
        f"""
        select sum(a.enrolled_count) filter (p.has_enrollment_data),
               sum(a.completer_count) filter (p.has_enrollment_data),
               sum(a.wau_90_eligible_count), sum(a.wau_90_active_count)
        from marts.mart_program_adoption as a join marts.dim_programs as p using (program_id)
        where a.cycle_start_date = '{cycle}' and not p.is_manager_reinforcement
        """
    )[0]
    effect = build.query(
        """
        select training_effect, training_effect_ci_low, training_effect_ci_high
        from marts.mart_executive_scorecard where training_effect is not null
        order by cycle_start_date desc limit 1
        """
    )[0]
    cost, completions, eligible, adopters, platforms, with_outcome = build.query(
        """
        select sum(cycle_cost_usd), sum(completion_count), sum(wau_90_eligible_count),
               sum(adopter_count), count(distinct platform),
               count(distinct platform) filter (has_outcome_data_clause)
        from marts.mart_platform_portfolio
        """
    )[0]
    late, stale, programs = build.query(
        "select count(*) filter (is_older_than_tool_release), count(*) filter (is_stale), "
        "count(*) from marts.mart_content_freshness"
    )[0]
    managers_first, managers = build.query(
        f"""
        select count(distinct manager_person_key) filter (activated_before_team),
               count(distinct manager_person_key)
        from marts.mart_manager_accountability where cycle_start_date = '{cycle}'
        """
    )[0]
    suppressed = build.scalar(
        f"select count(*) from marts.mart_manager_accountability "
        f"where cycle_start_date = '{cycle}' and is_suppressed"
    )
    peak = build.query(
        f"""
        select weeks_since_completion, sum(active_count) / sum(eligible_count) as rate
        from marts.mart_adoption_curve where {regular}
        group by 1 having sum(eligible_count) >= {MIN_GROUP_SIZE}
        order by rate desc, 1 limit 1
        """
    )[0]
    held, idle, idle_cost, months, t_idle, t_held, u_idle, u_held = build.query(
        """
        select sum(seats_held) filter (not is_suppressed), sum(idle_seats),
               sum(idle_cost_usd), count(distinct month_start_date),
               sum(trained_idle_seats) filter (not is_training_split_suppressed),
               sum(trained_seats) filter (not is_training_split_suppressed),
               sum(untrained_idle_seats) filter (not is_training_split_suppressed),
               sum(untrained_seats) filter (not is_training_split_suppressed)
        from marts.mart_seat_utilization
        """
    )[0]
    cost_per_completion = cost / completions
    return {
        "seat_month_count": months,
        "idle_seat_rate": idle / held,
        "idle_cost_usd": idle_cost,
        "idle_cost_usd_per_month": idle_cost / months,
        "trained_idle_seat_rate": t_idle / t_held,
        "untrained_idle_seat_rate": u_idle / u_held,
        "cycle": cycle,
        "completion_rate": completers / enrolled,
        "wau_90_rate": active / measured,
        "certification_gap": completers / enrolled - active / measured,
        "effect": effect[0],
        "ci_low": effect[1],
        "ci_high": effect[2],
        "cost_per_completion_usd": cost_per_completion,
        "cost_per_adopter_usd": cost_per_completion / (adopters / eligible),
        "platform_count": platforms,
        "outcome_data_platform_count": with_outcome,
        "older_than_release_count": late,
        "stale_count": stale,
        "program_count": programs,
        "activated_manager_share": managers_first / managers,
        "suppressed_team_count": suppressed,
        "peak_week": peak[0],
        "peak_rate": peak[1],
    }


def test_headline_numbers_match_the_marts(page: WebDriver, built_sample: Build) -> None:
    shown = headline_values(page)
    for name, expected in truth(built_sample).items():
        assert name in shown, f"headline number {name} is not on the page"
        raw, text = shown[name]
        if isinstance(expected, float):
            assert math.isclose(float(raw), expected, rel_tol=1e-9, abs_tol=1e-12), (
                f"{name}: page {raw}, marts {expected}"
            )
        else:
            assert raw == str(expected), f"{name}: page {raw}, marts {expected}"
        assert text.strip(), f"{name} is shown empty"


def test_shown_text_agrees_with_the_raw_value(page: WebDriver) -> None:
    """What the reader sees is the raw value, rounded: no stale or mangled text."""
    for name, (raw, text) in headline_values(page).items():
        if text.endswith("\u00a0%"):
            assert text == f"{float(raw) * 100:.0f}\u00a0%", f"{name}: {text} vs {raw}"
        elif text.endswith("\u00a0points"):
            assert text.lstrip("+") == f"{float(raw) * 100:.0f}\u00a0points", f"{name}: {text}"
        elif text.startswith("$"):
            assert text == f"${float(raw):,.0f}", f"{name}: {text} vs {raw}"


def test_manager_table_shows_only_unsuppressed_teams(page: WebDriver, built_sample: Build) -> None:
    cycle = headline_cycle(built_sample)
    shown, suppressed = built_sample.query(
        f"""
        select count(*) filter (not is_suppressed), count(*) filter (is_suppressed)
        from marts.mart_manager_accountability where cycle_start_date = '{cycle}'
        """
    )[0]
    rows = page.execute_script(
        "return document.querySelectorAll('[data-table=managers] tbody tr').length"
    )
    assert rows == shown, f"{rows} teams in the table, {shown} not suppressed in the marts"
    assert suppressed > 0, "the sample should have small teams to suppress"
