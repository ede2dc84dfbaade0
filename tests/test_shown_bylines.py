"""Pages print bylines from the article's copy: every way bylines change reaches it."""

import io
import json
import re

import pytest
from django.core.management import call_command

from articles.models import Article, Byline
from articles.versioning import restore
from tests import factories
from tests.exports import write_export
from tests.test_ninjs_import import good_document

pytestmark = pytest.mark.django_db


def printed_bylines(client, path: str) -> list[list[tuple[str, str]]]:
    """Each byline on the page as (address, name) pairs, in the order printed."""
    response = client.get(path)
    assert response.status_code == 200
    return [
        re.findall(r'<a class="byline__author" href="([^"]+)">([^<]+)</a>', line)
        for line in re.findall(r'<p class="byline">(.*?)</p>', response.content.decode())
    ]


def test_the_page_and_its_section_print_the_bylines_in_order(client):
    desk = factories.section(slug="desk")
    ana, bo = factories.author(name="Ana", slug="ana"), factories.author(name="Bo", slug="bo")
    article = factories.article(authors=[bo, ana], section=desk)

    expected = [("/authors/bo/", "Bo"), ("/authors/ana/", "Ana")]
    assert printed_bylines(client, article.get_absolute_url()) == [expected]
    assert printed_bylines(client, "/desk/") == [expected]


def test_a_byline_added_moved_or_removed_shows_on_the_next_page(client):
    ana, bo = factories.author(name="Ana", slug="ana"), factories.author(name="Bo", slug="bo")
    article = factories.article(authors=[ana])
    url = article.get_absolute_url()

    second = Byline.objects.create(article=article, author=bo, position=1)
    assert printed_bylines(client, url) == [[("/authors/ana/", "Ana"), ("/authors/bo/", "Bo")]]
    Byline.objects.filter(article=article, author=ana).get().delete()
    Byline.objects.create(article=article, author=ana, position=2)
    assert printed_bylines(client, url) == [[("/authors/bo/", "Bo"), ("/authors/ana/", "Ana")]]
    second.delete()
    assert printed_bylines(client, url) == [[("/authors/ana/", "Ana")]]
    Byline.objects.filter(article=article).update(position=5)  # Sends no signal, and
    assert printed_bylines(client, url) == [[("/authors/ana/", "Ana")]]  # changes nothing.


def test_a_person_renamed_or_deleted_changes_every_byline_they_are_on(client):
    ana, bo = factories.author(name="Ana", slug="ana"), factories.author(name="Bo", slug="bo")
    desk = factories.section(slug="desk")
    first = factories.article(authors=[ana, bo], section=desk)
    factories.article(authors=[ana], section=desk)

    ana.name, ana.slug = "Ana Silva", "ana-silva"
    ana.save()
    assert printed_bylines(client, "/desk/") == [  # Newest first.
        [("/authors/ana-silva/", "Ana Silva")],
        [("/authors/ana-silva/", "Ana Silva"), ("/authors/bo/", "Bo")],
    ]
    ana.delete()
    assert printed_bylines(client, first.get_absolute_url()) == [[("/authors/bo/", "Bo")]]


def test_people_added_through_the_many_to_many_are_printed(client):
    ana, bo = factories.author(name="Ana", slug="ana"), factories.author(name="Bo", slug="bo")
    article = factories.article()
    url = article.get_absolute_url()

    article.authors.add(ana)
    assert printed_bylines(client, url) == [[("/authors/ana/", "Ana")]]
    bo.articles.add(article, through_defaults={"position": 1})
    assert printed_bylines(client, url) == [[("/authors/ana/", "Ana"), ("/authors/bo/", "Bo")]]
    ana.articles.clear()
    assert printed_bylines(client, url) == [[("/authors/bo/", "Bo")]]
    article.authors.clear()
    assert 'class="byline__publisher"' in client.get(url).content.decode()


def test_an_imported_article_carries_the_copy_of_its_bylines(client, tmp_path):
    path = write_export(tmp_path, "a.json", good_document())
    call_command("import_articles", str(path), stdout=io.StringIO())
    article = Article.objects.get()

    assert article.byline_copy == [
        {"name": "Jane Doe", "slug": "jane-doe"},
        {"name": "John Smith", "slug": "john-smith"},
    ]
    assert printed_bylines(client, article.get_absolute_url()) == [
        [("/authors/jane-doe/", "Jane Doe"), ("/authors/john-smith/", "John Smith")]
    ]
    # A changed export names one person now: the bylines and their copy are replaced.
    document = json.loads(good_document())
    document["by"] = "John Smith"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert printed_bylines(client, article.get_absolute_url()) == [
        [("/authors/john-smith/", "John Smith")]
    ]


def test_a_restored_revision_restores_the_printed_byline(client):
    import reversion

    ana, bo = factories.author(name="Ana", slug="ana"), factories.author(name="Bo", slug="bo")
    article = factories.article(authors=[ana])
    with reversion.create_revision():
        article.save()
    Byline.objects.filter(article=article).update(author=bo)  # Sends no signal.
    Byline.objects.filter(article=article).first().save()
    assert printed_bylines(client, article.get_absolute_url()) == [[("/authors/bo/", "Bo")]]

    version = reversion.models.Version.objects.get_for_object(article).first()
    restore(Article.objects.get(pk=article.pk), version)

    assert printed_bylines(client, article.get_absolute_url()) == [[("/authors/ana/", "Ana")]]
