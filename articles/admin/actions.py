"""Publish and unpublish: the two things an editor does to many articles at once."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from articles.caching import bump_generation
from articles.listing_copies import copy_to_links
from articles.models import Article
from articles.search import indexing

PUBLISHED = Article.Status.PUBLISHED
DRAFT = Article.Status.DRAFT


@admin.action(description="Publish selected articles", permissions=["change"])
def publish(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Mark as published; an article without a publication time gets "now"."""
    now = timezone.now()
    pending = queryset.exclude(status=PUBLISHED, published_at__isnull=False)
    pks = list(pending.values_list("pk", flat=True))
    count = Article.objects.filter(pk__in=pks).update(
        status=PUBLISHED,
        published_at=Coalesce("published_at", now),
        updated_at=now,
        version=F("version") + 1,  # A form opened before this save is refused (locking.py).
    )
    copy_to_links(pks)  # update() sends no signals: bylines and taggings follow here.
    bump_generation()  # update() sends no signals; related and most-read lists change.
    indexing.schedule(pks)  # Their search documents copy the publication time.
    _record(request, pks, "Published.")
    _report(modeladmin, request, count, "published")


@admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
def unpublish(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Back to draft. The publication time stays, so the article keeps its address."""
    pks = list(queryset.exclude(status=DRAFT).values_list("pk", flat=True))
    count = Article.objects.filter(pk__in=pks).update(
        status=DRAFT, updated_at=timezone.now(), version=F("version") + 1
    )
    copy_to_links(pks)
    bump_generation()  # update() sends no signals; related and most-read lists change.
    _record(request, pks, "Unpublished.")
    _report(modeladmin, request, count, "unpublished")


def _record(request: HttpRequest, pks: list[int], message: str) -> None:
    """An entry in each article's history, as a change through the form would leave."""
    if pks:
        LogEntry.objects.log_actions(
            request.user.pk, Article.objects.filter(pk__in=pks), CHANGE, message
        )


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, count: int, verb: str) -> None:
    if not count:
        modeladmin.message_user(
            request, f"No articles changed: the selected ones were already {verb}.", messages.INFO
        )
        return
    text = ngettext("%(count)d article was %(verb)s.", "%(count)d articles were %(verb)s.", count)
    modeladmin.message_user(request, text % {"count": count, "verb": verb}, messages.SUCCESS)
