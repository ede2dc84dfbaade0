"""``repair_names``: rows an older importer named "article" get their names' slugs back."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Image, Publisher, Section, Tag
from tests import factories
from tests.exports import export_text, write_export

pytestmark = pytest.mark.django_db


def repair(*args: str) -> str:
    out = io.StringIO()
    call_command("repair_names", *args, stdout=out)
    return out.getvalue()


def test_an_author_with_the_old_fallback_slug_gets_the_transliteration_of_the_name():
    person = factories.author(name="Γιώργος Νικολάου", slug="article")

    out = repair()

    person.refresh_from_db()
    assert person.slug == "giorgos-nikolaou"
    assert (
        out.splitlines()[0] == f"author {person.pk} Γιώργος Νικολάου: article -> giorgos-nikolaou"
    )


def test_every_kind_of_named_row_is_repaired():
    factories.publisher(name="Η Καθημερινή", slug="article")
    factories.section(name="Ελλάδα", slug="article")
    factories.tag(name="Χάρης Δούκας", slug="article", kind=Tag.Kind.PERSON)
    factories.tag(name="Πειραιάς", slug="article", kind=Tag.Kind.PLACE)

    repair()

    assert list(Publisher.objects.values_list("slug", flat=True)) == ["e-kathemerine"]
    assert list(Section.objects.values_list("slug", flat=True)) == ["ellada"]
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["khares-doukas", "peiraias"]


def test_a_repaired_slug_does_not_take_another_rows_slug():
    factories.author(name="Andrii Nesterenko", slug="andrii-nesterenko")
    person = factories.author(name="Андрій Нестеренко", slug="article")

    repair()

    person.refresh_from_db()
    assert person.slug == "andrii-nesterenko-2"


def test_an_empty_slug_is_repaired():
    person = factories.author(name="Σοφία Παπαδοπούλου")
    Author.objects.filter(pk=person.pk).update(slug="")

    repair()

    assert Author.objects.get().slug == "sophia-papadopoulou"


def test_a_row_really_named_article_keeps_its_slug():
    factories.tag(name="Article", slug="article", kind=Tag.Kind.TOPIC)
    factories.tag(name="Article 2", slug="article-2", kind=Tag.Kind.TOPIC)

    out = repair()

    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["article", "article-2"]
    assert out == "Nothing to repair: every slug is its name's.\n"


def test_article_addresses_are_left_alone():
    factories.article(headline="Νέα γραμμή τραμ", slug="article")

    repair()

    assert Article.objects.get().slug == "article"


def test_dry_run_prints_the_same_changes_and_writes_nothing():
    person = factories.author(name="Γιώργος Νικολάου", slug="article")

    out = repair("--dry-run")

    assert out.splitlines()[0] == (
        f"author {person.pk} Γιώργος Νικολάου: article -> giorgos-nikolaou (dry run)"
    )
    person.refresh_from_db()
    assert person.slug == "article"


def test_repairing_an_author_tells_the_operator_how_to_split_merged_credits():
    factories.author(name="Γιώργος Νικολάου", slug="article")

    out = repair()

    assert "re-import the export files with `import_articles --recheck-credits`" in out


def test_a_site_with_merged_credits_is_repaired_by_the_command_and_a_recheck(tmp_path, client):
    files = [
        write_export(
            tmp_path, "a.txt", export_text("Strike ends", caption="Piraeus. Γιώργος Νικολάου / EPA")
        ),
        write_export(
            tmp_path,
            "b.txt",
            export_text("Ferries sail", caption="Rafina. Σοφία Παπαδοπούλου / EPA"),
        ),
    ]
    call_command("import_articles", *map(str, files), stdout=io.StringIO())
    # As an older version stored them: one row, slug "article", credited on both pictures.
    first = Author.objects.get(name="Γιώργος Νικολάου")
    Author.objects.filter(pk=first.pk).update(slug="article")
    Image.objects.update(photographer=first)
    Author.objects.exclude(pk=first.pk).delete()

    repair()
    call_command("import_articles", *map(str, files), "--recheck-credits", stdout=io.StringIO())

    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Γιώργος Νικολάου", "giorgos-nikolaou"),
        ("Σοφία Παπαδοπούλου", "sophia-papadopoulou"),
    ]
    page = client.get(Article.objects.get(headline="Ferries sail").get_absolute_url()).text
    assert "Σοφία Παπαδοπούλου</a> / EPA" in page
    assert "Γιώργος Νικολάου" not in page
