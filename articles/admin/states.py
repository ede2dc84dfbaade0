"""The article's state in the admin: its name in lists and filters, the form's choice, the record.

Every rule comes from ``articles.workflow``; this module only shows and asks.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import workflow
from articles.models import Article, State

Status = Article.Status


class StateFilter(admin.SimpleListFilter):
    """Draft, In review, Scheduled, Published, Unpublished: by name, scheduled apart."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(State.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        if value not in State.values:
            raise IncorrectLookupParameters(f"No state is called {value!r}.")
        now = timezone.now()
        if value == State.SCHEDULED:
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=now)
        if value == State.PUBLISHED:
            return queryset.published()
        return queryset.filter(status=value)


class StateFormMixin(forms.ModelForm):
    """The status box offers only the moves the user may make; a posted other one is refused.

    ``user`` is set on the class by ``ArticleAdmin.get_form()``. The state
    before is read when the form is made, so the admin records the move it saved.
    """

    user: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state_before = workflow.state_of(self.instance) if self.instance.pk else None
        field = self.fields.get("status")
        if field is not None:
            labels = dict(Status.choices)
            if workflow.can_publish(self.user):
                labels[Status.PUBLISHED] = "Published (scheduled while its time is to come)"
            field.choices = [
                (status, labels[status])
                for status in workflow.allowed_statuses(self.user, self.state_before)
            ]
            field.help_text = (
                "Contributors submit drafts for review; editors publish, schedule "
                "(a published time in the future) and unpublish."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        status = cleaned.get("status", self.instance.status)
        if "published_at" in self.fields:
            published_at = cleaned.get("published_at")
        else:
            published_at = self.instance.published_at
        after = workflow.state_for(status, published_at or timezone.now())
        reason = workflow.refusal(self.user, self.state_before, after)
        if reason:
            self.add_error("status" if "status" in self.fields else None, reason)
        self.state_after = after
        return cleaned


@admin.display(description="state", ordering="status")
def state_label(article: Article) -> str:
    """The state by name, "Scheduled" with its time, read from the row: no query."""
    state = workflow.state_of(article)
    if state == State.SCHEDULED:
        when = timezone.localtime(article.published_at).strftime("%-d %b %Y %H:%M")
        return f"{state.label} for {when}"
    return state.label


def state_history(article: Article) -> str:
    """Each change of state, newest first: when, who, from, to, and through what."""
    if not article.pk:
        return "—"
    changes = article.state_changes.select_related("user")
    rows = [
        (
            timezone.localtime(change.at).strftime("%-d %b %Y %H:%M"),
            change.user.get_username() if change.user else "—",
            change.get_from_state_display() or "new",
            change.get_to_state_display(),
            change.get_via_display(),
        )
        for change in changes
    ]
    if not rows:
        return "No change of state recorded yet."
    return format_html(
        '<table class="state-history"><thead><tr><th scope="col">When</th>'
        '<th scope="col">Who</th><th scope="col">From</th><th scope="col">To</th>'
        '<th scope="col">Through</th></tr></thead><tbody>{}</tbody></table>',
        format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        ),
    )
