"""Articles in the admin: the list editors work from and the form they write in."""

import copy
from typing import Any

import django
from adminsortable2.admin import SortableAdminBase
from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html

from articles import workflow
from articles.admin.actions import back_to_draft, publish, submit_for_review, unpublish
from articles.admin.corrections import CorrectionInline
from articles.admin.filters import LeadPictureFilter
from articles.admin.forms import LEAD_PICTURE_FIELDS, ArticleAdminForm, PicturePermissions
from articles.admin.history import ArticleRevisionsAdmin
from articles.admin.ordering import BylineInline, RelatedLinkInline, save_reordered
from articles.admin.picker import PictureAutocompleteSelect, pixel_size, thumbnail_html
from articles.admin.previews import PreviewLinkAdmin
from articles.admin.slugs import SlugFromNameAdmin
from articles.admin.states import StateFilter, StateFormMixin, state_history, state_label
from articles.models import Article, Publisher, RelatedLink

LIST_THUMBNAIL_WIDTH = 60
FORM_THUMBNAIL_WIDTH = 160
# The "Save and preview" button's name (templates/admin/articles/article/submit_line.html).
PREVIEW = "_preview"


@admin.register(Article)
class ArticleAdmin(PreviewLinkAdmin, ArticleRevisionsAdmin, SortableAdminBase, SlugFromNameAdmin):
    form = ArticleAdminForm
    list_display = [
        "picture",
        "headline",
        state_label,
        "featured",
        "section",
        "published_at",
        "byline",
        "created_by",
    ]
    list_display_links = ["picture", "headline"]
    # The lead image for the thumbnails: read with the row, not once per row.
    list_select_related = ["section", "publisher", "lead_image", "created_by"]
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
        "lead_picture",
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
                    "lead_picture",
                    "lead_image_upload",
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
        if not PicturePermissions.of(request.user).add:
            # The form has no upload field for them (ArticleAdminForm): none to show.
            for _name, options in fieldsets:
                if "lead_image_upload" in options["fields"]:
                    options["fields"].remove("lead_image_upload")
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

    @property
    def media(self) -> forms.Media:
        """The admin's media with sortable2's, less its Django-version copy of actions.js.

        sortable2 swaps actions.js for a patched copy named for the running Django
        and ships none for 6.1 (a missing file), and the patch serves sortable
        change lists only; this form's inlines do not need it.
        """
        media = super().media
        patched = "adminsortable2/js/actions-{}.{}.js".format(*django.VERSION)
        js = ["admin/js/actions.js" if path == patched else path for path in media._js]
        return forms.Media(css=media._css, js=js)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new article's publisher is chosen already when the site has only one."""
        initial = super().get_changeform_initial_data(request)
        if "publisher" not in initial:
            only = list(Publisher.objects.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                initial["publisher"] = only[0]
        return initial

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is RelatedLink:
            save_reordered(formset)
        else:
            super().save_formset(request, form, formset, change)

    def response_add(
        self, request: HttpRequest, obj: Article, post_url_continue: str | None = None
    ) -> HttpResponse:
        if PREVIEW in request.POST:
            return self._preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if PREVIEW in request.POST:
            return self._preview(request, obj)
        return super().response_change(request, obj)

    def _preview(self, request: HttpRequest, obj: Article) -> HttpResponse:
        """The saved article's page, as readers will see it (staff see drafts there too)."""
        return HttpResponseRedirect(obj.get_absolute_url())

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "lead_image":
            # Thumbnails in the picker's results (articles/admin/picker.py).
            kwargs["widget"] = PictureAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="picture", empty_value="—")
    def picture(self, article: Article) -> str | None:
        return thumbnail_html(article.lead_image, LIST_THUMBNAIL_WIDTH)

    @admin.display(description="chosen picture", empty_value="None chosen.")
    def lead_picture(self, article: Article) -> str | None:
        """The lead picture as saved, with what the file is: shown, never edited here."""
        image = article.lead_image
        if image is None:
            return None
        facts = [fact for fact in (pixel_size(image), f"UUID {image.uuid}") if fact]
        return format_html(
            '<span class="lead-picture">{}</span> {}',
            thumbnail_html(image, FORM_THUMBNAIL_WIDTH) or "No file.",
            " · ".join(facts),
        )

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
