"""Article bodies: a small, fixed subset of HTML.

Editors need paragraphs, emphasis, links, subheadings, quotes and lists; readers
must never receive markup nobody chose. The body is stored as HTML restricted to
``ALLOWED_TAGS`` and cleaned by nh3 (the Ammonia sanitiser) on every write, so a
template may print it as it is. Imported text is escaped before it becomes HTML:
a ``<script>`` in an export file is shown as text, never run.
"""

import re
from collections import Counter
from collections.abc import Iterable
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "blockquote", "ul", "ol", "li", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A line break in HTML text is a space to the reader, and so are the spaces around it.
_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")


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


def disallowed_markup(html: str) -> list[str]:
    """What ``sanitize`` would remove from ``html``, named for the editor who wrote it.

    An editor who pastes an embed or a styled paragraph should be told, not find
    it silently gone after saving. Named one by one: tags and attributes outside
    the allowed set, comments, ``<?php … ?>``, CDATA sections, declarations, a
    closing tag with attributes, and a tag left open at the end (which HTML
    parsers drop). A ``<`` that starts no tag (``1 < 2``) is text. Whatever else
    the cleaner would drop is caught by comparing words: when the cleaned text
    lacks a word the editor wrote, the markup around it is named by those words.
    """
    html = html or ""
    audit = _MarkupAudit(html)
    audit.feed(html)
    audit.close()
    problems = audit.problems
    unclosed = _UNCLOSED_AT_END.search(html)
    if unclosed:
        problems.append(f"an unclosed tag at the end ({_excerpt(unclosed.group())})")
    if not problems:
        lost = _words(html) - _words(sanitize(html))
        if lost:
            shown = ", ".join(sorted(lost))
            problems.append(f"markup that would be dropped with the words: {_excerpt(shown)}")
    return problems


# A tag, comment or declaration begun and never closed: HTML parsers drop it all.
# ("</" alone, or "<" before a space or digit, is text and kept.)
_UNCLOSED_AT_END = re.compile(r"<(?:[A-Za-z!?]|/[^>])[^>]*\Z")
_WORD = re.compile(r"\w+")
# The only rel the sanitiser keeps on links: it sets this one itself.
_LINK_REL = frozenset({"noopener", "noreferrer"})


def _words(markup: str) -> Counter:
    """The words of markup as written, tag and attribute names included, case-folded."""
    return Counter(_WORD.findall(unescape(markup).casefold()))


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _MarkupAudit(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._source = source
        # HTMLParser counts lines by "\n" alone.
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def _raw(self) -> str:
        """The markup of the current event as written, up to its closing ``>``."""
        line, column = self.getpos()
        start = self._line_starts[line - 1] + column
        end = self._source.find(">", start)
        return self._source[start : end + 1 if end != -1 else len(self._source)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._add(f"<{tag}>")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name == "rel" and tag == "a" and set((value or "").split()) <= _LINK_REL:
                continue
            if name == "rel" and tag == "a":
                self._add('the rel attribute on <a> (links get rel="noopener noreferrer")')
            elif name not in allowed:
                self._add(f"the {name} attribute on <{tag}>")
            elif name == "href" and not _allowed_url(value or ""):
                self._add(f"the link to {_excerpt(value)}")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        raw = self._raw()
        if not re.fullmatch(r"</[^\s/>]+\s*>", raw):
            self._add(f"a closing tag with more than its name ({_excerpt(raw)})")

    def handle_comment(self, data: str) -> None:
        raw = self._raw()
        if raw.startswith("<!--"):
            self._add(f"an HTML comment ({_excerpt(f'<!--{data}-->')})")
        else:  # What HTML takes for a comment: <!x>, </3>, </ x>.
            self._add(f"markup that is no tag ({_excerpt(raw)})")

    def handle_pi(self, data: str) -> None:
        self._add(f"a processing instruction such as PHP ({_excerpt('<?' + data + '>')})")

    def handle_decl(self, decl: str) -> None:
        self._add(f"a declaration ({_excerpt('<!' + decl + '>')})")

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):
            self._add(f"a CDATA section ({_excerpt('<![' + data + ']]>')})")
        else:
            self._add(f"a declaration ({_excerpt('<![' + data + ']>')})")


def _allowed_url(url: str) -> bool:
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme == "" or scheme in URL_SCHEMES


def paragraphs_to_html(paragraphs: Iterable[str]) -> str:
    """Plain-text paragraphs as body HTML, every character kept as text.

    One paragraph a line, with a blank line between, so an editor reading the
    HTML in the admin sees the paragraphs as the export had them.
    """
    return "\n\n".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


# Elements that start and end a block: each block becomes a paragraph of its own.
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li"})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


def html_to_paragraphs(html: str) -> list[str]:
    """The way back of ``paragraphs_to_html``: body HTML as plain-text paragraphs.

    Every block (paragraph, subheading, quotation, list item) becomes one
    paragraph of its text; inline markup keeps its text and loses its form
    (emphasis, a link's address), ``<br>`` becomes a space. Characters are kept
    as written, a line break and the spaces around it become one space, and
    blank blocks are left out, so the paragraphs of an imported body come back
    exactly.
    """
    reader = _ParagraphReader()
    reader.feed(html or "")
    reader.close()
    reader.flush()
    return reader.paragraphs


class _ParagraphReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._parts: list[str] = []
        self._skipping = 0

    def flush(self) -> None:
        text = _LINE_BREAKS.sub(" ", "".join(self._parts)).strip()
        if text:
            self.paragraphs.append(text)
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.flush()
        elif tag == "br":
            self._parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)
