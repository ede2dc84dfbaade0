"""What an editor does to many articles at once: submit, publish, unpublish, send back.

Each is a small shell over ``articles.workflow.move()``, which checks every
article against the user's rights, writes the change and records it.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext

from articles import workflow
from articles.models import State


@admin.action(description="Submit selected drafts for review", permissions=["change"])
def submit_for_review(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    pks = workflow.move(queryset, State.REVIEW, request.user, "Submitted for review.")
    _report(modeladmin, request, len(pks), "submitted for review")


@admin.action(
    description="Publish selected articles (at their time, if set)", permissions=["publish"]
)
def publish(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Published; an article without a publication time gets "now", one with a time to come
    stays scheduled for it."""
    pks = workflow.move(queryset, State.PUBLISHED, request.user, "Published.")
    _report(modeladmin, request, len(pks), "published")


@admin.action(description="Unpublish selected articles", permissions=["publish"])
def unpublish(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Unpublished. The publication time stays, so the article keeps its address."""
    pks = workflow.move(queryset, State.UNPUBLISHED, request.user, "Unpublished.")
    _report(modeladmin, request, len(pks), "unpublished")


@admin.action(description="Send selected articles back to draft", permissions=["publish"])
def back_to_draft(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    pks = workflow.move(queryset, State.DRAFT, request.user, "Sent back to draft.")
    _report(modeladmin, request, len(pks), "sent back to draft")


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, count: int, verb: str) -> None:
    if not count:
        modeladmin.message_user(
            request,
            f"No articles changed: none of the selected ones could be {verb}.",
            messages.INFO,
        )
        return
    text = ngettext("%(count)d article was %(verb)s.", "%(count)d articles were %(verb)s.", count)
    modeladmin.message_user(request, text % {"count": count, "verb": verb}, messages.SUCCESS)
