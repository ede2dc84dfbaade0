"""Slugs from names in any script: transliterated, cut at a word, numbered when taken."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Tag
from articles.slugs import first_free, slug_for, slug_for_model


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Γιώργος Νικολάου", "giorgos-nikolaou"),
        ("Σοφία Παπαδοπούλου", "sophia-papadopoulou"),
        ("Андрій Нестеренко", "andrii-nesterenko"),
        ("Олександр Клименко", "oleksandr-klimenko"),
        ("Yıldırım", "yildirim"),
        ("王伟", "wang-wei"),
        ("Søren Straße", "soren-strasse"),
        ("Andrii Nesterenko", "andrii-nesterenko"),
    ],
)
def test_a_name_in_any_script_becomes_its_transliteration(name, slug):
    assert slug_for(name, 200) == slug


def test_a_name_of_only_emoji_gets_a_non_empty_slug_that_is_the_same_every_time():
    first = slug_for("📷🎉", 200, fallback="author")

    assert first.startswith("author-")
    assert len(first) == len("author-") + 8
    assert slug_for("📷🎉", 200, fallback="author") == first


def test_two_names_of_only_punctuation_get_different_slugs():
    assert slug_for("!!!", 200) != slug_for("???", 200)


def test_a_name_longer_than_the_column_is_cut_after_a_whole_word():
    name = "Γιώργος Νικολάου Παπαδόπουλος Κωνσταντινίδης"

    assert slug_for(name, 30) == "giorgos-nikolaou-papadopoulos"


def test_the_fallback_word_is_the_models_name():
    assert slug_for_model(Tag, "✨").startswith("tag-")


def test_a_taken_slug_gets_the_first_free_number():
    assert first_free("jane-doe", {"jane-doe", "jane-doe-2"}, 200) == "jane-doe-3"


def test_a_numbered_slug_still_fits_the_column_and_ends_on_a_word():
    assert first_free("giorgos-nikolaou", {"giorgos-nikolaou"}, 16) == "giorgos-2"


@given(st.text(max_size=300), st.sampled_from([100, 200, 255]))
def test_any_name_gets_a_valid_slug_that_fits_its_column(name, max_length):
    slug = slug_for(name, max_length)

    assert 0 < len(slug) <= max_length
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)


@given(
    st.text(max_size=300).map(lambda name: slug_for(name, 100)),
    st.sets(st.text(alphabet="abc-23", max_size=12), max_size=20),
)
def test_a_numbered_slug_is_never_taken_and_still_fits(base, taken):
    taken = taken | {base, f"{base}-2"}

    slug = first_free(base, taken, 100)

    assert slug not in taken
    assert len(slug) <= 100
