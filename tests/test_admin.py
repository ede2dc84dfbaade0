"""What an editor gets from /admin/: lists, forms, inlines, actions, thumbnails."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles import uploads
from articles.models import Article, Author, Image, Publisher, Section, Tag
from tests import factories

pytestmark = pytest.mark.django_db

# The article list, whatever the number of articles and authors: session, user,
# the section and publisher filters, two counts (page and total), the articles
# with section and publisher, their bylines, the date hierarchy's range and dates.
CHANGELIST_QUERIES = 10


# How a browser fills a form -------------------------------------------------


class _FormReader(HTMLParser):
    """The fields a browser would send from one <form>, with their current values."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def _add(self, name: str | None, value: str) -> None:
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = attr.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input":
            kind = attr.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            self._add(attr.get("name"), attr.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = attr.get("name")
        elif tag == "option" and self._select and "selected" in attr:
            self._add(self._select, attr.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = attr.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline that opens a textarea's content.
            self._add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None


def form_data(response, **changes: object) -> dict[str, object]:
    """The admin form on the page as a browser would submit it with "Save", plus changes."""
    model_name = response.context["opts"].model_name
    reader = _FormReader(f"{model_name}_form")
    reader.feed(response.content.decode())
    data: dict[str, object] = {
        name: values if len(values) > 1 else values[0] for name, values in reader.data.items()
    }
    data.update(changes)
    data["_save"] = "Save"
    return data


def add_url(model: type) -> str:
    return reverse(f"admin:articles_{model._meta.model_name}_add")


def change_url(obj: object) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model: type) -> str:
    return reverse(f"admin:articles_{model._meta.model_name}_changelist")


def errors_of(response) -> dict:
    """The form's errors, so a failing save says why."""
    if response.context is None:
        return {}
    form_errors = dict(response.context["adminform"].form.errors)
    for formset in response.context["inline_admin_formsets"]:
        form_errors[formset.formset.prefix] = formset.formset.errors
    return form_errors


def png_upload(name: str = "picture.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    return tmp_path


# Every model: list, add form, add, change form, change ----------------------

SIMPLE_MODELS = {
    Publisher: (factories.publisher, {"name": "Le Soir", "slug": "le-soir"}),
    Author: (factories.author, {"name": "Andrii Nesterenko", "slug": "andrii-nesterenko"}),
    Section: (factories.section, {"name": "Europe", "slug": "europe"}),
    Tag: (factories.tag, {"name": "Kyiv", "slug": "kyiv", "kind": Tag.Kind.PLACE}),
    Image: (factories.image, {"caption": "Mark Rutte in Kyiv.", "agency": "AFP"}),
}
ALL_MODELS = [Article, *SIMPLE_MODELS]


def any_row(model: type) -> object:
    if model is Article:
        return factories.article()
    return SIMPLE_MODELS[model][0]()


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_changelist_lists_existing_rows(admin_client, model):
    row = any_row(model)

    response = admin_client.get(changelist_url(model))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [row]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_add_form_loads(admin_client, model):
    response = admin_client.get(add_url(model))

    assert response.status_code == 200
    assertContains(response, f'id="{model._meta.model_name}_form"')


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model.__name__)
def test_change_form_loads(admin_client, model):
    row = any_row(model)

    response = admin_client.get(change_url(row))

    assert response.status_code == 200
    assert response.context["original"] == row


@pytest.mark.parametrize("model", list(SIMPLE_MODELS), ids=lambda model: model.__name__)
def test_posting_the_add_form_creates_the_row(admin_client, model):
    values = SIMPLE_MODELS[model][1]
    response = admin_client.get(add_url(model))

    response = admin_client.post(add_url(model), form_data(response, **values))

    assertRedirects(response, changelist_url(model), fetch_redirect_response=False)
    assert model.objects.filter(**values).count() == 1


@pytest.mark.parametrize("model", list(SIMPLE_MODELS), ids=lambda model: model.__name__)
def test_posting_the_change_form_changes_the_row(admin_client, model):
    row = SIMPLE_MODELS[model][0]()
    field = "caption" if model is Image else "name"
    response = admin_client.get(change_url(row))

    response = admin_client.post(change_url(row), form_data(response, **{field: "Renamed"}))

    assertRedirects(response, changelist_url(model), fetch_redirect_response=False)
    row.refresh_from_db()
    assert getattr(row, field) == "Renamed"


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    url = changelist_url(Article)

    response = client.get(url)

    assertRedirects(response, f"{reverse('admin:login')}?next={url}")


# Articles -------------------------------------------------------------------


def test_adding_an_article_saves_it_with_byline_and_related_news(admin_client):
    publisher = factories.publisher()
    first, second = factories.author(), factories.author()
    other = factories.article(headline="Earlier story")
    tag = factories.tag()
    response = admin_client.get(add_url(Article))
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == [
        "bylines",
        "related_links",
    ]
    data = form_data(
        response,
        headline="NATO chief arrives in Kyiv",
        slug="nato-chief-arrives-in-kyiv",
        standfirst="Mark Rutte arrived on Tuesday.",
        body="<p>He met the president.</p>",
        status=Article.Status.DRAFT,
        publisher=publisher.pk,
        tags=[tag.pk],
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": second.pk,
            "bylines-0-position": "0",
            "bylines-1-author": first.pk,
            "bylines-1-position": "1",
            "related_links-0-target": other.pk,
            "related_links-0-position": "0",
        },
    )

    response = admin_client.post(add_url(Article), data)

    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(slug="nato-chief-arrives-in-kyiv")
    assert article.headline == "NATO chief arrives in Kyiv"
    assert article.publisher == publisher
    assert list(article.tags.all()) == [tag]
    assert article.byline_authors == [second, first]
    assert [link.target for link in article.related_links.all()] == [other]


