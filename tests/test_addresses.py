"""Article addresses are formatted from the route reversed once: the same as reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from articles.addresses import article_path


def reversed_path(year: int, month: int, day: int, slug: str) -> str:
    kwargs = {"year": year, "month": f"{month:02d}", "day": f"{day:02d}", "slug": slug}
    return reverse("articles:detail", kwargs=kwargs)


@pytest.mark.parametrize(
    "year, month, day, slug",
    [
        (2026, 2, 3, "nato-chief-says"),
        (1999, 12, 31, "a"),
        (2026, 1, 9, "under_score-and-Capitals-2026"),
        (918273645, 97, 98, "np-slug-marker"),  # The markers themselves.
    ],
)
def test_an_article_path_is_what_reverse_gives(year, month, day, slug):
    assert article_path(year, month, day, slug) == reversed_path(year, month, day, slug)


def test_under_a_script_prefix_too():
    set_script_prefix("/news/")
    try:
        path = article_path(2026, 2, 3, "nato-chief-says")
        assert path == reversed_path(2026, 2, 3, "nato-chief-says")
        assert path.startswith("/news/2026/02/03/")
    finally:
        set_script_prefix("/")


def test_a_slug_the_route_refuses_fails_as_reverse_does():
    for slug in ("two words", "héllo", "", "a/b"):
        with pytest.raises(NoReverseMatch):
            article_path(2026, 2, 3, slug)
