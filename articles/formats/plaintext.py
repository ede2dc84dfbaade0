"""The newsroom's plain-text export: bytes to a ParsedArticle, and back.

The layout (see the export's FORMAT.md) is a headline, an optional repeated
headline with the lead image's caption, paragraphs between blank lines, an
optional "Related News" list and a copyright line. Nothing here touches the
database, so the importer, the fixture writer, the exporter and tests share one
reading and one writing: ``parse(render(article))`` gives the article back.
"""

import codecs
import re
from collections.abc import Iterator

from articles.formats.parsed import Credit, ParsedArticle, ParsedImage, ParseError
from articles.text.credits import split_caption
from articles.text.dates import latest_full_date
from articles.text.entities import extract_entities
from articles.text.headlines import headline_key

MAX_HEADLINE_LENGTH = 300
MAX_PUBLISHER_LENGTH = 200

_LINE_BREAK = re.compile(r"\r\n?")
_COPYRIGHT = re.compile(
    r"(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*"
    r"(?:\d{4}\s*[-–]\s*)?(?P<year>\d{4})\b[\s,]*"
    r"(?P<publisher>.*?[^\s.])\.?"
    r"(?:\s*all rights reserved\.?)?",
    re.IGNORECASE,
)
_RELATED_MARKER = re.compile(r"related news:?", re.IGNORECASE)
_QUOTED_LENGTH = 60
# Line breaks, with the spaces around them: inside one paragraph they are a wrap.
_WRAP = re.compile(r"\s*[\r\n]+\s*")
RELATED_MARKER = "Related News"


def decode(data: bytes) -> str:
    """The export's text with LF line ends, or a ParseError saying why it is not text.

    Exports come from several desks' tools: some write a byte-order mark, some
    CRLF or CR line ends. An operator fixing a bad file needs the line to look at.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data:
        raise ParseError("the file is empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = _line_at(data, nul)
        raise ParseError("the file is binary (it holds a NUL byte)", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        reason = f"not UTF-8: invalid byte 0x{data[exc.start]:02x}"
        raise ParseError(reason, line) from None
    return _LINE_BREAK.sub("\n", text)


def parse(text: str) -> ParsedArticle:
    """One export's article, exactly as written, or a ParseError naming the line at fault."""
    text = _LINE_BREAK.sub("\n", text.removeprefix("\ufeff"))
    _check_storable(text)
    lines = [line.strip() for line in text.split("\n")]
    filled = [number for number, line in enumerate(lines) if line]
    if not filled:
        raise ParseError("the file holds only whitespace" if text else "the file is empty")
    first, last = filled[0], filled[-1]
    headline = _headline(lines[first], first + 1)
    copyright_line = _COPYRIGHT.fullmatch(lines[last])
    if not copyright_line:
        raise ParseError(
            f"no copyright line: the last line with text is {_quoted(lines[last])}", last + 1
        )

    if len(copyright_line["publisher"]) > MAX_PUBLISHER_LENGTH:
        raise ParseError(
            f"the publisher named in the copyright line is {len(copyright_line['publisher'])} "
            f"characters long; the limit is {MAX_PUBLISHER_LENGTH}",
            last + 1,
        )

    body_end = next(
        (n for n in range(last - 1, first, -1) if _RELATED_MARKER.fullmatch(lines[n])), last
    )
    lead_image, body_start = _lead_image(lines, first, body_end, headline)
    paragraphs = tuple(_paragraphs(lines[body_start:body_end]))
    if not paragraphs:
        follows = "the copyright line" if body_end == last else '"Related News"'
        raise ParseError(f"no paragraphs: {follows} follows the headline", body_end + 1)

    caption = (lead_image.caption,) if lead_image else ()
    return ParsedArticle(
        headline=headline,
        paragraphs=paragraphs,
        publisher=copyright_line["publisher"],
        copyright_year=int(copyright_line["year"]),
        lead_image=lead_image,
        related_headlines=_related(lines, body_end + 1, last),
        publication_date=latest_full_date((*caption, *paragraphs)),
        entities=extract_entities((*caption, *paragraphs)),
    )


def _check_storable(text: str) -> None:
    """Refuse characters no database stores as text: NUL, and lone surrogates.

    decode() never yields them, but text can reach parse() by other ways (later,
    ninjs); the rule belongs to the parser's contract, not to one caller.
    """
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError("the text holds a NUL character", text.count("\n", 0, nul) + 1)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        reason = f"the text holds U+{ord(text[exc.start]):04X}, which is not a character"
        raise ParseError(reason, line) from None


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset, counting CRLF, CR and LF as one break each."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _quoted(line: str) -> str:
    if len(line) > _QUOTED_LENGTH:
        line = line[: _QUOTED_LENGTH - 1] + "…"
    return f'"{line}"'


