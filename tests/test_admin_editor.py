"""The article form as a writing tool: rich-text body, counts, preview, ordering, publisher."""

import re
from pathlib import Path
from uuid import uuid4

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.admin.editor import (
    BODY_TOOLS,
    SEARCH_DESCRIPTION_LENGTH,
    SEARCH_TITLE_LENGTH,
)
from articles.models import Article, Byline, Image, RelatedLink
from articles.richtext import ALLOWED_TAGS
from tests import factories
from tests.test_admin import (
    add_url,
    change_url,
    changelist_url,
    errors_of,
    form_data,
    png_upload,
)

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

    classes = {
        f.formset.prefix: f.classes.split() for f in response.context["inline_admin_formsets"]
    }
    assert "sortable" in classes["bylines"]
    assert "sortable" in classes["related_links"]
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


# Pictures -------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    return tmp_path


def picture_with_file(**fields: object) -> Image:
    image = Image(caption="Rutte in Kyiv.", alt_text="Rutte at a lectern", **fields)
    image.file.save("rutte.png", png_upload(), save=False)
    image.save()
    return image


def picker_url(term: str = "") -> str:
    query = "app_label=articles&model_name=article&field_name=lead_image"
    return f"{reverse('admin:articles_image_picker')}?{query}&term={term}"


def test_the_lead_picture_is_chosen_with_the_picture_picker(admin_client):
    response = admin_client.get(add_url(Article))

    [select] = re.findall(r'<select name="lead_image"[^>]*>', response.content.decode())
    assert "picture-picker" in select.split('class="')[1].split('"')[0].split()
    assert "admin-autocomplete" not in select.split('class="')[1].split('"')[0].split()
    assert f'data-ajax--url="{reverse("admin:articles_image_picker")}"' in select
    assertContains(response, "newsroom/picture-picker.js")


def test_the_picker_answers_with_a_thumbnail_and_the_pixel_size(admin_client, media_root):
    image = picture_with_file()

    response = admin_client.get(picker_url("Rutte"))

    [result] = response.json()["results"]
    assert result["id"] == str(image.pk)
    assert result["text"] == "Rutte in Kyiv."
    assert result["thumbnail"] == image.file.url
    assert result["size"] == "4 × 3 pixels"


def test_the_picker_refuses_staff_who_may_not_see_pictures(client):
    user = get_user_model().objects.create_user("writer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)

    response = client.get(picker_url())

    assert response.status_code == 403


def test_the_article_list_shows_lead_picture_thumbnails_in_constant_queries(
    admin_client, media_root
):
    def list_queries(count: int) -> int:
        for _ in range(count):
            factories.article(lead_image=picture_with_file())
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(changelist_url(Article))
        assert response.content.decode().count('<img src="/media/images/') == (
            Article.objects.count()
        )
        return len(queries)

    assert list_queries(1) == list_queries(9)


def test_the_chosen_picture_is_shown_with_its_size_and_uuid_read_only(admin_client, media_root):
    image = picture_with_file()
    article = factories.article(lead_image=image)

    response = admin_client.get(change_url(article))

    assertContains(response, f'<img src="{image.file.url}" alt="Rutte at a lectern" width="160">')
    assertContains(response, f"4 × 3 pixels · UUID {image.uuid}")


def test_a_pictures_size_and_uuid_cannot_be_changed_in_its_form(admin_client, media_root):
    image = picture_with_file()
    uuid = image.uuid
    response = admin_client.get(change_url(image))
    html = response.content.decode()
    for name in ("width", "height", "uuid"):
        assert f'name="{name}"' not in html

    admin_client.post(change_url(image), form_data(response, width="999", uuid=str(uuid4())))

    image.refresh_from_db()
    assert (image.width, image.height, image.uuid) == (4, 3, uuid)


def test_a_picture_uploaded_from_the_article_form_becomes_the_lead(admin_client, media_root):
    article = factories.article()
    response = admin_client.get(change_url(article))
    data = form_data(
        response,
        lead_image_upload=png_upload("kyiv.png"),
        lead_image_caption="Rutte in Kyiv.",
        lead_image_agency="AFP",
        lead_image_alt_text="Rutte at a lectern",
    )

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    image = article.lead_image
    assert image.file.name.endswith(".png")
    assert (image.width, image.height) == (4, 3)
    assert (image.caption, image.agency, image.alt_text) == (
        "Rutte in Kyiv.",
        "AFP",
        "Rutte at a lectern",
    )


def test_a_replacement_upload_does_not_take_the_old_pictures_alt_text(admin_client, media_root):
    old = picture_with_file()
    article = factories.article(lead_image=old)
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article), form_data(response, lead_image_upload=png_upload("new.png"))
    )

    assert response.status_code == 200
    assert errors_of(response)["lead_image_alt_text"] == [
        "Describe what the new picture shows, for readers who cannot see it."
    ]
    assert Image.objects.count() == 1
    article.refresh_from_db()
    assert article.lead_image == old


@pytest.mark.parametrize("required", [True, False])
def test_an_upload_from_the_article_form_needs_a_credit_when_the_newsroom_says_so(
    admin_client, media_root, settings, required
):
    settings.PICTURES_REQUIRE_CREDIT = required
    article = factories.article()
    response = admin_client.get(change_url(article))
    data = form_data(
        response, lead_image_upload=png_upload("kyiv.png"), lead_image_alt_text="A square"
    )

    response = admin_client.post(change_url(article), data)

    if required:
        assert response.status_code == 200
        assert errors_of(response)["lead_image_agency"] == [
            "Credit the new picture: choose its photographer or type its agency "
            "(the newsroom requires a credit on every picture)."
        ]
        assert not Image.objects.exists()
    else:
        assert response.status_code == 302, errors_of(response)
        assert Image.objects.get().alt_text == "A square"


def test_staff_who_may_not_add_pictures_cannot_upload_one_from_the_article_form(client, media_root):
    user = get_user_model().objects.create_user("writer", password="pw", is_staff=True)
    for codename in ("view_article", "change_article"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    article = factories.article()
    response = client.get(change_url(article))
    assertNotContains(response, 'name="lead_image_upload"')

    data = form_data(response, lead_image_upload=png_upload(), lead_image_alt_text="A square")
    client.post(change_url(article), data)

    assert not Image.objects.filter(file__endswith=".png").exists()


def change_form_queries(admin_client, bylines: int, related: int) -> int:
    article = factories.article(authors=[factories.author() for _ in range(bylines)])
    for position in range(1, related + 1):
        RelatedLink.objects.create(source=article, target=factories.article(), position=position)
    admin_client.get(change_url(article))  # Content types and the like, cached once.
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(change_url(article))
    assert len(response.context["inline_admin_formsets"][0].formset.initial_forms) == bylines
    return len(queries)


def test_the_article_form_asks_the_same_queries_for_one_byline_or_many(admin_client):
    """Each row's chosen author or article comes with the rows, not one query a row."""
    assert change_form_queries(admin_client, 1, 1) == change_form_queries(admin_client, 8, 5)
