"""A scheduled article appears by itself at its time, on every public surface, with no write.

The table of surfaces is ``tests/test_unpublished_stay_out.py``'s. Every
surface is visited before the time (so the caches hold lists made without
the article), then the clock is moved past it: nothing is written to any
article, and every surface shows it.
"""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.test_unpublished_stay_out import SURFACES, three_articles  # noqa: F401

pytestmark = pytest.mark.django_db

ARTICLE_TABLES = re.compile(
    r"^(INSERT INTO|UPDATE|DELETE FROM) \"?articles_(article|byline|article_tags|searchdocument)\b"
)


def shows(text: str, article: Article) -> bool:
    return any(name in text for name in (article.headline, str(article.uuid), article.slug))


def visit(client, address: str, published: Article) -> str:
    response = client.get(address.format(published=published.get_absolute_url()))
    assert response.status_code == 200, address
    return response.content.decode()


def test_a_scheduled_article_appears_on_every_surface_at_its_time(
    client,
    three_articles,  # noqa: F811
):
    published, scheduled = three_articles["published"], three_articles["scheduled"]
    for address in SURFACES:  # Before its time: absent, and the caches filled without it.
        assert not shows(visit(client, address, published), scheduled), address
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    later = scheduled.published_at + datetime.timedelta(minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        CaptureQueriesContext(connection) as queries,
    ):
        missing = [
            address
            for address in SURFACES
            if not shows(visit(client, address, published), scheduled)
        ]
        page = client.get(scheduled.get_absolute_url())

    assert missing == []
    assert page.status_code == 200
    writes = [query["sql"] for query in queries if ARTICLE_TABLES.match(query["sql"])]
    assert writes == []


def test_a_scheduled_lead_story_takes_the_front_page_at_its_time(client):
    factories.article(headline="The current lead", featured=True)
    coming = factories.article(
        headline="The scheduled lead",
        featured=True,
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )

    def lead() -> str:
        found = re.search(
            r'<section class="front-lead"(.*?)</section>', client.get("/").content.decode(), re.S
        )
        assert found is not None
        return found.group(1)

    assert "The current lead" in lead()
    with mock.patch(
        "django.utils.timezone.now",
        return_value=coming.published_at + datetime.timedelta(seconds=1),
    ):
        assert "The scheduled lead" in lead()


def test_the_embargo_note_reaches_no_public_surface(client, three_articles):  # noqa: F811
    published = three_articles["published"]
    Article.objects.filter(pk=published.pk).update(embargo_note="EMBARGO-DESK-ONLY until 14:00")

    for address in [*SURFACES, "/api/ninjs/articles/" + str(published.uuid)]:
        assert "EMBARGO-DESK-ONLY" not in visit(client, address, published), address