def _headline(line: str, number: int) -> str:
    if _COPYRIGHT.fullmatch(line):
        raise ParseError("no headline: the first line with text is the copyright line", number)
    if _RELATED_MARKER.fullmatch(line):
        raise ParseError('no headline: the first line with text is "Related News"', number)
    if len(line) > MAX_HEADLINE_LENGTH:
        raise ParseError(
            f"the headline is {len(line)} characters long; the limit is {MAX_HEADLINE_LENGTH}",
            number,
        )
    return line


def _lead_image(
    lines: list[str], first: int, end: int, headline: str
) -> tuple[ParsedImage | None, int]:
    """The caption under a repeated headline, and the index where the body starts.

    The caption is the block right under the repeated headline, so an export
    that wraps long lines keeps the whole caption and its credit together.
    """
    repeat = next((n for n in range(first + 1, end) if lines[n]), None)
    if repeat is None or headline_key(lines[repeat]) != headline_key(headline):
        return None, first + 1
    block_end = next((n for n in range(repeat + 1, end) if not lines[n]), end)
    block = lines[repeat + 1 : block_end]
    return (split_caption(" ".join(block)) if block else None), block_end


def _paragraphs(lines: list[str]) -> Iterator[str]:
    """Blocks of lines between blank lines, each joined with one space."""
    block: list[str] = []
    for line in lines:
        if line:
            block.append(line)
        elif block:
            yield " ".join(block)
            block = []
    if block:
        yield " ".join(block)


def _related(lines: list[str], start: int, end: int) -> tuple[str, ...]:
    for number in range(start, end):
        if len(lines[number]) > MAX_HEADLINE_LENGTH:
            raise ParseError(
                f"a related headline is {len(lines[number])} characters long; "
                f"the limit is {MAX_HEADLINE_LENGTH}",
                number + 1,
            )
    return tuple(line for line in lines[start:end] if line)


class RenderError(ValueError):
    """An article the text format cannot hold at all (no headline, no paragraph)."""


def render(article: ParsedArticle) -> str:
    """The export file of ``article``, in the newsroom's layout, ending in one newline.

    The way back of ``parse()``: ``parse(render(a))`` equals ``a`` for every
    article the format can carry. Each text becomes one line (a line break
    inside a paragraph is a wrap, so it becomes a space); blank paragraphs are
    left out. ``publication_date`` and ``entities`` are not written: the
    format has no place for them, and ``parse()`` derives them from the text.
    The "Related News" marker is written even with no related headlines, as
    the newsroom's own export does (the seed). Pure: strings in, a string out.
    """
    headline = _one_line(article.headline)
    if not headline:
        raise RenderError("the article has no headline")
    if _COPYRIGHT.fullmatch(headline) or _RELATED_MARKER.fullmatch(headline):
        raise RenderError(f"the headline {_quoted(headline)} would read as another part")
    paragraphs = [text for text in map(_one_line, article.paragraphs) if text]
    if not paragraphs:
        raise RenderError("the article has no paragraphs")

    lines = [headline, ""]
    caption_line = caption_line_of(article.lead_image) if article.lead_image else ""
    # Without a picture, a first paragraph that repeats the headline would be
    # read as the repeated headline: a repeat with no caption under it says "no picture".
    if caption_line or headline_key(paragraphs[0]) == headline_key(headline):
        lines.append(headline)
        if caption_line:
            lines.append(caption_line)
        lines.append("")
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines += [RELATED_MARKER, ""]
    lines += [text for text in map(_one_line, article.related_headlines) if text]
    lines += ["", copyright_line(article.copyright_year, article.publisher)]
    return "\n".join(lines) + "\n"


def copyright_line(year: int, publisher: str) -> str:
    """The seed's wording; a year below 1000 is zero-padded, as the parser wants four digits."""
    return f"Copyright © {year:04d} {_one_line(publisher)}. All Rights Reserved."


def caption_line_of(image: ParsedImage) -> str:
    """The caption with its credit at the end, in a form ``split_caption`` reads back.

    The newsroom's usual form comes first (``Caption. Andrii Nesterenko / AFP``);
    when the parser would read it otherwise (a one-word photographer, an
    agency written in lower case) a labelled form that it reads back is used.
    A credit no form carries (an agency name the parser takes for a person's)
    is written in the usual form all the same.
    """
    caption = _one_line(image.caption)
    credit = image.credit
    if credit is None or not str(credit):
        return caption
    credit = Credit(
        photographer=_one_line(credit.photographer or "") or None,
        agency=_one_line(credit.agency or "") or None,
    )
    wanted = ParsedImage(caption=caption, credit=credit)
    candidates = [" ".join(filter(None, (caption, form))) for form in _credit_forms(credit)]
    return next((line for line in candidates if split_caption(line) == wanted), candidates[0])


def _credit_forms(credit: Credit) -> list[str]:
    who = str(credit)
    if credit.photographer and credit.agency:
        return [who, f"(Photo: {who})", f"Photo: {who}"]
    if credit.photographer:
        return [f"Photo: {who}", f"(Photo: {who})", f"© {who}"]
    return [f"Credit: {who}", f"© {who}", f"(Photo: {who})"]


def _one_line(text: str) -> str:
    return _WRAP.sub(" ", text).strip()
