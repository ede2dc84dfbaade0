"""Resized copies of an uploaded picture, made once and stored beside it.

A reader on a phone should not download a photographer's 6000-pixel original,
and no page should wait for a picture to be resized. So every upload gets its
renditions in the background, queued as a task (``renew``) once the editor's
save commits and made by the worker (``manage.py db_worker``; at once in the web
process with TASKS_BACKEND=immediate): several widths, each as AVIF (where this
Pillow can write it), WebP and JPEG, plus card crops of one shape that keep the
editor's focal point in frame. They are written with the file's own storage
(local disk, or the S3 bucket of newsportal/media_storage.py) and listed on
``Image.renditions``, so a page builds its ``<picture>`` from that list alone:
no storage call, no query. Until they are made a page shows the original file
(and a card, after the focal point moved, the uncropped widths); the cache notes
which pictures wait in the queue (``queue``, ``is_queued``), for the picture desk
and for ``make_renditions --missing``.

Pillow does the work itself (``draft``, ``exif_transpose``, ``resize`` with a
crop ``box``): thumbnail libraries generate lazily and decode the original
once per output; see docs/architecture.md for why none of them fits.
"""

import io
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.tasks import task
from PIL import ExifTags, ImageOps, features
from PIL import Image as PILImage

if TYPE_CHECKING:
    from articles.models import Image

logger = logging.getLogger(__name__)

# Cards show pictures in one shape, 3:2, whatever the original's.
CARD_RATIO = (3, 2)
# The <img src> for browsers that ignore srcset: the widest JPEG up to this.
FALLBACK_WIDTH = 960
# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
# How long a queued picture is noted as such: past it, a task lost with its queue
# no longer keeps the picture from being queued again.
QUEUED_SECONDS = 60 * 60


@dataclass(frozen=True)
class Encoding:
    format: str  # the rendition's "format", its extension and MIME subtype
    pillow: str
    options: dict[str, Any]

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"


