"""robots.txt, the sitemap index and every sitemap, checked against the protocol.

The protocol's rules (sitemaps.org, Google's news and image extensions) are
written down in ``tests/sitemap_schemas/*.xsd`` and checked with lxml; what an
XSD cannot say (counts, addresses on SITE_URL, pages that answer) is checked here.
"""

import datetime
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from articles import sitemaps
from articles.models import Article, Author, Byline
from articles.templatetags.html_dates import datetime_attr
from tests import factories

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "sitemap_schemas/sitemap.xsd")))
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS = {
    "sm": SM,
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
MAX_ENTRIES = 50_000
SITE = "http://testserver"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
# Each sitemap page, whatever the number of entries: articles and news, the page's
# first key off the index, then the page from there; sections, tags, authors:
# Django's count and page. The index: one count a sitemap.
PAGE_QUERIES = {"articles": 2, "news": 2, "sections": 2, "tags": 2, "authors": 2}
INDEX_QUERIES = len(sitemaps.SITEMAPS)


def ago(**delta: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def picture(name: str = "dot.gif") -> object:
    return factories.image(
        file=SimpleUploadedFile(name, GIF, content_type="image/gif"), alt_text="A dot"
    )


def parse(client, path: str, root: str) -> etree._Element:
    """The document at ``path``, valid against the schemas, with ``root`` as its root."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    assert document.tag == f"{{{SM}}}{root}"
    return document


def urlset(client, path: str) -> etree._Element:
    """A sitemap that keeps the protocol: on SITE_URL, each address once, ≤ 50,000."""
    document = parse(client, path, "urlset")
    locations = document.xpath("sm:url/sm:loc/text()", namespaces=NS)
    assert len(locations) <= MAX_ENTRIES
    assert len(set(locations)) == len(locations)
    pictures = document.xpath("//image:loc/text()", namespaces=NS)
    assert all(loc.startswith(f"{SITE}/") for loc in locations + pictures)
    return document


def locations(client, path: str) -> list[str]:
    return urlset(client, path).xpath("sm:url/sm:loc/text()", namespaces=NS)


def index(client) -> list[str]:
    """The sitemaps the index lists, as paths, each checked as a sitemap."""
    document = parse(client, "/sitemap.xml", "sitemapindex")
    listed = document.xpath("sm:sitemap/sm:loc/text()", namespaces=NS)
    assert len(listed) <= MAX_ENTRIES
    assert all(loc.startswith(f"{SITE}/") for loc in listed)
    paths = [loc.removeprefix(SITE) for loc in listed]
    for path in paths:
        urlset(client, path)
    return paths


def entry(document: etree._Element, location: str) -> etree._Element | None:
    found = document.xpath("sm:url[sm:loc = $loc]", loc=location, namespaces=NS)
    return found[0] if found else None


@pytest.fixture
def seed(seed_path) -> Article:
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    return Article.objects.get()


@pytest.fixture
def newsroom(settings, tmp_path) -> dict[str, object]:
    """Published work in a section, with tags, an author and a picture; and a draft."""
    settings.MEDIA_ROOT = tmp_path
    desk, writer, topic = factories.section(), factories.author(), factories.tag()
    story = factories.article(
        section=desk,
        authors=[writer],
        tags=[topic],
        lead_image=picture(),
        published_at=ago(hours=3),
    )
    old = factories.article(section=desk, published_at=ago(days=30))
    return {"story": story, "old": old, "section": desk, "author": writer, "tag": topic}


def test_robots_txt_names_the_sitemap_index_on_site_url_and_still_disallows_the_admin(
    client, settings
):
    settings.SITE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["*"]

    response = client.get("/robots.txt", HTTP_HOST="spoofed.example")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://news.example/sitemap.xml" in lines


def test_sitemap_addresses_are_on_site_url_whatever_host_the_crawler_sent(
    client, settings, newsroom
):
    settings.SITE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["*"]

    listed = client.get("/sitemap.xml", HTTP_HOST="spoofed.example").content.decode()
    articles = client.get("/sitemap-articles.xml", HTTP_HOST="spoofed.example").content.decode()

    assert "<loc>https://news.example/sitemap-articles.xml</loc>" in listed
    assert f"<loc>https://news.example{newsroom['story'].get_absolute_url()}</loc>" in articles
    assert "spoofed" not in listed + articles


def test_every_sitemap_in_the_index_keeps_the_protocol_and_lists_pages_that_answer(
    client, newsroom
):
    paths = index(client)

    assert paths == [f"/sitemap-{name}.xml" for name in sitemaps.SITEMAPS]
    for path in paths:
        for location in locations(client, path):
            assert client.get(urlsplit(location).path).status_code == 200, location


def test_seed_article_is_in_the_article_sitemap_with_its_update_time(client, seed):
    document = urlset(client, "/sitemap-articles.xml")

    found = entry(document, SITE + seed.get_absolute_url())
    assert found is not None
    lastmod = found.findtext("sm:lastmod", namespaces=NS)
    assert lastmod == datetime_attr(seed.updated_at)
    assert datetime.datetime.fromisoformat(lastmod) == seed.updated_at.replace(microsecond=0)


def test_seed_article_is_in_the_news_sitemap_while_recent(client, seed):
    Article.objects.filter(pk=seed.pk).update(published_at=ago(hours=5))
    seed.refresh_from_db()

    news = entry(urlset(client, "/sitemap-news.xml"), SITE + seed.get_absolute_url())

    assert news.findtext("news:news/news:title", namespaces=NS) == seed.headline
    assert news.findtext("news:news/news:publication_date", namespaces=NS) == datetime_attr(
        seed.published_at
    )


def test_seed_article_published_more_than_two_days_ago_is_not_news(client, seed):
    Article.objects.filter(pk=seed.pk).update(published_at=ago(days=2, minutes=1))

    assert client.get("/sitemap-news.xml").content.count(b"<url>") == 0
    assert "/sitemap-news.xml" not in [p for p in index(client)]


@pytest.mark.parametrize(
    ("language_code", "language"),
    [("en-gb", "en"), ("fr", "fr"), ("pt-br", "pt"), ("zh-tw", "zh-tw")],
)
def test_news_entry_names_the_site_and_its_iso_639_language(
    client, settings, language_code, language
):
    settings.LANGUAGE_CODE = language_code
    settings.SITE_NAME = "The Daily Example"
    factories.article(published_at=ago(hours=1))

    publication = urlset(client, "/sitemap-news.xml").find(".//news:publication", NS)

    assert publication.findtext("news:name", namespaces=NS) == "The Daily Example"
    assert publication.findtext("news:language", namespaces=NS) == language


def test_news_sitemap_lists_newest_first_and_at_most_1000_a_page(client, monkeypatch):
    assert sitemaps.NewsSitemap.limit == 1000
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 2)
    made = [factories.article(published_at=ago(hours=hours)) for hours in (1, 2, 3)]

    pages = [p for p in index(client) if p.startswith("/sitemap-news.xml")]

    assert pages == ["/sitemap-news.xml", "/sitemap-news.xml?p=2"]
    assert [loc for page in pages for loc in locations(client, page)] == [
        SITE + article.get_absolute_url() for article in made
    ]


def test_lead_picture_with_a_file_is_an_image_entry_and_one_without_is_not(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    shown = factories.article(lead_image=picture())
    named_only = factories.article(lead_image=factories.image())

    document = urlset(client, "/sitemap-articles.xml")

    images = entry(document, SITE + shown.get_absolute_url()).xpath(
        "image:image/image:loc/text()", namespaces=NS
    )
    assert images == [SITE + shown.lead_image.file.url]
    assert entry(document, SITE + named_only.get_absolute_url()).find("image:image", NS) is None


def test_drafts_and_scheduled_articles_and_what_only_they_carry_are_in_no_sitemap(client, newsroom):
    secret_desk, secret_writer, secret_tag = (
        factories.section(),
        factories.author(),
        factories.tag(),
    )
    draft = factories.article(
        status=Article.Status.DRAFT,
        section=secret_desk,
        authors=[secret_writer],
        tags=[secret_tag],
        published_at=None,
    )
    scheduled = factories.article(
        published_at=timezone.now() + datetime.timedelta(hours=1),
        section=secret_desk,
        authors=[secret_writer],
        tags=[secret_tag],
    )

    listed = [loc for path in index(client) for loc in locations(client, path)]

    assert SITE + newsroom["story"].get_absolute_url() in listed
    hidden = [draft, scheduled, secret_desk, secret_writer, secret_tag]
    assert not {SITE + thing.get_absolute_url() for thing in hidden} & set(listed)


def test_author_listed_only_with_a_published_article_not_for_a_photograph(client, newsroom):
    photographer = factories.author()
    factories.article(lead_image=factories.image(photographer=photographer))

    listed = locations(client, "/sitemap-authors.xml")

    assert listed == [SITE + newsroom["author"].get_absolute_url()]
    assert not Byline.objects.filter(author=photographer).exists()
    assert Author.objects.count() == 2


def test_article_sitemap_splits_into_pages_of_its_limit_oldest_first(client, monkeypatch):
    assert sitemaps.ArticleSitemap.limit <= MAX_ENTRIES
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    made = [factories.article(published_at=ago(days=days)) for days in (50, 40, 30, 20, 10)]

    pages = [p for p in index(client) if p.startswith("/sitemap-articles.xml")]

    assert pages == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
    ]
    assert [len(locations(client, page)) for page in pages] == [2, 2, 1]
    assert [loc for page in pages for loc in locations(client, page)] == [
        SITE + article.get_absolute_url() for article in made
    ]


@pytest.mark.parametrize("page", ["4", "99", "0", "-1", "abc", "1.5", "", "9" * 30])
def test_sitemap_page_past_the_end_or_not_a_number_is_not_found(client, monkeypatch, page):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for days in (3, 4, 5, 6, 7):
        factories.article(published_at=ago(days=days))

    for name in sitemaps.SITEMAPS:
        assert client.get(f"/sitemap-{name}.xml", {"p": page}).status_code == 404, name


def test_unknown_sitemap_is_not_found(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_article_sitemap_reads_no_body_or_standfirst(client, django_assert_num_queries):
    factories.article(published_at=ago(hours=1))

    with django_assert_num_queries(PAGE_QUERIES["articles"]) as captured:
        client.get("/sitemap-articles.xml")

    for query in captured.captured_queries:
        assert '"body"' not in query["sql"]
        assert '"standfirst"' not in query["sql"]


def _fill(count: int) -> None:
    """``count`` published articles, each with a section, author, tag and a picture file."""
    for n in range(count):
        factories.article(
            section=factories.section(),
            authors=[factories.author()],
            tags=[factories.tag()],
            lead_image=picture(f"p{n}.gif") if n % 2 else factories.image(),
            published_at=ago(hours=n + 1),
        )


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("name", list(PAGE_QUERIES))
def test_each_sitemap_page_takes_the_same_few_queries_whatever_its_size(
    client, settings, tmp_path, django_assert_num_queries, name, count
):
    settings.MEDIA_ROOT = tmp_path
    _fill(count)

    with django_assert_num_queries(PAGE_QUERIES[name]):
        response = client.get(f"/sitemap-{name}.xml")

    assert response.content.count(b"<url>") == count
    assert PAGE_QUERIES[name] <= 6


@pytest.mark.parametrize("count", [1, 30])
def test_sitemap_index_takes_one_count_a_sitemap_whatever_the_size(
    client, monkeypatch, django_assert_num_queries, count
):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 7)
    _fill(count)

    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/sitemap.xml")

    assert response.content.count(b"sitemap-articles.xml") == -(-count // 7)
    assert INDEX_QUERIES <= 6


@pytest.mark.parametrize("name", ["articles", "news"])
def test_a_late_page_takes_one_query_as_the_first_does(
    client, monkeypatch, django_assert_num_queries, name
):
    monkeypatch.setattr(sitemaps.SITEMAPS[name], "limit", 2)
    _fill(7)

    with django_assert_num_queries(PAGE_QUERIES[name]):
        response = client.get(f"/sitemap-{name}.xml", {"p": 4})

    assert response.content.count(b"<url>") == 1


@pytest.mark.parametrize("name", ["articles", "news"])
def test_articles_published_at_the_same_moment_are_each_listed_once_across_pages(
    client, monkeypatch, name
):
    monkeypatch.setattr(sitemaps.SITEMAPS[name], "limit", 2)
    moment = ago(hours=2)
    made = [factories.article(published_at=moment) for _ in range(5)]
    if name == "news":
        made.reverse()

    pages = [p for p in index(client) if p.startswith(f"/sitemap-{name}.xml")]

    assert len(pages) == 3
    assert [loc for page in pages for loc in locations(client, page)] == [
        SITE + article.get_absolute_url() for article in made
    ]
