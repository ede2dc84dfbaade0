"""Bylines and taggings carry their article's status and time, whichever way it changes.

A person's and a tag's list filter and order on those copies (their indexes
hold them), so a copy out of step would list a draft or hide a story.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Byline, Tagging
from articles.querysets import published_filter
from tests import factories
from tests.test_admin import run_action

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "seed.json"


def copies(article: Article) -> set[tuple[str, str, datetime.datetime | None]]:
    """Each link of the article with its copy: ("byline" or "tagging", status, time)."""
    bylines = Byline.objects.filter(article=article).values_list("status", "published_at")
    taggings = Tagging.objects.filter(article=article).values_list("status", "published_at")
    return {("byline", *row) for row in bylines} | {("tagging", *row) for row in taggings}


def stored(
    article: Article, kinds: tuple[str, ...] = ("byline", "tagging")
) -> set[tuple[str, str, datetime.datetime | None]]:
    """What ``copies()`` must be: the article's own status and time on every kind of link."""
    article.refresh_from_db()
    return {(kind, article.status, article.published_at) for kind in kinds}


def linked_article(**fields) -> Article:
    return factories.article(authors=[factories.author()], tags=[factories.tag()], **fields)


def test_published_on_links_means_what_published_means_for_articles():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    for headline, status, when in (
        ("Draft", Article.Status.DRAFT, now - hour),
        ("Scheduled", Article.Status.PUBLISHED, now + hour),
        ("Published", Article.Status.PUBLISHED, now - hour),
    ):
        linked_article(headline=headline, status=status, published_at=when)

    articles = set(Article.objects.published().values_list("headline", flat=True))
    bylines = Byline.objects.filter(published_filter())
    taggings = Tagging.objects.filter(published_filter())
    through_bylines = Article.objects.filter(published_filter("bylines__"))

    assert articles == {"Published"}
    assert set(bylines.values_list("article__headline", flat=True)) == articles
    assert set(taggings.values_list("article__headline", flat=True)) == articles
    assert set(through_bylines.values_list("headline", flat=True)) == articles


def test_links_made_in_code_copy_their_article():
    article = linked_article(published_at=timezone.now() - datetime.timedelta(days=3))

    assert copies(article) == stored(article)


def test_a_tag_adding_an_article_copies_that_article():
    article = factories.article(published_at=timezone.now() - datetime.timedelta(days=2))
    tag = factories.tag()

    tag.articles.add(article)

    assert copies(article) == {("tagging", "published", article.published_at)}


def test_saving_an_article_with_a_new_status_and_time_updates_its_links():
    article = linked_article()
    article.status = Article.Status.DRAFT
    article.published_at = timezone.now() + datetime.timedelta(days=1)

    article.save()

    assert copies(article) == stored(article)
    assert ("tagging", "draft", article.published_at) in copies(article)


def test_admin_publish_action_updates_the_links(admin_client):
    article = linked_article(status=Article.Status.DRAFT, published_at=None)

    run_action(admin_client, "publish", [article])

    assert copies(article) == stored(article)
    assert {status for _, status, _ in copies(article)} == {"published"}


def test_admin_unpublish_action_takes_the_story_off_its_tag_and_author_pages(admin_client):
    person = factories.author(slug="ana")
    tag = factories.tag(slug="kyiv", kind="place")
    article = factories.article(headline="Withdrawn", authors=[person], tags=[tag])
    factories.article(headline="Kept", authors=[person], tags=[tag])

    run_action(admin_client, "unpublish", [article])

    assert copies(article) == stored(article)
    assert "Withdrawn" not in admin_client.get("/tags/places/kyiv/").content.decode()
    assert "Withdrawn" not in admin_client.get("/authors/ana/").content.decode()


def test_an_imported_article_and_a_reimport_with_a_new_date_keep_the_taggings_in_step(
    tmp_path, seed_text, seed_path
):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    article = Article.objects.get()
    assert copies(article) == {("tagging", "published", article.published_at)}

    changed = tmp_path / "seed.txt"
    changed.write_text(seed_text.replace("February 3, 2026", "February 4, 2026"))
    call_command("import_articles", str(changed), stdout=io.StringIO())

    assert copies(article) == stored(article, ("tagging",))
    assert timezone.localdate(article.published_at) == datetime.date(2026, 2, 4)


def test_loading_the_fixture_fills_the_taggings_copies():
    call_command("loaddata", str(FIXTURE), verbosity=0)

    article = Article.objects.get()
    assert Tagging.objects.filter(article=article).count() == 13
    assert copies(article) == stored(article, ("tagging",))
