"""What a picture file says about itself: read for the desk, stripped for readers.

Agency and staff photos arrive with their caption and credit written into the
file (IPTC IIM, XMP, EXIF), so the desk should not type them again: ``read_credits``
finds them. The same files carry what readers must not get: the GPS position of
the photographer (often their home), the camera's serial number, maker notes and
editing history. ``reader_copy`` writes the picture upright and without any of
it, keeping only the colour profile, which the colours need.
"""

import contextlib
import io
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, fields
from typing import IO, Any

from PIL import ExifTags, ImageOps, IptcImagePlugin
from PIL import Image as PILImage

# IPTC IIM (record 2) datasets.
IPTC_CAPTION, IPTC_BYLINE, IPTC_CREDIT, IPTC_SOURCE, IPTC_COPYRIGHT = (
    (2, 120),
    (2, 80),
    (2, 110),
    (2, 115),
    (2, 116),
)
# IPTC 1:90 set to "ESC % G" says the text is UTF-8; older files are Latin-1.
IPTC_UTF8 = b"\x1b%G"
XMP_NAMES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
# What cameras write as a "description" when nobody described the picture.
CAMERA_PLACEHOLDERS = {"", "olympus digital camera", "sony dsc", "default", "dcim", "image"}
# What may stay in the file readers get: how to show it, nothing about who or where.
HARMLESS_INFO = {
    "dpi",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "jfif_thumbnail",
    "icc_profile",
    "gamma",
    "srgb",
    "chromaticity",
    "transparency",
    "interlace",
    "progressive",
    "progression",
    "adobe",
    "adobe_transform",
    "aspect",
    "loop",
    "background",
    "duration",
    "timestamp",
}


@dataclass(frozen=True)
class PictureCredits:
    """The picture's own account of itself, each "" when the file does not say."""

    caption: str = ""
    alt_text: str = ""
    photographer: str = ""
    agency: str = ""
    copyright_notice: str = ""

    def found(self) -> dict[str, str]:
        return {
            field.name: getattr(self, field.name)
            for field in fields(self)
            if getattr(self, field.name)
        }


def read_credits(picture: PILImage.Image) -> PictureCredits:
    """Caption, alt text, photographer, agency and copyright from IPTC, else XMP, else EXIF."""
    iptc, xmp, exif = _iptc(picture), _xmp(picture), _exif(picture)
    found: dict[str, str] = {}
    for source in (iptc, xmp, exif):
        for name, value in source.items():
            value = " ".join(value.split())
            if value and not found.get(name):
                found[name] = value
    if found.get("caption", "").lower() in CAMERA_PLACEHOLDERS:
        found.pop("caption", None)
    return PictureCredits(**found)


def _iptc(picture: PILImage.Image) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(picture) or {}
    except (OSError, SyntaxError, ValueError, IndexError):
        return {}
    utf8 = _first(info.get((1, 90))) == IPTC_UTF8

    def text(key: tuple[int, int]) -> str:
        raw = _first(info.get(key))
        if not raw:
            return ""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return "" if utf8 else raw.decode("latin-1")

    return {
        "caption": text(IPTC_CAPTION),
        "photographer": text(IPTC_BYLINE),
        "agency": text(IPTC_CREDIT) or text(IPTC_SOURCE),
        "copyright_notice": text(IPTC_COPYRIGHT),
    }


def _first(value: bytes | list[bytes] | None) -> bytes:
    if isinstance(value, list):
        return value[0] if value else b""
    return value or b""


def _exif(picture: PILImage.Image) -> dict[str, str]:
    try:
        exif = picture.getexif()
    except (OSError, SyntaxError, ValueError):
        return {}

    def text(tag: int) -> str:
        value = exif.get(tag)
        if isinstance(value, str):
            # EXIF text is "ASCII"; tools write UTF-8 into it, which Pillow reads as Latin-1.
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                value = value.encode("latin-1").decode("utf-8")
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        return value.strip("\x00 ") if isinstance(value, str) else ""

    return {
        "caption": text(ExifTags.Base.ImageDescription),
        "photographer": text(ExifTags.Base.Artist),
        "copyright_notice": text(ExifTags.Base.Copyright),
    }


def _xmp(picture: PILImage.Image) -> dict[str, str]:
    """The few XMP properties the desk needs; a packet that declares entities is ignored."""
    packet = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp")
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    if b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        return {}
    try:
        # No DTD (refused above), so no entity can expand: the stdlib parser is safe here.
        root = ElementTree.fromstring(packet.strip(b"\x00 \r\n"))  # noqa: S314
    except ElementTree.ParseError:
        return {}

    def text(path: str) -> str:
        element = root.find(f".//{path}", XMP_NAMES)
        if element is None:
            return ""
        items = element.findall(".//rdf:li", XMP_NAMES)
        return (items[0].text if items else element.text) or ""

    return {
        "caption": text("dc:description"),
        "alt_text": text("Iptc4xmpCore:AltTextAccessibility"),
        "photographer": text("dc:creator"),
        "agency": text("photoshop:Credit") or text("photoshop:Source"),
        "copyright_notice": text("dc:rights"),
    }


def needs_rewriting(picture: PILImage.Image) -> bool:
    """Whether the file carries anything beyond how to show it, or must be turned upright."""
    if set(picture.info) - HARMLESS_INFO or _app_extras(picture):
        return True
    return picture.getexif().get(ExifTags.Base.Orientation, 1) != 1


def _app_extras(picture: PILImage.Image) -> bool:
    """A JPEG's application segments other than JFIF, Adobe's and the colour profile."""
    kept = (b"JFIF", b"JFXX", b"Adobe", b"ICC_PROFILE")
    applist = getattr(picture, "applist", [])
    return any(not data.startswith(kept) for marker, data in applist if marker != "COM") or any(
        marker == "COM" for marker, _data in applist
    )


def reader_copy(file: IO[bytes]) -> bytes | None:
    """The picture upright, in its own format, with no metadata but its colour profile.

    None when the file has nothing to remove and is upright: it is stored as sent.
    ``file`` has passed ``uploads.check_picture``. A JPEG that need not turn is
    written with its own quantisation tables, so it loses nothing visible.
    """
    file.seek(0)
    with PILImage.open(file) as picture:
        if not needs_rewriting(picture):
            return None
        fmt = picture.format
        picture.load()
        profile = picture.info.get("icc_profile")
        options: dict[str, Any] = {"icc_profile": profile} if profile else {}
        turned = picture.getexif().get(ExifTags.Base.Orientation, 1) != 1
        upright = ImageOps.exif_transpose(picture) if turned else picture
        if fmt == "JPEG" and turned:
            options.update(quality=92, optimize=True)
        elif fmt == "JPEG":
            options.update(quality="keep", subsampling="keep", qtables="keep")
        elif fmt == "PNG" and "transparency" in picture.info:
            options["transparency"] = picture.info["transparency"]
        elif fmt == "WEBP":
            options.update(quality=90)
        elif fmt == "AVIF":
            options.update(quality=80)
        # Nothing else of the original's info is written: no EXIF, XMP, IPTC or comments.
        upright.info = {}
        buffer = io.BytesIO()
        upright.save(buffer, fmt, **options)
    file.seek(0)
    return buffer.getvalue()
