"""Articles in the admin: the list editors work from and the form they write in."""

import copy
from typing import Any

import django
from adminsortable2.admin import SortableAdminBase
from django import forms
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html

from articles.admin.actions import publish, unpublish
from articles.admin.forms import ArticleAdminForm
from articles.admin.ordering import BylineInline, RelatedLinkInline, save_reordered
from articles.admin.picker import PictureAutocompleteSelect, pixel_size, thumbnail_html
from articles.admin.slugs import SlugFromNameAdmin
from articles.models import Article, Image, Publisher, RelatedLink

LIST_THUMBNAIL_WIDTH = 60
FORM_THUMBNAIL_WIDTH = 160
# The "Save and preview" button's name (templates/admin/articles/article/submit_line.html).
PREVIEW = "_preview"


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, SlugFromNameAdmin):
    form = ArticleAdminForm
    list_display = [
        "picture",
        "headline",
        "status",
        "featured",
        "section",
        "published_at",
        "byline",
    ]
    list_display_links = ["picture", "headline"]
    # The lead image for the thumbnails: read with the row, not once per row.
    list_select_related = ["section", "publisher", "lead_image"]
    list_filter = ["status", "featured", "section", "publisher", "published_at"]
    search_fields = ["headline", "standfirst", "body"]
    search_help_text = "Searches headlines, standfirsts and bodies."
    date_hierarchy = "published_at"
    slug_source = "headline"
    autocomplete_fields = ["section", "publisher", "lead_image"]
    readonly_fields = ["uuid", "created_at", "updated_at", "lead_picture"]
    inlines = [BylineInline, RelatedLinkInline]
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
        if not self.may_upload_pictures(request):
            fieldsets[2][1]["fields"].remove("lead_image_upload")
        return fieldsets

    def may_upload_pictures(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"articles.{get_permission_codename('add', Image._meta)}")

    def get_form(
        self, request: HttpRequest, obj: Article | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        if not self.may_upload_pictures(request):
            # A declared field is in the form whatever the fieldsets: taken out, not hidden.
            form.base_fields.pop("lead_image_upload", None)
        return form

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_bylines()

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

    @admin.display(description="authors")
    def byline(self, article: Article) -> str | None:
        return ", ".join(author.name for author in article.byline_authors) or None

    def save_model(
        self, request: HttpRequest, obj: Article, form: ArticleAdminForm, change: bool
    ) -> None:
        form.save_lead_picture()
        super().save_model(request, obj, form, change)
