"""A caption line's two parts: what the picture shows, and who made it.

The export puts the credit at the end of the caption, after its last sentence,
in whichever form the desk that wrote it prefers. A photographer and an agency
are separate facts (one is an Author, the other a name on the Image), so both
are kept apart rather than as one credit string.
"""

import re

from articles.formats.parsed import Credit, ParsedImage

KNOWN_AGENCIES = frozenset(
    name.casefold()
    for name in (
        "Reuters",
        "AP",
        "Associated Press",
        "Getty Images",
        "Belga",
        "DPA",
        "EPA",
        "AFP",
        "ANP",
        "PA",
        "Shutterstock",
        "Alamy",
        "Bloomberg",
        "Xinhua",
        "ANSA",
        "EFE",
        "Kyodo",
        "Sipa",
        "AAP",
    )
)

# A full stop after a lone capital is an initial ("J. Smith"), not a sentence end.
# Chinese and Japanese full stops (and the Arabic question mark) need no space after.
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?][\"'”’»)\]]*(?=\s|$)|[。！？؟][\"'”’»)\]」』]*")
_PARENTHESISED = re.compile(
    r"\s*\(\s*(?:(?:Photo|Credit|Picture|Photograph)\s*:|©)\s*(?P<who>[^()]+?)\s*\)$", re.IGNORECASE
)
_LABELLED = re.compile(
    r"(?:^|\s)(?:(?:Photo|Picture|Image)\s+)?(?:Credit|Photo|Picture|Photograph)s?\s*:\s*"
    r"(?P<who>[^:]+?)$"
)
_COPYRIGHT = re.compile(r"(?:^|\s)©\s*(?P<who>[^©]+?)$")
_SLASH = re.compile(r"\s*/\s*")
_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "le", "la", "ter"}
)
_AGENCY_LINKS = frozenset(("via", "for", "and", "&", "of"))
_MAX_NAME_WORDS = 4
_LIKELY_NAME_WORDS = 2
_MAX_WHO_LENGTH = 100


def split_caption(line: str) -> ParsedImage:
    """The caption (with its final full stop) and the credit at its end, if any."""
    line = line.strip()
    for pattern in (_PARENTHESISED, _LABELLED, _COPYRIGHT):
        match = pattern.search(line)
        if match and (credit := _credit(match["who"])):
            return ParsedImage(caption=line[: match.start()].strip(), credit=credit)
    return _split_bare(line)


def is_agency(who: str) -> bool:
    """All capitals (AFP, EPA-EFE) or a well-known agency's name: not a person."""
    return who.isupper() or who.casefold() in KNOWN_AGENCIES


def credit_from(who: str) -> Credit | None:
    """A credit line alone ("Name / Agency", "AFP", "Name") as its two facts."""
    return _credit(who)


def _credit(who: str) -> Credit | None:
    """``Name / Agency`` gives both; a single name is an agency or a photographer."""
    who = who.strip().rstrip(".").strip()
    if not who or len(who) > _MAX_WHO_LENGTH or _SENTENCE_END.search(who):
        return None
    parts = _SLASH.split(who, maxsplit=1)
    if len(parts) == 2 and all(parts):
        photographer, agency = parts
        if is_agency(photographer):
            if is_agency(agency):
                return Credit(agency=who)
            photographer, agency = agency, photographer
        return Credit(photographer=photographer, agency=agency)
    if is_agency(who):
        return Credit(agency=who)
    return Credit(photographer=who)


def _split_bare(line: str) -> ParsedImage:
    """``… last sentence. Firstname Lastname / AGENCY``, without a label.

    Only a " / " after the caption's last sentence counts, so a slash inside a
    sentence ("the EU / NATO summit in Brussels.") is left alone.
    """
    left, slash, agency = line.rpartition(" / ")
    agency = agency.strip()
    if not slash or not _is_agency_name(agency):
        return ParsedImage(caption=line)
    ends = list(_SENTENCE_END.finditer(left))
    sentence_end = ends[-1].end() if ends else 0
    words = left[sentence_end:].split()
    length = _name_length(words)
    if not length:
        return ParsedImage(caption=line)
    caption = " ".join([left[:sentence_end].strip(), *words[:-length]]).strip()
    photographer = " ".join(words[-length:])
    return ParsedImage(caption=caption, credit=Credit(photographer=photographer, agency=agency))


def _is_capitalised(word: str) -> bool:
    """Starts with a capital, or with a letter of a script without case (Chinese, Arabic…).

    Names in those scripts carry no capital, so in a credit's place they count as one.
    """
    first = word[0]
    return first.isupper() or (first.isalpha() and not first.islower())


def _is_agency_name(text: str) -> bool:
    """A few capitalised words and no sentence end: "AFP", "Getty Images", "AFP via Getty"."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and not _SENTENCE_END.search(text)
        and _is_capitalised(words[0])
        and _is_capitalised(words[-1])
        and all(_is_capitalised(word) or word in _AGENCY_LINKS for word in words)
    )


def _name_length(words: list[str]) -> int:
    """How many of the last words make the photographer's name; 0 when none do.

    A remainder of 1–4 capitalised words (with "van", "de" … between) is the
    name. When caption words run straight into the name ("Rutte in Kyiv Andrii
    Nesterenko"), where the name starts is a guess: the usual two words.
    """
    run = capitals = 0
    for word in reversed(words):
        if _is_capitalised(word):
            capitals += 1
        elif word not in _NAME_PARTICLES:
            break
        run += 1
    while run and not _is_capitalised(words[-run]):
        run -= 1
    if not capitals:
        return 0
    if run == len(words) and capitals <= _MAX_NAME_WORDS:
        return run
    wanted = min(capitals, _LIKELY_NAME_WORDS)
    seen = 0
    for length, word in enumerate(reversed(words), start=1):
        seen += _is_capitalised(word)
        if seen == wanted:
            return length
    return 0
