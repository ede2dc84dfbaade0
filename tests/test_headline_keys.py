"""Every headline the form accepts is saved, however long its case-folded form.

``headline_key`` recognises a headline in any case, spacing, quote and dash
style. Folding can lengthen text (``ß`` → ``ss``, ``ﬀ`` → ``ff``, ``ﷺ`` → 18
characters), so the stored key is a fixed-length digest of the folded text,
not the text itself: a 300-character headline of ``ﷺ`` gave a 500 in the admin
on PostgreSQL and made the importer refuse the file.
"""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, RelatedLink
from articles.text.headlines import fold_headline, headline_key
from tests import factories
from tests.exports import export_text, write_export
from tests.test_admin import add_url, errors_of, form_data

pytestmark = pytest.mark.django_db

LONGEST_FOLD = "ﷺ" * 300  # Each folds to 18 characters: 5,400 in all.
EXPANDING = [LONGEST_FOLD, "Straße " * 42 + "Straße", "ﬀ" * 300, "İ" * 300]


def test_folding_lengthens_these_headlines():
    assert len(fold_headline(LONGEST_FOLD)) == 5400
    assert all(len(headline) == 300 < len(fold_headline(headline)) for headline in EXPANDING)


def test_the_key_has_one_length_whatever_the_headline():
    assert {len(headline_key(headline)) for headline in [*EXPANDING, "a", ""]} == {64}


def test_the_key_still_recognises_one_headline_in_many_spellings():
    assert headline_key("STRASSE  “closed”") == headline_key('Straße "closed"')
    assert headline_key("Straße closed") != headline_key("Straße open")


@pytest.mark.parametrize("headline", EXPANDING, ids=["fdfa", "strasse", "ff", "dotted-i"])
def test_the_admin_saves_a_headline_whose_fold_is_longer_than_300(admin_client, headline):
    publisher = factories.publisher()
    response = admin_client.get(add_url(Article))
    data = form_data(
        response,
        headline=headline,
        slug="long-fold",
        publisher=str(publisher.pk),
        status="draft",
    )

    response = admin_client.post(add_url(Article), data)

    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(slug="long-fold")
    assert article.headline == headline
    assert article.headline_key == headline_key(headline)


def test_the_importer_takes_a_headline_whose_fold_is_longer_than_300(tmp_path):
    related = "ﷺ" * 299 + "!"
    path = write_export(
        tmp_path, "fdfa.txt", export_text(LONGEST_FOLD, caption=None, related=[related])
    )
    out, err = io.StringIO(), io.StringIO()

    call_command("import_articles", str(path), stdout=out, stderr=err)

    assert out.getvalue().startswith("created "), err.getvalue()
    article = Article.objects.get()
    assert article.headline == LONGEST_FOLD
    assert article.source_key == article.headline_key == headline_key(LONGEST_FOLD)
    assert RelatedLink.objects.get().headline_key == headline_key(related)


def test_a_related_headline_of_a_long_fold_finds_its_article_when_it_arrives():
    waiting = factories.article()
    link = RelatedLink.objects.create(source=waiting, headline=LONGEST_FOLD.upper(), position=0)

    arrived = factories.article(headline=LONGEST_FOLD)

    link.refresh_from_db()
    assert link.target == arrived


def test_the_migration_recomputes_keys_stored_as_folded_text():
    """Rows written before the digest hold the folded text itself; the migration
    turns them into the digest, also the importer's source key, so a re-import
    still finds its article."""
    migration = importlib.import_module("articles.migrations.0010_fix_first")
    article = factories.article(headline="Straße closed")
    link = RelatedLink.objects.create(source=article, headline="Another Straße", position=0)
    Article.objects.filter(pk=article.pk).update(
        headline_key="strasse closed", source_key="strasse closed, as first imported"
    )
    RelatedLink.objects.filter(pk=link.pk).update(headline_key="another strasse")
    unsourced = factories.article(headline="Typed in the admin")
    Article.objects.filter(pk=unsourced.pk).update(headline_key="typed in the admin")

    migration.digest_headline_keys(django_apps, schema_editor=None)

    article.refresh_from_db()
    link.refresh_from_db()
    unsourced.refresh_from_db()
    assert article.headline_key == headline_key("Straße closed")
    assert article.source_key == headline_key("strasse closed, as first imported")
    assert link.headline_key == headline_key("Another Straße")
    assert (unsourced.headline_key, unsourced.source_key) == (
        headline_key("Typed in the admin"),
        "",
    )


def test_the_admin_change_list_finds_a_long_fold_by_search(admin_client):
    factories.article(headline=LONGEST_FOLD)

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "ﷺ"})

    assert response.status_code == 200
