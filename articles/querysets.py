"""Every question asked of articles, asked once, here.

"Published" is defined in ``published()`` and nowhere else; every public page,
feed and API starts from it. ``for_listing()`` and ``for_page()`` fetch exactly
what their templates show, so the number of queries does not grow with the
number of articles, authors, tags or related links.
"""

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

if TYPE_CHECKING:
    from articles.models import Article


class ArticleQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Articles a reader may see: marked published, with a time that has come."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def visible_to(self, user: Any) -> Self:
        """Staff preview drafts and scheduled articles; everyone else sees published ones."""
        if getattr(user, "is_staff", False) and user.is_active:
            return self.all()
        return self.published()

    def with_bylines(self) -> Self:
        from articles.models import Byline

        return self.prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position", "pk"),
            )
        )

    def for_listing(self) -> Self:
        """What a list of published article cards shows: picture block, credit, bylines.

        Newest first, in the order of the (status, published_at, id) index, so a
        page is read off the index instead of sorting every published article.
        """
        return (
            self.select_related("publisher", "section", "lead_image__photographer")
            .with_bylines()
            .order_by("-published_at", "-pk")
        )

    def for_page(self) -> Self:
        """What the article page shows, with Related News that reach a published article.

        A link still waiting for its article, or pointing at a draft, is left out.
        """
        from articles.models import Article, RelatedLink

        related = (
            RelatedLink.objects.filter(target__in=Article.objects.published().values("pk"))
            .select_related("target")
            .order_by("position", "pk")
        )
        return (
            self.select_related("publisher", "section", "lead_image__photographer")
            .with_bylines()
            .prefetch_related(
                Prefetch("tags", queryset=_tags()), Prefetch("related_links", queryset=related)
            )
        )

    def search(
        self,
        query: str,
        *,
        section: str | None = None,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
    ) -> Self:
        """These articles that match a reader's query, best match first, then newest.

        Each is annotated with ``search_rank``; a page of them arrives with
        ``search_snippet``, the matched words marked. See ``articles.search``.
        """
        from articles import search

        return search.search(self, query, section=section, start=start, end=end)

    def get_by_natural_key(self, uuid: str) -> "Article":
        return self.get(uuid=uuid)


def _tags() -> models.QuerySet:
    from articles.models import Tag

    return Tag.objects.order_by("kind", "name")
