"""Each role logged in: what it can and cannot do, through the pages and by posting forms directly.

The groups come from the data migration (``articles.roles``); every user here
is staff and in one group, nothing more.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Image, Section, State, StateChange, Tag
from articles.roles import ADMINISTRATOR, CONTRIBUTOR, EDITOR, ROLES
from tests import factories
from tests.test_admin import add_url, change_url, changelist_url, errors_of, form_data

pytestmark = pytest.mark.django_db

Status = Article.Status


def member(role: str, username: str) -> User:
    user = User.objects.create_user(username, password="secret", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def contributor() -> User:
    return member(CONTRIBUTOR, "carla")


@pytest.fixture
def other_contributor() -> User:
    return member(CONTRIBUTOR, "omar")


@pytest.fixture
def editor() -> User:
    return member(EDITOR, "edith")


@pytest.fixture
def administrator() -> User:
    return member(ADMINISTRATOR, "adam")


def new_article_data(client: Client, **changes: object) -> dict:
    publisher = factories.publisher()
    values = {
        "headline": "Trams return to the Grand-Place",
        "slug": "",
        "standfirst": "The line reopens on Monday.",
        "body": "<p>Works lasted a year.</p>",
        "status": Status.DRAFT,
        "publisher": publisher.pk,
    }
    return form_data(client.get(add_url(Article)), **{**values, **changes})


def run_action(client: Client, action: str, articles: list[Article]):
    return client.post(
        changelist_url(Article),
        {"action": action, "_selected_action": [article.pk for article in articles]},
        follow=True,
    )


def statuses(*articles: Article) -> list[str]:
    return [Article.objects.get(pk=article.pk).status for article in articles]


# The groups -----------------------------------------------------------------------


def test_the_migration_gives_each_role_exactly_its_permissions():
    for name, wanted in ROLES.items():
        held = Group.objects.get(name=name).permissions.select_related("content_type")
        assert {f"{p.content_type.app_label}.{p.codename}" for p in held} == set(wanted)


def test_only_editors_hold_the_publish_and_edit_any_permissions():
    holders = {
        codename: set(
            Permission.objects.get(codename=codename).group_set.values_list("name", flat=True)
        )
        for codename in ("publish_article", "edit_any_article")
    }
    assert holders == {"publish_article": {EDITOR}, "edit_any_article": {EDITOR}}


# Contributor ----------------------------------------------------------------------


def test_contributor_writes_a_draft_that_is_theirs(contributor):
    client = logged_in(contributor)

    response = client.post(add_url(Article), new_article_data(client))

    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert (article.created_by, article.status) == (contributor, Status.DRAFT)
    change = StateChange.objects.get()
    assert (change.user, change.from_state, change.to_state) == (contributor, "", State.DRAFT)


def test_contributor_is_offered_only_draft_and_review(contributor):
    client = logged_in(contributor)

    field = client.get(add_url(Article)).context["adminform"].form.fields["status"]

    assert [value for value, _ in field.choices] == [Status.DRAFT, Status.REVIEW]


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.UNPUBLISHED])
def test_contributor_cannot_publish_by_posting_the_add_form(contributor, status):
    client = logged_in(contributor)

    response = client.post(add_url(Article), new_article_data(client, status=status))

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_contributor_cannot_publish_their_draft_by_posting_the_change_form(contributor):
    draft = factories.article(status=Status.DRAFT, published_at=None, created_by=contributor)
    client = logged_in(contributor)
    data = form_data(client.get(change_url(draft)), status=Status.PUBLISHED)

    response = client.post(change_url(draft), data)

    assert response.status_code == 200
    assert statuses(draft) == [Status.DRAFT]


def test_contributor_posting_a_time_or_the_lead_changes_neither(contributor):
    draft = factories.article(status=Status.DRAFT, published_at=None, created_by=contributor)
    client = logged_in(contributor)
    data = form_data(
        client.get(change_url(draft)),
        headline="Edited by its writer",
        published_at_0="2026-01-01",
        published_at_1="10:00",
        featured="on",
    )

    response = client.post(change_url(draft), data)

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert (draft.headline, draft.published_at, draft.featured) == (
        "Edited by its writer",
        None,
        False,
    )


def test_contributor_submits_their_draft_for_review_in_the_form(contributor):
    draft = factories.article(status=Status.DRAFT, published_at=None, created_by=contributor)
    client = logged_in(contributor)

    response = client.post(
        change_url(draft), form_data(client.get(change_url(draft)), status=Status.REVIEW)
    )

    assert response.status_code == 302, errors_of(response)
    assert statuses(draft) == [Status.REVIEW]
    change = StateChange.objects.get()
    assert (change.from_state, change.to_state, change.via) == ("draft", "review", "form")


def test_contributor_submits_by_action_only_their_own_drafts(contributor, other_contributor):
    own = factories.article(status=Status.DRAFT, created_by=contributor)
    theirs = factories.article(status=Status.DRAFT, created_by=other_contributor)

    response = run_action(logged_in(contributor), "submit_for_review", [own, theirs])

    assert "1 article was submitted for review." in response.content.decode()
    assert statuses(own, theirs) == [Status.REVIEW, Status.DRAFT]


@pytest.mark.parametrize("action", ["publish", "unpublish", "back_to_draft"])
def test_contributor_cannot_post_an_editors_action(contributor, action):
    own = factories.article(status=Status.DRAFT, published_at=None, created_by=contributor)
    published = factories.article(created_by=contributor)
    client = logged_in(contributor)

    offered = client.get(changelist_url(Article)).context["action_form"].fields["action"]
    assert action not in [name for name, _ in offered.choices]
    run_action(client, action, [own, published])

    assert statuses(own, published) == [Status.DRAFT, Status.PUBLISHED]
    assert not StateChange.objects.exists()


def test_contributor_cannot_change_their_article_once_in_review(contributor):
    submitted = factories.article(status=Status.REVIEW, created_by=contributor)
    client = logged_in(contributor)

    page = client.get(change_url(submitted))
    response = client.post(
        change_url(submitted), {"headline": "Changed after submitting", "status": "review"}
    )

    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.headline != "Changed after submitting"


def test_contributor_cannot_see_or_change_another_writers_draft(contributor, other_contributor):
    theirs = factories.article(status=Status.DRAFT, created_by=other_contributor)
    client = logged_in(contributor)

    listed = client.get(changelist_url(Article)).context["cl"].result_list
    response = client.post(change_url(theirs), {"headline": "Hijacked", "status": "draft"})

    assert theirs not in listed
    assert response.status_code in {302, 403, 404}
    theirs.refresh_from_db()
    assert theirs.headline != "Hijacked"


def test_contributor_cannot_change_a_published_article(contributor):
    published = factories.article(created_by=contributor)
    client = logged_in(contributor)

    response = client.post(change_url(published), {"headline": "Rewritten", "status": "draft"})

    assert response.status_code == 403
    assert statuses(published) == [Status.PUBLISHED]


def test_contributor_adds_pictures_but_does_not_manage_the_desk(contributor):
    client = logged_in(contributor)
    picture = factories.image()
    section = factories.section()

    assert client.get(add_url(Image)).status_code == 200
    assert client.post(change_url(picture), {"caption": "Changed"}).status_code == 403
    assert client.post(add_url(Section), {"name": "Sport"}).status_code == 403
    assert client.post(add_url(Tag), {"name": "Trams", "kind": "topic"}).status_code == 403
    assert client.post(change_url(section), {"name": "Renamed"}).status_code == 403
    assert not Section.objects.filter(name__in=["Sport", "Renamed"]).exists()
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


# Editor ---------------------------------------------------------------------------


def test_editor_edits_any_writers_article(editor, contributor):
    submitted = factories.article(status=Status.REVIEW, created_by=contributor)
    client = logged_in(editor)

    response = client.post(
        change_url(submitted),
        form_data(client.get(change_url(submitted)), headline="Tightened by the desk"),
    )

    assert response.status_code == 302, errors_of(response)
    submitted.refresh_from_db()
    assert (submitted.headline, submitted.status) == ("Tightened by the desk", Status.REVIEW)


def test_editor_schedules_an_article_in_review_for_a_time_to_come(editor, contributor):
    submitted = factories.article(status=Status.REVIEW, published_at=None, created_by=contributor)
    client = logged_in(editor)
    when = timezone.localtime() + datetime.timedelta(days=2)

    response = client.post(
        change_url(submitted),
        form_data(
            client.get(change_url(submitted)),
            status=Status.PUBLISHED,
            published_at_0=when.strftime("%Y-%m-%d"),
            published_at_1=when.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 302, errors_of(response)
    change = StateChange.objects.get()
    assert (change.user, change.from_state, change.to_state) == (editor, "review", "scheduled")
    assert not Article.objects.published().exists()


def test_editor_publishes_unpublishes_and_sends_back(editor, contributor):
    submitted = factories.article(status=Status.REVIEW, published_at=None, created_by=contributor)
    client = logged_in(editor)

    run_action(client, "publish", [submitted])
    assert statuses(submitted) == [Status.PUBLISHED]
    run_action(client, "unpublish", [submitted])
    assert statuses(submitted) == [Status.UNPUBLISHED]
    run_action(client, "back_to_draft", [submitted])
    assert statuses(submitted) == [Status.DRAFT]

    moves = StateChange.objects.order_by("id").values_list("from_state", "to_state")
    assert list(moves) == [
        ("review", "published"),
        ("published", "unpublished"),
        ("unpublished", "draft"),
    ]


@pytest.mark.parametrize("model", ["section", "tag", "author", "publisher", "image"])
def test_editor_manages_the_desk(editor, model):
    client = logged_in(editor)

    for view in ("changelist", "add"):
        assert client.get(reverse(f"admin:articles_{model}_{view}")).status_code == 200


def test_editor_does_not_manage_users_or_delete_articles(editor):
    article = factories.article()
    client = logged_in(editor)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = client.post(reverse("admin:auth_user_add"), {"username": "mallory"})
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403
    )
    assert not User.objects.filter(username="mallory").exists()
    assert Article.objects.filter(pk=article.pk).exists()


# Administrator ----------------------------------------------------------------------


def test_administrator_manages_users_and_groups(administrator, contributor):
    client = logged_in(administrator)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200
    page = client.get(reverse("admin:auth_user_change", args=[contributor.pk]))
    assert page.status_code == 200


def test_administrator_does_not_write_or_publish_articles(administrator):
    article = factories.article(status=Status.DRAFT)
    client = logged_in(administrator)

    assert client.get(changelist_url(Article)).status_code == 403
    assert client.post(add_url(Article), {"headline": "By the administrator"}).status_code == 403
    assert client.post(change_url(article), {"status": "published"}).status_code == 403
    run_action(client, "publish", [article])
    assert statuses(article) == [Status.DRAFT]
    assert not Article.objects.filter(headline="By the administrator").exists()
