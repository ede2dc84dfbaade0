"""Revisions, restores and nothing lost: between two editors, and between editors and imports."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from articles.models import Article
from articles.text.diffs import body_blocks, body_diff, word_diff
from articles.versioning import keep_revision, versions_of
from tests import factories
from tests.exports import export_text, write_export
from tests.test_admin import change_url, errors_of, form_data
from tests.test_import_command import run

pytestmark = pytest.mark.django_db


def history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=[article.pk])


def revision_url(article: Article, version: Version) -> str:
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def editor(django_user_model, name: str) -> Client:
    """A logged-in staff user who may view and change every article (and nothing else)."""
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=[
                "view_article",
                "change_article",
                "edit_any_article",
                "view_tag",
                "view_author",
            ],
        )
    )
    client = Client()
    client.force_login(user)
    return client


def save_in_admin(client: Client, article: Article, **changes: object):
    page = client.get(change_url(article))
    return client.post(change_url(article), form_data(page, **changes))


# The diff an editor reads -------------------------------------------------------------


def test_word_diff_marks_the_words_taken_out_and_put_in():
    assert word_diff("NATO chief arrives in Kyiv", "NATO chief lands in Kyiv") == (
        "NATO chief <del>arrives</del> <ins>lands</ins> in Kyiv"
    )


def test_word_diff_escapes_markup_in_either_version():
    html = word_diff("A <b>bold</b> claim", "A <script>alert(1)</script> claim")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_body_diff_names_a_new_subheading_and_keeps_paragraph_breaks():
    old = "<p>First paragraph.</p><p>Second paragraph.</p>"
    new = "<p>First paragraph.</p><h2>Reactions</h2><p>Second paragraph.</p>"

    assert body_diff(old, new) == (
        "First paragraph.<br> <ins>Subheading: Reactions¶<br></ins> Second paragraph."
    )


def test_body_blocks_label_quotations_and_list_items():
    html = "<blockquote><p>We stand.</p></blockquote><ul><li>One</li></ul><p>Plain.</p>"

    assert body_blocks(html) == ["Quotation: We stand.", "• One", "Plain."]


# Every save is a revision; History shows what it changed ------------------------------


def test_a_save_in_the_admin_keeps_a_revision_with_who_and_the_old_text(admin_client, admin_user):
    article = factories.article(headline="Old headline", body="<p>Old paragraph.</p>")
    save_in_admin(admin_client, article, headline="New headline", body="<p>New paragraph.</p>")
    save_in_admin(admin_client, article, headline="Newer headline")

    versions = list(versions_of(article))
    assert [v.field_dict["headline"] for v in versions] == [
        "Newer headline",
        "New headline",
        "Old headline",  # kept before the first save: it had no revision yet
    ]
    assert [v.revision.user for v in versions] == [admin_user, admin_user, None]
    assert versions[2].field_dict["body"] == "<p>Old paragraph.</p>"
    assert versions[0].revision.get_comment() == "Changed Headline."


def test_history_shows_each_revisions_word_diff(admin_client):
    article = factories.article(
        headline="Rutte arrives in Kyiv", standfirst="He spoke.", body="<p>Second paragraph.</p>"
    )
    save_in_admin(admin_client, article)
    save_in_admin(
        admin_client,
        article,
        headline="Rutte lands in Kyiv",
        body="<p>Second paragraph.</p><h2>Reactions</h2><p>Zelensky <b>&lt;thanked</b> him.</p>",
    )

    response = admin_client.get(history_url(article))

    assertContains(response, "Rutte <del>arrives</del> <ins>lands</ins> in Kyiv", html=False)
    assertContains(response, "<ins>¶<br>Subheading: Reactions¶<br>Zelensky &lt;thanked him.</ins>")
    assertContains(response, "First version")
    assertNotContains(response, "<b>&lt;thanked")


def test_history_page_queries_do_not_grow_with_the_number_of_revisions(admin_client):
    article = factories.article()

    def queries(saves: int) -> int:
        for n in range(saves):
            save_in_admin(admin_client, article, headline=f"Headline {n} {Version.objects.count()}")
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(history_url(article)).status_code == 200
        return len(captured)

    # Session, user, the article, its bylines, its revisions with their users.
    assert queries(1) == queries(10) == 5


def test_history_pages_hold_fifty_revisions_each(admin_client, admin_user):
    article = factories.article()
    for n in range(52):
        article.headline = f"Headline {n}"
        article.save()
        keep_revision(article, "A save.", admin_user)

    first = admin_client.get(history_url(article))
    second = admin_client.get(history_url(article) + "?page=2")

    assert len(first.context["entries"]) == 50
    assertContains(first, "?page=2")
    assert [e["first"] for e in second.context["entries"]] == [False, True]
    refused = admin_client.get(history_url(article) + "?page=%00")
    assert refused.status_code == 400  # a NUL in any admin query string, named, never a 500
    assertContains(refused, "page", status_code=400)


# Restoring an earlier one -------------------------------------------------------------


def test_restoring_an_earlier_version_brings_back_its_text_bylines_and_tags(admin_client):
    first_author, second_author = factories.author(), factories.author()
    kyiv = factories.tag(name="Kyiv")
    article = factories.article(
        headline="First headline", body="<p>First body.</p>", authors=[first_author], tags=[kyiv]
    )
    save_in_admin(admin_client, article)
    original = versions_of(article).first()
    article.refresh_from_db()
    article.headline, article.body = "Second headline", "<p>Second body.</p>"
    article.save()
    article.tags.set([])
    article.bylines.update(author=second_author)
    save_in_admin(admin_client, article)

    page = admin_client.get(revision_url(article, original))
    assertContains(page, "First headline")
    assertContains(page, "<del>First</del> <ins>Second</ins> headline")
    response = admin_client.post(
        revision_url(article, original), {"opened_version": page.context["opened_version"]}
    )

    assertRedirects(response, change_url(article), fetch_redirect_response=False)
    article.refresh_from_db()
    assert (article.headline, article.body) == ("First headline", "<p>First body.</p>")
    assert list(article.tags.all()) == [kyiv]
    assert article.byline_authors == [first_author]
    assert article.bylines.get().status == article.status  # listing copies follow
    newest = versions_of(article).first()
    assert newest.revision.get_comment().startswith("Restored the version of")
    assert versions_of(article).count() == 4  # before, two saves, the restore


def test_a_restore_from_a_stale_page_is_refused(admin_client):
    article = factories.article(headline="First headline")
    save_in_admin(admin_client, article)
    original = versions_of(article).first()
    page = admin_client.get(revision_url(article, original))
    save_in_admin(admin_client, article, headline="Saved meanwhile")

    response = admin_client.post(
        revision_url(article, original),
        {"opened_version": page.context["opened_version"]},
        follow=True,
    )

    assertContains(response, "nothing was restored")
    assert Article.objects.get().headline == "Saved meanwhile"


def test_an_editor_who_may_only_view_cannot_restore(django_user_model, admin_client):
    article = factories.article(headline="First headline")
    save_in_admin(admin_client, article)
    save_in_admin(admin_client, article, headline="Second headline")
    original = versions_of(article).last()
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client = Client()
    client.force_login(viewer)

    page = client.get(revision_url(article, original))
    response = client.post(revision_url(article, original), {"opened_version": "99"})

    assert page.status_code == 200
    assertNotContains(page, "Restore this version")
    assert response.status_code == 403
    assert Article.objects.get().headline == "Second headline"


def test_a_revision_of_another_article_is_not_found(admin_client):
    one, other = factories.article(), factories.article()
    save_in_admin(admin_client, other)

    response = admin_client.get(revision_url(one, versions_of(other).first()))

    assert response.status_code == 404


# Two editors at once ------------------------------------------------------------------


def test_the_second_of_two_editors_is_refused_keeps_their_text_and_sees_the_first_change(
    django_user_model,
):
    article = factories.article(headline="Rutte arrives in Kyiv", body="<p>He spoke.</p>")
    anna, ben = editor(django_user_model, "anna"), editor(django_user_model, "ben")
    annas_page, bens_page = anna.get(change_url(article)), ben.get(change_url(article))

    saved = anna.post(change_url(article), form_data(annas_page, headline="Rutte lands in Kyiv"))
    refused = ben.post(
        change_url(article), form_data(bens_page, body="<p>He spoke to parliament.</p>")
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "edited-meanwhile" in [
        e.code for e in refused.context["adminform"].form.errors.as_data()["__all__"]
    ]
    assertContains(refused, "anna saved this article")
    assertContains(refused, "Rutte <del>arrives</del> <ins>lands</ins> in Kyiv")
    assertContains(refused, "He spoke to parliament.")  # Ben's text, still in the form
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Rutte lands in Kyiv", "<p>He spoke.</p>")

    # Having seen it, Ben saves on purpose; Anna's version stays in History.
    again = ben.post(change_url(article), form_data(refused, headline="Rutte lands in Kyiv"))

    assert again.status_code == 302, errors_of(again)
    article.refresh_from_db()
    assert (article.headline, article.body) == (
        "Rutte lands in Kyiv",
        "<p>He spoke to parliament.</p>",
    )
    users = [v.revision.user for v in versions_of(article)]
    assert [user and user.username for user in users] == ["ben", "anna", None]


def test_a_save_without_the_opened_version_is_refused(admin_client):
    article = factories.article(headline="Kept")
    page = admin_client.get(change_url(article))
    data = form_data(page, headline="Changed")
    del data["opened_version"]

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    assertContains(response, "sent without the version it was opened at")
    assert Article.objects.get().headline == "Kept"


def test_a_form_opened_before_a_publish_action_is_refused(admin_client):
    article = factories.article(status=Article.Status.DRAFT, published_at=None)
    page = admin_client.get(change_url(article))
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )

    response = admin_client.post(change_url(article), form_data(page, headline="Other"))

    assert response.status_code == 200
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_an_import_while_an_editor_has_the_form_open_refuses_the_editors_save(
    admin_client, tmp_path
):
    path = write_export(tmp_path, "a.txt", export_text(paragraphs=["First.", "Second."]))
    run(str(path))
    article = Article.objects.get()
    page = admin_client.get(change_url(article))
    write_export(tmp_path, "a.txt", export_text(paragraphs=["First.", "Second, corrected."]))
    run(str(path))

    response = admin_client.post(change_url(article), form_data(page, headline="Mine"))

    assertContains(response, "An import saved this article")
    assert Article.objects.get().body == "<p>Second, corrected.</p>"


# Imports never silently overwrite an editor ------------------------------------------


@pytest.fixture
def imported(tmp_path):
    path = write_export(tmp_path, "a.txt", export_text(paragraphs=["First.", "Second."]))
    out, _, status = run(str(path))
    assert status == 0 and out.startswith("created ")
    return path


def change_the_export(path) -> None:
    write_export(path.parent, path.name, export_text(paragraphs=["First.", "Second, corrected."]))


def test_an_import_is_a_revision(imported):
    version = versions_of(Article.objects.get()).get()

    assert version.revision.user is None
    assert version.revision.comment == f"Created by importing {imported}."


def test_a_changed_export_meets_an_editors_change_as_a_conflict(admin_client, imported):
    article = Article.objects.get()
    body = "<p>Second.</p><h2>Reactions</h2><p>An editor's paragraph.</p>"
    save_in_admin(admin_client, article, headline="The editor's headline", body=body)
    change_the_export(imported)

    out, err, status = run(str(imported))

    assert out == f"conflict {article.get_absolute_url()} {imported}\n"
    assert status == 1
    assert "--force" in err
    article.refresh_from_db()
    assert (article.headline, article.body) == ("The editor's headline", body)


def test_force_imports_over_the_editor_and_keeps_their_version_as_a_revision(
    admin_client, imported
):
    article = Article.objects.get()
    save_in_admin(admin_client, article, headline="The editor's headline")
    change_the_export(imported)

    out, _, status = run(str(imported), "--force")

    assert out.startswith("updated ")
    assert status == 0
    article.refresh_from_db()
    assert article.body == "<p>Second, corrected.</p>"
    comments = [v.revision.comment for v in versions_of(article)]
    assert comments[:2] == [
        f"Updated by importing {imported}.",
        f"Kept before a forced import of {imported}.",
    ]
    assert versions_of(article)[1].field_dict["headline"] == "The editor's headline"
    # Imported again, the article is the import's: the next changed export is no conflict.
    write_export(imported.parent, imported.name, export_text(paragraphs=["First.", "Third."]))
    assert run(str(imported))[0].startswith("updated ")


def test_a_changed_export_updates_an_article_no_editor_changed(imported):
    change_the_export(imported)

    out, _, status = run(str(imported))

    assert out.startswith("updated ")
    assert status == 0


def test_an_editor_saving_without_changing_the_text_is_no_conflict(admin_client, imported):
    article = Article.objects.get()
    assert save_in_admin(admin_client, article).status_code == 302
    change_the_export(imported)

    out, _, status = run(str(imported))

    assert out.startswith("updated "), out
    assert status == 0


def test_an_editors_new_tag_is_a_conflict_too(admin_client, imported):
    article = Article.objects.get()
    tag = factories.tag(name="Diplomacy")
    save_in_admin(admin_client, article, tags=[str(t.pk) for t in [*article.tags.all(), tag]])
    change_the_export(imported)

    out, _, status = run(str(imported))

    assert (out.startswith("conflict "), status) == (True, 1)
    assert tag in Article.objects.get().tags.all()


def test_a_conflict_in_a_dry_run_is_reported_and_nothing_written(admin_client, imported):
    article = Article.objects.get()
    save_in_admin(admin_client, article, headline="The editor's headline")
    change_the_export(imported)

    out, _, status = run(str(imported), "--dry-run", "--force")

    assert out.startswith("updated ") and out.endswith("(dry run)\n")
    assert status == 0
    assert Article.objects.get().headline == "The editor's headline"
