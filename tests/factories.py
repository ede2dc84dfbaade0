"""Small builders for test data: each makes a valid row and takes overrides."""

import datetime
import itertools
from typing import Any

from django.utils import timezone

from articles.models import Article, Author, Byline, Image, Publisher, RelatedLink, Section, Tag

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


def publisher(**fields: Any) -> Publisher:
    n = _n()
    fields = {"name": f"Publisher {n}", "slug": f"publisher-{n}", **fields}
    return Publisher.objects.create(**fields)


def section(**fields: Any) -> Section:
    n = _n()
    return Section.objects.create(**{"name": f"Section {n}", "slug": f"section-{n}", **fields})


def tag(**fields: Any) -> Tag:
    n = _n()
    return Tag.objects.create(**{"name": f"Tag {n}", "slug": f"tag-{n}", **fields})


def author(**fields: Any) -> Author:
    n = _n()
    return Author.objects.create(**{"name": f"Author {n}", "slug": f"author-{n}", **fields})


def image(**fields: Any) -> Image:
    return Image.objects.create(**{"caption": "A caption.", **fields})


def article(
    *, authors: list[Author] = (), tags: list[Tag] = (), related: list[Article] = (), **fields: Any
) -> Article:
    """A published article dated yesterday unless told otherwise."""
    n = _n()
    defaults: dict[str, Any] = {
        "headline": f"Headline number {n}",
        "slug": f"headline-number-{n}",
        "standfirst": f"Standfirst of article {n}.",
        "body": f"<p>Second paragraph of article {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    }
    defaults.update(fields)
    if "publisher" not in defaults:
        defaults["publisher"] = publisher()
    obj = Article.objects.create(**defaults)
    for position, person in enumerate(authors):
        Byline.objects.create(article=obj, author=person, position=position)
    if authors:  # The bylines wrote the article's copy of them (articles.shown_bylines).
        obj.refresh_from_db(fields=["byline_copy"])
    obj.tags.set(tags)
    for position, other in enumerate(related):
        RelatedLink.objects.create(source=obj, target=other, position=position)
    return obj
