"""Corrections in the admin: written on the article's own page, as an inline."""

from django.contrib import admin

from articles.models import Correction


class CorrectionInline(admin.StackedInline):
    """The article's public corrections, oldest first, each with the time it was made.

    Saving one publishes it at the foot of the article (while the article is
    published) and on /corrections/, and moves the article's modified time.
    """

    model = Correction
    fields = ["text", "published_at"]
    readonly_fields = ["published_at"]
    ordering = ["published_at", "pk"]
    extra = 0
    verbose_name_plural = "corrections (public: shown at the foot of the article)"
