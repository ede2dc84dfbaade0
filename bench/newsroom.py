"""A synthetic newsroom for bench/site.py: export files to import, and what they cannot say.

``write_exports()`` writes N plain-text export files (the newsroom's own layout,
rendered by ``articles.formats.plaintext.render``): a unique headline, a lead
picture's caption with its photographer and agency, paragraphs that name people
after a title, places after a preposition and organisations by acronym (so the
importer's entity rules tag them), one full date in the caption (the
publication day, three articles a day going back in time) and "Related News"
naming up to three newer headlines (so the importer links them). Article n tells
story n % STORIES: its headline, date and links are its own (bench/bulk.py).

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
import functools
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
PICTURE_SIZE = (1200, 800)
BATCH = 500
# Distinct stories: article n tells story n % STORIES (``article_of``).
STORIES = 1000

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


@functools.lru_cache(maxsize=STORIES)
def _story(k: int) -> tuple[str, str, tuple[str, ...], str]:
    """Story ``k``'s words: the person and place its picture shows, paragraphs, photographer."""
    rng = random.Random(k)  # noqa: S311 - repeatable test data, not a secret
    person = f"{rng.choice(_TITLES)} {rng.choice(_FIRST)} {rng.choice(_LAST)}"
    place, other = rng.sample(_PLACES, 2)
    org = rng.choice(_ORGS)
    surname = person.rsplit(" ", 1)[1]

    def sentence(length: int) -> str:
        words = [rng.choice(_WORDS) for _ in range(length)]
        return " ".join(words).capitalize() + "."

    paragraphs = (
        f"{person} said in {place} that the {rng.choice(_WORDS)} plan would go ahead. "
        + sentence(18),
        f"Officials from {org} met in {other} to discuss it. " + sentence(24),
        *(sentence(rng.randint(20, 45)) + " " + sentence(rng.randint(10, 30)) for _ in range(6)),
        f'"We will not wait," {surname} told reporters. ' + sentence(16),
    )
    photographer = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    return person, place, paragraphs, photographer


def day_of(n: int) -> datetime.date:
    return FIRST_DAY - datetime.timedelta(days=n // ARTICLES_A_DAY)


def caption_of(person: str, place: str, day: datetime.date) -> str:
    date = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{person} speaks to the press in {place} on {date}"


def article_of(n: int) -> ParsedArticle:
    """Article number ``n``: the same text on every run.

    Its headline, date and Related News are its own; its paragraphs, people and
    places are story ``n % STORIES``'s, so bench/bulk.py can write a million
    articles from the rows the importer made for a thousand stories. The date is
    in the caption, not the standfirst: the standfirst and body (and their search
    vectors) are then the story's, word for word.
    """
    person, place, paragraphs, photographer = _story(n % STORIES)
    day = day_of(n)
    return ParsedArticle(
        headline=headline_of(n),
        paragraphs=paragraphs,
        publisher=PUBLISHER,
        copyright_year=day.year,
        lead_image=ParsedImage(
            caption=caption_of(person, place, day),
            credit=Credit(photographer=photographer, agency="AFP"),
        ),
        related_headlines=tuple(headline_of(m) for m in range(max(0, n - 3), n)),
    )


def write_exports(directory: Path, count: int, newest: int | None = None) -> None:
    """``count`` export files, oldest first by name; with ``newest``, only the newest ones.

    A file is named for its place in the run (``0000000.txt`` the oldest), so the
    import gives article ids in that order; bench/bulk.py writes the older rest.
    """
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(count - 1 if newest is None else min(newest, count) - 1, -1, -1):
        (directory / file_name(count, n)).write_text(render(article_of(n)), encoding="utf-8")


def file_name(count: int, n: int) -> str:
    return f"{count - 1 - n:07d}.txt"


def write_pictures(media_root: Path) -> list[tuple[str, int, int]]:
    """A pool of small real JPEGs (gradients and shapes) under MEDIA_ROOT: (name, w, h)."""
    from PIL import Image, ImageDraw

    folder = media_root / "images" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    pool = []
    for n in range(PICTURES):
        rng = random.Random(1000 + n)  # noqa: S311 - repeatable test data, not a secret
        width, height = PICTURE_SIZE
        base = [rng.randrange(40, 200) for _ in range(3)]
        picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        picture = Image.blend(picture, Image.new("RGB", (width, height), tuple(base)), 0.6)
        draw = ImageDraw.Draw(picture)
        for _ in range(12):
            x, y = rng.randrange(width), rng.randrange(height)
            size = rng.randrange(40, 300)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + size, y + size), fill=colour)
        name = picture_at(n)
        picture.save(media_root / name, "JPEG", quality=80)
        pool.append((name, width, height))
    return pool


