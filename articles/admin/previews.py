"""The preview link on an article's admin page, and the button that revokes it.

The link (``articles.previews``) lets someone without an account read the
draft as readers will. Only those who may change the article see it or revoke
it; revoking ends every link to the article given out so far.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles import previews
from articles.models import Article
from articles.templatetags.html_dates import reader_time

PREVIEW_FIELD = "preview_link"


class PreviewLinkAdmin(admin.ModelAdmin):
    """An article admin with a "Preview link" fieldset and a revoke view."""

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list:
        return [*super().get_readonly_fields(request, obj), PREVIEW_FIELD]

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None) -> list:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            fieldsets.append(("Preview link", {"fields": [PREVIEW_FIELD]}))
        return fieldsets

    @admin.display(description="link for readers without an account")
    def preview_link(self, article: Article) -> str:
        """The link, until when it works, and a button that ends every link given out."""
        if article.pk is None:
            return "Save the article to get a preview link."
        revoke = reverse(
            f"{self.admin_site.name}:articles_article_revoke_preview", args=[article.pk]
        )
        return format_html(
            '<a href="{url}" class="preview-link" rel="noreferrer" target="_blank">{url}</a>'
            '<p class="help">Shows the article as readers will see it, to anyone with the '
            "link, until {expires} ({hours} hours). Search engines do not "
            "index it. Each visit to this page makes a new link; revoking ends all of them.</p>"
            '<button type="submit" class="button" formaction="{revoke}" formmethod="post" '
            'formnovalidate name="_revoke_preview">Revoke all preview links</button>',
            url=previews.preview_url(article),
            expires=reader_time(previews.expires_at()),
            hours=settings.PREVIEW_LINK_HOURS,
            revoke=revoke,
        )

    def get_urls(self) -> list[URLPattern]:
        revoke = self.admin_site.admin_view(require_POST(self.revoke_preview_links))
        return [
            path(
                "<path:object_id>/revoke-preview-links/",
                revoke,
                name="articles_article_revoke_preview",
            ),
            *super().get_urls(),
        ]

    def revoke_preview_links(self, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
        """End every preview link to the article; only for those who may change it."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No article has this id.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        previews.revoke(article)
        self.message_user(
            request,
            "Every preview link to this article given out so far has stopped working. "
            "The link below is a new one.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
        )
