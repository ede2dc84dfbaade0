"""The publication date found in an article's caption and body."""

import datetime

from articles.text.dates import latest_full_date

FEB_3 = datetime.date(2026, 2, 3)


def test_month_day_year_is_a_full_date():
    assert latest_full_date(["Rutte was in Kyiv on February 3, 2026, amid the war."]) == FEB_3


def test_month_day_year_without_comma_is_a_full_date():
    assert latest_full_date(["On February 3 2026 he spoke."]) == FEB_3


def test_day_month_year_is_a_full_date():
    assert latest_full_date(["On 3 February 2026 he spoke."]) == FEB_3


def test_abbreviated_month_with_full_stop_is_a_full_date():
    assert latest_full_date(["Filed Feb. 3, 2026."]) == FEB_3


def test_abbreviated_month_after_the_day_is_a_full_date():
    assert latest_full_date(["Filed 3 Feb 2026."]) == FEB_3


def test_sept_abbreviation_is_september():
    assert latest_full_date(["Filed Sept. 9, 2025."]) == datetime.date(2025, 9, 9)


def test_iso_date_is_a_full_date():
    assert latest_full_date(["Published 2026-02-03 in Brussels."]) == FEB_3


def test_ordinal_day_is_a_full_date():
    assert latest_full_date(["On the 3rd February 2026 he spoke."]) == FEB_3


def test_day_and_month_without_year_is_not_a_full_date():
    assert latest_full_date(["On the night of 3 February, Russia launched a strike."]) is None


def test_month_and_year_without_day_is_not_a_full_date():
    assert latest_full_date(["In February 2026 prices rose."]) is None


def test_impossible_date_is_ignored():
    assert latest_full_date(["A typo: February 30, 2026."]) is None


def test_impossible_date_does_not_hide_a_real_one():
    assert latest_full_date(["February 30, 2026 or rather 3 February 2026."]) == FEB_3


def test_latest_date_across_all_texts_wins():
    texts = ["The deal of 12 March 2024 was signed.", "On February 3, 2026 he spoke.", "2025-06-01"]

    assert latest_full_date(texts) == FEB_3


def test_latest_date_within_one_text_wins():
    assert latest_full_date(["From 1 January 2026 to February 3, 2026."]) == FEB_3


def test_no_texts_give_no_date():
    assert latest_full_date([]) is None


def test_year_alone_is_not_a_date():
    assert latest_full_date(["Copyright 2026, nearly four years into the war."]) is None


def test_longer_number_is_not_an_iso_date():
    assert latest_full_date(["Reference 12026-02-03-1."]) is None
