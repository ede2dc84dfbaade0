"""The site's stylesheet parses as CSS: every block closed, every rule where it was meant to be.

A brace left open turns every rule after it into part of the block it sits in,
which browsers then ignore or apply only inside an unrelated media query; the
pages still render, so nothing else notices.
"""

from pathlib import Path

import tinycss2

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


def top_level_rules() -> list:
    return tinycss2.parse_stylesheet(
        STYLESHEET.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )


def test_the_stylesheet_has_no_parse_error():
    errors = [
        f"line {rule.source_line}: {rule.message}"
        for rule in top_level_rules()
        if rule.type == "error"
    ]

    assert errors == []


def test_each_part_of_the_site_is_styled_at_the_top_level_not_inside_another_block():
    selectors = {
        tinycss2.serialize(rule.prelude).strip()
        for rule in top_level_rules()
        if rule.type == "qualified-rule"
    }

    for selector in (".masthead", ".card", ".pagination", ".most-read", ".search-form"):
        assert selector in selectors
