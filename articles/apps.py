from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # Connects the signals that keep the search index current.
        from articles.search import indexing  # noqa: F401
