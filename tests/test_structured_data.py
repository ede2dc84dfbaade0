"""What search engines and social networks read: JSON-LD, Open Graph and Twitter cards.

Pages are parsed as a browser parses them (lxml's HTML parser): the JSON-LD is
the body of the page's one ``<script type="application/ld+json">``, and every
address must be absolute on SITE_URL, whatever host the request named.
"""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from PIL import Image as PILImage

from articles import jsonld
from articles.models import Article, Author, Publisher, Tag
from articles.sharing import SITE_LOGO, SITE_SHARE_IMAGE
from tests import factories
from tests.conftest import ROOT
from tests.schema_vocabulary import problems

SITE = "https://news.example"
# 3 February 2026, 11:00 in Brussels.
FEB_3 = datetime.datetime(2026, 2, 3, 10, 0, tzinfo=datetime.UTC)
SEED_ADDRESS = (
    "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
)
ATTACK = "</script><script>alert(1)</script>"
# A 1×1 transparent GIF.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path


def gif(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, GIF, content_type="image/gif")


def page(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return lxml_html.fromstring(response.content.decode())


def structured_data(doc) -> dict:
    scripts = doc.xpath("//script")
    assert len(scripts) == 1, [script.text for script in scripts]
    assert scripts[0].get("type") == "application/ld+json"
    return json.loads(scripts[0].text)


def graph(doc) -> dict[str, dict]:
    """The page's JSON-LD nodes by type."""
    data = structured_data(doc)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def meta(doc) -> list[tuple[str, str]]:
    """Every <meta property|name content> in the head, in order."""
    return [
        (tag.get("property") or tag.get("name"), tag.get("content"))
        for tag in doc.xpath("//head/meta[@content]")
    ]


def meta_values(doc, key: str) -> list[str]:
    return [content for name, content in meta(doc) if name == key]


def full_article() -> Article:
    """An article with every field: two authors, tags, section, picture file, publisher logo.

    The people, publisher and tags it shares with the seed are the seed's if it was imported.
    """
    photographer, _ = Author.objects.get_or_create(
        slug="andrii-nesterenko", defaults={"name": "Andrii Nesterenko"}
    )
    picture = factories.image(
        file=gif("rutte.gif"),
        alt_text="Mark Rutte at the lectern",
        caption="Mark Rutte addresses parliament in Kyiv.",
        photographer=photographer,
        agency="AFP",
        copyright_notice="© AFP 2026",
    )
    publisher, _ = Publisher.objects.get_or_create(
        slug="the-brussels-times", defaults={"name": "The Brussels Times"}
    )
    publisher.website = "https://www.brusselstimes.com/"
    publisher.logo = gif("logo.gif")
    publisher.save()
    return factories.article(
        headline="NATO chief arrives in Kyiv",
        slug="nato-chief-arrives-in-kyiv",
        standfirst="Mark Rutte arrived hours after a Russian strike.",
        published_at=FEB_3,
        publisher=publisher,
        section=factories.section(name="Europe", slug="europe"),
        lead_image=picture,
        copyright_year=2026,
        authors=[
            factories.author(name="Ada Reporter", slug="ada-reporter"),
            factories.author(name="Bo Writer", slug="bo-writer"),
        ],
        tags=[
            Tag.objects.get_or_create(kind=kind, slug=slug, defaults={"name": name})[0]
            for kind, slug, name in [("organisation", "nato", "NATO"), ("place", "kyiv", "Kyiv")]
        ],
    )


# The seed ---------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_article_is_described_as_a_news_article_with_its_picture_credit(client, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    page_url = SITE + SEED_ADDRESS
    publisher_id = f"{SITE}/publishers/the-brussels-times/#organization"

    nodes = graph(page(client, SEED_ADDRESS))

    assert nodes["NewsArticle"] == {
        "@type": "NewsArticle",
        "@id": page_url + "#article",
        "url": page_url,
        "mainEntityOfPage": page_url,
        "headline": "Russian strikes do not demonstrate 'serious' commitment to peace, "
        "says NATO chief",
        "description": '"Russian attacks do not signal seriousness about peace," said NATO '
        "Secretary General Mark Rutte, who has arrived in Kyiv hours after the city was "
        "pounded by a Russian strike.",
        "image": {
            "@type": "ImageObject",
            "caption": "Secretary General of NATO Mark Rutte addresses members of the "
            "Ukrainian parliament in Kyiv, on February 3, 2026, amid the Russian invasion "
            "of Ukraine.",
            "creator": {
                "@type": "Person",
                "name": "Andrii Nesterenko",
                "url": f"{SITE}/authors/andrii-nesterenko/photographs/",
            },
            "creditText": "Andrii Nesterenko / AFP",
        },
        "datePublished": "2026-02-03T00:00:00+01:00",
        "dateModified": "2026-02-03T00:00:00+01:00",
        # No byline: the page credits the publisher, and so does its data.
        "author": [{"@id": publisher_id}],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "@id": publisher_id,
            "name": "The Brussels Times",
            "url": f"{SITE}/publishers/the-brussels-times/",
            "logo": {
                "@type": "ImageObject",
                "url": f"{SITE}/static/img/logo.png",
                "width": 512,
                "height": 512,
            },
        },
        "copyrightHolder": {"@id": publisher_id},
        "copyrightYear": 2026,
        "keywords": [
            "NATO",
            "Donald Trump",
            "Mark Rutte",
            "Volodymyr Zelensky",
            "Abu Dhabi",
            "Black Sea",
            "Donbas",
            "Europe",
            "Greenland",
            "Kyiv",
            "Moscow",
            "Ukraine",
            "Washington",
        ],
        "inLanguage": "en-GB",
    }


