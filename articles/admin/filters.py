"""Change-list filters that the admin's own field filters cannot express."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


class LeadPictureFilter(admin.SimpleListFilter):
    """The articles that lead with one picture: the picture library's "articles" link.

    The sidebar offers no list of every picture (it would be no help): it shows
    the filter only while one picture is chosen, so it can be cleared. The
    library links to ``?lead_picture=<id>``; a value that is not a picture's id
    matches no article.
    """

    title = "lead picture"
    parameter_name = "lead_picture"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        chosen = self.value()
        return [(chosen, f"picture #{chosen}")] if chosen else []

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(lead_image_id=int(value))
