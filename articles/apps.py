from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # Signals that keep what is worked out from articles current: the cache
        # generations (Related News, Most read), the header's navigation, the
        # search index, and the copies of each article's status and time on its
        # bylines and taggings, and of each article's printed byline and shown tags.
        from articles import listing_copies, navigation, shown_bylines, shown_tags, versioning  # noqa: F401
        from articles.caching import connect_signals
        from articles.search import indexing  # noqa: F401
        from newsportal import static_files  # noqa: F401  (its deploy check)

        connect_signals()
        listing_copies.connect_signals()
        shown_bylines.connect_signals()
        shown_tags.connect_signals()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the desk's dashboard as its home page (articles.dashboard)."""

    default = False  # "articles" still means ArticlesConfig.
    default_site = "articles.dashboard.NewsroomAdminSite"
