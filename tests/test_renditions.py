"""Renditions: made once after an upload, kept in step with the file, shown in <picture>."""

import datetime
import io
import logging
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from PIL import features

from articles import renditions
from articles.models import Image
from tests import factories

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)
FORMATS = ["avif", "webp", "jpeg"] if features.check("avif") else ["webp", "jpeg"]
PILLOW_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PICTURE_WIDTHS = [320, 640, 960, 1280, 1920]
    settings.PICTURE_CARD_WIDTHS = [320, 640, 960, 1280]
    return tmp_path


def jpeg(size: tuple[int, int], block: tuple[int, int, int, int] | None = None) -> bytes:
    """A white JPEG, with a red block (left, top, right, bottom) where asked."""
    picture = PILImage.new("RGB", size, "white")
    if block:
        picture.paste(RED, block)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def few_widths(settings):
    """For tests about something other than the widths: two of each, made faster."""
    settings.PICTURE_WIDTHS = [320, 640]
    settings.PICTURE_CARD_WIDTHS = [320, 640]


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Save an Image with a file the way a commit does: renditions are made after it."""

    def upload(data: bytes, name: str = "rutte.jpg", **fields) -> Image:
        with django_capture_on_commit_callbacks(execute=True):
            fields = {"alt_text": "Rutte at a lectern", **fields}
            image = factories.image(file=ContentFile(data, name=name), **fields)
        image.refresh_from_db()
        return image

    return upload


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Save an existing Image and run what its commit runs."""

    def commit(image: Image) -> Image:
        with django_capture_on_commit_callbacks(execute=True):
            image.save()
        image.refresh_from_db()
        return image

    return commit


def made(image: Image, *, crop: bool) -> list[tuple[str, int, int]]:
    return sorted(
        (r["format"], r["width"], r["height"]) for r in image.renditions if r["crop"] == crop
    )


def files_beside(media, image: Image) -> set[str]:
    folder = media / image.file.name.rsplit("/", 1)[0]
    return {str(path.relative_to(media)) for path in folder.iterdir()} - {image.file.name}


# Made once, at upload ---------------------------------------------------------------


def test_an_upload_gets_every_width_in_every_format(media, upload):
    image = upload(jpeg((2400, 1600)))

    widths = [(320, 213), (640, 427), (960, 640), (1280, 853), (1920, 1280)]
    assert made(image, crop=False) == sorted((f, w, h) for f in FORMATS for w, h in widths)


def test_each_rendition_is_stored_beside_the_original_in_its_format_and_size(media, upload):
    image = upload(jpeg((2400, 1600)))

    for record in image.renditions:
        assert record["name"].rsplit("/", 1)[0] == image.file.name.rsplit("/", 1)[0]
        with PILImage.open(media / record["name"]) as stored:
            assert stored.format == PILLOW_FORMATS[record["format"]]
            assert stored.size == (record["width"], record["height"])
    assert files_beside(media, image) == {record["name"] for record in image.renditions}


def test_avif_is_made_only_where_pillow_can_write_it(media, upload, monkeypatch):
    monkeypatch.setattr(renditions.features, "check", lambda feature: feature != "avif")

    image = upload(jpeg((800, 600)))

    assert {record["format"] for record in image.renditions} == {"webp", "jpeg"}


def test_no_rendition_is_wider_than_the_original(media, upload):
    image = upload(jpeg((1000, 500)))

    assert sorted({w for _, w, _ in made(image, crop=False)}) == [320, 640, 960, 1000]
    # Cards: the largest 3:2 box in a 1000×500 picture is 750 wide.
    assert sorted({w for _, w, _ in made(image, crop=True)}) == [320, 640, 750]


def test_a_picture_smaller_than_every_width_keeps_its_own_size(media, upload):
    image = upload(jpeg((200, 100)))

    assert made(image, crop=False) == [(f, 200, 100) for f in sorted(FORMATS)]


def test_a_photo_turned_by_its_exif_orientation_is_made_upright(media, few_widths, upload):
    picture = PILImage.new("RGB", (1200, 600), "white")
    exif = PILImage.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned a quarter; show it portrait.
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)

    image = upload(buffer.getvalue())

    assert made(image, crop=False) == sorted((f, w, w * 2) for f in FORMATS for w in (320, 600))


def test_a_card_shaped_picture_needs_no_crops(media, few_widths, upload):
    image = upload(jpeg((2400, 1600)))

    assert made(image, crop=True) == []


