"""The import command as an operator runs it: output, exit status, what is written."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from articles.models import Article, Author, Image, Publisher, RelatedLink, Tag
from articles.sources import MAX_BYTES
from tests.exports import export_text, write_export
from tests.faults import fail_writing_rows_of

pytestmark = pytest.mark.django_db

SEED_URL = (
    "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
)


def run(*args: str, stdin: str | None = None) -> tuple[str, str, int]:
    """Run the command; return stdout, stderr and the exit status a shell would see."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        if stdin is not None:
            import sys

            original = sys.stdin
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
            try:
                call_command("import_articles", *args, stdout=out, stderr=err)
            finally:
                sys.stdin = original
        else:
            call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as exc:
        status = exc.returncode
        err.write(str(exc))
    return out.getvalue(), err.getvalue(), status


def writes(queries: CaptureQueriesContext) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    sqls = [query["sql"] for query in queries.captured_queries]
    return [sql for sql in sqls if sql.lstrip().upper().startswith(verbs)]


def test_seed_import_prints_created_with_the_article_address(seed_path):
    out, err, status = run(str(seed_path))

    assert out == f"created {SEED_URL} {seed_path}\n"
    assert err == ""
    assert status == 0


def test_seed_import_stores_every_fact_of_the_export(seed_path):
    run(str(seed_path))

    article = Article.objects.get()
    assert article.headline == (
        "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"
    )
    assert article.status == Article.Status.PUBLISHED
    assert localtime(article.published_at).isoformat() == "2026-02-03T00:00:00+01:00"
    assert article.publisher.name == "The Brussels Times"
    assert article.copyright_year == 2026
    assert article.standfirst.startswith('"Russian attacks do not signal seriousness about peace,"')
    assert article.body.count("<p>") == 9
    assert article.body.endswith("he said.</p>")
    image = article.lead_image
    assert image.caption.startswith("Secretary General of NATO Mark Rutte addresses")
    assert image.caption.endswith("amid the Russian invasion of Ukraine.")
    assert image.photographer.name == "Andrii Nesterenko"
    assert image.photographer.role == Author.Role.PHOTOGRAPHER
    assert image.agency == "AFP"
    assert image.credit == "Andrii Nesterenko / AFP"
    assert not image.file
    assert RelatedLink.objects.count() == 0
    tags = {(tag.kind, tag.name) for tag in article.tags.all()}
    assert ("person", "Mark Rutte") in tags
    assert ("place", "Kyiv") in tags
    assert ("organisation", "NATO") in tags


def test_reimport_of_same_file_prints_unchanged_and_writes_nothing(seed_path):
    run(str(seed_path))
    before = Article.objects.values().get()

    with CaptureQueriesContext(connection) as queries:
        out, _, status = run(str(seed_path))

    assert out == f"unchanged {SEED_URL} {seed_path}\n"
    assert status == 0
    assert writes(queries) == []
    assert Article.objects.values().get() == before


def test_reimport_keeps_an_editors_correction_when_the_file_is_unchanged(seed_path):
    run(str(seed_path))
    Article.objects.update(headline="Corrected headline")

    out, _, _ = run(str(seed_path))

    assert out.startswith("unchanged ")
    assert Article.objects.get().headline == "Corrected headline"


def test_changed_file_for_same_headline_updates_the_article_in_place(tmp_path):
    path = write_export(tmp_path, "a.txt", export_text(paragraphs=["First.", "Second."]))
    run(str(path))
    original = Article.objects.get()
    write_export(tmp_path, "a.txt", export_text(paragraphs=["First.", "Second, corrected."]))

    out, _, status = run(str(path))

    assert out == f"updated {original.get_absolute_url()} {path}\n"
    assert status == 0
    article = Article.objects.get()
    assert article.pk == original.pk
    assert article.slug == original.slug
    assert article.body == "<p>Second, corrected.</p>"


def test_crlf_and_bom_copy_of_a_file_is_unchanged(tmp_path, seed_path):
    run(str(seed_path))
    variant = b"\xef\xbb\xbf" + seed_path.read_bytes().replace(b"\n", b"\r\n") + b"\r\n"
    path = write_export(tmp_path, "variant.txt", variant)

    out, _, _ = run(str(path))

    assert out.startswith("unchanged ")


