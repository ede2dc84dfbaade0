"""Names in every script: rows get transliterated slugs, unique, never anyone's identity."""

import pytest

from articles.models import Article, Author, Publisher, Section, Tag
from tests import factories

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
        Author.objects.create(name=name)

    pages = [client.get(f"/authors/{slug}/") for slug in ("irina-shevchenko", "irina-shevchenko-2")]

    assert [page.status_code for page in pages] == [200, 200]
    assert "Ірина Шевченко</h1>" in pages[0].text
    assert "Ирина Шевченко</h1>" in pages[1].text


def test_an_emoji_only_author_gets_a_slug_and_a_page(client):
    person = Author.objects.create(name="📷")

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
