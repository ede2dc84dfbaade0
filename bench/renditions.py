"""Benchmark: make the renditions of one photo-sized picture, as an editor's save does.

Makes a noisy, blurred JPEG (so it compresses like a photograph, not like a flat
colour), stores it in a temporary MEDIA_ROOT, and times ``make_renditions``:
the work that runs after the save commits, before the editor's page returns.

    python bench/renditions.py --size 6000x4000
    python bench/renditions.py --size 2400x1600 --repeat 3
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def photo(width: int, height: int) -> bytes:
    from PIL import Image, ImageFilter

    small = Image.effect_noise((width // 2, height // 2), 60).convert("RGB")
    picture = small.resize((width, height)).filter(ImageFilter.GaussianBlur(2))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="6000x4000", help="WIDTHxHEIGHT of the original")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))

    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from PIL import features

    from articles.models import Image
    from articles.renditions import make_renditions

    data = photo(width, height)
    image = Image(alt_text="Noise", file=ContentFile(data, name="photo.jpg"), focal_x=70)
    image.file.save("photo.jpg", ContentFile(data), save=False)
    timings, made = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        made = make_renditions(image)
        timings.append(time.perf_counter() - start)
    stored = sum((work / "media" / record["name"]).stat().st_size for record in made)
    print(
        f"{width}x{height} JPEG of {len(data) / 1e6:.1f} MB (AVIF {features.check('avif')}): "
        f"{len(made)} renditions, {stored / 1e6:.1f} MB, "
        f"median {statistics.median(timings):.2f} s of {args.repeat} "
        f"(min {min(timings):.2f} s, max {max(timings):.2f} s)"
    )


if __name__ == "__main__":
    main()
