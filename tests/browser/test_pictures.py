"""On a phone the browser picks a small rendition, in the best format it reads, unhindered."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import features

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Chromium reads AVIF; the site offers it first where Pillow could write it.
BEST = "avif" if features.check("avif") else "webp"


@pytest.fixture
def served_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    settings.ROOT_URLCONF = "tests.browser.media_urls"


@pytest.fixture
def phone(browser):
    """A phone-sized window at one device pixel per CSS pixel, so the choice is predictable."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page, problems
    context.close()


def photo(size: tuple[int, int], subject: tuple[int, int, int, int]) -> ContentFile:
    """Grey noise with a red subject (left, top, right, bottom) to see in the screenshots."""
    picture = PILImage.effect_noise(size, 40).convert("RGB")
    picture.paste((200, 30, 30), subject)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="kyiv.jpg")


def loaded_picture(page) -> dict:
    img = page.locator("figure img").first
    img.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    return img.evaluate("img => ({src: img.currentSrc, width: img.naturalWidth})")


def test_an_article_on_a_phone_loads_a_small_rendition(live_server, served_media, phone, artifacts):
    page, problems = phone
    file = photo((2400, 1600), (1100, 700, 1300, 900))
    image = factories.image(file=file, alt_text="Rutte at a lectern")
    article = factories.article(lead_image=image)

    page.goto(live_server.url + article.get_absolute_url())

    # The picture is the full width of a 390-pixel screen: 640 is the smallest width enough.
    chosen = loaded_picture(page)
    assert chosen["src"].endswith(f".640w.{BEST}")
    # Shown at the 390 CSS pixels the screen has, from the 640 pixels sent.
    assert chosen["width"] == 390
    assert problems == []
    page.screenshot(path=str(artifacts / "picture-article-phone.png"))


def test_the_lead_card_on_a_phone_loads_a_small_focal_crop(
    live_server, served_media, phone, artifacts
):
    file = photo((2400, 1000), (1820, 400, 2020, 600))
    image = factories.image(file=file, alt_text="Panorama", focal_x=80)
    factories.article(lead_image=image, published_at=timezone.now() - timedelta(hours=1))
    page, problems = phone

    page.goto(live_server.url + "/")

    chosen = loaded_picture(page)
    assert chosen["src"].endswith(f".card-80-50.640w.{BEST}")
    assert problems == []
    page.screenshot(path=str(artifacts / "picture-card-phone.png"))
