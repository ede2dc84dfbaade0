"""Related News for an article page: the editors' links first, then similar stories.

Editors' links (the export's Related News and links added in the admin) come
first, in their order: only those that reach a published article. With fewer
than ``RELATED_COUNT`` the list is filled with the published stories that have
most in common with the article: more shared tags first, then the same
section, then more words shared with the headline, then the newest. They are
looked for among the newest articles of each of its tags and of its section,
so the query costs the same at a million articles as at a thousand.

The list (each entry's headline and address, nothing else) is cached under a
key that every change to articles, tags or links makes stale
(``articles.caching``): the page runs no query for it once worked out, and
two (the editors' links, then the similar stories' candidates, which reads up
to ``CANDIDATES`` rows) when it is not.
"""

import re

from django.core.cache import cache

from articles.caching import RELATED_SECONDS, related_key
from articles.models import Article, RelatedLink
from articles.popularity import StoryLink
from articles.querysets import published_filter

RELATED_COUNT = 4
# Candidates come from the newest articles of each tag and of the section
# (``similar_to()``), most in common first; text similarity only orders those
# read, so an old story may lose a tie it would have won on words.
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


def related_articles(article: Article) -> list[StoryLink]:
    """The article's Related News in reading order: curated links, then similar stories.

    Never the article itself, a draft, a scheduled article or the same story
    twice. ``article`` carries its tags' copy (``Article.shown_tags``).
    """
    key = related_key(article.pk)
    links = cache.get(key)
    if links is None:
        links = [_link(other) for other in _worked_out(article)]
        cache.set(key, links, RELATED_SECONDS)
    return links


def _link(article: Article) -> StoryLink:
    return StoryLink(article.headline, article.get_absolute_url())


def _worked_out(article: Article) -> list[Article]:
    curated: list[Article] = []
    seen = {article.pk}
    reached = (
        RelatedLink.objects.filter(published_filter("target__"), source=article)
        .select_related("target")
        .only("target", *(f"target__{name}" for name in LINK_FIELDS))
        .order_by("position", "pk")
    )
    for link in reached:
        if link.target_id not in seen:
            seen.add(link.target_id)
            curated.append(link.target)
    wanted = RELATED_COUNT - len(curated)
    if wanted <= 0:
        return curated
    return curated + _similar(article, exclude=seen, count=wanted)


def _similar(article: Article, exclude: set[int], count: int) -> list[Article]:
    """The ``count`` similar stories, ranked among up to ``CANDIDATES`` read as plain rows.

    Rows, not models: building two hundred model instances cost more than the query.
    Only the stories kept become articles, with what their link needs.
    """
    tag_ids = [tag.pk for tag in article.shown_tags]
    rows = list(
        Article.objects.published()
        .similar_to(article, tag_ids)
        .exclude(pk__in=exclude)
        .values_list("pk", "shared_tags", "same_section", *LINK_FIELDS, named=True)[:CANDIDATES]
    )
    words = headline_words(article.headline)
    rows.sort(
        key=lambda row: (
            -row.shared_tags,
            -row.same_section,
            -word_overlap(words, headline_words(row.headline)),
            -row.published_at.timestamp(),
            -row.pk,
        )
    )
    return [
        Article(pk=row.pk, **{name: getattr(row, name) for name in LINK_FIELDS})
        for row in rows[:count]
    ]


def headline_words(headline: str) -> frozenset[str]:
    """The words of a headline that can tell its subject, lower-cased."""
    return frozenset(word for word in _WORD.findall(headline.casefold()) if word not in _STOPWORDS)


def word_overlap(first: frozenset[str], second: frozenset[str]) -> float:
    """How alike two headlines are: shared words over all words (Jaccard), 0 to 1."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
