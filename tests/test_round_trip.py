"""Import, export, import again: nothing the format carries is lost or changed.

Three levels. Pure: ``parse(render(x)) == x`` for every article the format can
carry, and ``render ∘ parse`` is stable on any text the parser accepts. With
the database: the seed and generated sets go import → export A → empty
database → import A → export B, and A equals B byte for byte, with the same
articles, tags and publication dates. The seed's A is the seed itself plus a
final newline.
"""

import dataclasses
import datetime
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.formats.parsed import Credit, Entities, ParsedArticle, ParsedImage, ParseError
from articles.formats.plaintext import parse, render
from articles.models import Article, RelatedLink
from articles.text.headlines import fold_headline
from tests.test_parser_robustness import EXPORTS

# Letters of several scripts, with the accents and the caseless scripts a newsroom meets.
LATIN = "abcdefghijklmnopqrstuvwxyzéèêàâäüöôßçñøåłśźżčšžğıœ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыьэюяёїє"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
CJK = "中国新闻记者日本語東京北京한국어서울"
LETTERS = LATIN + LATIN.upper() + GREEK + CYRILLIC + ARABIC + CJK
PUNCTUATION = ['"', "“", "”", "'", "‘", "’", "«", "»", "–", "—", "-", ",", ".", "!", "?", ";"]

WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=10)
DATES = st.dates(min_value=datetime.date(1990, 1, 1)).map(
    lambda day: day.strftime("%-d %B %Y") if day.day % 2 else day.strftime("%B %-d, %Y")
)
TOKENS = st.one_of(
    WORDS,
    WORDS.map(lambda word: word.capitalize()),
    st.tuples(st.sampled_from(PUNCTUATION), WORDS).map("".join),
    st.tuples(WORDS, st.sampled_from(PUNCTUATION)).map("".join),
    st.tuples(
        st.sampled_from(["“", '"', "‘", "«"]), WORDS, st.sampled_from(["”", '"', "’", "»"])
    ).map("".join),
    st.just("–"),
    # A no-break space inside a paragraph is text (the seed has one).
    st.tuples(WORDS, WORDS).map("\u00a0".join),
    DATES,
)
TEXT = st.lists(TOKENS, min_size=1, max_size=25).map(" ".join)
HEADLINES = TEXT.filter(lambda text: len(text) <= 300 and fold_headline(text) != "related news")
PARAGRAPHS = st.lists(TEXT, min_size=1, max_size=6).map(tuple)

NAME_WORDS = st.text(alphabet=LATIN + GREEK + CYRILLIC, min_size=2, max_size=9).map(str.capitalize)
PEOPLE = st.lists(NAME_WORDS, min_size=2, max_size=3).map(" ".join) | st.sampled_from(
    ["Andrii Nesterenko", "Anna-Lena van der Berg", "Γιώργος Νικολάου", "Олена Коваль", "李明"]
)
AGENCIES = st.sampled_from(["AFP", "Belga", "Reuters", "Getty Images", "EPA-EFE", "ANP", "AP"])
CREDITS = st.one_of(
    st.builds(Credit, photographer=PEOPLE, agency=AGENCIES),
    st.builds(Credit, photographer=PEOPLE),
    st.builds(Credit, agency=AGENCIES),
    st.none(),
)
# Captions are sentences; an empty caption with a credit is a credit alone.
CAPTIONS = st.one_of(TEXT.map(lambda text: text.rstrip(".") + "."), TEXT, st.just(""))
IMAGES = st.builds(ParsedImage, caption=CAPTIONS, credit=CREDITS).filter(
    lambda image: image.caption or image.credit
)
PUBLISHERS = st.one_of(
    st.lists(NAME_WORDS, min_size=1, max_size=4).map(" ".join),
    st.sampled_from(
        ["The Brussels Times", "Le Soir", "Η Καθημερινή", "Новая газета", "日本経済新聞"]
    ),
)
ARTICLES = st.builds(
    ParsedArticle,
    headline=HEADLINES,
    paragraphs=PARAGRAPHS,
    publisher=PUBLISHERS,
    copyright_year=st.integers(min_value=1, max_value=9999),
    lead_image=st.none() | IMAGES,
    related_headlines=st.lists(HEADLINES, max_size=4).map(tuple),
)

PURE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def carried(article: ParsedArticle) -> ParsedArticle:
    """What the file carries: without what the parser derives from the text."""
    return dataclasses.replace(article, publication_date=None, entities=Entities())


