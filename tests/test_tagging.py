"""Tags at import: the names the rules find, plus every tag whose name or alias the text holds."""

import contextlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Tag
from tests import factories
from tests.exports import export_text, write_export
from tests.faults import fail_writing_rows_of

pytestmark = pytest.mark.django_db


def run(*paths) -> str:
    """Import the files; a file that fails is reported on stderr and the others go on."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue()


def export(tmp_path, name: str, headline: str, *paragraphs: str, caption: str | None = None):
    text = export_text(
        headline, paragraphs or ("Opening of 2 March 2026.", "More."), caption=caption
    )
    return write_export(tmp_path, name, text)


def tags_of(headline: str) -> list[tuple[str, str]]:
    return sorted(Article.objects.get(headline=headline).tags.values_list("kind", "name"))


def test_an_editors_topic_named_in_a_paragraph_is_attached(tmp_path):
    factories.tag(name="Public transport", kind=Tag.Kind.TOPIC)

    run(export(tmp_path, "a.txt", "Trams", "Opening.", "Public transport is free today."))

    assert tags_of("Trams") == [("topic", "Public transport")]


def test_a_topic_is_found_whatever_the_case_of_the_text(tmp_path):
    factories.tag(name="Public transport", kind=Tag.Kind.TOPIC)

    run(export(tmp_path, "a.txt", "Trams", "Opening.", "The city's public transport is free."))

    assert tags_of("Trams") == [("topic", "Public transport")]


def test_a_tag_named_only_in_the_headline_or_caption_is_attached(tmp_path):
    factories.tag(name="Atomium", kind=Tag.Kind.PLACE)
    factories.tag(name="Heatwave", kind=Tag.Kind.TOPIC)

    run(
        export(
            tmp_path, "a.txt", "Heatwave closes schools", caption="The Atomium. Jane Doe / Belga"
        )
    )

    assert tags_of("Heatwave closes schools") == [("place", "Atomium"), ("topic", "Heatwave")]


def test_an_alias_in_the_text_attaches_its_tag(tmp_path):
    factories.tag(name="Volodymyr Zelensky", kind=Tag.Kind.PERSON, aliases="Zelenskyy\nZelenskiy")

    run(export(tmp_path, "a.txt", "Talks", "Opening.", "Zelenskyy spoke for an hour."))

    assert tags_of("Talks") == [("person", "Volodymyr Zelensky")]


def test_a_name_inside_a_longer_word_attaches_nothing(tmp_path):
    factories.tag(name="Ukraine", kind=Tag.Kind.PLACE)

    run(export(tmp_path, "a.txt", "Drones", "Opening.", "Ukrainian drones flew overnight."))

    assert tags_of("Drones") == []


def test_a_person_the_rules_find_under_an_alias_gets_the_editors_tag(tmp_path):
    editors = factories.tag(
        name="Volodymyr Zelensky", kind=Tag.Kind.PERSON, aliases="Volodymyr Zelenskyy"
    )

    run(export(tmp_path, "a.txt", "Talks", "Opening.", "President Volodymyr Zelenskyy spoke."))

    assert list(Article.objects.get().tags.all()) == [editors]
    assert Tag.objects.filter(kind=Tag.Kind.PERSON).count() == 1


def test_a_tag_the_rules_made_in_one_file_is_found_in_the_next_file_of_the_run(tmp_path):
    first = export(tmp_path, "a.txt", "First", "Opening.", "NATO chief Mark Rutte arrived.")
    second = export(tmp_path, "b.txt", "Second", "Opening.", "Mark Rutte left early.")

    run(first, second)

    assert tags_of("Second") == [("person", "Mark Rutte")]
    assert Tag.objects.filter(name="Mark Rutte").count() == 1


def test_a_file_that_failed_leaves_no_tag_behind_for_the_next_file(tmp_path, monkeypatch):
    failing = export(tmp_path, "a.txt", "Fails", "Opening.", "NATO chief Mark Rutte arrived.")
    good = export(tmp_path, "b.txt", "Saves", "Opening.", "Secretary General Mark Rutte left.")
    fail_writing_rows_of(monkeypatch, "Fails")
    run(failing, good)

    assert list(Article.objects.values_list("headline", flat=True)) == ["Saves"]
    assert tags_of("Saves") == [("person", "Mark Rutte")]


def test_the_queries_of_a_run_do_not_grow_with_the_vocabulary(tmp_path):
    run(export(tmp_path, "warm-up.txt", "Warm-up"))  # the publisher exists now

    def queries_for_a_run(tags: int, prefix: str) -> int:
        names = [f"Topic {prefix} {n}" for n in range(tags)]
        for name in names:
            factories.tag(name=name, kind=Tag.Kind.TOPIC)
        text = ", ".join(names) + "."
        paths = [
            export(tmp_path, f"{prefix}{n}.txt", f"Story {prefix} {n}", "Opening.", text)
            for n in range(3)
        ]
        with CaptureQueriesContext(connection) as queries:
            run(*paths)
        assert Article.objects.get(headline=f"Story {prefix} 2").tags.count() == tags
        return len(queries)

    assert queries_for_a_run(2, "a") == queries_for_a_run(100, "b")


def test_a_run_reads_the_whole_vocabulary_once(tmp_path):
    for n in range(20):
        factories.tag(name=f"Topic {n}", kind=Tag.Kind.TOPIC)
    text = ", ".join(f"Topic {n}" for n in range(20)) + "."
    paths = [export(tmp_path, f"{n}.txt", f"Story {n}", "Opening.", text) for n in range(3)]

    with CaptureQueriesContext(connection) as queries:
        run(*paths)

    whole = [
        q["sql"] for q in queries.captured_queries if 'FROM "articles_tag" ORDER BY' in q["sql"]
    ]
    assert len(whole) == 1
    assert Article.objects.get(headline="Story 2").tags.count() == 20
