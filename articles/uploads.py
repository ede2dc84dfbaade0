"""What an uploaded picture must be before it is stored: a web format, of a sane size, whole.

Django's ImageField accepts anything Pillow opens, TIFF and BMP included, which
most browsers cannot show; calls a picture too large for Pillow's bomb check
"not an image"; and passes a JPEG cut in half, because it only reads the header.
These checks read the content, never the file's name, and name the problem so
the editor can fix it: the format found, the bytes or pixels against their limit
(``PICTURE_MAX_BYTES``, ``PICTURE_MAX_PIXELS``), or a file cut short.

A file can be a picture and something else at once: a JPEG with a web page or a
script in a comment or after its end (a browser that sniffs runs it), or with a
ZIP or Java archive appended (a "GIFAR", which Java and unzip tools open as the
archive). Pillow reads such a picture happily, so the bytes are searched for
markup and for an archive's directory first, and the file is refused, naming
what was found. The name an upload is stored under is made here too
(``stored_name``): the editor's or the code's name can hold a path.
"""

import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from PIL import Image as PILImage
from PIL import UnidentifiedImageError, features
from slugify import slugify

# Pillow's name for the format -> the name editors know, and the extension stored.
_WEB_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WebP", "webp")}
_AVIF = {"AVIF": ("AVIF", "avif")}
PICTURE_HELP = "A JPEG, PNG, WebP or AVIF picture."
# "Image size (400000000 pixels) exceeds limit of 178956970 pixels, ..."
_BOMB_SIZE = re.compile(r"\((\d+) pixels\)")


# Markup a browser would act on if it took the file for a page (case ignored). Searched
# through the whole file: each is long enough (7 bytes or more) that a real picture's
# compressed data holds it by chance about once in 10^15 bytes.
_MARKUP = re.compile(
    rb"<(?:script|iframe|object|embed|!doctype)|</script|javascript:|on(?:load|error)\s*=",
    re.IGNORECASE,
)
# Shorter ones, only where browsers sniff what a file is: its first 1,445 bytes.
_SNIFFED = 1445
_MARKUP_AT_START = re.compile(rb"<(?:html|svg|body|head)[\s>/]", re.IGNORECASE)
_CHUNK = 1024 * 1024
_OVERLAP = 32  # Longer than any marker above, so none is split unseen between two chunks.
# The stored name's stem: letters, digits and hyphens, cut to this length.
NAME_LENGTH = 60


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
    _refuse_hidden_content(upload)
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


def _refuse_hidden_content(upload: IO[bytes]) -> None:
    """Refuse a file that holds markup or a ZIP/JAR archive beside (or instead of) a picture."""
    upload.seek(0)
    tail = b""
    start = True
    while chunk := upload.read(_CHUNK):
        found = _MARKUP.search(tail + chunk) or (
            start and _MARKUP_AT_START.search(chunk[:_SNIFFED])
        )
        start = False
        if found:
            upload.seek(0)
            marker = found.group(0).decode("ascii", "replace").strip()
            raise ValidationError(
                f"This file holds web page code ({marker}…), "
                "not only a picture; a browser could run it. Open the picture in a picture "
                "editor, export it as a new JPEG, PNG or WebP file and upload that.",
                code="picture_markup",
            )
        tail = chunk[-_OVERLAP:]
    upload.seek(0)
    if zipfile.is_zipfile(upload):
        upload.seek(0)
        raise ValidationError(
            "This file holds a ZIP or Java archive, alone or joined to a picture, which other "
            "programs would open as the archive. Export the picture again from a picture "
            "editor and upload the new file.",
            code="picture_archive",
        )
    upload.seek(0)


def stored_name(name: str) -> str:
    """The name an upload is stored under: its last part only, as letters, digits and hyphens.

    Whatever the browser or the code called it (``../../etc/passwd.jpg``, ``/abs/x.jpg``,
    ``C:\\x.jpg``, a NUL, 300 characters, any script), the result has no path, no
    control character and a short ASCII stem (``NAME_LENGTH``), so it stays inside its
    folder and the field's 100 characters. The extension is corrected later from the
    content (``Image``'s upload).
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\0", "")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = slugify(stem, max_length=NAME_LENGTH, word_boundary=True) or "picture"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:5]
    return f"{stem}.{extension}" if extension else stem


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
