from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from articles.methods import read_only
from articles.page_cache import public_page
from articles.sitemaps import SITEMAPS
from articles.views.crawlers import RobotsView, sitemap_index

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Newsroom"

handler404 = "articles.errors.page_not_found"


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page, the admin's included: send our icon."""

    # Not permanent: the target carries a content hash that changes with the icon.
    permanent = False

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("img/favicon.svg")


urlpatterns = [
    path("robots.txt", public_page(RobotsView.as_view())),
    path("favicon.ico", read_only(FaviconView.as_view())),
    path(settings.ADMIN_URL, admin.site.urls),
    path("feeds/", include("articles.feed_urls")),
    # The addresses feed readers try first, sent on to the site's RSS feed.
    path("feed/", read_only(RedirectView.as_view(pattern_name="feeds:site-rss", permanent=True))),
    path("rss/", read_only(RedirectView.as_view(pattern_name="feeds:site-rss", permanent=True))),
    path("api/", include("articles.api.urls")),
    # Fixed prefixes (/search/, /feeds/, /api/, /sitemap.xml) go above this line:
    # articles.urls ends with /<section>/, which answers for any single word.
    path("sitemap.xml", public_page(sitemap_index), name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/urlset.xml"},
        name="sitemap",
    ),
    path("", include("articles.urls")),
]

# Only a local path can be served from here; an absolute MEDIA_URL is another server's.
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]
