"""The publication date an article's own words give away.

Exports carry no date line, but the caption and body name the day the story
went out ("on February 3, 2026"). The latest full date is the best guess: an
article mentions earlier events, rarely later ones with a full date.
"""

import datetime
import re
from collections.abc import Iterable

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\b"
_YEAR = r"\d{4}(?!\d)"

_FULL_DATE = re.compile(
    rf"\b(?:(?P<md_month>{_MONTH})\s+(?P<md_day>{_DAY}),?\s+(?P<md_year>{_YEAR})"
    rf"|(?P<dm_day>{_DAY})\s+(?P<dm_month>{_MONTH})\s+(?P<dm_year>{_YEAR})"
    r"|(?<![\d-])(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})(?![\d-]))",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\D+$")
# Every full date has a four-digit year; most paragraphs have none and skip the long pattern.
_HAS_YEAR = re.compile(r"\d{4}")


def _date(match: re.Match[str]) -> datetime.date | None:
    if match["iso_year"]:
        year, month, day = match["iso_year"], int(match["iso_month"]), match["iso_day"]
    else:
        prefix = "md_" if match["md_month"] else "dm_"
        year, day = match[prefix + "year"], _ORDINAL.sub("", match[prefix + "day"])
        month = _MONTHS[match[prefix + "month"].rstrip(".").casefold()]
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError:
        return None


def latest_full_date(texts: Iterable[str]) -> datetime.date | None:
    """The latest real day, month and year the texts name, or None.

    A day without a year ("3 February") is not enough to date an article, and an
    impossible date (February 30) is a typo, not a date; both are ignored.
    """
    dates = (
        _date(match)
        for text in texts
        if _HAS_YEAR.search(text)
        for match in _FULL_DATE.finditer(text)
    )
    return max((day for day in dates if day), default=None)
