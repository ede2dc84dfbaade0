"""Which requests may read a replica, and keeping an editor on the primary after a save.

An editor who saves an article and opens its page expects to see the change;
a replica a second behind would show the old text. So a POST, PUT, PATCH or DELETE
that wrote (the router was asked where to write) pins its client to the
primary: a signed cookie, valid
``DATABASE_REPLICA_PIN_SECONDS``, which makes every request of that client read
the primary until it expires. It holds no data and no identity; a forged one
could only send its holder's reads to the primary.

Only those methods: a GET asks where to write without writing (django-reversion
does, for every admin form it shows), and a GET that does write (a reader's
page folding read counts) changes nothing its client would look for, while a
cookie on it would keep the page out of every cache.

A request reads a replica only when all of these hold:

- it is a GET or HEAD (a form being sent reads what it writes);
- it is not for the admin or a preview link (always the primary);
- its client carries no valid pin;
- nothing pages show changed in the last ``DATABASE_REPLICA_PIN_SECONDS``
  (``db_router.changed_recently``): a page made from a lagging replica would
  otherwise be kept by the page cache under the new generation.

Without replicas the middleware takes itself out (``MiddlewareNotUsed``). It sits
below the page cache, so a stored page costs it nothing.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from newsportal import db_router

PIN_COOKIE = "np_primary"
_SALT = "newsportal.replica_reads.pin"
_READS = frozenset({"GET", "HEAD"})


def is_pinned(request: HttpRequest) -> bool:
    """Whether the client wrote within the last ``DATABASE_REPLICA_PIN_SECONDS``."""
    pin = request.get_signed_cookie(
        PIN_COOKIE, default=None, salt=_SALT, max_age=settings.DATABASE_REPLICA_PIN_SECONDS
    )
    return pin is not None


def pin_to_primary(response: HttpResponse) -> None:
    """Send this client's requests to the primary for ``DATABASE_REPLICA_PIN_SECONDS``."""
    response.set_signed_cookie(
        PIN_COOKIE,
        "1",
        salt=_SALT,
        max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not db_router.replica_aliases():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self._primary_paths: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with db_router.request_reads(replicas=self._may_read_replica(request)) as reads:
            response = self.get_response(request)
        if reads.wrote and request.method not in _READS:
            pin_to_primary(response)
        return response

    def _may_read_replica(self, request: HttpRequest) -> bool:
        return (
            request.method in _READS
            and not request.path.startswith(self.primary_paths())
            and not is_pinned(request)
            and not db_router.changed_recently()
        )

    def primary_paths(self) -> tuple[str, ...]:
        """The admin's and the preview links' addresses (worked out once the URLs load)."""
        if self._primary_paths is None:
            preview = reverse("articles:preview", kwargs={"token": "t"})
            self._primary_paths = (reverse("admin:index"), preview.removesuffix("t/"))
        return self._primary_paths
