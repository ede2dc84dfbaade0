"""Search on PostgreSQL: a stored, weighted ``tsvector`` per article behind a GIN index.

The vectors live in their own table (``SearchDocument``), so no other query of
articles reads them.

``newsportal_english`` (migration 0005) is PostgreSQL's English configuration
with ``unaccent`` in front of the stemmer, so "Émile" finds "Emile" and
"strikes" finds "strike". Weights: A headline, B standfirst and the names of
authors and tags, C caption, D body.
"""

import json
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from articles.search.documents import SearchText
from articles.search.highlight import START, STOP, marked_html
from articles.search.query import Terms

CONFIG = "newsportal_english"
# Matches ranked at most, the newest first; beyond, a reader narrows the search by
# section or dates. Walking newest-first reads each vector, so this bounds the work.
CANDIDATES = 300
# How many rows' worth of work reading one article's vector costs (measured, bench/search.py).
VECTOR_READ = 4
# Characters of the body a snippet is chosen from.
SNIPPET_CHARACTERS = 1500
# Rows written by one INSERT when indexing many articles.
BATCH = 500

_VECTOR = (
    "setweight(to_tsvector(%(config)s::regconfig, d.headline), 'A')"
    " || setweight(to_tsvector(%(config)s::regconfig, d.standfirst || ' ' || d.names), 'B')"
    " || setweight(to_tsvector(%(config)s::regconfig, d.caption), 'C')"
    " || setweight(to_tsvector(%(config)s::regconfig, d.body), 'D')"
)
# The body is stored as HTML: its tags are cut out here (a tag cut in two by left() as
# well) and its entities decoded in marked_html(); the standfirst, plain text, is
# escaped to match. ts_headline reads the standfirst and the body's first
# SNIPPET_CHARACTERS only, as its cost grows with the text it reads; an article that
# matches only further on shows its opening.
_SNIPPET = (
    "ts_headline(%s::regconfig,"
    " replace(replace(replace(articles_article.standfirst, '&', '&amp;'), '<', '&lt;'),"
    " '>', '&gt;') || ' ' || regexp_replace(left(articles_article.body, %s),"
    " '<[^>]*(>|$)', ' ', 'g'),"
    " websearch_to_tsquery(%s::regconfig, %s), %s)"
)
# The newest matches found in the GIN index among the ids of "{allowed}", a subquery.
# OFFSET 0 keeps the planner from joining every allowed article to the matches first.
_NEWEST_FROM_INDEX = (
    "SELECT m.article_id, ts_rank(m.vector, websearch_to_tsquery(%s::regconfig, %s)),"
    " m.published_at FROM (SELECT article_id, published_at, vector"
    " FROM articles_searchdocument"
    " WHERE vector @@ websearch_to_tsquery(%s::regconfig, %s)"
    " ORDER BY published_at DESC NULLS LAST, article_id DESC OFFSET 0) AS m"
    " WHERE m.article_id IN ({allowed})"
    " ORDER BY m.published_at DESC NULLS LAST, m.article_id DESC LIMIT %s"
)
_HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


def _query(terms: Terms) -> SearchQuery:
    return SearchQuery(terms.as_websearch(), search_type="websearch", config=CONFIG)


def matching(articles: QuerySet, terms: Terms) -> QuerySet:
    """These articles whose document's vector matches: found through the GIN index."""
    return articles.filter(search_document__vector=_query(terms))


