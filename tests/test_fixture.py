"""The committed JSON fixture and the seed export describe the same article."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Image, Publisher, Tag
from tests.exports import export_text, write_export

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "seed.json"


def snapshot() -> dict:
    """What a reader or an editor can see of the one article in the database."""
    article = Article.objects.select_related("publisher", "lead_image__photographer").get()
    image = article.lead_image
    return {
        "uuid": str(article.uuid),
        "headline": article.headline,
        "slug": article.slug,
        "url": article.get_absolute_url(),
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at": article.published_at.isoformat(),
        "publisher": (article.publisher.name, article.publisher.slug),
        "copyright": article.copyright_line,
        "image": (image.uuid, image.caption, image.agency, image.credit),
        "photographer": (image.photographer.name, image.photographer.role),
        "tags": sorted((tag.kind, tag.name) for tag in article.tags.all()),
        "related": list(article.related_links.values_list("headline", "target")),
        "source": (article.source_key, article.source_checksum),
    }


def test_loaddata_of_the_fixture_and_import_of_the_text_give_the_same_article(seed_path):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    loaded = snapshot()
    for model in (Article, Image, Author, Tag, Publisher):
        model.objects.all().delete()

    call_command("import_articles", str(seed_path), stdout=io.StringIO())

    assert snapshot() == loaded


def test_committed_fixture_is_what_the_command_writes_today(tmp_path, seed_path):
    fresh = tmp_path / "seed.json"

    call_command("import_articles", str(seed_path), "--fixture", str(fresh), stdout=io.StringIO())

    assert json.loads(fresh.read_text()) == json.loads(FIXTURE.read_text()), (
        "fixtures/seed.json is out of date: run `make fixture`"
    )


def test_loading_the_fixture_over_an_imported_article_updates_it_instead_of_copying(seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())

    call_command("loaddata", str(FIXTURE), verbosity=0)
    call_command("loaddata", str(FIXTURE), verbosity=0)

    assert Article.objects.count() == 1
    assert Image.objects.count() == 1
    assert Publisher.objects.count() == 1


def everything() -> dict:
    """People, publishers and tags with their slugs, and who each article credits and tags."""
    articles = Article.objects.select_related("publisher", "lead_image__photographer")
    return {
        "authors": sorted(Author.objects.values_list("name", "slug")),
        "publishers": sorted(Publisher.objects.values_list("name", "slug")),
        "tags": sorted(Tag.objects.values_list("kind", "name", "slug")),
        "articles": sorted(
            (
                article.slug,
                article.lead_image.photographer.slug,
                sorted(article.tags.values_list("kind", "slug")),
            )
            for article in articles
        ),
    }


def test_a_fixture_of_several_files_equals_their_import(tmp_path):
    paths = [
        write_export(tmp_path, name, export_text(headline, paragraphs, caption=caption))
        for name, headline, paragraphs, caption in (
            (
                "a.txt",
                "Harbour strike ends",
                ["Opening of 2 March 2026.", "Mayor Χάρης Δούκας spoke."],
                "Piraeus. Γιώργος Νικολάου / Eurokinissi",
            ),
            (
                "b.txt",
                "Harbour reopens",
                ["Opening of 3 March 2026.", "Χάρης Δούκας spoke again."],
                "Piraeus. Giorgos Nikolaou / Reuters",
            ),
            (
                "c.txt",
                "Trams return",
                ["Opening of 4 March 2026.", "Nothing else."],
                "Kyiv. Андрій Нестеренко / AFP",
            ),
            (
                "d.txt",
                "Bakeries reopen",
                ["Opening of 5 March 2026.", "Nothing else."],
                "Kharkiv. Андрий Нестеренко / AFP",
            ),
        )
    ]
    fixture = tmp_path / "out.json"
    call_command(
        "import_articles", *map(str, paths), "--fixture", str(fixture), stdout=io.StringIO()
    )
    call_command("loaddata", str(fixture), verbosity=0)
    loaded = everything()
    for model in (Article, Image, Author, Tag, Publisher):
        model.objects.all().delete()

    call_command("import_articles", *map(str, paths), stdout=io.StringIO())

    assert everything() == loaded
    assert loaded["authors"] == [
        ("Giorgos Nikolaou", "giorgos-nikolaou-2"),
        ("Γιώργος Νικολάου", "giorgos-nikolaou"),
        ("Андрий Нестеренко", "andrii-nesterenko-2"),
        ("Андрій Нестеренко", "andrii-nesterenko"),
    ]
