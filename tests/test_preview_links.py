"""Preview links: a draft shown to someone without an account, signed, expiring, revocable."""

import datetime
import re
import time
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from articles import previews
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

HOUR = 3600


def draft(**fields) -> Article:
    fields = {"headline": "Secret budget plan", "published_at": None, **fields}
    return factories.article(status=Article.Status.DRAFT, **fields)


def path_of(url: str) -> str:
    return urlsplit(url).path


def follow(url: str):
    """The link followed by someone who has never logged in."""
    return Client().get(path_of(url))


@pytest.fixture
def clock(monkeypatch):
    """Moves the signer's clock (``time.time`` as django.core.signing reads it) forward."""
    start = time.time()

    def move(hours: float) -> None:
        monkeypatch.setattr(signing.time, "time", lambda: start + hours * HOUR)

    return move


# What the link shows ------------------------------------------------------------


def test_a_preview_link_shows_the_draft_to_someone_without_an_account():
    article = draft(body="<p>The plan in full.</p>")

    response = follow(previews.preview_url(article))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Secret budget plan" in content
    assert "The plan in full." in content
    assert "Preview link: readers cannot see this article yet." in content
    # The page readers will get: the article template, its canonical address.
    assert response.templates[0].name == "articles/article_detail.html"
    doc = lxml_html.fromstring(response.content)
    assert doc.xpath("//link[@rel='canonical']/@href") == [
        f"http://testserver{article.get_absolute_url()}"
    ]


def test_a_preview_link_shows_a_scheduled_article_before_its_time():
    article = factories.article(
        headline="Embargoed story", published_at=timezone.now() + datetime.timedelta(days=1)
    )

    response = follow(previews.preview_url(article))

    assert response.status_code == 200
    assert "Embargoed story" in response.content.decode()


def test_a_preview_link_is_on_site_url_with_a_signed_token(settings):
    settings.SITE_URL = "https://news.example"
    article = draft()

    url = previews.preview_url(article)

    assert re.fullmatch(r"https://news\.example/preview/[0-9a-f]{32}\.0:[^/]+:[^/]+/", url)


def test_a_preview_is_never_cached_never_indexed_and_sends_no_referer():
    response = follow(previews.preview_url(draft()))

    cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache", "max-age=0"} <= cache_control
    assert "public" not in cache_control
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    doc = lxml_html.fromstring(response.content)
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_a_preview_of_an_article_published_since_is_still_noindex():
    article = draft()
    url = previews.preview_url(article)
    article.status = Article.Status.PUBLISHED
    article.save()

    response = follow(url)

    assert response.status_code == 200
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert lxml_html.fromstring(response.content).xpath("//meta[@name='robots']/@content") == [
        "noindex"
    ]


def test_a_preview_is_not_counted_as_a_read(monkeypatch):
    counted = []
    monkeypatch.setattr("articles.views.pages.record_read", lambda *args: counted.append(args))

    follow(previews.preview_url(draft()))

    assert counted == []


# When the link stops working ----------------------------------------------------


def test_a_preview_link_works_for_48_hours_then_expires(clock):
    url = previews.preview_url(draft())

    clock(47.9)
    assert follow(url).status_code == 200
    clock(48.1)
    response = follow(url)

    assert response.status_code == 410
    assert "This preview link has expired: preview links work for 48 hours." in (
        response.content.decode()
    )
    assert "no-store" in response.headers["Cache-Control"]
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_the_lifetime_comes_from_settings(settings, clock):
    settings.PREVIEW_LINK_HOURS = 2
    url = previews.preview_url(draft())

    clock(1.9)
    assert follow(url).status_code == 200
    clock(2.1)
    assert follow(url).status_code == 410


def test_a_revoked_link_fails_and_a_new_one_works():
    article = draft()
    old = previews.preview_url(article)

    previews.revoke(article)
    new = previews.preview_url(article)

    response = follow(old)
    assert response.status_code == 410
    assert "This preview link was withdrawn by the newsroom" in response.content.decode()
    assert follow(new).status_code == 200


def test_a_link_to_an_article_since_deleted_is_gone():
    article = draft()
    url = previews.preview_url(article)
    article.delete()

    assert follow(url).status_code == 410


def test_a_link_signed_with_another_secret_fails(settings):
    url = previews.preview_url(draft())

    settings.SECRET_KEY = "another-secret-" + "x" * 50
    response = follow(url)

    assert response.status_code == 404
    assert "This is not a valid preview link" in response.content.decode()


