from django.urls import path

from articles.api import views
from articles.page_cache import public_page

app_name = "api"
urlpatterns = [
    path(
        "ninjs/articles/",
        public_page(views.article_list, answers_methods=True),
        name="ninjs-articles",
    ),
    # Any text after the slash reaches the view, so a bad id gets a JSON 404.
    path(
        "ninjs/articles/<str:id>",
        public_page(views.article_detail, answers_methods=True),
        name="ninjs-article",
    ),
]
