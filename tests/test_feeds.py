"""RSS and Atom feeds: what a feed reader finds in them, parsed as one parses them (feedparser).

Every address is on SITE_URL (``https://news.example``), never the test
client's host, so a link built from the request would show up as
``http://testserver``.
"""

import calendar
import datetime
import html
import io

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from lxml import html as lxml_html
from PIL import Image as PILImage

from articles.feeds import FEED_LENGTH
from articles.models import Article, Tag
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
FEB_3 = datetime.datetime(2026, 2, 3, 10, 0, 5, tzinfo=datetime.UTC)
UPDATED = FEB_3 + datetime.timedelta(hours=2)
FORMATS = ["rss", "atom"]
# Each subject's feed address without its format, the page it is about, its title and subtitle.
SUBJECTS = {
    "site": ("/feeds/", "/", "latest news", "The latest news from Newsportal."),
    "section": (
        "/feeds/sections/belgium/",
        "/belgium/",
        "Belgium",
        "The latest Belgium news from Newsportal.",
    ),
    **{
        f"tag-{kind}": (
            f"/feeds/tags/{word}/{kind}/",
            f"/tags/{word}/{kind}/",
            f"A {kind}",
            f"News about A {kind} from Newsportal.",
        )
        for kind, word in Tag.PATH_WORDS.items()
    },
    "author": (
        "/feeds/authors/ada-reporter/",
        "/authors/ada-reporter/",
        "Ada Reporter",
        "Articles by Ada Reporter on Newsportal.",
    ),
}
EVERY_FEED = [
    pytest.param(f"{prefix}{fmt}/", page, id=f"{name}-{fmt}")
    for name, (prefix, page, _, _) in SUBJECTS.items()
    for fmt in FORMATS
]
DESCRIBED_FEEDS = [
    pytest.param(f"{prefix}{fmt}/", page, title, subtitle, id=f"{name}-{fmt}")
    for name, (prefix, page, title, subtitle) in SUBJECTS.items()
    for fmt in FORMATS
]


def jpeg(width: int = 30, height: int = 20) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def picture(**fields) -> "factories.Image":
    upload = SimpleUploadedFile("council.jpg", jpeg(), content_type="image/jpeg")
    return factories.image(file=upload, alt_text="The council chamber", **fields)


@pytest.fixture
def site(settings, tmp_path) -> None:
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def newsroom(site) -> Article:
    """A full story in every feed, with the drafts and other stories that must stay out."""
    belgium = factories.section(name="Belgium", slug="belgium")
    ada = factories.author(name="Ada Reporter", slug="ada-reporter")
    bea = factories.author(name="Bea Writer", slug="bea-writer")
    tags = [factories.tag(kind=kind, name=f"A {kind}", slug=kind) for kind in Tag.Kind.values]
    photographer = factories.author(name="Pat Photographer", role="photographer")
    full = factories.article(
        headline="Council approves budget & tax",
        standfirst='The council said "yes" to <everything> & more.',
        published_at=FEB_3,
        section=belgium,
        authors=[bea, ada],  # The byline's order, not the alphabet's.
        tags=tags,
        lead_image=picture(photographer=photographer, agency="AFP", caption="The vote."),
    )
    Article.objects.filter(pk=full.pk).update(created_at=FEB_3, updated_at=UPDATED)
    later = timezone.now() + datetime.timedelta(days=1)
    factories.article(
        headline="A draft", status=Article.Status.DRAFT, section=belgium, authors=[ada], tags=tags
    )
    factories.article(headline="Scheduled", published_at=later, section=belgium, authors=[ada])
    Article.objects.filter(headline="Scheduled").get().tags.set(tags)
    factories.article(headline="Elsewhere", published_at=FEB_3 - datetime.timedelta(days=1))
    return Article.objects.get(pk=full.pk)


def parse(client, address: str) -> feedparser.FeedParserDict:
    response = client.get(address)
    assert response.status_code == 200, f"{address} answered {response.status_code}"
    kind = "atom" if address.endswith("/atom/") else "rss"
    assert response["Content-Type"] == f"application/{kind}+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def moment(parsed_time) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed_time), tz=datetime.UTC)


@pytest.mark.parametrize(("address", "page", "title", "subtitle"), DESCRIBED_FEEDS)
def test_every_feed_describes_itself_on_the_site_address(
    client, newsroom, address, page, title, subtitle
):
    feed = parse(client, address).feed

    assert feed.title == f"Newsportal: {title}"
    assert feed.subtitle == subtitle
    assert feed.link == SITE + page
    assert [link.href for link in feed.links if link.rel == "self"] == [SITE + address]
    assert moment(feed.updated_parsed) == UPDATED