def test_changed_headline_and_body_show_on_the_public_page(admin_client, client):
    article = factories.article(headline="Old headline", body="<p>Old body.</p>")
    slug = article.slug
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article),
        form_data(response, headline="New headline", body="<p>New body.</p>"),
    )

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.slug == slug
    page = client.get(article.get_absolute_url())
    assertContains(page, "New headline")
    assertContains(page, "<p>New body.</p>", html=True)
    assertNotContains(page, "Old headline")


def test_editor_chooses_the_lead_story_in_the_publishing_fieldset(admin_client, client):
    older = factories.article(headline="Chosen lead", published_at=timezone.now() - _days(3))
    factories.article(headline="Newest story", published_at=timezone.now() - _days(1))
    response = admin_client.get(change_url(older))
    html = response.content.decode()
    # Between the Publishing heading and the next fieldset's.
    assert (
        html.index(">Publishing</h2>")
        < html.index('name="featured"')
        < html.index(">Lead picture</h2>")
    )

    response = admin_client.post(change_url(older), form_data(response, featured="on"))

    assert response.status_code == 302, errors_of(response)
    lead = re.search(
        r'<section class="front-lead"(.*?)</section>', client.get("/").content.decode(), re.S
    )
    assert lead is not None
    assert "Chosen lead" in lead.group(1)
    assertContains(admin_client.get(changelist_url(Article)), "?featured__exact=1")


def _days(days: int) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def test_an_imported_body_shows_one_paragraph_a_line_in_the_form(admin_client, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    article = Article.objects.get()

    response = admin_client.get(change_url(article))

    body = form_data(response)["body"]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 9
    assert all(p.startswith("<p>") and p.endswith("</p>") for p in paragraphs)
    assert paragraphs[0].startswith("<p>On the night of 3 February")


def test_script_in_the_body_is_refused_with_its_name_and_nothing_is_saved(admin_client):
    article = factories.article(body="<p>Before.</p>")
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article),
        form_data(response, body="<p>Kept.</p><script>alert(1)</script>"),
    )

    assert response.status_code == 200
    [message] = errors_of(response)["body"]
    assert message.startswith("These cannot be kept in the text: <script>. Remove them")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")  # still in the textarea
    article.refresh_from_db()
    assert article.body == "<p>Before.</p>"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('<p style="color:red">Red.</p>', "the style attribute on <p>"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "the link to javascript:alert(1)"),
        ('<iframe src="https://example.org/embed"></iframe>', "<iframe>"),
        ("<p>One<img src=x onerror=alert(1)></p>", "<img>"),
        ("<p>Two</p><!-- check the figure with the desk -->", "an HTML comment"),
    ],
)
def test_markup_the_body_cannot_keep_is_named(admin_client, body, named):
    article = factories.article()
    response = admin_client.get(change_url(article))

    response = admin_client.post(change_url(article), form_data(response, body=body))

    assert named in errors_of(response)["body"][0]


