"""Whole pages for anonymous readers: served again for nothing, never stale, never personal.

Every test here turns the page cache on (tests/conftest.py turns it off for the
rest of the suite, whose query counts measure pages as they are made). The
surface tables of tests/test_unpublished_stay_out.py and tests/test_scheduling.py
run here again with it on: drafts and scheduled articles stay out of cached
pages too, and a scheduled article appears on every cached surface at its time.
"""

import datetime
import re
import time
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles import caching, previews
from articles.models import Article, Correction, RelatedLink
from articles.page_cache import STATUS_HEADER
from articles.popularity import current_hour, fold_reads
from tests import factories
from tests.test_popularity import BROWSER, stored_reads
from tests.test_scheduling import (  # noqa: F401  (run again, with the page cache on)
    test_a_scheduled_article_appears_on_every_surface_at_its_time,
    test_a_scheduled_lead_story_takes_the_front_page_at_its_time,
)
from tests.test_unpublished_stay_out import (  # noqa: F401  (run again, with the page cache on)
    SURFACES,
    test_an_unpublished_article_has_no_page_and_no_api_document,
    test_only_the_published_article_reaches_the_public,
)
from tests.test_unpublished_stay_out import three_articles as three_articles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


def get(client, address: str, **headers):
    return client.get(address, HTTP_USER_AGENT=BROWSER, **headers)


def served_from_cache(response) -> bool:
    return response.headers.get(STATUS_HEADER) == "hit"


# Served again for nothing ------------------------------------------------------------


def test_the_second_anonymous_request_for_an_article_costs_no_query(
    client, django_assert_num_queries
):
    article = factories.article(headline="Tram line 9 opens", authors=[factories.author()])
    first = get(client, article.get_absolute_url())

    with django_assert_num_queries(0):
        second = get(client, article.get_absolute_url())

    assert first.headers[STATUS_HEADER] == "miss"
    assert served_from_cache(second)
    assert second.content == first.content
    assert "Tram line 9 opens" in second.content.decode()


def test_a_page_made_afresh_reads_the_generation_from_the_cache_once(client):
    # The page's key, Related News and Most read all need it: one read serves them.
    article = factories.article(section=factories.section(), tags=[factories.tag()])
    factories.article(section=article.section)
    reads = mock.Mock(wraps=caching._generation)

    with mock.patch.object(caching, "_generation", reads):
        made = get(client, article.get_absolute_url())
        assert made.headers[STATUS_HEADER] == "miss"
        assert reads.call_count == 1
        assert served_from_cache(get(client, article.get_absolute_url()))
        assert reads.call_count == 2


def test_a_change_within_a_request_is_worked_out_under_the_new_generation():
    with caching.one_generation():
        before = caching.generation()
        caching.bump_generation()
        after = caching.generation()

    assert after != before
    assert caching.generation() == after


