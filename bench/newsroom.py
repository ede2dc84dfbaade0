"""A synthetic newsroom for bench/site.py: export files to import, and what they cannot say.

``write_exports()`` writes N plain-text export files (the newsroom's own layout,
rendered by ``articles.formats.plaintext.render``): a unique headline, a lead
picture's caption with its photographer and agency, paragraphs that name people
after a title, places after a preposition and organisations by acronym (so the
importer's entity rules tag them), one full date (the publication day, three
articles a day going back in time) and "Related News" naming up to three earlier
headlines (so the importer links them).

The text format has no bylines, sections or picture files. ``enrich()`` adds them
after the import, in bulk: a few sections (one of them holding half the
archive, for a deep section page), reporters' bylines (one reporter on a fifth of
all articles, the "most prolific author"), and small real JPEGs made with Pillow
(a shared pool) as the imported pictures' files. Bylines are written with their
copies of the article's status and time, as ``articles.listing_copies`` keeps them,
and each article's copy of its printed byline (``articles.shown_bylines``).
Everything comes from a seeded random generator: the same corpus on every run.
"""

import datetime
import random
from pathlib import Path

from articles.formats.parsed import Credit, ParsedArticle, ParsedImage
from articles.formats.plaintext import render

PUBLISHER = "The Bench Times"
FIRST_DAY = datetime.date(2026, 2, 3)
ARTICLES_A_DAY = 3
SECTIONS = ["News", "Europe", "Business", "Politics", "Culture", "Sport", "Science", "Opinion"]
REPORTERS = 40
PICTURES = 24
BATCH = 500

_TITLES = ["President", "Prime Minister", "Minister", "Commissioner", "Mayor", "Chancellor"]
_FIRST = ["Anna", "Jean", "Marta", "Pieter", "Sofia", "Luca", "Ingrid", "Tomas", "Elena", "Omar"]
_LAST = ["Kowalski", "Dupont", "Jansen", "Rossi", "Novak", "Berg", "Silva", "Weber", "Costa"]
_PLACES = ["Brussels", "Kyiv", "Paris", "Berlin", "Warsaw", "Madrid", "Vienna", "Lisbon", "Oslo"]
_ORGS = ["NATO", "OECD", "UNESCO", "OSCE", "IMF", "WHO", "UNICEF"]
_WORDS = (  # noqa: SIM905 - words read best as words
    "energy budget election court talks peace strike market growth inflation climate transport "
    "housing health schools farmers workers prices reform parliament treaty border security "
    "trade tariffs research council vote coalition deal"
).split()
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def headline_of(n: int) -> str:
    rng = random.Random(n)  # noqa: S311 - repeatable test data, not a secret
    words = rng.sample(_WORDS, 4)
    return f"{words[0].capitalize()} {words[1]} and {words[2]} dominate {words[3]} debate, day {n}"


def article_of(n: int) -> ParsedArticle:
    """Article number ``n``: the same text on every run."""
    rng = random.Random(n)  # noqa: S311 - repeatable test data, not a secret
    day = FIRST_DAY - datetime.timedelta(days=n // ARTICLES_A_DAY)
    person = f"{rng.choice(_TITLES)} {rng.choice(_FIRST)} {rng.choice(_LAST)}"
    place, other = rng.sample(_PLACES, 2)
    org = rng.choice(_ORGS)
    surname = person.rsplit(" ", 1)[1]

    def sentence(length: int) -> str:
        words = [rng.choice(_WORDS) for _ in range(length)]
        return " ".join(words).capitalize() + "."

    paragraphs = [
        f"{person} said in {place} on {day.day} {_MONTHS[day.month - 1]} {day.year} that the "
        f"{rng.choice(_WORDS)} plan would go ahead. " + sentence(18),
        f"Officials from {org} met in {other} to discuss it. " + sentence(24),
        *(sentence(rng.randint(20, 45)) + " " + sentence(rng.randint(10, 30)) for _ in range(6)),
        f'"We will not wait," {surname} told reporters. ' + sentence(16),
    ]
    photographer = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    return ParsedArticle(
        headline=headline_of(n),
        paragraphs=tuple(paragraphs),
        publisher=PUBLISHER,
        copyright_year=day.year,
        lead_image=ParsedImage(
            caption=f"{person} speaks to the press in {place}",
            credit=Credit(photographer=photographer, agency="AFP"),
        ),
        related_headlines=tuple(headline_of(m) for m in range(max(0, n - 3), n)),
    )


def write_exports(directory: Path, count: int) -> None:
    """``count`` export files, oldest first by name, so related headlines already exist."""
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(count - 1, -1, -1):
        name = f"{count - 1 - n:07d}.txt"
        (directory / name).write_text(render(article_of(n)), encoding="utf-8")


def write_pictures(media_root: Path) -> list[tuple[str, int, int]]:
    """A pool of small real JPEGs (gradients and shapes) under MEDIA_ROOT: (name, w, h)."""
    from PIL import Image, ImageDraw

    folder = media_root / "images" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    pool = []
    for n in range(PICTURES):
        rng = random.Random(1000 + n)  # noqa: S311 - repeatable test data, not a secret
        width, height = 1200, 800
        base = [rng.randrange(40, 200) for _ in range(3)]
        picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        picture = Image.blend(picture, Image.new("RGB", (width, height), tuple(base)), 0.6)
        draw = ImageDraw.Draw(picture)
        for _ in range(12):
            x, y = rng.randrange(width), rng.randrange(height)
            size = rng.randrange(40, 300)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + size, y + size), fill=colour)
        name = f"images/bench/picture-{n:02d}.jpg"
        picture.save(media_root / name, "JPEG", quality=80)
        pool.append((name, width, height))
    return pool