@pytest.mark.django_db
def test_seed_article_breadcrumbs_without_a_section_are_home_then_article(client, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())

    crumbs = graph(page(client, SEED_ADDRESS))["BreadcrumbList"]["itemListElement"]

    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", f"{SITE}/"),
        (
            2,
            "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief",
            SITE + SEED_ADDRESS,
        ),
    ]


@pytest.mark.django_db
def test_seed_article_without_a_picture_file_shares_the_site_picture(client, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())

    doc = page(client, SEED_ADDRESS)

    assert meta_values(doc, "og:image") == [f"{SITE}/static/img/share.png"]
    assert meta_values(doc, "og:image:width") == ["1200"]
    assert meta_values(doc, "og:image:height") == ["630"]
    assert meta_values(doc, "og:image:alt") == ["Newsportal"]
    assert meta_values(doc, "twitter:card") == ["summary"]
    assert meta_values(doc, "twitter:image") == [f"{SITE}/static/img/share.png"]
    assert meta_values(doc, "article:author") == []


# An article with every field ----------------------------------------------------


@pytest.mark.django_db
def test_full_article_names_every_author_its_picture_and_its_publisher(client):
    article = full_article()
    page_url = SITE + article.get_absolute_url()
    publisher_id = f"{SITE}/publishers/the-brussels-times/#organization"

    node = graph(page(client, article.get_absolute_url()))["NewsArticle"]

    assert node["headline"] == "NATO chief arrives in Kyiv"
    assert node["description"] == "Mark Rutte arrived hours after a Russian strike."
    assert node["mainEntityOfPage"] == page_url
    assert node["author"] == [
        {"@type": "Person", "name": "Ada Reporter", "url": f"{SITE}/authors/ada-reporter/"},
        {"@type": "Person", "name": "Bo Writer", "url": f"{SITE}/authors/bo-writer/"},
    ]
    picture_url = SITE + article.lead_image.file.url
    assert node["image"] == {
        "@type": "ImageObject",
        "url": picture_url,
        "contentUrl": picture_url,
        "width": 1,
        "height": 1,
        "caption": "Mark Rutte addresses parliament in Kyiv.",
        "creator": {
            "@type": "Person",
            "name": "Andrii Nesterenko",
            "url": f"{SITE}/authors/andrii-nesterenko/photographs/",
        },
        "creditText": "Andrii Nesterenko / AFP",
        "copyrightNotice": "© AFP 2026",
    }
    assert node["publisher"] == {
        "@type": "NewsMediaOrganization",
        "@id": publisher_id,
        "name": "The Brussels Times",
        "url": "https://www.brusselstimes.com/",
        "logo": {"@type": "ImageObject", "url": SITE + article.publisher.logo.url},
    }
    assert node["copyrightHolder"] == {"@id": publisher_id}
    assert node["copyrightYear"] == 2026
    assert node["datePublished"] == "2026-02-03T11:00:00+01:00"
    assert node["articleSection"] == "Europe"
    assert node["keywords"] == ["NATO", "Kyiv"]  # Tags by kind: organisations, then places.
    assert node["inLanguage"] == "en-GB"
    assert "correction" not in node


