"""Draws the site's default share picture and logo: static/img/share.png and logo.png.

Social networks and search engines take no SVG, so the favicon's mark is drawn
again as rasters: a 1200×630 share picture (the size Open Graph readers show
large) with the site name on the page's paper colour, and a 512×512 logo (at
least 112 px square, as search engines ask of an Organization's logo). Run once
after changing the name or colours, and commit the files:

    .venv/bin/python docs/share_images.py [SITE NAME]

Pillow's bundled font keeps the result the same on every machine.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

STATIC_IMG = Path(__file__).resolve().parent.parent / "static" / "img"
PAPER, INK, ACCENT = "#fbfaf7", "#1b1a18", "#a11d21"  # site.css --paper, --ink, --accent
SHARE_SIZE, LOGO_SIZE = (1200, 630), 512


def draw_mark(draw: ImageDraw.ImageDraw, left: float, top: float, size: float) -> None:
    """The favicon's mark (a 32-unit square: an N on ink) at ``size`` pixels."""
    unit = size / 32

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + x * unit, top + y * unit)

    draw.rounded_rectangle([at(0, 0), at(32, 32)], radius=4 * unit, fill=INK)
    for shape in ([(7, 6), (10, 6), (10, 26), (7, 26)], [(22, 6), (25, 6), (25, 26), (22, 26)]):
        draw.polygon([at(x, y) for x, y in shape], fill=PAPER)
    draw.polygon([at(9, 6), at(12, 6), at(23, 26), at(20, 26)], fill=PAPER)


def share_picture(name: str) -> Image.Image:
    picture = Image.new("RGB", SHARE_SIZE, PAPER)
    draw = ImageDraw.Draw(picture)
    draw_mark(draw, 110, 195, 240)
    font = ImageFont.load_default(size=120)
    draw.text((400, 315), name, font=font, fill=INK, anchor="lm")
    draw.rectangle([(110, 520), (1090, 528)], fill=ACCENT)
    return picture


def logo() -> Image.Image:
    picture = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), PAPER)
    draw_mark(ImageDraw.Draw(picture), 0, 0, LOGO_SIZE)
    return picture


if __name__ == "__main__":
    site_name = sys.argv[1] if len(sys.argv) > 1 else "Newsportal"
    share_picture(site_name).save(STATIC_IMG / "share.png", optimize=True)
    logo().save(STATIC_IMG / "logo.png", optimize=True)
