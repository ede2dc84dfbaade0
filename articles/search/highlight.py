"""Snippets with the matched words marked, made safe to print.

The databases put private-use characters around each matched word (the
indexed text never holds them). Everything else in the snippet is escaped,
then each marked stretch becomes ``<mark>…</mark>``: no markup from an
article can reach the page through a snippet.
"""

import html
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START = "\ue000"
STOP = "\ue001"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
_STRAY = re.compile(f"[{START}{STOP}]")


def marked_html(snippet: str, *, escaped: bool = False) -> SafeString:
    """``snippet`` as HTML with ``<mark>`` around matched words.

    ``escaped`` says the snippet's text is already HTML-escaped text (PostgreSQL
    cuts it from the stored body), so it is decoded once before being escaped.
    """
    if escaped:
        snippet = html.unescape(snippet)
    snippet = " ".join(snippet.split())
    out = []
    position = 0
    for match in _MARKED.finditer(snippet):
        out.append(escape(_STRAY.sub("", snippet[position : match.start()])))
        out.append(f"<mark>{escape(match[1])}</mark>")
        position = match.end()
    out.append(escape(_STRAY.sub("", snippet[position:])))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped.