@pytest.mark.django_db
def test_updated_article_gives_its_update_time_as_date_modified(client):
    article = full_article()
    Article.objects.filter(pk=article.pk).update(
        created_at=FEB_3, updated_at=FEB_3 + datetime.timedelta(hours=2)
    )

    node = graph(page(client, article.get_absolute_url()))["NewsArticle"]

    assert node["datePublished"] == "2026-02-03T11:00:00+01:00"
    assert node["dateModified"] == "2026-02-03T13:00:00+01:00"


@pytest.mark.django_db
def test_breadcrumbs_match_the_visible_trail(client):
    article = full_article()
    doc = page(client, article.get_absolute_url())

    crumbs = graph(doc)["BreadcrumbList"]["itemListElement"]
    visible = doc.xpath('//nav[@aria-label="Breadcrumb"]//a')

    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", f"{SITE}/"),
        (2, "Europe", f"{SITE}/europe/"),
        (3, "NATO chief arrives in Kyiv", SITE + article.get_absolute_url()),
    ]
    assert [(a.text_content(), SITE + a.get("href")) for a in visible] == [
        (c["name"], c["item"]) for c in crumbs
    ]


@pytest.mark.django_db
def test_full_article_open_graph_and_twitter_tags(client):
    article = full_article()
    page_url = SITE + article.get_absolute_url()
    picture_url = SITE + article.lead_image.file.url

    tags = meta(page(client, article.get_absolute_url()))

    social = [(k, v) for k, v in tags if k.startswith(("og:", "article:", "twitter:"))]
    assert social == [
        ("og:type", "article"),
        ("og:title", "NATO chief arrives in Kyiv"),
        ("og:description", "Mark Rutte arrived hours after a Russian strike."),
        ("og:url", page_url),
        ("og:site_name", "Newsportal"),
        ("og:image", picture_url),
        ("og:image:width", "1"),
        ("og:image:height", "1"),
        ("og:image:alt", "Mark Rutte at the lectern"),
        ("article:published_time", "2026-02-03T11:00:00+01:00"),
        ("article:modified_time", "2026-02-03T11:00:00+01:00"),
        ("article:author", f"{SITE}/authors/ada-reporter/"),
        ("article:author", f"{SITE}/authors/bo-writer/"),
        ("article:section", "Europe"),
        ("article:tag", "NATO"),
        ("article:tag", "Kyiv"),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", "NATO chief arrives in Kyiv"),
        ("twitter:description", "Mark Rutte arrived hours after a Russian strike."),
        ("twitter:image", picture_url),
        ("twitter:image:alt", "Mark Rutte at the lectern"),
    ]


@pytest.mark.django_db
def test_every_address_is_on_site_url_whatever_the_host_asked_for(client, settings):
    settings.ALLOWED_HOSTS = ["news.example", "news.example:6666"]
    article = full_article()

    response = client.get(article.get_absolute_url(), headers={"host": "news.example:6666"})
    doc = lxml_html.fromstring(response.content.decode())

    addresses = [v for k, v in meta(doc) if v.startswith("http")]
    addresses += [v for v in doc.xpath("//script")[0].text.split('"') if v.startswith("http")]
    # Not the site's own: the vocabulary, and the publisher's website.
    others = {"https://schema.org", "https://www.brusselstimes.com/"}
    addresses = [address for address in addresses if address not in others]
    assert len(addresses) > 10
    assert all(address.startswith(SITE + "/") for address in addresses), addresses


