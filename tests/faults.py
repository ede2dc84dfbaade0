"""Faults injected into the importer's writes, on whichever path writes the file."""

from django.db import DatabaseError

from articles.models import RelatedLink, Tagging

# The rows an article owns that both ways in write with ``bulk_create``, after the
# article's own row: a batch's new articles together (``articles.bulk_import``) and a
# file alone (``articles.importer``). Each with the field naming its article.
OWNED_ROWS = ((RelatedLink, "source"), (Tagging, "article"))


def fail_writing_rows_of(monkeypatch, headline: str, message: str = "disk full") -> None:
    """Make writing the tags or Related News of the article with this headline fail,
    as a full disk would: half way through the article's import."""
    for model, owner in OWNED_ROWS:
        manager = model.objects
        real = manager.bulk_create

        def bulk_create(rows, *args, real=real, owner=owner, **kwargs):
            rows = list(rows)
            if any(getattr(row, owner).headline == headline for row in rows):
                raise DatabaseError(message)
            return real(rows, *args, **kwargs)

        monkeypatch.setattr(manager, "bulk_create", bulk_create)
