"""The report page: a headline sentence per question, its chart, its numbers.

Each headline number is written as ``<b data-value="NAME" data-raw="…">``:
the exact value from the marts next to its formatted text, so the browser
test can compare what the reader sees with the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from certgap.report import charts, data, gap_cost
from certgap.report.fmt import MISSING, day, esc, p_value, pct, points, quarter, times, usd

WAU_TARGET = 0.40  # DESIGN.md: the target is WAU@90 >= 40 %
Row = dict[str, Any]


def value(name: str, raw: Any, text: str) -> str:
    """A headline number, machine-readable for tests and tools."""
    raw_text = "" if raw is None else (raw.isoformat() if hasattr(raw, "isoformat") else raw)
    return f'<b data-value="{esc(name)}" data-raw="{esc(raw_text)}">{esc(text)}</b>'


def v_pct(name: str, raw: float | None) -> str:
    return value(name, raw, pct(raw))


def v_points(name: str, raw: float | None) -> str:
    return value(name, raw, points(raw))


def v_text(name: str, raw: Any) -> str:
    return value(name, raw, str(raw))


@dataclass
class Section:
    key: str
    question: str
    headline: str
    figure: str = ""
    note: str = ""
    table: str = ""
    extra: list[str] = field(default_factory=list)

    def html(self) -> str:
        parts = [
            f'<section id="{self.key}" data-section="{self.key}">',
            f"<h2>{esc(self.question)}</h2>",
            f'<p class="headline" data-headline="{self.key}">{self.headline}</p>',
        ]
        if self.figure:
            parts.append(f"<figure>{self.figure}")
            if self.note:
                parts.append(f"<figcaption>{self.note}</figcaption>")
            parts.append("</figure>")
        parts.extend(self.extra)
        if self.table:
            parts.append(f"<details><summary>The numbers</summary>{self.table}</details>")
        parts.append("</section>")
        return "\n".join(parts)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def gap_section(cycle: Row, programs: list[Row]) -> Section:
    gap = cycle["certification_gap"]
    wau = cycle["wau_90_rate"]
    shortfall = WAU_TARGET - wau
    verdict = (
        f"The {pct(WAU_TARGET)} target is met."
        if cycle["meets_wau_target"]
        else f"That is {v_points('target_shortfall', shortfall)} short of the "
        f"{pct(WAU_TARGET)} target."
    )
    if cycle["completion_rate"] is None:
        opening = f"In {quarter(cycle['cycle_start_date'])}, completion could not be measured, and"
    else:
        opening = (
            f"In {value('cycle', cycle['cycle_start_date'], quarter(cycle['cycle_start_date']))}, "
            f"{v_pct('completion_rate', cycle['completion_rate'])}"
            " of the people enrolled completed their AI training, but"
        )
    headline = (
        f"{opening} only {v_pct('wau_90_rate', wau)} of completers were still using "
        "the tools they were trained on 90 days later: a certification gap of "
        f"{v_points('certification_gap', gap)}. {verdict}"
    )
    names = [row["program_name"] for row in programs]
    series = [
        charts.Series(
            "Completion rate", [r["completion_rate"] for r in programs], charts.SERIES_COLOURS[0]
        ),
        charts.Series(
            "Weekly active 90 days later (WAU@90)",
            [r["wau_90_rate"] for r in programs],
            charts.SERIES_COLOURS[1],
        ),
    ]
    target = charts.Reference(WAU_TARGET, f"target {pct(WAU_TARGET)}")
    figure = charts.legend(series, [target]) + charts.bar_chart(
        "gap",
        f"Completion and WAU@90 per program, {quarter(cycle['cycle_start_date'])}",
        "For each program, the share of enrolled people who completed next to the share of "
        "completers active on a target tool in days 84 to 90 after completing.",
        names,
        series,
        pct,
        references=[target],
        domain_max=1.0,
    )
    rows = [
        [
            r["program_name"],
            f"{r['enrolled_count']:,}",
            f"{r['completer_count']:,}",
            pct(r["completion_rate"]),
            f"{r['wau_90_eligible_count']:,}",
            pct(r["wau_90_rate"]),
        ]
        for r in programs
    ]
    return Section(
        "gap",
        "1. Did the people we trained use the AI tools 90 days later?",
        headline,
        figure,
        note=(
            f"Cycle {quarter(cycle['cycle_start_date'])}, regular programs (the manager module "
            "is in section 4). WAU@90 counts completers whose day 90 has been observed. "
            "Degreed exports completions only, so its programs have no completion rate."
        ),
        table=table(
            ["Program", "Enrolled", "Completed", "Completion", "Measured at day 90", "WAU@90"],
            rows,
            "Completion and WAU@90 per program",
        ),
    )


def curve_section(curve: list[Row]) -> Section:
    if not curve:
        return Section(
            "curve",
            "2. Did they keep using them?",
            "No week after training has enough completers measured yet.",
        )
    peak = max(curve, key=lambda r: (r["active_rate"], -r["weeks_since_completion"]))
    at_90 = [r for r in curve if r["weeks_since_completion"] == 12]  # days 84..90
    end = at_90[0] if at_90 else curve[-1]
    baseline = curve[0]["baseline_wau_rate"]
    headline = (
        "Use peaks at "
        f"{v_pct('peak_rate', peak['active_rate'])} of completers in "
        f"week {v_text('peak_week', peak['weeks_since_completion'])}"
        " after training, then fades: by week "
        f"{v_text('end_week', end['weeks_since_completion'])}"
        f" it is {v_pct('end_rate', end['active_rate'])}"
        + (
            f", against {v_pct('baseline_rate', baseline)} in the four weeks before they enrolled."
            if baseline is not None
            else "."
        )
    )
    weeks = [float(r["weeks_since_completion"]) for r in curve]
    series = [
        charts.Series(
            "Weekly active share of completers",
            [r["active_rate"] for r in curve],
            charts.SERIES_COLOURS[1],
        )
    ]
    refs = []
    if baseline is not None:
        refs.append(charts.Reference(baseline, f"before training {pct(baseline)}", charts.MUTED))
    refs.append(charts.Reference(WAU_TARGET, f"target {pct(WAU_TARGET)}"))
    figure = charts.legend(series, refs) + charts.line_chart(
        "curve",
        "Adoption decay: weekly active share by weeks since completion",
        "Share of completers active on a target tool in each week after completing, all "
        "regular programs pooled.",
        weeks,
        lambda w: f"week {w:.0f}",
        series,
        pct,
        references=refs,
    )
    rows = [
        [
            str(r["weeks_since_completion"]),
            f"{r['eligible_count']:,}",
            f"{r['active_count']:,}",
            pct(r["active_rate"]),
        ]
        for r in curve
    ]
    return Section(
        "curve",
        "2. Did they keep using them?",
        headline,
        figure,
        note="Week 0 is the week of completion; week 12 is days 84 to 90 (WAU@90). Later weeks "
        "have fewer completers measured, so they move more.",
        table=table(
            ["Week after completion", "Completers measured", "Active", "Active share"],
            rows,
            "Adoption curve",
        ),
    )


def effect_section(pooled: Row | None, per_program: list[Row]) -> Section:
    question = "3. Did training make a difference? (question 6)"
    if pooled is None:
        return Section(
            "effect",
            question,
            "There are not yet enough trained and untrained people observed before "
            "and after training to estimate the effect.",
        )
    significant = (
        "The difference is statistically significant."
        if pooled["is_significant"]
        else "The difference could be chance: it is not statistically significant."
    )
    headline = (
        f"In {quarter(pooled['cycle_start_date'])}, the share of weeks in which trained "
        "people used their tools rose "
        f"{v_points('effect', pooled['effect'])} more than for "
        "untrained colleagues of the same organisation and level (95 % interval "
        f"{v_points('ci_low', pooled['ci_low'])} to "
        f"{v_points('ci_high', pooled['ci_high'])}, "
        f"{value('p_value', pooled['p_value'], p_value(pooled['p_value']))}). {significant}"
    )
    estimates = [
        charts.Estimate(
            "All programs", pooled["effect"], pooled["ci_low"], pooled["ci_high"], emphasis=True
        )
    ] + [
        charts.Estimate(r["program_name"], r["effect"], r["ci_low"], r["ci_high"])
        for r in per_program
    ]
    figure = charts.forest_plot(
        "effect",
        f"Training effect with 95 % intervals, {quarter(pooled['cycle_start_date'])}",
        "Difference-in-differences of the weekly active share, trained against untrained "
        "peers, for all programs and per program, with 95 % confidence intervals.",
        estimates,
        lambda v: points(v, signed=True).replace("\u00a0points", ""),
    )
    rows = [
        [
            "All programs",
            points(pooled["effect"], 1),
            points(pooled["ci_low"], 1),
            points(pooled["ci_high"], 1),
            p_value(pooled["p_value"]),
            f"{pooled['treated_count']:,}",
            MISSING,
        ]
    ] + [
        [
            r["program_name"],
            points(r["effect"], 1),
            points(r["ci_low"], 1),
            points(r["ci_high"], 1),
            p_value(r["p_value"]),
            f"{r['treated_count']:,}",
            f"{r['control_count']:,}",
        ]
        for r in per_program
    ]
    return Section(
        "effect",
        question,
        headline,
        figure,
        note="Difference-in-differences: the change in weekly active share from the 4 weeks "
        "before to weeks 1 to 12 after completion, trained minus untrained peers. A bar crossing "
        "zero means no detectable effect; programs without a bar had too few people for an "
        "interval.",
        table=table(
            ["Scope", "Effect", "95 % low", "95 % high", "p-value", "Trained", "Untrained peers"],
            rows,
            "Training effect",
        ),
    )


def manager_section(
    groups: list[Row], teams: list[Row], suppressed: int, min_group_size: int
) -> Section:
    question = "4. Were managers trained first, and did it help their teams? (question 3)"
    by_group = {row["activated_before_team"]: row for row in groups}
    first, other = by_group.get(True), by_group.get(False)
    if first is None or other is None:
        headline = "Not every group of managers has teams in this cycle; nothing to compare."
    else:
        diff = first["wau_90_rate_vs_others"]
        share = value(
            "activated_manager_share", first["manager_share"], pct(first["manager_share"])
        )
        if first["wau_90_rate"] is None or other["wau_90_rate"] is None:
            comparison = (
                "Their teams' WAU@90 is suppressed: fewer than "
                f"{min_group_size} people measured on one side."
            )
        else:
            comparison = (
                "Their teams reached "
                f"{v_pct('activated_team_wau_90_rate', first['wau_90_rate'])}"
                " weekly active use at 90 days, against "
                f"{v_pct('other_team_wau_90_rate', other['wau_90_rate'])}"
                " for the other teams ("
                f"{value('wau_90_difference', diff, points(diff, signed=True))})."
            )
        headline = (
            f"{share} of managers completed the manager reinforcement module before their "
            f"team's training. {comparison}"
        )
    categories = ["Managers trained first", "Other managers"]
    ordered = [first, other]
    series = [
        charts.Series(
            "Team completion rate",
            [g["completion_rate"] if g else None for g in ordered],
            charts.SERIES_COLOURS[0],
        ),
        charts.Series(
            "Team WAU@90",
            [g["wau_90_rate"] if g else None for g in ordered],
            charts.SERIES_COLOURS[1],
        ),
    ]
    target = charts.Reference(WAU_TARGET, f"target {pct(WAU_TARGET)}")
    figure = charts.legend(series, [target]) + charts.bar_chart(
        "managers",
        "Team adoption: managers trained first against the others",
        "Completion rate and WAU@90 of teams whose manager completed the reinforcement "
        "module before the team's training, next to the other teams.",
        categories,
        series,
        pct,
        references=[target],
        domain_max=1.0,
    )
    rows = [
        [
            t["manager_person_key"][:10],
            t["organization"] or MISSING,
            "yes" if t["activated_before_team"] else "no",
            f"{t['team_size']:,}",
            pct(t["completion_rate"]),
            f"< {min_group_size} measured" if t["is_wau_suppressed"] else pct(t["wau_90_rate"]),
        ]
        for t in teams
    ]
    team_table = table(
        [
            "Manager (pseudonym)",
            "Organisation",
            "Trained first",
            "Team size",
            "Completion",
            "WAU@90",
        ],
        rows,
        f"Teams of the cycle, best WAU@90 first; {suppressed} teams with fewer than "
        f"{min_group_size} people are not shown.",
    )
    extra = [
        f'<p class="small" data-value="suppressed_team_count" data-raw="{suppressed}">'
        f"{len(teams)} teams shown; {suppressed} teams with fewer than {min_group_size} "
        "people are suppressed so that no one's use can be singled out.</p>",
        # Open by default: the table is one of the report's answers, not a fallback.
        f'<details open data-table="managers"><summary>Manager table ({len(teams)} teams)'
        f"</summary>{team_table}</details>",
    ]
    return Section(
        "managers",
        question,
        headline,
        figure,
        note="Managers are shown by a pseudonymous key; names stay in the restricted schema.",
        extra=extra,
    )


def shadow_section(trend: list[Row], organizations: list[Row]) -> Section:
    question = "5. Where do trained people use consumer AI instead? (question 4)"
    measured = [r for r in trend if r["trained_shadow_ai_rate"] is not None]
    if not measured:
        return Section(
            "shadow",
            question,
            "No fully observed week has enough trained and untrained people to compare.",
        )
    last = measured[-1]
    headline = (
        f"In the week of {value('week', last['week_start_date'], day(last['week_start_date']))}, "
        f"{v_pct('trained_shadow_ai_rate', last['trained_shadow_ai_rate'])}"
        " of trained people used a consumer AI tool that is not sanctioned, against "
        f"{v_pct('untrained_shadow_ai_rate', last['untrained_shadow_ai_rate'])}"
        " of untrained people; "
        f"{v_pct('reverted_rate', last['reverted_rate'])}"
        " of trained people had stopped using the sanctioned tools while still using consumer "
        "ones."
    )
    if organizations:
        top = organizations[0]
        headline += (
            " It is highest in "
            f"{value('top_organization', top['organization'], top['organization'])} ("
            f"{v_pct('top_organization_rate', top['trained_shadow_ai_rate'])}"
            " of trained person-weeks)."
        )
    xs = [float(r["week_start_date"].toordinal()) for r in trend]
    series = [
        charts.Series(
            "Trained people", [r["trained_shadow_ai_rate"] for r in trend], charts.SERIES_COLOURS[2]
        ),
        charts.Series(
            "Untrained people",
            [r["untrained_shadow_ai_rate"] for r in trend],
            charts.SERIES_COLOURS[0],
        ),
        charts.Series(
            "Trained, reverted to consumer AI",
            [r["reverted_rate"] for r in trend],
            charts.SERIES_COLOURS[3],
        ),
    ]
    figure = charts.legend(series) + charts.line_chart(
        "shadow",
        "Shadow-AI share per week, trained against untrained people",
        "Weekly share of people with traffic to an unsanctioned consumer AI host.",
        xs,
        lambda x: dt.date.fromordinal(int(x)).strftime("%d %b"),
        series,
        pct,
    )
    rows = [
        [
            r["organization"],
            f"{r['trained_person_weeks']:,}",
            pct(r["trained_shadow_ai_rate"], 1),
            pct(r["untrained_shadow_ai_rate"], 1),
            pct(r["reverted_rate"], 1),
        ]
        for r in organizations
    ]
    return Section(
        "shadow",
        question,
        headline,
        figure,
        note="Fully observed weeks only; organisations with fewer than the minimum group size "
        "on either side are left out. Hosts shared by enterprise and consumer offerings count "
        "as neither.",
        table=table(
            [
                "Organisation",
                "Trained person-weeks",
                "Trained shadow AI",
                "Untrained shadow AI",
                "Reverted",
            ],
            rows,
            "Shadow AI by organisation, all fully observed weeks",
        ),
    )


def platform_section(platforms: list[Row], totals: Row) -> Section:
    question = "6. What does an adopted user cost per platform? (question 2)"
    cpc, cpa = totals["cost_per_completion_usd"], totals["cost_per_adopter_usd"]
    ratio = cpa / cpc if cpa is not None and cpc else None
    headline = (
        f"Across all platforms a completion cost "
        f"{value('cost_per_completion_usd', cpc, usd(cpc))}, but a completer still using the "
        f"tools 90 days later cost {value('cost_per_adopter_usd', cpa, usd(cpa))}"
        + (f": {value('cost_ratio', ratio, times(ratio))} as much." if ratio else ".")
        + " Only "
        f"{v_text('outcome_data_platform_count', totals['outcome_data_platform_count'])}"
        f" of {v_text('platform_count', totals['platform_count'])}"
        " platform contracts include outcome data."
    )
    names = [
        f"{r['platform_name']}{'' if r['has_outcome_data_clause'] else ' *'}" for r in platforms
    ]
    series = [
        charts.Series(
            "Cost per completion",
            [r["cost_per_completion_usd"] for r in platforms],
            charts.SERIES_COLOURS[0],
        ),
        charts.Series(
            "Cost per adopted user",
            [r["cost_per_adopter_usd"] for r in platforms],
            charts.SERIES_COLOURS[1],
        ),
    ]
    figure = charts.legend(series) + charts.bar_chart(
        "platforms",
        "Cost per completion against cost per adopted user, per learning platform",
        "For each platform, contract cost divided by completions, and by completers "
        "adopting a target tool at day 90.",
        names,
        series,
        usd,
    )
    rows = [
        [
            r["platform_name"],
            "yes" if r["has_outcome_data_clause"] else "no",
            usd(r["cost_usd"]),
            f"{r['completion_count']:,}",
            pct(r["adoption_rate"]),
            usd(r["cost_per_completion_usd"]),
            usd(r["cost_per_adopter_usd"]),
        ]
        for r in platforms
    ]
    return Section(
        "platforms",
        question,
        headline,
        figure,
        note="* the contract has no outcome-data clause. Cost per adopted user = cost per "
        "completion / share of completers measured at day 90 who were weekly active; "
        "“not measured” means no completer of the platform was active at day 90.",
        table=table(
            [
                "Platform",
                "Outcome data",
                "Cost",
                "Completions",
                "Adoption at day 90",
                "Per completion",
                "Per adopter",
            ],
            rows,
            "Platform portfolio",
        ),
    )


def freshness_section(programs: list[Row]) -> Section:
    question = "7. Which content is older than the tools it teaches? (question 5)"
    if not programs:
        return Section("freshness", question, "No program is listed in the programs seed.")
    late = sum(1 for r in programs if r["is_older_than_tool_release"])
    stale = sum(1 for r in programs if r["is_stale"])
    as_of = programs[0]["as_of_date"]
    headline = (
        f"{v_text('older_than_release_count', late)} of "
        f"{value('program_count', len(programs), str(len(programs)))} programs teach a tool "
        "that has had a new release since their content was last updated, and "
        f"{v_text('stale_count', stale)} are older than a quarter (as of "
        f"{value('as_of_date', as_of, day(as_of))})."
    )
    spans = [
        charts.Span(
            r["program_name"],
            r["content_updated_date"],
            r["newest_tool_release_date"],
            bool(r["is_older_than_tool_release"]),
        )
        for r in programs
    ]
    figure = (
        '<p class="legend"><span class="key"><i style="background:#c62828"></i>content older '
        'than the tool\'s release</span><span class="key"><i style="background:#1565c0"></i>'
        'content up to date</span><span class="key">● content updated · ○ newest tool '
        "release · dashed line: as-of day</span></p>"
        + charts.date_dumbbell(
            "freshness",
            "Content last updated against the newest release of the tools it teaches",
            "For each program, the date its content was last updated (filled dot) and the "
            "newest release of one of its target tools (ring).",
            spans,
            as_of,
            "content updated",
            "newest tool release",
        )
    )
    rows = [
        [
            r["program_name"],
            day(r["content_updated_date"]),
            f"{r['newest_release_tool_id'] or MISSING} {day(r['newest_tool_release_date'])}",
            "yes" if r["is_older_than_tool_release"] else "no",
            f"{r['content_age_days']:,}",
            "yes" if r["is_stale"] else "no",
            pct(r["wau_90_rate"]),
        ]
        for r in programs
    ]
    return Section(
        "freshness",
        question,
        headline,
        figure,
        note="Stale: content older than a quarter (91 days) on the as-of day.",
        table=table(
            [
                "Program",
                "Content updated",
                "Newest tool release",
                "Older than release",
                "Age (days)",
                "Stale",
                "WAU@90",
            ],
            rows,
            "Content freshness",
        ),
    )


CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1f2933; margin: 0; background: #fff; }
main { max-width: 860px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 48px 0 8px; border-top: 1px solid #e4e7eb; padding-top: 24px; }
.lede { color: #52606d; margin: 0 0 24px; }
.headline { font-size: 18px; margin: 8px 0 16px; }
.headline b { font-weight: 700; color: #0b3d91; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 24px 0; }
.tile { border: 1px solid #e4e7eb; border-radius: 6px; padding: 12px; }
.tile .n { font-size: 26px; font-weight: 700; display: block; }
.tile .l { font-size: 13px; color: #52606d; }
figure { margin: 0; }
figcaption, .small { font-size: 13px; color: #616e7c; margin-top: 4px; }
.legend { font-size: 13px; color: #52606d; margin: 0 0 4px; }
.key { margin-right: 16px; white-space: nowrap; }
.key i { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  vertical-align: -1px; border-radius: 2px; }
.key i.dash { height: 0; border-top: 2px dashed; border-radius: 0; vertical-align: 3px; }
details { margin-top: 12px; font-size: 14px; }
summary { cursor: pointer; color: #1565c0; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
caption { text-align: left; font-size: 13px; color: #616e7c; padding-bottom: 4px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; }
td:not(:first-child), th:not(:first-child) { text-align: right; }
footer { margin-top: 48px; font-size: 13px; color: #616e7c; }
@media print { section { break-inside: avoid; } }
"""


