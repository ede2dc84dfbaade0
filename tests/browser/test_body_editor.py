"""An editor writes the body in the rich-text editor; readers see what was written."""

import pytest
from django.contrib.auth import get_user_model

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def logged_in(live_server, page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def test_editor_writes_a_subheading_and_a_link_and_the_public_page_shows_them(
    live_server, logged_in, console_errors, artifacts
):
    page = logged_in
    article = factories.article(
        headline="Allies pledge air defence", body="<p>Old text.</p>", status="published"
    )
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.get_by_role("textbox", name="Body")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    # "## " starts a subheading, as in Markdown.
    page.keyboard.type("## Air defence")
    page.keyboard.press("Enter")
    page.keyboard.type("Allies pledged more systems, says NATO.")
    # Select "NATO" and make it a link with the toolbar's link button.
    page.keyboard.press("ArrowLeft")
    for _ in range(len("NATO")):
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="insert link").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.get_by_label("URL").fill("https://www.nato.int/")
    dialog.get_by_role("button", name="Update").click()
    page.screenshot(path=str(artifacts / "body-editor.png"), full_page=True)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/article/")

    article.refresh_from_db()
    assert article.body == (
        "<h2>Air defence</h2><p>Allies pledged more systems, says "
        '<a href="https://www.nato.int/" rel="noopener noreferrer">NATO</a>.</p>'
    )
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", level=2, name="Air defence").is_visible()
    link = page.locator(".story__body a", has_text="NATO")
    assert link.get_attribute("href") == "https://www.nato.int/"
    # The editor's scripts and styles load under the site's Content-Security-Policy.
    assert console_errors == []