def test_a_page_cached_before_a_change_committed_is_made_again_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    """A reader between a change and its commit stored the page from the rows as they were."""
    article = factories.article(headline="Tram line 9 opens")
    rows = Article.objects.filter(pk=article.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.headline = "Tram line 9 opens a week late"
        article.save()
        # Another connection does not see the change before the commit: played here
        # by putting the old headline back (an update sends no signal) while it reads.
        rows.update(headline="Tram line 9 opens")
        stale = get(client, article.get_absolute_url())
        rows.update(headline="Tram line 9 opens a week late")
        assert "a week late" not in stale.content.decode()
        assert served_from_cache(get(client, article.get_absolute_url()))

    assert "a week late" in get(client, article.get_absolute_url()).content.decode()


def test_a_transaction_bumps_once_more_on_commit_however_much_it_changed(
    django_capture_on_commit_callbacks,
):
    bumps = mock.Mock(wraps=caching._next_generation)
    with mock.patch.object(caching, "_next_generation", bumps):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for n in range(3):
                factories.article(headline=f"Story {n}")
            during = bumps.call_count
        assert during >= 3  # Each change, at once: its own request reads afresh.
        assert bumps.call_count == during + 1  # And one more for them all on commit.


def test_a_batch_of_changes_makes_one_generation_at_its_end():
    bumps = mock.Mock(wraps=caching._next_generation)
    with mock.patch.object(caching, "_next_generation", bumps):
        before = caching.generation()
        with caching.bumps_batched():
            for n in range(3):
                factories.article(headline=f"Story {n}")
            assert bumps.call_count == 0
            assert caching.generation() == before
        assert bumps.call_count == 1
    assert caching.generation() != before


@pytest.mark.parametrize(
    "address", ["/", "/?page=2", "/search/?q=tram", "/feeds/rss/", "/api/ninjs/articles/"]
)
def test_every_public_list_is_served_again_without_a_query(
    client, django_assert_num_queries, address
):
    for number in range(25):
        factories.article(headline=f"Tram story {number}")
    first = get(client, address)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = get(client, address)

    assert served_from_cache(second)
    assert second.content == first.content


def test_each_query_string_is_a_page_of_its_own(client):
    for number in range(25):
        factories.article(headline=f"Tram story {number}")

    first, second = get(client, "/"), get(client, "/?page=2")

    assert first.content != second.content
    assert not served_from_cache(second)


def test_with_the_page_cache_off_every_request_makes_the_page(client, settings):
    settings.PAGE_CACHE = False
    article = factories.article()
    get(client, article.get_absolute_url())

    again = get(client, article.get_absolute_url())

    assert STATUS_HEADER not in again.headers


# Never stale: each change shows on the next request -------------------------------------


def test_an_edited_headline_shows_on_the_next_request(client):
    article = factories.article(headline="Tram line 9 opens")
    get(client, article.get_absolute_url())
    get(client, "/")

    article.headline = "Tram line 9 opens a week late"
    article.save()

    assert "a week late" in get(client, article.get_absolute_url()).content.decode()
    assert "a week late" in get(client, "/").content.decode()


def test_a_published_draft_shows_on_the_next_request(client):
    section = factories.section(name="Belgium", slug="belgium")
    factories.article(headline="Older story", section=section)
    draft = factories.article(
        headline="Budget agreed", section=section, status=Article.Status.DRAFT, published_at=None
    )
    for address in ("/", "/belgium/", "/feeds/rss/"):
        assert "Budget agreed" not in get(client, address).content.decode()
        assert served_from_cache(get(client, address))

    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.save()

    for address in ("/", "/belgium/", "/feeds/rss/"):
        assert "Budget agreed" in get(client, address).content.decode(), address
    assert get(client, draft.get_absolute_url()).status_code == 200


def test_a_correction_shows_on_the_next_request(client):
    article = factories.article()
    get(client, article.get_absolute_url())
    assert served_from_cache(get(client, article.get_absolute_url()))

    Correction.objects.create(article=article, text="The vote was 12 to 9, not 12 to 8.")

    page = get(client, article.get_absolute_url())
    assert "The vote was 12 to 9, not 12 to 8." in page.content.decode()
    assert "The vote was 12 to 9" in get(client, "/corrections/").content.decode()


def test_a_scheduled_article_shows_on_the_first_request_after_its_time(client):
    factories.article(headline="The current story")
    coming = factories.article(
        headline="The scheduled story", published_at=timezone.now() + datetime.timedelta(hours=2)
    )
    assert "The scheduled story" not in get(client, "/").content.decode()
    assert served_from_cache(get(client, "/"))

    later = coming.published_at + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        home = get(client, "/")
        page = get(client, coming.get_absolute_url())

    assert "The scheduled story" in home.content.decode()
    assert page.status_code == 200


def test_a_related_article_changing_shows_on_the_next_request(client):
    older = factories.article(headline="NATO chief arrives in Kyiv")
    article = factories.article(headline="Rutte speaks", related=[older])
    assert "NATO chief arrives in Kyiv" in get(client, article.get_absolute_url()).content.decode()

    older.headline = "NATO chief arrives in Kyiv by night train"
    older.save()

    page = get(client, article.get_absolute_url()).content.decode()
    assert "NATO chief arrives in Kyiv by night train" in page


def test_a_related_link_added_shows_on_the_next_request(client):
    article = factories.article(headline="Rutte speaks")
    other = factories.article(headline="Kyiv counts the damage")
    link = f'<a href="{other.get_absolute_url()}"'
    assert link not in get(client, article.get_absolute_url()).content.decode()

    RelatedLink.objects.create(source=article, target=other, position=0)

    page = get(client, article.get_absolute_url()).content.decode()
    assert f'<a href="{other.get_absolute_url()}"' in page


def test_a_renamed_section_shows_on_the_next_request(client):
    section = factories.section(name="Belgium", slug="belgium")
    article = factories.article(section=section)
    get(client, article.get_absolute_url())
    get(client, "/")

    section.name = "Belgium and Luxembourg"
    section.save()

    assert "Belgium and Luxembourg" in get(client, article.get_absolute_url()).content.decode()
    assert "Belgium and Luxembourg" in get(client, "/").content.decode()


def test_a_renamed_author_shows_on_the_next_request(client):
    person = factories.author(name="Ada Reporter", slug="ada-reporter")
    article = factories.article(authors=[person])
    get(client, article.get_absolute_url())

    person.name = "Ada Lovelace-Reporter"
    person.save()

    assert "Ada Lovelace-Reporter" in get(client, article.get_absolute_url()).content.decode()


# Never personal ---------------------------------------------------------------------


def test_staff_get_a_fresh_page_and_it_is_never_stored_for_readers(client, admin_client):
    article = factories.article(headline="Tram line 9 opens")
    draft = factories.article(
        headline="Secret draft", status=Article.Status.DRAFT, published_at=None
    )
    get(client, article.get_absolute_url())  # Stored for readers.

    staff_page = admin_client.get(article.get_absolute_url())
    staff_draft = admin_client.get(draft.get_absolute_url())

    assert STATUS_HEADER not in staff_page.headers
    assert staff_draft.status_code == 200  # Staff see the draft, with its notice.
    for response in (staff_page, staff_draft):
        assert "private" in response.headers["Cache-Control"]
        assert "no-store" in response.headers["Cache-Control"]
        assert "public" not in response.headers["Cache-Control"]
    # The draft staff saw was never stored: readers still get no page.
    assert get(client, draft.get_absolute_url()).status_code == 404
    assert get(client, draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in get(client, "/").content.decode()


def test_a_page_first_made_for_staff_is_made_again_for_readers(client, admin_client):
    article = factories.article()
    admin_client.get(article.get_absolute_url())

    reader = get(client, article.get_absolute_url())

    assert reader.headers[STATUS_HEADER] == "miss"
    assert "public" in reader.headers["Cache-Control"]


def test_a_preview_link_is_never_cached(client):
    draft = factories.article(
        headline="Embargoed draft", status=Article.Status.DRAFT, published_at=None
    )
    url = previews.preview_url(draft)
    path = url.removeprefix("http://testserver")

    first, second = get(client, path), get(client, path)

    assert first.status_code == second.status_code == 200
    assert STATUS_HEADER not in first.headers and STATUS_HEADER not in second.headers
    assert "no-store" in second.headers["Cache-Control"]
    previews.revoke(draft)
    assert get(client, path).status_code == 410


def test_the_admin_is_never_cached(client):
    login = client.get(reverse("admin:login"))

    assert STATUS_HEADER not in login.headers
    assert STATUS_HEADER not in client.get(reverse("admin:login")).headers


@pytest.mark.parametrize("address", SURFACES)
def test_no_public_page_carries_a_csrf_token_or_sets_a_cookie(
    client,
    three_articles,
    address,
):
    address = address.format(published=three_articles["published"].get_absolute_url())

    response = get(client, address)

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert served_from_cache(get(client, address)), address


# Most read still counts ---------------------------------------------------------------


def test_a_cached_article_page_still_counts_its_read(client):
    article = factories.article()

    get(client, article.get_absolute_url())
    assert served_from_cache(get(client, article.get_absolute_url()))
    assert served_from_cache(get(client, article.get_absolute_url()))
    fold_reads()

    assert stored_reads() == {(article.pk, current_hour()): 3}


def test_a_robot_served_a_cached_page_is_not_counted(client):
    article = factories.article()
    get(client, article.get_absolute_url())

    cached = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")
    fold_reads()

    assert served_from_cache(cached)
    assert stored_reads() == {(article.pk, current_hour()): 1}


# HTTP caching headers -----------------------------------------------------------------


def test_a_public_page_is_revalidated_by_browsers_and_kept_briefly_by_shared_caches(client):
    article = factories.article()

    for response in (get(client, article.get_absolute_url()), get(client, "/")):
        directives = set(re.split(r"\s*,\s*", response.headers["Cache-Control"]))
        assert {"public", "max-age=0", "s-maxage=10", "stale-while-revalidate=10"} <= directives
        assert response.headers["ETag"]
        assert response.headers["Last-Modified"]


@pytest.mark.parametrize("address", ["{article}", "/", "/feeds/rss/"])
def test_a_public_page_varies_on_cookie_so_a_browser_never_shows_it_after_a_login(client, address):
    article = factories.article()
    address = address.format(article=article.get_absolute_url())

    first, again = get(client, address), get(client, address)

    for response in (first, again):
        assert "Cookie" in response.headers["Vary"]


@pytest.mark.parametrize("cached", [True, False])
def test_a_reader_who_has_the_page_gets_a_304(client, settings, cached):
    settings.PAGE_CACHE = cached
    article = factories.article()
    first = get(client, article.get_absolute_url())

    again = get(client, article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_the_api_keeps_its_own_etag_when_its_answer_is_stored(client):
    factories.article()
    head = client.head("/api/ninjs/articles/")

    stored, served = client.get("/api/ninjs/articles/"), client.get("/api/ninjs/articles/")

    assert served_from_cache(served)
    assert head.headers["ETag"] == stored.headers["ETag"] == served.headers["ETag"]
    again = client.get("/api/ninjs/articles/", HTTP_IF_NONE_MATCH=served.headers["ETag"])
    assert again.status_code == 304


def test_a_feed_with_its_newest_story_unpublished_is_not_answered_304_by_date(client):
    factories.article(headline="Older story", published_at=timezone.now() - datetime.timedelta(2))
    newest = factories.article(headline="Newest story")
    first = get(client, "/feeds/rss/")

    newest.status = Article.Status.DRAFT
    newest.save()
    a_minute_later = http_date(time.time() + 60)  # Last-Modified counts whole seconds.
    with mock.patch("articles.page_cache.http_date", return_value=a_minute_later):
        again = get(client, "/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"])

    assert again.status_code == 200
    assert "Newest story" not in again.content.decode()


def test_a_changed_page_gets_a_new_etag(client):
    article = factories.article(headline="Tram line 9 opens")
    first = get(client, article.get_absolute_url())
    article.headline = "Tram line 9 opens late"
    article.save()

    again = get(client, article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])

    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]


def test_a_cached_page_is_not_served_to_a_host_the_site_does_not_answer_for(client):
    article = factories.article()
    get(client, article.get_absolute_url())

    assert get(client, article.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_a_page_not_found_is_not_stored(client):
    first = get(client, "/2026/01/01/no-such-story/")
    second = get(client, "/2026/01/01/no-such-story/")

    assert first.status_code == second.status_code == 404
    assert STATUS_HEADER not in second.headers