AVIF = Encoding("avif", "AVIF", {"quality": 60, "speed": 8})
WEBP = Encoding("webp", "WEBP", {"quality": 80, "method": 4})
JPEG = Encoding("jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True})


def encodings() -> list[Encoding]:
    """The formats made, smallest first: the order a browser is offered them in."""
    found = [AVIF] if features.check("avif") else []
    return [*found, WEBP, JPEG]


def widths_for(available: int, wanted: Sequence[int]) -> list[int]:
    """The wanted widths narrower than the picture, then its own width up to the widest.

    A picture is never enlarged: a 1000-pixel original gets 320, 640, 960 and 1000.
    """
    top = min(available, max(wanted))
    return [width for width in sorted(set(wanted)) if width < top] + [top]


def focal_box(size: tuple[int, int], focal: tuple[int, int]) -> tuple[float, float, float, float]:
    """The largest card-shaped box in the picture, centred on the focal point where it can be.

    Near an edge the box stops at the edge, so the focal point is still inside it.
    """
    width, height = size
    ratio_w, ratio_h = CARD_RATIO
    box_w = min(width, height * ratio_w / ratio_h)
    box_h = box_w * ratio_h / ratio_w
    left = min(max(width * focal[0] / 100 - box_w / 2, 0), width - box_w)
    top = min(max(height * focal[1] / 100 - box_h / 2, 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def _rendition_name(source: str, width: int, encoding: Encoding, crop: str = "") -> str:
    path = PurePosixPath(source)
    return str(path.with_name(f"{path.stem}.{crop}{width}w.{encoding.format}"))


def _encode(picture: PILImage.Image, encoding: Encoding) -> bytes:
    profile = picture.info.get("icc_profile")
    if encoding is JPEG and picture.mode != "RGB":
        # JPEG has no transparency: see-through parts go white, as on the page.
        opaque = PILImage.new("RGB", picture.size, "white")
        opaque.paste(picture, mask=picture.getchannel("A"))
        picture = opaque
    # Only the colour profile travels (``_open`` kept nothing else): no EXIF, XMP or comments.
    options = {**encoding.options, **({"icc_profile": profile} if profile else {})}
    buffer = io.BytesIO()
    picture.save(buffer, encoding.pillow, **options)
    return buffer.getvalue()


def _open(file: Any, widest: int, widest_crop: int) -> tuple[PILImage.Image, tuple[int, int]]:
    """The picture upright, in RGB or RGBA, and the original's upright size.

    A JPEG is decoded at 1/2, 1/4 or 1/8 scale when that is still large enough
    for the widest rendition: a 24-megapixel photo then decodes in a third of the time.
    """
    with PILImage.open(file) as original:
        width, height = original.size
        if original.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS:
            width, height = height, width
        crop_w = min(width, height * CARD_RATIO[0] / CARD_RATIO[1])
        scale = min(1, max(widest / width, widest_crop / crop_w))
        needed = (math.ceil(original.width * scale), math.ceil(original.height * scale))
        original.draft(None, needed)
        picture = ImageOps.exif_transpose(original)
        has_alpha = picture.has_transparency_data
        picture = picture.convert("RGBA" if has_alpha else "RGB")
        # A profile describes the original's channels: a CMYK or grey one would misdescribe RGB.
        profile = original.info.get("icc_profile") if original.mode in {"RGB", "RGBA"} else None
        picture.info = {"icc_profile": profile} if profile else {}
    return picture, (width, height)


def make_renditions(image: "Image", *, crops_only: bool = False) -> list[dict[str, Any]]:
    """Make and store the renditions of ``image.file``; return their records.

    Each record is ``{format, width, height, name, crop}``. With ``crops_only``
    only the card crops are made (the focal point moved; the widths still fit).
    Files already written are deleted again if a later one fails.
    """
    storage, source = image.file.storage, image.file.name
    widths, card_widths = settings.PICTURE_WIDTHS, settings.PICTURE_CARD_WIDTHS
    made: list[dict[str, Any]] = []
    try:
        with storage.open(source, "rb") as file:
            picture, (width, height) = _open(file, max(widths), max(card_widths))
        # Sizes are worked out on the original's scale: a drafted decode is only a shortcut.
        scale = (picture.width / width, picture.height / height)
        jobs: list[tuple[int, int, tuple[float, ...] | None, str]] = []
        if not crops_only:
            for target in widths_for(width, widths):
                jobs.append((target, max(1, round(height * target / width)), None, ""))
        box = focal_box((width, height), (image.focal_x, image.focal_y))
        crop_label = f"card-{image.focal_x}-{image.focal_y}."
        # A picture already card-shaped (a camera's 3:2) needs no crops: cards use its widths.
        card_shaped = box[2] - box[0] > width - 1 and box[3] - box[1] > height - 1
        for target in [] if card_shaped else widths_for(math.floor(box[2] - box[0]), card_widths):
            crop_h = round(target * CARD_RATIO[1] / CARD_RATIO[0])
            scaled = (
                box[0] * scale[0],
                box[1] * scale[1],
                min(box[2] * scale[0], picture.width),
                min(box[3] * scale[1], picture.height),
            )
            jobs.append((target, crop_h, scaled, crop_label))
        for target, target_h, crop_box, crop in jobs:
            resized = picture.resize(
                (target, target_h), PILImage.Resampling.LANCZOS, box=crop_box, reducing_gap=3.0
            )
            for encoding in encodings():
                wanted = _rendition_name(source, target, encoding, crop)
                name = storage.save(wanted, ContentFile(_encode(resized, encoding)))
                made.append(
                    {
                        "format": encoding.format,
                        "width": target,
                        "height": target_h,
                        "name": name,
                        "crop": crop_box is not None,
                    }
                )
    except BaseException:
        delete_files(storage, (record["name"] for record in made))
        raise
    return made


def queue(pk: int, source: str, focal: Sequence[int], *, crops_only: bool = False) -> None:
    """Put the making of an image's renditions on the task queue, and note it in the cache."""
    cache.set(_queued_key(pk), _queued_mark(source, focal), QUEUED_SECONDS)
    renew.enqueue(pk, source, list(focal), crops_only=crops_only)


def is_queued(image: "Image") -> bool:
    """Whether renditions of the image's file and focal point are waiting in the queue."""
    mark = _queued_mark(image.file.name, (image.focal_x, image.focal_y))
    return cache.get(_queued_key(image.pk)) == mark


def _queued_key(pk: int) -> str:
    return f"np:renditions:queued:{pk}"


def _queued_mark(source: str, focal: Sequence[int]) -> str:
    return f"{source}|{focal[0]}|{focal[1]}"


@task
def renew(pk: int, source: str, focal: Sequence[int], *, crops_only: bool) -> int:
    """Make the renditions of an image as it was saved; run by the worker after the commit.

    Failure never reaches the editor: it is logged, the list stays as it was, and
    pages show the original file. If the file or focal point changed again
    meanwhile, that save has its own renewal coming and this one does nothing.
    Returns how many renditions it listed (the task's result, kept by the queue).
    """
    from articles.models import Image

    current = {"pk": pk, "file": source, "focal_x": focal[0], "focal_y": focal[1]}
    try:
        image = Image.objects.filter(**current).first()
        if image is None:
            return 0
        try:
            return len(remake(image, crops_only=crops_only))
        except Exception:
            logger.exception("Could not make renditions of %s; pages show the original", source)
            return 0
    finally:
        if cache.get(_queued_key(pk)) == _queued_mark(source, focal):
            cache.delete(_queued_key(pk))


def remake(image: "Image", *, crops_only: bool = False) -> list[dict[str, Any]]:
    """Make the image's renditions, list them, and delete the files they replace.

    The list is written with ``update()``, so a caption saved meanwhile is kept
    and ``save()`` is not run again; if the file or focal point changed since
    ``image`` was read, the new files are dropped and nothing is listed.
    """
    from articles.models import Image

    made = make_renditions(image, crops_only=crops_only)
    kept = [record for record in image.renditions if not record["crop"]] if crops_only else []
    listed = kept + made
    storage = image.file.storage
    current = {"file": image.file.name, "focal_x": image.focal_x, "focal_y": image.focal_y}
    if not Image.objects.filter(pk=image.pk, **current).update(renditions=listed):
        delete_files(storage, (record["name"] for record in made))
        return []
    names = {record["name"] for record in listed}
    delete_files(storage, (r["name"] for r in image.renditions if r["name"] not in names))
    image.renditions = listed
    return listed


def delete_files(storage: Storage, names: Iterable[str]) -> None:
    """Delete renditions no longer listed; one that is already gone is no error."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the rendition %s", name, exc_info=True)


@dataclass(frozen=True)
class Source:
    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What the page's ``<picture>`` needs, read from the renditions list alone."""

    sources: tuple[Source, ...]
    src: str
    srcset: str
    width: int | None
    height: int | None


def picture_for(image: "Image", *, crop: bool = False) -> Picture | None:
    """The ``<picture>`` for an image: card crops when asked and made, else the widths.

    With no renditions (not made yet, or making them failed) the original file is
    shown alone; with no file, nothing (the caption and credit stand alone).
    """
    if not image.file:
        return None
    url = image.file.storage.url
    records = [r for r in image.renditions if r["crop"]] if crop else []
    records = records or [r for r in image.renditions if not r["crop"]]
    by_format: dict[str, list[dict[str, Any]]] = {}
    for record in sorted(records, key=lambda record: record["width"]):
        by_format.setdefault(record["format"], []).append(record)
    jpegs = by_format.pop(JPEG.format, [])
    if not jpegs:
        return Picture((), image.file.url, "", image.width, image.height)

    def srcset(group: list[dict[str, Any]]) -> str:
        return ", ".join(f"{url(record['name'])} {record['width']}w" for record in group)

    sources = tuple(
        Source(encoding.mime_type, srcset(by_format[encoding.format]))
        for encoding in (AVIF, WEBP)
        if encoding.format in by_format
    )
    fitting = [record for record in jpegs if record["width"] <= FALLBACK_WIDTH]
    fallback = fitting[-1] if fitting else jpegs[0]
    return Picture(
        sources, url(fallback["name"]), srcset(jpegs), fallback["width"], fallback["height"]
    )
