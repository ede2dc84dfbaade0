"""The picture desk: uploads read by content, private metadata kept from readers,
the file's own caption and credit filling the form, and the picture library."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags
from pytest_django.asserts import assertContains, assertNotContains

from articles import uploads
from articles.models import Article, Author, Image
from articles.picture_metadata import read_credits
from tests import factories, pictures
from tests.test_admin import add_url, change_url, changelist_url, errors_of, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    settings.PICTURE_WIDTHS = [16, 32]
    settings.PICTURE_CARD_WIDTHS = [16]
    return tmp_path


def upload_in_admin(
    client, data: bytes, name: str = "photo.jpg", *, follow: bool = False, **fields: object
):
    """Add a picture through the admin's form, as a browser posts it."""
    page = client.get(add_url(Image))
    values = {"alt_text": "Rutte at a lectern", "agency": "AFP", **fields}
    upload = SimpleUploadedFile(name, data)
    return client.post(add_url(Image), form_data(page, file=upload, **values), follow=follow)


def file_error(response) -> str:
    return errors_of(response)["file"][0]


# Checked by content -----------------------------------------------------------------


def test_a_picture_over_the_pixel_limit_is_refused_naming_both(admin_client, media):
    # 12,000 × 12,000: what Pillow's own check lets through with only a warning.
    response = upload_in_admin(admin_client, pictures.png_header(12_000, 12_000), "big.png")

    assert file_error(response) == (
        "The picture is 12,000 × 12,000 pixels, 144 megapixels; the limit is 50 megapixels. "
        "Export it smaller and upload it again."
    )
    assert not Image.objects.exists()


def test_a_picture_past_pillows_bomb_check_is_refused_for_its_pixels_not_as_no_picture(
    admin_client, media
):
    response = upload_in_admin(admin_client, pictures.png_header(20_000, 20_000), "huge.png")

    assert file_error(response).startswith(
        "The picture is 400 megapixels; the limit is 50 megapixels."
    )


def test_the_pixel_limit_is_a_setting(admin_client, media, settings):
    settings.PICTURE_MAX_PIXELS = 500

    response = upload_in_admin(admin_client, pictures.png((40, 20)))

    assert file_error(response).startswith(
        "The picture is 40 × 20 pixels, 800 pixels; the limit is 500 pixels."
    )


