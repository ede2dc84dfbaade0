"""Search on SQLite: the FTS5 table ``articles_search`` (migration 0005), rowid = article id.

Its tokenizer stems English (porter) and ignores accents (``remove_diacritics``).
Ranking is bm25() with column weights in the same order of importance as on
PostgreSQL: headline, then standfirst and names, caption, body. The reader's
query reaches FTS5 only as ``Terms.as_fts5()``: quoted words, never syntax.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from articles.search.documents import SearchText
from articles.search.highlight import START, STOP, marked_html
from articles.search.query import Terms

# Matches ranked at most, the newest first, as on PostgreSQL (see ``ranked()``).
CANDIDATES = 300
# Joined by rowid, the FTS5 table first: "+ 0" keeps SQLite from looking each article up
# in it by rowid instead, which would rerun the full-text query once per article.
_JOIN = ["articles_article.id = articles_search.rowid + 0", "articles_search MATCH %s"]
# bm25() weights for headline, standfirst, body, caption, names; lower is better.
_RANK = "-bm25(articles_search, 10.0, 4.0, 1.0, 2.0, 4.0)"
_MATCHED = "SELECT rowid FROM articles_search WHERE articles_search MATCH %s"
# bm25() with the weights of _RANK.
_RANKS = (
    "SELECT rowid, -bm25(articles_search, 10.0, 4.0, 1.0, 2.0, 4.0) FROM articles_search"
    " WHERE articles_search MATCH %s AND +rowid IN ({ids})"
)
# The standfirst's best passage if it matched, else the body's, else the opening.
_SNIPPET = (
    "(SELECT CASE WHEN instr(s, %s) > 0 OR b = '' THEN s"
    " WHEN instr(b, %s) > 0 OR s = '' THEN b ELSE s END"
    " FROM (SELECT snippet(articles_search, 1, %s, %s, '…', 30) AS s,"
    " snippet(articles_search, 2, %s, %s, '…', 30) AS b"
    " FROM articles_search WHERE articles_search MATCH %s AND rowid = articles_article.id))"
)


def matching(articles: QuerySet, terms: Terms) -> QuerySet:
    """These articles whose FTS5 row matches, annotated with ``search_rank`` (higher is better).

    bm25() is computed in the same pass over the full-text index that finds
    the matches, so ranking all of them costs little more than finding them.
    """
    # extra() is the ORM's one way to join a table it has no model for. Its SQL is
    # constant; the expression is a parameter.
    return articles.extra(  # noqa: S610
        tables=["articles_search"],
        where=_JOIN,
        params=[terms.as_fts5()],
        select={"search_rank": _RANK},
    )


def _newest(articles: QuerySet, terms: Terms) -> QuerySet:
    """These articles that match, newest first, read walking the newest articles.

    The full-text query runs once, as a list of rowids each article is looked
    up in: joined instead, SQLite would read every match's article and sort
    them all by date, hundreds of milliseconds for a common word.
    """
    matched = RawSQL(_MATCHED, [terms.as_fts5()])  # noqa: S611 - constant SQL, values as parameters.
    return articles.filter(pk__in=matched).order_by("-published_at", "-pk")


def ranked(articles: QuerySet, matches: QuerySet, terms: Terms) -> QuerySet:
    """The newest ``CANDIDATES`` matches, ranked, as on PostgreSQL.

    Finding matches is cheap; bm25() over every one of a common word's tens of
    thousands of matches, and sorting them all by it, is not.
    """
    return ranked_among(articles, _newest(articles, terms).values("pk")[:CANDIDATES], terms)


def ranked_among(articles: QuerySet, candidates: Iterable | QuerySet, terms: Terms) -> QuerySet:
    """These articles among ``candidates`` (ids), annotated with ``search_rank``."""
    return matching(articles.filter(pk__in=candidates), terms)


def newest(articles: QuerySet, matches: QuerySet, terms: Terms, limit: int) -> list[tuple]:
    """The newest ``limit`` matches as ``(id, rank, published_at)``.

    Found in date order without bm25(), then only those are ranked, in one
    pass over the full-text matches.
    """
    found = list(_newest(articles, terms).values_list("pk", "published_at")[:limit])
    if not found:
        return []
    # "+rowid": FTS5 would otherwise rerun the full-text query once per listed rowid.
    sql = _RANKS.replace("{ids}", ", ".join(["%s"] * len(found)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [terms.as_fts5(), *(pk for pk, _ in found)])
        ranks = dict(cursor.fetchall())
    return [(pk, ranks[pk], published_at) for pk, published_at in found if pk in ranks]


def snippet(terms: Terms) -> RawSQL:
    """The article's snippet, matched words between ``START`` and ``STOP``: for a page only,
    as it runs the full-text query once per article."""
    params = [START, START, START, STOP, START, STOP, terms.as_fts5()]
    return RawSQL(_SNIPPET, params)  # noqa: S611 - constant SQL, values as parameters.


def snippet_html(source: str | None) -> SafeString:
    return marked_html(source or "")


def index(documents: Iterable[SearchText]) -> None:
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
    """Delete rows whose article is gone without signals (a flush, raw SQL).

    Such rows are never found (a match is joined to its article), and an article
    saved later with the same id replaces its row; this only reclaims the space.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM articles_search WHERE rowid NOT IN (SELECT id FROM articles_article)"
        )