def newest(articles: QuerySet, matches: QuerySet, terms: Terms, limit: int) -> list[tuple]:
    """The newest ``limit`` matches as ``(id, rank, published_at)``, read the cheaper of two ways.

    Each is ranked as it is read: its vector is read once, and no further
    query lists hundreds of ids to rank them.

    A common word is best read walking the published articles newest first,
    checking each one's vector, until enough match. A rarer one is best read
    from the GIN index alone: its documents are put in date order by their
    copy of ``published_at``, then the articles are read in that order, each
    by its id, until enough pass ``articles``' filters. (Left to itself the
    planner would read every published article to join them to thousands of
    matches.)
    Walking would read thousands of vectors (each several kilobytes) to find a
    few hundred matches, and PostgreSQL's planner counts reading a vector as
    free, so the planner's own estimate of how many match (one EXPLAIN, no rows
    read) decides here.
    """
    if _common(matches):
        newest = matches.order_by("-published_at", "-pk").annotate(
            search_rank=SearchRank(F("search_document__vector"), _query(terms))
        )
        return list(newest.values_list("pk", "search_rank", "published_at")[:limit])
    allowed, params = articles.order_by().values("pk").query.sql_with_params()
    # The SQL is constant or Django's own, compiled from a queryset; values are parameters.
    sql = _NEWEST_FROM_INDEX.replace("{allowed}", allowed)
    with connection.cursor() as cursor:
        query = [CONFIG, terms.as_websearch()]
        cursor.execute(sql, [*query, *query, *params, limit])
        return cursor.fetchall()


def _common(matches: QuerySet) -> bool:
    """Whether walking the newest articles finds enough matches sooner than the GIN index."""
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # The SQL is Django's own, compiled from a queryset; its values are parameters.
            f"EXPLAIN (FORMAT JSON) {sql} UNION ALL SELECT id FROM articles_article",  # noqa: S608
            params,
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    found, total = (branch["Plan Rows"] for branch in plan[0]["Plan"]["Plans"])
    # Walking costs CANDIDATES / share vector reads, the index share * total row
    # reads; a vector read costs about VECTOR_READ row reads.
    return found * found >= CANDIDATES * VECTOR_READ * total


def ranked(articles: QuerySet, matches: QuerySet, terms: Terms) -> QuerySet:
    """The newest ``CANDIDATES`` matches, annotated with ``search_rank`` (higher is better).

    Ranking reads each candidate's whole vector, so it is bounded: a word found
    in most articles would otherwise have every one of them read.
    """
    candidates = matches.order_by("-published_at", "-pk").values("pk")[:CANDIDATES]
    return ranked_among(articles, candidates, terms)


def ranked_among(articles: QuerySet, candidates: Iterable | QuerySet, terms: Terms) -> QuerySet:
    """These articles among ``candidates`` (ids), annotated with ``search_rank``."""
    return articles.filter(pk__in=candidates).annotate(
        search_rank=SearchRank(F("search_document__vector"), _query(terms))
    )


def snippet(terms: Terms) -> RawSQL:
    """The standfirst and body's best passages, matched words between ``START`` and ``STOP``."""
    params = [CONFIG, SNIPPET_CHARACTERS, CONFIG, terms.as_websearch(), _HEADLINE_OPTIONS]
    return RawSQL(_SNIPPET, params)  # noqa: S611 - constant SQL, values as parameters.


def snippet_html(source: str | None) -> SafeString:
    return marked_html(source or "", escaped=True)


def index(documents: Iterable[SearchText]) -> None:
    """Write the documents of these articles, one INSERT … ON CONFLICT per batch."""
    documents = list(documents)
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        rows = ", ".join(["(%s::bigint, %s, %s, %s, %s, %s)"] * len(batch))
        params: list = []
        for doc in batch:
            params += [doc.article_id, doc.headline, doc.standfirst, doc.body, doc.caption]
            params.append(doc.names)
        sql = (
            "INSERT INTO articles_searchdocument (article_id, vector, published_at)"
            " SELECT a.id, " + _VECTOR % {"config": "%s"} + ", a.published_at"
            f" FROM (VALUES {rows}) AS d(id, headline, standfirst, body, caption, names)"
            " JOIN articles_article AS a ON a.id = d.id"
            " ON CONFLICT (article_id) DO UPDATE"
            " SET vector = EXCLUDED.vector, published_at = EXCLUDED.published_at"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [CONFIG] * 4 + params)


def remove(ids: Iterable[int]) -> None:
    """Delete these articles' documents (a deleted article's goes with it, by cascade)."""
    ids = list(ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_searchdocument WHERE article_id = ANY(%s)", [ids])
