"""Article bodies: a small, fixed subset of HTML.

Editors need paragraphs, emphasis, links, subheadings, quotes and lists; readers
must never receive markup nobody chose. The body is stored as HTML restricted to
``ALLOWED_TAGS`` and cleaned by nh3 (the Ammonia sanitiser) on every write, so a
template may print it as it is. Imported text is escaped before it becomes HTML:
a ``<script>`` in an export file is shown as text, never run.
"""

from collections.abc import Iterable
from html import escape

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "blockquote", "ul", "ol", "li", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize(html: str) -> str:
    """Keep only the allowed tags and attributes; drop scripts and their content."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    ).strip()


def paragraphs_to_html(paragraphs: Iterable[str]) -> str:
    """Plain-text paragraphs as body HTML, every character kept as text.

    One paragraph a line, with a blank line between, so an editor reading the
    HTML in the admin sees the paragraphs as the export had them.
    """
    return "\n\n".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)
