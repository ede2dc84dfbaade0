"""Machine-readable times are valid HTML: to the second, in the site's time zone."""

import datetime

from django.template import Context, Template
from django.utils import timezone

from articles.templatetags.html_dates import datetime_attr, reader_time

# 3 February 2026, 10:00:05.641350 UTC: 11:00:05 in Brussels.
SAVED = datetime.datetime(2026, 2, 3, 10, 0, 5, 641350, tzinfo=datetime.UTC)


def test_datetime_attr_drops_microseconds_and_gives_the_site_time_zone():
    assert datetime_attr(SAVED) == "2026-02-03T11:00:05+01:00"


def test_datetime_attr_follows_summer_time():
    assert datetime_attr(SAVED.replace(month=7)) == "2026-07-03T12:00:05+02:00"


def test_datetime_attr_uses_the_time_zone_a_request_activated():
    with timezone.override(datetime.UTC):
        assert datetime_attr(SAVED) == "2026-02-03T10:00:05+00:00"


def test_datetime_attr_of_no_time_is_empty():
    assert datetime_attr(None) == ""


def test_templates_load_it_as_html_dates():
    template = Template("{% load html_dates %}<time datetime='{{ when|datetime_attr }}'>")

    assert (
        template.render(Context({"when": SAVED})) == "<time datetime='2026-02-03T11:00:05+01:00'>"
    )


def test_reader_time_gives_the_day_and_the_time_in_site_time():
    assert reader_time(SAVED) == "3 February 2026, 11:00"


def test_reader_time_of_a_day_only_publication_gives_the_day_alone():
    midnight = datetime.datetime(2026, 2, 2, 23, 0, tzinfo=datetime.UTC)  # 00:00 in Brussels.

    assert reader_time(midnight) == "3 February 2026"


def test_reader_time_of_no_time_is_empty():
    assert reader_time(None) == ""
