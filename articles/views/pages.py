"""The article page."""

from typing import Any

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.views.generic import DetailView

from articles import jsonld
from articles.addresses import absolute_url
from articles.models import Article
from articles.page_cache import note_read
from articles.popularity import most_read, record_read
from articles.related import related_articles
from articles.sharing import share_image


class ArticleDetailView(DetailView):
    """One article at /YYYY/MM/DD/slug/.

    The slug finds the article; the date is checked against it so a link with
    an old date (the article was re-dated) is redirected, not lost.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_page()

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return HttpResponsePermanentRedirect(canonical)
        record_read(request, self.object)
        response = self.render_to_response(self.get_context_data(object=self.object))
        note_read(response, self.object)  # A stored copy of the page counts its reads too.
        return response

    def is_public(self) -> bool:
        """Whether readers can see this page; staff may be previewing one they cannot."""
        user = self.request.user
        if not (user.is_active and user.is_staff):
            return True  # Readers reach only what published() lets through.
        return Article.objects.published().filter(pk=self.object.pk).exists()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["is_public"] = self.is_public()
        kwargs.update(related=related_articles(self.object), most_read=most_read())
        canonical = absolute_url(self.object.get_absolute_url())
        picture = self.object.lead_image
        # A public article's picture is among its photographer's public "Photographs".
        photographer_url = (
            picture.photographer.get_photographs_url()
            if kwargs["is_public"] and picture and picture.photographer_id
            else ""
        )
        corrections = [
            jsonld.Correction(c.text, c.published_at) for c in self.object.shown_corrections
        ]
        structured = jsonld.article_graph(
            self.object,
            canonical_url=canonical,
            photographer_url=photographer_url,
            corrections=corrections,
        )
        return super().get_context_data(
            tags=self.object.shown_tags,
            canonical_url=canonical,
            share=share_image(self.object),
            author_urls=[absolute_url(a.get_absolute_url()) for a in self.object.byline],
            photographer_url=photographer_url,
            structured_data=jsonld.dumps(structured),
            **kwargs,
        )
