"""The reader's own address, for counting failed logins (django-axes).

Without a proxy in front, it is the connection's address (``REMOTE_ADDR``):
an ``X-Forwarded-For`` header then is whatever the client wrote, and trusting
it would let anyone give each guess a new address. Behind nginx
(``BEHIND_TLS_PROXY``), each of the ``TRUSTED_PROXIES`` proxies appended the
address it saw to the header, so the reader's is that many places from the
end; anything to its left is the client's own words.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the nearest proxy we trust saw, or the connection's own."""
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            # Fewer hops than proxies: the first proxy wrote the only one there is.
            return hops[-min(trusted, len(hops))]
    return request.META.get("REMOTE_ADDR")