@pytest.mark.parametrize("order", ["named first", "named last"])
def test_related_news_links_the_named_article_in_either_import_order(tmp_path, order):
    citing = write_export(
        tmp_path,
        "citing.txt",
        export_text("Ministers meet in Brussels", related=["Council Approves The “New” Tram Line"]),
    )
    named = write_export(tmp_path, "named.txt", export_text('Council approves the "new" tram line'))
    paths = [named, citing] if order == "named first" else [citing, named]

    for path in paths:
        run(str(path))

    link = RelatedLink.objects.get()
    assert link.source.headline == "Ministers meet in Brussels"
    assert link.target.headline == 'Council approves the "new" tram line'


def test_related_headline_that_names_no_article_waits_without_a_link(tmp_path):
    path = write_export(tmp_path, "a.txt", export_text(related=["Nobody wrote this yet"]))

    run(str(path))

    link = RelatedLink.objects.get()
    assert link.target is None
    assert link.headline == "Nobody wrote this yet"


def test_dry_run_reports_what_would_happen_and_writes_nothing(seed_path):
    out, _, status = run(str(seed_path), "--dry-run")

    assert out == f"created {SEED_URL} {seed_path} (dry run)\n"
    assert status == 0
    assert Article.objects.count() == 0
    assert Publisher.objects.count() == 0
    assert Image.objects.count() == 0


def test_draft_option_creates_articles_readers_cannot_see(seed_path, client):
    run(str(seed_path), "--draft")

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_published_option_sets_the_publication_date(seed_path):
    out, _, _ = run(str(seed_path), "--published", "2026-03-01")

    assert localtime(Article.objects.get().published_at).date().isoformat() == "2026-03-01"
    assert out.startswith("created /2026/03/01/")


def test_published_option_rejects_a_date_that_is_not_iso(seed_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_articles", str(seed_path), "--published", "3 March")


def test_directory_imports_every_txt_file_below_it_in_name_order(tmp_path):
    (tmp_path / "sub").mkdir()
    write_export(tmp_path, "b.txt", export_text("Second headline"))
    write_export(tmp_path / "sub", "a.txt", export_text("Nested headline"))
    write_export(tmp_path, "notes.md", "not an export")

    out, _, status = run(str(tmp_path))

    assert [line.split()[0] for line in out.splitlines()] == ["created", "created"]
    assert out.splitlines()[0].endswith("b.txt")
    assert out.splitlines()[1].endswith("sub/a.txt")
    assert status == 0


def test_symbolic_link_loop_in_a_directory_does_not_hang_the_walk(tmp_path):
    write_export(tmp_path, "a.txt", export_text())
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)

    out, _, status = run(str(tmp_path))

    assert len(out.splitlines()) == 1
    assert status == 0


def test_standard_input_is_read_when_path_is_a_dash():
    out, _, status = run("-", stdin=export_text("From a pipe"))

    assert out.startswith("created /2026/03/02/from-a-pipe/ <stdin>")
    assert status == 0


BAD_INPUTS = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b"  \n\t\n\n", "whitespace"),
    "binary.txt": (b"Headline\n\n\x00\x01\x02", "binary"),
    "latin1.txt": ("Caf\u00e9 headline\n\nBody.\n".encode("latin-1"), "UTF-8"),
    "no-body.txt": (
        b"Headline\n\nCopyright \xc2\xa9 2026 The Brussels Times. All Rights Reserved.",
        "no paragraphs",
    ),
    "no-copyright.txt": (b"Headline\n\nA paragraph.\n", "copyright"),
    "no-headline.txt": (
        b"\n\nCopyright \xc2\xa9 2026 The Brussels Times. All Rights Reserved.\n",
        "headline",
    ),
    "long-headline.txt": (
        ("x" * 301 + "\n\nBody.\n\nCopyright © 2026 P. All Rights Reserved.").encode(),
        "300",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_file_is_reported_by_name_and_reason_and_writes_nothing(tmp_path, name):
    data, reason = BAD_INPUTS[name]
    path = write_export(tmp_path, name, data)

    out, err, status = run(str(path))

    assert out == ""
    assert err.startswith(f"error: {path}: ")
    assert reason.lower() in err.lower()
    assert status == 1
    assert Article.objects.count() == 0
    assert Publisher.objects.count() == 0


def test_bad_file_message_names_the_line(tmp_path):
    path = write_export(tmp_path, "bad.txt", "x" * 301 + "\n\nBody.\n\nCopyright © 2026 P.")

    _, err, _ = run(str(path))

    assert f"error: {path}: line 1: " in err


def test_file_over_five_megabytes_is_refused_before_it_is_read(tmp_path):
    path = write_export(tmp_path, "huge.txt", b"a" * (MAX_BYTES + 1))

    _, err, status = run(str(path))

    assert f"error: {path}: the file is 5.0 MB; the limit is 5 MB" in err
    assert status == 1


def test_missing_path_is_reported_and_other_files_still_import(tmp_path):
    good = write_export(tmp_path, "good.txt", export_text())
    missing = tmp_path / "missing.txt"

    out, err, status = run(str(missing), str(good))

    assert f"error: {missing}: no such file" in err
    assert out.startswith("created ")
    assert "1 of 2 files could not be imported" in err
    assert status == 1
    assert Article.objects.count() == 1


def test_unreadable_file_is_reported_with_its_reason(tmp_path, monkeypatch):
    path = write_export(tmp_path, "secret.txt", export_text())
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)

    _, err, status = run(str(path))

    assert f"error: {path}: permission denied" in err
    assert status == 1