def test_saving_the_caption_again_does_not_remake_renditions(media, few_widths, upload, commit):
    image = upload(jpeg((1200, 600)))
    before = {name: (media / name).stat().st_mtime_ns for name in files_beside(media, image)}
    listed = image.renditions

    image.caption = "Corrected caption."
    image = commit(image)

    after = {name: (media / name).stat().st_mtime_ns for name in files_beside(media, image)}
    assert (image.renditions, after) == (listed, before)


def test_nothing_is_made_until_the_save_commits(media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = factories.image(file=ContentFile(jpeg((800, 600)), name="a.jpg"), alt_text="A")

    image.refresh_from_db()
    queued = [c for c in callbacks if getattr(c, "func", None) is renditions.queue]
    assert (image.renditions, files_beside(media, image), len(queued)) == ([], set(), 1)


# The focal point --------------------------------------------------------------------


def red_share(picture: PILImage.Image, box: tuple[int, int, int, int]) -> float:
    """How much of ``box`` in ``picture`` is (JPEG-)red."""
    region = picture.convert("RGB").crop(box)
    pixels = list(region.get_flattened_data())
    red = [p for p in pixels if p[0] > 180 and p[1] < 80 and p[2] < 80]
    return len(red) / len(pixels)


def card_crop(media, image: Image, width: int) -> PILImage.Image:
    record = next(
        r for r in image.renditions if r["crop"] and r["format"] == "jpeg" and r["width"] == width
    )
    return PILImage.open(media / record["name"])


def test_the_card_crop_keeps_the_focal_point_in_frame(media, few_widths, upload):
    # A 3:1 panorama with the subject near its right edge: x 2100-2200, y 350-450.
    data = jpeg((2400, 800), block=(2100, 350, 2200, 450))

    image = upload(data, focal_x=90, focal_y=50)

    # The 1200×800 box stops at the right edge (1200-2400): the block is at x 900-1000,
    # y 350-450 of it, so at x 480-533, y 187-240 of the 640-wide crop.
    with card_crop(media, image, 640) as crop:
        assert crop.size == (640, 427)
        assert red_share(crop, (486, 193, 527, 234)) > 0.95


def test_a_centred_crop_of_the_same_picture_would_lose_the_subject(media, few_widths, upload):
    data = jpeg((2400, 800), block=(2100, 350, 2200, 450))

    image = upload(data)

    with card_crop(media, image, 640) as crop:
        assert red_share(crop, (0, 0, 640, 427)) == 0


def test_a_focal_point_near_the_top_keeps_a_face_in_a_portrait(media, few_widths, upload):
    # A portrait 1000×2000, the face at the top: x 450-550, y 150-250.
    data = jpeg((1000, 2000), block=(450, 150, 550, 250))

    image = upload(data, focal_x=50, focal_y=10)

    # The 1000×667 box starts at the top (200 - 333 < 0): the face is at y 150-250,
    # so at y 96-160 of the 640-wide crop, x 288-352.
    with card_crop(media, image, 640) as crop:
        assert red_share(crop, (294, 102, 346, 154)) > 0.95


def test_moving_the_focal_point_remakes_only_the_crops(media, few_widths, upload, commit):
    image = upload(jpeg((2400, 800)), focal_x=50)
    widths = {r["name"]: (media / r["name"]).stat().st_mtime_ns for r in image.renditions}
    widths = {name: t for name, t in widths.items() if ".card-" not in name}
    old_crops = {r["name"] for r in image.renditions if r["crop"]}

    image.focal_x = 90
    image = commit(image)

    new_crops = {r["name"] for r in image.renditions if r["crop"]}
    assert {r["name"]: (media / r["name"]).stat().st_mtime_ns for r in image.renditions} == {
        **widths,
        **{name: (media / name).stat().st_mtime_ns for name in new_crops},
    }
    assert new_crops and not new_crops & old_crops
    assert not any((media / name).exists() for name in old_crops)


# Stale files ------------------------------------------------------------------------


def test_replacing_the_file_deletes_the_old_renditions(media, few_widths, upload, commit):
    image = upload(jpeg((1200, 600)))
    old = {record["name"] for record in image.renditions}

    image.file = ContentFile(jpeg((600, 400)), name="replacement.jpg")
    image = commit(image)

    assert not any((media / name).exists() for name in old)
    assert all((media / r["name"]).exists() for r in image.renditions)
    assert max(w for _, w, _ in made(image, crop=False)) == 600


def test_removing_the_file_deletes_its_renditions(media, few_widths, upload, commit):
    image = upload(jpeg((1200, 600)))
    old = {record["name"] for record in image.renditions}

    image.file = None
    image = commit(image)

    assert image.renditions == []
    assert not any((media / name).exists() for name in old)


def test_deleting_the_image_deletes_its_renditions(
    media, few_widths, upload, django_capture_on_commit_callbacks
):
    image = upload(jpeg((1200, 600)))
    old = {record["name"] for record in image.renditions}

    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.filter(pk=image.pk).delete()

    assert old and not any((media / name).exists() for name in old)


# Failure never stops a save -----------------------------------------------------------


def truncated_jpeg() -> bytes:
    data = jpeg((1200, 800), block=(0, 0, 600, 400))
    return data[: len(data) // 2]


def test_a_truncated_picture_is_saved_and_logged_without_renditions(media, upload, caplog):
    with caplog.at_level(logging.ERROR, logger="articles.renditions"):
        image = upload(truncated_jpeg(), caption="Still saved.")

    assert (image.caption, image.renditions) == ("Still saved.", [])
    assert files_beside(media, image) == set()
    assert f"Could not make renditions of {image.file.name}" in caplog.text


def test_a_picture_over_the_pixel_limit_is_saved_and_logged_without_renditions(
    media, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    # Uploads over Pillow's limit are refused; this one was stored before it was lowered.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = factories.image(file=ContentFile(jpeg((1200, 800)), name="big.jpg"), alt_text="B")
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1000)

    with caplog.at_level(logging.ERROR, logger="articles.renditions"):
        for callback in callbacks:
            callback()

    image.refresh_from_db()
    assert image.renditions == []
    assert files_beside(media, image) == set()
    assert "DecompressionBombError" in caplog.text


def test_a_picture_without_renditions_shows_its_original_file(media, upload, client):
    image = upload(truncated_jpeg())
    article = factories.article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<picture>" not in html
    assert f'<img src="/media/{image.file.name}" alt="Rutte at a lectern"' in html


# The page's <picture> ----------------------------------------------------------------


def tag(html: str, name: str, **attrs: str) -> dict[str, str]:
    """The attributes of the first <name> whose attributes include ``attrs``."""
    for found in re.finditer(rf"<{name}\s([^>]*)>", html):
        values = dict(re.findall(r'([\w-]+)="([^"]*)"', found.group(1)))
        if all(values.get(key) == value for key, value in attrs.items()):
            return values
    raise AssertionError(f"no <{name} {attrs}> in the page")


def srcset_widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1][:-1]) for candidate in srcset.split(", ")]


