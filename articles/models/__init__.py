"""The newsroom's content: who publishes, who writes and photographs, and what."""

from articles.models.article import Article, Byline, RelatedLink, Tagging
from articles.models.corrections import Correction
from articles.models.images import Image
from articles.models.people import Author, Publisher
from articles.models.popularity import ArticleReadCount
from articles.models.search import SearchDocument
from articles.models.taxonomy import Section, Tag
from articles.models.workflow import State, StateChange

__all__ = [
    "Article",
    "ArticleReadCount",
    "Author",
    "Byline",
    "Correction",
    "Image",
    "Publisher",
    "RelatedLink",
    "SearchDocument",
    "Section",
    "State",
    "StateChange",
    "Tag",
    "Tagging",
]
