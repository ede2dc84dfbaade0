"""Pages that are only read: anything but GET and HEAD is answered 405, naming those two.

Django's CSRF check runs before the view, so a POST to a public page used to
get the CSRF failure page (403), which tells a client nothing true: no form
posts here at all. These views take no writes of any kind, so there is no
request forgery to guard against, and the method is refused before the view
runs, with the ``Allow`` header a client needs.
"""

from collections.abc import Callable

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

View = Callable[..., HttpResponse]


def read_only(view: View) -> View:
    """``view`` answers GET and HEAD; any other method gets 405 with ``Allow: GET, HEAD``."""
    return csrf_exempt(require_safe(view))
