"""Times as HTML's machine-readable attributes want them, and as readers read them.

Django's ``date:'c'`` keeps microseconds (``09:33:53.641350``), but a valid
``<time datetime>`` has at most three fraction digits, and no reader or crawler
needs more than the second. Templates print machine-readable times with
``datetime_attr`` instead.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def datetime_attr(value: datetime.datetime | None) -> str:
    """ISO 8601 to the second, in the site's time zone: ``2026-02-03T11:00:05+01:00``."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.filter
def reader_time(value: datetime.datetime | None) -> str:
    """``3 February 2026, 11:00`` in site time; the day alone for a time of exactly midnight.

    An export that names only its day is published at midnight: "00:00" would
    claim a time nobody gave.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.time() == datetime.time.min:
        return date_format(value, "j F Y")
    return date_format(value, "j F Y, H:i")
