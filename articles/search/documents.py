"""The text of an article as search reads it: plain words per field, markup removed.

The body is HTML; its tags and attributes (a link's address, say) are not
words the article says, so only its text is indexed and snippeted. Author,
tag and caption text live in other tables and are gathered here, once, for
both backends.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.db.models import Prefetch, QuerySet

# Characters that never reach the index: controls, and the private-use marks
# the backends put around matched words in snippets.
_UNINDEXED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
# Elements after which the text reads as a new sentence, not a continued word.
_BLOCKS = frozenset(
    {"p", "br", "li", "ul", "ol", "h2", "h3", "h4", "blockquote", "div", "tr", "td"}
)


class _TextOfHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str) -> str:
    """Text without control characters or snippet marks, spaces collapsed."""
    return " ".join(_UNINDEXED.sub(" ", text).split())


def text_of_html(html: str) -> str:
    """The words of an HTML fragment: tags dropped, entities decoded (``&lt;`` is ``<``)."""
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    return plain_text("".join(parser.parts))


@dataclass(frozen=True)
class SearchText:
    """One article's searchable text, by field, in order of weight."""

    article_id: int
    headline: str
    standfirst: str
    body: str
    caption: str
    names: str  # Byline authors and tags: who wrote it and what it is about.


def for_indexing(articles: QuerySet) -> QuerySet:
    """The articles with everything their documents read, fetched in four queries."""
    from articles.models import Byline

    return articles.select_related("lead_image").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position")),
        "tags",
    )


def documents(articles: Iterable) -> list[SearchText]:
    """Documents for articles fetched through ``for_indexing()``."""
    result = []
    for article in articles:
        authors = [byline.author.name for byline in article.bylines.all()]
        tags = sorted(tag.name for tag in article.tags.all())
        caption = article.lead_image.caption if article.lead_image else ""
        result.append(
            SearchText(
                article_id=article.pk,
                headline=plain_text(article.headline),
                standfirst=plain_text(article.standfirst),
                body=text_of_html(article.body),
                caption=plain_text(caption),
                names=plain_text(" ".join([*authors, *tags])),
            )
        )
    return result
