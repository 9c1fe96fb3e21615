"""The section "What the gap costs": idle AI seats and their price (mart_seat_utilization)."""

from __future__ import annotations

from typing import Any

from certgap.report import charts, page
from certgap.report.fmt import MISSING, pct, usd

Row = dict[str, Any]


def gap_cost_section(tools: list[Row], months: list[Row], totals: Row) -> page.Section:
    question = "8. What the gap costs: what do we pay for seats nobody uses?"
    months_n, cost = totals["month_count"], totals["idle_cost_usd"]
    per_month = totals["idle_cost_usd_per_month"]
    headline = (
        f"Over {page.value('seat_month_count', months_n, str(months_n))} months, "
        f"{page.v_pct('idle_seat_rate', totals['idle_seat_rate'])} of the monthly AI seats "
        "we paid for were not used once that month: "
        f"{page.value('idle_cost_usd', cost, usd(cost))} in seat cost, "
        f"{page.value('idle_cost_usd_per_month', per_month, usd(per_month))} a month. "
        "Of the seats held by people trained on the tool, "
        f"{page.v_pct('trained_idle_seat_rate', totals['trained_idle_seat_rate'])} were "
        "idle; of the others, "
        f"{page.v_pct('untrained_idle_seat_rate', totals['untrained_idle_seat_rate'])}."
    )
    series = [
        charts.Series(
            "Cost of all seats", [r["seat_cost_usd"] for r in tools], charts.SERIES_COLOURS[0]
        ),
        charts.Series(
            "Cost of idle seats", [r["idle_cost_usd"] for r in tools], charts.SERIES_COLOURS[1]
        ),
    ]
    figure = charts.legend(series) + charts.bar_chart(
        "seats",
        "Cost of AI seats per tool, and of the idle ones",
        "For each tool sold per seat, what its seats cost over the observed months, and "
        "what the seats held without a day of use in a month cost.",
        [r["tool_id"] for r in tools],
        series,
        usd,
    )
    rows = [
        [
            r["month_start_date"].strftime("%Y-%m"),
            r["tool_id"],
            f"{r['seats_held']:,}" if r["seats_held"] is not None else MISSING,
            f"{r['idle_seats']:,}" if r["idle_seats"] is not None else MISSING,
            pct(r["idle_seat_rate"]),
            usd(r["idle_cost_usd"]),
            pct(r["trained_idle_seat_rate"]),
            pct(r["untrained_idle_seat_rate"]),
        ]
        for r in months
    ]
    return page.Section(
        "seats",
        question,
        headline,
        figure,
        note="A seat is idle in a month when its holder used the tool on none of the days "
        "they held it; its cost is the seat price (seeds/ai_tool_licences.csv) for those days. "
        "Trained = completed a program targeting the tool before the month. The first and "
        "last month are partly observed. Organizations with few seats are pooled; pools "
        "still too small are left out.",
        table=page.table(
            [
                "Month",
                "Tool",
                "Seats",
                "Idle",
                "Idle share",
                "Idle cost",
                "Idle, trained",
                "Idle, untrained",
            ],
            rows,
            "Idle seats per month and tool",
        ),
    )
