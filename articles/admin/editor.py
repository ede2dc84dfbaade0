"""The article form's writing aids: the rich-text body editor and the length counters.

The body editor is django-prose-editor (ProseMirror through Tiptap), started by
our own small module, ``static/newsroom/body-editor.js``, rather than the
package's presets: those load through an inline import map and let Tiptap
inject a ``<style>`` element, both of which the site's Content-Security-Policy
blocks. The module offers exactly ``articles.richtext.ALLOWED_TAGS`` and no
more; the server still cleans and refuses as before, so what the editor sends
is checked like anything typed into the plain textarea it replaces (which is
what a browser without JavaScript shows).
"""

from typing import Any

from django import forms
from django.forms.widgets import Media, Script

from articles.richtext import ALLOWED_TAGS

# What search engines show before cutting with "…" (see docs/architecture.md):
# Google cuts a result's title at about 600 pixels, some 60 characters, and the
# " – site name" after the headline is what goes first, so a headline of up to 60
# shows whole. Its description snippet runs to about 920 pixels, 155–160
# characters, and the standfirst is the page's meta description.
SEARCH_TITLE_LENGTH = 60
SEARCH_DESCRIPTION_LENGTH = 160

# The editor's tools, one for each kind of markup the body keeps. ``b`` and ``i``
# are kept when they arrive (imports, pasted text) and become ``strong`` and ``em``.
BODY_TOOLS = {
    "p": "Paragraph",
    "h2": "Heading",
    "h3": "Heading",
    "h4": "Heading",
    "strong": "Bold",
    "b": "Bold",
    "em": "Italic",
    "i": "Italic",
    "a": "Link",
    "blockquote": "Blockquote",
    "ul": "BulletList",
    "ol": "OrderedList",
    "li": "ListItem",
    "br": "HardBreak",
}
assert set(BODY_TOOLS) == ALLOWED_TAGS, "every allowed tag has a tool, and no other tag has one"
HEADING_LEVELS = sorted(int(tag[1]) for tag in ALLOWED_TAGS if tag[0] == "h")


class BodyEditorWidget(forms.Textarea):
    """A textarea that becomes a rich-text editor where JavaScript runs.

    The browser sends the textarea's HTML either way, so the form, its
    cleaning and its error messages are the same with or without the editor.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "rows": 30,
            "class": "vLargeTextField",
            "data-body-editor": "",
            "data-heading-levels": " ".join(map(str, HEADING_LEVELS)),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    @property
    def media(self) -> Media:
        return Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "newsroom/body-editor.css",
                ]
            },
            # A module script is deferred by nature; it imports the editor by a relative address.
            js=[Script("newsroom/body-editor.js", type="module")],
        )


COUNTS_MEDIA = Media(
    css={"all": ["newsroom/counts.css"]}, js=[Script("newsroom/counts.js", defer=True)]
)


class CountedTextInput(forms.TextInput):
    """A text box whose length is counted against ``limit`` as the editor types."""

    def __init__(self, limit: int, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**(attrs or {}), "data-count-limit": str(limit)})

    @property
    def media(self) -> Media:
        return COUNTS_MEDIA


class CountedTextarea(forms.Textarea):
    def __init__(self, limit: int, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**(attrs or {}), "data-count-limit": str(limit)})

    @property
    def media(self) -> Media:
        return COUNTS_MEDIA


def count_help(limit: int, shown_as: str) -> str:
    """The limit said in words, for browsers without the live counter."""
    return (
        f"Search engines show about the first {limit} characters of {shown_as}; "
        "longer text is cut with “…”."
    )
