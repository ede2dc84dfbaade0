"""bench/bulk.py writes the rows ``import_articles`` writes (bench/site.py past 20,000 articles)."""

import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import (
    Article,
    Author,
    Byline,
    Image,
    Publisher,
    RelatedLink,
    SearchDocument,
    Section,
    StateChange,
    Tag,
    Tagging,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import bulk, newsroom

# Written at the moment of loading, by either path: not compared.
NOW_FIELDS = {"created_at", "updated_at", "at"}
# Link rows get ids in whatever order each path inserts them: compared by content.
LINK_MODELS = {Tagging, RelatedLink, Byline, StateChange}
TABLES = [
    Publisher,
    Section,
    Author,
    Tag,
    Image,
    Article,
    Tagging,
    RelatedLink,
    Byline,
    StateChange,
]


def dump() -> dict[str, list]:
    tables = {}
    for model in TABLES:
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in NOW_FIELDS and not (model in LINK_MODELS and f.attname == "id")
        ]
        tables[model.__name__] = sorted(
            tuple(str(v) for v in row) for row in model.objects.values_list(*names)
        )
    if connection.vendor == "postgresql":
        tables["vectors"] = sorted(
            (doc.article_id, str(doc.vector), str(doc.published_at))
            for doc in SearchDocument.objects.all()
        )
    return tables


def empty() -> None:
    with connection.cursor() as cursor:
        tables = ", ".join(model._meta.db_table for model in [*TABLES, SearchDocument])
        tables += ", reversion_version, reversion_revision"
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.mark.django_db(transaction=True)
def test_bulk_loaded_archive_is_the_imported_one(tmp_path, monkeypatch):
    """Forty articles of seven stories, imported file by file or bulk-loaded but for ten."""
    count, newest = 40, 10
    monkeypatch.setattr(newsroom, "STORIES", 7)
    if connection.vendor != "postgresql":
        with pytest.raises(SystemExit, match="PostgreSQL COPY"):
            bulk.load(count, newest)
        return
    empty()
    newsroom.write_exports(tmp_path / "all", count)
    call_command("import_articles", str(tmp_path / "all"), stdout=StringIO())
    newsroom.enrich(tmp_path / "media")
    imported = dump()
    assert len(imported["Article"]) == count
    assert len(imported["vectors"]) == count

    empty()
    figures = bulk.load(count, newest)
    newsroom.write_exports(tmp_path / "newest", count, newest=newest)
    assert len(list((tmp_path / "newest").iterdir())) == newest
    call_command("import_articles", str(tmp_path / "newest"), stdout=StringIO())
    newsroom.enrich(tmp_path / "media")
    assert figures["bulk_articles"] == count - newest
    loaded = dump()
    for table, rows in imported.items():
        assert loaded[table] == rows, table
