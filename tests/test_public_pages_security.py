"""Every public page: read-only (405 to writes, before any CSRF page) and sent with the
security headers a browser needs, from the page cache too. One table of addresses."""

import lxml.html
import pytest
from django.test import Client
from lxml import etree

from articles import previews
from articles.models import Article, Correction
from tests import factories
from tests.test_deployment import PRODUCTION, manage

pytestmark = pytest.mark.django_db

# Every kind of public address, for the published article of the ``full_article`` fixture.
PUBLIC = [
    "/",
    "{article}",
    "/europe/",
    "/tags/topics/defence/",
    "/tags/people/mark-rutte/",
    "/authors/jane-doe/",
    "/authors/andrii-nesterenko/photographs/",
    "/publishers/the-brussels-times/",
    "/corrections/",
    "/search/",
    "/search/?q=Rutte",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/sections/europe/rss/",
    "/feeds/tags/topics/defence/atom/",
    "/feeds/authors/jane-doe/rss/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/sitemap-sections.xml",
    "/sitemap-tags.xml",
    "/sitemap-authors.xml",
    "/robots.txt",
    "/api/ninjs/articles/",
    "/api/ninjs/articles/{uuid}",
]
# Addresses that only send readers on: read-only too, but they have no page of their own.
REDIRECTS = {"/feed/": 301, "/rss/": 301, "/favicon.ico": 302}
WRITES = ["POST", "PUT", "PATCH", "DELETE"]
HTML_PAGES = [
    page for page in PUBLIC if not page.startswith(("/feeds/", "/sitemap", "/robots", "/api/"))
]

HSTS_SECONDS = 31536000
EXPECTED_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
    "Strict-Transport-Security": f"max-age={HSTS_SECONDS}; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.fixture
def address(full_article):
    Correction.objects.create(article=full_article, text="The speech was on Tuesday.")

    def fill(template: str) -> str:
        return template.format(article=full_article.get_absolute_url(), uuid=full_article.uuid)

    return fill


@pytest.fixture
def https_on(settings):
    """What HTTPS=on sets in production (newsportal/settings.py), with TLS at the client."""
    settings.SECURE_HSTS_SECONDS = HSTS_SECONDS
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.parametrize("template", [*PUBLIC, *REDIRECTS])
def test_a_write_to_a_public_address_is_not_allowed_and_says_what_is(address, template):
    client = Client(enforce_csrf_checks=True)  # As a browser: no token, so CSRF would refuse.
    form = b"q=1"

    for method in WRITES:
        response = client.generic(
            method, address(template), form, "application/x-www-form-urlencoded"
        )

        assert response.status_code == 405, (method, template)
        # The API also answers CORS preflights (OPTIONS), and says so.
        allowed = "GET, HEAD, OPTIONS" if template.startswith("/api/") else "GET, HEAD"
        assert response["Allow"] == allowed
        assert not response.cookies
    assert client.get(address(template)).status_code == REDIRECTS.get(template, 200)


def test_a_preview_link_is_read_only_too():
    draft = factories.article(status=Article.Status.DRAFT, published_at=None)
    address = previews.preview_url(draft)
    client = Client(enforce_csrf_checks=True)

    refused = client.post(address)

    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"
    assert client.get(address).status_code == 200


@pytest.mark.parametrize("template", PUBLIC)
def test_every_public_page_carries_the_whole_security_header_set(
    address, https_on, settings, template
):
    settings.PAGE_CACHE = True
    client = Client()

    made = client.get(address(template), secure=True)
    again = client.get(address(template), secure=True)

    assert made.status_code == again.status_code == 200
    assert again.headers.get("X-Page-Cache") == "hit", template  # The stored copy, too.
    for response in (made, again):
        sent = {name: response.headers.get(name) for name in EXPECTED_HEADERS}
        assert sent == EXPECTED_HEADERS, template


@pytest.mark.parametrize("template", HTML_PAGES)
def test_no_public_page_needs_an_inline_script_or_style_the_policy_would_block(address, template):
    """The CSP allows scripts and styles from the site's own files only (no nonces)."""
    page = lxml.html.document_fromstring(Client().get(address(template)).content)

    scripts = [(s.get("src"), s.get("type")) for s in page.iter("script")]
    assert all(src or kind == "application/ld+json" for src, kind in scripts), scripts
    assert page.xpath("//style | //*[@style]") == []
    handlers = [
        (element.tag, name)
        for element in page.iter(etree.Element)
        for name in element.attrib
        if name.lower().startswith("on")
    ]
    assert handlers == []


def test_plain_http_is_sent_to_https_in_production(settings, https_on):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_hsts_is_configurable_for_a_first_deployment():
    env = {**PRODUCTION, "SECURE_HSTS_SECONDS": "300", "SECURE_HSTS_PRELOAD": "off"}
    names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings as s; print(*[getattr(s, n) for n in {names!r}])",
        env=env,
    )

    assert result.stdout.split() == ["300", "True", "False"], result.stderr
