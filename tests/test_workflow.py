"""The article's states: the moves allowed, their record, their names in the admin, the desk."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles import workflow
from articles.models import Article, Correction, State, StateChange
from tests import factories
from tests.test_admin import change_url, changelist_url
from tests.test_roles import contributor, editor, logged_in, member  # noqa: F401

pytestmark = pytest.mark.django_db

Status = Article.Status
HOUR = datetime.timedelta(hours=1)


# The rules --------------------------------------------------------------------------


def test_scheduled_is_a_published_article_whose_time_is_to_come():
    now = timezone.now()

    assert workflow.state_for(Status.PUBLISHED, now + HOUR, now) == State.SCHEDULED
    assert workflow.state_for(Status.PUBLISHED, now - HOUR, now) == State.PUBLISHED
    assert workflow.state_for(Status.PUBLISHED, now, now) == State.PUBLISHED
    assert workflow.state_for(Status.REVIEW, now + HOUR, now) == State.REVIEW


# (before, after): may a contributor, may an editor.
MOVES = {
    (None, State.DRAFT): (True, True),
    (None, State.REVIEW): (True, True),
    (None, State.PUBLISHED): (False, True),
    (None, State.UNPUBLISHED): (False, False),
    (State.DRAFT, State.REVIEW): (True, True),
    (State.DRAFT, State.SCHEDULED): (False, True),
    (State.DRAFT, State.PUBLISHED): (False, True),
    (State.DRAFT, State.UNPUBLISHED): (False, False),
    (State.REVIEW, State.DRAFT): (False, True),
    (State.REVIEW, State.SCHEDULED): (False, True),
    (State.REVIEW, State.PUBLISHED): (False, True),
    (State.SCHEDULED, State.PUBLISHED): (False, True),
    (State.SCHEDULED, State.UNPUBLISHED): (False, True),
    (State.SCHEDULED, State.DRAFT): (False, False),
    (State.PUBLISHED, State.UNPUBLISHED): (False, True),
    (State.PUBLISHED, State.DRAFT): (False, False),
    (State.PUBLISHED, State.REVIEW): (False, False),
    (State.UNPUBLISHED, State.DRAFT): (False, True),
    (State.UNPUBLISHED, State.PUBLISHED): (False, True),
}


@pytest.mark.parametrize(("move", "allowed"), MOVES.items(), ids=str)
def test_who_may_make_each_move(contributor, editor, move, allowed):  # noqa: F811
    before, after = move

    assert (
        workflow.may_move(contributor, before, after),
        workflow.may_move(editor, before, after),
    ) == allowed


def test_a_refused_move_says_who_makes_it(contributor):  # noqa: F811
    assert workflow.refusal(contributor, State.DRAFT, State.PUBLISHED) == (
        "You may not make an article published: an editor does that."
    )


# The record ---------------------------------------------------------------------------


def test_the_article_page_in_the_admin_shows_each_change_of_state(editor, contributor):  # noqa: F811
    article = factories.article(status=Status.REVIEW, created_by=contributor)
    StateChange.objects.create(
        article=article, user=contributor, from_state="draft", to_state="review", via="form"
    )
    StateChange.objects.create(
        article=article, user=editor, from_state="review", to_state="scheduled", via="action"
    )

    response = logged_in(editor).get(change_url(article))

    assertContains(response, "<td>carla</td><td>Draft</td><td>In review</td>", html=False)
    assertContains(response, "<td>edith</td><td>In review</td><td>Scheduled</td>", html=False)


def test_an_import_records_the_state_it_brings(tmp_path, seed_path):
    call_command("import_articles", seed_path, stdout=io.StringIO())
    article = Article.objects.get()

    change = StateChange.objects.get()
    assert (change.article, change.user, change.from_state, change.to_state, change.via) == (
        article,
        None,
        "",
        "published",
        "import",
    )


def test_a_draft_import_records_a_draft(seed_path):
    call_command("import_articles", seed_path, "--draft", stdout=io.StringIO())

    assert list(StateChange.objects.values_list("to_state", flat=True)) == ["draft"]


# Names in lists and filters ------------------------------------------------------------


def test_the_list_names_a_scheduled_article_scheduled(admin_client):
    factories.article(headline="Coming", published_at=timezone.now() + 5 * HOUR)
    factories.article(headline="Out")

    response = admin_client.get(changelist_url(Article))

    text = response.content.decode()
    assert "Scheduled for " in text
    assert text.count(">Published<") >= 1
    for state in State:
        assertContains(response, f'href="?state={state.value}"')
        assertContains(response, f">{state.label}</a>")


@pytest.mark.parametrize(
    ("state", "headline"),
    [
        ("draft", "A draft"),
        ("review", "In review"),
        ("scheduled", "Coming"),
        ("published", "Out"),
        ("unpublished", "Withdrawn"),
    ],
)
def test_the_state_filter_lists_each_state_alone(admin_client, state, headline):
    factories.article(headline="A draft", status=Status.DRAFT, published_at=None)
    factories.article(headline="In review", status=Status.REVIEW, published_at=None)
    factories.article(headline="Coming", published_at=timezone.now() + 5 * HOUR)
    factories.article(headline="Out")
    factories.article(headline="Withdrawn", status=Status.UNPUBLISHED)

    response = admin_client.get(changelist_url(Article), {"state": state})

    assert [a.headline for a in response.context["cl"].result_list] == [headline]


@pytest.mark.parametrize("value", ["%00", "nonsense", "\x00"])
def test_a_bad_state_filter_is_no_server_error(admin_client, value):
    factories.article()

    response = admin_client.get(changelist_url(Article), {"state": value})

    assert response.status_code in {200, 302, 400}


@pytest.mark.parametrize("who", ["editor", "contributor"])
def test_the_article_list_runs_the_same_queries_for_one_and_many_rows(who, editor, contributor):  # noqa: F811
    user = editor if who == "editor" else contributor
    client = logged_in(user)

    def queries(count: int) -> int:
        for n in range(count):
            factories.article(
                authors=[factories.author()],
                section=factories.section(),
                created_by=user,
                status=[Status.DRAFT, Status.PUBLISHED][n % 2],
                published_at=timezone.now() + (n % 3 - 1) * HOUR,
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(changelist_url(Article))
        assert response.status_code == 200
        return len(captured)

    assert queries(1) == queries(12)


# The dashboard ----------------------------------------------------------------------------


def dashboard_queries(client, count: int, user) -> int:
    for n in range(count):
        factories.article(status=Status.DRAFT, published_at=None, created_by=user)
        factories.article(status=Status.REVIEW, published_at=None, created_by=user)
        factories.article(published_at=timezone.now() + (n + 1) * HOUR)
        factories.article()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_shows_the_desk_its_lists(editor, contributor):  # noqa: F811
    factories.article(headline="My draft", status=Status.DRAFT, created_by=editor)
    factories.article(headline="Waiting one", status=Status.REVIEW, created_by=contributor)
    when = timezone.now() + 3 * HOUR
    factories.article(headline="Coming at three", published_at=when)
    factories.article(headline="Just out", featured=True)

    response = logged_in(editor).get(reverse("admin:index"))

    blocks = response.context["dashboard"]
    assert [a.headline for a in blocks["my_drafts"]] == ["My draft"]
    assert [a.headline for a in blocks["waiting_for_review"]] == ["Waiting one"]
    assert [a.headline for a in blocks["scheduled"]] == ["Coming at three"]
    assert [a.headline for a in blocks["recently_published"]] == ["Just out"]
    assert blocks["front_page_lead"].headline == "Just out"
    assertContains(response, timezone.localtime(when).strftime("%-d %b %Y %H:%M"))
    assertContains(response, 'id="dashboard-recently-corrected"')


def test_the_dashboard_lists_the_newest_corrections_with_their_articles(editor):  # noqa: F811
    article = factories.article(headline="Tram line opens")
    older = Correction.objects.create(article=article, text="The line is 12 km long, not 20.")
    newer = Correction.objects.create(article=article, text="The mayor is Ann Smith.")

    response = logged_in(editor).get(reverse("admin:index"))

    assert response.context["dashboard"]["recently_corrected"] == [newer, older]
    assertContains(response, "Tram line opens")
    assertContains(response, "The mayor is Ann Smith.")


def test_a_contributors_dashboard_holds_only_their_own_work(contributor):  # noqa: F811
    other = member("Contributor", "omar")
    factories.article(headline="Mine", status=Status.REVIEW, created_by=contributor)
    factories.article(headline="Theirs", status=Status.REVIEW, created_by=other)

    blocks = logged_in(contributor).get(reverse("admin:index")).context["dashboard"]

    assert [a.headline for a in blocks["waiting_for_review"]] == ["Mine"]
    assert "scheduled" not in blocks


def test_the_dashboard_runs_the_same_queries_for_one_and_many_articles(editor):  # noqa: F811
    client = logged_in(editor)

    assert dashboard_queries(client, 1, editor) == dashboard_queries(client, 12, editor)


def test_the_article_form_names_a_scheduled_article_scheduled(admin_client):
    coming = factories.article(published_at=timezone.now() + 5 * HOUR)

    response = admin_client.get(change_url(coming))

    assertContains(response, "Scheduled for ")
