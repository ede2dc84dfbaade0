from django.urls import path, register_converter

from articles import views
from articles.methods import read_only
from articles.page_cache import public_page


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return f"{int(value):02d}"


register_converter(TwoDigits, "dd")

app_name = "articles"
# Every page but a preview link is the same for every anonymous reader
# (articles/page_cache.py: kept whole, and marked for HTTP caches).
urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
    path(
        "<int:year>/<dd:month>/<dd:day>/<slug:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("authors/<slug:slug>/", public_page(views.AuthorView.as_view()), name="author"),
    path(
        "authors/<slug:slug>/photographs/",
        public_page(views.AuthorPhotographsView.as_view()),
        name="author-photographs",
    ),
    path("publishers/<slug:slug>/", public_page(views.PublisherView.as_view()), name="publisher"),
    path("tags/<str:kind>/<slug:slug>/", public_page(views.TagView.as_view()), name="tag"),
    path("corrections/", public_page(views.CorrectionListView.as_view()), name="corrections"),
    # Not stored (each link is its holder's), but read-only like every public page.
    path("preview/<str:token>/", read_only(views.PreviewView.as_view()), name="preview"),
    # Last, and after every fixed first segment (here and in newsportal/urls.py):
    # /<slug>/ would otherwise answer for /search/, /feeds/… The words a section
    # may not take are RESERVED_SECTION_SLUGS in articles/models/taxonomy.py.
    path("<slug:slug>/", public_page(views.SectionView.as_view()), name="section"),
]
