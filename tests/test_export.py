"""Writing articles back out: render()'s layout, the model's mapping, the command."""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles import exporting
from articles.formats.parsed import Credit, ParsedArticle, ParsedImage
from articles.formats.plaintext import RenderError, caption_line_of, parse, render
from articles.models import Article
from articles.richtext import html_to_paragraphs, paragraphs_to_html
from tests import factories
from tests.test_round_trip import empty_database

COPYRIGHT = "Copyright © 2026 Le Soir. All Rights Reserved."


def article(**fields) -> ParsedArticle:
    return ParsedArticle(
        **{
            "headline": "Council approves the tram line",
            "paragraphs": ("The council voted on Monday.", "Work starts in spring."),
            "publisher": "Le Soir",
            "copyright_year": 2026,
            **fields,
        }
    )


# --- render(): the layout ---------------------------------------------------


def test_render_writes_the_seed_back_as_the_newsroom_wrote_it(seed_text):
    assert render(parse(seed_text)) == seed_text + "\n"


def test_render_without_a_picture_or_related_news():
    assert render(article()) == (
        "Council approves the tram line\n\nThe council voted on Monday.\n\n"
        f"Work starts in spring.\n\nRelated News\n\n\n{COPYRIGHT}\n"
    )


def test_render_puts_the_caption_and_credit_under_the_repeated_headline():
    image = ParsedImage("The depot.", Credit("Andrii Nesterenko", "AFP"))

    lines = render(article(lead_image=image)).split("\n")

    assert lines[:5] == [
        "Council approves the tram line",
        "",
        "Council approves the tram line",
        "The depot. Andrii Nesterenko / AFP",
        "",
    ]


def test_render_lists_related_headlines_one_a_line_after_the_marker():
    text = render(article(related_headlines=("Tram fares rise", "Depot opens")))

    assert text.endswith(f"Related News\n\nTram fares rise\nDepot opens\n\n{COPYRIGHT}\n")
    assert parse(text).related_headlines == ("Tram fares rise", "Depot opens")


@pytest.mark.parametrize(
    ("credit", "line"),
    [
        (Credit("Andrii Nesterenko", "AFP"), "The depot. Andrii Nesterenko / AFP"),
        (Credit("Jane Doe"), "The depot. Photo: Jane Doe"),
        (Credit(agency="Belga"), "The depot. Credit: Belga"),
        # A name in lower case would be read as caption words in the bare form.
        (Credit("john smith", "AFP"), "The depot. (Photo: john smith / AFP)"),
        (None, "The depot."),
    ],
)
def test_each_credit_is_written_in_a_form_the_parser_reads_back(credit, line):
    image = ParsedImage("The depot.", credit)

    assert caption_line_of(image) == line
    assert parse(render(article(lead_image=image))).lead_image == image


def test_a_line_break_inside_a_text_is_a_space_and_blank_paragraphs_are_left_out():
    text = render(article(headline="Tram\nline", paragraphs=("One\r\n  two", "  ", "Three")))

    assert parse(text).headline == "Tram line"
    assert parse(text).paragraphs == ("One two", "Three")


def test_a_first_paragraph_repeating_the_headline_stays_a_paragraph_without_a_picture():
    parsed = article(paragraphs=("Council approves the tram line", "More."))

    assert parse(render(parsed)).paragraphs == parsed.paragraphs
    assert parse(render(parsed)).lead_image is None


def test_a_year_before_1000_is_written_with_four_digits():
    assert render(article(copyright_year=999)).endswith(
        "Copyright © 0999 Le Soir. All Rights Reserved.\n"
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"headline": "  "}, "no headline"),
        ({"paragraphs": ("", " ")}, "no paragraphs"),
        ({"headline": "Related News"}, "would read as another part"),
    ],
)
def test_an_article_the_format_cannot_hold_is_refused(fields, reason):
    with pytest.raises(RenderError, match=reason):
        render(article(**fields))


# --- the body: HTML back to paragraphs ----------------------------------------


def test_an_imported_body_comes_back_paragraph_for_paragraph():
    paragraphs = ["He said: “No <script>” – & left.", "a\u00a0b  c", "Ελλάδα 中国"]

    assert html_to_paragraphs(paragraphs_to_html(paragraphs)) == paragraphs


