"""What a reader typed, made safe to hand to either database's full-text search.

A query is read as words, "quoted phrases" and -excluded words, the way web
search engines read it. Only runs of letters and digits survive: punctuation,
operators and markup (``' OR 1=1 --``, ``<script>``, ``&&&``) are separators,
so neither database ever sees syntax it could trip over. Both backends are fed
from the same parsed ``Terms``, so both find the same articles.
"""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200

# A quoted phrase, or a run of anything that is neither space nor a quote; "-" excludes.
_PIECE = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+))')
# Letters and digits in any script; underscores and marks of punctuation separate words.
_WORD = re.compile(r"[^\W_]+")
# Control characters (NUL among them) are never part of what anyone meant to search for.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Term:
    """One word, or several that must appear together in this order (a phrase)."""

    words: tuple[str, ...]
    excluded: bool = False


@dataclass(frozen=True)
class Terms:
    """The query as searched: what was kept of the text, and the terms read from it."""

    text: str
    terms: tuple[Term, ...]
    was_cut: bool = False

    @property
    def wanted(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.excluded)

    def __bool__(self) -> bool:
        """A query finds something only if it asks for at least one word."""
        return bool(self.wanted)

    def as_fts5(self) -> str:
        """An FTS5 MATCH expression: every word quoted, so none is read as an operator."""
        wanted = " AND ".join(_fts5_string(term) for term in self.wanted)
        excluded = "".join(f" NOT {_fts5_string(term)}" for term in self.terms if term.excluded)
        return f"({wanted}){excluded}" if wanted else ""

    def as_websearch(self) -> str:
        """Text for PostgreSQL's ``websearch_to_tsquery``, each term quoted the same way."""
        return " ".join(
            ("-" if term.excluded else "") + '"' + " ".join(term.words) + '"' for term in self.terms
        )


def _fts5_string(term: Term) -> str:
    # Words hold letters and digits only, so no double quote needs doubling.
    return '"' + " ".join(term.words) + '"'


def clean_text(raw: str) -> tuple[str, bool]:
    """The query with control characters removed and spaces collapsed, cut to the limit.

    Returns the text and whether it had to be cut.
    """
    text = " ".join(_CONTROL.sub(" ", raw).split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    return text[:MAX_QUERY_LENGTH].rstrip(), True


def parse(raw: str) -> Terms:
    """Read a reader's query into terms; never fails, whatever the text."""
    text, was_cut = clean_text(raw)
    terms: list[Term] = []
    seen: set[Term] = set()
    for piece in _PIECE.finditer(text):
        source = piece["phrase"] if piece["phrase"] is not None else piece["bare"]
        words = tuple(_WORD.findall(source))
        term = Term(words, excluded=bool(piece["minus"]))
        if words and term not in seen:
            seen.add(term)
            terms.append(term)
    return Terms(text, tuple(terms), was_cut)