def test_a_link_changed_by_hand_fails():
    article, other = draft(), draft(headline="Other draft")
    token = path_of(previews.preview_url(article)).split("/")[2]
    forged = token.replace(article.uuid.hex, other.uuid.hex)

    assert follow(f"/preview/{forged}/").status_code == 404
    assert follow(f"/preview/{token[:-1]}/").status_code == 404


def test_another_signature_of_the_site_is_not_a_preview_link():
    article = draft()
    value = f"{article.uuid.hex}.{article.preview_version}"

    token = signing.TimestampSigner().sign(value)  # The default salt, not the previews'.

    assert follow(f"/preview/{token}/").status_code == 404


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token=st.text(min_size=1, max_size=200))
def test_any_token_is_refused_with_a_reason_never_a_500(token):
    response = Client().get(f"/preview/{quote(token, safe='')}/")

    assert response.status_code in (404, 410)


# Nothing leaks ------------------------------------------------------------------


def test_a_previewed_draft_stays_out_of_lists_feeds_sitemaps_search_and_the_api(settings):
    settings.SITE_URL = "http://testserver"
    section = factories.section(slug="desk")
    factories.article(headline="Public story", section=section)
    article = draft(section=section)
    assert follow(previews.preview_url(article)).status_code == 200

    anonymous = Client()
    for address in (
        "/",
        "/desk/",
        "/corrections/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/search/?q=budget",
        "/api/ninjs/articles/",
    ):
        response = anonymous.get(address)
        assert response.status_code == 200, address
        content = response.content.decode()
        assert "Secret budget plan" not in content, address
        assert "/preview/" not in content, address
    assert anonymous.get(article.get_absolute_url()).status_code == 404


# The admin ----------------------------------------------------------------------


def staff(*permissions: str, name: str = "editor"):
    user = get_user_model().objects.create_user(name, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    return user


def change_page(client, article: Article):
    return client.get(reverse("admin:articles_article_change", args=[article.pk]))


def test_the_article_s_admin_page_shows_a_working_preview_link():
    article = draft()
    editor = Client()
    editor.force_login(staff("view_article", "change_article", "edit_any_article"))

    response = change_page(editor, article)

    doc = lxml_html.fromstring(response.content)
    (link,) = doc.xpath("//a[@class='preview-link']/@href")
    assert link.startswith("http://testserver/preview/")
    assert follow(link).status_code == 200
    assert doc.xpath("//button[@name='_revoke_preview']/@formaction") == [
        reverse("admin:articles_article_revoke_preview", args=[article.pk])
    ]


def test_the_revoke_button_ends_every_link_given_out():
    article = draft()
    given_out = previews.preview_url(article)
    editor = Client()
    editor.force_login(staff("view_article", "change_article", "edit_any_article"))
    revoke = reverse("admin:articles_article_revoke_preview", args=[article.pk])

    response = editor.post(revoke, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert "has stopped working" in response.content.decode()
    assert follow(given_out).status_code == 410
    (new,) = lxml_html.fromstring(response.content).xpath("//a[@class='preview-link']/@href")
    assert follow(new).status_code == 200


def test_revoking_is_a_post_only():
    article = draft()
    editor = Client()
    editor.force_login(staff("view_article", "change_article", "edit_any_article"))

    response = editor.get(reverse("admin:articles_article_revoke_preview", args=[article.pk]))

    assert response.status_code == 405
    assert Article.objects.get(pk=article.pk).preview_version == 0


def test_someone_who_may_only_view_the_article_gets_no_link_and_cannot_revoke():
    article = factories.article()  # Published: a viewer who is no editor sees no one's drafts.
    given_out = previews.preview_url(article)
    viewer = Client()
    viewer.force_login(staff("view_article", name="viewer"))

    page = change_page(viewer, article)
    response = viewer.post(reverse("admin:articles_article_revoke_preview", args=[article.pk]))

    assert page.status_code == 200
    assert b"preview-link" not in page.content
    assert response.status_code == 403
    assert follow(given_out).status_code == 200


def test_revoking_a_missing_article_is_a_404():
    editor = Client()
    editor.force_login(staff("view_article", "change_article", "edit_any_article"))

    response = editor.post(reverse("admin:articles_article_revoke_preview", args=[999999]))

    assert response.status_code == 404


def test_a_new_article_s_admin_page_has_no_preview_link():
    editor = Client()
    editor.force_login(staff("view_article", "add_article", "change_article", "edit_any_article"))

    response = editor.get(reverse("admin:articles_article_add"))

    assert response.status_code == 200
    assert b"preview-link" not in response.content
