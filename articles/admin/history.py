"""An article's History in the admin: every revision with what it changed, and restoring one.

django-reversion's ``VersionAdmin`` makes every save through the admin a
revision (who, when, the change message). Its History page lists dates only
and its revert runs the old version through the form with raw saves; here,
History shows each revision's word-level diff of headline, standfirst and body
(one query for the whole page, diffs worked out in Python), and a revision's
page shows that version with a "Restore this version" button, which saves it
back through ``Article.save()`` as a new revision of its own, under the same
edit lock as the form.
"""

import copy
from typing import Any

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.models import Article
from articles.text.diffs import FieldDiff, body_blocks, body_diff, word_diff
from articles.versioning import (
    add_article,
    changed_fields,
    keep_baseline,
    restore,
    restore_comment,
    versions_of,
)

REVISIONS_PER_PAGE = 50


def revision_diffs(new: dict[str, Any], old: dict[str, Any] | None) -> list[FieldDiff]:
    """The headline, standfirst and body that differ between two stored versions."""
    old = old if old is not None else {}
    diffs = []
    for name, label, render in (
        ("headline", "Headline", word_diff),
        ("standfirst", "Standfirst", word_diff),
        ("body", "Body", body_diff),
    ):
        if old.get(name, "") != new.get(name, ""):
            diffs.append(FieldDiff(label, render(old.get(name, ""), new.get(name, ""))))
    return diffs


class ArticleRevisionsAdmin(VersionAdmin):
    """History with diffs and restore, and the edit lock's hidden field, for articles."""

    object_history_template = "admin/articles/article/revisions.html"
    revision_form_template = "admin/articles/article/revision.html"
    change_form_template = "admin/articles/article/change_form.html"
    history_latest_first = True

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None) -> list:
        """The fieldsets, with the edit lock's hidden version in the first one."""
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        fields = fieldsets[0][1]["fields"]
        if "opened_version" not in fields:
            fields.append("opened_version")
        return fieldsets

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "POST":
            article = self.get_object(request, unquote(object_id))
            if article is not None:
                keep_baseline(article)
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        """The list as Django's, outside a revision: its actions write with ``update()``.

        VersionAdmin opens a revision (a savepoint, two queries) around the
        list, for lists that edit rows in place; this one does not.
        """
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return super(VersionAdmin, self).changelist_view(request, context)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if reversion.is_active():
            # Tags are set after the article's own save: the revision takes the final state.
            add_article(form.instance)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        page = _page_number(request)
        start = (page - 1) * REVISIONS_PER_PAGE
        # One more than shown: the oldest shown is compared with the one before it.
        versions = list(versions_of(article)[start : start + REVISIONS_PER_PAGE + 1])
        shown = versions[:REVISIONS_PER_PAGE]
        entries = []
        for i, version in enumerate(shown):
            before = versions[i + 1] if i + 1 < len(versions) else None
            new = version.field_dict
            old = before.field_dict if before else None
            entries.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "url": self._revision_url(article, version),
                    "first": before is None,
                    "diffs": revision_diffs(new, old),
                    "also_changed": changed_fields(old, new) if old is not None else [],
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {article}",
            "subtitle": None,
            "entries": entries,
            "page": page,
            "newer_page": page - 1 if page > 1 else None,
            "older_page": page + 1 if len(versions) > REVISIONS_PER_PAGE else None,
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "object": article,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        """One revision as it was; POST restores it (a new revision, under the edit lock)."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(
            versions_of(article).select_related("revision"), pk=_number(version_id)
        )
        can_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            return self._restore(request, article, version)
        old = version.field_dict
        now = {name: getattr(article, name) for name in ("headline", "standfirst", "body")}
        context = {
            **self.admin_site.each_context(request),
            "title": f"Version of {article}",
            "subtitle": None,
            "object": article,
            "version": version,
            "revision": version.revision,
            "headline": old.get("headline", ""),
            "standfirst": old.get("standfirst", ""),
            "body_blocks": body_blocks(old.get("body", "")),
            "diffs_to_now": revision_diffs(now, old),
            "opened_version": article.version,
            "can_restore": can_restore,
            "opts": self.opts,
            "history_url": reverse(
                f"{self.admin_site.name}:articles_article_history", args=[article.pk]
            ),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revision_form_template, context)

    def _restore(self, request: HttpRequest, article: Article, version: Version) -> HttpResponse:
        here = request.path
        with transaction.atomic():
            current = Article.objects.select_for_update().get(pk=article.pk)
            if request.POST.get("opened_version") != str(current.version):
                self.message_user(
                    request,
                    "The article was saved by someone else after you opened this page, so "
                    "nothing was restored. Look at History again before restoring.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(here)
            with reversion.create_revision():
                reversion.set_user(request.user)
                result = restore(current, version)
                comment = restore_comment(version)
                self.log_change(request, current, comment)
                reversion.set_comment(comment)
        text = f"{comment} It is now the current version, and a revision of its own in History."
        self.message_user(request, text, messages.SUCCESS)
        if result.missing:
            self.message_user(
                request,
                "Not brought back, as it no longer exists: " + ", ".join(result.missing) + ".",
                messages.WARNING,
            )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
        )

    def _revision_url(self, article: Article, version: Version) -> str:
        return reverse(
            f"{self.admin_site.name}:articles_article_revision", args=[article.pk, version.pk]
        )


def _page_number(request: HttpRequest) -> int:
    """``?page=`` as a page number; anything else is the first page."""
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else 1


def _number(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 18 else 0
