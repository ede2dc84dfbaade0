"""An editor writes the body in the rich-text editor; readers see what was written."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from articles.admin.picker import thumbnail_url
from articles.models import Image
from articles.richtext import disallowed_markup
from tests import factories
from tests.test_admin import png_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def logged_in(live_server, page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**" + reverse("admin:index"))
    return page


def test_editor_writes_a_subheading_and_a_link_and_the_public_page_shows_them(
    live_server, logged_in, console_errors, artifacts
):
    page = logged_in
    article = factories.article(
        headline="Allies pledge air defence", body="<p>Old text.</p>", status="published"
    )
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.get_by_role("textbox", name="Body")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    # "## " starts a subheading, as in Markdown.
    page.keyboard.type("## Air defence")
    page.keyboard.press("Enter")
    page.keyboard.type("Allies pledged more systems, says NATO.")
    # The editor has taken every key before the caret moves back over them (on a busy
    # machine an arrow key could otherwise land before the last characters did).
    expect(editor).to_contain_text("says NATO.")
    # Select "NATO" and make it a link with the toolbar's link button.
    page.keyboard.press("ArrowLeft")
    for _ in range(len("NATO")):
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function("() => document.getSelection().toString() === 'NATO'")
    page.get_by_role("button", name="insert link").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.get_by_label("URL").fill("https://www.nato.int/")
    dialog.get_by_role("button", name="Update").click()
    page.screenshot(path=str(artifacts / "body-editor.png"), full_page=True)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**" + reverse("admin:articles_article_changelist"))

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


@pytest.fixture
def served_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    settings.ROOT_URLCONF = "tests.browser.media_urls"
    return tmp_path


def test_editor_drags_a_byline_and_picks_a_picture_by_its_thumbnail(
    live_server, served_media, logged_in, console_errors, artifacts
):
    page = logged_in
    first, second = factories.author(name="Zoë Adams"), factories.author(name="Ben Clark")
    article = factories.article(authors=[first, second])
    picture = Image(caption="Rutte in Kyiv.", alt_text="Rutte at a lectern")
    picture.file.save("rutte.png", png_upload(), save=False)
    picture.save()
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))

    # Drag the second author's row above the first.
    rows = page.locator("#bylines-group tr.has_original td.original p")
    rows.nth(1).drag_to(rows.nth(0))
    # Find the picture by its caption and choose it by its thumbnail.
    page.locator("#id_lead_image + .select2 .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Rutte")
    option = page.locator(".select2-results__option .picture-option", has_text="Rutte in Kyiv.")
    picture.refresh_from_db()  # Its renditions were made once it was saved.
    assert option.locator("img").get_attribute("src") == thumbnail_url(picture)
    assert option.inner_text() == "Rutte in Kyiv. (4 × 3 pixels)"
    page.screenshot(path=str(artifacts / "picture-picker.png"), full_page=True)
    option.click()
    page.locator("input[name=_save]").click()
    page.wait_for_url("**" + reverse("admin:articles_article_changelist"))

    article.refresh_from_db()
    assert article.byline_authors == [second, first]
    assert article.lead_image == picture
    assert console_errors == []


# No style attribute: the browser itself refuses inline styles under the CSP (and says
# so in the console) before the editor would drop them.
PASTED = (
    "<h1>Title</h1><p class='intro'><a href='https://example.org/' target='_blank' "
    "class='external'>a link</a> <span class='mark'>marked</span> <u>under</u></p>"
    "<ol start='3' type='a'><li>third</li></ol><table><tr><td>cell</td></tr></table>"
    "<img src='https://example.org/x.png'><h5>Small</h5><pre>code</pre>"
)


def test_text_pasted_from_elsewhere_keeps_only_what_the_body_allows(
    live_server, logged_in, console_errors
):
    page = logged_in
    article = factories.article(body="<p>Old text.</p>")
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.press("ControlOrMeta+a")

    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "pasted");
            const target = document.querySelector(".prose-editor [contenteditable=true]");
            target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
        }""",
        PASTED,
    )

    body = page.locator("#id_body").input_value()
    assert disallowed_markup(body) == [], body
    assert '<a href="https://example.org/"' in body
    assert "<ol><li><p>third</p></li></ol>" in body
    assert console_errors == []
