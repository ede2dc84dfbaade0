"""The article form as a writing tool: rich-text body, counts, preview, ordering, publisher."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.admin.editor import (
    BODY_TOOLS,
    SEARCH_DESCRIPTION_LENGTH,
    SEARCH_TITLE_LENGTH,
)
from articles.models import Article, Byline, RelatedLink
from articles.richtext import ALLOWED_TAGS
from tests import factories
from tests.test_admin import add_url, change_url, errors_of, form_data

pytestmark = pytest.mark.django_db

BODY_EDITOR_JS = Path(settings.BASE_DIR) / "static" / "newsroom" / "body-editor.js"
# Extensions that make the editor work but add no markup of their own.
EDITOR_MACHINERY = {"Document", "Text", "History", "Dropcursor", "Gapcursor", "Menu", "Editor"}


# The rich-text body ---------------------------------------------------------


def test_the_body_is_a_textarea_the_rich_text_editor_takes_over(admin_client):
    response = admin_client.get(add_url(Article))

    html = response.content.decode()
    [textarea] = re.findall(r"<textarea name=\"body\"[^>]*>", html)
    assert "data-body-editor" in textarea
    assert 'data-heading-levels="2 3 4"' in textarea
    assert re.search(r'<script src="[^"]*newsroom/body-editor\.js" type="module">', html)
    assertContains(response, "django_prose_editor/editor.css")


def test_the_article_form_has_no_inline_script_or_import_map(admin_client):
    """The CSP allows scripts from files only: no inline code, no inline import map."""
    response = admin_client.get(add_url(Article))

    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    # JSON data islands are not run, so the CSP does not govern them.
    assert all('type="application/json"' in attrs for attrs in inline), inline
    assert "importmap" not in html
    assert not re.search(r"<style\b", html)


def test_the_editor_offers_a_tool_for_every_allowed_tag_and_no_other():
    imported = re.search(r"import \{(.*?)\} from", BODY_EDITOR_JS.read_text(), re.S).group(1)
    extensions = {name.strip() for name in imported.split(",") if name.strip()}

    assert set(BODY_TOOLS) == ALLOWED_TAGS
    assert extensions - EDITOR_MACHINERY == set(BODY_TOOLS.values())


EDITOR_HTML = (
    "<h2>Air defence</h2><p>Allies pledged <strong>more</strong> systems, "
    '<em>says</em> <a href="https://www.nato.int/" rel="noopener noreferrer">NATO</a>.<br>'
    "On Tuesday.</p><h3>In Kyiv</h3><h4>Overnight</h4>"
    "<blockquote><p>We will not stop.</p></blockquote>"
    "<ul><li><p>Patriot</p></li><li><p>IRIS-T</p></li></ul><ol><li><p>First</p></li></ol>"
)


def test_html_the_editor_writes_is_saved_unchanged(admin_client):
    article = factories.article(body="<p>Before.</p>")
    response = admin_client.get(change_url(article))

    response = admin_client.post(change_url(article), form_data(response, body=EDITOR_HTML))

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.body == EDITOR_HTML


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('<p><a href="https://nato.int/" target="_blank">NATO</a></p>', "the target attribute"),
        ('<ol start="3"><li>Third</li></ol>', "the start attribute on <ol>"),
        ("<h1>Second title</h1>", "<h1>"),
        ('<p><span class="mark">x</span></p>', "<span>"),
        ("<table><tr><td>1</td></tr></table>", "<table>"),
    ],
)
def test_markup_outside_the_allowlist_is_refused_by_name(admin_client, body, named):
    article = factories.article(body="<p>Before.</p>")
    response = admin_client.get(change_url(article))

    response = admin_client.post(change_url(article), form_data(response, body=body))

    assert response.status_code == 200
    assert named in errors_of(response)["body"][0]
    article.refresh_from_db()
    assert article.body == "<p>Before.</p>"


# Counts ---------------------------------------------------------------------


def test_headline_and_standfirst_are_counted_against_what_search_engines_show(admin_client):
    response = admin_client.get(add_url(Article))

    html = response.content.decode()
    [headline] = re.findall(r'<input type="text" name="headline"[^>]*>', html)
    [standfirst] = re.findall(r'<textarea name="standfirst"[^>]*>', html)
    assert f'data-count-limit="{SEARCH_TITLE_LENGTH}"' in headline
    assert f'data-count-limit="{SEARCH_DESCRIPTION_LENGTH}"' in standfirst
    assert re.search(r'<script src="[^"]*newsroom/counts\.js" defer>', html)


def test_the_limits_are_in_the_help_text_for_browsers_without_javascript(admin_client):
    response = admin_client.get(add_url(Article))

    assert (SEARCH_TITLE_LENGTH, SEARCH_DESCRIPTION_LENGTH) == (60, 160)
    assertContains(response, "Search engines show about the first 60 characters of a headline")
    assertContains(response, "Search engines show about the first 160 characters of it")


# Save and preview -----------------------------------------------------------


def test_the_form_has_a_save_and_preview_button(admin_client):
    response = admin_client.get(change_url(factories.article()))

    assertContains(response, '<input type="submit" value="Save and preview" name="_preview"')


def test_save_and_preview_saves_the_draft_and_opens_its_page(admin_client):
    article = factories.article(headline="Old headline", status=Article.Status.DRAFT)
    response = admin_client.get(change_url(article))
    data = form_data(response, headline="New headline", body="<p>Draft text.</p>")
    del data["_save"]
    data["_preview"] = "Save and preview"

    response = admin_client.post(change_url(article), data)

    article.refresh_from_db()
    assert article.headline == "New headline"
    assertRedirects(response, article.get_absolute_url())
    page = admin_client.get(article.get_absolute_url())
    assertContains(page, "New headline")
    assertContains(page, "<p>Draft text.</p>", html=True)


def test_save_and_preview_on_a_new_article_opens_its_page(admin_client):
    response = admin_client.get(add_url(Article))
    data = form_data(
        response,
        headline="Preview me",
        slug="preview-me",
        body="<p>New.</p>",
        status=Article.Status.DRAFT,
        publisher=factories.publisher().pk,
    )
    del data["_save"]
    data["_preview"] = "Save and preview"

    response = admin_client.post(add_url(Article), data)

    article = Article.objects.get(slug="preview-me")
    assertRedirects(response, article.get_absolute_url())


# Publisher ------------------------------------------------------------------


def test_the_only_publisher_is_chosen_on_a_new_article(admin_client):
    publisher = factories.publisher()

    response = admin_client.get(add_url(Article))

    assert response.context["adminform"].form.initial["publisher"] == publisher.pk
    assertContains(response, f'<option value="{publisher.pk}" selected>')


def test_with_two_publishers_none_is_chosen_for_the_editor(admin_client):
    factories.publisher(), factories.publisher()

    response = admin_client.get(add_url(Article))

    assert "publisher" not in response.context["adminform"].form.initial
    assertNotContains(response, "selected>Publisher")


# Drag-and-drop order --------------------------------------------------------


def test_bylines_and_related_news_are_ordered_by_dragging_not_by_numbers(admin_client):
    article = factories.article()
    Byline.objects.create(article=article, author=factories.author(), position=1)

    response = admin_client.get(change_url(article))

    classes = [f.classes for f in response.context["inline_admin_formsets"]]
    assert all("sortable" in c.split() for c in classes)
    html = response.content.decode()
    assert re.search(r'<input type="hidden" name="bylines-0-position"[^>]*class="_reorder_"', html)
    assert not re.search(r'<input type="number" name="bylines-0-position"', html)
    assert re.search(r'<script src="[^"]*adminsortable2/js/adminsortable2(\.min)?\.js"', html)
    assert "adminsortable2/js/actions-" not in html  # No such file for this Django.


def test_swapped_bylines_are_saved_in_their_new_order(admin_client):
    article = factories.article()
    first, second = factories.author(), factories.author()
    Byline.objects.create(article=article, author=first, position=1)
    Byline.objects.create(article=article, author=second, position=2)
    response = admin_client.get(change_url(article))
    # What the drag-and-drop script writes into the hidden fields after a swap.
    data = form_data(response, **{"bylines-0-position": "2", "bylines-1-position": "1"})

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.byline_authors == [second, first]


def test_swapped_related_news_are_saved_although_positions_are_unique(admin_client):
    article = factories.article()
    one, two, three = (factories.article(headline=f"Story {n}") for n in (1, 2, 3))
    for position, target in enumerate([one, two, three], start=1):
        RelatedLink.objects.create(source=article, target=target, position=position)
    response = admin_client.get(change_url(article))
    data = form_data(
        response,
        **{
            "related_links-0-position": "3",
            "related_links-1-position": "1",
            "related_links-2-position": "2",
        },
    )

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, errors_of(response)
    links = RelatedLink.objects.filter(source=article)
    assert [(link.position, link.target) for link in links] == [(1, two), (2, three), (3, one)]


def test_a_related_link_removed_while_others_move_up_is_saved(admin_client):
    article = factories.article()
    one, two = factories.article(headline="Story 1"), factories.article(headline="Story 2")
    RelatedLink.objects.create(source=article, target=one, position=1)
    RelatedLink.objects.create(source=article, target=two, position=2)
    response = admin_client.get(change_url(article))
    data = form_data(response, **{"related_links-0-DELETE": "on", "related_links-1-position": "1"})

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, errors_of(response)
    links = RelatedLink.objects.filter(source=article)
    assert [(link.position, link.target) for link in links] == [(1, two)]


def test_two_related_links_given_one_position_are_refused_not_a_500(admin_client):
    article = factories.article()
    one, two = factories.article(headline="Story 1"), factories.article(headline="Story 2")
    RelatedLink.objects.create(source=article, target=one, position=1)
    RelatedLink.objects.create(source=article, target=two, position=2)
    response = admin_client.get(change_url(article))
    data = form_data(response, **{"related_links-1-position": "1"})

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "duplicate" in str(errors_of(response)["related_links"]).lower() or (
        "duplicate" in response.content.decode().lower()
    )
    assert list(RelatedLink.objects.filter(source=article).values_list("position", flat=True)) == [
        1,
        2,
    ]
