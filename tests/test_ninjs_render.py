"""ninjs render(): valid IPTC ninjs 3.1, carrying every field an import needs, stably."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.formats import ninjs
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).resolve().parent / "standards"


def rendered(article: Article) -> dict:
    return ninjs.render(Article.objects.for_ninjs().get(pk=article.pk))


def errors(validator, document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize(
    "name", ["ninjs-example-text-item.json", "ninjs-example-picture-item.json"]
)
def test_the_iptc_examples_validate_against_the_schema(ninjs_validator, name):
    document = json.loads((STANDARDS / name).read_text(encoding="utf-8"))

    assert errors(ninjs_validator, document) == []


def test_the_validator_checks_formats(ninjs_validator):
    document = {"uri": "urn:newsportal:article:x", "firstCreated": "3 February 2026"}

    assert errors(ninjs_validator, document) == [
        "['firstCreated']: '3 February 2026' is not a 'date-time'"
    ]


def test_the_seed_article_is_valid_ninjs_with_its_credit_and_tags(ninjs_validator, seed_path):
    call_command("import_articles", str(seed_path), stdout=StringIO())
    article = Article.objects.get()

    document = rendered(article)

    assert errors(ninjs_validator, document) == []
    assert document["uri"] == f"urn:newsportal:article:{article.uuid}"
    assert document["headlines"][0]["value"].startswith("Russian strikes do not demonstrate")
    assert document["by"] == "The Brussels Times"
    assert (
        document["copyrightNotice"] == "Copyright © 2026 The Brussels Times. All Rights Reserved."
    )
    assert {
        "name": "Mark Rutte",
        "rel": "about",
        "literal": "mark-rutte",
        "uri": "http://testserver/tags/people/mark-rutte/",
    } in document["people"]
    assert "Kyiv" in [place["name"] for place in document["places"]]
    assert document["organisations"][0]["name"] == "NATO"
    (picture,) = document["associations"]
    assert picture["by"] == "Andrii Nesterenko / AFP"
    assert picture["people"][0]["name"] == "Andrii Nesterenko"
    assert picture["infoSources"] == [{"name": "AFP", "role": "agency"}]
    assert document["firstCreated"] == "2026-02-03T00:00:00+01:00"


def test_a_full_article_is_valid_ninjs(ninjs_validator, full_article):
    assert errors(ninjs_validator, rendered(full_article)) == []


def test_the_document_names_the_standard_type_status_and_language(full_article):
    document = rendered(full_article)

    assert document["standard"] == {
        "name": "ninjs",
        "version": "3.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    }
    assert document["type"] == "text"
    assert document["pubStatus"] == "usable"
    assert document["language"] == "en-GB"
    assert document["slugline"] == "rutte-ukraine-security"


def test_text_goes_to_headlines_descriptions_and_bodies(full_article):
    document = rendered(full_article)

    assert document["headlines"] == [
        {
            "role": "main",
            "contentType": "text/plain",
            "value": "Rutte: Ukraine’s security is Europe’s",
        }
    ]
    assert document["descriptions"] == [
        {"role": "lead", "contentType": "text/plain", "value": "NATO’s chief spoke in Kyiv."}
    ]
    html, text = document["bodies"]
    assert (html["contentType"], html["value"]) == ("text/html", full_article.body)
    assert (text["contentType"], text["value"]) == (
        "text/plain",
        "First paragraph & more.\n\nAir defence\n\nSecond.",
    )
    assert text["wordCount"] == 6


def test_authors_come_first_in_byline_order_with_their_role_then_tagged_people(full_article):
    document = rendered(full_article)

    assert document["by"] == "Jane Doe and Jean Dupont"
    assert document["people"] == [
        {
            "name": "Jane Doe",
            "rel": "reporter",
            "literal": "jane-doe",
            "uri": "http://testserver/authors/jane-doe/",
        },
        {
            "name": "Jean Dupont",
            "rel": "columnist",
            "literal": "jean-dupont",
            "uri": "http://testserver/authors/jean-dupont/",
        },
        {
            "name": "Mark Rutte",
            "rel": "about",
            "literal": "mark-rutte",
            "uri": "http://testserver/tags/people/mark-rutte/",
        },
    ]


def test_tags_and_section_go_to_their_arrays(full_article):
    document = rendered(full_article)

    assert document["subjects"] == [
        {
            "name": "Europe",
            "rel": "section",
            "literal": "europe",
            "uri": "http://testserver/europe/",
        },
        {
            "name": "Defence",
            "rel": "about",
            "literal": "defence",
            "uri": "http://testserver/tags/topics/defence/",
        },
    ]
    assert document["places"] == [
        {
            "name": "Kyiv",
            "rel": "about",
            "literal": "kyiv",
            "uri": "http://testserver/tags/places/kyiv/",
        }
    ]
    assert document["organisations"] == [
        {
            "name": "NATO",
            "rel": "about",
            "literal": "nato",
            "uri": "http://testserver/tags/organisations/nato/",
        }
    ]


def test_publisher_and_copyright(full_article):
    document = rendered(full_article)

    assert document["copyrightHolder"] == "The Brussels Times"
    assert (
        document["copyrightNotice"] == "Copyright © 2026 The Brussels Times. All Rights Reserved."
    )
    assert document["infoSources"] == [
        {
            "name": "The Brussels Times",
            "role": "publisher",
            "literal": "the-brussels-times",
            "uri": "http://testserver/publishers/the-brussels-times/",
        }
    ]


def test_the_page_is_the_canonical_rendition(full_article):
    document = rendered(full_article)

    assert document["renditions"] == [
        {
            "name": "canonical",
            "href": f"http://testserver{full_article.get_absolute_url()}",
            "contentType": "text/html",
            "title": full_article.headline,
        }
    ]


def test_the_lead_picture_carries_caption_credit_copyright_and_renditions(full_article):
    picture = rendered(full_article)["associations"][0]
    image = full_article.lead_image

    assert picture["uri"] == f"urn:newsportal:image:{image.uuid}"
    assert (picture["type"], picture["rel"]) == ("picture", "lead")
    assert picture["descriptions"] == [
        {
            "role": "caption",
            "contentType": "text/plain",
            "value": "Mark Rutte addresses parliament in Kyiv.",
        },
        {"role": "alt", "contentType": "text/plain", "value": "Rutte at a lectern"},
        {"role": "creditline", "contentType": "text/plain", "value": "Andrii Nesterenko / AFP"},
    ]
    assert picture["by"] == "Andrii Nesterenko / AFP"
    assert picture["people"] == [
        {
            "name": "Andrii Nesterenko",
            "rel": "photographer",
            "literal": "andrii-nesterenko",
            "uri": "http://testserver/authors/andrii-nesterenko/",
        }
    ]
    assert picture["copyrightNotice"] == "© AFP 2026"
    original, *made = picture["renditions"]
    assert original == {
        "name": "original",
        "href": f"http://testserver{image.file.url}",
        "contentType": "image/jpeg",
        "width": 800,
        "height": 600,
        "poi": {"x": 200, "y": 450},
    }
    assert len(made) == len(image.renditions) > 0
    jpeg_640 = next(r for r in made if r["name"] == "jpeg-640")
    assert jpeg_640["contentType"] == "image/jpeg"
    assert (jpeg_640["width"], jpeg_640["height"]) == (640, 480)
    assert jpeg_640["href"].startswith("http://testserver/")


def test_related_news_reach_published_articles_and_waiting_headlines_not_drafts(full_article):
    related = rendered(full_article)["associations"][1:]
    older = Article.objects.get(headline="NATO chief arrives in Kyiv")

    assert [(r["name"], r["uri"]) for r in related] == [
        ("NATO chief arrives in Kyiv", f"urn:newsportal:article:{older.uuid}"),
        ("A story still to come", f"urn:newsportal:related:{full_article.uuid}:2"),
    ]
    assert related[0]["renditions"][0]["href"] == f"http://testserver{older.get_absolute_url()}"


def test_times_are_iso_8601_to_the_second_with_offset(settings):
    settings.TIME_ZONE = "Europe/Brussels"
    published = datetime.datetime(2026, 2, 3, 10, 0, 5, 123456, tzinfo=datetime.UTC)
    article = factories.article(published_at=published)
    Article.objects.filter(pk=article.pk).update(
        created_at=published - datetime.timedelta(hours=1),
        updated_at=published + datetime.timedelta(days=1),
    )

    document = rendered(article)

    assert document["firstCreated"] == "2026-02-03T11:00:05+01:00"
    assert document["contentCreated"] == "2026-02-03T10:00:05+01:00"
    assert document["versionCreated"] == "2026-02-04T11:00:05+01:00"


def test_an_article_imported_after_its_publication_has_no_content_created():
    article = factories.article(published_at=timezone.now() - datetime.timedelta(days=30))

    assert "contentCreated" not in rendered(article)


def test_a_draft_is_withheld_with_no_first_created():
    article = factories.article(status=Article.Status.DRAFT, published_at=None)

    document = rendered(article)

    assert document["pubStatus"] == "withheld"
    assert "firstCreated" not in document


def test_an_article_without_authors_is_by_its_publisher():
    article = factories.article(publisher=factories.publisher(name="Le Soir"))

    document = rendered(article)

    assert document["by"] == "Le Soir"
    assert "people" not in document


def test_dumps_is_stable_on_a_round_trip(full_article):
    text = ninjs.dumps(rendered(full_article))

    assert ninjs.dumps(json.loads(text)) == text
    assert text.endswith("}\n")
    assert "Ukraine’s" in text  # characters as they are, not \\u escapes
    assert text.splitlines()[1] == '  "associations": ['  # sorted keys, two-space indent


def test_render_is_deterministic(full_article):
    assert ninjs.dumps(rendered(full_article)) == ninjs.dumps(rendered(full_article))


@pytest.mark.parametrize("count", [1, 8])
def test_rendering_any_number_of_articles_takes_four_queries(django_assert_num_queries, count):
    for _ in range(count):
        factories.article(
            authors=[factories.author(), factories.author()],
            tags=[factories.tag(), factories.tag(kind="place")],
            section=factories.section(),
            lead_image=factories.image(photographer=factories.author()),
            related=[factories.article()],
        )

    with django_assert_num_queries(4):
        documents = [ninjs.render(a) for a in Article.objects.for_ninjs()]

    assert len(documents) == 2 * count


def test_plain_text_keeps_one_block_a_paragraph():
    html = "<p>One&nbsp;<strong>two</strong><br>three</p><ul><li>a</li><li>b</li></ul>"

    assert ninjs.plain_text(html) == "One two three\n\na\n\nb"
