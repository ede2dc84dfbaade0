"""Names in every script: rows get transliterated slugs, unique, never anyone's identity."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from articles.models import Article, Author, Image, Publisher, Section, Tag
from tests import factories
from tests.exports import export_text, write_export

pytestmark = pytest.mark.django_db

# Rows saved without a slug -----------------------------------------------------


def test_an_author_saved_without_a_slug_gets_the_transliteration_of_the_name():
    person = Author.objects.create(name="Γιώργος Νικολάου")

    assert person.slug == "giorgos-nikolaou"


def test_two_cyrillic_authors_whose_names_transliterate_alike_get_two_slugs():
    ukrainian = Author.objects.create(name="Ірина Шевченко")
    russian = Author.objects.create(name="Ирина Шевченко")

    assert (ukrainian.slug, russian.slug) == ("irina-shevchenko", "irina-shevchenko-2")


def test_two_cyrillic_authors_have_a_page_each(client):
    for name in ("Ірина Шевченко", "Ирина Шевченко"):
        factories.article(authors=[Author.objects.create(name=name)])

    pages = [client.get(f"/authors/{slug}/") for slug in ("irina-shevchenko", "irina-shevchenko-2")]

    assert [page.status_code for page in pages] == [200, 200]
    assert "Ірина Шевченко</h1>" in pages[0].text
    assert "Ирина Шевченко</h1>" in pages[1].text


def test_an_emoji_only_author_gets_a_slug_and_a_page(client):
    person = Author.objects.create(name="📷")
    factories.article(authors=[person])

    response = client.get(person.get_absolute_url())

    assert person.slug.startswith("author-")
    assert "📷</h1>" in response.text


def test_an_author_named_longer_than_the_slug_column_gets_a_slug_that_fits():
    name = " ".join(["Κωνσταντινουπολίτης"] * 12)

    person = Author.objects.create(name=name[:200])

    assert len(person.slug) <= 200
    assert person.slug.startswith("konstantinoupolites-konstantinoupolites-")
    assert not person.slug.endswith("-")


def test_a_slug_an_editor_typed_is_kept():
    assert Author.objects.create(name="Γιώργος Νικολάου", slug="g-nikolaou").slug == "g-nikolaou"


def test_saving_again_keeps_the_slug_when_the_name_changes():
    person = Author.objects.create(name="Γιώργος Νικολάου")
    person.name = "Γιώργος Νικολάου-Παππάς"

    person.save()

    assert person.slug == "giorgos-nikolaou"


def test_a_tag_slug_is_unique_within_its_kind_only():
    factories.tag(name="Washington", slug="washington", kind=Tag.Kind.PLACE)

    person = Tag.objects.create(name="Washington", kind=Tag.Kind.PERSON)
    place = Tag.objects.create(name="Ουάσινγκτον", kind=Tag.Kind.PLACE)

    assert person.slug == "washington"
    assert place.slug == "ouasingkton"


def test_a_section_publisher_and_article_saved_without_a_slug_get_one():
    section = Section.objects.create(name="Ελλάδα")
    publisher = Publisher.objects.create(name="Η Καθημερινή")
    article = factories.article(headline="Νέα γραμμή τραμ", slug="", publisher=publisher)

    assert (section.slug, publisher.slug, article.slug) == (
        "ellada",
        "e-kathemerine",
        "nea-gramme-tram",
    )


def test_an_article_without_a_slug_does_not_take_another_articles_slug():
    factories.article(headline="Νέα γραμμή τραμ", slug="nea-gramme-tram")

    article = factories.article(headline="Νέα γραμμή τραμ", slug="")

    assert article.slug == "nea-gramme-tram-2"
    assert Article.objects.filter(slug__startswith="nea-gramme-tram").count() == 2


# One import run, people in Greek and Cyrillic script ---------------------------

GREEK_AND_CYRILLIC_CREDITS = {
    "Harbour strike ends in Piraeus": "The harbour of Piraeus. Γιώργος Νικολάου / Eurokinissi",
    "Ferries sail again to the islands": "A ferry at Rafina. Σοφία Παπαδοπούλου / Eurokinissi",
    "Trams return to the centre of Kyiv": "A tram in Kyiv. Андрій Нестеренко / AFP",
    "Bakeries reopen in Kharkiv": "A bakery in Kharkiv. Андрий Нестеренко / AFP",
}


def import_exports(tmp_path, credits: dict[str, str], *extra: str) -> str:
    paths = [
        write_export(tmp_path, f"{n}.txt", export_text(headline, caption=caption))
        for n, (headline, caption) in enumerate(credits.items())
    ]
    out = io.StringIO()
    call_command("import_articles", *map(str, paths), *extra, stdout=out)
    return out.getvalue()


def test_one_import_keeps_two_greek_and_two_cyrillic_photographers_apart(tmp_path):
    import_exports(tmp_path, GREEK_AND_CYRILLIC_CREDITS)

    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Γιώργος Νικολάου", "giorgos-nikolaou"),
        ("Σοφία Παπαδοπούλου", "sophia-papadopoulou"),
        ("Андрий Нестеренко", "andrii-nesterenko-2"),
        ("Андрій Нестеренко", "andrii-nesterenko"),
    ]


@pytest.mark.parametrize(
    ("headline", "caption"),
    GREEK_AND_CYRILLIC_CREDITS.items(),
    ids=list(GREEK_AND_CYRILLIC_CREDITS),
)
def test_each_article_page_credits_the_person_its_file_names(tmp_path, client, headline, caption):
    import_exports(tmp_path, GREEK_AND_CYRILLIC_CREDITS)
    credited = caption.split(". ", 1)[1]
    others = [c.split(". ", 1)[1] for c in GREEK_AND_CYRILLIC_CREDITS.values() if c != caption]

    page = client.get(Article.objects.get(headline=headline).get_absolute_url()).text
    # The credit as a reader sees it: the photographer's name links to their page.
    shown = strip_tags(re.search(r'<span class="figure__credit">(.*?)</span>', page).group(1))

    assert shown == credited
    assert not [other for other in others if other in page]


def test_a_later_file_crediting_the_same_name_finds_the_same_person(tmp_path):
    import_exports(tmp_path, GREEK_AND_CYRILLIC_CREDITS)
    later = {"Night ferries added": "Rafina at night. Σοφία Παπαδοπούλου / Eurokinissi"}

    (tmp_path / "later").mkdir()
    import_exports(tmp_path / "later", later)

    person = Author.objects.get(name="Σοφία Παπαδοπούλου")
    assert Image.objects.filter(photographer=person).count() == 2
    assert Author.objects.count() == 4


def test_a_person_an_editor_added_is_found_by_name_whatever_the_slug(tmp_path):
    editor_made = factories.author(name="Γιώργος Νικολάου", slug="g-nikolaou")

    import_exports(tmp_path, {"Harbour strike ends": "Piraeus. Γιώργος Νικολάου / Eurokinissi"})

    assert Image.objects.get().photographer == editor_made
    assert Author.objects.count() == 1


def test_a_latin_name_with_the_same_slug_as_a_greek_one_is_another_person(tmp_path):
    import_exports(
        tmp_path,
        {
            "Harbour strike ends": "Piraeus. Γιώργος Νικολάου / Eurokinissi",
            "Harbour strike ends, day two": "Piraeus. Giorgos Nikolaou / Reuters",
        },
    )

    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Giorgos Nikolaou", "giorgos-nikolaou-2"),
        ("Γιώργος Νικολάου", "giorgos-nikolaou"),
    ]


def test_spacing_in_a_credit_does_not_make_a_second_person(tmp_path):
    import_exports(
        tmp_path,
        {
            "Harbour strike ends": "Piraeus. Γιώργος Νικολάου / Eurokinissi",
            "Harbour strike ends, day two": "Piraeus. Photo: Γιώργος  Νικολάου",
        },
    )

    assert list(Author.objects.values_list("name", flat=True)) == ["Γιώργος Νικολάου"]


def test_a_turkish_photographer_gets_the_dotless_i_transliterated(tmp_path):
    import_exports(tmp_path, {"Istanbul votes": "A queue in Istanbul. Yiğit Yıldırım / AFP"})

    assert Author.objects.get().slug == "yigit-yildirim"


def test_two_publishers_in_greek_and_cyrillic_script_are_two_publishers(tmp_path):
    for n, line in enumerate(
        (
            "Copyright © 2026 Η Καθημερινή. All Rights Reserved.",
            "Copyright © 2026 Українська правда. All Rights Reserved.",
        )
    ):
        write_export(tmp_path, f"{n}.txt", export_text("Same headline", copyright_line=line))

    call_command("import_articles", str(tmp_path), stdout=io.StringIO())

    assert sorted(Publisher.objects.values_list("name", "slug")) == [
        ("Η Καθημερινή", "e-kathemerine"),
        ("Українська правда", "ukrainska-pravda"),
    ]
    assert Article.objects.values("publisher").distinct().count() == 2


def test_two_greek_people_named_by_the_rules_are_two_tags(tmp_path):
    paragraphs = [
        "Prime Minister Κυριάκος Μητσοτάκης met Mayor Χάρης Δούκας on 2 March 2026.",
        "Work starts in the spring.",
    ]
    write_export(tmp_path, "a.txt", export_text("Athens talks", paragraphs, caption=None))

    call_command("import_articles", str(tmp_path), stdout=io.StringIO())

    assert sorted(Tag.objects.filter(kind=Tag.Kind.PERSON).values_list("name", "slug")) == [
        ("Κυριάκος Μητσοτάκης", "kuriakos-metsotakes"),
        ("Χάρης Δούκας", "khares-doukas"),
    ]


def test_two_photographers_credited_only_in_emoji_are_two_people_with_slugs(tmp_path, client):
    import_exports(
        tmp_path, {"Night sky": "A square. Photo: 📷🌙", "Fireworks": "The harbour. © ✨"}
    )

    slugs = dict(Author.objects.values_list("name", "slug"))
    assert set(slugs) == {"📷🌙", "✨"}
    assert all(slug.startswith("author-") for slug in slugs.values())
    assert len(set(slugs.values())) == 2
    page = client.get(f"/authors/{slugs['📷🌙']}/", follow=True).text
    assert "📷🌙</h1>" in page