@PURE
@given(ARTICLES)
@example(
    ParsedArticle(
        headline="Council approves the tram line",
        paragraphs=("Council approves the tram line", "Work starts in spring."),
        publisher="Le Soir",
        copyright_year=2026,
    )
)
@example(
    ParsedArticle(
        headline="Talks resume",
        paragraphs=("Related News", "They met on 3 February 2026."),
        publisher="Le Soir",
        copyright_year=26,
        lead_image=ParsedImage("", Credit(photographer="Jane")),
    )
)
def test_parse_gives_back_every_article_render_writes(article):
    assert carried(parse(render(article))) == article


@PURE
@given(EXPORTS)
def test_render_of_any_parsed_export_parses_to_the_same_article(text):
    try:
        parsed = parse(text)
    except ParseError:
        return

    written = render(parsed)

    assert parse(written) == parsed
    assert render(parse(written)) == written


# --- through the database ---------------------------------------------------


def empty_database() -> None:
    """Remove every row of the site's own models, as a fresh database has none.

    Related links go first: one without a headline of its own may not lose its target.
    """
    models = apps.get_app_config("articles").get_models()
    for model in (RelatedLink, Article, *models):
        model._default_manager.all().delete()
    assert not any(model._default_manager.exists() for model in models)


def import_dir(directory: Path) -> None:
    call_command("import_articles", str(directory), stdout=io.StringIO(), stderr=io.StringIO())


def export_dir(directory: Path) -> dict[str, bytes]:
    call_command("export_articles", str(directory), stdout=io.StringIO(), stderr=io.StringIO())
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def what_the_importer_made() -> dict[str, tuple]:
    """Per article: its tags and publication day, which the file does not spell out."""
    return {
        str(article.uuid): (
            article.status,
            timezone.localdate(article.published_at) if article.source_checksum else None,
            sorted((tag.kind, tag.name) for tag in article.tags.all()),
        )
        for article in Article.objects.prefetch_related("tags")
    }


def round_trip(tmp_path: Path, first: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    import_dir(first)
    made = what_the_importer_made()
    a = export_dir(tmp_path / "a")
    empty_database()
    import_dir(tmp_path / "a")
    assert what_the_importer_made() == made
    b = export_dir(tmp_path / "b")
    return a, b


@pytest.mark.django_db
def test_seed_export_imports_and_exports_to_the_same_bytes(tmp_path, seed_path, seed_text):
    a, b = round_trip(tmp_path, seed_path)

    assert a == b
    [(name, data)] = a.items()
    assert name == f"{Article.objects.get().uuid}.txt"
    # The newsroom's file, with the final newline it lacks.
    assert data.decode("utf-8") == seed_text + "\n"


@pytest.mark.django_db
def test_seed_round_trip_keeps_the_tags_and_date_the_importer_found(tmp_path, seed_path):
    round_trip(tmp_path, seed_path)

    article = Article.objects.get()
    assert timezone.localdate(article.published_at).isoformat() == "2026-02-03"
    names = {tag.name for tag in article.tags.all()}
    assert {"Mark Rutte", "Kyiv", "NATO"} <= names


def dated(article: ParsedArticle) -> ParsedArticle:
    """The article with a full date in its first paragraph, so every import dates it alike."""
    first = f"{article.paragraphs[0]} on 3 February 2026."
    return dataclasses.replace(article, paragraphs=(first, *article.paragraphs[1:]))


def distinct(articles: list[ParsedArticle]) -> bool:
    """One publisher and headline names one article; Related News never names itself."""
    keys = [(a.publisher.casefold(), fold_headline(a.headline)) for a in articles]
    return len(set(keys)) == len(keys) and all(
        fold_headline(a.headline) not in {fold_headline(r) for r in a.related_headlines}
        for a in articles
    )


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(ARTICLES.map(dated), min_size=1, max_size=4).filter(distinct))
def test_generated_articles_export_import_and_export_to_the_same_bytes(tmp_path_factory, articles):
    empty_database()
    tmp_path = tmp_path_factory.mktemp("trip")
    originals = tmp_path / "originals"
    originals.mkdir()
    for number, article in enumerate(articles):
        (originals / f"{number:03d}.txt").write_text(render(article), encoding="utf-8")

    a, b = round_trip(tmp_path, originals)

    assert a == b
    assert sorted(a.values()) == sorted(render(x).encode("utf-8") for x in articles)
