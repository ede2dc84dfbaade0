"""Articles in the admin: the list editors work from and the form they write in."""

import copy
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from articles.admin.actions import publish, unpublish
from articles.admin.corrections import CorrectionInline
from articles.admin.filters import LeadPictureFilter
from articles.admin.forms import LEAD_PICTURE_FIELDS, ArticleAdminForm, PicturePermissions
from articles.admin.history import ArticleRevisionsAdmin
from articles.admin.previews import PreviewLinkAdmin
from articles.admin.slugs import SlugFromNameAdmin
from articles.models import Article, Byline, RelatedLink


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    extra = 1
    verbose_name_plural = "byline (in reading order)"


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "source"
    fields = ["target", "headline", "position"]
    autocomplete_fields = ["target"]
    ordering = ["position", "pk"]
    extra = 1
    verbose_name_plural = "related news"


@admin.register(Article)
class ArticleAdmin(PreviewLinkAdmin, ArticleRevisionsAdmin, SlugFromNameAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "status", "featured", "section", "published_at", "byline"]
    list_select_related = ["section", "publisher"]
    list_filter = ["status", "featured", "section", "publisher", "published_at", LeadPictureFilter]
    search_fields = ["headline", "standfirst", "body"]
    search_help_text = "Searches headlines, standfirsts and bodies."
    date_hierarchy = "published_at"
    slug_source = "headline"
    autocomplete_fields = ["section", "publisher", "lead_image"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    inlines = [BylineInline, RelatedLinkInline, CorrectionInline]
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "featured",
                    "publisher",
                    "section",
                    # "tags" is placed here by get_fieldsets().
                    "copyright_year",
                ]
            },
        ),
        (
            "Lead picture",
            {
                "description": (
                    "Caption, credit and focal point are saved on the chosen picture, wherever "
                    "it is used. With no picture chosen, filling them in creates a new one."
                ),
                "fields": [
                    "lead_image",
                    "lead_image_caption",
                    "lead_image_photographer",
                    "lead_image_agency",
                    "lead_image_alt_text",
                    ("lead_image_focal_x", "lead_image_focal_y"),
                ],
            },
        ),
        ("Record", {"classes": ["collapse"], "fields": ["uuid", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None) -> list:
        """The fieldsets, with the form's tags box under "Publishing", after the section.

        Django's admin refuses a many-to-many field that goes through a model
        of its own (``Tagging``) in ``fieldsets`` (admin.E013) and makes no form
        field for it, so ``ArticleAdminForm`` declares ``tags`` and it is
        placed here, where the checks do not look.
        """
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        publishing = fieldsets[1][1]["fields"]
        publishing.insert(publishing.index("section") + 1, "tags")
        if not PicturePermissions.of(request.user).view:
            # The form leaves the picture's own fields out: only the choice stays.
            for _name, options in fieldsets:
                options["fields"] = [
                    field
                    for field in options["fields"]
                    if not set(field if isinstance(field, tuple) else [field])
                    & set(LEAD_PICTURE_FIELDS)
                ]
                if "lead_image" in options["fields"]:
                    options.pop("description", None)
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Article | None = None, **kwargs: Any) -> type:
        """The form, told what the user may do with pictures (the lead-picture fields)."""
        form = super().get_form(request, obj, **kwargs)
        permissions = PicturePermissions.of(request.user)
        return type(form.__name__, (form,), {"picture_permissions": permissions})

    def get_inlines(self, request: HttpRequest, obj: Article | None) -> list:
        """Corrections only once the article exists: a new one has nothing to correct."""
        inlines = super().get_inlines(request, obj)
        return inlines if obj is not None else [i for i in inlines if i is not CorrectionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_bylines()

    @admin.display(description="authors")
    def byline(self, article: Article) -> str | None:
        return ", ".join(author.name for author in article.byline_authors) or None

    def save_model(
        self, request: HttpRequest, obj: Article, form: ArticleAdminForm, change: bool
    ) -> None:
        form.save_lead_picture()
        super().save_model(request, obj, form, change)
