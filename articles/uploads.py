"""What an uploaded picture must be before it is stored: a web format, of a sane size, whole.

Django's ImageField accepts anything Pillow opens, TIFF and BMP included, which
most browsers cannot show; calls a picture too large for Pillow's bomb check
"not an image"; and passes a JPEG cut in half, because it only reads the header.
These checks read the content, never the file's name, and name the problem so
the editor can fix it: the format found, the bytes or pixels against their limit
(``PICTURE_MAX_BYTES``, ``PICTURE_MAX_PIXELS``), or a file cut short.
"""

import re
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from PIL import Image as PILImage
from PIL import UnidentifiedImageError, features

# Pillow's name for the format -> the name editors know, and the extension stored.
_WEB_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WebP", "webp")}
_AVIF = {"AVIF": ("AVIF", "avif")}
PICTURE_HELP = "A JPEG, PNG, WebP or AVIF picture."
# "Image size (400000000 pixels) exceeds limit of 178956970 pixels, ..."
_BOMB_SIZE = re.compile(r"\((\d+) pixels\)")


def web_formats() -> dict[str, tuple[str, str]]:
    """The formats accepted: AVIF only where this Pillow can read it."""
    return {**_WEB_FORMATS, **(_AVIF if features.check("avif") else {})}


def format_names() -> str:
    names = [name for name, _extension in web_formats().values()]
    return ", ".join(names[:-1]) + " and " + names[-1]


def limits_help() -> str:
    """The limits in words, for the upload field's help text."""
    names = [name for name, _extension in web_formats().values()]
    return (
        f"{', '.join(names[:-1])} or {names[-1]}; at most {_megabytes(settings.PICTURE_MAX_BYTES)} "
        f"and {_megapixels(settings.PICTURE_MAX_PIXELS)}."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _megapixels(pixels: int) -> str:
    if pixels < 100_000:
        return f"{pixels:,} pixels"
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0") + " megapixels"


@dataclass(frozen=True)
class CheckedPicture:
    """An upload that passed: its format (Pillow's name), extension and the decoded picture."""

    format: str
    extension: str
    picture: PILImage.Image


def check_picture(upload: IO[bytes], size: int | None = None) -> CheckedPicture:
    """Read the upload by content and refuse it, naming why, unless it is a whole web picture.

    The bytes are checked first, then the pixels from the header (Pillow reads
    the size without decoding), and only then is the picture decoded in full,
    which is the only way to find a file cut short. A JPEG is decoded at an
    eighth of its size for that: every byte is still read, a fraction of the memory.
    """
    if size is None:
        size = getattr(upload, "size", None)
    limit = settings.PICTURE_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            f"The file is {size / 1024 / 1024:.1f} MB; the limit is {_megabytes(limit)}. "
            "Export it smaller and upload it again.",
            code="picture_too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Our own pixel limit is checked below, with a message that names it.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            picture = PILImage.open(upload)
    except PILImage.DecompressionBombError as error:
        found = _BOMB_SIZE.search(str(error))
        raise _too_many_pixels(int(found.group(1)) if found else None) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(
            f"This is not a picture we recognise; browsers show {format_names()} pictures. "
            "Save it as one of those and upload it again.",
            code="picture_format",
        ) from error
    known = web_formats()
    if picture.format not in known:
        raise ValidationError(
            f"This is a {picture.format} file; browsers show {format_names()} pictures. "
            "Save it as one of those and upload it again.",
            code="picture_format",
        )
    width, height = picture.size
    if width * height > settings.PICTURE_MAX_PIXELS:
        raise _too_many_pixels(width * height, picture.size)
    try:
        if picture.format == "JPEG":
            picture.draft(picture.mode, (max(1, width // 8), max(1, height // 8)))
        picture.load()
    except (OSError, ValueError, SyntaxError) as error:
        raise ValidationError(
            f"This {known[picture.format][0]} file is damaged or cut short ({error}); "
            "only part of the picture could be read. Export it again and upload it again.",
            code="picture_truncated",
        ) from error
    finally:
        upload.seek(0)
    return CheckedPicture(picture.format, known[picture.format][1], picture)


def _too_many_pixels(pixels: int | None, size: tuple[int, int] | None = None) -> ValidationError:
    limit = _megapixels(settings.PICTURE_MAX_PIXELS)
    if pixels is None:
        found = "The picture has more pixels than can be opened safely"
    else:
        dimensions = f"{size[0]:,} × {size[1]:,} pixels, " if size else ""
        found = f"The picture is {dimensions}{_megapixels(pixels)}"
    return ValidationError(
        f"{found}; the limit is {limit}. Export it smaller and upload it again.",
        code="picture_too_many_pixels",
    )


def validate_web_picture(file: FieldFile) -> None:
    """Model validation: hold a new upload given in code to the same rules as the form's.

    A file already stored is not read again: it passed when it was uploaded, and
    a missing file in storage must not stop an editor saving other changes. An
    upload the form field has checked already (``picture_check``) is not read twice.
    """
    if getattr(file, "_committed", True):
        return
    inner: Any = file.file
    if getattr(inner, "picture_check", None) is not None:
        return
    inner.picture_check = check_picture(inner, file.size)
