"""Pictures saved without the admin's form are held to the same rules."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from articles.models import Image

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
