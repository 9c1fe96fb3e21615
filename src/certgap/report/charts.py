"""Inline SVG charts: no JavaScript, no fonts or files from elsewhere.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` for
screen readers, ``data-chart`` naming it, and one element of class ``mark``
per plotted value (bar, dot, interval), so a browser test can count them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from certgap.report.fmt import esc

WIDTH = 760
FONT = 12
ROW = 26  # height of one category row in bar charts
LABEL_CHARS = 34  # longer category names are shortened (full name in a tooltip)

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
TARGET = "#c62828"
SERIES_COLOURS = ("#9aa5b1", "#1565c0", "#ef6c00", "#2e7d32")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str


@dataclass(frozen=True)
class Reference:
    """A labelled reference line (a target, a baseline, zero)."""

    value: float
    label: str
    colour: str = TARGET


def _svg(chart: str, title: str, desc: str, height: float, body: list[str]) -> str:
    return (
        f'<svg class="chart" data-chart="{esc(chart)}" role="img" '
        f'aria-labelledby="{chart}-title {chart}-desc" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="inherit" font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart}-title">{esc(title)}</title>'
        f'<desc id="{chart}-desc">{esc(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _text(x: float, y: float, text: str, *, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{esc(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"{extra}/>'
    )


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks (steps of 1, 2 or 5 x 10^k) covering low..high."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1.0
    raw = (high - low) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def legend(series: Sequence[Series], references: Sequence[Reference] = ()) -> str:
    """An HTML legend placed above a chart (kept out of the SVG so it reflows)."""
    items = [
        f'<span class="key"><i style="background:{s.colour}"></i>{esc(s.name)}</span>'
        for s in series
    ] + [
        f'<span class="key"><i class="dash" style="border-color:{r.colour}"></i>'
        f"{esc(r.label)}</span>"
        for r in references
    ]
    return '<p class="legend">' + "".join(items) + "</p>"


def bar_chart(
    chart: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str],
    *,
    references: Sequence[Reference] = (),
    domain_max: float | None = None,
) -> str:
    """Horizontal bars, one group per category, one bar per series; missing
    values draw no bar and say so in the label."""
    left, right, top = 250, 70, 22
    bar = (ROW - 6) / len(series)
    height = top + ROW * len(categories) + 24
    values = [v for s in series for v in s.values if v is not None]
    ticks = _ticks(0.0, domain_max or max([*values, *(r.value for r in references), 0]))
    top_value = ticks[-1]
    plot = WIDTH - left - right

    def x(value: float) -> float:
        return left + plot * max(value, 0) / top_value

    body = []
    for value in ticks:
        body.append(_line(x(value), top - 6, x(value), height - 22, GRID))
        body.append(_text(x(value), height - 8, value_label(value), anchor="middle", fill=MUTED))
    for row, category in enumerate(categories):
        y0 = top + row * ROW
        body.append(
            f"<g><title>{esc(category)}</title>"
            + _text(left - 8, y0 + ROW / 2 + 1, _short(category), anchor="end")
            + "</g>"
        )
        for index, item in enumerate(series):
            value = item.values[row]
            y = y0 + 3 + index * bar
            if value is None:
                body.append(
                    _text(
                        left + 4,
                        y + bar - 2,
                        f"{item.name}: not measured",
                        fill=MUTED,
                        font_size="10",
                        font_style="italic",
                    )
                )
                continue
            body.append(
                f'<rect class="mark" data-series="{esc(item.name)}" x="{left}" y="{y:.1f}" '
                f'width="{x(value) - left:.1f}" height="{bar - 1:.1f}" fill="{item.colour}">'
                f"<title>{esc(category)} · {esc(item.name)}: {esc(value_label(value))}</title>"
                "</rect>"
            )
            body.append(_text(x(value) + 4, y + bar - 3, value_label(value), fill=MUTED))
    for ref in references:
        body.append(
            _line(
                x(ref.value),
                top - 10,
                x(ref.value),
                height - 22,
                ref.colour,
                stroke_width="2",
                stroke_dasharray="5 3",
            )
        )
        body.append(_text(x(ref.value) + 4, top - 10, ref.label, fill=ref.colour))
    return _svg(chart, title, desc, height, body)


def line_chart(
    chart: str,
    title: str,
    desc: str,
    xs: Sequence[float],
    x_label: Callable[[float], str],
    series: Sequence[Series],
    value_label: Callable[[float], str],
    *,
    references: Sequence[Reference] = (),
    x_ticks: int = 8,
) -> str:
    """Lines with a dot per value; gaps where a value is missing."""
    left, right, top, bottom = 56, 24, 20, 44
    height = 300
    values = [v for s in series for v in s.values if v is not None]
    ticks = _ticks(0.0, max([*values, *(r.value for r in references), 0]))
    top_value = ticks[-1]
    x_min, x_max = min(xs), max(xs)
    span = (x_max - x_min) or 1

    def px(value: float) -> float:
        return left + (WIDTH - left - right) * (value - x_min) / span

    def py(value: float) -> float:
        return height - bottom - (height - top - bottom) * value / top_value

    body = []
    for value in ticks:
        body.append(_line(left, py(value), WIDTH - right, py(value), GRID))
        body.append(_text(left - 6, py(value) + 4, value_label(value), anchor="end", fill=MUTED))
    step = max(1, round(len(xs) / x_ticks))
    for value in xs[::step]:
        body.append(
            _text(px(value), height - bottom + 16, x_label(value), anchor="middle", fill=MUTED)
        )
    for ref in references:
        body.append(
            _line(
                left,
                py(ref.value),
                WIDTH - right,
                py(ref.value),
                ref.colour,
                stroke_width="2",
                stroke_dasharray="5 3",
            )
        )
        body.append(
            _text(WIDTH - right, py(ref.value) - 5, ref.label, anchor="end", fill=ref.colour)
        )
    for item in series:
        segments: list[list[str]] = [[]]
        for x_value, value in zip(xs, item.values, strict=True):
            if value is None:
                segments.append([])
                continue
            segments[-1].append(f"{px(x_value):.1f},{py(value):.1f}")
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" '
                    f'stroke="{item.colour}" stroke-width="2.5"/>'
                )
        for x_value, value in zip(xs, item.values, strict=True):
            if value is None:
                continue
            body.append(
                f'<circle class="mark" data-series="{esc(item.name)}" cx="{px(x_value):.1f}" '
                f'cy="{py(value):.1f}" r="3.5" fill="{item.colour}">'
                f"<title>{esc(item.name)}, {esc(x_label(x_value))}: {esc(value_label(value))}"
                "</title></circle>"
            )
    return _svg(chart, title, desc, height, body)


@dataclass(frozen=True)
class Estimate:
    label: str
    value: float
    low: float | None
    high: float | None
    emphasis: bool = False


def forest_plot(
    chart: str,
    title: str,
    desc: str,
    estimates: Sequence[Estimate],
    value_label: Callable[[float], str],
) -> str:
    """Point estimates with their 95 % intervals around a zero line."""
    left, right, top = 250, 30, 14
    height = top + ROW * len(estimates) + 30
    bounds = [0.0] + [b for e in estimates for b in (e.value, e.low, e.high) if b is not None]
    ticks = _ticks(min(bounds), max(bounds))
    lo, reach = ticks[0], ticks[-1]
    plot = WIDTH - left - right

    def x(value: float) -> float:
        return left + plot * (value - lo) / (reach - lo)

    body = []
    for value in ticks:
        body.append(_line(x(value), top - 4, x(value), height - 26, GRID))
        body.append(_text(x(value), height - 10, value_label(value), anchor="middle", fill=MUTED))
    body.append(_line(x(0), top - 4, x(0), height - 26, INK, stroke_width="1.5"))
    for row, estimate in enumerate(estimates):
        y = top + row * ROW + ROW / 2
        weight = ' font-weight="700"' if estimate.emphasis else ""
        body.append(
            f"<g><title>{esc(estimate.label)}</title>"
            + _text(left - 8, y + 4, _short(estimate.label), anchor="end").replace(
                "<text ", f"<text{weight} ", 1
            )
            + "</g>"
        )
        colour = SERIES_COLOURS[1] if estimate.emphasis else MUTED
        interval = ""
        if estimate.low is not None and estimate.high is not None:
            interval = f"{value_label(estimate.low)} to {value_label(estimate.high)}"
            body.append(_line(x(estimate.low), y, x(estimate.high), y, colour, stroke_width="2"))
        body.append(
            f'<circle class="mark" cx="{x(estimate.value):.1f}" cy="{y:.1f}" '
            f'r="{6 if estimate.emphasis else 4.5}" fill="{colour}">'
            f"<title>{esc(estimate.label)}: {esc(value_label(estimate.value))}"
            f"{esc(' (95 % interval ' + interval + ')') if interval else ''}</title></circle>"
        )
    return _svg(chart, title, desc, height, body)


@dataclass(frozen=True)
class Span:
    """Two dates on one row: content last updated, and the tool's newest release."""

    label: str
    start: dt.date
    end: dt.date | None
    is_late: bool


