"""How the report writes numbers: one place, so headline and tables agree."""

from __future__ import annotations

import datetime as dt
import html

NBSP = "\u00a0"
MISSING = "\u2013"  # en dash


def pct(rate: float | None, digits: int = 0) -> str:
    """0.8075 -> '81 %' (a no-break space before the sign, as in the docs)."""
    if rate is None:
        return MISSING
    return f"{rate * 100:.{digits}f}{NBSP}%"


def points(diff: float | None, digits: int = 0, signed: bool = False) -> str:
    """A difference of two rates in percentage points: 0.653 -> '65 points'."""
    if diff is None:
        return MISSING
    sign = "+" if signed else ""
    return f"{diff * 100:{sign}.{digits}f}{NBSP}points"


def usd(amount: float | None) -> str:
    if amount is None:
        return MISSING
    return f"${amount:,.0f}"


def times(ratio: float | None) -> str:
    if ratio is None:
        return MISSING
    return f"{ratio:.0f}{NBSP}times" if ratio >= 10 else f"{ratio:.1f}{NBSP}times"


def p_value(value: float | None) -> str:
    if value is None:
        return MISSING
    return "p\u00a0<\u00a00.001" if value < 0.001 else f"p{NBSP}={NBSP}{value:.3f}"


def quarter(start: dt.date) -> str:
    """The cycle starting 2026-01-01 -> 'Q1 2026'."""
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else MISSING


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)
