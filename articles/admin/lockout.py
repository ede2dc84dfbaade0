"""The page an editor sees when django-axes has locked their login for a while.

Rendered in the admin's own frame (its header, its styles) with a 429, so the
editor knows what happened, for how long, and that the right password will not
help until then; nothing on it says whether the username exists.
"""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

TEMPLATE = "admin/locked_out.html"


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The lockout page (``AXES_LOCKOUT_CALLABLE``), named in settings."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": "Login locked for a while",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    response = TemplateResponse(request, TEMPLATE, context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response.render()