def test_the_byte_limit_is_checked_before_the_picture_is_opened(media, settings):
    settings.PICTURE_MAX_BYTES = 1024 * 1024
    junk = ContentFile(b"x" * (1024 * 1024 * 3 // 2), name="a.jpg")
    image = Image(alt_text="A", agency="AFP", file=junk)

    with pytest.raises(ValidationError) as raised:
        image.full_clean()

    assert raised.value.message_dict["file"] == [
        "The file is 1.5 MB; the limit is 1 MB. Export it smaller and upload it again."
    ]


def test_a_jpeg_cut_in_half_is_refused_as_cut_short(admin_client, media):
    whole = pictures.jpeg((400, 300))

    response = upload_in_admin(admin_client, whole[: len(whole) // 2])

    assert file_error(response).startswith("This JPEG file is damaged or cut short (")
    assert file_error(response).endswith("Export it again and upload it again.")
    assert not Image.objects.exists()
    assert not any(media.rglob("*.jpg"))


def test_a_jpeg_cut_in_half_given_in_code_is_refused_by_model_validation(media):
    whole = pictures.jpeg((400, 300))
    image = Image(alt_text="A", agency="AFP", file=ContentFile(whole[:-400], name="cut.jpg"))

    with pytest.raises(ValidationError) as raised:
        image.full_clean()

    assert "damaged or cut short" in raised.value.message_dict["file"][0]


def test_text_named_like_a_jpeg_is_refused_by_its_content(admin_client, media):
    response = upload_in_admin(admin_client, b"<?php system($_GET['c']); ?>", "photo.jpg")

    assert file_error(response).startswith("This is not a picture we recognise;")


def test_a_png_named_jpg_is_stored_under_the_name_its_content_has(admin_client, media):
    response = upload_in_admin(admin_client, pictures.png(), "photo.jpg")

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    assert image.file.name.endswith(".png")
    assert pictures.opened((media / image.file.name).read_bytes()).format == "PNG"


def test_a_jpeg_named_txt_is_accepted_for_its_content(admin_client, media):
    response = upload_in_admin(admin_client, pictures.jpeg(), "photo.txt")

    assert response.status_code == 302, errors_of(response)
    assert Image.objects.get().file.name.endswith(".jpg")


def test_gif_is_not_a_format_the_desk_takes(admin_client, media):
    buffer = io.BytesIO()
    pictures.opened(pictures.png()).save(buffer, "GIF")

    response = upload_in_admin(admin_client, buffer.getvalue(), "anim.gif")

    assert file_error(response).startswith(
        f"This is a GIF file; browsers show {uploads.format_names()} pictures."
    )


def test_the_upload_field_names_the_limits(admin_client, media):
    assertContains(admin_client.get(add_url(Image)), "at most 20 MB and 50 megapixels. Optional.")


# Upright, and nothing personal for readers ------------------------------------------


def test_exif_orientation_is_applied_and_the_size_stored_upright(admin_client, media):
    # 40 wide, 20 high, "turn a quarter clockwise to view": readers see 20 × 40.
    data = pictures.jpeg((40, 20), exif=pictures.personal_exif(orientation=6))

    upload_in_admin(admin_client, data)

    image = Image.objects.get()
    stored = pictures.opened((media / image.file.name).read_bytes())
    assert (image.width, image.height) == (20, 40) == stored.size
    assert stored.getexif().get(ExifTags.Base.Orientation) is None
    # The red left half is now the top.
    assert stored.convert("RGB").getpixel((10, 2))[0] > 200


def test_gps_camera_and_xmp_are_stripped_from_the_original_and_every_rendition(
    admin_client, media, django_capture_on_commit_callbacks
):
    profile = pictures.srgb_profile()
    data = pictures.jpeg(
        (64, 48),
        exif=pictures.personal_exif(Artist="Andrii Nesterenko"),
        xmp=pictures.xmp_packet(location="50,51.2N"),
        icc_profile=profile,
    )
    assert b"SERIAL-123456" in data and b"50,51.2N" in data

    with django_capture_on_commit_callbacks(execute=True):
        upload_in_admin(admin_client, data)

    image = Image.objects.get()
    names = [image.file.name] + [record["name"] for record in image.renditions]
    assert {record["format"] for record in image.renditions} >= {"webp", "jpeg"}
    for name in names:
        stored = (media / name).read_bytes()
        picture = pictures.opened(stored)
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo), name
        assert b"SERIAL-123456" not in stored and b"PhoneMaker" not in stored, name
        assert b"50,51.2N" not in stored and "xmp" not in picture.info, name
        assert picture.info.get("icc_profile") == profile, name


def test_a_clean_upright_jpeg_is_stored_byte_for_byte(admin_client, media):
    data = pictures.jpeg((40, 20))

    upload_in_admin(admin_client, data)

    assert (media / Image.objects.get().file.name).read_bytes() == data


def test_gps_is_stripped_from_a_picture_saved_in_code_too(media):
    data = pictures.jpeg(exif=pictures.personal_exif())

    image = factories.image(file=ContentFile(data, name="phone.jpg"), alt_text="A", agency="AFP")

    stored = pictures.opened((media / image.file.name).read_bytes())
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)


# The file's own caption and credit ---------------------------------------------------

IPTC = {
    (2, 120): "Mark Rutte addresses parliament in Kyiv.",
    (2, 80): "Andrii Nesterenko",
    (2, 110): "AFP",
    (2, 115): "Agence France-Presse",
    (2, 116): "© AFP 2026",
}


def test_iptc_fills_caption_photographer_agency_and_copyright(admin_client, media):
    photographer = factories.author(name="Andrii Nesterenko")
    data = pictures.with_iptc(pictures.jpeg(), IPTC)

    response = upload_in_admin(admin_client, data, agency="", caption="", follow=True)

    image = Image.objects.get()
    assert (image.caption, image.photographer, image.agency, image.copyright_notice) == (
        "Mark Rutte addresses parliament in Kyiv.",
        photographer,
        "AFP",
        "© AFP 2026",
    )
    assertContains(response, "Filled from the picture file: caption “Mark Rutte")


def test_what_the_editor_typed_is_never_overwritten_by_the_file(admin_client, media):
    data = pictures.with_iptc(pictures.jpeg(), IPTC)

    upload_in_admin(admin_client, data, caption="Rutte in Kyiv, Tuesday.", agency="Reuters")

    image = Image.objects.get()
    assert (image.caption, image.agency, image.copyright_notice) == (
        "Rutte in Kyiv, Tuesday.",
        "Reuters",
        "© AFP 2026",
    )


def test_a_photographer_the_newsroom_does_not_know_is_added_as_one(admin_client, media):
    data = pictures.with_iptc(pictures.jpeg(), {(2, 80): "Olena Kovalenko"})

    upload_in_admin(admin_client, data, agency="")

    person = Image.objects.get().photographer
    assert (person.name, person.role) == ("Olena Kovalenko", Author.Role.PHOTOGRAPHER)


def test_exif_fills_caption_photographer_and_copyright(admin_client, media):
    exif = pictures.personal_exif(
        ImageDescription="Flooded streets in Liege.", Artist="Jan Peeters", Copyright="Belga 2026"
    )

    upload_in_admin(admin_client, pictures.jpeg(exif=exif), caption="")

    image = Image.objects.get()
    assert (image.caption, image.photographer.name, image.copyright_notice) == (
        "Flooded streets in Liege.",
        "Jan Peeters",
        "Belga 2026",
    )


def test_xmp_fills_the_alt_text_so_the_required_field_is_met(admin_client, media):
    xmp = pictures.xmp_packet(description="Rutte in Kyiv.", alt_text="A man at a lectern")

    response = upload_in_admin(admin_client, pictures.jpeg(xmp=xmp), alt_text="", caption="")

    assert response.status_code == 302, errors_of(response)
    assert (Image.objects.get().alt_text, Image.objects.get().caption) == (
        "A man at a lectern",
        "Rutte in Kyiv.",
    )


def test_a_form_that_comes_back_shows_what_the_file_said(admin_client, media):
    data = pictures.with_iptc(pictures.jpeg(), IPTC)

    response = upload_in_admin(admin_client, data, alt_text="", caption="")

    assert errors_of(response)["alt_text"]
    form = response.context["adminform"].form
    assert form["caption"].value() == "Mark Rutte addresses parliament in Kyiv."
    assertContains(response, "choose the file again to save it")


def test_utf8_written_into_exif_text_is_read_as_utf8():
    exif = pictures.personal_exif(Artist="Zoë Liégeois".encode())

    assert read_credits(pictures.opened(pictures.jpeg(exif=exif))).photographer == "Zoë Liégeois"


def test_camera_placeholder_descriptions_are_not_captions():
    exif = pictures.personal_exif(ImageDescription="OLYMPUS DIGITAL CAMERA       ")

    assert read_credits(pictures.opened(pictures.jpeg(exif=exif))).caption == ""


def test_an_xmp_packet_with_entities_is_ignored():
    xmp = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + pictures.xmp_packet(description="&a;")

    assert read_credits(pictures.opened(pictures.jpeg(xmp=xmp))).caption == ""


# What the newsroom requires ----------------------------------------------------------


def test_a_picture_needs_a_credit(admin_client, media):
    response = upload_in_admin(admin_client, pictures.jpeg(), agency="")

    assert errors_of(response)["agency"] == [
        "Credit the picture: choose its photographer or type its agency "
        "(the newsroom requires a credit on every picture)."
    ]
    assert not Image.objects.exists()


def test_a_picture_needs_alt_text(admin_client, media):
    response = upload_in_admin(admin_client, pictures.jpeg(), alt_text="")

    assert errors_of(response)["alt_text"] == [
        "Describe what the picture shows, for readers who cannot see it."
    ]


def test_a_newsroom_can_turn_the_requirements_off(admin_client, media, settings):
    settings.PICTURES_REQUIRE_ALT_TEXT = False
    settings.PICTURES_REQUIRE_CREDIT = False

    response = upload_in_admin(admin_client, pictures.jpeg(), alt_text="", agency="")

    assert response.status_code == 302, errors_of(response)


def test_a_picture_without_a_file_needs_neither(media):
    Image(caption="Sent without a file.").full_clean()


# The library ------------------------------------------------------------------------


RENDITIONS = [
    {"format": "jpeg", "width": 320, "height": 240, "name": "p.320w.jpeg", "crop": False},
    {"format": "jpeg", "width": 640, "height": 480, "name": "p.640w.jpeg", "crop": False},
]


def library_picture(**fields: object) -> Image:
    """A picture with a file and (as if made) two renditions listed."""
    image = factories.image(file=ContentFile(pictures.png(), name="p.png"), alt_text="A", **fields)
    Image.objects.filter(pk=image.pk).update(renditions=RENDITIONS)
    return image


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("parliament", ["Rutte addresses parliament."]),
        ("Nesterenko", ["Rutte addresses parliament."]),
        ("Belga", ["Flooded streets."]),
        ("nothing", []),
    ],
)
def test_the_library_searches_captions_photographers_and_agencies(admin_client, media, term, found):
    photographer = factories.author(name="Andrii Nesterenko")
    library_picture(caption="Rutte addresses parliament.", photographer=photographer, agency="AFP")
    library_picture(caption="Flooded streets.", agency="Belga")

    response = admin_client.get(changelist_url(Image), {"q": term})

    assert [str(image) for image in response.context["cl"].result_list] == found


