"""The picture desk in a browser: an upload's own metadata fills what the editor left empty."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Image
from tests import pictures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"
IPTC = {
    (2, 120): "Mark Rutte addresses parliament in Kyiv.",
    (2, 80): "Andrii Nesterenko",
    (2, 110): "AFP",
    (2, 116): "© AFP 2026",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    settings.ROOT_URLCONF = "tests.browser.media_urls"


def test_an_upload_with_metadata_fills_the_caption_and_credit(
    browser, live_server, media, tmp_path
):
    get_user_model().objects.create_superuser("desk", "desk@example.org", PASSWORD)
    upload = tmp_path / "rutte.jpg"
    xmp = pictures.xmp_packet(alt_text="A man speaks at a lectern before a blue wall")
    upload.write_bytes(pictures.with_iptc(pictures.jpeg((600, 400), xmp=xmp), IPTC))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        page.goto(live_server.url + reverse("admin:login"))
        page.get_by_label("Username").fill("desk")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**" + reverse("admin:index"))

        page.goto(live_server.url + reverse("admin:articles_image_add"))
        page.locator("input[type=file][name=file]").set_input_files(str(upload))
        page.locator("input[name=_continue]").click()

        assert "Filled from the picture file" in page.locator(".messagelist").inner_text()
        assert page.locator("#id_caption").input_value() == IPTC[(2, 120)]
        assert page.locator("#id_agency").input_value() == "AFP"
        assert page.locator("#id_alt_text").input_value() == (
            "A man speaks at a lectern before a blue wall"
        )
        image = Image.objects.get()
        assert (image.photographer.name, image.copyright_notice) == (
            "Andrii Nesterenko",
            "© AFP 2026",
        )
        assert errors == []
    finally:
        context.close()