def tiles(cycle: Row, pooled: Row | None) -> str:
    items = [
        (pct(cycle["completion_rate"]), "completed the training"),
        (pct(cycle["wau_90_rate"]), "weekly active 90 days later"),
        (points(cycle["certification_gap"]), "certification gap"),
        (
            points(pooled["effect"], signed=True) if pooled else MISSING,
            "training effect on weekly use, against untrained peers",
        ),
    ]
    return (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><span class="n">{esc(n)}</span><span class="l">{esc(label)}</span>'
            "</div>"
            for n, label in items
        )
        + "</div>"
    )


def render(marts: data.Marts, min_group_size: int, progress: Callable[[str], None]) -> str:
    """Query every section and return the whole page."""
    progress("reading the headline cycle")
    cycle = data.headline_cycle(marts)
    start = cycle["cycle_start_date"]
    progress("question 1: completion against WAU@90")
    sections = [gap_section(cycle, data.gap_by_program(marts, start))]
    progress("adoption curve")
    sections.append(curve_section(data.adoption_curve(marts, min_group_size)))
    progress("question 6: training effect")
    pooled, per_program = data.training_effect(marts)
    sections.append(effect_section(pooled, per_program))
    progress("question 3: managers")
    teams, suppressed = data.manager_table(marts, start)
    sections.append(
        manager_section(data.manager_groups(marts, start), teams, suppressed, min_group_size)
    )
    progress("question 4: shadow AI")
    sections.append(
        shadow_section(data.shadow_ai_trend(marts), data.shadow_ai_by_organization(marts))
    )
    progress("question 2: platform costs")
    sections.append(platform_section(data.platform_costs(marts), data.platform_totals(marts)))
    progress("question 5: content freshness")
    sections.append(freshness_section(data.content_freshness(marts)))
    progress("what the gap costs: idle seats")
    sections.append(
        gap_cost.gap_cost_section(
            data.idle_seats_by_tool(marts),
            data.idle_seats_by_month(marts),
            data.idle_seat_totals(marts),
        )
    )
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>AI training: the certification gap</title>",
            f"<style>{CSS}</style></head><body><main>",
            "<h1>Did the people we trained start using the AI tools, and keep using them?</h1>",
            '<p class="lede">The certification gap: course completion next to real use of '
            f"the AI tools, from the learning, HR and IT data. Headline cycle "
            f"{quarter(start)}.</p>",
            tiles(cycle, pooled),
            *(section.html() for section in sections),
            f"<footer>Generated {generated} from {esc(marts.path.name)} (schema marts, "
            "pseudonymous data only). Definitions: dbt docs of mart_program_adoption "
            "(docs/bi_analysts.md).</footer>",
            "</main></body></html>",
        ]
    )
