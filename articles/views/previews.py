"""A draft shown through a preview link, to someone without an account (``articles.previews``)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from articles.models import Article
from articles.previews import PreviewLinkError, article_for
from articles.views.pages import ArticleDetailView


class PreviewView(ArticleDetailView):
    """The article page as readers will see it, for whoever holds a valid link.

    Never indexed (``noindex`` in the page and in ``X-Robots-Tag``), never
    cached (``Cache-Control: private, no-store``), never counted among reads,
    and sent with no Referer: the address is the key. A bad, expired or revoked
    link is answered with a page that says which (404 or 410).
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            preview = article_for(kwargs["token"])
        except PreviewLinkError as refused:
            response = render(
                request,
                "articles/preview_refused.html",
                {"reason": str(refused)},
                status=refused.status,
            )
        else:
            self.object = preview.article
            context = self.get_context_data(
                object=self.object, preview_link=True, preview_expires_at=preview.expires_at
            )
            response = self.render_to_response(context)
        return private(response)

    def is_public(self) -> bool:
        """Whether readers can see the article already (the link outlived the draft)."""
        return Article.objects.published().filter(pk=self.object.pk).exists()


def private(response: HttpResponse) -> HttpResponse:
    """Mark a preview's answer as for its holder only: no cache, no index, no Referer."""
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, …, private
    patch_vary_headers(response, ["Cookie"])
    response.headers["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
