"""No input breaks the importer: an article or a ParseError, nothing else."""

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from articles.formats.parsed import ParsedArticle, ParseError
from articles.formats.plaintext import decode, parse
from articles.importer import ImportOptions, import_article
from articles.models import Article
from articles.text.headlines import fold_headline
from tests.exports import export_text

HEADLINE = "Council approves the new tram line"

# Lines that look like parts of an export, so generated files reach deep into the parser.
EXPORT_LINES = st.sampled_from(
    [
        "",
        "   ",
        "\t",
        "Related News",
        "Copyright © 2026 The Brussels Times. All Rights Reserved.",
        "(c) 2025 Le Soir",
        "Photo: Jane Doe / Belga",
        "A caption. Andrii Nesterenko / AFP",
        "(Photo: AP)",
        "© Reuters",
        "On 3 February 2026 the council met.",
        "“Quoted,” she said – and left.",
        "x" * 301,
    ]
)
SINGLE_LINE = st.text(alphabet=st.characters(exclude_characters="\r\n"), max_size=80)
TEXT_LINES = st.one_of(EXPORT_LINES, SINGLE_LINE)
COPYRIGHT_LINES = st.sampled_from(
    [
        "Copyright © 2026 The Brussels Times. All Rights Reserved.",
        "Copyright (c) 2025 Le Soir",
        "© 2024 De Standaard.",
    ]
)
# Whole exports in the newsroom's layout, with arbitrary text in every slot.
EXPORTS = st.builds(
    lambda headline, caption, paragraphs, related, copyright_line: export_text(
        headline, paragraphs, caption=caption, related=related, copyright_line=copyright_line
    ),
    st.one_of(SINGLE_LINE, EXPORT_LINES),
    st.none() | TEXT_LINES,
    st.lists(TEXT_LINES, max_size=6),
    st.lists(TEXT_LINES, max_size=3),
    st.one_of(COPYRIGHT_LINES, SINGLE_LINE),
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_refuse(text: str) -> ParsedArticle | ParseError:
    try:
        return parse(text)
    except ParseError as error:
        return error


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_decode_to_text_or_a_parse_error(data):
    try:
        text = decode(data)
    except ParseError as error:
        assert error.reason
        return
    assert "\r" not in text


@FUZZ
@given(st.lists(TEXT_LINES, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_text_parses_to_an_article_or_a_parse_error(lines, newline):
    result = parse_or_refuse(newline.join(lines))

    if isinstance(result, ParseError):
        assert result.reason
        assert result.line is None or 1 <= result.line <= max(len(lines), 1)
    else:
        assert result.headline
        assert result.paragraphs
        assert all(result.paragraphs)
        assert len(result.headline) <= 300


@FUZZ
@given(st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=8))
def test_any_paragraph_text_survives_parsing_unchanged(paragraphs):
    paragraphs = [" ".join(p.split()) for p in paragraphs]
    # A paragraph that is the section marker, or repeats the headline, is layout, not text.
    layout = {"related news", "related news:", fold_headline(HEADLINE)}
    if not all(paragraphs) or any(fold_headline(p) in layout for p in paragraphs):
        return
    text = export_text(HEADLINE, paragraphs=paragraphs, caption=None)

    result = parse_or_refuse(text)

    if isinstance(result, ParsedArticle):
        assert list(result.paragraphs) == paragraphs


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(EXPORTS)
# Characters no database stores (NUL, a lone surrogate) once got through the parser.
@example("\x00\n\nA paragraph.\n\nCopyright © 2026 The Brussels Times. All Rights Reserved.")
@example("\ud800\n\nA paragraph.\n\nCopyright © 2026 The Brussels Times. All Rights Reserved.")
def test_every_article_the_parser_accepts_can_be_stored(text):
    result = parse_or_refuse(text)
    event("accepted" if isinstance(result, ParsedArticle) else "refused")
    if isinstance(result, ParseError):
        return

    stored = import_article(result, ImportOptions()).article

    assert Article.objects.filter(pk=stored.pk, headline=result.headline).exists()
