"""A batch's new articles written together store what the file-by-file path stores.

The same exports are imported twice into an emptied database: once as the command
does (a batch's new plain-text articles through ``articles.bulk_import``), once with
that path turned off, so every file goes through ``importer.persist``. What readers,
editors and the next import see must be the same: articles, addresses, pictures and
credits, tags and their listing copies, Related News and their targets, the history
of states, the revisions, the fingerprints and the search index.
"""

import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version

from articles.bulk_import import serialised
from articles.importer import edited_since_import
from articles.management.commands import import_articles
from articles.models import (
    Article,
    Author,
    Image,
    Publisher,
    RelatedLink,
    SearchDocument,
    Tag,
    Tagging,
)
from articles.models.workflow import StateChange
from articles.versioning import versions_of
from tests.exports import export_text, write_export

pytestmark = pytest.mark.django_db

# A revision's article fields that hold ids, or the fingerprint made of them.
IDS = ("publisher", "lead_image", "section", "lead_photographer", "imported_fingerprint")
OTHER_PUBLISHER = "Copyright © 2026 The Antwerp Post. All Rights Reserved."


def corpus(directory) -> list[str]:
    """Files that meet every case the batch path decides: earlier, later, stored and
    missing Related News, shared and new people, a tag one file makes and the next
    finds, headlines that make the same slug, a second publisher, a file repeating an
    earlier one's article, and one that cannot be read."""
    texts = {
        "01.txt": export_text(
            "Tram line approved",
            ["NATO chief Mark Rutte arrived in Brussels on 2 March 2026.", "More."],
            caption="The depot. Jane Doe / Belga",
            related=["Stored story", "Bridge closes", "Nothing of that name"],
        ),
        "02.txt": export_text(
            "Bridge closes",
            ["Mark Rutte left Brussels on 3 March 2026.", "Roads shut."],
            caption="The bridge. John Roe / Reuters",
            related=["Tram line approved", "Bridge closes", "Harbour reopens"],
        ),
        "03.txt": export_text(
            "Tram line: approved!",
            ["The European Commission met in Antwerp on 4 March 2026.", "Later."],
            caption="A tram. Jane Doe / Belga",
        ),
        "04.txt": export_text(
            "Harbour reopens",
            ["Ships returned to Antwerp on 5 March 2026.", "Quiet."],
            caption=None,
            related=["Bridge closes"],
            copyright_line=OTHER_PUBLISHER,
        ),
        "05.txt": export_text(
            "Tram line approved",
            ["NATO chief Mark Rutte arrived in Brussels on 2 March 2026.", "More."],
            caption="The depot. Jane Doe / Belga",
            related=["Stored story", "Bridge closes", "Nothing of that name"],
        ),
        "06.txt": "",
        "07.txt": export_text(
            "Waited for",
            ["Awaited by the stored story on 6 March 2026.", "End."],
            caption="Waiting. New Person / AFP",
        ),
    }
    return [str(write_export(directory, name, text)) for name, text in texts.items()]


def stored_story(directory) -> str:
    """An article stored before the run, naming a headline that arrives in it."""
    text = export_text(
        "Stored story",
        ["Jane Doe reported on 1 March 2026.", "Old."],
        caption="Old picture. Jane Doe / Belga",
        related=["Waited for"],
    )
    return str(write_export(directory, "stored.txt", text))


def run(*paths: str) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *paths, stdout=out, stderr=err)
    except Exception as exc:  # the unreadable file makes the run fail: its lines are the point
        err.write(str(exc))
    return out.getvalue().splitlines() + err.getvalue().splitlines()


def state() -> dict:
    """What the database holds, by natural identities (ids differ between the two runs)."""
    articles = {}
    for article in Article.objects.select_related(
        "publisher", "section", "lead_image", "lead_photographer"
    ):
        assert not edited_since_import(article), article.headline
        articles[str(article.uuid)] = {
            **{
                name: getattr(article, name)
                for name in (
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    "status",
                    "published_at",
                    "featured",
                    "headline_key",
                    "source_key",
                    "source_checksum",
                    "source_file_checksum",
                    "copyright_year",
                    "byline_copy",
                    "version",
                )
            },
            "address": article.get_absolute_url(),
            "publisher": article.publisher.name,
            "section": article.section.name if article.section else None,
            "image": str(article.lead_image.uuid) if article.lead_image else None,
            "photographer": (article.lead_photographer.name if article.lead_photographer else None),
            "tags_copy": [(tag["kind"], tag["name"], tag["slug"]) for tag in article.tags_copy],
            "indexed": SearchDocument.objects.filter(article=article).exists(),
            "history": [
                (change.from_state, change.to_state, change.via, change.user_id)
                for change in StateChange.objects.filter(article=article).order_by("pk")
            ],
            "revisions": revisions_of(article),
        }
    return {
        "articles": articles,
        "images": {
            str(image.uuid): (
                image.caption,
                image.photographer.name if image.photographer else None,
                image.agency,
                image.copyright_notice,
                image.alt_text,
            )
            for image in Image.objects.select_related("photographer")
        },
        "people": sorted(Author.objects.values_list("name", "slug", "role", "organisation")),
        "publishers": sorted(Publisher.objects.values_list("name", "slug")),
        "tags": sorted(Tag.objects.values_list("kind", "name", "slug")),
        "taggings": sorted(
            (str(row.article.uuid), row.tag.kind, row.tag.name, row.status, row.published_at)
            for row in Tagging.objects.select_related("article", "tag")
        ),
        "links": sorted(
            (
                str(link.source.uuid),
                link.position,
                link.headline,
                link.headline_key,
                str(link.target.uuid) if link.target else None,
            )
            for link in RelatedLink.objects.select_related("source", "target")
        ),
    }


