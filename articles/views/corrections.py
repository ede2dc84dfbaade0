"""The public list of corrections, at /corrections/."""

from django.db.models import QuerySet

from articles.models import Correction
from articles.pagination import PagedListView


class CorrectionListView(PagedListView):
    """Every correction of a published article, newest first, each with its article.

    Paged as the other lists are; a correction of a draft, a scheduled or an
    unpublished article stays out (``Correction.objects.published()``).
    """

    template_name = "articles/corrections.html"
    context_object_name = "corrections"

    def get_queryset(self) -> QuerySet:
        return Correction.objects.published().for_listing()
