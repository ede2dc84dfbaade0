"""Slugs from names in any script: transliterated, cut at a word, unique.

A slug is for addresses, never anyone's identity: the importer matches people,
publishers and tags by name, so two people whose names transliterate alike
still get two rows and two slugs. Transliteration is python-slugify's
(text-unidecode's tables): "Γιώργος Νικολάου" becomes ``giorgos-nikolaou``,
"Yıldırım" ``yildirim``, "王伟" ``wang-wei``. A name with nothing to
transliterate (only punctuation or emoji) gets a short digest of itself, so its
slug is never empty and is the same on every run and every site.
"""

import hashlib
import re
import unicodedata
from collections.abc import Container

from django.db import models
from slugify import slugify, smart_truncate

DIGEST_LENGTH = 8
# The longest suffix looked up in one query: "-999999".
_SUFFIX_ROOM = 7
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The form a name is stored and compared in: NFC, single spaces, no ends.

    Case is kept: "Γιώργος Νικολάου" and "ΓΙΩΡΓΟΣ ΝΙΚΟΛΑΟΥ" stay two names,
    because merging two people is the one mistake an editor cannot see.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def slug_for(text: str, max_length: int, fallback: str = "item") -> str:
    """A lowercase ASCII slug of ``text``, at most ``max_length`` long, never empty.

    Cut at a word boundary; a name that transliterates to nothing becomes
    ``<fallback>-<digest of the name>``.
    """
    slug = slugify(text, max_length=max_length, word_boundary=True, save_order=True)
    if slug:
        return slug
    digest = hashlib.sha256(normalise_name(text).encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return _cut(f"{slugify(fallback) or 'item'}-{digest}", max_length)


def slug_for_model(model: type[models.Model], text: str) -> str:
    """``slug_for`` with the model's slug column length and its name as the fallback word."""
    field = model._meta.get_field("slug")
    return slug_for(text, field.max_length, fallback=model._meta.model_name)


def first_free(base: str, taken: Container[str], max_length: int) -> str:
    """``base``, or ``base-2``, ``base-3`` … (cut to fit), whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = _cut(base, max_length - len(suffix)) + suffix
        if candidate not in taken:
            return candidate
        n += 1


def taken_stem(base: str, max_length: int) -> str:
    """The prefix every candidate of ``first_free`` starts with, to fetch them in one query."""
    return _cut(base, max_length - _SUFFIX_ROOM)


def unique_slug(scope: models.QuerySet, base: str) -> str:
    """A slug free in ``scope`` (the rows it must differ from), in one query."""
    max_length = scope.model._meta.get_field("slug").max_length
    stem = taken_stem(base, max_length)
    taken = set(scope.filter(slug__startswith=stem).values_list("slug", flat=True))
    return first_free(base, taken, max_length)


def fill_blank_slug(instance: models.Model, text: str, scope: models.QuerySet) -> None:
    """Give a row saved without a slug one made from ``text``, free in ``scope``.

    Editors may leave the slug empty in the admin, and the browser's own
    transliteration (Django's URLify writes θ as "8") is not the importer's, so
    the server makes it, the same way for every way in.
    """
    if instance.slug:
        return
    if instance.pk is not None:
        scope = scope.exclude(pk=instance.pk)
    instance.slug = unique_slug(scope, slug_for_model(type(instance), text))


def _cut(slug: str, max_length: int) -> str:
    """At most ``max_length`` characters, cut after a whole word when there is one."""
    return smart_truncate(slug, max_length, word_boundary=True, separator="-", save_order=True)