def test_a_saved_body_with_links_saves_again_unchanged(admin_client):
    article = factories.article(
        body='<h2>Sources</h2><p>See <a href="https://nato.int/" title="NATO">NATO</a>, '
        '<a href="/2026/02/03/other/">our report</a> and <a href="mailto:desk@example.org">'
        "the desk</a>.</p>"
    )
    saved = article.body
    assert 'rel="noopener noreferrer"' in saved
    response = admin_client.get(change_url(article))

    response = admin_client.post(change_url(article), form_data(response))

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.body == saved


def test_body_help_shows_the_allowed_tags_as_text(admin_client):
    response = admin_client.get(add_url(Article))

    assertContains(response, "Allowed tags: a, b, blockquote, br, em, h2, h3, h4, i, li, ol, p")


def test_lead_picture_fields_show_the_chosen_images_caption_and_credit(admin_client):
    photographer = factories.author(name="Andrii Nesterenko")
    image = factories.image(caption="Rutte in Kyiv.", agency="AFP", photographer=photographer)
    article = factories.article(lead_image=image)

    response = admin_client.get(change_url(article))

    data = form_data(response)
    assert data["lead_image_caption"] == "Rutte in Kyiv."
    assert data["lead_image_agency"] == "AFP"
    assert data["lead_image_photographer"] == str(photographer.pk)


def test_lead_picture_fields_update_the_lead_image(admin_client):
    image = factories.image(caption="Old caption.", agency="Reuters")
    article = factories.article(lead_image=image)
    photographer = factories.author(name="Andrii Nesterenko")
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article),
        form_data(
            response,
            lead_image_caption="Mark Rutte in Kyiv.",
            lead_image_agency="AFP",
            lead_image_photographer=photographer.pk,
        ),
    )

    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert (image.caption, image.agency, image.photographer) == (
        "Mark Rutte in Kyiv.",
        "AFP",
        photographer,
    )
    assert image.credit == "Andrii Nesterenko / AFP"
    assert Image.objects.count() == 1


def test_lead_picture_fields_without_an_image_create_one(admin_client):
    article = factories.article()
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article),
        form_data(response, lead_image_caption="Flooded streets.", lead_image_agency="Belga"),
    )

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.lead_image.caption, article.lead_image.agency) == ("Flooded streets.", "Belga")


def test_lead_picture_focal_point_is_set_from_the_article_form(admin_client):
    image = factories.image(caption="Rutte in Kyiv.")
    article = factories.article(lead_image=image)
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article), form_data(response, lead_image_focal_x="75", lead_image_focal_y="20")
    )

    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y, image.caption) == (75, 20, "Rutte in Kyiv.")


def test_a_focal_point_alone_without_a_picture_creates_none(admin_client):
    article = factories.article()
    response = admin_client.get(change_url(article))

    response = admin_client.post(change_url(article), form_data(response, lead_image_focal_x="70"))

    assert response.status_code == 302, errors_of(response)
    assert not Image.objects.exists()


def test_choosing_another_lead_image_keeps_its_own_caption(admin_client):
    old = factories.image(caption="Old picture.", agency="Reuters")
    new = factories.image(caption="New picture.", agency="AFP")
    article = factories.article(lead_image=old)
    response = admin_client.get(change_url(article))

    admin_client.post(change_url(article), form_data(response, lead_image=new.pk))

    article.refresh_from_db()
    new.refresh_from_db()
    assert article.lead_image == new
    assert (new.caption, new.agency) == ("New picture.", "AFP")


def test_too_long_agency_is_reported_on_its_field(admin_client):
    article = factories.article(lead_image=factories.image(agency="AFP"))
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article), form_data(response, lead_image_agency="A" * 101)
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["lead_image_agency"]
    assert Image.objects.get().agency == "AFP"


def test_view_on_site_opens_a_draft_for_staff(admin_client):
    article = factories.article(status=Article.Status.DRAFT, headline="Draft story")
    response = admin_client.get(change_url(article))
    link = reverse("admin:view_on_site", args=[response.context["content_type_id"], article.pk])
    assertContains(response, link)

    page = admin_client.get(link, follow=True)

    assert page.redirect_chain[-1][0].endswith(article.get_absolute_url())
    assertContains(page, "Draft story")