def test_markup_the_text_cannot_carry_keeps_its_words():
    html = (
        "<p>An <strong>important</strong> <a href='https://x.test/'>link</a>.<br>Next line.</p>"
        "<h2>A subheading</h2><blockquote><p>A quotation.</p></blockquote>"
        "<ul><li>One</li><li>Two</li></ul><p>  </p>Loose text"
    )

    assert html_to_paragraphs(html) == [
        "An important link. Next line.",
        "A subheading",
        "A quotation.",
        "One",
        "Two",
        "Loose text",
    ]


# --- from the model -------------------------------------------------------------


@pytest.mark.django_db
def test_an_article_maps_standfirst_body_credit_related_and_copyright():
    photographer = factories.author(name="Jane Doe")
    picture = factories.image(caption="The depot.", photographer=photographer, agency="Belga")
    other = factories.article(headline="Tram fares rise")
    made = factories.article(
        headline="Tram line approved",
        standfirst="The council voted.",
        body="<p>Work <em>starts</em>.</p>",
        lead_image=picture,
        related=[other],
        copyright_year=None,
        published_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 12)),
    )
    fetched = Article.objects.for_export().get(pk=made.pk)

    parsed = exporting.as_parsed(fetched)

    assert parsed.paragraphs == ("The council voted.", "Work starts.")
    assert parsed.lead_image == ParsedImage("The depot.", Credit("Jane Doe", "Belga"))
    assert parsed.related_headlines == ("Tram fares rise",)
    assert parsed.copyright_year == 2025
    assert parsed.publisher == made.publisher.name
    assert render(parsed).startswith(
        "Tram line approved\n\nTram line approved\nThe depot. Jane Doe / Belga\n"
    )


@pytest.mark.django_db
def test_an_article_written_in_the_admin_round_trips_once_exported(tmp_path):
    other = factories.article(headline="Tram fares rise", standfirst="Fares rise.")
    factories.article(
        headline="Tram line approved",
        body="<h2>Next</h2><p>Work starts.</p>",
        lead_image=factories.image(caption="A depot.", agency="AFP"),
        related=[other],
    )
    first = export(tmp_path / "a")[1]
    empty_database()
    call_command("import_articles", str(tmp_path / "a"), stdout=io.StringIO())
    again = export(tmp_path / "b")[1]

    # The importer names an article by publisher and headline, not by the admin's UUID.
    assert sorted(again.values()) == sorted(first.values())


# --- the command ------------------------------------------------------------------


def export(outdir: Path, *args: str) -> tuple[str, dict[str, bytes], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_articles", str(outdir), *args, stdout=out, stderr=err)
    files = {p.name: p.read_bytes() for p in sorted(outdir.iterdir())} if outdir.is_dir() else {}
    return out.getvalue(), files, err.getvalue()


@pytest.mark.django_db
def test_export_writes_one_file_per_article_named_by_its_uuid(tmp_path):
    articles = [factories.article(), factories.article(status=Article.Status.DRAFT)]

    out, files, _ = export(tmp_path / "new" / "dir")

    assert sorted(files) == sorted(f"{a.uuid}.txt" for a in articles)
    assert out == f"2 files written to {tmp_path / 'new' / 'dir'}, 0 unchanged\n"
    assert all(parse(data.decode("utf-8")) for data in files.values())


@pytest.mark.django_db
def test_export_again_leaves_unchanged_files_alone_and_rewrites_changed_ones(tmp_path):
    kept, edited = factories.article(), factories.article()
    export(tmp_path)
    (tmp_path / "notes.md").write_text("the operator's own file")
    kept_file = tmp_path / f"{kept.uuid}.txt"
    os.utime(kept_file, (1, 1))
    edited.headline = "A corrected headline"
    edited.save()

    out, files, _ = export(tmp_path)

    assert out.startswith("1 files written")
    assert ", 1 unchanged" in out
    assert kept_file.stat().st_mtime == 1
    assert files[f"{edited.uuid}.txt"].startswith(b"A corrected headline\n")
    assert files["notes.md"] == b"the operator's own file"
    assert not [name for name in files if name.endswith(".tmp")]


@pytest.mark.django_db
def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    made = factories.article()
    export(tmp_path)
    target = tmp_path / f"{made.uuid}.txt"
    before = target.read_bytes()
    made.headline = "Changed"
    made.save()

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting.os, "replace", fail)
    with pytest.raises(CommandError, match="No space left on device"):
        export(tmp_path)

    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


