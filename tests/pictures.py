"""Small real picture files for the picture desk's tests, made with Pillow (and by hand).

Pillow writes EXIF (``Image.Exif``), XMP and colour profiles itself; IPTC IIM it
only reads, so ``with_iptc`` writes the APP13 segment a newsroom's tools write.
"""

import io
import struct
import zlib

from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

GPS_LATITUDE = (50.0, 51.0, 12.5)


def jpeg(
    size: tuple[int, int] = (40, 20), *, exif: PILImage.Exif | None = None, **options
) -> bytes:
    """A JPEG, red on the left half and blue on the right, so turning it shows."""
    picture = PILImage.new("RGB", size, "red")
    picture.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    picture.save(buffer, "JPEG", quality=95, **options)
    return buffer.getvalue()


def personal_exif(orientation: int = 1, **text: str) -> PILImage.Exif:
    """EXIF as a phone writes it: where it was taken, the camera, and any text given."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.BodySerialNumber] = "SERIAL-123456"
    for name, value in text.items():
        exif[getattr(ExifTags.Base, name)] = value
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 21.0, 3.0),
    }
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def xmp_packet(*, description: str = "", alt_text: str = "", location: str = "") -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/">'
        '<rdf:Description rdf:about="">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li>'
        "</rdf:Alt></dc:description>"
        "<Iptc4xmpCore:AltTextAccessibility><rdf:Alt>"
        f'<rdf:li xml:lang="x-default">{alt_text}</rdf:li></rdf:Alt>'
        "</Iptc4xmpCore:AltTextAccessibility>"
        f"<exif:GPSLatitude>{location}</exif:GPSLatitude>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def with_iptc(jpeg_bytes: bytes, datasets: dict[tuple[int, int], str]) -> bytes:
    """The JPEG with an IPTC IIM block (Photoshop APP13, resource 0x0404) after its SOI."""
    iim = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value.encode())) + value.encode()
        for key, value in [((1, 90), "\x1b%G"), *datasets.items()]
    )
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    payload = b"Photoshop 3.0\x00" + resource + iim
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg_bytes.startswith(b"\xff\xd8")
    return b"\xff\xd8" + segment + jpeg_bytes[2:]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` and has no pixels: only its header is read."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def png(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def opened(data: bytes) -> PILImage.Image:
    return PILImage.open(io.BytesIO(data))
