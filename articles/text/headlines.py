"""One headline, many spellings: the key that recognises it.

Folding can lengthen a headline (``ß`` → ``ss``, ``ﬀ`` → ``ff``, ``ﷺ`` → 18
characters), so the key stored and indexed is a fixed-length digest of the
folded text: every headline the form accepts has a key that fits its column.
"""

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
    }
)
_SPACES = re.compile(r"\s+")


# The length of every key: a SHA-256 in hexadecimal.
HEADLINE_KEY_LENGTH = 64


def fold_headline(headline: str) -> str:
    """Case, spacing, quote and dash style removed: what makes two headlines the same."""
    text = unicodedata.normalize("NFKC", headline).casefold().translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def digest_of_folded(folded: str) -> str:
    """The key of text already folded (``fold_headline``)."""
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def headline_key(headline: str) -> str:
    """Equal for two headlines exactly when their folded forms are; always 64 characters."""
    return digest_of_folded(fold_headline(headline))
