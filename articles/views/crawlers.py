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
    """robots.txt: what crawlers may not read, and where the sitemap index is.

    The admin's address is named only while it is the well-known /admin/: a path
    of its own (``ADMIN_URL``) is kept out, since robots.txt is read by the very
    robots it would hide from. Its pages say "noindex" themselves.
    """

    template_name = "robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        admin_path = reverse("admin:index")
        return super().get_context_data(
            sitemap_index_url=absolute_url(reverse("sitemap-index")),
            admin_path=admin_path if admin_path == "/admin/" else "",
            **kwargs,
        )
