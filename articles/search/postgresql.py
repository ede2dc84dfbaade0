"""Search on PostgreSQL: a stored, weighted ``tsvector`` per article behind a GIN index.

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

from articles.search.documents import SearchDocument
from articles.search.highlight import START, STOP, marked_html
from articles.search.query import Terms

CONFIG = "newsportal_english"
# Matches ranked at most, the newest first; beyond, a reader narrows the search by
# section or dates. Walking newest-first reads each vector, so this bounds the work.
CANDIDATES = 300
# How many rows' worth of work reading one article's vector costs (measured, bench/search.py).
VECTOR_READ = 4
# Rows written by one UPDATE when indexing many articles.
BATCH = 500

_VECTOR = (
    "setweight(to_tsvector(%(config)s::regconfig, d.headline), 'A')"
    " || setweight(to_tsvector(%(config)s::regconfig, d.standfirst || ' ' || d.names), 'B')"
    " || setweight(to_tsvector(%(config)s::regconfig, d.caption), 'C')"
    " || setweight(to_tsvector(%(config)s::regconfig, d.body), 'D')"
)
# The body is stored as HTML: its tags are cut out here and its entities decoded in
# marked_html(); the standfirst, plain text, is escaped to match.
_SNIPPET = (
    "ts_headline(%s::regconfig,"
    " replace(replace(replace(articles_article.standfirst, '&', '&amp;'), '<', '&lt;'),"
    " '>', '&gt;') || ' ' || regexp_replace(articles_article.body, '<[^>]*>', ' ', 'g'),"
    " websearch_to_tsquery(%s::regconfig, %s), %s)"
)
_HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


def _query(terms: Terms) -> SearchQuery:
    return SearchQuery(terms.as_websearch(), search_type="websearch", config=CONFIG)


def matching(articles: QuerySet, terms: Terms) -> QuerySet:
    """These articles whose vector matches: found through the GIN index."""
    return articles.filter(search_vector=_query(terms))


def newest_first(matches: QuerySet) -> list:
    """The order to read candidates in, chosen by how many articles the query matches.

    A common word is best read walking the articles newest first, checking each
    one's vector, until enough match. A rarer one is best read from the GIN
    index alone, then sorted: walking would read thousands of vectors (each
    several kilobytes) to find a few hundred matches. PostgreSQL's planner
    counts reading a vector as free and walks even then, so the planner's own
    estimate (one EXPLAIN, no rows read) decides here: below the crossing point
    the order is written so that no index can provide it.
    """
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
    if found * found >= CANDIDATES * VECTOR_READ * total:
        return [F("published_at").desc(), F("pk").desc()]
    return [F("published_at").desc(nulls_last=True), F("pk").desc()]


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
        search_rank=SearchRank(F("search_vector"), _query(terms))
    )


def snippet(terms: Terms) -> RawSQL:
    """The standfirst and body's best passages, matched words between ``START`` and ``STOP``."""
    params = [CONFIG, CONFIG, terms.as_websearch(), _HEADLINE_OPTIONS]
    return RawSQL(_SNIPPET, params)  # noqa: S611 - constant SQL, values as parameters.


def snippet_html(source: str | None) -> SafeString:
    return marked_html(source or "", escaped=True)


def index(documents: Iterable[SearchDocument]) -> None:
    """Write the vectors of these articles, one UPDATE per batch."""
    documents = list(documents)
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        rows = ", ".join(["(%s::bigint, %s, %s, %s, %s, %s)"] * len(batch))
        params: list = []
        for doc in batch:
            params += [doc.article_id, doc.headline, doc.standfirst, doc.body, doc.caption]
            params.append(doc.names)
        sql = (
            "UPDATE articles_article AS a SET search_vector = "
            + _VECTOR % {"config": "%s"}
            + f" FROM (VALUES {rows}) AS d(id, headline, standfirst, body, caption, names)"
            " WHERE a.id = d.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [CONFIG] * 4 + params)


def remove(ids: Iterable[int]) -> None:
    """Nothing to do: the vector is a column of the article and goes with its row."""
