"""Articles in the admin: the list editors work from and the form they write in."""

import copy
from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from articles import workflow
from articles.admin.actions import back_to_draft, publish, submit_for_review, unpublish
from articles.admin.corrections import CorrectionInline
from articles.admin.filters import LeadPictureFilter
from articles.admin.forms import LEAD_PICTURE_FIELDS, ArticleAdminForm, PicturePermissions
from articles.admin.history import ArticleRevisionsAdmin
from articles.admin.previews import PreviewLinkAdmin
from articles.admin.slugs import SlugFromNameAdmin
from articles.admin.states import StateFilter, StateFormMixin, state_history, state_label
from articles.models import Article, Byline, RelatedLink


class ArticlePartInline(admin.TabularInline):
    """Bylines and Related News are part of the article: whoever may edit it edits them."""

    def has_add_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return workflow.can_edit(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return workflow.can_edit(request.user, obj)

    def has_view_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return request.user.has_perm("articles.view_article") or self.has_change_permission(
            request, obj
        )


class BylineInline(ArticlePartInline):
    model = Byline
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    extra = 1
    verbose_name_plural = "byline (in reading order)"


class RelatedLinkInline(ArticlePartInline):
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
    list_display = [
        "headline",
        state_label,
        "featured",
        "section",
        "published_at",
        "byline",
        "created_by",
    ]
    list_select_related = ["section", "publisher", "created_by"]
    list_filter = [
        StateFilter,
        "featured",
        "section",
        "publisher",
        "published_at",
        LeadPictureFilter,
    ]
    search_fields = ["headline", "standfirst", "body"]
    search_help_text = "Searches headlines, standfirsts and bodies."
    date_hierarchy = "published_at"
    slug_source = "headline"
    autocomplete_fields = ["section", "publisher", "lead_image"]
    readonly_fields = [
        "uuid",
        "created_at",
        "updated_at",
        "created_by",
        "current_state",
        "changes_of_state",
    ]
    inlines = [BylineInline, RelatedLinkInline, CorrectionInline]
    actions = [submit_for_review, publish, unpublish, back_to_draft]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            "Publishing",
            {
                "fields": [
                    "current_state",
                    "status",
                    "published_at",
                    "featured",
                    "embargo_note",
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
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": ["uuid", "created_by", "created_at", "updated_at"],
            },
        ),
        ("Changes of state", {"fields": ["changes_of_state"]}),
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

    def get_inlines(self, request: HttpRequest, obj: Article | None) -> list:
        """Corrections only once the article exists: a new one has nothing to correct."""
        inlines = super().get_inlines(request, obj)
        return inlines if obj is not None else [i for i in inlines if i is not CorrectionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """Editors see every article; a contributor their own and what readers can see."""
        queryset = super().get_queryset(request).with_bylines()
        if request.user.has_perm(workflow.EDIT_ANY_PERMISSION):
            return queryset
        return queryset.filter(Q(created_by=request.user) | Q(status=Article.Status.PUBLISHED))

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        """Who sees (and may post) the publish, unpublish and back-to-draft actions."""
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list:
        """The publication time and the front page's lead are the editors' choice."""
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            fields += ["published_at", "featured"]
        return fields

    def get_form(
        self, request: HttpRequest, obj: Article | None = None, change: bool = False, **kwargs: Any
    ) -> type:
        """The form, told who is using it: the moves it offers and accepts, and what it
        may do with pictures (the lead-picture fields)."""
        base = super().get_form(request, obj, change=change, **kwargs)
        attributes = {
            "user": request.user,
            "picture_permissions": PicturePermissions.of(request.user),
        }
        return type(base.__name__, (StateFormMixin, base), attributes)

    @admin.display(description="state now")
    def current_state(self, article: Article) -> str:
        """ "Scheduled for …" where the status box can only say "Published"."""
        return state_label(article) if article.pk else "New"

    @admin.display(description="changes of state")
    def changes_of_state(self, article: Article) -> str:
        return state_history(article)

    @admin.display(description="authors")
    def byline(self, article: Article) -> str | None:
        return ", ".join(author.name for author in article.byline_authors) or None

    def save_model(
        self, request: HttpRequest, obj: Article, form: ArticleAdminForm, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user
        form.save_lead_picture()
        super().save_model(request, obj, form, change)
        workflow.record(
            obj, form.state_before, form.state_after, request.user, workflow.StateChange.Via.FORM
        )