def test_the_library_shows_the_smallest_rendition_and_how_many_articles_use_it(admin_client, media):
    image = library_picture(caption="Rutte.", agency="AFP")
    factories.article(lead_image=image)
    factories.article(lead_image=image)

    response = admin_client.get(changelist_url(Image))

    assertContains(response, 'src="/media/p.320w.jpeg"')
    assertNotContains(response, 'src="/media/p.640w.jpeg"')
    assertContains(response, f'?lead_picture={image.pk}">2</a>')


def test_the_articles_count_leads_to_the_list_of_those_articles(admin_client, media):
    image = library_picture(caption="Rutte.", agency="AFP")
    using = {factories.article(lead_image=image).pk, factories.article(lead_image=image).pk}
    factories.article()

    response = admin_client.get(changelist_url(Article), {"lead_picture": image.pk})

    assert response.status_code == 200
    assert {article.pk for article in response.context["cl"].result_list} == using


LIBRARY_QUERIES = 6


def library_queries(client, pictures_shown: int) -> int:
    for n in range(pictures_shown):
        image = library_picture(caption=f"Picture {n}.", photographer=factories.author())
        factories.article(lead_image=image)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist_url(Image))
    assert len(response.context["cl"].result_list) == Image.objects.count()
    return len(queries)


