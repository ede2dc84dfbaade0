"""Public corrections: a note at the foot of an article saying what was wrong.

A correction is public once saved: it is shown at the foot of its article
("Correction, 4 February 2026: …") and on /corrections/ while the article is
published, and it moves the article's modified time on every surface.

The article keeps copies of its corrections (``Article.correction_notes``, the
notes as readers read them, and ``Article.corrected_at``, the newest one's
time), written here and nowhere else, on every save and delete of a
correction: the page, feeds, sitemaps, ninjs and the export then read them
from the article's own row, at no query of their own.
"""

import datetime

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.models.article import Article
from articles.querysets import CorrectionQuerySet

CORRECTION_MAX_LENGTH = 2000


class Correction(models.Model):
    """One public correction of one article, with the time it was made."""

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(
        "correction",
        max_length=CORRECTION_MAX_LENGTH,
        help_text="What was wrong and what is right, in plain text, as readers will read it. "
        "For example: An earlier version of this article gave the wrong date for the summit. "
        "It is on 12 February.",
    )
    published_at = models.DateTimeField(
        "published",
        default=timezone.now,
        editable=False,
        help_text="When the correction was made; shown with it.",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = "correction"
        indexes = [
            # /corrections/: newest first off the index.
            models.Index(fields=["-published_at", "-id"], name="correction_listed"),
        ]

    def __str__(self) -> str:
        return self.note

    @property
    def note(self) -> str:
        """The correction as readers read it: "Correction, 4 February 2026: …"."""
        return f"Correction, {self.day}: {self.text}"

    @property
    def day(self) -> str:
        """The day it was made, in site time: "4 February 2026"."""
        return date_format(timezone.localtime(self.published_at), "j F Y")

    def as_copy(self) -> dict[str, str]:
        """What ``Article.correction_notes`` keeps of it: the text and the ISO time."""
        return {"text": self.text, "published_at": self.published_at.isoformat()}

    @classmethod
    def from_copy(cls, copy: dict[str, str], article: Article) -> "Correction":
        """An unsaved correction read back from the article's copy."""
        moment = datetime.datetime.fromisoformat(copy["published_at"])
        return cls(article=article, text=copy["text"], published_at=moment)


def copy_to_article(article_id: int) -> None:
    """Write the article's copies of its corrections, oldest first, in one UPDATE."""
    corrections = list(Correction.objects.filter(article_id=article_id).order_by("published_at"))
    Article.objects.filter(pk=article_id).update(
        correction_notes=[correction.as_copy() for correction in corrections],
        corrected_at=corrections[-1].published_at if corrections else None,
    )


@receiver(post_save, sender=Correction, dispatch_uid="np-correction-saved")
@receiver(post_delete, sender=Correction, dispatch_uid="np-correction-deleted")
def _correction_changed(sender, instance: Correction, **kwargs) -> None:
    copy_to_article(instance.article_id)
