from django.urls import path, register_converter

from articles import views


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return f"{int(value):02d}"


register_converter(TwoDigits, "dd")

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "<int:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path(
        "authors/<slug:slug>/photographs/",
        views.AuthorPhotographsView.as_view(),
        name="author-photographs",
    ),
    path("publishers/<slug:slug>/", views.PublisherView.as_view(), name="publisher"),
    path("tags/<str:kind>/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
    # Last, and after every fixed first segment (here and in newsportal/urls.py):
    # /<slug>/ would otherwise answer for /search/, /feeds/… The words a section
    # may not take are RESERVED_SECTION_SLUGS in articles/models/taxonomy.py.
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
]