@pytest.mark.django_db
def test_shared_picture_is_its_widest_jpeg_rendition_up_to_1280(client):
    article = full_article()
    records = [
        {"format": "jpeg", "width": w, "height": w // 2, "name": f"r/{w}.jpg", "crop": False}
        for w in (640, 1280, 1920)
    ]
    records += [
        {"format": "webp", "width": 1280, "height": 640, "name": "r/1280.webp", "crop": False},
        {"format": "jpeg", "width": 1280, "height": 853, "name": "r/card.jpg", "crop": True},
    ]
    article.lead_image.renditions = records
    article.lead_image.save(update_fields=["renditions"])

    doc = page(client, article.get_absolute_url())

    assert meta_values(doc, "og:image") == [f"{SITE}/media/r/1280.jpg"]
    assert meta_values(doc, "og:image:width") == ["1280"]
    assert meta_values(doc, "og:image:height") == ["640"]
    assert meta_values(doc, "twitter:image") == [f"{SITE}/media/r/1280.jpg"]


# Share picture fallbacks ------------------------------------------------------


@pytest.mark.django_db
def test_picture_without_a_file_shares_the_publisher_logo(client):
    publisher = factories.publisher(name="Belga", logo=gif("belga.gif"))
    article = factories.article(
        publisher=publisher, lead_image=factories.image(caption="Words only.", agency="Belga")
    )

    doc = page(client, article.get_absolute_url())

    logo = SITE + publisher.logo.url
    assert meta_values(doc, "og:image") == [logo]
    assert meta_values(doc, "og:image:width") == []  # Not known without opening the file.
    assert meta_values(doc, "og:image:alt") == ["Belga"]
    assert meta_values(doc, "twitter:card") == ["summary"]
    assert meta_values(doc, "twitter:image") == [logo]
    assert graph(doc)["NewsArticle"]["publisher"]["logo"] == {"@type": "ImageObject", "url": logo}


@pytest.mark.django_db
def test_article_without_picture_or_logo_shares_the_site_picture(client):
    article = factories.article()

    doc = page(client, article.get_absolute_url())

    assert meta_values(doc, "og:image") == [f"{SITE}/static/img/share.png"]
    assert meta_values(doc, "twitter:card") == ["summary"]
    assert "image" not in graph(doc)["NewsArticle"]


def test_site_pictures_are_rasters_of_the_sizes_the_pages_claim():
    for site_image in (SITE_SHARE_IMAGE, SITE_LOGO):
        with PILImage.open(ROOT / "static" / site_image.path) as picture:
            assert picture.format == "PNG"
            assert picture.size == (site_image.width, site_image.height)
    assert SITE_LOGO.width == SITE_LOGO.height >= 112


def test_site_pictures_follow_static_url_to_a_cdn(settings):
    settings.STATIC_URL = "https://cdn.example/static/"

    assert SITE_SHARE_IMAGE.url == "https://cdn.example/static/img/share.png"


# Home --------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_describes_the_site_with_its_search_and_organisation(client):
    factories.article()

    nodes = graph(page(client, "/"))

    assert nodes["WebSite"] == {
        "@type": "WebSite",
        "@id": f"{SITE}/#website",
        "name": "Newsportal",
        "url": f"{SITE}/",
        "inLanguage": "en-GB",
        "publisher": {"@id": f"{SITE}/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{SITE}/search/?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    assert nodes["Organization"] == {
        "@type": "Organization",
        "@id": f"{SITE}/#organization",
        "name": "Newsportal",
        "url": f"{SITE}/",
        "logo": {
            "@type": "ImageObject",
            "url": f"{SITE}/static/img/logo.png",
            "width": 512,
            "height": 512,
        },
    }


@pytest.mark.django_db
def test_search_action_template_leads_to_the_search_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # The search index's writes.
        factories.article(headline="Council approves budget")
    template = graph(page(client, "/"))["WebSite"]["potentialAction"]["target"]["urlTemplate"]

    response = client.get(
        template.replace("{search_term_string}", "budget").removeprefix(SITE), follow=False
    )

    assert response.status_code == 200
    assert "Council approves budget" in response.content.decode()


@pytest.mark.django_db
def test_later_home_pages_do_not_repeat_the_site_description(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    for _ in range(3):
        factories.article()

    doc = page(client, "/?page=2")

    assert doc.xpath("//script") == []


# Drafts --------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_preview_of_a_draft_stays_noindex_with_valid_data(client):
    article = full_article()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    client.force_login(get_user_model().objects.create_user("editor", is_staff=True))

    doc = page(client, article.get_absolute_url())

    assert meta_values(doc, "robots") == ["noindex"]
    data = structured_data(doc)
    assert problems(data) == []
    # A draft's picture must not lead to its photographer's page.
    assert graph(doc)["NewsArticle"]["image"]["creator"] == {
        "@type": "Person",
        "name": "Andrii Nesterenko",
    }


# Against schema.org's vocabulary ---------------------------------------------


@pytest.mark.django_db
def test_article_and_home_data_use_only_schema_org_types_and_properties(client, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    article = full_article()

    for path in (SEED_ADDRESS, article.get_absolute_url(), "/"):
        data = structured_data(page(client, path))

        assert problems(data) == [], path


def test_the_vocabulary_check_finds_made_up_types_and_misplaced_properties():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "headline": "x", "author": {"@type": "Pirate"}},
            {"@type": "Person", "headline": "x", "colour": "red"},
            {"@type": "ImageObject", "creator": {"@type": "ListItem"}},
        ],
    }

    assert problems(data) == [
        "$.@graph[0].author: Pirate is not in its range ['Organization', 'Person']",
        "$.@graph[0].author: Pirate is not a schema.org type",
        "$.@graph[1]: headline is not a property of ['Person']",
        "$.@graph[1]: colour is not a schema.org property",
        "$.@graph[2].creator: ListItem is not in its range ['Organization', 'Person']",
    ]


# Corrections, once they exist ---------------------------------------------------


@pytest.mark.django_db
def test_public_corrections_become_correction_comments():
    article = Article.objects.for_page().get(pk=factories.article().pk)
    fix = jsonld.Correction("An earlier version misspelt the minister's name.", FEB_3)

    node = jsonld.news_article(article, canonical_url=f"{SITE}/a/", corrections=[fix])

    assert node["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misspelt the minister's name.",
            "datePublished": "2026-02-03T11:00:00+01:00",
        }
    ]
    assert problems(node) == []