def date_dumbbell(
    chart: str,
    title: str,
    desc: str,
    spans: Sequence[Span],
    as_of: dt.date,
    start_name: str,
    end_name: str,
) -> str:
    """Per row a dot at `start`, a ring at `end`, joined; a line at `as_of`."""
    left, right, top = 250, 30, 14
    height = top + ROW * len(spans) + 30
    dates = [as_of] + [d for s in spans for d in (s.start, s.end) if d is not None]
    first = min(dates) - dt.timedelta(days=10)
    last = max(dates) + dt.timedelta(days=10)
    plot = WIDTH - left - right

    def x(value: dt.date) -> float:
        return left + plot * (value - first).days / (last - first).days

    body = []
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            body.append(_line(x(month), top - 4, x(month), height - 26, GRID))
            if month.month in (1, 4, 7, 10):
                body.append(
                    _text(
                        x(month), height - 10, month.strftime("%b %Y"), anchor="middle", fill=MUTED
                    )
                )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    body.append(
        _line(
            x(as_of),
            top - 4,
            x(as_of),
            height - 26,
            INK,
            stroke_width="1.5",
            stroke_dasharray="3 3",
        )
    )
    for row, span in enumerate(spans):
        y = top + row * ROW + ROW / 2
        colour = TARGET if span.is_late else SERIES_COLOURS[1]
        body.append(
            f"<g><title>{esc(span.label)}</title>"
            + _text(left - 8, y + 4, _short(span.label), anchor="end")
            + "</g>"
        )
        if span.end is not None:
            body.append(_line(x(span.start), y, x(span.end), y, colour, stroke_width="1.5"))
            body.append(
                f'<circle class="mark" data-series="{esc(end_name)}" cx="{x(span.end):.1f}" '
                f'cy="{y:.1f}" r="4.5" fill="#fff" stroke="{colour}" stroke-width="2">'
                f"<title>{esc(span.label)} · {esc(end_name)}: {span.end.isoformat()}</title>"
                "</circle>"
            )
        body.append(
            f'<circle class="mark" data-series="{esc(start_name)}" cx="{x(span.start):.1f}" '
            f'cy="{y:.1f}" r="5" fill="{colour}">'
            f"<title>{esc(span.label)} · {esc(start_name)}: {span.start.isoformat()}</title>"
            "</circle>"
        )
    return _svg(chart, title, desc, height, body)
