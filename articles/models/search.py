"""PostgreSQL's full-text index of articles, a row per article beside the article table."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """An article's weighted ``tsvector``, written only by ``articles.search.indexing``.

    Kept out of the article table so that no list, page or admin query reads
    kilobytes of vector per article. PostgreSQL only: SQLite indexes articles
    in its FTS5 table and leaves this one empty. ``published_at`` is a copy of
    the article's, refreshed at each reindex, so that candidates found in the
    GIN index are put in date order without reading their articles; whether an
    article may be shown is always decided on the article itself.
    """

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorField()
    published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "search document"
        # The GIN index on vector is PostgreSQL's alone: migration 0007 creates it.

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"
