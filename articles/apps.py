from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from articles.caching import connect_signals

        connect_signals()
        # Connects the signals that keep the cached header navigation current.
        from articles import navigation  # noqa: F401
