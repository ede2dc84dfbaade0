"""ninjs documents through import_articles, and the ninjs round trip through export_articles."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Byline, Image, Publisher, RelatedLink, Section, Tag
from tests import factories
from tests.exports import export_text, write_export
from tests.test_import_command import run, writes

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).parent / "standards"
IPTC_TEXT = STANDARDS / "ninjs-example-text-item.json"


def good_document(headline: str = "Council approves the new tram line", **changes) -> str:
    doc = {
        "uri": "https://example.org/news/tram",
        "type": "text",
        "headlines": [{"role": "main", "value": headline}],
        "descriptions": [{"role": "lead", "value": "The council said yes."}],
        "bodies": [
            {"contentType": "text/html", "value": "<p>Work <em>starts</em>.</p><script>x</script>"}
        ],
        "by": "Jane Doe and John Smith",
        "copyrightHolder": "The Brussels Times",
        "copyrightNotice": "Copyright © 2026 The Brussels Times. All Rights Reserved.",
        "firstCreated": "2026-03-02T09:30:00+01:00",
        "subjects": [{"name": "Transport", "rel": "about"}, {"name": "City", "rel": "section"}],
        "places": [{"name": "Brussels", "rel": "about"}],
    }
    doc.update(changes)
    return json.dumps(doc)


def test_iptc_example_imports_headline_body_and_by(tmp_path):
    path = shutil.copy(IPTC_TEXT, tmp_path / "iptc.json")
    out, err, status = run(str(path))

    assert (status, err) == (0, "")
    assert out.startswith("created /2023/10/08/anti-doping-measures-at-the-tour-down-under")
    article = Article.objects.get()
    assert article.headline == (
        "Anti-doping measures at the 'Tour Down Under' will be the toughest ever"
    )
    assert article.standfirst.startswith("The Australian Sports Anti-Doping Authority")
    assert article.body.startswith("<p>The initiatives are being implemented")
    assert article.body.count("<p>") == 12
    assert [(a.name, a.organisation) for a in article.byline_authors] == [
        ("Trond Husø", "The Anti-Doping Database")
    ]
    assert sorted(article.tags.values_list("kind", "name")) == [
        ("topic", "Cycling"),
        ("topic", "Sport"),
        ("topic", "drug abuse in sport"),
    ]
    assert article.publisher.name == "antidopingdatabase.com"
    assert timezone.localtime(article.published_at).isoformat() == "2023-10-08T02:34:03+02:00"


def test_reimport_of_an_unchanged_ninjs_file_writes_nothing(tmp_path):
    path = write_export(tmp_path, "a.json", good_document())
    run(str(path))

    with CaptureQueriesContext(connection) as queries:
        out, _, status = run(str(path))

    assert out.startswith("unchanged ")
    assert status == 0
    assert writes(queries) == []


def test_ninjs_document_fills_bylines_tags_section_and_a_cleaned_body(tmp_path):
    run(str(write_export(tmp_path, "a.json", good_document())))

    article = Article.objects.get()
    assert [a.name for a in article.byline_authors] == ["Jane Doe", "John Smith"]
    assert article.body == "<p>Work <em>starts</em>.</p>"
    assert article.section.name == "City"
    assert sorted(article.tags.values_list("kind", "name")) == [
        ("place", "Brussels"),
        ("topic", "Transport"),
    ]
    assert article.copyright_year == 2026


def test_people_tags_and_sections_are_matched_by_name_not_slug(tmp_path):
    jane = factories.author(name="Jane Doe", slug="someone-else")
    factories.author(name="Jane Döe", slug="jane-doe")
    place = factories.tag(name="Brussels", slug="bxl", kind=Tag.Kind.PLACE)
    city = factories.section(name="City", slug="city-desk")
    run(str(write_export(tmp_path, "a.json", good_document())))

    article = Article.objects.get()
    assert article.byline_authors[0] == jane
    assert place in article.tags.all()
    assert article.section == city


def test_mixed_directory_imports_text_and_ninjs_in_one_run(tmp_path):
    write_export(tmp_path, "a.txt", export_text())
    write_export(tmp_path, "b.json", good_document("Parliament debates the budget"))
    out, err, status = run(str(tmp_path))

    assert status == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["created", "created"]
    assert Article.objects.count() == 2


def test_broken_file_among_good_ones_is_reported_and_the_others_import(tmp_path):
    write_export(tmp_path, "a.json", good_document("First story"))
    write_export(tmp_path, "b.json", '{"uri": "x", "headlines": [{"value": 5}]}')
    write_export(tmp_path, "c.json", '{"uri": ')
    write_export(tmp_path, "d.json", good_document("Fourth story", headlines=[]))
    write_export(tmp_path, "e.json", json.dumps({"uri": "x", "type": "picture"}))
    write_export(tmp_path, "f.json", good_document("Sixth story"))
    _out, err, status = run(str(tmp_path))

    assert status == 1
    assert err.splitlines() == [
        f"error: {tmp_path / 'b.json'}: not a valid ninjs 3.1 document: "
        "$.headlines[0].value must be a string, not a number",
        f"error: {tmp_path / 'c.json'}: line 1: not JSON: Expecting value (column 9)",
        f'error: {tmp_path / "d.json"}: no headline: "headlines" holds no headline with text',
        f'error: {tmp_path / "e.json"}: not a ninjs text item: its type is "picture"',
        "4 of 6 files could not be imported.",
    ]
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "First story",
        "Sixth story",
    ]


def test_a_file_that_fails_while_saving_leaves_nothing_half_written(tmp_path, monkeypatch):
    path = write_export(tmp_path, "a.json", good_document())

    def refuse(*args, **kwargs):
        from django.db import DatabaseError

        raise DatabaseError("disk full")

    monkeypatch.setattr(Byline.objects, "bulk_create", refuse)
    _out, err, status = run(str(path))

    assert status == 1
    assert "could not be saved: disk full" in err
    for model in (Article, Author, Tag, Section, Publisher, Image, Byline):
        assert not model.objects.exists(), model


def test_standard_input_starting_with_a_brace_is_read_as_ninjs():
    _out, err, status = run("-", stdin=good_document())

    assert (status, err) == (0, "")
    assert Article.objects.get().section.name == "City"


def test_ninjs_uri_naming_our_article_keeps_its_uuid_and_updates_it(tmp_path):
    article = factories.article(headline="Old headline")
    doc = good_document("New headline", uri=f"urn:newsportal:article:{article.uuid}")
    out, _, status = run(str(write_export(tmp_path, "a.json", doc)))

    assert status == 0
    assert out.startswith("updated ")
    article.refresh_from_db()
    assert article.headline == "New headline"
    assert Article.objects.count() == 1


# The round trip: export as ninjs, import into an empty database, export again.


def every_field_article() -> Article:
    publisher = factories.publisher(name="Le Soir", slug="le-soir")
    photographer = factories.author(
        name="Olena Petrenko", slug="olena-petrenko", role=Author.Role.PHOTOGRAPHER
    )
    picture = factories.image(
        caption="Mark Rutte in Kyiv.",
        alt_text="Rutte at a podium",
        photographer=photographer,
        agency="AFP",
        copyright_notice="© AFP 2026",
    )
    tags = [
        factories.tag(name="Climate change", slug="climate-change", kind=Tag.Kind.TOPIC),
        factories.tag(
            name="Ursula von der Leyen", slug="ursula-von-der-leyen", kind=Tag.Kind.PERSON
        ),
        factories.tag(name="Lviv", slug="lviv", kind=Tag.Kind.PLACE),
        factories.tag(name="OSCE", slug="osce", kind=Tag.Kind.ORGANISATION),
    ]
    authors = [
        factories.author(name="Jane Doe", slug="jane-doe"),
        factories.author(name="Ann Lee", slug="ann-lee", role=Author.Role.COLUMNIST),
    ]
    published = timezone.make_aware(datetime.datetime(2026, 2, 3, 11, 0, 5))
    article = factories.article(
        headline="NATO chief arrives in Kyiv",
        slug="nato-chief-arrives-in-kyiv",
        standfirst="Mark Rutte arrived on Tuesday.",
        body=(
            "<p>He <strong>met</strong> <em>leaders</em> and "
            '<a href="https://example.org/">spoke</a>.</p>\n<h2>Talks</h2>\n'
            "<blockquote><p>We stand with you.</p></blockquote>\n"
            "<ul><li>One</li><li>Two<br>lines</li></ul>"
        ),
        publisher=publisher,
        section=factories.section(name="Europe", slug="europe"),
        lead_image=picture,
        copyright_year=2026,
        published_at=published,
        authors=authors,
        tags=tags,
    )
    Article.objects.filter(pk=article.pk).update(
        created_at=published - datetime.timedelta(hours=2),
        updated_at=published + datetime.timedelta(days=1),
    )
    draft = factories.article(
        headline="A draft", slug="a-draft", status=Article.Status.DRAFT, published_at=None
    )
    RelatedLink.objects.create(source=draft, headline="Not written yet", position=0)
    RelatedLink.objects.create(source=article, target=draft, position=1)
    return article


def export_to(directory: Path) -> dict[str, bytes]:
    call_command("export_articles", str(directory), "--format", "ninjs", stdout=io.StringIO())
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.json"))}


def empty_the_database() -> None:
    for model in (RelatedLink, Article, Image, Author, Tag, Section, Publisher):
        model.objects.all().delete()


def test_ninjs_round_trip_gives_byte_identical_files(tmp_path, seed_path):
    run(str(seed_path))
    every_field_article()
    first = export_to(tmp_path / "first")

    empty_the_database()
    _out, err, status = run(str(tmp_path / "first"))
    assert (status, err) == (0, ""), err
    second = export_to(tmp_path / "second")

    assert len(first) == 3
    assert second.keys() == first.keys()
    for name in first:
        assert second[name].decode() == first[name].decode(), name


def test_reimporting_an_export_into_its_own_database_writes_nothing(tmp_path, seed_path):
    every_field_article()
    export_to(tmp_path)
    run(str(tmp_path))

    with CaptureQueriesContext(connection) as queries:
        out, _, status = run(str(tmp_path))

    assert status == 0
    assert {line.split()[0] for line in out.splitlines()} == {"unchanged"}
    assert writes(queries) == []


def test_export_as_ninjs_writes_a_valid_document_per_article(tmp_path, seed_path, ninjs_validator):
    run(str(seed_path))
    every_field_article()

    files = export_to(tmp_path)

    assert len(files) == Article.objects.count() == 3  # the seed, the full one, its related draft
    for name, content in files.items():
        document = json.loads(content)
        assert list(ninjs_validator.iter_errors(document)) == [], name
        assert name == document["uri"].removeprefix("urn:newsportal:article:") + ".json"
