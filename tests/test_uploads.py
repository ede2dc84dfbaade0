"""Pictures saved without the admin's form are held to the same rules; files that are not
only a picture are refused; stored names never leave their folder."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Author, Image
from articles.uploads import stored_name

pytestmark = pytest.mark.django_db


def picture_bytes(picture_format: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "red").save(buffer, format=picture_format)
    return buffer.getvalue()


def test_a_tiff_given_in_code_is_refused_by_model_validation():
    image = Image(alt_text="Rutte", file=ContentFile(picture_bytes("TIFF"), name="rutte.png"))

    with pytest.raises(ValidationError) as raised:
        image.full_clean()

    assert raised.value.message_dict["file"][0].startswith("This is a TIFF file;")


def test_bytes_that_are_no_picture_are_named_so():
    image = Image(alt_text="Rutte", file=ContentFile(b"plain text", name="rutte.jpg"))

    with pytest.raises(ValidationError) as raised:
        image.full_clean()

    assert raised.value.message_dict["file"][0].startswith("This is not a picture we recognise;")


def test_a_webp_given_in_code_passes_and_its_size_is_recorded():
    image = Image(
        alt_text="Rutte", agency="AFP", file=ContentFile(picture_bytes("WEBP"), name="rutte.webp")
    )

    image.full_clean()

    assert (image.width, image.height) == (4, 3)


# Files that are a picture and something else, or only pretend to be one ------------------


def jpeg_with_comment(comment: bytes) -> bytes:
    """A real JPEG with a COM segment right after its start: Pillow opens it as any other."""
    whole = picture_bytes("JPEG")
    return whole[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + whole[2:]


def with_archive(picture: bytes) -> bytes:
    """A "GIFAR": the picture with a ZIP (a Java archive's format) joined after it."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    return picture + archive.getvalue()


HIDDEN = [
    ("html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "web page"),
    ("html-lowercase", b"<html>\n<p>hello</p>\n</html>", "web page"),
    (
        "svg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="3">'
        b'<rect width="4" height="3"/></svg>',
        "web page",
    ),
    ("svg-onload", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "web page"),
    ("jpeg-then-html", picture_bytes("JPEG") + b"<script>alert(1)</script>", "web page"),
    ("jpeg-comment-script", jpeg_with_comment(b"*/</script><script>alert(1)//"), "web page"),
    ("jpeg-comment-url", jpeg_with_comment(b"<a href='javascript:alert(1)'>"), "web page"),
    ("png-then-iframe", picture_bytes("PNG") + b"<iframe src=//evil.example>", "web page"),
    ("gifar-jpeg", with_archive(picture_bytes("JPEG")), "archive"),
    ("gifar-png", with_archive(picture_bytes("PNG")), "archive"),
]


@pytest.mark.parametrize(
    ("content", "found"), [(c, f) for _n, c, f in HIDDEN], ids=[n for n, *_ in HIDDEN]
)
def test_a_file_that_is_not_only_a_picture_is_refused_naming_what_it_holds(content, found):
    image = Image(alt_text="Rutte", agency="AFP", file=ContentFile(content, name="rutte.jpg"))

    with pytest.raises(ValidationError) as raised:
        image.full_clean()

    message = raised.value.message_dict["file"][0]
    if found == "web page":
        assert message.startswith("This file holds web page code (")
    else:
        assert message.startswith("This file holds a ZIP or Java archive")
    assert "upload" in message  # It says what to do.


def test_the_same_refusal_reaches_the_editor_in_the_admins_form(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("rutte.jpg", with_archive(picture_bytes("JPEG")), "image/jpeg")

    response = admin_client.post(
        reverse("admin:articles_image_add"),
        {"file": upload, "alt_text": "Rutte", "agency": "AFP", "focal_x": 50, "focal_y": 50},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert errors[0].startswith("This file holds a ZIP or Java archive")
    assert not Image.objects.exists()
    assert not any(tmp_path.rglob("*.jpg"))


def test_a_plain_jpeg_with_an_ordinary_comment_passes():
    content = jpeg_with_comment(b"Photo: A. Nesterenko <AFP> 2026")
    image = Image(alt_text="Rutte", agency="AFP", file=ContentFile(content, name="rutte.jpg"))

    image.full_clean()

    assert (image.width, image.height) == (4, 3)


# The names uploads are stored under -----------------------------------------------------

HOSTILE_NAMES = [
    "../../../etc/passwd.jpg",
    "/etc/cron.d/evil.jpg",
    "..\\..\\windows\\evil.jpg",
    "rutte\x00.php.jpg",
    "..",
    "x" * 300 + ".jpg",
    "Γιώργος Νικολάου στο Κίεβο.JPG",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_stored_name_stays_in_its_folder_whatever_the_upload_was_called(name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image(
        alt_text="Rutte", agency="AFP", file=ContentFile(picture_bytes("JPEG"), name=name)
    )

    image.full_clean()
    image.save()

    stored = image.file.name
    assert stored.startswith("images/")
    assert ".." not in stored and "\x00" not in stored and "\\" not in stored
    assert len(stored) <= Image._meta.get_field("file").max_length
    path = (tmp_path / stored).resolve()
    assert path.is_relative_to(tmp_path.resolve()) and path.is_file()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [path]


def test_names_keep_a_readable_stem_and_lose_everything_else():
    assert stored_name("../../etc/passwd.jpg") == "passwd.jpg"
    assert stored_name("C:\\Users\\ed\\Rutte in Kyiv.JPG") == "rutte-in-kyiv.jpg"
    assert stored_name("Γιώργος.jpeg") == "giorgos.jpeg"
    assert stored_name("\x00.jpg") == "picture.jpg"
    assert len(stored_name("word " * 100 + ".jpg")) <= 60 + len(".jpg")


def test_an_editors_upload_with_a_very_long_name_is_shortened_not_refused(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    name = "Rutte addresses parliament in Kyiv " * 8 + ".jpg"
    upload = SimpleUploadedFile(name, picture_bytes("JPEG"), "image/jpeg")

    response = admin_client.post(
        reverse("admin:articles_image_add"),
        {"file": upload, "alt_text": "Rutte", "agency": "AFP", "focal_x": 50, "focal_y": 50},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Image.objects.get().file.name
    assert stored.startswith("images/") and stored.endswith(".jpg")
    assert "rutte-addresses-parliament-in-kyiv" in stored


def test_a_persons_photo_is_stored_by_the_same_rules(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = Author(name="Jane Doe", slug="jane-doe")
    person.photo = ContentFile(picture_bytes("PNG"), name="../../jane.png")

    person.full_clean()
    person.save()

    assert person.photo.name == "authors/jane.png"
    assert (tmp_path / "authors" / "jane.png").is_file()