def test_directory_without_txt_files_is_an_error(tmp_path):
    (tmp_path / "readme.md").write_text("nothing to import")

    _, err, status = run(str(tmp_path))

    assert f"error: {tmp_path}: the directory holds no *.txt or *.json files" in err
    assert status == 1


def test_a_failure_while_saving_leaves_nothing_of_that_article(tmp_path, monkeypatch):
    failing = write_export(tmp_path, "a.txt", export_text("Fails half way", related=["Other"]))
    good = write_export(tmp_path, "b.txt", export_text("Saves fine"))

    fail_writing_rows_of(monkeypatch, "Fails half way")
    _, err, status = run(str(failing))
    monkeypatch.undo()
    run(str(good))

    assert f"error: {failing}: could not be saved: disk full" in err
    assert status == 1
    assert list(Article.objects.values_list("headline", flat=True)) == ["Saves fine"]
    assert Image.objects.count() == 1
    assert Tag.objects.filter(articles__isnull=True).count() == 0


def test_script_in_a_source_file_is_stored_as_text(tmp_path):
    path = write_export(
        tmp_path,
        "a.txt",
        export_text(paragraphs=["Opening.", "<script>alert('x')</script> & more"]),
    )

    run(str(path))

    assert Article.objects.get().body == "<p>&lt;script&gt;alert('x')&lt;/script&gt; &amp; more</p>"


def test_fixture_option_writes_a_fixture_and_not_the_database(tmp_path, seed_path):
    out_file = tmp_path / "out.json"

    out, _, status = run(str(seed_path), "--fixture", str(out_file))

    assert status == 0
    assert out.startswith(f"fixture {out_file}: 1 articles, ")
    assert Article.objects.count() == 0
    models = {entry["model"] for entry in json.loads(out_file.read_text())}
    assert {"articles.article", "articles.publisher", "articles.image", "articles.author"} <= models
    assert all("pk" not in entry for entry in json.loads(out_file.read_text()))


def test_several_files_make_one_fixture(tmp_path):
    first = write_export(tmp_path, "a.txt", export_text("First story"))
    second = write_export(tmp_path, "b.txt", export_text("Second story", related=["First story"]))
    out_file = tmp_path / "out.json"

    run(str(first), str(second), "--fixture", str(out_file))
    call_command("loaddata", str(out_file), verbosity=0)

    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "First story",
        "Second story",
    ]
    assert Publisher.objects.count() == 1
    assert RelatedLink.objects.get().target.headline == "First story"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_for_more_than_a_few_files(tmp_path):
    for n in range(6):
        write_export(tmp_path, f"{n}.txt", export_text(f"Story number {n}"))
    out, err = io.StringIO(), Terminal()

    call_command("import_articles", str(tmp_path), stdout=out, stderr=err)

    assert "\r1/6 files" in err.getvalue()
    assert "\r6/6 files" in err.getvalue()
    assert "files" not in out.getvalue().replace(str(tmp_path), "")
    assert len(out.getvalue().splitlines()) == 6


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    for n in range(6):
        write_export(tmp_path, f"{n}.txt", export_text(f"Story number {n}"))

    _, err, _ = run(str(tmp_path))

    assert err == ""


# Repairing credits an older version merged into one person --------------------


def two_greek_credits(tmp_path) -> tuple[Path, Path]:
    return (
        write_export(
            tmp_path, "a.txt", export_text("Strike ends", caption="Piraeus. Γιώργος Νικολάου / EPA")
        ),
        write_export(
            tmp_path,
            "b.txt",
            export_text("Ferries sail", caption="Rafina. Σοφία Παπαδοπούλου / EPA"),
        ),
    )