def section_at(index: int) -> int:
    """The position in SECTIONS of the article at ``index`` (pk order): half in the first."""
    return 0 if index % 2 else 1 + index // 2 % (len(SECTIONS) - 1)


def reporters_at(index: int) -> list[int]:
    """The byline of the article at ``index`` (pk order), as reporter numbers.

    Reporter 0 is on a fifth of all articles: the "most prolific author".
    """
    rng = random.Random(7_000_000 + index)  # noqa: S311 - repeatable test data
    chosen = [0] if index % 5 == 0 else []
    return chosen + rng.sample(range(1, REPORTERS), rng.randint(1, 2))


def picture_at(index: int) -> str:
    """The pool picture the image at ``index`` (pk order) shows."""
    return f"images/bench/picture-{index % PICTURES:02d}.jpg"


def desk() -> tuple[list, list]:
    """The sections and reporters (made once; bench/bulk.py needs them before enrich())."""
    from articles.models import Author, Section

    sections = [
        Section.objects.get_or_create(
            slug=name.lower(), defaults={"name": name, "position": n, "in_navigation": True}
        )[0]
        for n, name in enumerate(SECTIONS)
    ]
    reporters = [
        Author.objects.get_or_create(
            slug=f"reporter-{n}",
            defaults={
                "name": f"{_FIRST[n % len(_FIRST)]} {_LAST[n % len(_LAST)]}-{n}",
                "role": Author.Role.REPORTER,
            },
        )[0]
        for n in range(REPORTERS)
    ]
    return sections, reporters


def enrich(media_root: Path) -> dict[str, str]:
    """Sections, bylines and picture files for the imported articles; their busiest pages.

    Each article's come from its place in pk order (``section_at``,
    ``reporters_at``, ``picture_at``); articles that have a section already
    (bench/bulk.py wrote them so) are left alone. Returns the addresses
    bench/site.py times: the section holding half the archive, the most
    prolific reporter, the tag on most articles.
    """
    from django.db import transaction

    from articles.models import Article, Byline, Image
    from articles.shown_bylines import copy_bylines

    write_pictures(media_root)
    with transaction.atomic():
        sections, reporters = desk()
        rows = Article.objects.order_by("pk").values_list("pk", "status", "published_at", "section")
        todo = [(index, *row[:3]) for index, row in enumerate(rows) if row[3] is None]
        by_section: dict[int, list[int]] = {}
        for index, pk, _, _ in todo:
            by_section.setdefault(sections[section_at(index)].pk, []).append(pk)
        for section_id, ids in by_section.items():
            for start in range(0, len(ids), BATCH):
                Article.objects.filter(pk__in=ids[start : start + BATCH]).update(
                    section_id=section_id
                )
        bylines = [
            Byline(
                article_id=pk,
                author=reporters[number],
                position=position,
                status=status,
                published_at=published_at,
            )
            for index, pk, status, published_at in todo
            for position, number in enumerate(reporters_at(index))
        ]
        Byline.objects.bulk_create(bylines, batch_size=BATCH)
        # The bulk insert sent no signal: the pages' copy of each byline is written here.
        copy_bylines(pk for _, pk, _, _ in todo)
        images = Image.objects.order_by("pk").values_list("pk", "file")
        by_picture: dict[str, list[int]] = {}
        for index, (pk, file) in enumerate(images):
            if not file:
                by_picture.setdefault(picture_at(index), []).append(pk)
        for name, ids in by_picture.items():
            for start in range(0, len(ids), BATCH):
                Image.objects.filter(pk__in=ids[start : start + BATCH]).update(
                    file=name, width=PICTURE_SIZE[0], height=PICTURE_SIZE[1]
                )
    return busiest_pages()


def busiest_pages() -> dict[str, str]:
    """The section holding half the archive, the most prolific reporter, the busiest tag."""
    from django.db.models import Count

    from articles.models import Tag

    sections, reporters = desk()
    busiest_tag = Tag.objects.annotate(uses=Count("taggings")).order_by("-uses", "pk").first()
    return {
        "section": sections[0].get_absolute_url(),
        "author": reporters[0].get_absolute_url(),
        "tag": busiest_tag.get_absolute_url() if busiest_tag else "",
    }
