"""Hostile text in every content field is shown as text on every surface, never run.

One article whose every field holds markup that would run if printed raw
(``</script>`` to end the JSON-LD, a script, an attribute break with
``"onload=``, an event handler, a ``javascript:`` address). Each surface is one
row: it must parse (HTML, XML, JSON), carry no script, handler or
``javascript:`` address that the site did not write, and show each field it
shows exactly as typed, so escaping is proven by what a reader gets back.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import feedparser
import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from lxml import etree

from articles.models import Article, Author, Image, Publisher, Section, Tag
from tests import factories, pictures

pytestmark = pytest.mark.django_db

ATTACK = '</script><script>x()</script>"onload="x()\'><b onclick=x()>javascript:x()'


def hostile(field: str) -> str:
    """The field's own name, so each value can be told apart, then the attack."""
    return f"{field} {ATTACK}"


FIELDS = [
    "headline",
    "standfirst",
    "body",
    "caption",
    "agency",
    "photographer",
    "author",
    "bio",
    "tag",
    "section",
    "publisher",
]


@pytest.fixture
def site(settings, tmp_path, django_capture_on_commit_callbacks) -> Article:
    settings.MEDIA_ROOT = tmp_path
    settings.PICTURE_WIDTHS = [320]
    settings.PICTURE_CARD_WIDTHS = [320]
    with django_capture_on_commit_callbacks(execute=True):
        photographer = factories.author(
            name=hostile("photographer"), slug="hostile-photographer", role="photographer"
        )
        picture = factories.image(
            file=ContentFile(pictures.jpeg((400, 300)), name="hostile.jpg"),
            caption=hostile("caption"),
            alt_text=hostile("alt"),
            agency=hostile("agency"),
            photographer=photographer,
        )
        # Written in code, past the form's URL check: a javascript: address must still not link.
        publisher = factories.publisher(
            name=hostile("publisher"), slug="hostile-publisher", website="javascript:x()"
        )
        return factories.article(
            headline=hostile("headline"),
            slug="hostile-story",
            standfirst=hostile("standfirst"),
            body=(
                f"<p>{escape(hostile('body'))}</p>"
                '<p><a href="javascript:x()">a link</a><img src=x onerror=x()></p>'
                "<script>x()</script>"
            ),
            publisher=publisher,
            section=factories.section(name=hostile("section"), slug="hostile-section"),
            lead_image=picture,
            authors=[factories.author(name=hostile("author"), slug="hostile", bio=hostile("bio"))],
            tags=[factories.tag(name=hostile("tag"), slug="hostile-tag")],
        )


# What every HTML answer must be --------------------------------------------------------

DATA_SCRIPTS = {"application/ld+json", "application/json"}
# Attributes a browser follows or loads: a javascript: address in one of them runs.
ADDRESSES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href"}


def inert(content: bytes) -> lxml.html.HtmlElement:
    """The page parsed; fails if anything in it could run that the site did not write."""
    page = lxml.html.document_fromstring(content)
    for script in page.iter("script"):
        if script.get("src"):
            src = script.get("src")
            assert src.startswith("/") and not src.startswith("//"), src  # The site's own.
            continue
        assert script.get("type") in DATA_SCRIPTS, etree.tostring(script)[:200]
        json.loads(script.text)  # The </script> in a value did not end the element early.
    for element in page.iter(etree.Element):
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            if name.lower() in ADDRESSES:
                assert "javascript:" not in value.lower(), (element.tag, name, value)
    return page


def shown_text(page: lxml.html.HtmlElement) -> str:
    body = page.find("body")
    return body.text_content() if body is not None else ""


@dataclass(frozen=True)
class Page:
    name: str
    address: Callable[[Article], str]
    shows: tuple[str, ...]


PAGES = [
    Page(
        "article",
        lambda a: a.get_absolute_url(),
        (
            "headline",
            "standfirst",
            "body",
            "caption",
            "agency",
            "photographer",
            "author",
            "tag",
            "section",
            "publisher",
        ),
    ),
    Page("home", lambda a: "/", ("headline", "standfirst", "section")),
    Page("section", lambda a: a.section.get_absolute_url(), ("section", "headline")),
    Page("tag", lambda a: a.tags.get().get_absolute_url(), ("tag", "headline")),
    Page("author", lambda a: "/authors/hostile/", ("author", "bio", "headline")),
    Page(
        "photographs",
        lambda a: "/authors/hostile-photographer/photographs/",
        ("photographer", "headline"),
    ),
    Page("publisher", lambda a: a.publisher.get_absolute_url(), ("publisher", "headline")),
    Page("search", lambda a: "/search/?q=headline", ("headline",)),
]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_public_pages_show_hostile_text_as_text(site, page):
    response = Client().get(page.address(site))

    assert response.status_code == 200
    text = shown_text(inert(response.content))
    for field in page.shows:
        assert hostile(field) in text, field


