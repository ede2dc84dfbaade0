"""Reading the newsroom's plain-text export: the seed, every variation, every error."""

import datetime
from pathlib import Path

import pytest

from articles.formats import plaintext
from articles.formats.parsed import Credit, Entities, ParsedImage, ParseError
from articles.formats.plaintext import decode, parse

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "000_7f91a2f5f40fcb4f.txt"
HEADLINE = "Council approves the new tram line"
CAPTION = "The tram depot in Brussels. Jane Doe / Belga"
PARAGRAPHS = ("The council voted on Monday.", "Work starts in the spring.")
COPYRIGHT = "Copyright © 2026 The Brussels Times. All Rights Reserved."


def export(
    headline: str = HEADLINE,
    caption: str | None = CAPTION,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    related: list[str] | None = None,
    copyright_line: str = COPYRIGHT,
) -> str:
    """An export in the seed's layout; ``related=[]`` writes the marker with no headlines."""
    lines = [headline, ""]
    if caption is not None:
        lines += [headline, caption, ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    if related is not None:
        lines += ["Related News", *related, ""]
    lines.append(copyright_line)
    return "\n".join(lines)


def parse_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(text)
    return caught.value


def decode_error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as caught:
        decode(data)
    return caught.value


@pytest.fixture(scope="module")
def seed():
    return parse(decode(SEED.read_bytes()))


# The seed, fact by fact (FORMAT.md's table).


def test_seed_headline(seed):
    assert seed.headline == (
        "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"
    )


def test_seed_caption(seed):
    assert seed.lead_image.caption == (
        "Secretary General of NATO Mark Rutte addresses members of the Ukrainian parliament in "
        "Kyiv, on February 3, 2026, amid the Russian invasion of Ukraine."
    )


def test_seed_photographer(seed):
    assert seed.lead_image.credit.photographer == "Andrii Nesterenko"


def test_seed_agency(seed):
    assert seed.lead_image.credit.agency == "AFP"


def test_seed_has_ten_paragraphs(seed):
    assert len(seed.paragraphs) == 10


def test_seed_first_paragraph_opens_with_the_quotation(seed):
    assert seed.paragraphs[0].startswith('"Russian attacks do not signal seriousness about peace,"')


def test_seed_last_paragraph_ends_with_he_said(seed):
    assert seed.paragraphs[-1].endswith("he said.")


def test_seed_has_no_related_headlines(seed):
    assert seed.related_headlines == ()


def test_seed_publisher(seed):
    assert seed.publisher == "The Brussels Times"


def test_seed_copyright_year(seed):
    assert seed.copyright_year == 2026


def test_seed_publication_date_is_the_caption_date(seed):
    assert seed.publication_date == datetime.date(2026, 2, 3)


def test_seed_keeps_curly_apostrophe_en_dash_and_no_break_space(seed):
    assert "Ukraine’s security" in seed.paragraphs[3]
    assert "for\u00a0air defence" in seed.paragraphs[4]
    assert "crucial – because" in seed.paragraphs[7]


# Encoding and line ends.


def test_byte_order_mark_is_dropped():
    assert parse(decode(b"\xef\xbb\xbf" + export().encode())).headline == HEADLINE


def test_crlf_line_ends_read_like_lf():
    assert decode(export().replace("\n", "\r\n").encode()) == export()


def test_cr_line_ends_read_like_lf():
    assert decode(export().replace("\n", "\r").encode()) == export()


def test_parse_accepts_crlf_text_directly():
    assert parse(export().replace("\n", "\r\n")) == parse(export())


def test_trailing_spaces_and_tabs_are_stripped():
    text = export(headline="Tram line \t", paragraphs=("Work starts.  ", "It ends.\t"))

    article = parse(text)

    assert (article.headline, article.paragraphs) == ("Tram line", ("Work starts.", "It ends."))


def test_missing_final_newline_makes_no_difference():
    assert parse(export()) == parse(export() + "\n")


def test_decoded_text_is_the_same_without_final_newline():
    assert decode(export().encode()) == export()


# Layout variations.


def test_repeated_headline_and_caption_give_the_lead_image():
    assert parse(export()).lead_image == ParsedImage(
        caption="The tram depot in Brussels.",
        credit=Credit(photographer="Jane Doe", agency="Belga"),
    )


def test_repeated_headline_is_not_a_paragraph():
    assert parse(export()).paragraphs == PARAGRAPHS


def test_without_repeated_headline_there_is_no_lead_image():
    assert parse(export(caption=None)).lead_image is None


def test_without_repeated_headline_the_body_starts_under_the_headline():
    assert parse(export(caption=None)).paragraphs == PARAGRAPHS


def test_repeated_headline_without_caption_gives_no_lead_image():
    text = "\n".join([HEADLINE, "", HEADLINE, "", *PARAGRAPHS, "", COPYRIGHT])

    assert parse(text).lead_image is None


def test_repeated_headline_is_recognised_despite_quote_dash_and_case_style():
    headline, repeated = "Minister's plan - a “new” start", 'MINISTER’S PLAN – A "NEW" START'
    text = "\n".join([headline, "", repeated, CAPTION, "", "Body.", "", COPYRIGHT])

    article = parse(text)

    assert (article.lead_image.caption, article.paragraphs) == (
        "The tram depot in Brussels.",
        ("Body.",),
    )


def test_caption_without_credit_has_no_credit():
    assert parse(export(caption="The tram depot in Brussels.")).lead_image == ParsedImage(
        caption="The tram depot in Brussels.", credit=None
    )


def test_caption_wrapped_over_two_lines_keeps_its_credit():
    caption = "The tram depot in\nBrussels. Jane Doe / Belga"

    assert parse(export(caption=caption)).lead_image == ParsedImage(
        caption="The tram depot in Brussels.",
        credit=Credit(photographer="Jane Doe", agency="Belga"),
    )


def test_wrapped_paragraph_lines_join_with_one_space():
    article = parse(export(paragraphs=("The council voted\non Monday, late\nat night.", "End.")))

    assert article.paragraphs == ("The council voted on Monday, late at night.", "End.")


def test_wrapped_paragraph_lines_with_trailing_spaces_join_with_one_space():
    article = parse(export(paragraphs=("The council voted   \non Monday.",)))

    assert article.paragraphs == ("The council voted on Monday.",)


def test_quotes_dashes_and_accents_are_kept_as_written():
    paragraph = '“Ça va,” dit-elle — ‘très bien’ – "vraiment", l\'élu d’Anvers.'

    assert parse(export(paragraphs=(paragraph,))).paragraphs == (paragraph,)


def test_headline_keeps_its_quotes_as_written():
    headline = "Minister: “We’ll build it” – 'soon'"

    assert parse(export(headline=headline)).headline == headline


def test_paragraph_that_is_one_quotation_is_a_paragraph():
    paragraphs = ("The mayor spoke.", '"We will not give up on this city, ever."', "He left.")

    assert parse(export(paragraphs=paragraphs)).paragraphs == paragraphs


def test_several_blank_lines_between_paragraphs_separate_them_once():
    text = "\n".join([HEADLINE, "", "One.", "", "", "", "Two.", "", COPYRIGHT])

    assert parse(text).paragraphs == ("One.", "Two.")


def test_related_news_headlines_are_read_in_order_across_blank_lines():
    related = ["Tram depot opens", "", "Buses replaced in May", "", "", "Mayor ‘delighted’"]

    article = parse(export(related=related))

    assert article.related_headlines == (
        "Tram depot opens",
        "Buses replaced in May",
        "Mayor ‘delighted’",
    )


def test_related_news_headlines_are_not_paragraphs():
    assert parse(export(related=["Tram depot opens"])).paragraphs == PARAGRAPHS


def test_related_news_marker_without_headlines_gives_none():
    assert parse(export(related=[])).related_headlines == ()


def test_lower_case_copyright_sign_is_read():
    article = parse(
        export(copyright_line="Copyright (c) 2025 The Brussels Times. All Rights Reserved.")
    )

    assert (article.publisher, article.copyright_year) == ("The Brussels Times", 2025)


def test_upper_case_copyright_sign_is_read():
    article = parse(export(copyright_line="Copyright (C) 2025 Le Soir. All Rights Reserved."))

    assert (article.publisher, article.copyright_year) == ("Le Soir", 2025)


def test_copyright_without_all_rights_reserved_is_read():
    article = parse(export(copyright_line="Copyright © 2026 The Brussels Times."))

    assert (article.publisher, article.copyright_year) == ("The Brussels Times", 2026)


def test_copyright_without_any_full_stop_is_read():
    article = parse(export(copyright_line="Copyright © 2026 The Brussels Times"))

    assert article.publisher == "The Brussels Times"


def test_publication_date_is_the_latest_full_date_of_caption_and_body():
    article = parse(
        export(
            caption="The depot on 1 March 2026. Jane Doe / Belga",
            paragraphs=("Voted on March 2, 2026.", "Planned since 2024-01-05."),
        )
    )

    assert article.publication_date == datetime.date(2026, 3, 2)


def test_publication_date_is_none_when_no_full_date_is_named():
    assert parse(export(paragraphs=("On 3 February the council voted.",))).publication_date is None


def test_related_headline_dates_do_not_date_the_article():
    article = parse(export(related=["Look back: 4 March 2026"]))

    assert article.publication_date is None


def test_entities_are_found_in_caption_without_credit_and_paragraphs(monkeypatch):
    seen = []
    found = Entities(people=("Jane Doe",))
    monkeypatch.setattr(plaintext, "extract_entities", lambda texts: seen.extend(texts) or found)

    article = parse(export())

    assert seen == ["The tram depot in Brussels.", *PARAGRAPHS]
    assert article.entities == found


# Errors: what is wrong, and on which line.


def test_empty_bytes_are_an_empty_file():
    error = decode_error(b"")

    assert (error.reason, error.line) == ("the file is empty", None)


def test_byte_order_mark_alone_is_an_empty_file():
    assert decode_error(b"\xef\xbb\xbf").reason == "the file is empty"


def test_empty_text_is_an_empty_file():
    error = parse_error("")

    assert (error.reason, error.line) == ("the file is empty", None)


def test_whitespace_only_is_reported_as_such():
    error = parse_error("  \n\t\n\n")

    assert (error.reason, error.line) == ("the file holds only whitespace", None)


def test_nul_byte_makes_the_file_binary_and_names_its_line():
    error = decode_error(b"Headline\n\n\x00\x01\x02")

    assert (error.reason, error.line) == ("the file is binary (it holds a NUL byte)", 3)


def test_nul_byte_line_counts_crlf_as_one_line_end():
    assert decode_error(b"Headline\r\n\r\nBody \x00").line == 3


@pytest.mark.parametrize("where", ["\x00Headline", "Headline\r\n\r\nBody \x00 more"])
def test_nul_character_in_text_is_refused_with_its_line(where):
    text = f"{where}\n\nCopyright © 2026 The Brussels Times. All Rights Reserved."

    error = parse_error(text)

    assert error.reason == "the text holds a NUL character"
    assert error.line == (1 if where.startswith("\x00") else 3)


def test_lone_surrogate_in_text_is_refused_with_its_line():
    text = "Headline\n\nBody \ud800.\n\nCopyright © 2026 The Brussels Times. All Rights Reserved."

    error = parse_error(text)

    assert (error.reason, error.line) == ("the text holds U+D800, which is not a character", 3)


def test_invalid_utf8_names_the_byte_and_its_line():
    error = decode_error("Headline\n\nCafé.\n".encode("latin-1"))

    assert (error.reason, error.line) == ("not UTF-8: invalid byte 0xe9", 3)


def test_invalid_utf8_line_counts_cr_line_ends():
    assert decode_error(b"Headline\r\r\xff").line == 3


def test_error_message_starts_with_the_line():
    assert str(decode_error(b"A\nB\x00")) == "line 2: the file is binary (it holds a NUL byte)"


def test_copyright_line_first_means_no_headline():
    error = parse_error(f"\n\n{COPYRIGHT}\n")

    assert (error.reason, error.line) == (
        "no headline: the first line with text is the copyright line",
        3,
    )


def test_related_news_first_means_no_headline():
    error = parse_error(f"Related News\n\nSome headline\n\n{COPYRIGHT}")

    assert (error.reason, error.line) == (
        'no headline: the first line with text is "Related News"',
        1,
    )


def test_headline_over_300_characters_is_refused_with_its_length():
    error = parse_error(export(headline="x" * 301))

    assert (error.reason, error.line) == (
        "the headline is 301 characters long; the limit is 300",
        1,
    )


def test_headline_over_300_characters_after_blank_lines_names_its_line():
    assert parse_error("\n\n" + export(headline="x" * 301)).line == 3


def test_headline_of_300_characters_is_accepted():
    assert parse(export(headline="x" * 300)).headline == "x" * 300


def test_no_paragraphs_is_refused_at_the_line_that_follows_the_headline():
    error = parse_error(f"Headline\n\n{COPYRIGHT}")

    assert (error.reason, error.line) == (
        "no paragraphs: the copyright line follows the headline",
        3,
    )


def test_caption_without_paragraphs_is_refused():
    error = parse_error(export(paragraphs=()))

    assert (error.reason, error.line) == (
        "no paragraphs: the copyright line follows the headline",
        6,
    )


def test_related_news_without_paragraphs_is_refused():
    error = parse_error(export(caption=None, paragraphs=(), related=["Other story"]))

    assert (error.reason, error.line) == ('no paragraphs: "Related News" follows the headline', 3)


def test_missing_copyright_line_names_the_last_line_found():
    error = parse_error("Headline\n\nA paragraph.\n\n")

    assert (error.reason, error.line) == (
        'no copyright line: the last line with text is "A paragraph."',
        3,
    )


def test_missing_copyright_line_shortens_a_long_last_line():
    error = parse_error("Headline\n\n" + "word " * 30)

    assert error.reason == f'no copyright line: the last line with text is "{("word " * 12)[:59]}…"'


def test_related_headline_over_300_characters_is_refused_with_its_line():
    error = parse_error(export(caption=None, related=["Fine", "y" * 301]))

    assert (error.reason, error.line) == (
        "a related headline is 301 characters long; the limit is 300",
        9,
    )


def test_publisher_name_over_200_characters_is_refused_at_the_copyright_line():
    text = export(copyright_line=f"Copyright © 2026 {'P' * 201}. All Rights Reserved.")

    error = parse_error(text)

    assert error.reason == (
        "the publisher named in the copyright line is 201 characters long; the limit is 200"
    )
    assert error.line == len(text.split("\n"))
