"""What crawlers read first: robots.txt and the sitemap index.

Django's own index view takes its addresses from the request's Host (or the
sites framework); this one lists every page of every sitemap on SITE_URL.
The sitemaps themselves are Django's view over ``articles.sitemaps.SITEMAPS``.
"""

from typing import Any

from django.contrib.sitemaps.views import x_robots_tag
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from articles.addresses import absolute_url
from articles.sitemaps import SITEMAPS


@x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Each page of each sitemap, one count a sitemap; an empty sitemap is left out.

    The protocol wants at least one ``<url>`` in a sitemap, so a sitemap with
    nothing in it (no news these two days) is not offered.
    """
    locations = []
    for section, sitemap in SITEMAPS.items():
        paginator = sitemap().paginator
        if not paginator.count:
            continue
        address = absolute_url(reverse("sitemap", kwargs={"section": section}))
        locations.append(address)
        locations += [f"{address}?p={page}" for page in range(2, paginator.num_pages + 1)]
    return TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": locations}, content_type="application/xml"
    )


class RobotsView(TemplateView):
    """robots.txt: what crawlers may not read, and where the sitemap index is."""

    template_name = "robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            sitemap_index_url=absolute_url(reverse("sitemap-index")), **kwargs
        )
