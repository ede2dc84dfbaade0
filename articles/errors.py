"""Not-found answers that tell the reader what was wrong with the address.

A bare "page not found" leaves a reader guessing; ``NotFound`` carries a
sentence written for readers, and ``page_not_found`` shows it. Any other 404
(Django's own, with messages written for developers) shows the general text.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


class NotFound(Http404):
    """A 404 whose message is meant for the reader and safe to show."""


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "404.html", {"reason": reason}, status=404)
