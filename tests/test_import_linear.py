"""Importing a file costs time in proportion to its size, whatever the text repeats.

An 800 KB export whose paragraph repeated one word 200,000 times took minutes:
trimming a run of capitalised words copied the rest of the run once per word
dropped, and a title with no name after it was looked at again from each of its
words. These tests build such texts at two sizes, n and 8n, and compare the time
parsing and building takes: linear work grows about 8×, quadratic work 64×. The
bound (24×, three times linear) leaves room for a noisy machine without letting
quadratic growth through; each size is timed as the best of three runs.
"""

import io
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.formats import plaintext
from articles.importer import ImportOptions, build
from articles.models import Tag
from articles.tagging import empty_vocabulary
from articles.text.entities import extract_entities
from tests.exports import export_text, write_export

GROWTH = 8
# Linear work grows GROWTH×, quadratic GROWTH²×: allow three times linear.
MAX_RATIO = 3 * GROWTH

# Paragraphs that repeat one thing: a plain word, a determiner, a title without a
# name, names, a capitalised phrase, an organisation's joiner, a whole titled name.
REPEATED = [
    "news",
    "The",
    "President",
    "Kyiv",
    "Mark Rutte",
    "The Word",
    "Bank of",
    "Secretary General of NATO Mark Rutte",
    "Vice",
    "in Kyiv,",
]


def capitalised_run(words: int) -> str:
    """A run of distinct capitalised words, no sentence end: one candidate name of any length."""
    return " ".join(f"Word{chr(65 + n % 26)}{n}" for n in range(words))


def paragraph(repeated: str, words: int) -> str:
    if repeated == "<run>":
        return capitalised_run(words)
    return " ".join([repeated] * max(1, words // len(repeated.split())))


def import_work(text: str) -> None:
    """What the importer does with a file before the database: parse, find entities, build."""
    vocabulary = empty_vocabulary()
    vocabulary.add(Tag(kind=Tag.Kind.TOPIC, name="energy"), Tag.Kind.TOPIC, "energy")
    vocabulary.add(Tag(kind=Tag.Kind.PLACE, name="Kyiv"), Tag.Kind.PLACE, "Kyiv", ["Kiev"])
    build(plaintext.parse(text), ImportOptions(), vocabulary)


def best_time(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        import_work(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("repeated", [*REPEATED, "<run>"])
def test_import_time_grows_no_faster_than_the_file(repeated):
    extract_entities(["warm the gazetteer up in Kyiv"])
    small, large = 4_000, 4_000 * GROWTH
    small_text = export_text(paragraphs=["Opening line.", paragraph(repeated, small)])
    large_text = export_text(paragraphs=["Opening line.", paragraph(repeated, large)])

    ratio = best_time(large_text) / best_time(small_text)

    assert ratio < MAX_RATIO, f"{repeated!r}: {GROWTH}× the words took {ratio:.1f}× the time"


@pytest.mark.django_db
@pytest.mark.parametrize("repeated", ["new", "The", "President", "<run>"])
def test_an_800_kb_paragraph_of_one_repeated_word_imports_in_seconds_not_minutes(
    repeated, tmp_path: Path
):
    extract_entities(["warm the gazetteer up in Kyiv"])
    words = 200_000 if repeated != "<run>" else 80_000
    text = export_text(paragraphs=["Opening line.", paragraph(repeated, words)])
    assert len(text.encode()) >= 640_000
    path = write_export(tmp_path, "big.txt", text)

    start = time.perf_counter()
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    elapsed = time.perf_counter() - start

    # About half a second on the development machine; minutes before the fix.
    assert elapsed < 5, f"{repeated!r}: {elapsed:.1f} s"
