from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # Signals that keep what is worked out from articles current: the cache
        # generations (Related News, Most read), the header's navigation, the
        # search index.
        from articles import navigation  # noqa: F401
        from articles.caching import connect_signals
        from articles.search import indexing  # noqa: F401

        connect_signals()
