"""Words of news prose, marked with what name-finding rules need to know.

Each word knows whether it is capitalised, an acronym or ordinary, whether it
carries a possessive ('s, s'), and whether it opens a sentence (where a capital
says nothing about being a name). Punctuation is kept as tokens: a comma or a
full stop ends a name.
"""

import re
from typing import NamedTuple

_TOKEN = re.compile(
    r"(?P<abbr>(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Mt)\.)"
    r"|(?P<dotted>(?:[A-Z]\.){2,})"
    r"|(?P<initial>[A-Z]\.(?=\s+[A-Z]))"
    r"|(?P<word>[^\W\d_]\w*(?:[-'’]\w+)*(?:(?<=s)['’](?!\w))?)"
    r"|(?P<number>\d[\d.,:]*)"
    r"|(?P<stop>[.!?]+)"
    r"|(?P<mark>\S)"
)
_QUOTES = frozenset("\"“”«»'‘’")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_ARABIC_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|bin|ibn|abu)-[A-Z]")


class Token(NamedTuple):
    """``kind`` is cap, acronym, lower, stop, mark or number."""

    text: str
    kind: str
    lower: str
    initial: bool = False
    possessive: bool = False


def _token(text: str, kind: str, initial: bool = False, possessive: bool = False) -> Token:
    return Token(text, kind, text.lower().rstrip("."), initial, possessive)


def tokenise(text: str) -> list[Token]:
    """The text's tokens, possessive endings stripped into a flag."""
    tokens: list[Token] = []
    # News repeats its words: each distinct word is classified once per text.
    words: dict[tuple[str, bool], Token] = {}
    initial = True
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind in ("abbr", "initial"):
            tokens.append(_token(value, "cap", initial))
        elif kind == "dotted":
            tokens.append(_token(value.replace(".", ""), "acronym", initial))
        elif kind == "word":
            token = words.get((value, initial))
            if token is None:
                possessive = value[-1] in "'’" or value[-2:] in ("'s", "’s")
                stem = value
                if possessive:
                    stem = value[:-1] if value[-1] in "'’" else value[:-2]
                token = _token(stem, _word_kind(stem), initial, possessive)
                words[value, initial] = token
            tokens.append(token)
        else:
            tokens.append(_token(value, kind or "mark"))
            before = text[match.start() - 1] if match.start() else " "
            opening_quote = value in _QUOTES and before.isspace()
            # A quotation opens a sentence, and so does a quote mark closing one.
            initial = (
                kind == "stop" or value == ":" or opening_quote or (initial and value in _QUOTES)
            )
            continue
        initial = False
    return tokens


def _word_kind(word: str) -> str:
    if _ACRONYM.fullmatch(word):
        return "acronym"
    if word.isupper() and len(word) > 1:
        return "mark"  # shouted text, not a name
    if word[0].isupper():
        tail = word.rsplit("-", 1)[-1]
        return "lower" if "-" in word and tail[0].islower() else "cap"  # "Russian-occupied"
    return "cap" if _ARABIC_PARTICLE.match(word) else "lower"