@pytest.mark.django_db
def test_filters_choose_section_publisher_dates_and_published_only(tmp_path):
    section, publisher = factories.section(slug="europe"), factories.publisher(slug="le-soir")
    day = timezone.make_aware(datetime.datetime(2026, 2, 3, 10))
    in_europe = factories.article(section=section, published_at=day)
    by_le_soir = factories.article(
        publisher=publisher, published_at=day - datetime.timedelta(days=30)
    )
    draft = factories.article(status=Article.Status.DRAFT, published_at=None)
    scheduled = factories.article(published_at=timezone.now() + datetime.timedelta(days=2))

    def names(*args: str) -> set[str]:
        outdir = tmp_path / "-".join(args)
        return set(export(outdir, *args)[1])

    def files(*articles) -> set[str]:
        return {f"{a.uuid}.txt" for a in articles}

    assert names("--section", "europe") == files(in_europe)
    assert names("--publisher", "le-soir") == files(by_le_soir)
    assert names("--since", "2026-02-03", "--until", "2026-02-03") == files(in_europe)
    assert names("--until", "2026-01-31") == files(by_le_soir)
    assert files(draft, scheduled) & names("--published-only") == set()
    assert files(in_europe, by_le_soir) <= names("--published-only")


@pytest.mark.django_db
def test_export_reads_a_constant_number_of_queries_per_chunk(tmp_path, django_assert_num_queries):
    def add_article() -> None:
        factories.article(
            lead_image=factories.image(photographer=factories.author()),
            related=[factories.article()],
        )

    add_article()
    (tmp_path / "one").mkdir()
    # One query for the articles, one per chunk for their related links.
    with django_assert_num_queries(2):
        exporting.export(Article.objects.all(), tmp_path / "one", exporting.WRITERS["text"])
    for _ in range(4):
        add_article()
    with django_assert_num_queries(1 + 5):
        report = exporting.export(
            Article.objects.all(), tmp_path, exporting.WRITERS["text"], chunk_size=2
        )
    assert report.written == 10


@pytest.mark.django_db
def test_an_article_without_paragraphs_is_skipped_and_named(tmp_path):
    factories.article(standfirst="", body="")
    factories.article()

    with pytest.raises(CommandError, match="1 articles could not be exported"):
        export(tmp_path)

    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.django_db
def test_export_notes_articles_whose_text_does_not_name_their_date(tmp_path):
    factories.article(
        standfirst="The council met on 3 February 2026.",
        published_at=timezone.make_aware(datetime.datetime(2026, 2, 3, 9)),
    )
    factories.article(standfirst="No date here.")

    _, _, err = export(tmp_path)

    assert err.startswith("note: 1 articles are dated on a day their text does not name")


# --- bad input ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format 'xml' is not a format; choose one of: ninjs, text"),
        (["--since", "2026-13-01"], "argument --since: a date as YYYY-MM-DD, not '2026-13-01'"),
        (["--until", "yesterday"], "argument --until: a date as YYYY-MM-DD"),
        (["--since", "2026-02-04", "--until", "2026-02-03"], "--since 2026-02-04 is after"),
        (["--section", "nowhere"], "--section 'nowhere': no section has that slug"),
        (["--publisher", "nobody"], "--publisher 'nobody': no publisher has that slug"),
    ],
)
def test_bad_options_are_refused_by_name(tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        export(tmp_path, *args)


@pytest.mark.django_db
def test_an_outdir_that_is_a_file_is_refused(tmp_path):
    a_file = tmp_path / "exports.txt"
    a_file.write_text("")

    with pytest.raises(CommandError, match="is a file, not a directory"):
        export(a_file)
    with pytest.raises(CommandError, match="cannot create the directory"):
        export(a_file / "below")


@pytest.mark.django_db
def test_an_outdir_that_cannot_be_written_is_refused(tmp_path, monkeypatch):
    # As root a read-only mode does not stop a write, so the refusal is simulated.
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if Path(path).parent == tmp_path:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(exporting.os, "open", refuse)

    with pytest.raises(CommandError, match=f"cannot write in {tmp_path}: Permission denied"):
        export(tmp_path)
