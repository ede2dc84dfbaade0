"""The article form's lead-picture fields obey the user's permissions on pictures.

The caption, credit and alt text typed under "Lead picture" are written to an
Image: without ``change_image`` they must not change a picture, and without
``add_image`` they must not create one. Tested by POSTing the form directly,
as a user could, not only by looking at what it shows.
"""

import pytest
from django.contrib.auth.models import Permission, User
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Image
from tests import factories
from tests.test_admin import change_url, errors_of, form_data

pytestmark = pytest.mark.django_db

# An editor's rights on articles; each test varies the picture permissions beside them.
ARTICLE_PERMISSIONS = ["view_article", "change_article", "add_article", "edit_any_article"]


def staff(*codenames: str) -> User:
    user = User.objects.create_user(f"user-{len(codenames)}", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def picture() -> Image:
    return factories.image(caption="Rutte in Kyiv.", agency="AFP", alt_text="Rutte at a lectern")


def post_article(client, article: Article, **values: str):
    """The change form as the browser sends it, with lead-picture fields added by hand."""
    page = client.get(change_url(article))
    return client.post(change_url(article), form_data(page, **values))


TYPED = {
    "lead_image_caption": "Changed by someone without rights.",
    "lead_image_agency": "Nobody",
    "lead_image_alt_text": "Changed alt text",
}


def as_row(image: Image) -> tuple:
    image.refresh_from_db()
    return (image.caption, image.agency, image.alt_text)


def test_without_picture_permissions_the_chosen_picture_is_unchanged(client, picture):
    article = factories.article(lead_image=picture)
    client.force_login(staff(*ARTICLE_PERMISSIONS))
    before = as_row(picture)

    response = post_article(client, article, **TYPED, headline="A new headline")

    assert response.status_code == 302, errors_of(response)
    assert as_row(picture) == before
    article.refresh_from_db()
    assert article.headline == "A new headline"


def test_without_picture_permissions_no_picture_is_created(client):
    article = factories.article()
    client.force_login(staff(*ARTICLE_PERMISSIONS))

    response = post_article(client, article, **TYPED)

    assert response.status_code == 302, errors_of(response)
    assert Image.objects.count() == 0
    article.refresh_from_db()
    assert article.lead_image is None


def test_without_picture_permissions_the_form_shows_no_picture_fields(client, picture):
    article = factories.article(lead_image=picture)
    client.force_login(staff(*ARTICLE_PERMISSIONS))

    response = client.get(change_url(article))

    assert response.status_code == 200
    assertNotContains(response, 'name="lead_image_caption"')


def test_with_view_permission_only_the_fields_are_shown_but_not_editable(client, picture):
    article = factories.article(lead_image=picture)
    client.force_login(staff(*ARTICLE_PERMISSIONS, "view_image"))
    before = as_row(picture)

    page = client.get(change_url(article))
    response = post_article(client, article, **TYPED)

    assertContains(page, "Rutte in Kyiv.")
    assertContains(page, 'name="lead_image_caption"')
    assertContains(page, "disabled")
    assert response.status_code == 302, errors_of(response)
    assert as_row(picture) == before


def test_with_add_but_not_change_a_chosen_picture_is_refused_with_a_message(client, picture):
    article = factories.article(lead_image=picture)
    client.force_login(staff(*ARTICLE_PERMISSIONS, "view_image", "add_image"))
    before = as_row(picture)

    response = post_article(client, article, **TYPED)

    assert response.status_code == 200
    assertContains(response, "You may not change pictures")
    assert as_row(picture) == before


def test_with_add_but_not_change_a_new_picture_is_created(client):
    article = factories.article()
    client.force_login(staff(*ARTICLE_PERMISSIONS, "view_image", "add_image"))

    response = post_article(client, article, **TYPED)

    assert response.status_code == 302, errors_of(response)
    assert Image.objects.get().caption == TYPED["lead_image_caption"]


def test_with_change_but_not_add_a_new_picture_is_refused_with_a_message(client):
    article = factories.article()
    client.force_login(staff(*ARTICLE_PERMISSIONS, "view_image", "change_image"))

    response = post_article(client, article, **TYPED)

    assert response.status_code == 200
    assertContains(response, "You may not add pictures")
    assert Image.objects.count() == 0


def test_with_change_permission_the_chosen_picture_is_changed(client, picture):
    article = factories.article(lead_image=picture)
    client.force_login(staff(*ARTICLE_PERMISSIONS, "view_image", "change_image"))

    response = post_article(client, article, **TYPED)

    assert response.status_code == 302, errors_of(response)
    assert as_row(picture) == (
        TYPED["lead_image_caption"],
        TYPED["lead_image_agency"],
        TYPED["lead_image_alt_text"],
    )