def enrich(media_root: Path) -> dict[str, str]:
    """Sections, bylines and picture files for the imported articles; their busiest pages.

    Returns the addresses bench/site.py times: the section holding half the
    archive, the most prolific reporter, the tag on most articles.
    """
    from django.db import transaction
    from django.db.models import Count

    from articles.models import Article, Author, Byline, Image, Section, Tag
    from articles.shown_bylines import copy_bylines

    rng = random.Random(7)  # noqa: S311 - repeatable test data, not a secret
    pool = write_pictures(media_root)
    rows = list(Article.objects.order_by("pk").values_list("pk", "status", "published_at"))
    with transaction.atomic():
        sections = [
            Section.objects.create(name=name, slug=name.lower(), position=n, in_navigation=True)
            for n, name in enumerate(SECTIONS)
        ]
        by_section: dict[int, list[int]] = {}
        for index, (pk, _, _) in enumerate(rows):
            # Half the archive in the first section, the rest spread over the others.
            section = sections[0] if index % 2 else sections[1 + index // 2 % (len(sections) - 1)]
            by_section.setdefault(section.pk, []).append(pk)
        for section_id, ids in by_section.items():
            for start in range(0, len(ids), BATCH):
                Article.objects.filter(pk__in=ids[start : start + BATCH]).update(
                    section_id=section_id
                )
        reporters = Author.objects.bulk_create(
            Author(
                name=f"{_FIRST[n % len(_FIRST)]} {_LAST[n % len(_LAST)]}-{n}",
                slug=f"reporter-{n}",
                role=Author.Role.REPORTER,
            )
            for n in range(REPORTERS)
        )
        bylines = []
        for index, (pk, status, published_at) in enumerate(rows):
            chosen = [reporters[0]] if index % 5 == 0 else []
            chosen += rng.sample(reporters[1:], rng.randint(1, 2))
            bylines += [
                Byline(
                    article_id=pk,
                    author=author,
                    position=position,
                    status=status,
                    published_at=published_at,
                )
                for position, author in enumerate(chosen)
            ]
        Byline.objects.bulk_create(bylines, batch_size=BATCH)
        # The bulk insert sent no signal: the pages' copy of each byline is written here.
        copy_bylines(pk for pk, _, _ in rows)
        images = list(Image.objects.order_by("pk").values_list("pk", flat=True))
        by_picture: dict[int, list[int]] = {}
        for index, pk in enumerate(images):
            by_picture.setdefault(index % len(pool), []).append(pk)
        for picture, ids in by_picture.items():
            name, width, height = pool[picture]
            for start in range(0, len(ids), BATCH):
                Image.objects.filter(pk__in=ids[start : start + BATCH]).update(
                    file=name, width=width, height=height
                )
    busiest_tag = Tag.objects.annotate(uses=Count("taggings")).order_by("-uses", "pk").first()
    return {
        "section": sections[0].get_absolute_url(),
        "author": reporters[0].get_absolute_url(),
        "tag": busiest_tag.get_absolute_url() if busiest_tag else "",
    }
