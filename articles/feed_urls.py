"""The feeds' addresses: /feeds/…/rss/ and /feeds/…/atom/ for each subject.

Included under /feeds/ by newsportal/urls.py, as the ``feeds`` namespace:
``feeds:site-rss``, ``feeds:section-atom``, ``feeds:tag-rss``…
"""

from django.urls import path

from articles.feeds import FORMATS, ArticleFeed, AuthorFeed, SectionFeed, TagFeed
from articles.page_cache import public_page

app_name = "feeds"

SUBJECTS = [
    ("site", "", ArticleFeed),
    ("section", "sections/<slug:slug>/", SectionFeed),
    ("tag", "tags/<str:kind>/<slug:slug>/", TagFeed),
    ("author", "authors/<slug:slug>/", AuthorFeed),
]

urlpatterns = [
    path(
        f"{prefix}{generator.format}/",
        public_page(feed(generator)),
        name=f"{route}-{generator.format}",
    )
    for route, prefix, feed in SUBJECTS
    for generator in FORMATS
]