def merge_like_an_older_version() -> Author:
    """Both pictures credited to the first person, as when both their slugs were "article"."""
    first = Author.objects.get(name="Γιώργος Νικολάου")
    Image.objects.update(photographer=first)
    Author.objects.exclude(pk=first.pk).delete()
    return first


def test_recheck_credits_gives_a_merged_credit_back_to_the_person_the_file_names(tmp_path):
    a, b = two_greek_credits(tmp_path)
    run(str(a), str(b))
    merge_like_an_older_version()

    out, _, status = run(str(a), str(b), "--recheck-credits")

    story = Article.objects.get(headline="Ferries sail")
    assert out.splitlines() == [
        f"unchanged {Article.objects.get(headline='Strike ends').get_absolute_url()} {a}",
        f"repaired {story.get_absolute_url()} {b}",
    ]
    assert status == 0
    assert story.lead_image.photographer.name == "Σοφία Παπαδοπούλου"
    assert story.lead_image.photographer.slug == "sophia-papadopoulou"


def test_recheck_credits_leaves_the_articles_text_as_the_editor_corrected_it(tmp_path):
    a, b = two_greek_credits(tmp_path)
    run(str(a), str(b))
    merge_like_an_older_version()
    Article.objects.update(headline="Corrected headline")

    run(str(b), "--recheck-credits")

    assert set(Article.objects.values_list("headline", flat=True)) == {"Corrected headline"}


def test_recheck_credits_writes_nothing_when_every_credit_is_right(tmp_path):
    a, b = two_greek_credits(tmp_path)
    run(str(a), str(b))

    with CaptureQueriesContext(connection) as queries:
        out, _, _ = run(str(a), str(b), "--recheck-credits")

    assert [line.split()[0] for line in out.splitlines()] == ["unchanged", "unchanged"]
    assert writes(queries) == []


def test_without_recheck_credits_a_merged_credit_stays_and_the_file_is_unchanged(tmp_path):
    a, b = two_greek_credits(tmp_path)
    run(str(a), str(b))
    first = merge_like_an_older_version()

    out, _, _ = run(str(b))

    assert out.startswith("unchanged ")
    assert Article.objects.get(headline="Ferries sail").lead_image.photographer == first


def test_a_broken_file_among_good_ones_in_one_run_leaves_nothing_and_the_others_are_written(
    tmp_path, monkeypatch
):
    """Files are written in batches, a savepoint each: one failure spoils only its own file."""
    paths = [
        write_export(tmp_path, f"{n}.txt", export_text(f"Story number {n}", related=["Other"]))
        for n in range(5)
    ]
    fail_writing_rows_of(monkeypatch, "Story number 2")
    out, err, status = run(*map(str, paths))

    assert f"error: {paths[2]}: could not be saved: disk full" in err
    assert status == 1
    assert out.count("created ") == 4
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        f"Story number {n}" for n in (0, 1, 3, 4)
    ]
    assert Image.objects.count() == 4


def test_a_reimport_finds_unchanged_files_by_their_bytes_without_parsing(tmp_path, monkeypatch):
    paths = [write_export(tmp_path, f"{n}.txt", export_text(f"Story {n}")) for n in range(3)]
    first, _, _ = run(*map(str, paths))

    def no_parsing(source):
        raise AssertionError(f"parsed {source.name}")

    from articles.management.commands import import_articles

    monkeypatch.setattr(import_articles, "parse", no_parsing)
    with CaptureQueriesContext(connection) as queries:
        again, err, status = run(*map(str, paths))

    assert (err, status) == ("", 0)
    assert again == first.replace("created ", "unchanged ")
    assert writes(queries) == []
    # The vocabulary, and one lookup by digest for the whole batch.
    assert len(queries) == 2


def test_the_same_bytes_with_another_publication_date_are_parsed_again(tmp_path):
    path = write_export(tmp_path, "a.txt", export_text("Story"))
    run(str(path))

    out, _, _ = run(str(path), "--published", "2026-01-05")

    assert out.startswith("updated ")


def test_a_batch_of_files_makes_one_generation_of_cached_pages_not_one_a_file(
    tmp_path, django_capture_on_commit_callbacks
):
    """Pages and lists go stale once for the batch, and once more when it commits."""
    from unittest import mock

    from articles import caching

    for n in range(5):
        write_export(tmp_path, f"{n}.txt", export_text(f"Council approves tram line {n}"))
    bumps = mock.Mock(wraps=caching._next_generation)
    with (
        mock.patch.object(caching, "_next_generation", bumps),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out, err, status = run(str(tmp_path))
    assert (status, err, out.count("created")) == (0, "", 5)
    assert bumps.call_count == 2
