"""Word-level differences between two versions of a text, as HTML an editor can read.

History shows what a save changed: words taken out struck through (``<del>``),
words put in underlined (``<ins>``), everything else as it was. Every word is
escaped, so an article's own markup is shown as its text and can never run in
the admin. A body is compared block by block (paragraphs, subheadings,
quotations, list items), each block's kind named, so a new subheading reads as
one, not as a stray line.
"""

import difflib
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe

# Between two blocks: kept as a line break, shown as ¶ where one was added or removed.
BREAK = "\n"
_WORDS = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")

# What a block's first word says about it; a plain paragraph says nothing.
_BLOCK_LABELS = {
    "h2": "Subheading:",
    "h3": "Subheading:",
    "h4": "Subheading:",
    "blockquote": "Quotation:",
    "li": "•",
}
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li"})


@dataclass(frozen=True)
class FieldDiff:
    """One field's change: its name and the marked-up difference."""

    label: str
    html: SafeString


def word_diff(old: str, new: str) -> SafeString:
    """The difference of two plain texts, word by word."""
    return _render(_WORDS.findall(old or ""), _WORDS.findall(new or ""))


def blocks_diff(old: list[str], new: list[str]) -> SafeString:
    """The difference of two lists of blocks (paragraphs), word by word, breaks kept."""
    return _render(_tokens(old), _tokens(new))


def body_diff(old_html: str, new_html: str) -> SafeString:
    """The difference of two bodies' text, each block labelled by its kind."""
    return blocks_diff(body_blocks(old_html), body_blocks(new_html))


def body_blocks(html: str) -> list[str]:
    """The body's blocks as text, headings, quotations and list items labelled."""
    reader = _BlockReader()
    reader.feed(html or "")
    reader.close()
    reader.flush()
    return reader.blocks


def _tokens(blocks: list[str]) -> list[str]:
    tokens: list[str] = []
    for block in blocks:
        if tokens:
            tokens.append(BREAK)
        tokens.extend(_WORDS.findall(block))
    return tokens


def _render(old: list[str], new: list[str]) -> SafeString:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_text(old[a1:a2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{_text(old[a1:a2], marked=True)}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_text(new[b1:b2], marked=True)}</ins>")
    return mark_safe(" ".join(part for part in parts if part))  # noqa: S308 - every word escaped


def _text(tokens: list[str], *, marked: bool = False) -> str:
    """Escaped words joined by spaces; a block break as a line break (¶ where it changed)."""
    out = ""
    for token in tokens:
        if token == BREAK:
            out += "¶<br>" if marked else "<br>"
        else:
            space = " " if out and not out.endswith("<br>") else ""
            out += space + escape(token, quote=False)
    return out


class _BlockReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []
        self._open: list[str] = []

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._parts)).strip()
        if text:
            label = next((_BLOCK_LABELS[t] for t in self._open if t in _BLOCK_LABELS), "")
            self.blocks.append(f"{label} {text}" if label else text)
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()
            self._open.insert(0, tag)
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()
            if tag in self._open:
                self._open.remove(tag)

    def handle_data(self, data: str) -> None:
        self._parts.append(data)