@pytest.fixture
def lead_page(media, upload, client):
    image = upload(jpeg((2400, 1600)))
    article = factories.article(lead_image=image)
    return image, client.get(article.get_absolute_url()).content.decode()


def test_the_article_picture_offers_each_format_at_each_width(lead_page):
    _image, html = lead_page

    sources = re.findall(r'<source type="([^"]+)" srcset="([^"]+)"', html)
    img = tag(html, "img", alt="Rutte at a lectern")

    offered = [(kind, srcset_widths(srcset)) for kind, srcset in sources]
    expected_types = [f"image/{f}" for f in FORMATS if f != "jpeg"]
    widths = [320, 640, 960, 1280, 1920]
    assert offered == [(kind, widths) for kind in expected_types]
    assert srcset_widths(img["srcset"]) == widths


def test_the_article_picture_falls_back_to_a_960_jpeg_of_stated_size(lead_page):
    image, html = lead_page

    img = tag(html, "img", alt="Rutte at a lectern")

    stem = image.file.name.rsplit(".", 1)[0]
    assert (img["src"], img["width"], img["height"]) == (f"/media/{stem}.960w.jpeg", "960", "640")


def test_every_source_has_the_same_valid_sizes(lead_page):
    _image, html = lead_page

    sizes = re.findall(r' sizes="([^"]*)"', html)

    assert set(sizes) == {"(min-width: 46rem) 44rem, 100vw"}
    assert len(sizes) == len(FORMATS)


def test_srcset_candidates_are_urls_with_width_descriptors(lead_page):
    _image, html = lead_page

    for srcset in re.findall(r' srcset="([^"]*)"', html):
        for candidate in srcset.split(", "):
            assert re.fullmatch(r"/media/images/\S+\.\d+w\.(avif|webp|jpeg) \d+w", candidate)


def test_the_lead_picture_loads_eagerly_with_high_priority(lead_page):
    _image, html = lead_page

    img = tag(html, "img", alt="Rutte at a lectern")

    assert (img["loading"], img["fetchpriority"], img.get("decoding")) == ("eager", "high", None)


