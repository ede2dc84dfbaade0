"""Bylines and Related News in the article form: rows put in order by dragging them.

django-admin-sortable2 turns each row's ``position`` into a hidden field that
its script renumbers as rows are dragged (or sent to the top or the bottom), so
the order saved is the order seen.
"""

from typing import Any

from adminsortable2.admin import SortableTabularInline
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from articles import workflow
from articles.models import Article, Byline, RelatedLink

# sortable2 names its inline templates for the Django version and has none for 6.1
# yet; 6.1's tabular inline is 6.0's, so the 6.0 template fits.
SORTABLE_TABULAR = "adminsortable2/edit_inline/tabular-django-6.0.html"
# Where positions wait while a reordering is saved: past any real position, within
# the PositiveSmallIntegerField, so no two links of one article meet on the way.
POSITION_PARKING = 16_000


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select that shows a row's loaded choice without a query of its own.

    Django's widget looks up its selected option in the database, once per row:
    a form with twenty bylines asked twenty times. ``RowForm`` hands it the
    object the inline already read with its rows.
    """

    loaded: Any = None

    def optgroups(self, name: str, value: list[Any], attr: Any = None) -> list[Any]:
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.loaded is None or chosen != [str(self.loaded.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.loaded)
        options.append(self.create_option(name, self.loaded.pk, label, True, len(options)))
        return [(None, options, 0)]


class RowForm(forms.ModelForm):
    """An inline row whose autocomplete fields show the objects read with the row."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the + and ✎ links
            if isinstance(widget, LoadedAutocompleteSelect):
                model_field = self._meta.model._meta.get_field(name)
                if model_field.is_cached(self.instance):
                    widget.loaded = getattr(self.instance, name)


class RelatedLinkForm(RowForm):
    def validate_constraints(self) -> None:
        """Every check but "one link per position", which the stored rows would fail.

        Against the stored rows, a link moved into another's place collides with
        the one about to move out. The formset still refuses two links given one
        position, and ``save_reordered`` saves the moves without a collision.
        """
        try:
            self.instance.validate_constraints(
                exclude=self._get_validation_exclusions() | {"position"}
            )
        except ValidationError as error:
            self._update_errors(error)


class SortableInline(SortableTabularInline):
    """An inline ordered by dragging its rows; ``position`` is kept in a hidden field.

    Bylines and Related News are part of the article: whoever may edit it edits
    them (``articles.workflow.can_edit``), whatever their own model permissions say.
    """

    template = SORTABLE_TABULAR
    ordering = ["position", "pk"]
    extra = 1
    form = RowForm
    # What each row's title (the link's __str__) and choices read, fetched with the rows.
    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related(*self.select_related)

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

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LoadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BylineInline(SortableInline):
    model = Byline
    select_related = ("author", "article")
    fields = ["author"]
    autocomplete_fields = ["author"]
    verbose_name_plural = "byline (in reading order: drag a row to move it)"


class RelatedLinkInline(SortableInline):
    model = RelatedLink
    form = RelatedLinkForm
    select_related = ("source", "target")
    fk_name = "source"
    fields = ["target", "headline"]
    autocomplete_fields = ["target"]
    verbose_name_plural = "related news (drag a row to move it)"


def save_reordered(formset: BaseInlineFormSet) -> None:
    """Save an ordered formset whose rows may have swapped places.

    Related links are unique by (article, position), and a formset saves row by
    row, so moving A into B's place would meet B still there. The rows are
    first parked out of the way; those the editor did not touch go back after.
    """
    kept = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk and not formset._should_delete_form(form)
    ]
    moved = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk in kept and form.has_changed()
    ]
    parked = formset.model.objects.filter(pk__in=kept)
    parked.update(position=F("position") + POSITION_PARKING)
    formset.save()
    formset.model.objects.filter(pk__in=set(kept) - set(moved)).update(
        position=F("position") - POSITION_PARKING
    )
