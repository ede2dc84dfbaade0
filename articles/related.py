"""Related News for an article page: the editors' links first, then similar stories.

Editors' links (the export's Related News and links added in the admin) come
first, in their order, as ``ArticleQuerySet.for_page()`` prefetched them: only
those that reach a published article. With fewer than ``RELATED_COUNT`` the
list is filled with the published stories that have most in common with the
article: more shared tags first, then the same section, then more words shared
with the headline, then the newest.

Working the similar ones out reads up to ``CANDIDATES`` rows, so the result (a
few ids) is cached under a key that every change to articles, tags or links
makes stale (``articles.caching``). Either way the page runs one query for the
similar stories: the candidates themselves when cold, the cached ids when warm.
"""

import re

from django.core.cache import cache

from articles.caching import RELATED_SECONDS, related_key
from articles.models import Article

RELATED_COUNT = 4
# Candidates are read newest first within each rank of tags and section; text
# similarity only orders those read, so an old story may lose a tie it would
# have won on words.
CANDIDATES = 200
# What a link in the list needs: the headline and the address (which holds the date).
LINK_FIELDS = ("headline", "slug", "published_at", "created_at")

_WORD = re.compile(r"[^\W_]+")
# Words that say nothing about a story's subject.
_STOPWORD_TEXT = """
a an and are as at be by for from has have in into is it its of on or over says
than that the their to was were will with after before new
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def related_articles(article: Article) -> list[Article]:
    """The article's Related News in reading order: curated links, then similar stories.

    ``article`` comes from ``for_page()`` (its links and tags prefetched). Never
    the article itself, a draft, a scheduled article or the same story twice.
    """
    curated: list[Article] = []
    seen = {article.pk}
    for link in article.related_links.all():
        if link.target_id not in seen:
            seen.add(link.target_id)
            curated.append(link.target)
    wanted = RELATED_COUNT - len(curated)
    if wanted <= 0:
        return curated
    return curated + _similar(article, exclude=seen, count=wanted)


def _similar(article: Article, exclude: set[int], count: int) -> list[Article]:
    key = related_key(article.pk)
    ids = cache.get(key)
    if ids is not None:
        if not ids:
            return []
        found = Article.objects.published().filter(pk__in=ids).only(*LINK_FIELDS).in_bulk()
        return [found[pk] for pk in ids if pk in found and pk not in exclude]
    tag_ids = [tag.pk for tag in article.tags.all()]
    candidates = list(
        Article.objects.published()
        .similar_to(article, tag_ids)
        .exclude(pk__in=exclude)
        .only(*LINK_FIELDS)[:CANDIDATES]
    )
    words = headline_words(article.headline)
    candidates.sort(
        key=lambda other: (
            -other.shared_tags,
            -other.same_section,
            -word_overlap(words, headline_words(other.headline)),
            -other.published_at.timestamp(),
            -other.pk,
        )
    )
    chosen = candidates[:count]
    cache.set(key, [other.pk for other in chosen], RELATED_SECONDS)
    return chosen


def headline_words(headline: str) -> frozenset[str]:
    """The words of a headline that can tell its subject, lower-cased."""
    return frozenset(word for word in _WORD.findall(headline.casefold()) if word not in _STOPWORDS)


def word_overlap(first: frozenset[str], second: frozenset[str]) -> float:
    """How alike two headlines are: shared words over all words (Jaccard), 0 to 1."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