def run_action(admin_client, action: str, articles: list[Article]):
    return admin_client.post(
        changelist_url(Article),
        {"action": action, "_selected_action": [article.pk for article in articles]},
        follow=True,
    )


def test_publish_action_publishes_drafts_and_says_how_many(admin_client):
    drafts = [factories.article(status=Article.Status.DRAFT, published_at=None) for _ in range(2)]
    already = factories.article()

    response = run_action(admin_client, "publish", [*drafts, already])

    assertContains(response, "2 articles were published.")
    for article in drafts:
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at is not None


def test_publish_action_keeps_a_scheduled_time(admin_client):
    draft = factories.article(status=Article.Status.DRAFT)
    scheduled = draft.published_at

    run_action(admin_client, "publish", [draft])

    draft.refresh_from_db()
    assert draft.published_at == scheduled


def test_unpublish_action_marks_articles_unpublished_and_says_how_many(admin_client):
    article = factories.article()

    response = run_action(admin_client, "unpublish", [article])

    assertContains(response, "1 article was unpublished.")
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_actions_are_recorded_in_the_article_history(admin_client):
    article = factories.article(status=Article.Status.DRAFT)

    run_action(admin_client, "publish", [article])

    assert [entry.change_message for entry in LogEntry.objects.all()] == ["Published."]


