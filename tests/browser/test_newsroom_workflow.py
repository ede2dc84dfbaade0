"""A contributor writes and submits; an editor reviews and schedules; readers see it at its time."""

import datetime
from unittest import mock

import django.apps
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, State, StateChange
from articles.roles import CONTRIBUTOR, EDITOR, grant_roles
from tests import factories
from tests.browser.editing import replace_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Trams return to the Grand-Place after a year of works"
PASSWORD = "a-long-passphrase"


def member(role: str, username: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(browser, live_server, username: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page, errors


def test_contributor_submits_editor_schedules_and_readers_see_it_at_its_time(browser, live_server):
    grant_roles(django.apps.apps)  # A browser test's database was emptied before it.
    member(CONTRIBUTOR, "carla")
    member(EDITOR, "edith")
    factories.publisher(name="The Brussels Times", slug="the-brussels-times")

    # The contributor writes and submits for review.
    writer, writer_errors = log_in(browser, live_server, "carla")
    writer.goto(live_server.url + reverse("admin:articles_article_add"))
    writer.locator("#id_headline").fill(HEADLINE)
    writer.locator("#id_standfirst").fill("The line reopens on Monday morning.")
    replace_body(writer, "Works lasted a year.")
    writer.locator("#id_publisher + .select2").click()
    writer.locator(".select2-container--open .select2-search__field").fill("Brussels")
    writer.locator(".select2-results__option", has_text="The Brussels Times").click()
    assert writer.locator("#id_status option").all_inner_texts() == ["Draft", "In review"]
    writer.locator("#id_status").select_option("review")
    writer.locator("input[name=_save]").click()
    writer.wait_for_url("**" + reverse("admin:articles_article_changelist"))
    assert "In review" in writer.locator("#result_list").inner_text()

    # The editor finds it waiting on the dashboard and schedules it.
    desk, desk_errors = log_in(browser, live_server, "edith")
    waiting = desk.get_by_role("region", name="Waiting for review")
    waiting.get_by_role("link", name=HEADLINE).click()
    when = (timezone.localtime() + datetime.timedelta(hours=2)).replace(microsecond=0)
    desk.locator("#id_status").select_option("published")
    desk.locator("#id_published_at_0").fill(when.strftime("%Y-%m-%d"))
    desk.locator("#id_published_at_1").fill(when.strftime("%H:%M:%S"))
    desk.locator("input[name=_save]").click()
    desk.wait_for_url("**" + reverse("admin:articles_article_changelist"))
    assert "Scheduled for" in desk.locator("#result_list").inner_text()
    desk.goto(live_server.url + reverse("admin:index"))
    scheduled = desk.get_by_role("region", name="Scheduled")
    assert HEADLINE in scheduled.inner_text()

    article = Article.objects.get()
    assert article.created_by.username == "carla"
    moves = StateChange.objects.order_by("id").values_list("user__username", "to_state")
    assert list(moves) == [("carla", State.REVIEW), ("edith", State.SCHEDULED)]

    # A reader: not before its time; at its time, with nobody touching anything.
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + "/")
    assert HEADLINE not in reader.content()
    with mock.patch("django.utils.timezone.now", return_value=when + datetime.timedelta(minutes=1)):
        reader.goto(live_server.url + "/")
        reader.get_by_role("link", name=HEADLINE).first.click()
        assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert writer_errors == [] and desk_errors == []
