"""Write dates out for people: "12 November 2024", "November 12, 2024" or "2024-11-12".

Input: a ``datetime.date`` and a theme's date style. Output: the text printed
in title blocks, references and footers.
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(date: dt.date) -> str:
    """Write a date out in full, as "12 November 2024"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def format_date_as(date: dt.date, style: str) -> str:
    """Write a date in a theme's style: long (12 November 2024), us (November 12, 2024) or iso."""
    if style == "us":
        return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    if style == "iso":
        return date.isoformat()
    return format_date(date)
