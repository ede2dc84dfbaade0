"""The article page shows its tags from the article's copy: every way tags change reaches it."""

import io
import json
import re

import pytest
import reversion
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Tag, Tagging
from articles.versioning import restore
from tests import factories
from tests.exports import write_export
from tests.test_ninjs_import import good_document

pytestmark = pytest.mark.django_db


def shown_tags(client, article: Article) -> list[tuple[str, str, str]]:
    """The page's tags as (group, address, name), in the order shown; and its keywords agree."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    shown = []
    for group, items in re.findall(r"<dt>([^<]+)</dt>\s*<dd><ul[^>]*>(.*?)</ul></dd>", html):
        for url, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', items):
            shown.append((group, url, name))
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    article_node = next(node for node in data["@graph"] if node["@type"] == "NewsArticle")
    assert article_node.get("keywords", []) == [name for _, _, name in shown]
    assert re.findall(r'<meta property="article:tag" content="([^"]+)">', html) == [
        name for _, _, name in shown
    ]
    return shown


def test_the_page_shows_its_tags_grouped_by_kind_from_one_query(client):
    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE)
    nato = factories.tag(name="NATO", slug="nato", kind=Tag.Kind.ORGANISATION)
    apple = factories.tag(name="apple", slug="apple", kind=Tag.Kind.TOPIC)
    banana = factories.tag(name="Banana", slug="banana", kind=Tag.Kind.TOPIC)
    article = factories.article(tags=[kyiv, banana, nato, apple])

    assert shown_tags(client, article) == [
        ("Organisations", "/tags/organisations/nato/", "NATO"),
        ("Places", "/tags/places/kyiv/", "Kyiv"),
        ("Topics", "/tags/topics/apple/", "apple"),  # By name whatever its case, on
        ("Topics", "/tags/topics/banana/", "Banana"),  # every database alike.
    ]
    client.get(article.get_absolute_url())  # Related News and Most read are cached now.
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())  # The page cache is off in tests.
    assert [q["sql"] for q in queries if "articles_article" in q["sql"]]
    assert not [q["sql"] for q in queries if "articles_tag" in q["sql"]]


def test_tags_added_removed_or_set_show_on_the_next_page(client):
    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE)
    rome = factories.tag(name="Rome", slug="rome", kind=Tag.Kind.PLACE)
    article = factories.article(tags=[kyiv])

    article.tags.add(rome)
    assert [name for _, _, name in shown_tags(client, article)] == ["Kyiv", "Rome"]
    article.tags.remove(kyiv)
    assert [name for _, _, name in shown_tags(client, article)] == ["Rome"]
    rome.articles.clear()
    assert shown_tags(client, article) == []
    kyiv.articles.add(article)
    assert [name for _, _, name in shown_tags(client, article)] == ["Kyiv"]
    Tagging.objects.create(article=article, tag=rome)
    assert [name for _, _, name in shown_tags(client, article)] == ["Kyiv", "Rome"]
    Tagging.objects.get(article=article, tag=kyiv).delete()
    assert [name for _, _, name in shown_tags(client, article)] == ["Rome"]
    article.tags.clear()
    assert shown_tags(client, article) == []


def test_an_article_saved_after_its_tags_changed_keeps_them(client):
    """The instance in hand holds the copy just written: saving it does not undo it."""
    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE)
    article = factories.article()
    article.tags.set([kyiv])
    article.headline = "A new headline"
    article.save()
    assert [name for _, _, name in shown_tags(client, article)] == ["Kyiv"]


def test_a_tag_renamed_or_deleted_changes_every_article_it_is_on(client):
    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE)
    nato = factories.tag(name="NATO", slug="nato", kind=Tag.Kind.ORGANISATION)
    first = factories.article(tags=[kyiv, nato])
    second = factories.article(tags=[kyiv])

    kyiv.name, kyiv.slug = "Kyiv City", "kyiv-city"
    kyiv.save()
    for article in (first, second):
        assert ("Places", "/tags/places/kyiv-city/", "Kyiv City") in shown_tags(client, article)
    kyiv.kind = Tag.Kind.TOPIC
    kyiv.save()
    assert ("Topics", "/tags/topics/kyiv-city/", "Kyiv City") in shown_tags(client, second)
    kyiv.delete()
    assert shown_tags(client, first) == [("Organisations", "/tags/organisations/nato/", "NATO")]
    assert shown_tags(client, second) == []


def test_an_imported_article_carries_the_copy_of_its_tags(client, tmp_path):
    path = write_export(tmp_path, "a.json", good_document())
    call_command("import_articles", str(path), stdout=io.StringIO())
    article = Article.objects.get()

    stored = sorted(article.tags.values_list("kind", "name"))
    assert stored  # The document names tags.
    assert sorted((tag.kind, tag.name) for tag in article.shown_tags) == stored
    assert {tag.pk for tag in article.shown_tags} == set(article.tags.values_list("pk", flat=True))
    # A changed export names other tags: the taggings and their copy are replaced.
    document = json.loads(good_document())
    document["subjects"] = [{"name": "Energy", "rel": "about"}]
    document["places"] = []
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO())
    article = Article.objects.get()
    assert [(tag.kind, tag.name) for tag in article.shown_tags] == [("topic", "Energy")]
    assert list(article.tags.values_list("kind", "name")) == [("topic", "Energy")]


def test_a_restored_revision_restores_the_shown_tags(client):
    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE)
    rome = factories.tag(name="Rome", slug="rome", kind=Tag.Kind.PLACE)
    article = factories.article(tags=[kyiv])
    with reversion.create_revision():
        article.save()
    article.tags.set([rome])
    assert [name for _, _, name in shown_tags(client, article)] == ["Rome"]

    version = reversion.models.Version.objects.get_for_object(article).first()
    restore(Article.objects.get(pk=article.pk), version)

    assert [name for _, _, name in shown_tags(client, article)] == ["Kyiv"]


def test_the_migration_copies_every_article_s_tags():
    """Articles stored before the copy existed get it from their taggings (migration 0019)."""
    from importlib import import_module

    from django.apps import apps

    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE)
    nato = factories.tag(name="NATO", slug="nato", kind=Tag.Kind.ORGANISATION)
    tagged = factories.article(tags=[kyiv, nato])
    untagged = factories.article()
    Article.objects.update(tags_copy=[])  # As the column's default left them.

    import_module("articles.migrations.0019_tags_copy").copy_tags(apps, None)

    tagged.refresh_from_db()
    assert [(tag.kind, tag.name) for tag in tagged.shown_tags] == [
        ("organisation", "NATO"),
        ("place", "Kyiv"),
    ]
    untagged.refresh_from_db()
    assert untagged.tags_copy == []