def revisions_of(article: Article) -> list:
    """Each revision's comment and author, and what it holds: each row's model and name,
    and the article's own fields, which must be the article as stored."""
    kept = []
    for revision in Revision.objects.filter(
        pk__in=versions_of(article).values("revision_id")
    ).order_by("pk"):
        versions = Version.objects.filter(revision=revision).order_by("pk")
        own = versions.get_for_object(article).get()
        fields = json.loads(own.serialized_data)[0]["fields"]
        assert own.field_dict["headline"] == article.headline
        assert own.field_dict["lead_image_id"] == article.lead_image_id
        assert own.field_dict["publisher_id"] == article.publisher_id
        kept.append(
            (
                revision.comment.replace(revision.comment.split("importing ")[-1], "FILE"),
                revision.user_id,
                sorted((version.content_type.model, version.object_repr) for version in versions),
                # Ids (and the fingerprint made of them) differ between runs; the
                # fingerprint is checked against the rows above (edited_since_import).
                {name: value for name, value in fields.items() if not name.endswith("_at")}
                | dict.fromkeys(IDS),
            )
        )
    return kept


def empty_the_database() -> None:
    for model in (Version, Revision, Article, Image, Tag, Author, Publisher):
        model.objects.all().delete()


def test_a_batch_written_together_stores_what_files_written_one_by_one_store(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    stored = stored_story(tmp_path)
    batch = tmp_path / "batch"
    batch.mkdir()
    paths = corpus(batch)

    def import_all() -> tuple[list[str], dict]:
        with django_capture_on_commit_callbacks(execute=True):
            run(stored)
            lines = run(*paths)
        return lines, state()

    together_lines, together = import_all()
    empty_the_database()
    monkeypatch.setattr(import_articles, "create_new", lambda *args: {})
    alone_lines, alone = import_all()

    assert together_lines == alone_lines
    assert together == alone
    # The cases it is made of are there.
    links = {(link[2], link[4] is not None) for link in together["links"]}
    assert ("Harbour reopens", True) in links  # a later file's article
    assert ("Nothing of that name", False) in links
    assert ("Waited for", True) in links  # the stored article's link, now answered
    assert sorted(line.split()[0] for line in together_lines) == [
        "1",  # the run's summary: one file could not be imported
        "created",
        "created",
        "created",
        "created",
        "created",
        "error:",
        "unchanged",
    ]
    assert len({article["slug"] for article in together["articles"].values()}) == 6


def test_a_batch_of_new_articles_is_written_in_the_same_queries_however_many_files(tmp_path):
    run(stored_story(tmp_path))  # the publisher and a person are stored

    def queries_for(count: int, prefix: str) -> int:
        directory = tmp_path / prefix
        directory.mkdir()
        paths = [
            str(
                write_export(
                    directory,
                    f"{n}.txt",
                    export_text(
                        f"{prefix} story {n}",
                        [f"Mark Rutte spoke in Brussels on {n + 1} March 2026.", "More."],
                        caption=f"Picture {n}. Jane Doe / Belga",
                        related=[f"{prefix} story {n - 1}", "Stored story"],
                    ),
                )
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            lines = run(*paths)
        assert [line.split()[0] for line in lines] == ["created"] * count
        return len(queries)

    queries_for(3, "warm")  # the places and tags the stories name are stored
    assert queries_for(3, "small") == queries_for(30, "large")


def test_rows_are_serialised_for_revisions_as_django_reversion_serialises_them(tmp_path):
    run(*corpus(tmp_path))
    rows = [
        *Article.objects.all(),
        *Tagging.objects.all(),
        *RelatedLink.objects.all(),
    ]

    assert len(rows) > 10
    assert serialised(rows) == [serializers.serialize("json", [row]) for row in rows]


def test_a_large_import_leaves_postgresql_statistics_of_what_it_wrote(tmp_path, monkeypatch):
    """Else the next run's digest lookup (and the site's lists) are planned for empty tables."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without statistics")
    monkeypatch.setattr(import_articles, "ANALYZE_AFTER", 3)
    paths = [
        str(write_export(tmp_path, f"{n}.txt", export_text(f"Counted story {n}"))) for n in range(5)
    ]

    def rows_known_to_the_planner() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
            return cursor.fetchone()[0]

    run(*paths[:2])
    assert rows_known_to_the_planner() != 2  # two new articles are fewer than asked for
    run(*paths)

    assert rows_known_to_the_planner() == Article.objects.count() == 5
