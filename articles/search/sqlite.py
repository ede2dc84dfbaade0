"""Search on SQLite: the FTS5 table ``articles_search`` (migration 0006), rowid = article id.

Its tokenizer stems English (porter) and ignores accents (``remove_diacritics``).
Ranking is bm25() with column weights in the same order of importance as on
PostgreSQL: headline, then standfirst and names, caption, body. The reader's
query reaches FTS5 only as ``Terms.as_fts5()``: quoted words, never syntax.
"""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from articles.search.documents import SearchDocument
from articles.search.highlight import START, STOP, marked_html
from articles.search.query import Terms

_MATCHING_IDS = "SELECT rowid FROM articles_search WHERE articles_search MATCH %s"
# bm25() weights for headline, standfirst, body, caption, names.
_RANK = (
    "(SELECT -bm25(articles_search, 10.0, 4.0, 1.0, 2.0, 4.0) FROM articles_search"
    " WHERE articles_search MATCH %s AND rowid = articles_article.id)"
)
# The standfirst's best passage if it matched, else the body's, else the opening.
_SNIPPETS = (
    "SELECT id, CASE WHEN instr(s, %s) > 0 OR b = '' THEN s"
    " WHEN instr(b, %s) > 0 OR s = '' THEN b ELSE s END"
    " FROM (SELECT rowid AS id,"
    " snippet(articles_search, 1, %s, %s, '…', 30) AS s,"
    " snippet(articles_search, 2, %s, %s, '…', 30) AS b"
    " FROM articles_search WHERE articles_search MATCH %s AND rowid IN ({ids}))"
)


def matching(articles: QuerySet, terms: Terms) -> QuerySet:
    """Articles whose FTS5 row matches, annotated with ``search_rank`` (higher is better)."""
    expression = terms.as_fts5()
    # Constant SQL; the expression is a parameter.
    return articles.filter(pk__in=RawSQL(_MATCHING_IDS, [expression])).annotate(  # noqa: S611
        search_rank=RawSQL(_RANK, [expression])  # noqa: S611
    )


def snippets(ids: Sequence[int], terms: Terms) -> dict[int, SafeString]:
    """Highlighted snippets of the standfirst and body, for one page of results."""
    if not ids:
        return {}
    sql = _SNIPPETS.format(ids=", ".join(["%s"] * len(ids)))
    params = [START, START, START, STOP, START, STOP, terms.as_fts5(), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: marked_html(text or "") for pk, text in cursor.fetchall()}


def index(documents: Iterable[SearchDocument]) -> None:
    """Replace these articles' rows in the FTS5 table."""
    rows = [
        (doc.article_id, doc.headline, doc.standfirst, doc.body, doc.caption, doc.names)
        for doc in documents
    ]
    if not rows:
        return
    remove([row[0] for row in rows])
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO articles_search (rowid, headline, standfirst, body, caption, names)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


def remove(ids: Iterable[int]) -> None:
    """Delete these articles' rows."""
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM articles_search WHERE rowid = %s", [(pk,) for pk in ids])


def remove_orphans() -> None:
    """Delete rows whose article is gone (a flush empties tables without signals)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM articles_search WHERE rowid NOT IN (SELECT id FROM articles_article)"
        )
