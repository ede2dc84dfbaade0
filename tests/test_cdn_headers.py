"""What a CDN in front of the site may keep: public pages briefly, nothing personal, ever.

One table of every public surface (each must say ``public`` with ``s-maxage`` and
``stale-while-revalidate``, vary on Cookie and set no cookie) and one of every
answer no shared cache may keep (the admin, preview links, anyone logged in, form
answers, error pages), each with ``private`` and ``no-store`` and no shared
lifetime. Whatever the site does not mark public says so: no answer is left for
a CDN's own heuristics to keep.
"""

import re
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from articles import previews
from articles.models import Article, Tag
from articles.views.lists import HomeView
from tests import factories

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    """Cache-Control as {directive: value}, names lower-cased."""
    parts = re.split(r"\s*,\s*", response.headers.get("Cache-Control", "").strip())
    return {
        name.lower(): value for name, _, value in (part.partition("=") for part in parts if part)
    }


@pytest.fixture
def site():
    section = factories.section(name="Brussels", slug="brussels")
    author = factories.author(name="Jane Doe", slug="jane-doe", role="photographer")
    tag = factories.tag(name="Trams", slug="trams", kind=Tag.Kind.TOPIC)
    article = factories.article(
        headline="Tram line 9 opens",
        section=section,
        authors=[author],
        tags=[tag],
        lead_image=factories.image(photographer=author),
    )
    draft = factories.article(
        headline="Embargoed draft", status=Article.Status.DRAFT, published_at=None
    )
    return {
        "article": article,
        "section": section,
        "author": author,
        "tag": tag,
        "publisher": article.publisher,
        "draft": draft,
    }


PUBLIC = {
    "home": lambda site: "/",
    "article": lambda site: site["article"].get_absolute_url(),
    "section": lambda site: site["section"].get_absolute_url(),
    "author": lambda site: site["author"].get_absolute_url(),
    "photographs": lambda site: site["author"].get_photographs_url(),
    "publisher": lambda site: site["publisher"].get_absolute_url(),
    "tag": lambda site: site["tag"].get_absolute_url(),
    "search": lambda site: "/search/?q=tram",
    "corrections": lambda site: reverse("articles:corrections"),
    "site feed": lambda site: reverse("feeds:site-rss"),
    "section feed": lambda site: f"/feeds/sections/{site['section'].slug}/rss/",
    "sitemap index": lambda site: "/sitemap.xml",
    "robots.txt": lambda site: "/robots.txt",
    "API list": lambda site: "/api/ninjs/articles/",
    "API article": lambda site: f"/api/ninjs/articles/{site['article'].uuid}",
}


@pytest.mark.parametrize("surface", PUBLIC)
def test_an_anonymous_public_page_may_be_kept_briefly_by_shared_caches(client, site, surface):
    address = PUBLIC[surface](site)

    response = client.get(address)

    assert response.status_code == 200, address
    cache_control = directives(response)
    assert "public" in cache_control, (address, cache_control)
    assert cache_control["s-maxage"] == str(settings.PAGE_SHARED_MAX_AGE), address
    assert cache_control["stale-while-revalidate"] == str(settings.PAGE_SHARED_MAX_AGE), address
    assert int(cache_control["max-age"]) <= settings.PAGE_SHARED_MAX_AGE, address
    assert not {"private", "no-store", "no-cache"} & set(cache_control), address
    # Varies on Cookie only: the page is the same for every anonymous reader (addresses
    # come from SITE_URL, nothing compresses here: nginx adds Accept-Encoding when it does).
    assert [name.strip() for name in response.headers["Vary"].split(",")] == ["Cookie"], address
    assert not response.cookies, address


def _logged_in_article(client, admin_client, site):
    return admin_client.get(site["article"].get_absolute_url())


def _logged_in_home(client, admin_client, site):
    return admin_client.get("/")


def _admin_login(client, admin_client, site):
    return client.get("/admin/login/")


def _admin_index(client, admin_client, site):
    return admin_client.get(reverse("admin:index"))


def _admin_list(client, admin_client, site):
    return admin_client.get(reverse("admin:articles_article_changelist"))


def _preview(client, admin_client, site):
    return client.get(previews.preview_url(site["draft"]).removeprefix("http://testserver"))


def _revoked_preview(client, admin_client, site):
    address = previews.preview_url(site["draft"]).removeprefix("http://testserver")
    previews.revoke(site["draft"])
    return client.get(address)


def _not_found(client, admin_client, site):
    return client.get("/2020/01/01/no-such-story/")


def _draft_address(client, admin_client, site):
    # A scheduled story's address asked early must not be kept as "not found" at its time.
    return client.get(site["draft"].get_absolute_url())


def _api_not_found(client, admin_client, site):
    return client.get("/api/ninjs/articles/no-such-id")


def _post_to_a_public_page(client, admin_client, site):
    return client.post("/", {"q": "tram"})


def _failed_login(client, admin_client, site):
    return client.post("/admin/login/", {"username": "nobody", "password": "wrong"})


def _server_error(client, admin_client, site):
    client.raise_request_exception = False
    with mock.patch.object(HomeView, "get", side_effect=RuntimeError("database password=…")):
        return client.get("/")


PRIVATE = {
    "article page, logged in": _logged_in_article,
    "home page, logged in": _logged_in_home,
    "admin login page": _admin_login,
    "admin home": _admin_index,
    "admin list": _admin_list,
    "preview link": _preview,
    "revoked preview link": _revoked_preview,
    "page not found": _not_found,
    "draft's address": _draft_address,
    "API not found": _api_not_found,
    "POST to a public page": _post_to_a_public_page,
    "failed admin login": _failed_login,
    "server error": _server_error,
}


@pytest.mark.parametrize("answer", PRIVATE)
def test_no_shared_cache_may_keep_a_private_or_error_answer(client, admin_client, site, answer):
    response = PRIVATE[answer](client, admin_client, site)

    cache_control = directives(response)
    assert "private" in cache_control, (response.status_code, cache_control)
    assert "no-store" in cache_control, (response.status_code, cache_control)
    assert not {"public", "s-maxage", "stale-while-revalidate"} & set(cache_control)
