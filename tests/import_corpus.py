"""A corpus of exports meeting every case a batch import decides, and what an import left.

Shared by the tests that import it two ways and compare (tests/test_bulk_import.py,
tests/test_parse_ahead.py): ids differ between the runs, so what the database holds
is read by natural identities.
"""

import io
import json

from django.core.management import call_command
from reversion.models import Revision, Version

from articles.importer import edited_since_import
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


def imported(stored: str, paths: list[str], on_commit) -> tuple[list[str], dict]:
    """The stored story imported, then ``paths``: the lines printed and what is stored.

    ``on_commit`` is pytest-django's ``django_capture_on_commit_callbacks``: the
    search index is written when an import's transaction commits.
    """
    with on_commit(execute=True):
        run(stored)
        lines = run(*paths)
    return lines, state()
