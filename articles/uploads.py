"""What an uploaded picture must be before it is stored: a web format, of a sane size.

Django's ImageField accepts anything Pillow opens, TIFF and BMP included, which
most browsers cannot show; a photographer's 60 MB TIFF would be a broken picture
for every reader. These checks name the problem so the editor can fix it.
"""

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

MAX_PICTURE_BYTES = 20 * 1024 * 1024
# Pillow's name for the format -> the name editors know.
WEB_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
FORMAT_NAMES = "JPEG, PNG, WebP and GIF"
PICTURE_HELP = "JPEG, PNG, WebP or GIF, at most 20 MB."


def validate_web_picture(file: FieldFile) -> None:
    """Refuse a new upload that is too large or in a format browsers do not show.

    A file already stored is not read again: it passed when it was uploaded, and
    a missing file in storage must not stop an editor saving other changes.
    """
    if getattr(file, "_committed", True):
        return
    size = file.size or 0
    if size > MAX_PICTURE_BYTES:
        raise ValidationError(
            f"The picture is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_PICTURE_BYTES // 1024 // 1024} MB. Export it smaller and upload it again.",
            code="picture_too_large",
        )
    found_format = picture_format(file.file)
    if found_format not in WEB_FORMATS:
        found = f"a {found_format} file" if found_format else "not a picture we recognise"
        raise ValidationError(
            f"This is {found}; browsers show {FORMAT_NAMES} pictures. "
            "Save it as one of those and upload it again.",
            code="picture_format",
        )


def picture_format(upload: object) -> str | None:
    """Pillow's name for the upload's format, from its content; None if not a picture.

    Django's form field has already opened an upload with Pillow and kept the
    result as ``upload.image``; only an upload that skipped the form is read here.
    """
    checked = getattr(upload, "image", None)
    if checked is not None:
        return checked.format
    position = upload.tell()
    try:
        return PILImage.open(upload).format
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, ValueError):
        return None
    finally:
        upload.seek(position)