def test_article_search_finds_by_headline(admin_client):
    wanted = factories.article(headline="Floods in Liège")
    factories.article(headline="Budget talks resume")

    response = admin_client.get(changelist_url(Article), {"q": "liège"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_shows_authors_in_byline_order(admin_client):
    factories.article(
        authors=[factories.author(name="Zoë Adams"), factories.author(name="Ben Clark")]
    )

    response = admin_client.get(changelist_url(Article))

    assertContains(response, "Zoë Adams, Ben Clark")


def changelist_queries(admin_client, articles: int) -> int:
    for _ in range(articles):
        factories.article(
            section=factories.section(), authors=[factories.author(), factories.author()]
        )
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(changelist_url(Article))
    assert len(response.context["cl"].result_list) == Article.objects.count()
    return len(queries)


def test_changelist_queries_do_not_grow_with_the_number_of_articles(admin_client):
    with_three = changelist_queries(admin_client, 3)
    with_fifteen = changelist_queries(admin_client, 12)

    assert (with_three, with_fifteen) == (CHANGELIST_QUERIES, CHANGELIST_QUERIES)


# Images ---------------------------------------------------------------------


def test_image_changelist_shows_a_thumbnail_only_for_an_image_with_a_file(admin_client, media_root):
    with_file = factories.image(file=png_upload(), alt_text="A red square")
    without_file = factories.image(caption="Sent without a file.")

    response = admin_client.get(changelist_url(Image))

    assertContains(response, '<img src="/media/', count=1)
    assertContains(
        response, f'<img src="{with_file.file.url}" alt="A red square" width="80">', html=True
    )
    assertContains(response, f'<a href="{change_url(without_file)}">—</a>', html=True)


def test_image_alt_text_is_escaped_in_the_thumbnail(admin_client, media_root):
    factories.image(file=png_upload(), alt_text='"><script>alert(1)</script>')

    response = admin_client.get(changelist_url(Image))

    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "&quot;&gt;&lt;script&gt;")


def test_uploading_a_picture_without_alt_text_asks_for_it(admin_client, media_root):
    page = admin_client.get(add_url(Image))

    response = admin_client.post(
        add_url(Image), form_data(page, caption="Rutte in Kyiv.", file=png_upload())
    )

    assert response.status_code == 200
    assert errors_of(response)["alt_text"] == [
        "Describe what the picture shows, for readers who cannot see it."
    ]
    assert not Image.objects.exists()


def test_uploading_a_picture_with_alt_text_stores_its_size(admin_client, media_root):
    page = admin_client.get(add_url(Image))

    admin_client.post(
        add_url(Image),
        form_data(
            page,
            caption="Rutte in Kyiv.",
            alt_text="Rutte at a lectern",
            agency="AFP",
            file=png_upload(),
        ),
    )

    image = Image.objects.get()
    assert (image.width, image.height) == (4, 3)
    assert image.file.name.endswith(".png")


def test_uploading_a_file_that_is_not_a_picture_is_refused_with_a_reason(admin_client, media_root):
    page = admin_client.get(add_url(Image))
    fake = SimpleUploadedFile("photo.png", b"not a picture at all", content_type="image/png")

    response = admin_client.post(
        add_url(Image), form_data(page, caption="Rutte.", alt_text="Rutte", file=fake)
    )

    assert errors_of(response)["file"][0].startswith("This is not a picture we recognise;")
    assert not Image.objects.exists()


def picture_upload(name: str, picture_format: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "red").save(buffer, format=picture_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_uploading_a_tiff_is_refused_with_the_formats_browsers_show(admin_client, media_root):
    page = admin_client.get(add_url(Image))

    response = admin_client.post(
        add_url(Image),
        form_data(
            page, caption="Rutte.", alt_text="Rutte", file=picture_upload("rutte.tif", "TIFF")
        ),
    )

    assert errors_of(response)["file"] == [
        f"This is a TIFF file; browsers show {uploads.format_names()} pictures. "
        "Save it as one of those and upload it again."
    ]
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.tif"))


def test_a_tiff_renamed_to_png_is_still_refused(admin_client, media_root):
    page = admin_client.get(add_url(Image))

    response = admin_client.post(
        add_url(Image),
        form_data(
            page, caption="Rutte.", alt_text="Rutte", file=picture_upload("rutte.png", "TIFF")
        ),
    )

    assert "This is a TIFF file" in errors_of(response)["file"][0]
    assert not Image.objects.exists()


def test_uploading_a_picture_over_the_size_limit_is_refused(admin_client, media_root, settings):
    settings.PICTURE_MAX_BYTES = 1024 * 1024
    page = admin_client.get(add_url(Image))
    big = io.BytesIO()
    PILImage.effect_noise((1200, 1200), 100).convert("RGB").save(big, format="PNG")
    assert big.tell() > 1024 * 1024

    response = admin_client.post(
        add_url(Image),
        form_data(
            page,
            caption="Noise.",
            alt_text="Grey noise",
            file=SimpleUploadedFile("noise.png", big.getvalue()),
        ),
    )

    message = errors_of(response)["file"][0]
    assert message.startswith(f"The file is {big.tell() / 1024 / 1024:.1f} MB; the limit is 1 MB.")
    assert not Image.objects.exists()


@pytest.mark.parametrize(("model", "field"), [(Author, "photo"), (Publisher, "logo")])
def test_author_photos_and_publisher_logos_must_be_web_pictures(
    admin_client, media_root, model, field
):
    row = SIMPLE_MODELS[model][0]()
    page = admin_client.get(change_url(row))

    refused = admin_client.post(
        change_url(row), form_data(page, **{field: picture_upload("a.bmp", "BMP")})
    )
    accepted = admin_client.post(
        change_url(row), form_data(page, **{field: picture_upload("a.webp", "WEBP")})
    )

    assert "This is a BMP file" in errors_of(refused)[field][0]
    assert accepted.status_code == 302
    row.refresh_from_db()
    assert getattr(row, field).name.endswith(".webp")


def test_a_picture_whose_file_went_missing_can_still_be_edited(admin_client, media_root):
    image = factories.image(file=png_upload(), alt_text="Rutte at a lectern", agency="AFP")
    (media_root / image.file.name).unlink()
    page = admin_client.get(change_url(image))

    response = admin_client.post(change_url(image), form_data(page, caption="Corrected caption."))

    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert image.caption == "Corrected caption."


def test_replacing_a_picture_records_the_new_size(admin_client, media_root):
    image = factories.image(file=png_upload(), alt_text="Rutte at a lectern", agency="AFP")
    page = admin_client.get(change_url(image))
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 5), "blue").save(buffer, format="JPEG")

    admin_client.post(
        change_url(image), form_data(page, file=SimpleUploadedFile("wide.jpg", buffer.getvalue()))
    )

    image.refresh_from_db()
    assert (image.width, image.height) == (8, 5)
    assert image.file.name.endswith(".jpg")


# Names, slugs and the taxonomy editors curate -------------------------------


def add_with_blank_slug(admin_client, model: type, **values: object):
    response = admin_client.get(add_url(model))
    return admin_client.post(add_url(model), form_data(response, slug="", **values))