def test_the_article_pages_json_ld_reads_back_every_value_intact(site):
    page = inert(Client().get(site.get_absolute_url()).content)

    graphs = [
        json.loads(s.text) for s in page.iter("script") if s.get("type") == "application/ld+json"
    ]
    values = set(strings(graphs))

    for field in ("headline", "author", "publisher", "caption", "section"):
        assert hostile(field) in values, field


def test_a_javascript_address_written_in_code_is_never_a_link_or_a_url(site):
    page = inert(Client().get(site.publisher.get_absolute_url()).content)
    article = inert(Client().get(site.get_absolute_url()).content)

    assert page.xpath("//a[contains(@href, 'x()')]") == []
    graphs = [
        json.loads(s.text) for s in article.iter("script") if s.get("type") == "application/ld+json"
    ]
    assert "javascript:x()" not in set(strings(graphs))


# The admin ----------------------------------------------------------------------------

ADMIN_MODELS = [
    (Article, "headline", lambda a: a),
    (Author, "author", lambda a: a.authors.get()),
    (Author, "photographer", lambda a: a.lead_image.photographer),
    (Image, "caption", lambda a: a.lead_image),
    (Tag, "tag", lambda a: a.tags.get()),
    (Section, "section", lambda a: a.section),
    (Publisher, "publisher", lambda a: a.publisher),
]


def admin_name(model, suffix: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{suffix}"


@pytest.mark.parametrize(
    ("model", "field", "row"), ADMIN_MODELS, ids=[f for _m, f, _r in ADMIN_MODELS]
)
def test_admin_lists_show_hostile_text_as_text(admin_client, site, model, field, row):
    response = admin_client.get(reverse(admin_name(model, "changelist")))

    assert response.status_code == 200
    assert hostile(field) in shown_text(inert(response.content)), field


# Each change form: the values in their inputs, as typed (the form would save them back).
FORM_VALUES = [
    (Article, lambda a: a, {"headline": "headline", "standfirst": "standfirst"}),
    (Author, lambda a: a.authors.get(), {"name": "author", "bio": "bio"}),
    (Image, lambda a: a.lead_image, {"caption": "caption", "agency": "agency", "alt_text": "alt"}),
    (Tag, lambda a: a.tags.get(), {"name": "tag"}),
    (Section, lambda a: a.section, {"name": "section"}),
    (Publisher, lambda a: a.publisher, {"name": "publisher"}),
]


@pytest.mark.parametrize(
    ("model", "row", "inputs"), FORM_VALUES, ids=[m.__name__ for m, *_ in FORM_VALUES]
)
def test_admin_change_forms_hold_hostile_text_intact(admin_client, site, model, row, inputs):
    response = admin_client.get(reverse(admin_name(model, "change"), args=[row(site).pk]))

    assert response.status_code == 200
    page = inert(response.content)
    for name, field in inputs.items():
        (element,) = page.xpath(f"//*[@name='{name}']")
        value = element.get("value") if element.tag == "input" else element.text_content()
        assert value.strip() == hostile(field), name


# Feeds, API, sitemaps -----------------------------------------------------------------

FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/sections/hostile-section/rss/",
    "/feeds/tags/topics/hostile-tag/atom/",
    "/feeds/authors/hostile/rss/",
]


@pytest.mark.parametrize("address", FEEDS)
def test_feeds_carry_hostile_text_as_text(site, address):
    content = Client().get(address).content

    etree.fromstring(content)  # Well-formed XML: nothing broke out of its element.
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    assert entry.title == hostile("headline")
    assert hostile("standfirst") in lxml.html.fromstring(entry.summary).text_content()
    assert {tag.term for tag in entry.tags} == {hostile("section"), hostile("tag")}
    assert hostile("author") in entry.author


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("address", ["/api/ninjs/articles/", "/api/ninjs/articles/{uuid}"])
def test_the_ninjs_api_gives_every_value_back_intact(site, address):
    response = Client().get(address.format(uuid=site.uuid))

    values = set(strings(json.loads(response.content)))
    for field in ("headline", "author", "tag", "section", "publisher", "caption"):
        assert hostile(field) in values, field
    assert any(hostile("body") in value for value in values)  # Inside the body's HTML.


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
    ],
)
def test_sitemaps_stay_well_formed_and_name_the_headline_as_typed(site, address):
    root = etree.fromstring(Client().get(address).content)

    titles = root.xpath("//*[local-name()='title']/text()")
    if address == "/sitemap-news.xml":
        assert titles == [hostile("headline")]
    assert all("x()" not in location for location in root.xpath("//*[local-name()='loc']/text()"))
