"""Preview links: a signed, expiring, revocable address showing a draft to someone with no account.

The link is ``/preview/<token>/``, the token a ``TimestampSigner`` signature of
the article's UUID and its ``preview_version``:

- signed with SECRET_KEY (and a salt of its own, so no other signature the
  site makes can pass for one): a changed secret ends every link;
- expiring: a token older than ``PREVIEW_LINK_HOURS`` (48 by default) is refused;
- revocable: ``revoke()`` adds one to the article's ``preview_version``, which
  every token names, so the links signed before no longer match it.

``article_for()`` says why a token fails (``PreviewLinkError``, with a message
for the person who followed it), never with a 500.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.addresses import absolute_url
from articles.models import Article

SALT = "articles.previews"


class PreviewLinkError(Exception):
    """Why a preview link shows nothing, in words for whoever followed it.

    ``status`` is 404 for a link that never was one, 410 for one that was and
    is no more (expired or revoked).
    """

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


def lifetime() -> datetime.timedelta:
    """How long a preview link works: ``PREVIEW_LINK_HOURS`` in settings."""
    return datetime.timedelta(hours=settings.PREVIEW_LINK_HOURS)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def token_for(article: Article) -> str:
    """A new token for the article, valid from now for ``lifetime()``."""
    return _signer().sign(f"{article.uuid.hex}.{article.preview_version}")


def preview_url(article: Article) -> str:
    """The absolute address of a new preview link to the article."""
    return absolute_url(reverse("articles:preview", kwargs={"token": token_for(article)}))


def expires_at(moment: datetime.datetime | None = None) -> datetime.datetime:
    """When a link signed at ``moment`` (now by default) stops working."""
    return (moment or timezone.now()) + lifetime()


@dataclass(frozen=True)
class Preview:
    """What a valid link shows, and until when it works."""

    article: Article
    expires_at: datetime.datetime


def article_for(token: str) -> Preview:
    """The article a valid token shows, loaded as its page needs (``for_page()``).

    Raises ``PreviewLinkError``: 404 for a token that is not a signed link
    (mistyped, cut short, or signed with another secret), 410 for one that
    expired, or that was revoked or whose article is gone.
    """
    try:
        value = _signer().unsign(token, max_age=lifetime())
    except signing.SignatureExpired:
        raise PreviewLinkError(
            "This preview link has expired: preview links work for "
            f"{settings.PREVIEW_LINK_HOURS} hours. Ask the newsroom for a new one.",
            status=410,
        ) from None
    except signing.BadSignature:
        raise PreviewLinkError(
            "This is not a valid preview link: it may be mistyped or cut short. "
            "Check that you have the whole address, or ask the newsroom for a new one."
        ) from None
    key, _, version = value.partition(".")
    try:
        article_uuid, version_number = uuid.UUID(hex=key), int(version)
    except ValueError:  # Signed by us, so only ever a bug: still not a 500.
        raise PreviewLinkError("This is not a valid preview link.") from None
    article = (
        Article.objects.for_page().filter(uuid=article_uuid, preview_version=version_number).first()
    )
    if article is None:
        raise PreviewLinkError(
            "This preview link was withdrawn by the newsroom, or its article was removed. "
            "Ask the newsroom for a new one.",
            status=410,
        )
    # The token is "value:timestamp:signature", its timestamp checked just above.
    signed = signing.b62_decode(token.rsplit(":", 2)[1])
    signed_at = datetime.datetime.fromtimestamp(signed, tz=datetime.UTC)
    return Preview(article, expires_at(signed_at))


def revoke(article: Article) -> None:
    """End every preview link to the article given out so far."""
    Article.objects.filter(pk=article.pk).update(preview_version=F("preview_version") + 1)
    article.refresh_from_db(fields=["preview_version"])
