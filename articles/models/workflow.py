"""The record of an article's way through the newsroom: who moved it, when, from what to what."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.article import STATUS_MAX_LENGTH, Article


class State(models.TextChoices):
    """An article's state as the desk names it.

    Four are stored (``Article.Status``); "Scheduled" is a published article
    whose time has not come, worked out from the clock, so no job has to flip
    it when the time comes.
    """

    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class StateChange(models.Model):
    """One move of an article from one state to another, written by ``articles.workflow``."""

    class Via(models.TextChoices):
        FORM = "form", "article form"
        ACTION = "action", "list action"
        IMPORT = "import", "import"

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="state_changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for imports.",
    )
    at = models.DateTimeField("when", default=timezone.now)
    from_state = models.CharField(
        "from",
        max_length=STATUS_MAX_LENGTH,
        choices=State.choices,
        blank=True,
        help_text="Empty when the article was created in that state.",
    )
    to_state = models.CharField("to", max_length=STATUS_MAX_LENGTH, choices=State.choices)
    via = models.CharField("through", max_length=10, choices=Via.choices)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "state change"

    def __str__(self) -> str:
        before = self.get_from_state_display() or "new"
        return f"{self.article_id}: {before} → {self.get_to_state_display()}"