def test_an_author_added_with_a_greek_name_and_no_slug_gets_its_transliteration(admin_client):
    response = add_with_blank_slug(admin_client, Author, name="Γιώργος Νικολάου")

    assert response.status_code == 302, errors_of(response)
    assert Author.objects.get().slug == "giorgos-nikolaou"


def test_two_cyrillic_authors_added_in_the_admin_get_two_slugs_and_two_pages(admin_client, client):
    for name in ("Ірина Шевченко", "Ирина Шевченко"):
        response = add_with_blank_slug(admin_client, Author, name=name)
        assert response.status_code == 302, errors_of(response)

    people = list(Author.objects.order_by("pk").values_list("name", "slug"))

    assert people == [
        ("Ірина Шевченко", "irina-shevchenko"),
        ("Ирина Шевченко", "irina-shevchenko-2"),
    ]
    # A person's page is public once they have a published article.
    for person in Author.objects.all():
        factories.article(authors=[person])
    assertContains(client.get("/authors/irina-shevchenko/"), "Ірина Шевченко</h1>")
    assertContains(client.get("/authors/irina-shevchenko-2/"), "Ирина Шевченко</h1>")


def test_the_slug_field_says_it_may_be_left_empty(admin_client):
    response = admin_client.get(add_url(Author))

    assertContains(response, "Leave it empty to have it made from the name")
    assertContains(response, 'data-prepopulated-fields="[]"')


def test_an_article_added_with_a_greek_headline_and_no_slug_gets_one(admin_client):
    publisher = factories.publisher()

    response = add_with_blank_slug(
        admin_client,
        Article,
        headline="Νέα γραμμή τραμ στην Αθήνα",
        standfirst="Ξεκινά την άνοιξη.",
        status=Article.Status.DRAFT,
        publisher=publisher.pk,
    )

    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get().slug == "nea-gramme-tram-sten-athena"


def test_a_tag_whose_name_has_no_letters_to_transliterate_still_gets_a_slug(admin_client):
    response = add_with_blank_slug(admin_client, Tag, name="🇺🇦", kind=Tag.Kind.TOPIC)

    assert response.status_code == 302, errors_of(response)
    assert Tag.objects.get().slug.startswith("tag-")


def test_a_tag_is_saved_with_the_aliases_and_description_an_editor_gives(admin_client):
    response = admin_client.get(add_url(Tag))

    response = admin_client.post(
        add_url(Tag),
        form_data(
            response,
            name="Volodymyr Zelensky",
            kind=Tag.Kind.PERSON,
            slug="",
            aliases="Zelenskyy\nZelenskiy",
            description="President of Ukraine since 2019.",
        ),
    )

    assert response.status_code == 302, errors_of(response)
    tag = Tag.objects.get()
    assert (tag.slug, tag.alias_names, tag.description) == (
        "volodymyr-zelensky",
        ["Zelenskyy", "Zelenskiy"],
        "President of Ukraine since 2019.",
    )


def test_the_tag_list_shows_aliases_and_search_finds_a_tag_by_alias(admin_client):
    wanted = factories.tag(name="Volodymyr Zelensky", kind=Tag.Kind.PERSON, aliases="Zelenskyy")
    factories.tag(name="Kyiv", kind=Tag.Kind.PLACE)

    response = admin_client.get(changelist_url(Tag), {"q": "zelenskyy"})

    assert list(response.context["cl"].result_list) == [wanted]
    assertContains(response, '<td class="field-alias_list">Zelenskyy</td>', html=True)


def changelist_data(response, **changes: object) -> dict[str, object]:
    """The changelist's editable rows as a browser submits them with "Save", plus changes."""
    reader = _FormReader("changelist-form")
    reader.feed(response.content.decode())
    data: dict[str, object] = {name: values[-1] for name, values in reader.data.items()}
    data.update(changes)
    data["_save"] = "Save"
    return data


def test_editors_order_the_navigation_from_the_section_list(admin_client):
    europe = factories.section(name="Europe", position=1, in_navigation=True)
    sport = factories.section(name="Sport", position=2)
    response = admin_client.get(changelist_url(Section))
    rows = {row.pk: n for n, row in enumerate(response.context["cl"].result_list)}
    data = changelist_data(
        response,
        **{
            f"form-{rows[europe.pk]}-position": "5",
            f"form-{rows[sport.pk]}-position": "1",
            f"form-{rows[sport.pk]}-in_navigation": "on",
        },
    )

    response = admin_client.post(changelist_url(Section), data)

    assert response.status_code == 302, response.context and response.context["cl"].formset.errors
    assert list(Section.objects.values_list("name", "in_navigation", "position")) == [
        ("Sport", True, 1),
        ("Europe", True, 5),
    ]


