"""How often each article was read, an hour at a time, for "Most read"."""

from django.db import models


class ArticleReadCount(models.Model):
    """Reads of one article in one hour, folded in from the cache in batches.

    Page views are counted in the cache (Redis in production) and written here
    a batch at a time, so reading an article never writes to the database.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="read_counts"
    )
    hour = models.DateTimeField("hour", help_text="The start of the hour the reads fall in.")
    reads = models.PositiveIntegerField("reads", default=0)

    class Meta:
        ordering = ["-hour", "article"]
        verbose_name = "read count"
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="readcount_unique_hour"),
        ]
        indexes = [models.Index(fields=["hour", "article"], name="readcount_hour")]

    def __str__(self) -> str:
        return f"{self.reads} reads of article {self.article_id} from {self.hour:%Y-%m-%d %H:00}"
