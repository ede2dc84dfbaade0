"""Drafts and scheduled articles are absent from every public answer: one table, every surface.

One published, one draft and one scheduled article share a section, a tag, an
author and a word of their headlines. Each surface must show the published one
(so the row proves the surface really lists that subject) and neither of the
others, by headline or by identity (uuid), whichever way it names them.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

# Every public surface that lists articles, with the subject's slugs filled in.
SURFACES = [
    "/",
    "{published}",  # the published article's own page: Related News, Most read
    "/belgium/",
    "/tags/topics/trams/",
    "/authors/ada-reporter/",
    "/search/?q=tramway",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/sections/belgium/rss/",
    "/feeds/sections/belgium/atom/",
    "/feeds/tags/topics/trams/rss/",
    "/feeds/tags/topics/trams/atom/",
    "/feeds/authors/ada-reporter/rss/",
    "/feeds/authors/ada-reporter/atom/",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/api/ninjs/articles/",
    "/api/ninjs/articles/?section=belgium",
    "/api/ninjs/articles/?tag=topics/trams",
    "/api/ninjs/articles/?author=ada-reporter",
    "/api/ninjs/articles/?since=2000-01-01T00:00:00Z",
]


@pytest.fixture
def three_articles(django_capture_on_commit_callbacks) -> dict[str, Article]:
    section = factories.section(name="Belgium", slug="belgium")
    tag = factories.tag(name="Trams", slug="trams")
    person = factories.author(name="Ada Reporter", slug="ada-reporter")
    now = timezone.now()
    made = {
        "published": {
            "status": Article.Status.PUBLISHED,
            "published_at": now - datetime.timedelta(hours=1),
        },
        "draft": {"status": Article.Status.DRAFT, "published_at": None},
        "scheduled": {
            "status": Article.Status.PUBLISHED,
            "published_at": now + datetime.timedelta(days=1),
        },
    }
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written on commit
        return {
            name: factories.article(
                headline=f"Tramway {name} story",
                slug=f"tramway-{name}-story",
                section=section,
                tags=[tag],
                authors=[person],
                **fields,
            )
            for name, fields in made.items()
        }


@pytest.mark.parametrize("address", SURFACES)
def test_only_the_published_article_reaches_the_public(client, three_articles, address):
    address = address.format(published=three_articles["published"].get_absolute_url())
    response = client.get(address)

    assert response.status_code == 200, address
    text = response.content.decode()
    published = three_articles["published"]
    assert any(name in text for name in (published.headline, str(published.uuid), published.slug))
    for name in ("draft", "scheduled"):
        hidden = three_articles[name]
        assert hidden.headline not in text, f"{name} in {address}"
        assert str(hidden.uuid) not in text, f"{name} in {address}"
        assert hidden.slug not in text, f"{name} in {address}"


@pytest.mark.parametrize("name", ["draft", "scheduled"])
def test_an_unpublished_article_has_no_page_and_no_api_document(client, three_articles, name):
    hidden = three_articles[name]

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/api/ninjs/articles/{hidden.uuid}").status_code == 404