# Safe serialising ----------------------------------------------------------------


@pytest.mark.django_db
def test_script_in_any_text_cannot_leave_the_json_ld_element(client):
    author = factories.author(name=f"Ada {ATTACK}", slug="ada")
    article = factories.article(
        headline=f"Breaking {ATTACK}",
        standfirst=f"Opening {ATTACK}",
        authors=[author],
        lead_image=factories.image(caption=f"Caption {ATTACK}", agency="AFP"),
    )

    response = client.get(article.get_absolute_url())
    doc = lxml_html.fromstring(response.content.decode())

    assert response.content.decode().lower().count("<script") == 1
    node = graph(doc)["NewsArticle"]
    assert node["headline"] == f"Breaking {ATTACK}"
    assert node["description"] == f"Opening {ATTACK}"
    assert node["image"]["caption"] == f"Caption {ATTACK}"
    assert node["author"][0]["name"] == f"Ada {ATTACK}"


def test_dumps_escapes_what_could_end_a_script_element():
    text = jsonld.dumps({"a": "</script><!-- & \u2028\u2029 ✓"})

    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 ✓"}'


@given(st.text())
def test_dumps_reads_back_as_the_same_text_with_no_markup_characters(value):
    text = jsonld.dumps({"value": value})

    assert json.loads(text) == {"value": value}
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