def test_cards_below_the_lead_load_lazily_and_show_the_focal_crop(media, upload, client):
    lead = upload(jpeg((1200, 600)), name="lead.jpg", alt_text="Lead")
    factories.article(lead_image=lead)
    below = upload(jpeg((1200, 600)), name="below.jpg", focal_x=80)
    factories.article(lead_image=below, published_at=timezone.now() - datetime.timedelta(days=2))

    html = client.get("/").content.decode()

    img = tag(html, "img", alt="Rutte at a lectern")
    stem = below.file.name.rsplit(".", 1)[0]
    assert (img["loading"], img["decoding"], "fetchpriority" in img) == ("lazy", "async", False)
    # The 900×600 card box, at full size: the widest JPEG up to 960.
    assert img["src"] == f"/media/{stem}.card-80-50.900w.jpeg"
    assert (img["width"], img["height"]) == ("900", "600")
    assert img["sizes"].endswith(", 100vw")


def test_the_page_makes_no_extra_query_for_its_picture(lead_page, client):
    image, _html = lead_page
    article = image.lead_of.get()
    plain = factories.article(headline="A story without a picture")
    for page in (article, plain):  # Both pages once, so only the page itself is counted.
        client.get(page.get_absolute_url())

    counts = []
    for page in (article, plain):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.get_absolute_url()).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


def test_a_picture_without_a_file_shows_caption_and_credit_and_no_img(media, client):
    image = factories.image(caption="Rutte addresses parliament.", agency="AFP")
    article = factories.article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<img" not in html and "<picture" not in html
    assert '<span class="figure__caption">Rutte addresses parliament.</span>' in html
    assert '<span class="figure__credit">AFP</span>' in html


# make_renditions --------------------------------------------------------------------


def test_make_renditions_makes_them_for_pictures_stored_without(media, capsys):
    image = factories.image(file=ContentFile(jpeg((1000, 500)), name="old.jpg"), alt_text="Old")
    factories.image(caption="No file.")

    call_command("make_renditions")

    image.refresh_from_db()
    assert capsys.readouterr().out == f"made {len(image.renditions)} {image.file.name}\n"
    assert len(image.renditions) == 4 * len(FORMATS) + 3 * len(FORMATS)


def test_make_renditions_after_a_change_of_widths_replaces_the_old_files(
    media, upload, settings, capsys
):
    image = upload(jpeg((1000, 500)))
    old = {record["name"] for record in image.renditions}
    settings.PICTURE_WIDTHS = [500]

    call_command("make_renditions")

    image.refresh_from_db()
    assert sorted({w for _, w, _ in made(image, crop=False)}) == [500]
    # Only the listed files remain: the old ones were deleted.
    assert old and files_beside(media, image) == {r["name"] for r in image.renditions}


def test_a_form_opened_before_make_renditions_does_not_put_back_deleted_files(
    media, few_widths, upload, settings
):
    image = upload(jpeg((1000, 500)))
    opened = Image.objects.get(pk=image.pk)
    settings.PICTURE_WIDTHS = [500]
    call_command("make_renditions", stdout=io.StringIO())

    opened.caption = "Corrected while the command ran."
    opened.save()

    image.refresh_from_db()
    assert image.caption == "Corrected while the command ran."
    assert sorted({w for _, w, _ in made(image, crop=False)}) == [500]
    assert all((media / record["name"]).exists() for record in image.renditions)


def test_make_renditions_missing_leaves_pictures_that_have_them(media, few_widths, upload, capsys):
    done = upload(jpeg((800, 400)), name="done.jpg")
    waiting = factories.image(file=ContentFile(jpeg((800, 400)), name="new.jpg"), alt_text="N")

    call_command("make_renditions", "--missing")

    waiting.refresh_from_db()
    assert capsys.readouterr().out == f"made {len(waiting.renditions)} {waiting.file.name}\n"
    assert Image.objects.get(pk=done.pk).renditions == done.renditions


def test_make_renditions_names_a_picture_it_cannot_read_and_fails(media, capsys):
    broken = factories.image(file=ContentFile(truncated_jpeg(), name="broken.jpg"), alt_text="B")
    fine = factories.image(file=ContentFile(jpeg((400, 200)), name="fine.jpg"), alt_text="F")

    with pytest.raises(CommandError, match=r"1 picture\(s\) could not be read"):
        call_command("make_renditions")

    output = capsys.readouterr()
    assert output.err.startswith(f"failed {broken.file.name}: ")
    fine.refresh_from_db()
    assert output.out == f"made {len(fine.renditions)} {fine.file.name}\n"
