"""Resolving the date words of a sentence against the article's date.

News says "الأحد", "on Tuesday", "yesterday", "May 6": relative to when the article was
published. Without an article date only explicit day-month(-year) dates resolve.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.extract.resources import Resources

_YEAR = re.compile(r"^(19|20)\d\d$")


def resolve_date(
    norms: list[str], a: int, b: int, res: Resources, base: dt.date | None, future: bool
) -> dt.date | None:
    """The first date expression in entries ``[a, b)``, or None."""
    for p in range(a, b):
        norm = norms[p]
        if norm in res.relative_days and base is not None:
            return base + dt.timedelta(days=res.relative_days[norm])
        if norm in res.weekdays and base is not None:
            return _weekday(base, res.weekdays[norm], _next_near(norms, p))
        if (
            res.lang == "ar"
            and norm == "الاسبوع"
            and p + 1 < b
            and norms[p + 1] in ("المقبل", "القادم")
            and base is not None
        ):
            return base + dt.timedelta(days=7 - base.weekday())  # الأسبوع المقبل: next Monday
        if res.lang == "en" and norm == "next" and p + 1 < b and base is not None:
            unit = norms[p + 1]
            if unit == "week":
                return base + dt.timedelta(days=7 - base.weekday())
            if unit in res.weekdays:
                return _weekday(base, res.weekdays[unit], True)
        month = res.months.match(norms, p)
        if month:
            day = _int(norms[p - 1]) if p > 0 else None
            if day is None and p + month[0] < b:
                day = _int(norms[p + month[0]])
            if day is None or not 1 <= day <= 31:
                continue
            year = None
            after = p + month[0] + (0 if _int(norms[p - 1] if p else "") else 1)
            if after < b and _YEAR.match(norms[after]):
                year = int(norms[after])
            if year is None:
                if base is None:
                    continue
                year = base.year
            try:
                return dt.date(year, month[1], day)
            except ValueError:
                continue
    return None


def _next_near(norms: list[str], p: int) -> bool:
    """ "next Sunday", "الأحد المقبل": the weekday ahead, not the one just past."""
    ahead = ("next", "coming", "المقبل", "القادم", "المقبله", "القادمه")
    return (p > 0 and norms[p - 1] in ahead) or (p + 1 < len(norms) and norms[p + 1] in ahead)


def _weekday(base: dt.date, wd: int, future: bool) -> dt.date:
    if future:
        delta = (wd - base.weekday()) % 7
        return base + dt.timedelta(days=delta)
    delta = (base.weekday() - wd) % 7
    return base - dt.timedelta(days=delta)


def _int(text: str) -> int | None:
    text = text.strip(".")
    return int(text) if text.isdigit() and len(text) <= 4 else None