def test_the_library_takes_the_same_queries_for_one_picture_or_many(admin_client, media):
    one = library_queries(admin_client, 1)
    many = library_queries(admin_client, 14)

    # Session, user, the agency filter, two counts, the page of pictures with their
    # photographer and use count.
    assert one == many == LIBRARY_QUERIES


def test_a_pictures_page_lists_the_articles_that_use_it_and_offers_it_for_another(
    admin_client, media
):
    image = library_picture(caption="Rutte.", agency="AFP")
    first = factories.article(lead_image=image, headline="Rutte in Kyiv")
    second = factories.article(lead_image=image, headline="Rutte, a year on")
    factories.article(headline="Not this one")

    response = admin_client.get(change_url(image))

    for article in (first, second):
        assertContains(response, f'<a href="{change_url(article)}">{article.headline}</a>')
    assertNotContains(response, "Not this one")
    assertContains(response, f'{reverse("admin:articles_article_add")}?lead_image={image.pk}">')


def test_the_library_filters_pictures_not_used_yet(admin_client, media):
    used = library_picture(caption="Used.", agency="AFP")
    library_picture(caption="Unused.", agency="AFP")
    factories.article(lead_image=used)

    response = admin_client.get(changelist_url(Image), {"used": "no"})

    assert [str(image) for image in response.context["cl"].result_list] == ["Unused."]


def test_a_new_article_starts_with_the_picture_chosen_in_the_library(admin_client, media):
    image = library_picture(caption="Rutte.", agency="AFP")

    response = admin_client.get(add_url(Article), {"lead_image": image.pk})

    assert response.context["adminform"].form.initial["lead_image"] == str(image.pk)
