"""A reader reads the seed article; an editor changes its headline in the admin."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"


@pytest.fixture
def seed_article(seed_path) -> Article:
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    return Article.objects.get()


def test_reader_opens_the_seed_article_from_the_home_page(
    live_server, page, seed_article, artifacts, console_errors
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=HEADLINE).first.click()

    page.wait_for_url(f"**{seed_article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    caption = page.locator("figure figcaption").first.inner_text()
    assert "Secretary General of NATO Mark Rutte addresses members" in caption
    assert "Andrii Nesterenko / AFP" in caption
    assert page.locator(".byline").first.inner_text() == "By The Brussels Times"
    # The export names a day, no time: the day alone is shown.
    assert page.locator("article time").first.inner_text() == "3 February 2026"
    paragraphs = page.locator(".story__body p").all_inner_texts()
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith('"Russian attacks do not signal seriousness about peace,"')
    assert paragraphs[-1].endswith("he said.")
    assert page.locator(".copyright").inner_text() == (
        "Copyright © 2026 The Brussels Times. All Rights Reserved."
    )
    assert console_errors == []
    page.screenshot(path=str(artifacts / "article-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "article-phone.png"), full_page=True)


def test_editor_changes_headline_and_body_and_readers_see_them(
    live_server, page, seed_article, console_errors
):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")

    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[seed_article.pk]))
    page.locator("#id_headline").fill("NATO chief: Russian strikes show no commitment to peace")
    # The body is written in the rich-text editor, as an editor does.
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type("## Air defence")
    page.keyboard.press("Enter")
    page.keyboard.type("Allies pledged ")
    page.keyboard.press("ControlOrMeta+i")
    page.keyboard.type("more")
    page.keyboard.press("ControlOrMeta+i")
    page.keyboard.type(" air defence on Tuesday.")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**" + reverse("admin:articles_article_changelist"))

    page.goto(live_server.url + seed_article.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == (
        "NATO chief: Russian strikes show no commitment to peace"
    )
    assert page.get_by_role("heading", level=2, name="Air defence").is_visible()
    assert page.locator(".story__body em").inner_text() == "more"
    assert "Kyiv hours after the city was pounded" in page.locator(".standfirst").inner_text()
    # The admin's scripts and styles all load under the site's Content-Security-Policy.
    assert console_errors == []