@pytest.mark.parametrize(("address", "page"), EVERY_FEED)
def test_every_feed_entry_carries_the_whole_story(client, newsroom, address, page):
    entries = parse(client, address).entries
    entry = next(e for e in entries if e.id == newsroom.uuid.urn)

    assert entry.title == "Council approves budget & tax"
    assert entry.link == SITE + newsroom.get_absolute_url()
    assert html.unescape(entry.summary) == newsroom.standfirst
    assert [author.name for author in entry.authors] == ["Bea Writer", "Ada Reporter"]
    assert [tag.term for tag in entry.tags] == [
        "Belgium",
        "A organisation",
        "A person",
        "A place",
        "A topic",
    ]
    assert moment(entry.published_parsed) == FEB_3
    assert moment(entry.updated_parsed) == UPDATED


@pytest.mark.parametrize(("address", "page"), EVERY_FEED)
def test_every_feed_encloses_the_lead_picture_with_its_credit(client, newsroom, address, page):
    entry = next(e for e in parse(client, address).entries if e.id == newsroom.uuid.urn)
    image = newsroom.lead_image
    url = SITE + image.file.url

    assert entry.enclosures == [{"href": url, "length": str(image.file.size), "type": "image/jpeg"}]
    assert entry.media_content == [
        {
            "url": url,
            "type": "image/jpeg",
            "medium": "image",
            "filesize": str(image.file.size),
            "width": "30",
            "height": "20",
        }
    ]
    assert entry.media_credit == [{"role": "photographer", "content": "Pat Photographer / AFP"}]


@pytest.mark.parametrize(("address", "page"), EVERY_FEED)
def test_drafts_and_scheduled_articles_are_in_no_feed(client, newsroom, address, page):
    titles = [entry.title for entry in parse(client, address).entries]

    assert "A draft" not in titles
    assert "Scheduled" not in titles


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_subjects_feed_holds_its_articles_only(client, newsroom, fmt):
    site = [e.title for e in parse(client, f"/feeds/{fmt}/").entries]
    section = [e.title for e in parse(client, f"/feeds/sections/belgium/{fmt}/").entries]
    author = [e.title for e in parse(client, f"/feeds/authors/ada-reporter/{fmt}/").entries]
    tag = [e.title for e in parse(client, f"/feeds/tags/places/place/{fmt}/").entries]

    assert site == ["Council approves budget & tax", "Elsewhere"]
    assert section == author == tag == ["Council approves budget & tax"]


def test_an_article_without_picture_or_byline_has_no_enclosure_and_no_author(client, site):
    factories.article(headline="Plain")

    for fmt in FORMATS:
        (entry,) = parse(client, f"/feeds/{fmt}/").entries
        assert entry.enclosures == []
        assert "media_content" not in entry
        assert "authors" not in entry


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_entrys_id_survives_a_new_headline_and_slug(client, site, fmt):
    article = factories.article(headline="First", slug="first")
    (before,) = parse(client, f"/feeds/{fmt}/").entries
    article.headline, article.slug = "Second", "second"
    article.save()

    (after,) = parse(client, f"/feeds/{fmt}/").entries

    assert after.link.endswith("/second/")
    assert before.id == after.id == article.uuid.urn


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_holds_the_fifty_newest_articles_newest_first(client, site, fmt):
    made = [
        factories.article(published_at=FEB_3 - datetime.timedelta(hours=n))
        for n in range(FEED_LENGTH + 5)
    ]

    entries = parse(client, f"/feeds/{fmt}/").entries

    assert FEED_LENGTH == 50
    assert [entry.id for entry in entries] == [a.uuid.urn for a in made[:FEED_LENGTH]]