def test_a_section_is_saved_with_its_description_and_navigation_place(admin_client):
    response = admin_client.get(add_url(Section))

    response = admin_client.post(
        add_url(Section),
        form_data(
            response,
            name="Ελλάδα",
            slug="",
            description="News from Greece.",
            in_navigation="on",
            position="3",
        ),
    )

    assert response.status_code == 302, errors_of(response)
    assert list(
        Section.objects.values_list("slug", "description", "in_navigation", "position")
    ) == [("ellada", "News from Greece.", True, 3)]


def test_a_publisher_is_saved_with_its_description(admin_client):
    publisher = factories.publisher(name="Le Soir")
    response = admin_client.get(change_url(publisher))

    response = admin_client.post(
        change_url(publisher), form_data(response, description="Brussels' French-language daily.")
    )

    assert response.status_code == 302, errors_of(response)
    publisher.refresh_from_db()
    assert publisher.description == "Brussels' French-language daily."


# Focal point and renditions -------------------------------------------------


def photo_upload(size: tuple[int, int] = (900, 450)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def few_widths(settings):
    settings.PICTURE_WIDTHS = [320, 640]
    settings.PICTURE_CARD_WIDTHS = [320]


def test_uploading_a_picture_makes_its_renditions_once_saved(
    admin_client, media_root, few_widths, django_capture_on_commit_callbacks
):
    page = admin_client.get(add_url(Image))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            add_url(Image),
            form_data(
                page,
                alt_text="Teal",
                agency="AFP",
                file=photo_upload(),
                focal_x="80",
                focal_y="20",
            ),
        )

    image = Image.objects.get()
    assert (image.focal_x, image.focal_y) == (80, 20)
    assert sorted((r["width"], r["crop"]) for r in image.renditions if r["format"] == "jpeg") == [
        (320, False),
        (320, True),
        (640, False),
    ]


def test_the_focal_point_is_two_numbers_from_0_to_100(admin_client, media_root):
    image = factories.image(caption="Rutte.", focal_x=70, focal_y=30)

    response = admin_client.get(change_url(image))

    for name, value in [("focal_x", 70), ("focal_y", 30)]:
        field = re.search(rf'<input type="number" name="{name}"[^>]*>', response.content.decode())
        assert field is not None
        assert f'value="{value}"' in field.group(0)
        assert 'min="0"' in field.group(0) and 'max="100"' in field.group(0)


def test_a_focal_point_past_the_edge_is_refused_with_a_reason(admin_client, media_root):
    image = factories.image(caption="Rutte.")
    page = admin_client.get(change_url(image))

    response = admin_client.post(change_url(image), form_data(page, focal_x="120"))

    assert errors_of(response)["focal_x"] == ["Ensure this value is less than or equal to 100."]


def test_the_image_form_lists_the_renditions_made(
    admin_client, media_root, few_widths, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = factories.image(file=photo_upload(), alt_text="Teal")
    image.refresh_from_db()
    jpeg = next(r for r in image.renditions if r["format"] == "jpeg" and r["crop"])

    response = admin_client.get(change_url(image))

    assertContains(
        response,
        f'<li><a href="/media/{jpeg["name"]}">320 × 213 JPEG, card crop</a></li>',
        html=True,
    )
    assertContains(response, '<li><a href="/media/', count=len(image.renditions))


def test_an_image_without_renditions_says_pages_show_the_original(admin_client, media_root):
    image = factories.image(file=png_upload(), alt_text="Red")

    response = admin_client.get(change_url(image))

    assertContains(response, "None yet: pages show the original.")


def test_the_thumbnail_is_the_smallest_rendition(
    admin_client, media_root, few_widths, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = factories.image(file=photo_upload(), alt_text="Teal")
    image.refresh_from_db()
    smallest = next(
        r["name"] for r in image.renditions if r == {**r, "format": "jpeg", "width": 320}
    )

    response = admin_client.get(changelist_url(Image))

    assertContains(response, f'<img src="/media/{smallest}" alt="Teal" width="80">', html=True)
