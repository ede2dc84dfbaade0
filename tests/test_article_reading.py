"""What helps a reader place and read an article: times, updates, reading time, breadcrumbs."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from articles.text.excerpts import excerpt
from articles.text.reading import reading_minutes
from tests import factories

MACHINE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
# 3 February 2026, 11:00:00.641350 in Brussels.
WITH_MICROSECONDS = datetime.datetime(2026, 2, 3, 10, 0, 0, 641350, tzinfo=datetime.UTC)


def datetime_values(response) -> list[str]:
    return re.findall(r'<time datetime="([^"]*)"', response.content.decode())


# Times ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_time_on_the_pages_is_a_valid_html_datetime(client):
    section = factories.section(slug="europe", in_navigation=True)
    article = factories.article(published_at=WITH_MICROSECONDS, section=section)
    Article.objects.filter(pk=article.pk).update(updated_at=WITH_MICROSECONDS + _hours(5))

    for path in ("/", "/europe/", article.get_absolute_url()):
        values = datetime_values(client.get(path))

        assert values, path
        assert all(MACHINE_TIME.match(value) for value in values), (path, values)


@pytest.mark.django_db
def test_article_page_shows_when_it_was_updated_after_publication(client):
    article = factories.article(published_at=WITH_MICROSECONDS)
    Article.objects.filter(pk=article.pk).update(
        created_at=WITH_MICROSECONDS, updated_at=WITH_MICROSECONDS + _hours(2)
    )

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<span class="meta__updated"> · Updated '
        '<time datetime="2026-02-03T13:00:00+01:00">3 February 2026, 13:00</time></span>',
        html=True,
    )
    assertContains(
        response, '<meta property="article:modified_time" content="2026-02-03T13:00:00+01:00">'
    )


@pytest.mark.django_db
def test_a_correction_minutes_after_publication_is_not_an_update(client):
    article = factories.article(published_at=WITH_MICROSECONDS)
    Article.objects.filter(pk=article.pk).update(
        created_at=WITH_MICROSECONDS, updated_at=WITH_MICROSECONDS + datetime.timedelta(minutes=5)
    )

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "Updated")


@pytest.mark.django_db
def test_an_old_story_imported_today_is_not_shown_as_updated(client):
    article = factories.article(published_at=WITH_MICROSECONDS)  # Created and saved now.

    response = client.get(article.get_absolute_url())

    assert article.updated_at - article.published_at > datetime.timedelta(days=30)
    assertNotContains(response, "Updated")


def _hours(hours: int) -> datetime.timedelta:
    return datetime.timedelta(hours=hours)


# Reading time -----------------------------------------------------------------------


def test_reading_time_rounds_up_to_whole_minutes_at_230_words_a_minute():
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2


def test_reading_time_does_not_count_markup_as_words():
    assert reading_minutes("<p>" + "<em>one</em> " * 460 + "</p>") == 2


def test_nothing_to_read_takes_no_time():
    assert reading_minutes("", "<p></p>") == 0


@pytest.mark.django_db
def test_article_page_shows_its_reading_time(client):
    article = factories.article(standfirst="word " * 200, body="<p>" + "word " * 300 + "</p>")

    response = client.get(article.get_absolute_url())

    assertContains(response, '<p class="meta__reading">3 min read</p>', html=True)


# Breadcrumbs ------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_page_has_breadcrumbs_home_section_headline(client):
    section = factories.section(name="Europe", slug="europe")
    article = factories.article(headline="NATO chief in Kyiv", section=section)

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol class="breadcrumbs__list">'
        '<li><a href="/">Home</a></li><li><a href="/europe/">Europe</a></li>'
        f'<li><a href="{article.get_absolute_url()}" aria-current="page">'
        "NATO chief in Kyiv</a></li>"
        "</ol></nav>",
        html=True,
    )


# Cards ------------------------------------------------------------------------------


def test_excerpt_keeps_short_text_whole():
    assert excerpt("A short standfirst.", 300) == "A short standfirst."


def test_excerpt_cuts_at_the_last_whole_word_that_fits():
    assert (
        excerpt("The council approved the budget, narrowly.", 33)
        == "The council approved the budget…"
    )


def test_excerpt_cuts_a_single_overlong_word():
    assert excerpt("x" * 500, 10) == "x" * 9 + "…"


@pytest.mark.django_db
def test_lists_read_only_the_start_of_the_standfirst_and_none_of_the_body(client):
    factories.article(standfirst="S" * 5000, body="<p>" + "B" * 5000 + "</p>")

    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    selected = "\n".join(query["sql"] for query in queries.captured_queries)
    assert '"articles_article"."body"' not in selected
    whole = r'(?<!SUBSTR\()(?<!SUBSTRING\()"articles_article"\."standfirst"'
    assert not re.search(whole, selected)
    assert re.search(r'SUBSTR(ING)?\("articles_article"\."standfirst", 1, 301\)', selected)


@pytest.mark.django_db
def test_card_without_the_opening_read_uses_the_whole_standfirst():
    article = factories.article(standfirst="Opening words.")

    fetched = Article.objects.get(pk=article.pk)

    assert fetched.card_standfirst == "Opening words."


@pytest.mark.django_db
def test_published_time_with_microseconds_is_kept_in_the_database():
    # The page drops microseconds; the stored moment keeps them, for ordering.
    article = factories.article(published_at=WITH_MICROSECONDS)

    article.refresh_from_db()

    assert article.published_at == WITH_MICROSECONDS
    assert timezone.is_aware(article.published_at)
