"""Finding an editor's list of names in an article: whole words, in one pass.

Editors keep tags with their other names ("Volodymyr Zelensky", also
"Zelenskyy"); an imported article gets every tag whose name or alias it
contains. A 1,000-file import cannot afford a regular expression per tag, so
names are kept as tuples of words in a dictionary and the text is walked once,
looking up only the word runs that start like some name.

Whole words: "Ukraine" is not found in "Ukrainian", and a name never spans
punctuation ("Mark. Rutte" is not "Mark Rutte"), but "Kyiv's" and "Kyiv-based"
name Kyiv. Proper names match as written, so the town of Nice is not found in
"a nice day"; kinds named as ``folded`` (topics, which are common nouns like
"climate change") match in any case.
"""

import re
import unicodedata
from collections.abc import Iterable

# A word, or one punctuation mark: names are compared word by word, marks included.
_TOKEN = re.compile(r"\w+|[^\w\s]")
_APOSTROPHES = ("’", "‘", "ʼ")

_Key = tuple[str, ...]


def words_of(text: str) -> _Key:
    """The words and marks of ``text``, the unit names are compared in."""
    text = unicodedata.normalize("NFC", text)
    for apostrophe in _APOSTROPHES:
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    return tuple(_TOKEN.findall(text))


class Vocabulary[T]:
    """Items (tags) known by a kind, a name and aliases; found by name or in running text."""

    def __init__(self, folded: Iterable[str] = ()) -> None:
        self._folded_kinds = frozenset(folded)
        # (kind, words) -> first item with that name; aliases apart, so a name wins.
        self._by_name: dict[tuple[str, _Key], T] = {}
        self._by_alias: dict[tuple[str, _Key], T] = {}
        # words -> items, for running text; the first word alone says whether to look further.
        self._exact: dict[_Key, list[T]] = {}
        self._caseless: dict[_Key, list[T]] = {}
        self._exact_starts: set[str] = set()
        self._caseless_starts: set[str] = set()
        self._lengths: set[int] = set()

    def add(self, item: T, kind: str, name: str, aliases: Iterable[str] = ()) -> None:
        """Know ``item`` by its name and each alias."""
        for phrase, index in ((name, self._by_name), *((a, self._by_alias) for a in aliases)):
            key = self._key(kind, words_of(phrase))
            if not key:
                continue
            index.setdefault((kind, key), item)
            caseless = kind in self._folded_kinds
            found = self._caseless if caseless else self._exact
            items = found.setdefault(key, [])
            if item not in items:
                items.append(item)
            (self._caseless_starts if caseless else self._exact_starts).add(key[0])
            self._lengths.add(len(key))

    def copy(self) -> "Vocabulary[T]":
        """A vocabulary knowing the same items, which can learn more without changing this one."""
        other: Vocabulary[T] = Vocabulary(self._folded_kinds)
        other._by_name, other._by_alias = dict(self._by_name), dict(self._by_alias)
        other._exact = {key: list(items) for key, items in self._exact.items()}
        other._caseless = {key: list(items) for key, items in self._caseless.items()}
        other._exact_starts, other._caseless_starts = (
            set(self._exact_starts),
            set(self._caseless_starts),
        )
        other._lengths = set(self._lengths)
        return other

    def named(self, kind: str, name: str) -> T | None:
        """The item of this kind called ``name``, or known by it as an alias."""
        key = (kind, self._key(kind, words_of(name)))
        found = self._by_name.get(key)
        return found if found is not None else self._by_alias.get(key)

    def mentioned_in(self, texts: Iterable[str]) -> list[T]:
        """Every item whose name or alias the texts contain, in order of first mention."""
        found: dict[int, T] = {}
        if not self._lengths:
            return []
        lengths = sorted(self._lengths)
        for text in texts:
            tokens = words_of(text)
            folded = tuple(token.casefold() for token in tokens) if self._caseless else ()
            for i, token in enumerate(tokens):
                if token in self._exact_starts:
                    self._collect(self._exact, tokens, i, lengths, found)
                if folded and folded[i] in self._caseless_starts:
                    self._collect(self._caseless, folded, i, lengths, found)
        return list(found.values())

    def _key(self, kind: str, key: _Key) -> _Key:
        if kind in self._folded_kinds:
            return tuple(word.casefold() for word in key)
        return key

    @staticmethod
    def _collect[U](
        index: dict[_Key, list[U]], tokens: _Key, i: int, lengths: list[int], found: dict[int, U]
    ) -> None:
        for length in lengths:
            if i + length > len(tokens):
                break
            for item in index.get(tokens[i : i + length], ()):
                found.setdefault(id(item), item)