def test_the_seed_article_is_in_the_site_feed(client, site, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    seed = Article.objects.get()

    for fmt in FORMATS:
        (entry,) = parse(client, f"/feeds/{fmt}/").entries
        assert entry.title == (
            "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"
        )
        assert entry.link == SITE + (
            "/2026/02/03/"
            "russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
        )
        assert entry.id == seed.uuid.urn
        assert entry.summary == seed.standfirst
        assert entry.summary.startswith('"Russian attacks do not signal seriousness about peace,"')
        assert moment(entry.published_parsed) == seed.published_at
        names = [tag.name for tag in seed.tags.order_by("kind", "name")]
        assert [tag.term for tag in entry.tags] == names
        assert {"Mark Rutte", "Kyiv", "NATO"} <= {tag.term for tag in entry.tags}
        # The seed's picture has a caption and a credit but no file: nothing to enclose.
        assert entry.enclosures == []


def head_feeds(client, address: str) -> list[tuple[str, str, str]]:
    response = client.get(address)
    assert response.status_code == 200
    head = lxml_html.fromstring(response.content).find("head")
    return [
        (link.get("type"), link.get("title"), link.get("href"))
        for link in head.iterfind("link[@rel='alternate']")
    ]


@pytest.mark.parametrize(
    ("page", "title", "feeds"),
    [
        ("/", "Newsportal: latest news", "/feeds/"),
        ("/belgium/", "Newsportal: Belgium", "/feeds/sections/belgium/"),
        ("/tags/places/place/", "Newsportal: A place", "/feeds/tags/places/place/"),
        ("/authors/ada-reporter/", "Newsportal: Ada Reporter", "/feeds/authors/ada-reporter/"),
    ],
)
def test_pages_advertise_their_feeds_in_the_head(client, newsroom, page, title, feeds):
    assert head_feeds(client, page) == [
        ("application/rss+xml", f"{title} (RSS)", f"{SITE}{feeds}rss/"),
        ("application/atom+xml", f"{title} (Atom)", f"{SITE}{feeds}atom/"),
    ]


def test_an_advertised_feed_answers(client, newsroom):
    for _, _, href in head_feeds(client, "/tags/organisations/organisation/"):
        parse(client, href.removeprefix(SITE))


@pytest.mark.parametrize("address", ["/feed/", "/rss/"])
def test_the_usual_feed_addresses_lead_to_the_site_feed(client, address):
    response = client.get(address)

    assert response.status_code == 301
    assert response["Location"] == "/feeds/rss/"


@pytest.mark.parametrize(
    "address",
    [
        "/feeds/sections/nowhere/rss/",
        "/feeds/tags/colours/red/atom/",
        "/feeds/tags/places/nowhere/rss/",
        "/feeds/tags/topics/draft-only/atom/",
        "/feeds/authors/nobody/rss/",
        "/feeds/authors/draft-writer/atom/",
        "/feeds/authors/pat-photographer/rss/",
        "/feeds/json/",
    ],
)
def test_a_feed_about_nothing_public_is_not_found(client, site, address):
    draft_only = factories.tag(name="Draft only", slug="draft-only")
    writer = factories.author(name="Draft Writer", slug="draft-writer")
    factories.article(status=Article.Status.DRAFT, authors=[writer], tags=[draft_only])
    # A photographer with published pictures but no article has no articles' feed.
    photographer = factories.author(name="Pat", slug="pat-photographer", role="photographer")
    factories.article(lead_image=factories.image(photographer=photographer))

    assert client.get(address).status_code == 404


# Queries per feed: the subject (none for the site's), the entries with their
# section and picture, their bylines, their tags.
QUERIES = {"site": 3, "section": 4, "tag": 4, "author": 4}


def stories(count: int, section, tag, author) -> None:
    for n in range(count):
        factories.article(
            published_at=FEB_3 - datetime.timedelta(hours=n),
            section=section,
            tags=[tag, factories.tag()],
            authors=[author, factories.author()],
            lead_image=picture(photographer=factories.author(), agency="AFP"),
        )


@pytest.mark.parametrize("count", [1, FEED_LENGTH + 5])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_takes_the_same_few_queries_for_one_entry_or_fifty(
    client, site, django_assert_num_queries, count, fmt
):
    section = factories.section(slug="belgium")
    tag = factories.tag(kind=Tag.Kind.PLACE, slug="kyiv")
    author = factories.author(slug="ada")
    stories(count, section, tag, author)
    addresses = {
        "site": f"/feeds/{fmt}/",
        "section": f"/feeds/sections/belgium/{fmt}/",
        "tag": f"/feeds/tags/places/kyiv/{fmt}/",
        "author": f"/feeds/authors/ada/{fmt}/",
    }

    for subject, address in addresses.items():
        with django_assert_num_queries(QUERIES[subject]):
            entries = feedparser.parse(client.get(address).content).entries
        assert len(entries) == min(count, FEED_LENGTH)
        assert all(len(entry.authors) == 2 and entry.enclosures for entry in entries)
    assert max(QUERIES.values()) <= 6
